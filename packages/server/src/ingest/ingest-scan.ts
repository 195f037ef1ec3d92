import { createHash, randomUUID } from 'node:crypto';
import type { Finding, ScannerKind, Stage } from '@rampart/core';
import type { Kysely, Transaction } from 'kysely';
import { ApiError } from '../app.js';
import type { Dialect, HubDatabase } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { findingCweChanges, saveFindingCwes } from '../lifecycle/finding-cwes.js';
import { findingSearchChanges, saveFindingSearch } from '../lifecycle/finding-search.js';
import {
  type IntervalRow,
  insertIntervals,
  rebuildIntervals,
  syncIntervalDimensions,
} from '../lifecycle/intervals.js';
import {
  applyScan,
  emptyState,
  type FindingState,
  type LifecycleEvent,
  type ScanStep,
} from '../lifecycle/lifecycle-state.js';
import {
  applyStateToRow,
  clearDerived,
  type FindingRow,
  insertEvents,
  lifecycleEvent,
  loadFindingRows,
  loadScopes,
  type NewEvent,
  reportColumnsOf,
  sameReportColumns,
  saveFindingRows,
  saveScopes,
  saveSightings,
  stateOfRow,
} from '../lifecycle/lifecycle-store.js';
import { chunks, inTransaction, lockProject } from '../lifecycle/project-lock.js';
import { advisoriesColumn, bestRule, targetOf } from '../lifecycle/rule-matching.js';
import { scopeOf } from '../lifecycle/scope.js';
import { type LifecycleDatabase, lifecycleDb } from '../lifecycle/tables.js';
import { applyRule, loadActiveRules } from '../lifecycle/triage-decisions.js';
import { audit } from '../lifecycle/triage-rules.js';
import { insertPostureSnapshot } from '../paved-road/posture-store.js';
import { enqueueNewCriticals } from '../webhooks/outbox.js';
import { type ParsedReport, parseReport } from './parse-report.js';
import { DEFAULT_MAX_REPORT_BYTES, decodeUpload } from './read-upload.js';

type Trx = Transaction<LifecycleDatabase>;

/** What to ingest, and what to say about it that the report does not (or says wrongly). */
export interface IngestOptions {
  readonly projectId: string;
  /** The upload as received: a report, gzip-compressed or not. */
  readonly body: Buffer;
  /** The request's Content-Type; multipart uploads are refused (send the report as the body). */
  readonly contentType?: string | undefined;
  /** `rampart`, `rampart-sarif` or an importer id; default: detected. */
  readonly format?: string | undefined;
  /** Override the report's stage, branch, commit, kind, scanners and run time. */
  readonly stage?: Stage | undefined;
  readonly branch?: string | undefined;
  readonly commit?: string | undefined;
  readonly kind?: 'full' | 'diff' | undefined;
  readonly scanners?: readonly ScannerKind[] | undefined;
  readonly ranAt?: number | undefined;
  /** Used when the report does not say (the CLI sends what the CI environment says). */
  readonly fallbackStage?: Stage | undefined;
  readonly fallbackBranch?: string | undefined;
  readonly fallbackCommit?: string | undefined;
  /** The largest report accepted, after decompression. Default 64 MiB. */
  readonly maxBytes?: number | undefined;
  /** The time of receipt (epoch ms); default now. */
  readonly now?: number | undefined;
  /**
   * Who sent the scan: the person (`userId`) and the API token the request came with
   * (`tokenId`: a CI token, or the person's personal token). Stored on the scan and in its
   * `scan.upload` audit entry; omitted by callers without a request (benchmarks, jobs).
   */
  readonly uploader?: { userId?: string | undefined; tokenId?: string | undefined } | undefined;
}

/** What an ingest did. */
export interface IngestResult {
  readonly scanId: string;
  /** The same content was already ingested for this project: nothing changed. */
  readonly duplicate: boolean;
  /** The scan ran before scans already applied: the findings it touches were replayed in time order. */
  readonly late: boolean;
  readonly counts: {
    /** Findings seen for the first time. */
    readonly new: number;
    /** Findings seen before, seen again. */
    readonly seen: number;
    /** Findings this scan closed for good (their last open scope). */
    readonly fixed: number;
    /** Fixed findings this scan saw again. */
    readonly reopened: number;
  };
}

/** The scan as resolved from the report and the options. */
interface ScanMeta {
  readonly stage: Stage;
  readonly kind: 'full' | 'diff';
  readonly branch: string | undefined;
  readonly commit: string | undefined;
  readonly scope: string;
  readonly ranAt: number;
  readonly scanners: readonly ScannerKind[];
}

/** A scan may say it ran a little in the future (clock skew); more than this is refused. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

function resolveMeta(report: ParsedReport, options: IngestOptions, now: number): ScanMeta {
  if (options.ranAt !== undefined && options.ranAt > now + FUTURE_TOLERANCE_MS)
    throw new ApiError(400, 'VALIDATION', 'query.ranAt: the scan cannot have run in the future');
  const stage = options.stage ?? report.stage ?? options.fallbackStage ?? 'dev';
  const branch = options.branch ?? report.branch ?? options.fallbackBranch;
  const reported = report.ranAt === undefined ? undefined : Math.min(report.ranAt, now);
  return {
    stage,
    kind: options.kind ?? (report.diff ? 'diff' : 'full'),
    branch,
    commit: options.commit ?? report.commit ?? options.fallbackCommit,
    scope: scopeOf(stage, branch, report.pullRequest),
    ranAt: options.ranAt ?? reported ?? now,
    scanners: options.scanners ?? report.scanners,
  };
}

/** The scans of a project in the order they ran: run time, then content hash (a fixed tie-break). */
function scanOrder(a: { ran_at: number; content_hash: string }, b: typeof a): number {
  return (
    a.ran_at - b.ran_at ||
    (a.content_hash < b.content_hash ? -1 : a.content_hash > b.content_hash ? 1 : 0)
  );
}

function stepOf(row: {
  id: string;
  ran_at: number;
  stage: string;
  scope: string;
  kind: 'full' | 'diff';
  tools: string;
}): ScanStep {
  let scanners: string[] = [];
  try {
    const tools = JSON.parse(row.tools) as { scanner?: unknown }[];
    scanners = tools.map((t) => t.scanner).filter((s): s is string => typeof s === 'string');
  } catch {
    scanners = [];
  }
  return {
    id: row.id,
    ranAt: row.ran_at,
    stage: row.stage,
    scope: row.scope,
    kind: row.kind,
    scanners: new Set(scanners),
  };
}

/** A finding row for a finding seen for the first time (lifecycle columns filled by the step). */
function newRow(projectId: string, finding: Finding, scanId: string, meta: ScanMeta): FindingRow {
  return {
    id: randomUUID(),
    project_id: projectId,
    fingerprint: finding.fingerprint,
    rule_id: finding.ruleId,
    scanner: finding.scanner,
    severity: finding.severity,
    severity_override: null,
    title: finding.title,
    status: 'open',
    data: JSON.stringify(finding),
    first_seen_at: meta.ranAt,
    first_seen_stage: meta.stage,
    first_scan_id: scanId,
    last_seen_at: meta.ranAt,
    last_scan_id: scanId,
    fixed_at: null,
    assignee_id: null,
    accepted_until: null,
    triage_rule_id: null,
    seen_stages: '',
    promoted_at: null,
    advisories: advisoriesColumn(targetOf(finding).advisories),
  };
}

/** Takes the report's view of a finding (when this scan is its newest sighting). */
function refreshRow(row: FindingRow, finding: Finding): void {
  row.rule_id = finding.ruleId;
  row.scanner = finding.scanner;
  row.severity = finding.severity;
  row.title = finding.title;
  row.data = JSON.stringify(finding);
  row.advisories = advisoriesColumn(targetOf(finding).advisories);
}

async function findByFingerprint(
  trx: Trx,
  projectId: string,
  fingerprints: readonly string[],
): Promise<Map<string, FindingRow>> {
  const out = new Map<string, FindingRow>();
  for (const part of chunks(fingerprints, 1000)) {
    const rows = await trx
      .selectFrom('findings')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('fingerprint', 'in', part)
      .execute();
    for (const row of rows) out.set(row.fingerprint, row);
  }
  return out;
}

/** Ids of the project's findings of these scanners present (open, or ever when `everOpen`) in a scope. */
async function inScope(
  trx: Trx,
  projectId: string,
  scope: string,
  scanners: readonly string[],
  everOpen: boolean,
): Promise<string[]> {
  if (scanners.length === 0) return [];
  let query = trx
    .selectFrom('finding_scopes')
    .innerJoin('findings', 'findings.id', 'finding_scopes.finding_id')
    .select('finding_scopes.finding_id')
    .where('finding_scopes.project_id', '=', projectId)
    .where('finding_scopes.scope', '=', scope)
    .where('findings.scanner', 'in', [...scanners]);
  if (!everOpen) query = query.where('finding_scopes.open', '=', 1);
  return (await query.execute()).map((r) => r.finding_id);
}

async function apply(
  trx: Trx,
  dialect: Dialect,
  options: IngestOptions,
  report: ParsedReport,
  meta: ScanMeta,
  contentHash: string,
  now: number,
): Promise<IngestResult> {
  const projectId = options.projectId;
  const { teamId } = await lockProject(trx, projectId);
  const existing = await trx
    .selectFrom('scans')
    .select('id')
    .where('project_id', '=', projectId)
    .where('content_hash', '=', contentHash)
    .executeTakeFirst();
  if (existing)
    return {
      scanId: existing.id,
      duplicate: true,
      late: false,
      counts: { new: 0, seen: 0, fixed: 0, reopened: 0 },
    };

  const scanId = randomUUID();
  const toolList = [
    ...report.tools,
    ...meta.scanners
      .filter((k) => !report.tools.some((t) => t.scanner === k))
      .map((k) => ({ scanner: k, tool: report.format, version: '' })),
  ].filter((t) => meta.scanners.includes(t.scanner as ScannerKind));
  const scanRow = {
    id: scanId,
    project_id: projectId,
    content_hash: contentHash,
    commit_sha: meta.commit ?? null,
    branch: meta.branch ?? null,
    stage: meta.stage,
    kind: meta.kind,
    tools: JSON.stringify(toolList),
    findings: report.findings.length,
    ran_at: meta.ranAt,
    received_at: now,
    scope: meta.scope,
    uploaded_by_user_id: options.uploader?.userId ?? null,
    uploaded_by_token_id: options.uploader?.tokenId ?? null,
  };
  await trx.insertInto('scans').values(scanRow).execute();
  // The scorecard's snapshot, with the scan (a re-sent scan returned above): `main` and
  // `production` scans only, at most one per project and UTC day (see insertPostureSnapshot).
  if (meta.kind === 'full' && report.posture !== undefined)
    await insertPostureSnapshot(trx as unknown as Kysely<Database>, {
      projectId,
      scanId,
      takenAt: meta.ranAt,
      stage: meta.stage,
      posture: report.posture,
    });
  const step = stepOf(scanRow);
  const later = await trx
    .selectFrom('scans')
    .select('id')
    .where('project_id', '=', projectId)
    .where('id', '!=', scanId)
    .where((eb) =>
      eb.or([
        eb('ran_at', '>', meta.ranAt),
        eb.and([eb('ran_at', '=', meta.ranAt), eb('content_hash', '>', contentHash)]),
      ]),
    )
    .limit(1)
    .executeTakeFirst();
  const late = later !== undefined;

  // The findings the scan reports, existing or new, and the suppressed ones that exist.
  const byFingerprint = await findByFingerprint(trx, projectId, [
    ...report.findings.map((f) => f.fingerprint),
    ...report.suppressed,
  ]);
  const rows = new Map<string, FindingRow>();
  const reported = new Map<string, Finding>();
  const created = new Set<string>();
  for (const finding of report.findings) {
    let row = byFingerprint.get(finding.fingerprint);
    if (row === undefined) {
      row = newRow(projectId, finding, scanId, meta);
      created.add(row.id);
    }
    rows.set(row.id, row);
    reported.set(row.id, finding);
  }
  for (const fingerprint of report.suppressed) {
    const row = byFingerprint.get(fingerprint);
    if (row !== undefined) rows.set(row.id, row);
  }
  const seenIds = new Set(rows.keys());

  // Findings the scan may close (late: that it may have closed at the time it ran).
  const candidates =
    meta.kind === 'full'
      ? (await inScope(trx, projectId, meta.scope, meta.scanners, late)).filter(
          (id) => !seenIds.has(id),
        )
      : [];
  for (const [id, row] of await loadFindingRows(trx, candidates)) rows.set(id, row);
  const existingIds = [...rows.keys()].filter((id) => !created.has(id));

  const states = new Map<string, FindingState>();
  const lifecycle: NewEvent[] = [];
  if (!late) {
    const scopes = await loadScopes(trx, existingIds);
    for (const [id, row] of rows) {
      const state = created.has(id) ? emptyState() : stateOfRow(row, scopes.get(id));
      for (const e of applyScan(state, step, row.scanner, seenIds.has(id)))
        lifecycle.push(lifecycleEvent(id, e));
      states.set(id, state);
    }
  } else {
    // Replay: every scan of the project in the order it ran, for the findings this one touches.
    const scans = (
      await trx
        .selectFrom('scans')
        .select(['id', 'ran_at', 'content_hash', 'stage', 'scope', 'kind', 'tools'])
        .where('project_id', '=', projectId)
        .execute()
    ).sort(scanOrder);
    const sightings = new Map<string, Set<string>>();
    for (const id of seenIds) sightings.set(id, new Set([scanId]));
    for (const part of chunks(existingIds, 1000)) {
      const seen = await trx
        .selectFrom('scan_sightings')
        .selectAll()
        .where('finding_id', 'in', part)
        .execute();
      for (const s of seen) {
        let set = sightings.get(s.finding_id);
        if (!set) {
          set = new Set();
          sightings.set(s.finding_id, set);
        }
        set.add(s.scan_id);
      }
    }
    const removed = await clearDerived(trx, existingIds, meta.ranAt);
    const steps = scans.map(stepOf);
    for (const [id, row] of rows) {
      const state = emptyState();
      const seenBy = sightings.get(id) ?? new Set<string>();
      const events: LifecycleEvent[] = [];
      for (const s of steps) events.push(...applyScan(state, s, row.scanner, seenBy.has(s.id)));
      for (const e of events) if (e.at >= meta.ranAt) lifecycle.push(lifecycleEvent(id, e));
      states.set(id, state);
    }
    await audit(trx, now, {
      actorId: null,
      action: 'scan.replay',
      targetType: 'scan',
      targetId: scanId,
      data: { findings: rows.size, eventsRewritten: removed },
    });
  }

  // What the stored intervals carry of each existing finding, before the scan refreshes it.
  const dimensionsBefore = new Map(
    [...rows].filter(([id]) => !created.has(id)).map(([id, row]) => [id, dimensionsOf(row)]),
  );
  // ... and what `finding_cwes` and `finding_search` are derived from.
  // ... and the report columns as stored (rows whose report is unchanged are not rewritten).
  const before = new Map(
    [...rows]
      .filter(([id]) => !created.has(id))
      .map(([id, row]) => [
        id,
        { data: row.data, title: row.title, rule_id: row.rule_id, report: reportColumnsOf(row) },
      ]),
  );
  for (const [id, row] of rows) {
    const state = states.get(id) as FindingState;
    const finding = reported.get(id);
    if (finding !== undefined && (created.has(id) || state.last?.scanId === scanId))
      refreshRow(row, finding);
    applyStateToRow(row, state);
  }

  // Organisation rules decide the triage of findings seen for the first time.
  const triage: NewEvent[] = [];
  if (created.size > 0) {
    const rules = await loadActiveRules(trx, now);
    if (rules.length > 0) {
      for (const id of created) {
        const row = rows.get(id) as FindingRow;
        const rule = bestRule(rules, targetOf(reported.get(id) as Finding), now);
        if (rule) triage.push(applyRule(row, rule, now));
      }
    }
  }

  const unchanged = new Set(
    [...before]
      .filter(([id, was]) => sameReportColumns(rows.get(id) as FindingRow, was.report))
      .map(([id]) => id),
  );
  await saveFindingRows(trx, dialect, [...rows.values()], created, unchanged);
  await saveFindingCwes(trx, dialect, findingCweChanges(reported, rows, created, before));
  await saveFindingSearch(trx, dialect, findingSearchChanges(rows, created, before, reported));
  await saveScopes(trx, dialect, projectId, states);
  await saveSightings(trx, dialect, scanId, seenIds);
  await insertEvents(trx, projectId, [...lifecycle, ...triage], dialect);
  if (late) await rebuildIntervals(trx, dialect, [...rows.keys()]);
  else await writeIntervals(trx, dialect, teamId, rows, lifecycle, created, dimensionsBefore);
  // Outbox: webhooks hear of new critical findings only if this transaction commits.
  await enqueueNewCriticals(
    trx,
    [...created].map((id) => rows.get(id) as FindingRow),
    { scanId, now },
  );

  const ofThisScan = (type: string) =>
    lifecycle.filter((e) => e.scanId === scanId && e.type === type).length;
  const counts = {
    new: created.size,
    seen: reported.size - created.size,
    fixed: ofThisScan('fixed'),
    reopened: ofThisScan('reopened'),
  };
  // Who changed what: one audit entry per stored scan (a re-sent scan returned above).
  const tokenId = options.uploader?.tokenId;
  await audit(trx, now, {
    actorId: options.uploader?.userId ?? null,
    action: 'scan.upload',
    targetType: 'scan',
    targetId: scanId,
    data: {
      projectId,
      ...(tokenId === undefined ? {} : { tokenId }),
      stage: meta.stage,
      kind: meta.kind,
      format: report.format,
      counts,
    },
  });
  return { scanId, duplicate: false, late, counts };
}

/**
 * Keeps `finding_intervals` in step with the lifecycle events just written by an in-order
 * scan: a new finding's only interval opens at its detection; a finding reopened or fixed
 * has its intervals rebuilt from its stored events; a finding whose effective severity or
 * scanner the scan changed has them copied to its intervals. (A late scan rebuilds every
 * finding it replayed.)
 */
async function writeIntervals(
  trx: Trx,
  dialect: Dialect,
  teamId: string,
  rows: ReadonlyMap<string, FindingRow>,
  events: readonly NewEvent[],
  created: ReadonlySet<string>,
  dimensionsBefore: ReadonlyMap<string, string>,
): Promise<void> {
  const opened: IntervalRow[] = [];
  const rebuild = new Set<string>();
  for (const e of events) {
    const row = rows.get(e.findingId);
    if (created.has(e.findingId)) {
      if (e.type === 'detected' && row)
        opened.push({
          finding_id: e.findingId,
          seq: 0,
          project_id: row.project_id,
          started_at: e.at,
          ended_at: null,
          team_id: teamId,
          severity: row.severity_override ?? row.severity,
          scanner: row.scanner,
        });
    } else if (e.type === 'reopened' || e.type === 'fixed') rebuild.add(e.findingId);
  }
  const changed = [...dimensionsBefore]
    .filter(([id, before]) => !rebuild.has(id) && before !== dimensionsOf(rows.get(id)))
    .map(([id]) => id);
  await insertIntervals(trx, dialect, opened);
  await rebuildIntervals(trx, dialect, [...rebuild]);
  await syncIntervalDimensions(trx, changed);
}

/** What the intervals copy of a finding row, as one comparable string. */
function dimensionsOf(row: FindingRow | undefined): string {
  return row === undefined ? '' : `${row.severity_override ?? row.severity}\n${row.scanner}`;
}

/**
 * Ingests an uploaded scan into a project: reads the report (Rampart JSON, SARIF or any
 * imported format; gzip by its magic bytes; at most `maxBytes` after decompression), then in
 * **one transaction** under the project's lock stores the scan, upserts its findings,
 * records which findings it saw, applies the lifecycle and appends the events — all of it
 * or none of it (a failure leaves no trace of the scan). The same content sent again for the
 * same project changes nothing and answers the first scan's id (`duplicate`). A scan that
 * ran before scans already applied is applied in the time it ran: the findings it touches
 * are replayed from their scans in run order, so the outcome is the same as in-order
 * arrival (`late`). A stored scan records its `uploader` and writes one `scan.upload` audit
 * entry in the same transaction (a duplicate writes nothing). Throws ApiError 400 INVALID_REPORT, 413 REPORT_TOO_LARGE, 415, 404.
 * @example await ingestScan(hub, { projectId, body: await readFile('rampart.json') })
 */
export async function ingestScan(
  database: HubDatabase,
  options: IngestOptions,
): Promise<IngestResult> {
  const now = options.now ?? Date.now();
  if (options.contentType !== undefined && /^multipart\//i.test(options.contentType))
    throw new ApiError(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      'send the report itself as the request body (raw or gzip), not a multipart form',
    );
  const text = await decodeUpload(options.body, options.maxBytes ?? DEFAULT_MAX_REPORT_BYTES);
  const contentHash = createHash('sha256').update(text).digest('hex');
  const db = lifecycleDb(database.db);

  // A re-sent scan is answered without parsing it again (it was valid the first time).
  const known = await db
    .selectFrom('scans')
    .select('id')
    .where('project_id', '=', options.projectId)
    .where('content_hash', '=', contentHash)
    .executeTakeFirst();
  if (known)
    return {
      scanId: known.id,
      duplicate: true,
      late: false,
      counts: { new: 0, seen: 0, fixed: 0, reopened: 0 },
    };

  const report = await parseReport(text, { format: options.format });
  const meta = resolveMeta(report, options, now);
  return inTransaction(db, (trx) =>
    apply(trx, database.dialect, options, report, meta, contentHash, now),
  );
}
