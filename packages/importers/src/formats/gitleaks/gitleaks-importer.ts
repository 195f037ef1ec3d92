import type { FindingDraft } from '@rampart/core';
import { z } from 'zod';
import type { Importer } from '../../importer.js';
import { region, reportPath, titleFromId, toolRuleId } from '../../support/draft-fields.js';
import { isRecord, readJsonReport } from '../../support/json-report.js';
import { secretDraft } from '../../support/secret-draft.js';

const FORMAT = 'gitleaks JSON report';

const text = z.string().nullish();

const Leak = z.object({
  RuleID: z.string().min(1),
  Description: text,
  StartLine: z.number().int().min(0),
  EndLine: z.number().int().min(0),
  StartColumn: z.number().int().min(0),
  EndColumn: z.number().int().min(0),
  Match: z.string(),
  Secret: z.string(),
  File: z.string().min(1),
  Commit: text,
  Link: text,
  Entropy: z.number().nullish(),
  Tags: z.array(z.string()).nullish(),
  Fingerprint: text,
});

// gitleaks writes `[]` when it finds nothing; some versions wrote `null`.
const GitleaksReport = z.array(Leak).nullable();

type Leak = z.output<typeof Leak>;

/** What `--redact` leaves of a secret: `REDACTED`, or (`--redact=N`) a prefix and `...`. */
function redactedByTool(secret: string): boolean {
  return secret === 'REDACTED' || secret.endsWith('...');
}

function toDraft(leak: Leak): FindingDraft {
  const value = leak.Secret === '' ? leak.Match : leak.Secret;
  const properties: Record<string, string | number> = {};
  if (leak.Commit) properties.commit = leak.Commit;
  if (leak.Link) properties.link = leak.Link;
  if (typeof leak.Entropy === 'number') properties.entropy = leak.Entropy;
  // gitleaks' own id of the finding: what a `.gitleaksignore` line names.
  if (leak.Fingerprint) properties.gitleaksFingerprint = leak.Fingerprint;
  if (leak.Description?.trim()) properties.description = leak.Description.trim();
  return secretDraft({
    ruleId: toolRuleId('gitleaks', leak.RuleID),
    tool: { name: 'gitleaks', version: '' },
    title: titleFromId(leak.RuleID),
    // gitleaks has no severities: a leaked credential is high, as Rampart's own detectors
    // rate most of theirs; a regex and entropy match is not verified, so medium confidence.
    severity: 'high',
    confidence: 'medium',
    path: reportPath(leak.File),
    // gitleaks' columns are 1-based and its end column is inclusive.
    region: region(leak.StartLine, leak.StartColumn, leak.EndLine, leak.EndColumn + 1),
    value: redactedByTool(value) ? undefined : value,
    context: redactedByTool(value) ? maskRedacted(leak.Match, value) : leak.Match,
    commit: leak.Commit ?? undefined,
    tags: leak.Tags ?? [],
    properties: redactedByTool(value) ? { ...properties, redactedByTool: true } : properties,
  });
}

/** A partly redacted secret (`--redact=20` keeps 80% of it) is still mostly the secret. */
function maskRedacted(match: string, shown: string): string {
  return shown === 'REDACTED' ? match : match.split(shown).join('REDACTED');
}

/**
 * gitleaks' JSON report (`gitleaks detect --report-format json`, `gitleaks dir|git`): an
 * array of findings. Each becomes a secrets finding whose secret is kept only as a hash and a
 * preview (`Secret`, `Match`, `Line` are never kept in clear). A report written with
 * `--redact` has no secret left to hash: its findings carry no `secret` and say so in
 * `properties.redactedByTool`.
 */
export const gitleaksImporter: Importer = {
  id: 'gitleaks',
  description: 'gitleaks JSON report (--report-format json)',
  detect(_text, json) {
    if (!Array.isArray(json)) return false;
    const first: unknown = json[0];
    return (
      isRecord(first) &&
      typeof first.RuleID === 'string' &&
      'StartLine' in first &&
      'File' in first &&
      'Secret' in first
    );
  },
  parse(text, { file }) {
    return (readJsonReport(text, file, FORMAT, GitleaksReport) ?? []).map(toDraft);
  },
};
