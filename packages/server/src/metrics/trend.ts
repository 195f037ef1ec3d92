import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import { cellsView, countsByWeek, inCellsSnapshot, rowsIn } from './metric-cells.js';
import { type MetricsQuery, num, openFindingsAt, weekStart } from './metrics-sql.js';
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
 * exact because only an interval's start or fix changes it. The weeks' counts come from the
 * weekly cells where they hold the rows (metric-cells.ts), the rest is counted in SQL. The
 * open count at `from` is the intervals started before it less those fixed before it (a
 * fix is never before its start), both from the cells; when they cannot say, the open
 * intervals at `from` are counted.
 */
export async function computeTrend(
  db: Kysely<Database>,
  query: MetricsQuery,
): Promise<TrendReport> {
  const atStart = (reader: Kysely<Database>) =>
    sql<{ n: unknown }>`select count(*) as n
      from (${openFindingsAt(query, query.from)}) o`.execute(reader);
  const perWeek = (reader: Kysely<Database>, kind: 'started' | 'fixed') => {
    const at = sql.ref(kind === 'started' ? 'i.started_at' : 'i.ended_at');
    return sql<{ week: unknown; n: unknown }>`select ${weekStart(at)} as week, count(*) as n
      from finding_intervals i where ${rowsIn(query, kind, query.from, query.to)}
      group by ${weekStart(at)}`.execute(reader);
  };
  const byWeek = (rows: readonly { week: unknown; n: unknown }[]) =>
    new Map(rows.map((r) => [num(r.week), num(r.n)]));
  const total = (counts: ReadonlyMap<number, number>) => {
    let n = 0;
    for (const v of counts.values()) n += v;
    return n;
  };
  const { openedByWeek, fixedByWeek, openAtStart } = await inCellsSnapshot(db, async (reader) => {
    const view = await cellsView(reader, query);
    const opened =
      (await countsByWeek(reader, view, query, 'started', query.from, query.to)) ??
      byWeek((await perWeek(reader, 'started')).rows);
    const fixed =
      (await countsByWeek(reader, view, query, 'fixed', query.from, query.to)) ??
      byWeek((await perWeek(reader, 'fixed')).rows);
    const startedBefore = await countsByWeek(reader, view, query, 'started', 0, query.from);
    const fixedBefore =
      startedBefore === null
        ? null
        : await countsByWeek(reader, view, query, 'fixed', 0, query.from);
    const open =
      startedBefore !== null && fixedBefore !== null
        ? total(startedBefore) - total(fixedBefore)
        : num((await atStart(reader)).rows[0]?.n ?? 0);
    return { openedByWeek: opened, fixedByWeek: fixed, openAtStart: open };
  });
  let open = openAtStart;
  const weeks = weeksOverlapping(query.from, query.to).map((w) => {
    const o = openedByWeek.get(w) ?? 0;
    const x = fixedByWeek.get(w) ?? 0;
    open += o - x;
    return { ...weekRef(w), opened: o, fixed: x, openAtEnd: open };
  });
  return { window: windowRef(query), openAtStart, weeks };
}
