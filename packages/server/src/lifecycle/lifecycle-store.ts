import type { Insertable, Selectable, Transaction } from 'kysely';
import { type BulkColumn, bulkInsert, bulkUpdate } from '../db/bulk-insert.js';
import type { Dialect } from '../db/database.js';
import type { FindingStatus } from '../db/schema.js';
import {
  emptyState,
  type FindingState,
  LIFECYCLE_EVENT_TYPES,
  type LifecycleEvent,
  type ScopeState,
} from './lifecycle-state.js';
import { chunks } from './project-lock.js';
import type { LifecycleDatabase } from './tables.js';
import { isDecision, rebuildTriagePeriods } from './triage-periods.js';

// Reading and writing the lifecycle's state: finding rows, their scopes and their events,
// in bulk (multi-row statements of bounded size, the same SQL on both databases).

type Trx = Transaction<LifecycleDatabase>;

/** A finding row with the lifecycle columns. */
export type FindingRow = Selectable<LifecycleDatabase['findings']>;

/** An event to append to a finding's history. */
export interface NewEvent {
  readonly findingId: string;
  readonly type: string;
  readonly at: number;
  readonly actorId: string | null;
  readonly scanId: string | null;
  readonly stage: string | null;
  readonly data: Readonly<Record<string, unknown>>;
}

/** Triage statuses a person or a rule set; the lifecycle never changes them. */
export function isTriaged(status: string): status is 'false_positive' | 'risk_accepted' {
  return status === 'false_positive' || status === 'risk_accepted';
}

/** The status a finding has without a triage decision: open while present, else fixed. */
export function lifecycleStatus(fixedAt: number | null): FindingStatus {
  return fixedAt === null ? 'open' : 'fixed';
}

/** Parses the `seen_stages` column (`,pr,main,`). */
export function stagesOf(column: string): Set<string> {
  return new Set(column.split(',').filter((s) => s !== ''));
}

/** Loads the rows of `ids` (in chunks), by id. */
export async function loadFindingRows(
  trx: Trx,
  ids: readonly string[],
): Promise<Map<string, FindingRow>> {
  const rows = new Map<string, FindingRow>();
  for (const part of chunks(ids, 1000)) {
    for (const row of await trx
      .selectFrom('findings')
      .selectAll()
      .where('id', 'in', part)
      .execute())
      rows.set(row.id, row);
  }
  return rows;
}

/** Loads the scope rows of `ids`, by finding id. */
export async function loadScopes(
  trx: Trx,
  ids: readonly string[],
): Promise<Map<string, Map<string, ScopeState>>> {
  const out = new Map<string, Map<string, ScopeState>>();
  for (const part of chunks(ids, 1000)) {
    const rows = await trx
      .selectFrom('finding_scopes')
      .selectAll()
      .where('finding_id', 'in', part)
      .execute();
    for (const row of rows) {
      let scopes = out.get(row.finding_id);
      if (!scopes) {
        scopes = new Map();
        out.set(row.finding_id, scopes);
      }
      scopes.set(row.scope, {
        open: row.open === 1,
        firstSeenAt: row.first_seen_at,
        lastSeenAt: row.last_seen_at,
        lastScanId: row.last_scan_id,
        closedAt: row.closed_at,
      });
    }
  }
  return out;
}

/** The lifecycle state stored in a row and its scopes. */
export function stateOfRow(
  row: FindingRow,
  scopes: Map<string, ScopeState> | undefined,
): FindingState {
  const state = emptyState();
  state.first = { at: row.first_seen_at, stage: row.first_seen_stage, scanId: row.first_scan_id };
  state.last = { at: row.last_seen_at, scanId: row.last_scan_id };
  state.fixedAt = row.fixed_at;
  state.promotedAt = row.promoted_at;
  for (const stage of stagesOf(row.seen_stages)) state.stages.add(stage);
  for (const [key, scope] of scopes ?? []) state.scopes.set(key, { ...scope });
  return state;
}

/** Writes a state's lifecycle columns into its row (the status unless a triage decision holds). */
export function applyStateToRow(row: FindingRow, state: FindingState): void {
  if (state.first === undefined || state.last === undefined)
    throw new Error(`finding ${row.id} has no sighting`);
  row.first_seen_at = state.first.at;
  row.first_seen_stage = state.first.stage;
  row.first_scan_id = state.first.scanId;
  row.last_seen_at = state.last.at;
  row.last_scan_id = state.last.scanId;
  row.fixed_at = state.fixedAt;
  row.seen_stages = state.stages.size === 0 ? '' : `,${[...state.stages].sort().join(',')},`;
  row.promoted_at = state.promotedAt;
  if (!isTriaged(row.status)) row.status = lifecycleStatus(state.fixedAt);
}

const FINDING_COLUMNS: readonly BulkColumn[] = [
  { name: 'id', type: 'text' },
  { name: 'project_id', type: 'text' },
  { name: 'fingerprint', type: 'text' },
  { name: 'rule_id', type: 'text' },
  { name: 'scanner', type: 'text' },
  { name: 'severity', type: 'text' },
  { name: 'severity_override', type: 'text' },
  { name: 'title', type: 'text' },
  { name: 'status', type: 'text' },
  { name: 'data', type: 'text' },
  { name: 'first_seen_at', type: 'bigint' },
  { name: 'first_seen_stage', type: 'text' },
  { name: 'first_scan_id', type: 'text' },
  { name: 'last_seen_at', type: 'bigint' },
  { name: 'last_scan_id', type: 'text' },
  { name: 'fixed_at', type: 'bigint' },
  { name: 'assignee_id', type: 'text' },
  { name: 'accepted_until', type: 'bigint' },
  { name: 'triage_rule_id', type: 'text' },
  { name: 'seen_stages', type: 'text' },
  { name: 'promoted_at', type: 'bigint' },
  { name: 'advisories', type: 'text' },
];

/** The columns a scan's report sets (refreshRow in ingest-scan.ts): as reported. */
const REPORT_COLUMNS = ['rule_id', 'scanner', 'severity', 'title', 'data', 'advisories'] as const;

/** The columns the lifecycle sets (applyStateToRow). */
const LIFECYCLE_COLUMNS = [
  'status',
  'first_seen_at',
  'first_seen_stage',
  'first_scan_id',
  'last_seen_at',
  'last_scan_id',
  'fixed_at',
  'seen_stages',
  'promoted_at',
] as const;

const columnsNamed = (names: readonly string[]): BulkColumn[] =>
  FINDING_COLUMNS.filter((c) => c.name === 'id' || names.includes(c.name));
const LIFECYCLE_UPDATE = columnsNamed(LIFECYCLE_COLUMNS);
const FULL_UPDATE = columnsNamed([...REPORT_COLUMNS, ...LIFECYCLE_COLUMNS]);

/** The report columns of a row (a copy): see {@link saveFindingRows}. */
export function reportColumnsOf(row: FindingRow): readonly unknown[] {
  return REPORT_COLUMNS.map((c) => row[c]);
}

/** The row's report columns are those given (by {@link reportColumnsOf}). */
export function sameReportColumns(row: FindingRow, columns: readonly unknown[]): boolean {
  return REPORT_COLUMNS.every((c, i) => row[c] === columns[i]);
}

/**
 * Inserts new rows (`created`: their ids) and updates existing ones (by id). Of an existing
 * row only the report's columns and the lifecycle's are written (the other triage columns
 * belong to triage), and only the lifecycle's when its report columns are as stored
 * (`unchanged`: their ids), so that a scan that saw a finding again does not send its
 * report JSON back to the database.
 */
export async function saveFindingRows(
  trx: Trx,
  dialect: Dialect,
  rows: readonly FindingRow[],
  created: ReadonlySet<string> = new Set(),
  unchanged: ReadonlySet<string> = new Set(),
): Promise<void> {
  // New rows need no conflict check (the project's lock keeps their fingerprints unseen),
  // nor an order.
  await bulkInsert(
    trx,
    dialect,
    'findings',
    FINDING_COLUMNS,
    rows.filter((r) => created.has(r.id)),
    undefined,
    { ordered: false },
  );
  const existing = rows.filter((r) => !created.has(r.id));
  await bulkUpdate(
    trx,
    dialect,
    'findings',
    'id',
    LIFECYCLE_UPDATE,
    existing.filter((r) => unchanged.has(r.id)),
  );
  await bulkUpdate(
    trx,
    dialect,
    'findings',
    'id',
    FULL_UPDATE,
    existing.filter((r) => !unchanged.has(r.id)),
  );
}

const SCOPE_COLUMNS: readonly BulkColumn[] = [
  { name: 'finding_id', type: 'text' },
  { name: 'project_id', type: 'text' },
  { name: 'scope', type: 'text' },
  { name: 'open', type: 'integer' },
  { name: 'first_seen_at', type: 'bigint' },
  { name: 'last_seen_at', type: 'bigint' },
  { name: 'last_scan_id', type: 'text' },
  { name: 'closed_at', type: 'bigint' },
];

/** Writes every scope of the given findings (insert or update). */
export async function saveScopes(
  trx: Trx,
  dialect: Dialect,
  projectId: string,
  states: ReadonlyMap<string, FindingState>,
): Promise<void> {
  const rows: Insertable<LifecycleDatabase['finding_scopes']>[] = [];
  for (const [findingId, state] of states) {
    for (const [scope, s] of state.scopes) {
      rows.push({
        finding_id: findingId,
        project_id: projectId,
        scope,
        open: s.open ? 1 : 0,
        first_seen_at: s.firstSeenAt,
        last_seen_at: s.lastSeenAt,
        last_scan_id: s.lastScanId,
        closed_at: s.closedAt,
      });
    }
  }
  await bulkInsert(
    trx,
    dialect,
    'finding_scopes',
    SCOPE_COLUMNS,
    rows,
    {
      target: ['finding_id', 'scope'],
      update: ['open', 'first_seen_at', 'last_seen_at', 'last_scan_id', 'closed_at'],
    },
    { ordered: false },
  );
}

/** Records that a scan saw these findings. */
export async function saveSightings(
  trx: Trx,
  dialect: Dialect,
  scanId: string,
  findingIds: Iterable<string>,
): Promise<void> {
  const rows = [...findingIds].map((id) => ({ scan_id: scanId, finding_id: id }));
  await bulkInsert(
    trx,
    dialect,
    'scan_sightings',
    [
      { name: 'scan_id', type: 'text' },
      { name: 'finding_id', type: 'text' },
    ],
    rows,
    undefined,
    { ordered: false },
  );
}

const EVENT_COLUMNS: readonly BulkColumn[] = [
  { name: 'finding_id', type: 'text' },
  { name: 'project_id', type: 'text' },
  { name: 'type', type: 'text' },
  { name: 'at', type: 'bigint' },
  { name: 'actor_id', type: 'text' },
  { name: 'scan_id', type: 'text' },
  { name: 'stage', type: 'text' },
  { name: 'data', type: 'text' },
];

/**
 * Appends events in the order given (their ids keep that order), and rebuilds the triage
 * periods of the findings given a decision (triage-periods.ts). `dialect`: the store's.
 */
export async function insertEvents(
  trx: Trx,
  projectId: string,
  events: readonly NewEvent[],
  dialect: Dialect,
): Promise<void> {
  await bulkInsert(
    trx,
    dialect,
    'finding_events',
    EVENT_COLUMNS,
    events.map((e) => ({
      finding_id: e.findingId,
      project_id: projectId,
      type: e.type,
      at: e.at,
      actor_id: e.actorId,
      scan_id: e.scanId,
      stage: e.stage,
      data: JSON.stringify(e.data),
    })),
  );
  // Triage decisions also change the verdict periods the metrics read.
  const decided = new Set(
    events.filter((e) => isDecision(e.type, e.scanId)).map((e) => e.findingId),
  );
  if (decided.size > 0) await rebuildTriagePeriods(trx, dialect, [...decided]);
}

/** The event row of a lifecycle event. */
export function lifecycleEvent(findingId: string, e: LifecycleEvent): NewEvent {
  return {
    findingId,
    type: e.type,
    at: e.at,
    actorId: null,
    scanId: e.scanId,
    stage: e.stage,
    data: { scope: e.scope },
  };
}

/**
 * Before a replay: removes the scan-written lifecycle events of these findings dated at or
 * after `from` (the late scan's run time; nothing earlier can change, so earlier history
 * keeps its rows) and their scopes (state, rewritten whole). Triage events always stay.
 */
export async function clearDerived(
  trx: Trx,
  ids: readonly string[],
  from: number,
): Promise<number> {
  let removed = 0;
  for (const part of chunks(ids, 1000)) {
    const result = await trx
      .deleteFrom('finding_events')
      .where('finding_id', 'in', part)
      .where('type', 'in', [...LIFECYCLE_EVENT_TYPES])
      .where('scan_id', 'is not', null)
      .where('at', '>=', from)
      .executeTakeFirst();
    removed += Number(result.numDeletedRows);
    await trx.deleteFrom('finding_scopes').where('finding_id', 'in', part).execute();
  }
  return removed;
}
