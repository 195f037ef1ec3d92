import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import {
  cellsView,
  cellWeeks,
  inCellsSnapshot,
  planWeeks,
  type ReadPlan,
  verdictDiffersAt,
} from './metric-cells.js';
import {
  daysToMs,
  intervalScope,
  isPostgres,
  loadSlaPolicies,
  type MetricsQuery,
  num,
  openFindingsAt,
  type SlaPolicies,
  slaDaysCase,
  slaDaysLookup,
  slaDayValues,
  weekStart,
} from './metrics-sql.js';
import { fixedIntervalGroups } from './mttr.js';
import {
  compareSeverityNames,
  groupBy,
  loadTeams,
  ratio,
  type TeamRef,
  teamRefOf,
  type WindowRef,
  windowRef,
} from './report-support.js';
import { completedDays, DAY, FIRST_MONDAY, WEEK, weekStartOf } from './time-units.js';

/** SLA compliance of one group. */
export interface SlaCounts {
  /** Open intervals fixed in the window that have an SLA (not `info`). */
  readonly fixed: number;
  /** Of those, fixed within the days allowed (fix time − start ≤ days, fractional). */
  readonly withinSla: number;
  /** withinSla / fixed; null when nothing was fixed. */
  readonly compliance: number | null;
}

/** An open finding past its due date at the window's end. */
export interface SlaBreach {
  readonly findingId: string;
  readonly title: string;
  readonly projectId: string;
  readonly projectName: string;
  readonly teamId: string;
  readonly severity: string;
  readonly assigneeId: string | null;
  /** The start of the open interval (a reopen restarts the clock). */
  readonly openedAt: string;
  readonly slaDays: number;
  readonly dueAt: string;
  /** Whole days past the due date at the window's end. */
  readonly daysOverdue: number;
}

/** SLA compliance over the window and the breaches open at its end. */
export interface SlaReport extends SlaCounts {
  readonly window: WindowRef;
  readonly bySeverity: readonly ({ readonly severity: string } & SlaCounts)[];
  readonly byTeam: readonly (TeamRef & SlaCounts)[];
  readonly breaches: {
    /** All breaches in scope. */
    readonly total: number;
    /** The most overdue first, at most `breachLimit`. */
    readonly items: readonly SlaBreach[];
  };
}

/**
 * SLA compliance (DESIGN.md): the days allowed per severity come from the team's policy,
 * else the organisation's, else {@link DEFAULT_SLA_DAYS}; `info` has none. Compliance is
 * the share of the open intervals fixed in [from, to) that were fixed within their days;
 * breaches are the intervals open at `to` whose due date (start + days) is before `to`,
 * except false positives and accepted risks (at `to`). Compliance counts the fixed
 * intervals read as columns (whole weeks from the weekly cells); the breaches are counted
 * from the `started` cells and the rows ({@link breachTotal}) and listed most overdue
 * first ({@link mostOverdue}).
 */
export async function computeSla(
  db: Kysely<Database>,
  query: MetricsQuery,
  options: { readonly breachLimit?: number } = {},
): Promise<SlaReport> {
  // The days allowed per team and severity: the few stored policies as one CASE (read before
  // either read starts), rather than two joins per interval; the same rule as a function
  // for the fixed intervals, read as columns (whole weeks from the weekly cells).
  const policies = await loadSlaPolicies(db);
  const daysOf = slaDaysLookup(policies);
  const complianceRead = fixedIntervalGroups(db, query).then((groups) => {
    const cells: { teamId: string; severity: string; fixed: number; withinSla: number }[] = [];
    for (const g of groups) {
      const days = daysOf(g.teamId, g.severity);
      if (days === null) continue;
      const allowed = days * DAY;
      let met = 0;
      for (let k = 0; k < g.durations.length; k++) if ((g.durations[k] as number) <= allowed) met++;
      cells.push({
        teamId: g.teamId,
        severity: g.severity,
        fixed: g.durations.length,
        withinSla: met,
      });
    }
    return cells;
  });

  const breachesRead = readBreaches(db, query, policies, options.breachLimit ?? 100);

  // Independent reads: on PostgreSQL each runs on a connection of its own, at once.
  const [cells, breaches] = await Promise.all([complianceRead, breachesRead]);
  const teams = await loadTeams(
    db,
    cells.map((c) => c.teamId),
  );
  return {
    window: windowRef(query),
    ...totals(cells),
    bySeverity: [...groupBy(cells, (c) => c.severity)]
      .sort(([a], [b]) => compareSeverityNames(a, b))
      .map(([severity, list]) => ({ severity, ...totals(list) })),
    byTeam: [...groupBy(cells, (c) => c.teamId)]
      .map(([teamId, list]) => ({ ...teamRefOf(teams, teamId), ...totals(list) }))
      .sort((a, b) => a.teamSlug.localeCompare(b.teamSlug)),
    breaches,
  };
}

function totals(cells: readonly { fixed: number; withinSla: number }[]): SlaCounts {
  let fixed = 0;
  let withinSla = 0;
  for (const c of cells) {
    fixed += c.fixed;
    withinSla += c.withinSla;
  }
  return { fixed, withinSla, compliance: ratio(withinSla, fixed) };
}

/**
 * Up to this many teams in scope, SQLite lists breaches from those teams' own open intervals
 * rather than walking everyone's in due order (see {@link mostOverdue}); measured: three
 * teams 70 ms against 290, five 138 against 90.
 */
const FEW_TEAMS = 3;

/** Whether the scope's own open intervals are fewer to read than a walk of everyone's. */
function ownIntervalsFewer(query: MetricsQuery): boolean {
  return (
    query.projectId !== undefined ||
    query.projectIds !== undefined ||
    (query.teamIds !== null && query.teamIds.length <= FEW_TEAMS)
  );
}

/** An open interval at `to` past its due date, as {@link mostOverdue} reads it. */
interface Overdue {
  readonly id: string;
  readonly teamId: string;
  readonly severity: string;
  readonly startedAt: number;
  readonly slaDays: number;
  readonly dueAt: number;
}

/**
 * The breaches at `to`: how many, and the `limit` most overdue (due date, then finding id),
 * read in one snapshot. The total counts whole weeks from the `started` cells where they
 * hold what the rows would give ({@link breachTotal}); the list reads, for each number of
 * days a policy allows, the oldest open intervals in index order until it has `limit`.
 */
function readBreaches(
  db: Kysely<Database>,
  query: MetricsQuery,
  policies: SlaPolicies,
  limit: number,
): Promise<SlaReport['breaches']> {
  return inCellsSnapshot(db, async (reader) => {
    const total = await breachTotal(reader, query, policies);
    const top = await mostOverdue(reader, query, policies, Math.max(0, Math.floor(limit)));
    const details = new Map<
      string,
      { title: string; project_id: string; project_name: string; assignee_id: string | null }
    >();
    if (top.length > 0) {
      const { rows } = await sql<{
        id: string;
        title: string;
        project_id: string;
        project_name: string;
        assignee_id: string | null;
      }>`select f.id as id, f.title as title, f.project_id as project_id,
          p.name as project_name, f.assignee_id as assignee_id
        from findings f join projects p on p.id = f.project_id
        where f.id in (${sql.join(top.map((o) => sql`${o.id}`))})`.execute(reader);
      for (const r of rows) details.set(r.id, r);
    }
    return {
      total,
      items: top.map((o) => {
        const d = details.get(o.id);
        return {
          findingId: o.id,
          title: d?.title ?? '',
          projectId: d?.project_id ?? '',
          projectName: d?.project_name ?? '',
          teamId: o.teamId,
          severity: o.severity,
          assigneeId: d?.assignee_id ?? null,
          openedAt: new Date(o.startedAt).toISOString(),
          slaDays: o.slaDays,
          dueAt: new Date(o.dueAt).toISOString(),
          daysOverdue: completedDays(query.to - o.dueAt),
        };
      }),
    };
  });
}

/**
 * In scope, neither a false positive nor an accepted risk at `to` (alias `i`). The verdicts
 * are looked up per interval (`triage_periods` by finding) rather than gathered in a set
 * first: the list reads a few hundred intervals, where hashing every verdict in force took
 * longer than the read.
 */
function breachable(query: MetricsQuery): RawBuilder<unknown> {
  return sql`${intervalScope(query)} and not exists (select 1 from triage_periods tp
    where tp.finding_id = i.finding_id and tp.verdict in ('false_positive', 'risk_accepted')
      and tp.started_at < ${query.to} and (tp.ended_at is null or tp.ended_at >= ${query.to}))`;
}

/**
 * The `limit` most overdue open intervals at `to`. For each number of days `d` a policy
 * allows, the intervals whose team and severity are allowed `d` and that started before
 * `to − d` are overdue, most overdue first in the order they started: read through the
 * open intervals' index in that order, `limit` of them, plus those open at `to` but fixed
 * since (few unless `to` is long past); then merged.
 */
async function mostOverdue(
  reader: Kysely<Database>,
  query: MetricsQuery,
  policies: SlaPolicies,
  limit: number,
): Promise<Overdue[]> {
  if (limit === 0) return [];
  const allowed = slaDaysCase(policies, sql`i.team_id`, sql`i.severity`);
  // SQLite's planner prefers the team-first index: for the organisation, a skip-scan that
  // reads every open interval, then sorts; `(ended_at, started_at, …)` gives them in order,
  // to stop at `limit`. That ordered walk, though, reads the other teams' intervals too: for
  // a few teams or a scope of projects, their own open intervals (the planner's choice) are
  // fewer. On the bench's million findings, one team took 47–75 ms by its own intervals and
  // 93–284 ms by the walk; fifty teams 684 ms by their own and 107 ms by the walk.
  // PostgreSQL finds its partial index of open intervals (0028) by itself.
  const ordered =
    isPostgres(reader) || ownIntervalsFewer(query)
      ? sql``
      : sql`indexed by finding_intervals_ended`;
  const found: Overdue[] = [];
  for (const d of slaDayValues(policies)) {
    const before = query.to - d * DAY;
    const columns = sql`i.finding_id as id, i.team_id as team_id, i.severity as severity,
      i.started_at as started_at`;
    const { rows } = await sql<{
      id: string;
      team_id: string;
      severity: string;
      started_at: unknown;
    }>`select * from (select ${columns} from finding_intervals i ${ordered}
        where i.ended_at is null and i.started_at < ${before} and ${allowed} = ${d}
          and ${breachable(query)}
        order by i.started_at, i.finding_id limit ${sql.lit(limit)}) open_now
      union all
      select * from (select ${columns} from finding_intervals i
        where i.ended_at >= ${query.to} and i.started_at < ${before} and ${allowed} = ${d}
          and ${breachable(query)}
        order by i.started_at, i.finding_id limit ${sql.lit(limit)}) fixed_since`.execute(reader);
    for (const r of rows) {
      const startedAt = num(r.started_at);
      found.push({
        id: r.id,
        teamId: r.team_id,
        severity: r.severity,
        startedAt,
        slaDays: d,
        dueAt: startedAt + d * DAY,
      });
    }
  }
  return found
    .sort((a, b) => a.dueAt - b.dueAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, limit);
}

/** The most ranges a breach count leaves to the rows: each a read of a week's open intervals. */
const BREACH_ROW_RANGES = 32;

/**
 * How many open intervals at `to` are past their due date (in scope, neither false
 * positives nor accepted risks at `to`). Whole weeks come from the `started` cells: a week
 * lies either wholly before `to − d` (every open interval of a team and severity allowed `d`
 * days is overdue) or wholly after (none is), once the weeks holding `to − d` for each `d`
 * are read from the rows instead; a cell gives its intervals open now less those of
 * accepted risks now. Read from the rows too: the weeks the cells cannot serve (new, dirty,
 * or with a finding whose false-positive or accepted-risk verdict at `to` is not the one of
 * now), and in every week the intervals open at `to` but fixed since.
 */
async function breachTotal(
  reader: Kysely<Database>,
  query: MetricsQuery,
  policies: SlaPolicies,
): Promise<number> {
  const allowed = slaDaysCase(policies, sql`i.team_id`, sql`i.severity`);
  const overdue = sql`${allowed} is not null and i.started_at + ${daysToMs(allowed)} < ${query.to}`;
  const view = await cellsView(reader, query);
  let plan: ReadPlan | null = null;
  if (view !== null) {
    const accepted = await sql<{ week: unknown }>`select distinct
        ${weekStart(sql`i.started_at`)} as week
      from finding_intervals i
      where i.finding_id in (${verdictDiffersAt(query.to, 'risk_accepted')})`.execute(reader);
    const skip = new Set([
      ...view.skip.started,
      ...accepted.rows.map((r) => num(r.week)),
      ...slaDayValues(policies).map((d) => weekStartOf(query.to - d * DAY)),
    ]);
    plan = planWeeks(view.watermark, skip, FIRST_MONDAY, query.to, BREACH_ROW_RANGES);
  }
  if (plan === null) {
    const { rows } = await sql<{ n: unknown }>`select count(*) as n
      from (${openFindingsAt(query, query.to, { withoutAcceptedRisks: true })}) i
      where ${overdue}`.execute(reader);
    return num(rows[0]?.n ?? 0);
  }
  // The rows: the open intervals of the ranges left to them, and in every week those open
  // at `to` but fixed since.
  const columns = sql`r.finding_id as finding_id, r.team_id as team_id, r.severity as severity,
    r.scanner as scanner, r.started_at as started_at`;
  const fromRows = await sql<{ n: unknown }>`select count(*) as n from (
      with open_at as materialized (${sql.join(
        [
          ...plan.rows.map(
            ([from, to]) => sql`select ${columns} from finding_intervals r
              where r.ended_at is null and r.started_at >= ${from} and r.started_at < ${to}`,
          ),
          sql`select ${columns} from finding_intervals r
            where r.ended_at >= ${query.to} and r.started_at < ${query.to}`,
        ],
        sql` union all `,
      )}) select * from open_at) i
    where ${breachable(query)} and ${overdue}`.execute(reader);
  // A cell's week lies wholly before its team's and severity's bound, or wholly after it.
  const cellAllowed = slaDaysCase(policies, sql`c.team_id`, sql`c.severity`);
  const cells = await sql<{ n: unknown }>`select sum(c.open_n - c.accepted_n) as n
    from interval_cells c
    where c.kind = 'started' and ${cellWeeks(plan.cells)} and ${intervalScope(query, 'c')}
      and ${cellAllowed} is not null
      and c.week + ${sql.lit(WEEK)} + ${daysToMs(cellAllowed)} <= ${query.to}`.execute(reader);
  return num(fromRows.rows[0]?.n ?? 0) + num(cells.rows[0]?.n ?? 0);
}
