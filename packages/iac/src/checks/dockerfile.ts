import type { Check } from '../check.js';
import { dockerImageNotPinned } from './docker-image-not-pinned/index.js';
import { dockerRunsAsRoot } from './docker-runs-as-root/index.js';

/** The Dockerfile checks. */
export const DOCKERFILE_CHECKS: readonly Check<'dockerfile'>[] = [
  dockerRunsAsRoot,
  dockerImageNotPinned,
];
