export { changedFilesSince, type GitFacts, readGitFacts } from './git.js';
export { createScanTarget } from './scan-target.js';
export { DEFAULT_MAX_FILE_BYTES, type WalkOptions, type WalkResult, walkFiles } from './walker.js';
