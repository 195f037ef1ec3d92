import type { Confidence, FindingDraft, Severity } from '@rampart/core';
import { z } from 'zod';
import type { Importer } from '../../importer.js';
import {
  CREDENTIAL_CWES,
  cweIds,
  distinctStrings,
  listOf,
  maskStringLiterals,
  owaspOf,
  region,
  reportPath,
  snippetOf,
  titleFromId,
  toolRuleId,
} from '../../support/draft-fields.js';
import { isRecord, readJsonReport } from '../../support/json-report.js';

const FORMAT = 'Semgrep JSON report';

/**
 * Semgrep's severities → Rampart's, as Rampart's own Semgrep-rule loader maps them: the
 * classic ERROR/WARNING/INFO are high/medium/low; the newer CRITICAL/HIGH/MEDIUM/LOW keep
 * their names; INVENTORY and EXPERIMENT (not findings of a problem) are info; anything else
 * is medium.
 */
const SEVERITY: Readonly<Record<string, Severity>> = {
  CRITICAL: 'critical',
  ERROR: 'high',
  HIGH: 'high',
  WARNING: 'medium',
  MEDIUM: 'medium',
  INFO: 'low',
  LOW: 'low',
  INVENTORY: 'info',
  EXPERIMENT: 'info',
};

const CONFIDENCE: Readonly<Record<string, Confidence>> = {
  HIGH: 'high',
  MEDIUM: 'medium',
  LOW: 'low',
};

const Position = z.object({
  line: z.number().int().min(0),
  col: z.number().int().min(0),
});

const StringOrList = z.union([z.string(), z.array(z.unknown())]).nullish();

const SemgrepResult = z.object({
  check_id: z.string().min(1),
  path: z.string().min(1),
  start: Position,
  end: Position,
  extra: z.object({
    message: z.string(),
    severity: z.string(),
    lines: z.string().nullish(),
    fix: z.string().nullish(),
    is_ignored: z.boolean().nullish(),
    sca_info: z.unknown().optional(),
    metadata: z
      .looseObject({
        cwe: StringOrList,
        owasp: StringOrList,
        references: StringOrList,
        confidence: z.string().nullish(),
        source: z.string().nullish(),
        category: z.string().nullish(),
        likelihood: z.string().nullish(),
        impact: z.string().nullish(),
      })
      .nullish(),
  }),
});

const SemgrepReport = z.object({
  version: z.string().nullish(),
  results: z.array(SemgrepResult),
  errors: z.array(z.unknown()),
});

type SemgrepResult = z.output<typeof SemgrepResult>;

/** Semgrep writes `requires login` instead of the matched lines when not logged in. */
const NO_LINES = 'requires login';

function toDraft(result: SemgrepResult, version: string): FindingDraft {
  const { extra } = result;
  const metadata = extra.metadata ?? {};
  const cwe = cweIds(listOf(metadata.cwe));
  const owasp = owaspOf(listOf(metadata.owasp), cwe);
  const credential = cwe.some((id) => CREDENTIAL_CWES.has(id));
  // A hard-coded credential rule matched the credential: no string literal is kept in clear.
  const shown = credential ? maskStringLiterals : (text: string) => text;
  const title = titleFromId(result.check_id);
  const message = extra.message.trim() === '' ? title : shown(extra.message.trim());
  const lines = extra.lines === NO_LINES ? undefined : snippetOf(extra.lines);
  const references = distinctStrings([...listOf(metadata.references), metadata.source]);
  const properties = Object.fromEntries(
    (['category', 'likelihood', 'impact'] as const).flatMap((key) => {
      const value = metadata[key];
      return typeof value === 'string' ? [[key, value]] : [];
    }),
  );
  return {
    ruleId: toolRuleId('semgrep', result.check_id),
    // Semgrep Supply Chain results carry `sca_info`: a vulnerable dependency, not code.
    scanner: extra.sca_info === undefined ? 'sast' : 'sca',
    tool: { name: 'semgrep', version },
    title,
    message,
    severity: SEVERITY[extra.severity.toUpperCase()] ?? 'medium',
    confidence: CONFIDENCE[(metadata.confidence ?? '').toUpperCase()] ?? 'medium',
    cwe,
    ...(owasp === undefined ? {} : { owasp }),
    location: {
      kind: 'code',
      path: reportPath(result.path),
      // Semgrep's columns are 1-based and its end column is already exclusive.
      region: region(result.start.line, result.start.col, result.end.line, result.end.col),
      ...(lines === undefined ? {} : { snippet: shown(lines) }),
    },
    ...(extra.fix === undefined || extra.fix === null || extra.fix.trim() === ''
      ? {}
      : { remediation: `Suggested fix: \`${shown(extra.fix.trim())}\`` }),
    references,
    tags: ['semgrep'],
    ...(Object.keys(properties).length === 0 ? {} : { properties }),
  };
}

/**
 * Semgrep's JSON output (`semgrep scan --json`): one finding per result, rule ids prefixed
 * `semgrep/`. Results Semgrep marks `is_ignored` (a `nosemgrep` comment, kept with
 * `--disable-nosem`) are suppressed and left out; `errors` (files Semgrep could not parse)
 * are not findings and are left out too.
 */
export const semgrepImporter: Importer = {
  id: 'semgrep',
  description: 'Semgrep JSON output (semgrep scan --json)',
  detect(_text, json) {
    if (!isRecord(json) || !Array.isArray(json.results) || !Array.isArray(json.errors)) {
      return false;
    }
    if ('generated_at' in json || 'metrics' in json) return false; // Bandit's shape
    const first: unknown = json.results[0];
    return first === undefined
      ? isRecord(json.paths) && Array.isArray(json.paths.scanned)
      : isRecord(first) && typeof first.check_id === 'string';
  },
  parse(text, { file }) {
    const report = readJsonReport(text, file, FORMAT, SemgrepReport);
    const version = report.version ?? '';
    return report.results
      .filter((result) => result.extra.is_ignored !== true)
      .map((result) => toDraft(result, version));
  },
};
