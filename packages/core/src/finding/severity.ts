import { z } from 'zod';

/** Severities from most to least severe. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;

/** How bad a finding is if it is real. */
export type Severity = (typeof SEVERITIES)[number];

/** Runtime schema for {@link Severity}. */
export const SeveritySchema = z.enum(SEVERITIES);

const RANK: Readonly<Record<Severity, number>> = {
  critical: 4,
  high: 3,
  medium: 2,
  low: 1,
  info: 0,
};

/** A number that orders severities: critical is 4, info is 0. */
export function severityRank(severity: Severity): number {
  return RANK[severity];
}

/**
 * Comparator that sorts the most severe first.
 * @example findings.sort((a, b) => compareSeverity(a.severity, b.severity))
 */
export function compareSeverity(a: Severity, b: Severity): number {
  return RANK[b] - RANK[a];
}

/** True when `severity` is at least as severe as `threshold`. */
export function isAtLeast(severity: Severity, threshold: Severity): boolean {
  return RANK[severity] >= RANK[threshold];
}

/**
 * The CVSS qualitative rating of a score (the same table in v3.1 and v4.0):
 * 0.0 none (our `info`), 0.1–3.9 low, 4.0–6.9 medium, 7.0–8.9 high, 9.0–10.0 critical.
 */
export function severityFromScore(score: number): Severity {
  if (!Number.isFinite(score) || score < 0 || score > 10) {
    throw new RangeError(`a CVSS score is between 0 and 10, got ${score}`);
  }
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  if (score > 0) return 'low';
  return 'info';
}

/**
 * A representative numeric score for a severity, as GitHub's `security-severity` reads it
 * (critical > 9.0, high 7.0–8.9, medium 4.0–6.9, low 0.1–3.9).
 */
export function scoreForSeverity(severity: Severity): number {
  switch (severity) {
    case 'critical':
      return 9.5;
    case 'high':
      return 8.0;
    case 'medium':
      return 5.5;
    case 'low':
      return 2.0;
    case 'info':
      return 0.0;
  }
}
