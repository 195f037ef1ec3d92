import { type Kysely, sql, type Transaction } from 'kysely';
import { type BulkColumn, bulkInsert } from '../db/bulk-insert.js';
import type { Dialect } from '../db/database.js';
import { openIntervals } from '../metrics/lifecycle-model.js';
import { chunks } from './project-lock.js';
import type { LifecycleDatabase } from './tables.js';

// `finding_intervals` holds each finding's open intervals (DESIGN.md: a detection, or a
// reopen by a scan, opens one; a fix closes it) as the lifecycle model derives them from the
// finding's events, with what the metrics group and filter by (the finding's effective
// severity and scanner, its project's team). It is an index of the event history and of
// the finding rows, not a second source of truth: written in the transaction that writes
// what it derives from, and rebuilt from it (migrations 0007 and 0008 fill it for existing
// stores). The metrics read it so that no metric replays a finding's history per query.

type Db = Kysely<LifecycleDatabase> | Transaction<LifecycleDatabase>;

/** Event types that open or close an interval (a `reopened` opens one only when a scan wrote it). */
export const INTERVAL_EVENT_TYPES = ['detected', 'reopened', 'fixed'] as const;

/** What an interval carries of its finding: the metrics' dimensions. */
export interface IntervalDimensions {
  readonly team_id: string;
  /** The effective severity (a triage override, else the scanner's). */
  readonly severity: string;
  readonly scanner: string;
}

/** One row of `finding_intervals`. */
export interface IntervalRow extends IntervalDimensions {
  readonly finding_id: string;
  /** Its place among the finding's intervals, from 0 (two may start at the same time). */
  readonly seq: number;
  readonly project_id: string;
  readonly started_at: number;
  readonly ended_at: number | null;
}

const COLUMNS: readonly BulkColumn[] = [
  { name: 'finding_id', type: 'text' },
  { name: 'seq', type: 'integer' },
  { name: 'project_id', type: 'text' },
  { name: 'started_at', type: 'bigint' },
  { name: 'ended_at', type: 'bigint' },
  { name: 'team_id', type: 'text' },
  { name: 'severity', type: 'text' },
  { name: 'scanner', type: 'text' },
];

/** Writes intervals (of findings that have none stored). */
export async function insertIntervals(
  db: Db,
  dialect: Dialect,
  rows: readonly IntervalRow[],
): Promise<void> {
  await bulkInsert(db, dialect, 'finding_intervals', COLUMNS, rows, undefined, { ordered: false });
}

/** An event as the interval derivation reads it, with its finding's dimensions. */
export interface IntervalEvent extends IntervalDimensions {
  readonly id: number;
  readonly finding_id: string;
  readonly project_id: string;
  readonly type: string;
  readonly at: number;
  readonly scan_id: string | null;
}

/** The interval events of these findings, with their current dimensions. */
export async function intervalEventsOf(
  db: Db,
  findingIds: readonly string[],
): Promise<IntervalEvent[]> {
  if (findingIds.length === 0) return [];
  return db
    .selectFrom('finding_events as e')
    .innerJoin('findings as f', 'f.id', 'e.finding_id')
    .innerJoin('projects as p', 'p.id', 'f.project_id')
    .select([
      'e.id',
      'e.finding_id',
      'e.project_id',
      'e.type',
      'e.at',
      'e.scan_id',
      'p.team_id',
      'f.scanner',
      sql<string>`coalesce(f.severity_override, f.severity)`.as('severity'),
    ])
    .where('e.finding_id', 'in', findingIds)
    .where('e.type', 'in', [...INTERVAL_EVENT_TYPES])
    .execute();
}

/**
 * Recomputes the intervals of `findingIds` from their stored events and rows (written
 * before this call, in the same transaction) and replaces the stored ones.
 */
export async function rebuildIntervals(
  db: Db,
  dialect: Dialect,
  findingIds: readonly string[],
): Promise<void> {
  for (const part of chunks(findingIds, 1000)) {
    const events = await intervalEventsOf(db, part);
    await db.deleteFrom('finding_intervals').where('finding_id', 'in', part).execute();
    await insertIntervals(db, dialect, intervalsOfEvents(events));
  }
}

/** The intervals of the findings whose events (any order, any findings) are given. */
export function intervalsOfEvents(events: readonly IntervalEvent[]): IntervalRow[] {
  const byFinding = new Map<string, IntervalEvent[]>();
  for (const e of events) {
    const list = byFinding.get(e.finding_id);
    if (list) list.push(e);
    else byFinding.set(e.finding_id, [e]);
  }
  const rows: IntervalRow[] = [];
  for (const [findingId, list] of byFinding) {
    const first = list[0] as IntervalEvent;
    const model = list.map((e) => ({ id: e.id, type: e.type, at: e.at, scanId: e.scan_id }));
    for (const [seq, i] of openIntervals(model).entries())
      rows.push({
        finding_id: findingId,
        seq,
        project_id: first.project_id,
        started_at: i.start,
        ended_at: i.end,
        team_id: first.team_id,
        severity: first.severity,
        scanner: first.scanner,
      });
  }
  return rows;
}

/**
 * Copies the current dimensions of these findings (effective severity, scanner, team) onto
 * their intervals: after a severity override, or a scan that reports another severity.
 */
export async function syncIntervalDimensions(db: Db, findingIds: readonly string[]): Promise<void> {
  for (const part of chunks(findingIds, 1000)) {
    await sql`update finding_intervals set
        severity = (select coalesce(f.severity_override, f.severity) from findings f
          where f.id = finding_intervals.finding_id),
        scanner = (select f.scanner from findings f where f.id = finding_intervals.finding_id),
        team_id = (select p.team_id from findings f join projects p on p.id = f.project_id
          where f.id = finding_intervals.finding_id)
      where finding_id in (${sql.join(part.map((id) => sql`${id}`))})`.execute(db);
  }
}

/** Moves a project's intervals to its (new) team. */
export async function syncProjectTeam(db: Db, projectId: string): Promise<void> {
  await sql`update finding_intervals
    set team_id = (select p.team_id from projects p where p.id = ${projectId})
    where project_id = ${projectId}`.execute(db);
}
