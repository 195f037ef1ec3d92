import type { Stage } from '@rampart/core';

/**
 * The scope of a scan (DESIGN.md, "Scope of a full scan"): `main`, `production`, or for the
 * dev/pr family the branch (`branch:<name>`, else `pr:<number>` when only the pull request
 * is known), so two open pull requests never close each other's findings. The scanner kind
 * is the other half of the scope; it is per finding, not per scan.
 * @example scopeOf('pr', 'feature/login') // 'branch:feature/login'
 */
export function scopeOf(
  stage: Stage,
  branch?: string | undefined,
  pullRequest?: number | undefined,
): string {
  if (stage === 'main' || stage === 'production') return stage;
  if (branch !== undefined && branch !== '') return `branch:${branch}`;
  if (pullRequest !== undefined) return `pr:${pullRequest}`;
  return 'branch:';
}

/** Whether a scope is a dev/pr one (a branch or pull request), not `main` or `production`. */
export function isBranchScope(scope: string): boolean {
  return scope !== 'main' && scope !== 'production';
}
