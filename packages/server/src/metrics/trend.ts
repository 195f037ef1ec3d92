import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import {
  intervalsInScope,
  type MetricsQuery,
  num,
  openFindingsAt,
  weekStart,
} from './metrics-sql.js';
import { type WeekRef, type WindowRef, weekRef, windowRef } from './report-support.js';
import { weeksOverlapping } from './time-units.js';

/** One week of the trend. */
export interface TrendWeek extends WeekRef {
  /** Open intervals started in the week (a reopen starts one). */
  readonly opened: number;
  /** Open intervals fixed in the week. */
  readonly fixed: number;
  /** Open at the end of the week (or at `to` for the last, partial week). */
  readonly openAtEnd: number;
}

/** Weekly series for charts. */
export interface TrendReport {
  readonly window: WindowRef;
  /** Open at `from`. */
  readonly openAtStart: number;
  /** Every ISO week overlapping the window; the first and last are clipped to it. */
  readonly weeks: readonly TrendWeek[];
}

/**
 * Weekly trend: intervals opened and fixed per ISO week of the window, and the findings
 * open at each week's end — the open count at `from` plus the running difference, which is
 * exact because only an interval's start or fix changes it. Counted in SQL.
 */
export async function computeTrend(
  db: Kysely<Database>,
  query: MetricsQuery,
): Promise<TrendReport> {
  const atStart = () =>
    sql<{ n: unknown }>`select count(*) as n
      from (${openFindingsAt(query, query.from)}) o`.execute(db);
  const perWeek = (column: 'started_at' | 'ended_at') => {
    const at = sql.ref(`i.${column}`);
    return sql<{ week: unknown; n: unknown }>`select ${weekStart(at)} as week, count(*) as n
      from finding_intervals i
      where ${at} >= ${query.from} and ${at} < ${query.to} and ${intervalsInScope(query)}
      group by ${weekStart(at)}`.execute(db);
  };
  // Three independent reads: on PostgreSQL each runs on a connection of its own, at once.
  const [started, opened, fixed] = await Promise.all([
    atStart(),
    perWeek('started_at'),
    perWeek('ended_at'),
  ]);
  const byWeek = (rows: readonly { week: unknown; n: unknown }[]) =>
    new Map(rows.map((r) => [num(r.week), num(r.n)]));
  const openedByWeek = byWeek(opened.rows);
  const fixedByWeek = byWeek(fixed.rows);
  const openAtStart = num(started.rows[0]?.n ?? 0);
  let open = openAtStart;
  const weeks = weeksOverlapping(query.from, query.to).map((w) => {
    const o = openedByWeek.get(w) ?? 0;
    const x = fixedByWeek.get(w) ?? 0;
    open += o - x;
    return { ...weekRef(w), opened: o, fixed: x, openAtEnd: open };
  });
  return { window: windowRef(query), openAtStart, weeks };
}
