import type { FailOn } from '../config/config-schema.js';
import type { Finding } from '../finding/finding.js';
import { compareSeverity, isAtLeast, SEVERITIES, type Severity } from '../finding/severity.js';

/** The gate's decision, with everything needed to explain it. */
export interface GateDecision {
  readonly passed: boolean;
  readonly threshold: FailOn;
  /** The findings that failed the gate, most severe first. */
  readonly failing: readonly Finding[];
  /** How many findings were not counted because they already existed (baseline or diff base). */
  readonly ignoredExisting: number;
  /** One human sentence: why it passed or failed. */
  readonly summary: string;
}

function countBySeverity(findings: readonly Finding[]): string {
  const counts = new Map<Severity, number>();
  for (const f of findings) counts.set(f.severity, (counts.get(f.severity) ?? 0) + 1);
  return SEVERITIES.filter((s) => counts.has(s))
    .map((s) => `${counts.get(s)} ${s}`)
    .join(', ');
}

/**
 * Decides whether the build passes: it fails when a finding that is not marked `existing`
 * is at or above the threshold. `never` only reports.
 */
export function evaluateGate(findings: readonly Finding[], threshold: FailOn): GateDecision {
  const counted = findings.filter((f) => f.novelty !== 'existing');
  const ignoredExisting = findings.length - counted.length;
  if (threshold === 'never') {
    return {
      passed: true,
      threshold,
      failing: [],
      ignoredExisting,
      summary: `gate passed: --fail-on never only reports (${findings.length} finding${findings.length === 1 ? '' : 's'})`,
    };
  }
  const failing = counted
    .filter((f) => isAtLeast(f.severity, threshold))
    .sort((a, b) => compareSeverity(a.severity, b.severity));
  const existingNote =
    ignoredExisting > 0 ? `; ${ignoredExisting} existing finding(s) not counted` : '';
  const summary =
    failing.length === 0
      ? `gate passed: no new finding at or above ${threshold}${existingNote}`
      : `gate failed: ${failing.length} finding${failing.length === 1 ? '' : 's'} at or above ${threshold} (${countBySeverity(failing)})${existingNote}`;
  return { passed: failing.length === 0, threshold, failing, ignoredExisting, summary };
}
