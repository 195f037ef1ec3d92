import type { Kysely, Transaction } from 'kysely';
import { type BulkColumn, bulkInsert } from '../db/bulk-insert.js';
import type { Dialect } from '../db/database.js';
import { chunks } from './project-lock.js';
import type { LifecycleDatabase } from './tables.js';

// `triage_periods` holds, per finding, the periods during which a triage verdict (false
// positive, accepted risk) was in force, as the lifecycle model reads them from the events
// (`triageStateAt`: the last decision strictly before a time decides). Like
// `finding_intervals`, it is derived from the events in the transaction that writes them
// (insertEvents), so the metrics can ask "false positive at T?" of a few rows instead of
// every finding's history.

type Db = Kysely<LifecycleDatabase> | Transaction<LifecycleDatabase>;

/** Event types that decide a triage verdict (a `reopened` only when a person wrote it). */
export const DECISION_EVENT_TYPES = [
  'false_positive',
  'risk_accepted',
  'risk_expired',
  'reopened',
] as const;

/** Whether an event decides a triage verdict. */
export function isDecision(type: string, scanId: string | null): boolean {
  return type === 'reopened'
    ? scanId === null
    : (DECISION_EVENT_TYPES as readonly string[]).includes(type);
}

/** One row of `triage_periods`: the verdict holds at T when started_at < T <= ended_at. */
export interface TriagePeriodRow {
  readonly finding_id: string;
  readonly seq: number;
  readonly verdict: 'false_positive' | 'risk_accepted';
  readonly started_at: number;
  /** The next decision's time; null while in force. */
  readonly ended_at: number | null;
}

const COLUMNS: readonly BulkColumn[] = [
  { name: 'finding_id', type: 'text' },
  { name: 'seq', type: 'integer' },
  { name: 'verdict', type: 'text' },
  { name: 'started_at', type: 'bigint' },
  { name: 'ended_at', type: 'bigint' },
];

/** A decision event as the derivation reads it. */
export interface DecisionEvent {
  readonly id: number;
  readonly finding_id: string;
  readonly type: string;
  readonly at: number;
  readonly scan_id: string | null;
}

/**
 * The triage periods of the findings whose events are given (any order, any findings;
 * events other than decisions are ignored). Decisions are ordered by (at, id); each one
 * holds from its time until the next one's, so of several at one time the last decides.
 */
export function periodsOfEvents(events: readonly DecisionEvent[]): TriagePeriodRow[] {
  const byFinding = new Map<string, DecisionEvent[]>();
  for (const e of events) {
    if (!isDecision(e.type, e.scan_id)) continue;
    const list = byFinding.get(e.finding_id);
    if (list) list.push(e);
    else byFinding.set(e.finding_id, [e]);
  }
  const rows: TriagePeriodRow[] = [];
  for (const [findingId, list] of byFinding) {
    list.sort((a, b) => a.at - b.at || a.id - b.id);
    let seq = 0;
    list.forEach((e, index) => {
      if (e.type !== 'false_positive' && e.type !== 'risk_accepted') return;
      rows.push({
        finding_id: findingId,
        seq: seq++,
        verdict: e.type,
        started_at: e.at,
        ended_at: list[index + 1]?.at ?? null,
      });
    });
  }
  return rows;
}

/** Recomputes the triage periods of `findingIds` from their stored events. */
export async function rebuildTriagePeriods(
  db: Db,
  dialect: Dialect,
  findingIds: readonly string[],
): Promise<void> {
  for (const part of chunks(findingIds, 1000)) {
    const events = await db
      .selectFrom('finding_events')
      .select(['id', 'finding_id', 'type', 'at', 'scan_id'])
      .where('finding_id', 'in', part)
      .where('type', 'in', [...DECISION_EVENT_TYPES])
      .execute();
    await db.deleteFrom('triage_periods').where('finding_id', 'in', part).execute();
    await bulkInsert(db, dialect, 'triage_periods', COLUMNS, periodsOfEvents(events));
  }
}
