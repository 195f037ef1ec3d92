import type { Kysely, Transaction } from 'kysely';
import { type BulkColumn, bulkInsert } from '../db/bulk-insert.js';
import type { Dialect } from '../db/database.js';
import { openIntervals } from '../metrics/lifecycle-model.js';
import { chunks } from './project-lock.js';
import type { LifecycleDatabase } from './tables.js';

// `finding_intervals` holds each finding's open intervals (DESIGN.md: a detection, or a
// reopen by a scan, opens one; a fix closes it) as the lifecycle model derives them from the
// finding's events. It is an index of the event history, not a second source of truth:
// written in the transaction that writes the events it derives from, and rebuilt from
// them (migration 0007 fills it for existing stores). The metrics read it so that no
// metric replays a finding's history per query.

type Db = Kysely<LifecycleDatabase> | Transaction<LifecycleDatabase>;

/** Event types that open or close an interval (a `reopened` opens one only when a scan wrote it). */
export const INTERVAL_EVENT_TYPES = ['detected', 'reopened', 'fixed'] as const;

/** One row of `finding_intervals`. */
export interface IntervalRow {
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
];

/** Writes intervals (of findings that have none stored). */
export async function insertIntervals(
  db: Db,
  dialect: Dialect,
  rows: readonly IntervalRow[],
): Promise<void> {
  await bulkInsert(db, dialect, 'finding_intervals', COLUMNS, rows);
}

/**
 * Recomputes the intervals of `findingIds` from their stored events (written before this
 * call, in the same transaction) and replaces the stored ones.
 */
export async function rebuildIntervals(
  db: Db,
  dialect: Dialect,
  findingIds: readonly string[],
): Promise<void> {
  for (const part of chunks(findingIds, 1000)) {
    const events = await db
      .selectFrom('finding_events')
      .select(['id', 'finding_id', 'project_id', 'type', 'at', 'scan_id'])
      .where('finding_id', 'in', part)
      .where('type', 'in', [...INTERVAL_EVENT_TYPES])
      .execute();
    await db.deleteFrom('finding_intervals').where('finding_id', 'in', part).execute();
    await insertIntervals(db, dialect, intervalsOfEvents(events));
  }
}

/** The intervals of the findings whose events (any order, any findings) are given. */
export function intervalsOfEvents(
  events: readonly {
    id: number;
    finding_id: string;
    project_id: string;
    type: string;
    at: number;
    scan_id: string | null;
  }[],
): IntervalRow[] {
  const byFinding = new Map<string, typeof events>();
  for (const e of events) {
    const list = byFinding.get(e.finding_id);
    if (list) (list as (typeof e)[]).push(e);
    else byFinding.set(e.finding_id, [e]);
  }
  const rows: IntervalRow[] = [];
  for (const [findingId, list] of byFinding) {
    const projectId = list[0]?.project_id as string;
    const model = list.map((e) => ({ id: e.id, type: e.type, at: e.at, scanId: e.scan_id }));
    for (const [seq, i] of openIntervals(model).entries())
      rows.push({
        finding_id: findingId,
        seq,
        project_id: projectId,
        started_at: i.start,
        ended_at: i.end,
      });
  }
  return rows;
}
