export {
  changedFilesSince,
  type GitFacts,
  mergeBaseOf,
  readFilesAt,
  readGitFacts,
  stagedFiles,
  verifyCommitRef,
} from './git.js';
export { type GitRun, runGit } from './run-git.js';
export {
  createScanTarget,
  DEFAULT_TEXT_CACHE_BYTES,
  type ScanTargetOptions,
} from './scan-target.js';
export { DEFAULT_MAX_FILE_BYTES, type WalkOptions, type WalkResult, walkFiles } from './walker.js';
