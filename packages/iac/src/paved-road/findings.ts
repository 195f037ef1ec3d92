import type { FindingDraft } from '@rampart/core';
import { packageVersion } from '@rampart/core';
import { packageLocation } from '@rampart/sca/dependencies';
import { PAVED_ROAD_CHECKS } from './checks.js';
import type { PavedRoadReport, Violation } from './evaluate.js';

const TOOL = { name: 'rampart', version: packageVersion(import.meta.url) };

/** A violation as a finding (`paved-road/<check>`); undefined when it has no place to point at. */
export function violationDraft(
  violation: Violation,
  lines: (path: string) => readonly string[] | undefined,
  references: readonly string[] = [],
): FindingDraft | undefined {
  const meta = PAVED_ROAD_CHECKS[violation.check];
  const site = violation.site;
  if (!site) return undefined;
  const base = {
    ruleId: `paved-road/${meta.id}`,
    scanner: 'iac' as const,
    tool: TOOL,
    title: meta.title,
    message: violation.message,
    severity: violation.severity,
    confidence: 'high' as const,
    cwe: [...meta.cwe],
    remediation: violation.remediation,
    references: [...references],
    tags: ['iac', 'paved-road'],
  };
  if (site.kind === 'package') {
    return { ...base, location: packageLocation(site.dependency, []) };
  }
  const text = lines(site.path)?.[site.line - 1] ?? '';
  return {
    ...base,
    location: {
      kind: 'code',
      path: site.path,
      region: {
        startLine: site.line,
        startColumn: site.column ?? 1,
        endLine: site.line,
        endColumn: Math.max(text.length + 1, (site.column ?? 1) + 1),
      },
      snippet: text.slice(0, 300),
    },
  };
}

/** Every violation of a report that has a place to point at, as findings. */
export async function reportDrafts(
  report: PavedRoadReport,
  readText: (path: string) => Promise<string>,
): Promise<FindingDraft[]> {
  const texts = new Map<string, readonly string[]>();
  for (const check of report.checks) {
    for (const v of check.violations) {
      if (v.site?.kind !== 'code' || texts.has(v.site.path)) continue;
      texts.set(
        v.site.path,
        await readText(v.site.path).then(
          (t) => t.split('\n'),
          () => [],
        ),
      );
    }
  }
  const references = report.policy.docs ? [report.policy.docs] : [];
  return report.checks.flatMap((check) =>
    check.violations.flatMap((v) => {
      const draft = violationDraft(v, (path) => texts.get(path), references);
      return draft ? [draft] : [];
    }),
  );
}
