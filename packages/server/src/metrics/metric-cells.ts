import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import { type IntervalGroup, intervalGroups, parsePairs } from './interval-columns.js';
import {
  intervalsInScope,
  isPostgres,
  METRICS_WORK_MEM,
  type MetricsQuery,
  type MetricsScope,
  num,
  weekStart,
} from './metrics-sql.js';
import { DAY, WEEK, weekStartOf } from './time-units.js';

// Weekly cells of the fixed intervals (migration 0030): for each ISO week of the fix, team,
// effective severity and scanner, the intervals fixed in the week as one text of
// `start:end` pairs, false positives (now) left out. A metric over a window reads the whole
// weeks from the cells — a year org-wide is ~13,000 cells instead of ~400,000 rows — and
// the rest from `finding_intervals`: the partial weeks at the window's edges, weeks past
// the watermark or marked dirty, and weeks holding an interval of a finding whose
// false-positive verdict at `to` is not its verdict now. The cells are a cache of the rows,
// never a second truth: a week is read from them only when they are provably what the rows
// would give, in the same snapshot.

/** How long after its end a week waits before its cells are built (transactions in flight). */
export const CELLS_GRACE_MS = DAY;

/** A week's cells, rebuilt from `finding_intervals` (in the caller's transaction). */
async function buildWeek(db: Kysely<Database>, week: number): Promise<void> {
  await sql`delete from fixed_interval_cells where week = ${week}`.execute(db);
  await sql`insert into fixed_interval_cells (week, team_id, severity, scanner, n, pairs)
    select ${week}, i.team_id, i.severity, i.scanner, count(*),
      string_agg(cast(i.started_at as text) || ':' || cast(i.ended_at as text), ',')
    from finding_intervals i
    where i.ended_at >= ${week} and i.ended_at < ${week + WEEK}
      and i.finding_id not in (select tp.finding_id from triage_periods tp
        where tp.verdict = 'false_positive' and tp.ended_at is null)
    group by i.team_id, i.severity, i.scanner`.execute(db);
}

/** What a refresh did. */
export interface CellsRefresh {
  /** Weeks built as the watermark moved over them. */
  readonly built: number;
  /** Dirty weeks rebuilt. */
  readonly rebuilt: number;
  /** Every week before it is built (unless dirty). */
  readonly watermark: number;
}

/**
 * Brings the cells up to date at `now`: rebuilds the dirty weeks, then moves the watermark
 * over the weeks that ended at least {@link CELLS_GRACE_MS} ago, building each that has
 * fixed intervals. One transaction per week; on PostgreSQL each locks its dirty row (or the
 * watermark) first, so a transaction that changed the week and is still in flight is waited
 * for, and one that changes it later marks it dirty again. At most `maxWeeks` weeks a call.
 */
export async function refreshMetricCells(
  db: Kysely<Database>,
  now: number,
  options: { readonly maxWeeks?: number } = {},
): Promise<CellsRefresh> {
  const postgres = isPostgres(db);
  const lock = postgres ? sql` for update` : sql``;
  let budget = options.maxWeeks ?? 520;
  let rebuilt = 0;
  let built = 0;
  const dirty = await sql<{ week: unknown }>`select week from metric_cells_dirty
    order by week limit ${budget}`.execute(db);
  for (const row of dirty.rows) {
    const week = num(row.week);
    const done = await db.transaction().execute(async (trx) => {
      const still =
        await sql`select week from metric_cells_dirty where week = ${week}${lock}`.execute(trx);
      if (still.rows.length === 0) return false;
      await buildWeek(trx, week);
      await sql`delete from metric_cells_dirty where week = ${week}`.execute(trx);
      return true;
    });
    if (done) rebuilt++;
    budget--;
  }
  const target = weekStartOf(now - CELLS_GRACE_MS);
  let watermark = 0;
  for (;;) {
    const step = await db.transaction().execute(async (trx) => {
      const state = await sql<{ watermark: unknown }>`select watermark from metric_cells_state
        where id = 1${lock}`.execute(trx);
      const at = num(state.rows[0]?.watermark ?? 0);
      if (at >= target || budget <= 0) return { watermark: at, built: false, done: true };
      // The next week with a fix; the weeks before it have none, so nothing to build.
      const next = await sql<{ first: unknown }>`select min(ended_at) as first
        from finding_intervals where ended_at >= ${at} and ended_at < ${target}`.execute(trx);
      const first = next.rows[0]?.first;
      const week = first === null || first === undefined ? null : weekStartOf(num(first));
      if (week !== null) await buildWeek(trx, week);
      const moved = week === null ? target : week + WEEK;
      await sql`update metric_cells_state set watermark = ${moved} where id = 1`.execute(trx);
      return { watermark: moved, built: week !== null, done: false };
    });
    watermark = step.watermark;
    if (step.done) break;
    if (step.built) {
      built++;
      budget--;
    }
  }
  return { built, rebuilt, watermark };
}

/** The scope as a condition on a cell `c` (it has team, severity and scanner, not project). */
function cellScope(scope: MetricsScope): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [];
  if (scope.teamIds !== null)
    parts.push(
      scope.teamIds.length === 0
        ? sql`1 = 0`
        : sql`c.team_id in (${sql.join(scope.teamIds.map((id) => sql`${id}`))})`,
    );
  if (scope.severity !== undefined) parts.push(sql`c.severity = ${scope.severity}`);
  if (scope.scanner !== undefined) parts.push(sql`c.scanner = ${scope.scanner}`);
  return parts.length === 0 ? sql`1 = 1` : sql.join(parts, sql` and `);
}

/** Runs `read` in one read-only snapshot: the watermark, dirty weeks, cells and rows agree. */
function inSnapshot<T>(db: Kysely<Database>, read: (db: Kysely<Database>) => Promise<T>) {
  if (db.isTransaction) return read(db);
  if (!isPostgres(db)) return db.transaction().execute(read);
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (trx) => {
      await sql`set local work_mem = ${sql.lit(METRICS_WORK_MEM)}`.execute(trx);
      return read(trx);
    });
}

/** Adds `more` to the groups by team, severity and scanner. */
function mergeGroups(into: Map<string, IntervalGroup>, more: readonly IntervalGroup[]): void {
  for (const g of more) {
    const key = `${g.teamId}\u0000${g.severity}\u0000${g.scanner}`;
    const have = into.get(key);
    if (!have) {
      into.set(key, g);
      continue;
    }
    const starts = new Float64Array(have.starts.length + g.starts.length);
    starts.set(have.starts);
    starts.set(g.starts, have.starts.length);
    const ends = new Float64Array(have.ends.length + g.ends.length);
    ends.set(have.ends);
    ends.set(g.ends, have.ends.length);
    into.set(key, { ...have, starts, ends });
  }
}

/** The most ranges of rows read apart before one read of the whole window is cheaper. */
const MAX_ROW_RANGES = 8;

/**
 * The open intervals fixed in [from, to) within the scope, false positives at `to` left
 * out, as columns by team, severity and scanner: what `finding_intervals` gives
 * ({@link intervalGroups}), read from the weekly cells where they hold the same. A scope of
 * projects reads the rows (cells have no project).
 */
export async function fixedGroupsInWindow(
  db: Kysely<Database>,
  query: MetricsQuery,
): Promise<IntervalGroup[]> {
  const rows = (from: number, to: number) =>
    sql`i.ended_at >= ${from} and i.ended_at < ${to} and ${intervalsInScope(query)}`;
  if (query.projectId !== undefined || query.projectIds !== undefined)
    return intervalGroups(db, rows(query.from, query.to));
  return inSnapshot(db, async (reader) => {
    const state = await sql<{ watermark: unknown }>`select watermark from metric_cells_state
      where id = 1`.execute(reader);
    const watermark = num(state.rows[0]?.watermark ?? 0);
    const whole: number[] = [];
    for (let w = weekStartOf(query.from); w + WEEK <= Math.min(query.to, watermark); w += WEEK)
      if (w >= query.from) whole.push(w);
    if (whole.length === 0) return intervalGroups(reader, rows(query.from, query.to));
    const first = whole[0] as number;
    const last = whole[whole.length - 1] as number;
    // Weeks whose cells may not be the rows: dirty, or holding a fix of a finding whose
    // false-positive verdict at `to` differs from its verdict now (the cells leave out only
    // the false positives of now). Both lists are short unless `to` is long past.
    const [dirty, differing] = await Promise.all([
      sql<{ week: unknown }>`select week from metric_cells_dirty
        where week >= ${first} and week <= ${last}`.execute(reader),
      sql<{ week: unknown }>`select distinct ${weekStart(sql`i.ended_at`)} as week
        from finding_intervals i
        where i.ended_at >= ${first} and i.ended_at < ${last + WEEK}
          and i.finding_id in (select tp.finding_id from triage_periods tp
            where tp.verdict = 'false_positive'
              and ((tp.started_at < ${query.to} and tp.ended_at >= ${query.to})
                or (tp.started_at >= ${query.to} and tp.ended_at is null)))`.execute(reader),
    ]);
    const skip = new Set([...dirty.rows, ...differing.rows].map((r) => num(r.week)));
    const cells = whole.filter((w) => !skip.has(w));
    // The rest of the window, as ranges between the weeks read from cells.
    const ranges: [number, number][] = [];
    let at = query.from;
    for (const w of cells) {
      if (w > at) ranges.push([at, w]);
      at = w + WEEK;
    }
    if (at < query.to) ranges.push([at, query.to]);
    if (cells.length === 0 || ranges.length > MAX_ROW_RANGES)
      return intervalGroups(reader, rows(query.from, query.to));
    const out = new Map<string, IntervalGroup>();
    const cellRows = await sql<{
      team_id: string;
      severity: string;
      scanner: string;
      n: unknown;
      pairs: string;
    }>`select c.team_id as team_id, c.severity as severity, c.scanner as scanner,
        sum(c.n) as n, string_agg(c.pairs, ',') as pairs
      from fixed_interval_cells c
      where c.week in (${sql.join(cells.map((w) => sql`${w}`))}) and ${cellScope(query)}
      group by c.team_id, c.severity, c.scanner`.execute(reader);
    mergeGroups(
      out,
      cellRows.rows.map((r) => ({
        teamId: r.team_id,
        severity: r.severity,
        scanner: r.scanner,
        ...parsePairs(r.pairs, num(r.n)),
      })),
    );
    for (const [from, to] of ranges) mergeGroups(out, await intervalGroups(reader, rows(from, to)));
    return [...out.values()];
  });
}
