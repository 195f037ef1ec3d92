export * from './config-json-schema.js';
export * from './config-loader.js';
export * from './config-schema.js';
export * from './yaml-schema.js';
