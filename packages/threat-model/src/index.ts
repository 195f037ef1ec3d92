export * from './diagram/index.js';
export * from './evaluate.js';
export * from './json-schema.js';
export * from './load-model.js';
export * from './model-schema.js';
export * from './model-view.js';
export * from './rules/index.js';
export * from './types.js';
