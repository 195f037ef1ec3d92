import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import {
  type FixedGroup,
  fixedColumns,
  type IntervalGroup,
  intervalGroups,
  parseIntegers,
  parsePairs,
} from './interval-columns.js';
import {
  intervalScope,
  intervalsInScope,
  isPostgres,
  type MetricsQuery,
  num,
  severityOf,
  weekStart,
  withMetricsMemory,
} from './metrics-sql.js';
import { DAY, WEEK, weekStartOf } from './time-units.js';

// Weekly cells of the open intervals (migration 0030): per kind — `fixed`, by the ISO week
// of the fix; `started`, by the week the interval started — week, team, effective severity
// and scanner, the week's intervals as one text — `start:end` pairs for `started`, times to
// fix (`end − start`) for `fixed` (0033) — how many are open now and how many of those are
// accepted risks now (0032), false positives (now) left out. The
// job keeps the cells of first detections (0032, detection-cells.ts) alongside. A metric
// over a window reads its whole weeks from the cells (a year of the organisation: ~13,000
// cells instead of ~400,000 rows) and the rest from `finding_intervals`: the partial weeks
// at the window's edges, weeks past the watermark or marked dirty, and weeks holding an
// interval of a finding whose false-positive verdict at `to` is not its verdict now. The
// cells are a cache of the rows, never a second truth: a week is read from them only when
// they are provably what the rows would give, in the same snapshot.

/** The cells of the intervals fixed in a week, or started in it. */
export type CellKind = 'fixed' | 'started';

const COLUMN: Record<CellKind, 'ended_at' | 'started_at'> = {
  fixed: 'ended_at',
  started: 'started_at',
};

/** How long after its end a week waits before its cells are built (transactions in flight). */
export const CELLS_GRACE_MS = DAY;

/** The findings that are false positives now (a period with no end), as a subquery. */
const falsePositivesNow = sql`select tp.finding_id from triage_periods tp
  where tp.verdict = 'false_positive' and tp.ended_at is null`;

/** The findings that are accepted risks now (a period with no end), as a subquery. */
const acceptedNow = sql`select tp.finding_id from triage_periods tp
  where tp.verdict = 'risk_accepted' and tp.ended_at is null`;

/**
 * A week's cells of one kind, rebuilt from `finding_intervals` (in the caller's transaction).
 * A `started` cell's intervals are `start:end` pairs (`pairs`; no end while open); a `fixed`
 * cell's are their times to fix (`durations`, 0033), all that MTTR and SLA compliance need
 * of them (the week of the fix is the cell's): less than half the text to send and parse.
 */
async function buildWeek(db: Kysely<Database>, kind: CellKind, week: number): Promise<void> {
  const column = sql.ref(`i.${COLUMN[kind]}`);
  const pairs =
    kind === 'started'
      ? sql`string_agg(cast(i.started_at as text) || ':' || coalesce(cast(i.ended_at as text), ''), ',')`
      : sql`''`;
  const durations =
    kind === 'fixed' ? sql`string_agg(cast(i.ended_at - i.started_at as text), ',')` : sql`''`;
  await sql`delete from interval_cells where kind = ${kind} and week = ${week}`.execute(db);
  await sql`insert into interval_cells
      (kind, week, team_id, severity, scanner, n, open_n, accepted_n, pairs, durations)
    select ${kind}, ${week}, i.team_id, i.severity, i.scanner, count(*),
      sum(case when i.ended_at is null then 1 else 0 end),
      sum(case when i.ended_at is null and i.finding_id in (${acceptedNow}) then 1 else 0 end),
      ${pairs}, ${durations}
    from finding_intervals i
    where ${column} >= ${week} and ${column} < ${week + WEEK}
      and i.finding_id not in (${falsePositivesNow})
    group by i.team_id, i.severity, i.scanner`.execute(db);
}

/**
 * A week's cells of first detections (0032), rebuilt from `findings` (in the caller's
 * transaction): per team, effective severity, scanner and first stage the findings first
 * detected in the week, how many are open now, how many name a CWE, how many have been
 * seen at `main` or `production`, and how many have not and are open; and per team,
 * severity, scanner and CWE, the findings naming it and how many of them are open now.
 */
async function buildDetectionWeek(db: Kysely<Database>, week: number): Promise<void> {
  await sql`delete from detection_cells where week = ${week}`.execute(db);
  const findings = sql`select p.team_id as team_id, ${severityOf} as severity,
      f.scanner as scanner, f.first_seen_stage as stage, f.id as id,
      case when f.promoted_at is null then 0 else 1 end as promoted,
      case when exists (select 1 from finding_intervals i
        where i.finding_id = f.id and i.ended_at is null) then 1 else 0 end as open
    from findings f join projects p on p.id = f.project_id
    where f.first_seen_at >= ${week} and f.first_seen_at < ${week + WEEK}
      and f.id not in (${falsePositivesNow})`;
  await sql`insert into detection_cells
      (week, team_id, severity, scanner, stage, cwe, n, open_n, cwe_n, promoted_n, pending_n)
    select ${week}, d.team_id, d.severity, d.scanner, d.stage, '', count(*), sum(d.open),
      sum(case when exists (select 1 from finding_cwes c where c.finding_id = d.id)
        then 1 else 0 end),
      sum(d.promoted), sum((1 - d.promoted) * d.open)
    from (${findings}) d
    group by d.team_id, d.severity, d.scanner, d.stage`.execute(db);
  await sql`insert into detection_cells
      (week, team_id, severity, scanner, stage, cwe, n, open_n, cwe_n, promoted_n, pending_n)
    select ${week}, d.team_id, d.severity, d.scanner, '', c.cwe, count(*), sum(d.open), 0, 0, 0
    from (${findings}) d join finding_cwes c on c.finding_id = d.id
    group by d.team_id, d.severity, d.scanner, c.cwe`.execute(db);
}

/** Every kind of cell the job keeps: the intervals' and the first detections' (0032). */
type AnyCellKind = CellKind | 'detected';

/** A week's cells of any kind, rebuilt (in the caller's transaction). */
function buildAnyWeek(db: Kysely<Database>, kind: AnyCellKind, week: number): Promise<void> {
  return kind === 'detected' ? buildDetectionWeek(db, week) : buildWeek(db, kind, week);
}

/** What a refresh did. */
export interface CellsRefresh {
  /** Weeks built as the watermark moved over them. */
  readonly built: number;
  /** Dirty cells (a kind and a week) rebuilt. */
  readonly rebuilt: number;
  /** Every week before it is built (unless dirty). */
  readonly watermark: number;
}

/** PostgreSQL's codes: a serialization failure, a key written at once, a lock not granted in time. */
const SERIALIZATION_FAILURE = '40001';
const UNIQUE_VIOLATION = '23505';
const LOCK_NOT_AVAILABLE = '55P03';

function pgCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error
    ? String((error as { code: unknown }).code)
    : undefined;
}

/**
 * Brings the cells up to date at `now`: rebuilds the dirty weeks, then moves the watermark
 * over the weeks that ended at least {@link CELLS_GRACE_MS} ago, building each that has
 * intervals. One transaction per week. On PostgreSQL a rebuild reads the week's dirty rows
 * and the intervals in one snapshot and deletes only those rows, so a change in flight
 * leaves its own row behind; moving the watermark locks it (`for update`, which the
 * triggers' `for share` holds off until the changes in flight end), and gives up for this
 * run after 200 ms rather than keep ingest waiting. At most `maxWeeks` weeks a call.
 */
export async function refreshMetricCells(
  db: Kysely<Database>,
  now: number,
  options: { readonly maxWeeks?: number } = {},
): Promise<CellsRefresh> {
  const postgres = isPostgres(db);
  let budget = options.maxWeeks ?? 520;
  let rebuilt = 0;
  let built = 0;
  const dirty = await sql<{ kind: AnyCellKind; week: unknown }>`select distinct kind, week
    from metric_cells_dirty order by week, kind limit ${budget}`.execute(db);
  for (const row of dirty.rows) {
    const week = num(row.week);
    const rebuild = async (trx: Kysely<Database>) => {
      const seen = await sql<{ tx: unknown }>`select tx from metric_cells_dirty
        where kind = ${row.kind} and week = ${week}`.execute(trx);
      if (seen.rows.length === 0) return false;
      await buildAnyWeek(trx, row.kind, week);
      await sql`delete from metric_cells_dirty where kind = ${row.kind} and week = ${week}
        and tx in (${sql.join(seen.rows.map((r) => sql`${num(r.tx)}`))})`.execute(trx);
      return true;
    };
    try {
      const done = postgres
        ? await db.transaction().setIsolationLevel('repeatable read').execute(rebuild)
        : await db.transaction().execute(rebuild);
      if (done) rebuilt++;
    } catch (error) {
      // Another instance rebuilt it at the same time: its rebuild stands.
      const code = pgCode(error);
      if (code !== SERIALIZATION_FAILURE && code !== UNIQUE_VIOLATION) throw error;
    }
    budget--;
  }
  const target = weekStartOf(now - CELLS_GRACE_MS);
  let watermark = 0;
  for (;;) {
    let step: { watermark: number; built: boolean; done: boolean };
    try {
      step = await db.transaction().execute(async (trx) => {
        if (postgres) await sql`set local lock_timeout = '200ms'`.execute(trx);
        const state = await sql<{ watermark: unknown }>`select watermark from metric_cells_state
          where id = 1${postgres ? sql` for update` : sql``}`.execute(trx);
        const at = num(state.rows[0]?.watermark ?? 0);
        if (at >= target || budget <= 0) return { watermark: at, built: false, done: true };
        // The next week with an interval or a first detection; the weeks before it have
        // none, so no cells.
        const next = await sql<{ first: unknown }>`select min(t) as first from (
            select min(ended_at) as t from finding_intervals
              where ended_at >= ${at} and ended_at < ${target}
            union all
            select min(started_at) as t from finding_intervals
              where started_at >= ${at} and started_at < ${target}
            union all
            select min(first_seen_at) as t from findings
              where first_seen_at >= ${at} and first_seen_at < ${target}
          ) m`.execute(trx);
        const first = next.rows[0]?.first;
        const week = first === null || first === undefined ? null : weekStartOf(num(first));
        if (week !== null)
          for (const kind of ['fixed', 'started', 'detected'] as const)
            await buildAnyWeek(trx, kind, week);
        const moved = week === null ? target : week + WEEK;
        await sql`update metric_cells_state set watermark = ${moved} where id = 1`.execute(trx);
        return { watermark: moved, built: week !== null, done: false };
      });
    } catch (error) {
      // Ingest holds the watermark for longer than we wait: the next run moves it.
      if (pgCode(error) !== LOCK_NOT_AVAILABLE) throw error;
      const state = await sql<{ watermark: unknown }>`select watermark from metric_cells_state
        where id = 1`.execute(db);
      watermark = num(state.rows[0]?.watermark ?? 0);
      break;
    }
    watermark = step.watermark;
    if (step.done) break;
    if (step.built) {
      built++;
      budget--;
    }
  }
  return { built, rebuilt, watermark };
}

/** Runs `read` in one read-only snapshot ({@link withMetricsMemory}'s `snapshot`). */
export function inCellsSnapshot<T>(
  db: Kysely<Database>,
  read: (db: Kysely<Database>) => Promise<T>,
): Promise<T> {
  return withMetricsMemory(db, read, { snapshot: true });
}

/** The most ranges left to the rows before one read of the whole span is cheaper. */
const MAX_ROW_RANGES = 8;

/**
 * What a read needs to know, once per snapshot: the watermark, and per kind the weeks whose
 * cells may not be the rows — dirty, or holding an interval of a finding whose
 * false-positive verdict at `to` differs from its verdict now (the cells leave out only the
 * false positives of now). Both lists are short unless `to` is long past: the verdicts that
 * differ are the periods that ended at or after `to` (an index of ended periods, 0030) and
 * those begun at or after it that still hold.
 */
export interface CellsView {
  readonly watermark: number;
  readonly skip: Readonly<Record<CellKind, ReadonlySet<number>>>;
}

/**
 * The findings whose `verdict` (false positive, or accepted risk) at `at` is not their
 * verdict now: a period that held at `at` and has ended since (the index of ended periods),
 * or one begun at or after `at` that still holds. Few unless `at` is long past.
 */
export function verdictDiffersAt(
  at: number,
  verdict: 'false_positive' | 'risk_accepted' = 'false_positive',
): RawBuilder<unknown> {
  return sql`select tp.finding_id from triage_periods tp
      where tp.ended_at >= ${at} and tp.verdict = ${verdict} and tp.started_at < ${at}
    union all
    select tp.finding_id from triage_periods tp
      where tp.verdict = ${verdict} and tp.started_at >= ${at} and tp.ended_at is null`;
}

/** The {@link CellsView} for `query`; null when the cells cannot serve it (a scope of projects). */
export async function cellsView(
  reader: Kysely<Database>,
  query: MetricsQuery,
): Promise<CellsView | null> {
  if (query.projectId !== undefined || query.projectIds !== undefined) return null;
  const state = await sql<{ watermark: unknown }>`select watermark from metric_cells_state
    where id = 1`.execute(reader);
  const dirty = await sql<{ kind: CellKind; week: unknown }>`select distinct kind, week
    from metric_cells_dirty where kind in ('fixed', 'started')`.execute(reader);
  const differing = await sql<{ started: unknown; fixed: unknown }>`select distinct
      ${weekStart(sql`i.started_at`)} as started, ${weekStart(sql`i.ended_at`)} as fixed
    from finding_intervals i
    where i.finding_id in (${verdictDiffersAt(query.to)})`.execute(reader);
  const skip = { fixed: new Set<number>(), started: new Set<number>() };
  for (const r of dirty.rows) skip[r.kind].add(num(r.week));
  for (const r of differing.rows) {
    skip.started.add(num(r.started));
    if (r.fixed !== null) skip.fixed.add(num(r.fixed));
  }
  return { watermark: num(state.rows[0]?.watermark ?? 0), skip };
}

/** Which weeks of [from, to) to read from the cells, and which ranges from the rows. */
export interface ReadPlan {
  readonly cells: readonly number[];
  readonly rows: readonly (readonly [number, number])[];
}

/**
 * Plans a read of the intervals of `kind` whose time (fix or start) is in [from, to): the
 * whole weeks behind the watermark the view does not skip from the cells, the rest from
 * the rows; null when the cells would not help (no such week, or too many ranges left).
 */
export function planRead(
  view: CellsView | null,
  kind: CellKind,
  from: number,
  to: number,
): ReadPlan | null {
  return view === null ? null : planWeeks(view.watermark, view.skip[kind], from, to);
}

/**
 * Plans a read of [from, to) over weekly cells: the whole weeks before `watermark` not in
 * `skip` from the cells, the rest from the rows; null when the cells would not help (no
 * whole week, or more than `maxRanges` ranges left to the rows).
 */
export function planWeeks(
  watermark: number,
  skip: ReadonlySet<number>,
  from: number,
  to: number,
  maxRanges = MAX_ROW_RANGES,
): ReadPlan | null {
  const end = Math.min(to, watermark);
  const startWeek = weekStartOf(from) < from ? weekStartOf(from) + WEEK : weekStartOf(from);
  if (startWeek + WEEK > end) return null;
  const lastWeek = weekStartOf(end - WEEK);
  const cells: number[] = [];
  const rows: [number, number][] = [];
  let at = from;
  for (let w = startWeek; w <= lastWeek; w += WEEK) {
    if (skip.has(w)) continue;
    if (w > at) rows.push([at, w]);
    cells.push(w);
    at = w + WEEK;
  }
  if (at < to) rows.push([at, to]);
  return cells.length === 0 || rows.length > maxRanges ? null : { cells, rows };
}

/** Runs of consecutive weeks, as [first, last] week starts. */
function weekRuns(weeks: readonly number[]): [number, number][] {
  const runs: [number, number][] = [];
  for (const w of weeks) {
    const last = runs[runs.length - 1];
    if (last !== undefined && last[1] + WEEK === w) last[1] = w;
    else runs.push([w, w]);
  }
  return runs;
}

/** The weeks as a condition on a cell `c`: one range per run of consecutive weeks. */
export function cellWeeks(weeks: readonly number[]): RawBuilder<unknown> {
  return sql`(${sql.join(
    weekRuns(weeks).map(([a, b]) => sql`(c.week >= ${a} and c.week <= ${b})`),
    sql` or `,
  )})`;
}

/** The weeks as a condition on an interval's time `column`: one range per run. */
export function inWeeks(
  column: RawBuilder<unknown>,
  weeks: readonly number[],
): RawBuilder<unknown> {
  return sql`(${sql.join(
    weekRuns(weeks).map(([a, b]) => sql`(${column} >= ${a} and ${column} < ${b + WEEK})`),
    sql` or `,
  )})`;
}

/** What identifies a group of intervals. */
interface GroupKey {
  readonly teamId: string;
  readonly severity: string;
  readonly scanner: string;
}

/** The names of a group's columns (its Float64Arrays). */
type ColumnsOf<G> = readonly { [K in keyof G]: G[K] extends Float64Array ? K : never }[keyof G][];

/** Adds `more` to the groups by team, severity and scanner, joining their `columns`. */
function mergeGroups<G extends GroupKey>(
  into: Map<string, G>,
  more: readonly G[],
  columns: ColumnsOf<G>,
): void {
  for (const g of more) {
    const key = `${g.teamId}\u0000${g.severity}\u0000${g.scanner}`;
    const have = into.get(key);
    if (!have) {
      into.set(key, g);
      continue;
    }
    const joined = { ...have };
    for (const name of columns) {
      const a = have[name] as Float64Array;
      const b = g[name] as Float64Array;
      const both = new Float64Array(a.length + b.length);
      both.set(a);
      both.set(b, a.length);
      (joined as Record<keyof G, unknown>)[name] = both;
    }
    into.set(key, joined);
  }
}

/** The rows' condition: the kind's time in [from, to), within the scope, no false positives at `to`. */
export function rowsIn(
  query: MetricsQuery,
  kind: CellKind,
  from: number,
  to: number,
): RawBuilder<unknown> {
  const column = sql.ref(`i.${COLUMN[kind]}`);
  return sql`${column} >= ${from} and ${column} < ${to} and ${intervalsInScope(query)}`;
}

/**
 * The intervals whose time (fix or start) is in one of `ranges` ([from, to) each), as a
 * derived table to alias `i` (its finding, times, team, severity and scanner: no project,
 * as a scope of projects never reads cells). One branch per range, so each is an index
 * range read alone (an `or` of ranges made PostgreSQL read the table's pages through a
 * bitmap); materialised, so that the caller's filters (the scope, the false positives) run
 * once over all of them rather than once per branch.
 */
export function rowsInRanges(
  kind: CellKind,
  ranges: readonly (readonly [number, number])[],
): RawBuilder<unknown> {
  const column = sql.ref(`r.${COLUMN[kind]}`);
  return sql`(with ranges as materialized (${sql.join(
    ranges.map(
      ([from, to]) => sql`select r.finding_id as finding_id, r.started_at as started_at,
          r.ended_at as ended_at, r.team_id as team_id, r.severity as severity,
          r.scanner as scanner
        from finding_intervals r where ${column} >= ${from} and ${column} < ${to}`,
    ),
    sql` union all `,
  )}) select * from ranges)`;
}

/** A group of cells as read: its team, severity and scanner, and what `select` names. */
type CellGroupRow = { team_id: string; severity: string; scanner: string } & Record<
  string,
  unknown
>;

/** How one kind's intervals are read into groups, from its cells and from the rows. */
interface GroupRead<G extends GroupKey> {
  readonly kind: CellKind;
  /** What a group of cells gives besides its key, as `select` items over the cells `c`. */
  readonly select: RawBuilder<unknown>;
  readonly fromCells: (row: CellGroupRow) => G;
  /** The rows' intervals (`start:end` pairs) as groups of this kind. */
  readonly fromRows: (groups: IntervalGroup[]) => G[];
  readonly columns: ColumnsOf<G>;
}

/**
 * The intervals of a kind whose time (fix or start) is in the window, within the scope,
 * false positives at `to` left out, as columns by team, severity and scanner: what
 * `finding_intervals` gives ({@link intervalGroups}), read from the cells where they hold
 * the same.
 */
function groupsInWindow<G extends GroupKey>(
  db: Kysely<Database>,
  query: MetricsQuery,
  read: GroupRead<G>,
): Promise<G[]> {
  return inCellsSnapshot(db, async (reader) => {
    const plan = planRead(await cellsView(reader, query), read.kind, query.from, query.to);
    if (plan === null)
      return read.fromRows(
        await intervalGroups(reader, rowsIn(query, read.kind, query.from, query.to)),
      );
    const out = new Map<string, G>();
    const cellRows = await sql<CellGroupRow>`select c.team_id as team_id,
        c.severity as severity, c.scanner as scanner, ${read.select}
      from interval_cells c
      where c.kind = ${read.kind} and ${cellWeeks(plan.cells)} and ${intervalScope(query, 'c')}
      group by c.team_id, c.severity, c.scanner`.execute(reader);
    mergeGroups(out, cellRows.rows.map(read.fromCells), read.columns);
    if (plan.rows.length > 0)
      mergeGroups(
        out,
        read.fromRows(
          await intervalGroups(reader, intervalsInScope(query), rowsInRanges(read.kind, plan.rows)),
        ),
        read.columns,
      );
    return [...out.values()];
  });
}

/** The `started` cells: each group's `start:end` pairs. */
const STARTED: GroupRead<IntervalGroup> = {
  kind: 'started',
  select: sql`sum(c.n) as n, string_agg(c.pairs, ',') as pairs`,
  fromCells: (r) => ({
    teamId: r.team_id,
    severity: r.severity,
    scanner: r.scanner,
    ...parsePairs(String(r.pairs), num(r.n)),
  }),
  fromRows: (groups) => groups,
  columns: ['starts', 'ends'],
};

/**
 * The `fixed` cells: each group's times to fix, in the order of their weeks, with each
 * week's count (`week:n` pairs), so that each interval's week of fix is its cell's.
 */
const FIXED: GroupRead<FixedGroup> = {
  kind: 'fixed',
  select: sql`sum(c.n) as n, count(*) as cells,
    string_agg(c.durations, ',' order by c.week) as durations,
    string_agg(cast(c.week as text) || ':' || cast(c.n as text), ',' order by c.week) as weeks`,
  fromCells: (r) => {
    const n = num(r.n);
    const durations = parseIntegers(String(r.durations), n);
    const segments = parsePairs(String(r.weeks), num(r.cells));
    const weeks = new Float64Array(n);
    let at = 0;
    for (let k = 0; k < segments.starts.length; k++) {
      const count = segments.ends[k] as number;
      weeks.fill(segments.starts[k] as number, at, at + count);
      at += count;
    }
    if (at !== n) throw new Error(`fixed cells: ${at} intervals by week, expected ${n}`);
    return { teamId: r.team_id, severity: r.severity, scanner: r.scanner, durations, weeks };
  },
  fromRows: fixedColumns,
  columns: ['durations', 'weeks'],
};

/** The intervals started in the window, as pairs by team, severity and scanner ({@link groupsInWindow}). */
export function startedGroupsInWindow(
  db: Kysely<Database>,
  query: MetricsQuery,
): Promise<IntervalGroup[]> {
  return groupsInWindow(db, query, STARTED);
}

/**
 * The intervals fixed in the window, as times to fix and weeks of the fix by team,
 * severity and scanner ({@link groupsInWindow}).
 */
export function fixedGroupsInWindow(
  db: Kysely<Database>,
  query: MetricsQuery,
): Promise<FixedGroup[]> {
  return groupsInWindow(db, query, FIXED);
}

/**
 * How many intervals of `kind` have their time (fix or start) in each ISO week of
 * [from, to) (weeks clipped to it), within the scope of `query`, false positives at
 * `query.to` left out; null when the cells would not help, so the caller counts otherwise.
 * Read inside {@link inCellsSnapshot}, with its {@link cellsView}.
 */
export async function countsByWeek(
  reader: Kysely<Database>,
  view: CellsView | null,
  query: MetricsQuery,
  kind: CellKind,
  from: number,
  to: number,
): Promise<Map<number, number> | null> {
  const plan = planRead(view, kind, from, to);
  if (plan === null) return null;
  const out = new Map<number, number>();
  const add = (rows: readonly { week: unknown; n: unknown }[]) => {
    for (const r of rows) out.set(num(r.week), (out.get(num(r.week)) ?? 0) + num(r.n));
  };
  add(
    (
      await sql<{ week: unknown; n: unknown }>`select c.week as week, sum(c.n) as n
        from interval_cells c
        where c.kind = ${kind} and ${cellWeeks(plan.cells)} and ${intervalScope(query, 'c')}
        group by c.week`.execute(reader)
    ).rows,
  );
  if (plan.rows.length > 0) {
    const column = sql.ref(`i.${COLUMN[kind]}`);
    add(
      (
        await sql<{ week: unknown; n: unknown }>`select ${weekStart(column)} as week,
            count(*) as n
          from ${rowsInRanges(kind, plan.rows)} i where ${intervalsInScope(query)}
          group by ${weekStart(column)}`.execute(reader)
      ).rows,
    );
  }
  return out;
}
