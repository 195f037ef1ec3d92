export * from './errors.js';
export * from './finding/cvss.js';
export * from './finding/finding.js';
export * from './finding/severity.js';
export * from './logger.js';
export * from './progress.js';
