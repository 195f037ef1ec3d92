import type { PavedRoadOutcome, ScanTarget } from '@rampart/core';
import type { PavedRoadReport } from '../paved-road/evaluate.js';

/** A paved-road evaluation with the hash of the policy text it used. */
export interface PavedRoadEvaluation {
  readonly report: PavedRoadReport;
  /** Hex SHA-256 of the policy file's bytes. */
  readonly sha256: string;
}

/** The violations a report keeps per check (the schema's limit). */
const MAX_VIOLATIONS = 20;
const MAX_TEXT = 2000;

const clip = (text: string, max: number) => (text.length > max ? text.slice(0, max) : text);

/**
 * A paved-road report as the JSON report's `posture.pavedRoad`: each check with its first 20
 * violations (message, remediation, and the file and line of a code site) and how many there
 * were in all.
 */
export function pavedRoadOutcome(evaluation: PavedRoadEvaluation): PavedRoadOutcome {
  const { report, sha256 } = evaluation;
  return {
    policy: {
      ...(report.policy.name === undefined ? {} : { name: clip(report.policy.name, 500) }),
      source: clip(report.policy.source, 2048),
      sha256,
    },
    score: report.score,
    checks: report.checks.slice(0, 50).map((check) => ({
      id: check.id,
      status: check.status,
      summary: clip(check.summary, MAX_TEXT),
      violationCount: check.violations.length,
      violations: check.violations.slice(0, MAX_VIOLATIONS).map((v) => ({
        message: clip(v.message, MAX_TEXT),
        remediation: clip(v.remediation, MAX_TEXT),
        ...(v.site?.kind === 'code' && v.site.path.length <= 1024
          ? { path: v.site.path, line: Math.max(1, v.site.line) }
          : {}),
        ...(v.site?.kind === 'package' && v.site.dependency.manifestPath.length <= 1024
          ? { path: v.site.dependency.manifestPath }
          : {}),
      })),
    })),
  };
}

// The iac scanner evaluates the policy for its findings; the CLI puts the same evaluation in
// the report's posture. Keyed by the target object (one scan's snapshot), so the policy is
// read and judged once per scan, and the entry goes away with the target.
const evaluations = new WeakMap<ScanTarget, Promise<PavedRoadEvaluation>>();

/**
 * Keeps the paved-road evaluation of a full scan of `target` (the iac scanner calls it), so
 * that {@link pavedRoadEvaluationOf} can hand it to the report without judging again.
 */
export function rememberPavedRoadEvaluation(
  target: ScanTarget,
  evaluation: Promise<PavedRoadEvaluation>,
): void {
  // Whoever reads it handles a failure; an unread rejection must not crash the process.
  evaluation.catch(() => {});
  evaluations.set(target, evaluation);
}

/**
 * The paved-road evaluation the iac scanner made of this target in a full scan, or undefined
 * when it made none (no `pavedRoad:` in rampart.yml, the iac scanner did not run, or the scan
 * covered only part of the repository). Rejects when the evaluation failed (e.g. the policy
 * could not be loaded; the scanner has reported that already).
 */
export function pavedRoadEvaluationOf(
  target: ScanTarget,
): Promise<PavedRoadEvaluation> | undefined {
  return evaluations.get(target);
}
