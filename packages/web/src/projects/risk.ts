import type { OpenBySeverity } from '../api/org-types.js';
import { SEVERITIES, type Severity } from '../api/types.js';

/** The open findings of each severity, most severe first, zero for the ones absent. */
export function severityCounts(open: OpenBySeverity | undefined): [Severity, number][] {
  return SEVERITIES.map((s) => [s, open?.[s] ?? 0]);
}

/** All open findings: the hub's `total`, else the sum over the severities. */
export function totalOpen(open: OpenBySeverity | undefined): number {
  return open?.total ?? severityCounts(open).reduce((sum, [, n]) => sum + n, 0);
}

/**
 * Orders by risk, riskiest first: more open critical findings first, then more high ones,
 * and so on down the severities (one critical outweighs any number of high ones); an
 * unknown risk (no summary) last.
 */
export function compareRisk(a: OpenBySeverity | undefined, b: OpenBySeverity | undefined): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1;
  for (const s of SEVERITIES) {
    const diff = (b[s] ?? 0) - (a[s] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** Adds open counts by severity (a team's projects, say). */
export function addOpen(a: OpenBySeverity, b: OpenBySeverity | undefined): OpenBySeverity {
  if (b === undefined) return a;
  const sum: Partial<Record<Severity | 'total', number>> = { ...a };
  for (const s of [...SEVERITIES, 'total'] as const) {
    const n = b[s];
    if (n !== undefined) sum[s] = (sum[s] ?? 0) + n;
  }
  return sum;
}
