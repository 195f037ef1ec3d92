import type { Confidence, FindingDraft, ScannerKind, Severity } from '@rampart/core';
import { z } from 'zod';
import type { Importer } from '../../importer.js';
import {
  distinctStrings,
  region,
  reportPath,
  snippetOf,
  toolRuleId,
} from '../../support/draft-fields.js';
import { isRecord, readJsonReport } from '../../support/json-report.js';

const FORMAT = 'Checkov JSON report';

/**
 * Checkov's severities (set when it runs with a Prisma Cloud key) keep their names; without
 * one Checkov reports `null`, read as medium: a failed policy check, of unknown weight.
 */
const SEVERITY: Readonly<Record<string, Severity>> = {
  CRITICAL: 'critical',
  HIGH: 'high',
  MEDIUM: 'medium',
  LOW: 'low',
  INFO: 'info',
};

const FailedCheck = z.object({
  check_id: z.string().min(1),
  bc_check_id: z.string().nullish(),
  check_name: z.string(),
  file_path: z.string().min(1),
  file_abs_path: z.string().nullish(),
  file_line_range: z.array(z.number().int()).min(1).max(2).nullish(),
  resource: z.string().nullish(),
  severity: z.string().nullish(),
  guideline: z.string().nullish(),
  code_block: z.array(z.tuple([z.number().int(), z.string()])).nullish(),
  check_result: z.object({ evaluated_keys: z.array(z.string()).nullish() }).nullish(),
});

const CheckovRun = z.object({
  check_type: z.string().min(1),
  results: z.object({ failed_checks: z.array(FailedCheck).nullish() }),
  summary: z.object({ checkov_version: z.string().nullish() }).nullish(),
});

// What Checkov prints instead of a run when it found nothing to scan.
const EmptySummary = z.object({
  passed: z.number(),
  failed: z.number(),
  checkov_version: z.string().nullish(),
});

const CheckovReport = z.union([
  CheckovRun,
  EmptySummary,
  z.array(z.union([CheckovRun, EmptySummary])),
]);

type CheckovRun = z.output<typeof CheckovRun>;
type FailedCheck = z.output<typeof FailedCheck>;

/** Checkov's frameworks that are not infrastructure as code. */
function scannerOf(checkType: string): ScannerKind {
  if (checkType === 'secrets') return 'secrets';
  if (checkType.startsWith('sca_')) return 'sca';
  return 'iac';
}

/**
 * Checkov writes `file_path` relative to the scanned folder with a leading `/`
 * (`/network/sg.tf`); only when it equals the absolute path (a file given with `-f`) is it
 * really absolute.
 */
function checkPath(check: FailedCheck): string {
  const path = check.file_path;
  const relative =
    path.startsWith('/') && (check.file_abs_path ?? '') !== path ? path.slice(1) : path;
  return reportPath(relative);
}

function toDraft(check: FailedCheck, checkType: string, version: string): FindingDraft {
  const scanner = scannerOf(checkType);
  const [from = 1, to = from] = check.file_line_range ?? [];
  const block = check.code_block ?? [];
  const lastLine = block[block.length - 1]?.[1]?.replace(/[\r\n]+$/, '');
  const snippet = snippetOf(block.map(([, text]) => text).join(''));
  const title = check.check_name.trim() === '' ? check.check_id : check.check_name.trim();
  const resource = check.resource?.trim() ?? '';
  const confidence: Confidence = scanner === 'secrets' ? 'medium' : 'high';
  const properties: Record<string, string | string[]> = { checkType };
  if (resource !== '') properties.resource = resource;
  if (check.bc_check_id) properties.bcCheckId = check.bc_check_id;
  const keys = check.check_result?.evaluated_keys ?? [];
  if (keys.length > 0) properties.evaluatedKeys = [...keys];
  return {
    ruleId: toolRuleId('checkov', check.check_id),
    scanner,
    tool: { name: 'checkov', version },
    title,
    // Dockerfile "resources" are the file's own path (`/Dockerfile.`): no news in a message.
    message:
      resource === '' || resource.startsWith('/')
        ? `${title.replace(/\.$/, '')}.`
        : `${resource}: ${title.replace(/\.$/, '')}.`,
    severity: SEVERITY[(check.severity ?? '').toUpperCase()] ?? 'medium',
    confidence,
    // Checkov's checks carry no CWE; its secrets checks are hard-coded credentials.
    cwe: scanner === 'secrets' ? ['CWE-798'] : [],
    ...(scanner === 'secrets' ? { owasp: 'A07:2021' } : {}),
    location: {
      kind: 'code',
      path: checkPath(check),
      // A whole block: to the end of its last line when the report shows it.
      region: region(from, 1, to, lastLine === undefined ? undefined : lastLine.length + 1),
      // Checkov masks the secrets its secrets checks show in `code_block`.
      ...(snippet === undefined ? {} : { snippet }),
    },
    references: distinctStrings([check.guideline]),
    tags: ['checkov', checkType],
    properties,
  };
}

/**
 * Checkov's JSON report (`checkov -o json`): one object, or an array of one per framework
 * (terraform, kubernetes, dockerfile, secrets…). Each failed check becomes a finding with rule
 * id `checkov/CKV_AWS_20` over the resource's lines; passed and skipped checks are not
 * findings. Secrets checks are `secrets` findings and `sca_*` checks `sca` ones, the rest IaC.
 */
export const checkovImporter: Importer = {
  id: 'checkov',
  description: 'Checkov JSON report (checkov -o json)',
  detect(_text, json) {
    const first: unknown = Array.isArray(json) ? json[0] : json;
    if (!isRecord(first)) return false;
    if (typeof first.check_type === 'string' && isRecord(first.results)) return true;
    return 'checkov_version' in first && typeof first.passed === 'number';
  },
  parse(text, { file }) {
    const report = readJsonReport(text, file, FORMAT, CheckovReport);
    const runs = (Array.isArray(report) ? report : [report]).filter(
      (run): run is CheckovRun => 'check_type' in run,
    );
    return runs.flatMap((run) =>
      (run.results.failed_checks ?? []).map((check) =>
        toDraft(check, run.check_type, run.summary?.checkov_version ?? ''),
      ),
    );
  },
};
