import type { Check } from '../check.js';

/** The GitHub Actions workflow checks. */
export const GITHUB_ACTIONS_CHECKS: readonly Check<'github-actions'>[] = [];
