import type { Confidence, FindingDraft, Severity } from '@rampart/core';
import { z } from 'zod';
import type { Importer } from '../../importer.js';
import {
  CREDENTIAL_CWES,
  cweIds,
  distinctStrings,
  maskStringLiterals,
  owaspOf,
  region,
  reportPath,
  snippetOf,
  titleFromId,
  toolRuleId,
} from '../../support/draft-fields.js';
import { isRecord, readJsonReport } from '../../support/json-report.js';

const FORMAT = 'Bandit JSON report';

/** Bandit's three severities keep their names; UNDEFINED (a plugin that set none) is info. */
const SEVERITY: Readonly<Record<string, Severity>> = {
  HIGH: 'high',
  MEDIUM: 'medium',
  LOW: 'low',
  UNDEFINED: 'info',
};

/** Bandit's confidence keeps its name; UNDEFINED is low. */
const CONFIDENCE: Readonly<Record<string, Confidence>> = {
  HIGH: 'high',
  MEDIUM: 'medium',
  LOW: 'low',
  UNDEFINED: 'low',
};

const Level = z.enum(['HIGH', 'MEDIUM', 'LOW', 'UNDEFINED']);

const BanditResult = z.object({
  test_id: z.string().min(1),
  test_name: z.string(),
  filename: z.string().min(1),
  line_number: z.number().int().min(0),
  line_range: z.array(z.number().int()).nullish(),
  col_offset: z.number().int().min(0).nullish(),
  end_col_offset: z.number().int().min(0).nullish(),
  issue_severity: Level,
  issue_confidence: Level,
  issue_cwe: z.object({ id: z.number().int().min(0), link: z.string().nullish() }).nullish(),
  issue_text: z.string(),
  code: z.string().nullish(),
  more_info: z.string().nullish(),
});

const BanditReport = z.object({
  results: z.array(BanditResult),
  errors: z.array(z.unknown()).nullish(),
});

type BanditResult = z.output<typeof BanditResult>;

/** Bandit's `code` is the lines around the issue, each behind its number: keep the issue's. */
function issueLines(code: string | null | undefined, from: number, to: number): string | undefined {
  if (code === undefined || code === null) return undefined;
  const lines = code.split('\n').flatMap((line) => {
    const match = /^(\d+)[ \t](.*)$/.exec(line);
    const n = Number(match?.[1]);
    return match !== null && n >= from && n <= to ? [match[2] ?? ''] : [];
  });
  return snippetOf(lines.join('\n'));
}

function toDraft(result: BanditResult): FindingDraft {
  const cwe = cweIds([result.issue_cwe?.id]);
  const owasp = owaspOf([], cwe);
  // B105–B107 quote the password they found: no string literal is kept in clear.
  const shown = cwe.some((id) => CREDENTIAL_CWES.has(id))
    ? maskStringLiterals
    : (text: string) => text;
  const range = result.line_range ?? [];
  const startLine = Math.max(1, result.line_number);
  const endLine = Math.max(startLine, ...range);
  const snippet = issueLines(result.code, startLine, endLine);
  // Every B3xx/B4xx test is named `blacklist`: say what that means.
  const title =
    result.test_name === 'blacklist'
      ? 'Blacklisted call or import'
      : titleFromId(result.test_name || result.test_id);
  return {
    ruleId: toolRuleId('bandit', result.test_id),
    scanner: 'sast',
    tool: { name: 'bandit', version: '' },
    title,
    message: result.issue_text.trim() === '' ? title : shown(result.issue_text.trim()),
    severity: SEVERITY[result.issue_severity] ?? 'medium',
    confidence: CONFIDENCE[result.issue_confidence] ?? 'medium',
    cwe,
    ...(owasp === undefined ? {} : { owasp }),
    location: {
      kind: 'code',
      path: reportPath(result.filename),
      // Bandit's columns are Python AST offsets: 0-based, the end one exclusive.
      region: region(
        startLine,
        (result.col_offset ?? 0) + 1,
        endLine,
        result.end_col_offset === undefined || result.end_col_offset === null
          ? undefined
          : result.end_col_offset + 1,
      ),
      ...(snippet === undefined ? {} : { snippet: shown(snippet) }),
    },
    references: distinctStrings([result.more_info, result.issue_cwe?.link]),
    tags: ['bandit', 'python'],
  };
}

/**
 * Bandit's JSON report (`bandit -r . -f json`): one finding per result, rule ids
 * `bandit/B602`. The report's `errors` (files Bandit could not parse) are not findings and
 * are left out. Bandit states no version in its report.
 */
export const banditImporter: Importer = {
  id: 'bandit',
  description: 'Bandit JSON report (bandit -f json)',
  detect(_text, json) {
    if (!isRecord(json) || !Array.isArray(json.results)) return false;
    if (!isRecord(json.metrics) || typeof json.generated_at !== 'string') return false;
    const first: unknown = json.results[0];
    return first === undefined || (isRecord(first) && typeof first.test_id === 'string');
  },
  parse(text, { file }) {
    return readJsonReport(text, file, FORMAT, BanditReport).results.map(toDraft);
  },
};
