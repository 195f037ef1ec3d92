import { z } from 'zod';
import { FailOnSchema } from '../config/config-schema.js';
import { FindingSchema, ScannerKindSchema } from '../finding/finding.js';
import { SEVERITIES } from '../finding/severity.js';
import type { ScanResult } from '../pipeline/run-scan.js';
import { describeLocation } from '../suppress/baseline.js';
import { type CiInfo, CiInfoSchema, ciInfo } from './ci-environment.js';
import { type Posture, PostureSchema } from './posture.js';
import { type Stage, StageSchema } from './stage.js';

/** The version of the JSON report format; bumped only on breaking changes. */
export const REPORT_SCHEMA_VERSION = 1;

const count = z.number().int().min(0);

/** The `rampart scan --format json` report. Documented in docs/report-schema.json. */
export const ScanReportSchema = z
  .strictObject({
    $schema: z.string().optional(),
    schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
    tool: z.strictObject({ name: z.literal('rampart'), version: z.string() }),
    scan: z.strictObject({
      /** The scanned path as given on the command line. */
      target: z.string(),
      stage: StageSchema,
      startedAt: z.iso.datetime(),
      finishedAt: z.iso.datetime(),
      durationMs: count,
      git: z
        .strictObject({
          commit: z.string().optional(),
          branch: z.string().optional(),
          defaultBranch: z.string().optional(),
          dirty: z.boolean(),
        })
        .optional(),
      /** Set when the scan was limited to files changed since this ref. */
      diffBase: z.string().optional(),
      /** The merge base of diffBase and HEAD: what `new` and `existing` are measured from. */
      mergeBase: z.string().optional(),
      /** The CI run the scan came from, when it ran in CI. */
      ci: CiInfoSchema.optional(),
      filesScanned: count,
      skipped: z.array(
        z.strictObject({
          path: z.string(),
          reason: z.enum(['binary', 'too-large', 'symlink', 'unreadable']),
          detail: z.string(),
        }),
      ),
      scanners: z.array(
        z.strictObject({
          kind: ScannerKindSchema,
          durationMs: count,
          findings: count,
          invalidFindings: count,
          error: z.string().optional(),
        }),
      ),
    }),
    summary: z.strictObject({
      total: count,
      bySeverity: z.strictObject(
        Object.fromEntries(SEVERITIES.map((s) => [s, count])) as Record<
          (typeof SEVERITIES)[number],
          typeof count
        >,
      ),
      byScanner: z.record(z.string(), count),
      suppressed: count,
    }),
    gate: z.strictObject({
      threshold: FailOnSchema,
      passed: z.boolean(),
      summary: z.string(),
      /** Fingerprints of the findings that failed the gate. */
      failing: z.array(z.string()),
    }),
    findings: z.array(FindingSchema),
    suppressed: z.array(
      z.strictObject({
        fingerprint: z.string(),
        ruleId: z.string(),
        location: z.string(),
        kind: z.enum(['inline', 'baseline', 'rule-disabled', 'rule-excluded-path', 'hub']),
        reason: z.string().optional(),
      }),
    ),
    /**
     * The repository's set-up and paved-road adherence, for the hub's scorecards. Only in a
     * full scan of a repository (not `--staged` or `--diff-base`).
     */
    posture: PostureSchema.optional(),
  })
  .describe('Rampart scan report (rampart scan --format json)');

/** The JSON report. */
export type ScanReport = z.infer<typeof ScanReportSchema>;

/** What the report says about the run besides the scan result. */
export interface ReportMeta {
  readonly toolVersion: string;
  readonly target: string;
  readonly stage: Stage;
  readonly diffBase?: string | undefined;
  readonly mergeBase?: string | undefined;
  readonly ci?: CiInfo | undefined;
  readonly git?:
    | {
        readonly commit: string | undefined;
        readonly branch: string | undefined;
        readonly defaultBranch: string | undefined;
        readonly dirty: boolean;
      }
    | undefined;
  /** The repository's posture (full scans only; see {@link ScanReportSchema}). */
  readonly posture?: Posture | undefined;
}

function defined<T extends Record<string, unknown>>(
  value: T,
): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as never;
}

/** Builds the versioned JSON report from a scan result. */
export function buildScanReport(result: ScanResult, meta: ReportMeta): ScanReport {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<
    (typeof SEVERITIES)[number],
    number
  >;
  const byScanner: Record<string, number> = {};
  for (const f of result.findings) {
    bySeverity[f.severity]++;
    byScanner[f.scanner] = (byScanner[f.scanner] ?? 0) + 1;
  }
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'rampart', version: meta.toolVersion },
    scan: {
      target: meta.target,
      stage: meta.stage,
      startedAt: result.startedAt.toISOString(),
      finishedAt: result.finishedAt.toISOString(),
      durationMs: Math.max(0, result.finishedAt.getTime() - result.startedAt.getTime()),
      ...(meta.git ? { git: defined(meta.git) } : {}),
      ...(meta.diffBase ? { diffBase: meta.diffBase } : {}),
      ...(meta.mergeBase ? { mergeBase: meta.mergeBase } : {}),
      ...(meta.ci ? { ci: ciInfo(meta.ci) } : {}),
      filesScanned: result.filesScanned,
      skipped: result.skipped.map((s) => ({ path: s.path, reason: s.reason, detail: s.detail })),
      scanners: result.scanners.map((s) =>
        defined({
          kind: s.kind,
          durationMs: s.durationMs,
          findings: s.findings,
          invalidFindings: s.invalidFindings,
          error: s.error,
        }),
      ),
    },
    summary: {
      total: result.findings.length,
      bySeverity,
      byScanner,
      suppressed: result.suppressed.length,
    },
    gate: {
      threshold: result.gate.threshold,
      passed: result.gate.passed,
      summary: result.gate.summary,
      failing: result.gate.failing.map((f) => f.fingerprint),
    },
    findings: [...result.findings],
    suppressed: result.suppressed.map((s) =>
      defined({
        fingerprint: s.finding.fingerprint,
        ruleId: s.finding.ruleId,
        location: describeLocation(s.finding),
        kind: s.kind,
        reason: s.reason,
      }),
    ),
    ...(meta.posture ? { posture: meta.posture } : {}),
  };
}

/** The JSON Schema of the report, generated from {@link ScanReportSchema} (docs/report-schema.json). */
export function reportJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ScanReportSchema, { target: 'draft-7' }) as Record<string, unknown>;
  return {
    ...schema,
    $id: `urn:rampart:schema:report:v${REPORT_SCHEMA_VERSION}`,
    title: 'Rampart scan report',
  };
}
