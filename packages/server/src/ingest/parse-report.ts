import {
  assignFingerprints,
  type Finding,
  type FindingDraft,
  FindingSchema,
  fromSarif,
  isRampartError,
  type Posture,
  type ScannerKind,
  ScanReportSchema,
  type Stage,
} from '@rampart/core';
import { invalidReport } from './read-upload.js';

/** What the hub reads from an uploaded report. */
export interface ParsedReport {
  /** `rampart` (the JSON report), `rampart-sarif`, or the importer's id (`sarif`, `trivy`, …). */
  readonly format: string;
  /** Fingerprinted, validated, one per fingerprint (the first of duplicates). */
  readonly findings: readonly Finding[];
  /** Fingerprints the report says it suppressed (inline, baseline…): present, not fixed. */
  readonly suppressed: readonly string[];
  /** The scanner kinds that ran to completion: a full scan closes only their findings. */
  readonly scanners: readonly ScannerKind[];
  /** Scanner kinds and the tools behind them, for the scan's `tools` column. */
  readonly tools: readonly { scanner: string; tool: string; version: string }[];
  readonly stage?: Stage | undefined;
  readonly branch?: string | undefined;
  readonly commit?: string | undefined;
  readonly pullRequest?: number | undefined;
  /** The report is of a diff scan (Rampart's `scan.diffBase`). */
  readonly diff: boolean;
  /** When the scan finished, if the report says (Rampart's finishedAt, SARIF invocations). */
  readonly ranAt?: number | undefined;
  /** The repository's set-up and paved-road outcome (Rampart's JSON report of a full scan only). */
  readonly posture?: Posture | undefined;
}

/** The format names `?format=` accepts besides the importers' ids. */
export const OWN_FORMATS = ['rampart', 'rampart-sarif'] as const;

/**
 * The scanner kind an importer's tool is, so that a report with no findings still closes
 * that kind's findings. SARIF and Trivy mix kinds: only the kinds of their findings count.
 */
const IMPORTER_KINDS: Readonly<Record<string, ScannerKind>> = {
  bandit: 'sast',
  semgrep: 'sast',
  checkov: 'iac',
  cyclonedx: 'sca',
  'dependency-check': 'sca',
  'npm-audit': 'sca',
  'osv-scanner': 'sca',
  snyk: 'sca',
  'yarn-audit': 'sca',
  trivy: 'sca',
  gitleaks: 'secrets',
  trufflehog: 'secrets',
  zap: 'dast',
  nuclei: 'dast',
};

const FILE = 'upload';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isRampartReport(json: unknown): boolean {
  return (
    isRecord(json) && 'schemaVersion' in json && isRecord(json.tool) && json.tool.name === 'rampart'
  );
}

function isSarif(json: unknown): json is { runs: unknown[] } {
  return isRecord(json) && json.version === '2.1.0' && Array.isArray(json.runs);
}

/** Every run of the log was written by Rampart (core's reader gives back its findings exactly). */
function isRampartSarif(log: { runs: unknown[] }): boolean {
  return (
    log.runs.length > 0 &&
    log.runs.every((run) => {
      const driver = isRecord(run) && isRecord(run.tool) ? run.tool.driver : undefined;
      return isRecord(driver) && typeof driver.name === 'string' && /^rampart$/i.test(driver.name);
    })
  );
}

function kindsOf(findings: readonly FindingDraft[]): ScannerKind[] {
  return [...new Set(findings.map((f) => f.scanner))];
}

function toolsOf(findings: readonly FindingDraft[]): ParsedReport['tools'] {
  const seen = new Map<string, { scanner: string; tool: string; version: string }>();
  for (const f of findings) {
    const key = `${f.scanner}\0${f.tool.name}\0${f.tool.version}`;
    if (!seen.has(key))
      seen.set(key, { scanner: f.scanner, tool: f.tool.name, version: f.tool.version });
  }
  return [...seen.values()];
}

/** Gives drafts fingerprints (the hub has no files: code fingerprints use the snippet), validates and de-duplicates them. */
async function finish(drafts: readonly FindingDraft[]): Promise<Finding[]> {
  const fingerprinted = await assignFingerprints(drafts, async () => undefined);
  const out = new Map<string, Finding>();
  for (const [index, candidate] of fingerprinted.entries()) {
    const parsed = FindingSchema.safeParse(candidate);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw invalidReport(
        `finding ${index}: ${issue?.path.join('.') || '(finding)'}: ${issue?.message ?? 'invalid'}`,
      );
    }
    if (!out.has(parsed.data.fingerprint)) out.set(parsed.data.fingerprint, parsed.data);
  }
  return [...out.values()];
}

function parseRampartReport(json: unknown): ParsedReport {
  const parsed = ScanReportSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalidReport(
      `not a valid Rampart report: ${issue?.path.join('.') || '(top level)'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  const report = parsed.data;
  const ran = report.scan.scanners.filter((s) => s.error === undefined && s.invalidFindings === 0);
  const finished = Date.parse(report.scan.finishedAt);
  const byFingerprint = new Map<string, Finding>();
  for (const f of report.findings)
    if (!byFingerprint.has(f.fingerprint)) byFingerprint.set(f.fingerprint, f);
  return {
    format: 'rampart',
    findings: [...byFingerprint.values()],
    suppressed: report.suppressed.map((s) => s.fingerprint),
    scanners: ran.map((s) => s.kind),
    tools: ran.map((s) => ({ scanner: s.kind, tool: 'rampart', version: report.tool.version })),
    stage: report.scan.stage,
    branch: report.scan.git?.branch,
    commit: report.scan.git?.commit,
    pullRequest: report.scan.ci?.pullRequest,
    diff: report.scan.diffBase !== undefined,
    ranAt: Number.isFinite(finished) ? finished : undefined,
    posture: report.posture,
  };
}

/** SARIF's own facts: when the runs ended, and the branch and commit they scanned. */
function sarifFacts(log: { runs: unknown[] }): Pick<ParsedReport, 'ranAt' | 'branch' | 'commit'> {
  let ranAt: number | undefined;
  let branch: string | undefined;
  let commit: string | undefined;
  for (const run of log.runs) {
    if (!isRecord(run)) continue;
    for (const invocation of Array.isArray(run.invocations) ? run.invocations : []) {
      const end = isRecord(invocation) ? invocation.endTimeUtc : undefined;
      const t = typeof end === 'string' ? Date.parse(end) : Number.NaN;
      if (Number.isFinite(t) && (ranAt === undefined || t > ranAt)) ranAt = t;
    }
    const provenance = Array.isArray(run.versionControlProvenance)
      ? run.versionControlProvenance[0]
      : undefined;
    if (isRecord(provenance)) {
      if (typeof provenance.branch === 'string')
        branch ??= provenance.branch.replace(/^refs\/heads\//, '');
      if (typeof provenance.revisionId === 'string') commit ??= provenance.revisionId;
    }
  }
  return { ranAt, branch, commit };
}

async function parseRampartSarif(log: { runs: unknown[] }): Promise<ParsedReport> {
  let read: ReturnType<typeof fromSarif>;
  try {
    read = fromSarif(log, { sourceName: FILE });
  } catch (error) {
    throw invalidReport((error as Error).message);
  }
  const failed = read.errors[0];
  if (failed !== undefined) throw invalidReport(failed.message);
  const findings = await finish(read.findings);
  return {
    format: 'rampart-sarif',
    findings,
    suppressed: [],
    scanners: kindsOf(findings),
    tools: toolsOf(findings),
    diff: false,
    ...sarifFacts(log),
  };
}

async function parseImported(
  text: string,
  json: unknown,
  from: string | undefined,
): Promise<ParsedReport> {
  // Loaded on first use: the importers (XML parser, package-ecosystem tables) are not small.
  const { IMPORTERS, importReport } = await import('@rampart/importers');
  // The importer `importReport` would detect (the first whose `detect` accepts the report),
  // found with the JSON already parsed here rather than parsing the report once more; when
  // none does, `importReport` detects again and says so.
  const detected =
    from ??
    IMPORTERS.find((importer) => {
      try {
        return importer.detect(text, json);
      } catch {
        return false;
      }
    })?.id;
  let imported: ReturnType<typeof importReport>;
  try {
    imported = importReport(text, { file: FILE, from: detected });
  } catch (error) {
    if (!isRampartError(error)) throw error;
    const hint = error.hint ? ` (${error.hint.replace('with --from', 'with ?format=')})` : '';
    throw invalidReport(`${error.message}${hint}`);
  }
  const findings = await finish(imported.findings);
  const id = imported.importer.id;
  const own = IMPORTER_KINDS[id];
  const scanners = [...new Set([...(own ? [own] : []), ...kindsOf(findings)])];
  const tools = toolsOf(findings);
  return {
    format: id,
    findings,
    suppressed: [],
    scanners,
    tools:
      tools.length > 0 || own === undefined ? tools : [{ scanner: own, tool: id, version: '' }],
    diff: false,
    ...(isSarif(json) ? sarifFacts(json) : {}),
  };
}

/**
 * Reads an uploaded report: Rampart's JSON report (validated with `ScanReportSchema`),
 * Rampart's SARIF (core's `fromSarif`), or any format `@rampart/importers` reads (detected,
 * or named by `format`). All or nothing: any problem is 400 INVALID_REPORT naming it.
 */
export async function parseReport(
  text: string,
  options: { readonly format?: string | undefined } = {},
): Promise<ParsedReport> {
  const json = tryJson(text);
  const format = options.format;
  if (format === 'rampart' || (format === undefined && isRampartReport(json))) {
    if (json === undefined) throw invalidReport('not a valid Rampart report: not JSON');
    return parseRampartReport(json);
  }
  if (
    format === 'rampart-sarif' ||
    (format === undefined && isSarif(json) && isRampartSarif(json))
  ) {
    if (!isSarif(json)) throw invalidReport('not a SARIF 2.1.0 log');
    return parseRampartSarif(json);
  }
  return parseImported(text, json, format);
}
