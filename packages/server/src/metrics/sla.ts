import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import {
  daysToMs,
  loadSlaPolicies,
  type MetricsQuery,
  num,
  openFindingsAt,
  slaDaysCase,
  slaDaysLookup,
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
import { completedDays, DAY } from './time-units.js';

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
 * intervals read as columns (whole weeks from the weekly cells); the breaches are
 * aggregated in SQL.
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
      for (let k = 0; k < g.starts.length; k++)
        if ((g.ends[k] as number) - (g.starts[k] as number) <= allowed) met++;
      cells.push({
        teamId: g.teamId,
        severity: g.severity,
        fixed: g.starts.length,
        withinSla: met,
      });
    }
    return cells;
  });

  // The breaches read the open intervals (every one of the organisation's, for its view).
  const allowed = slaDaysCase(policies, sql`o.team_id`, sql`o.severity`);
  const dueAt = sql`o.started_at + ${daysToMs(allowed)}`;
  // At least one is read, so that the total has a row to travel with.
  const limit = Math.max(1, Math.floor(options.breachLimit ?? 100));
  // Every overdue interval is read once (a materialised CTE) for both the total and the few
  // listed; ordering them is a top-N sort, where a count over the window in the same select
  // made every overdue interval sorted (200,000 in the benchmark).
  const breachesRead = sql<{
    id: string;
    title: string;
    project_id: string;
    project_name: string;
    team_id: string;
    severity: string;
    assignee_id: string | null;
    started_at: unknown;
    sla_days: unknown;
    due_at: unknown;
    total: unknown;
  }>`with q as materialized (
        select o.id as id, o.team_id as team_id, o.severity as severity,
          o.started_at as started_at, ${allowed} as sla_days, ${dueAt} as due_at
        from (${openFindingsAt(query, query.to, { withoutAcceptedRisks: true })}) o
        where ${allowed} is not null and ${dueAt} < ${query.to}
      ), top as (
        select * from q order by due_at, id limit ${sql.lit(limit)}
      )
      select t.*, f.title as title, f.project_id as project_id, p.name as project_name,
        f.assignee_id as assignee_id, (select count(*) from q) as total
      from top t join findings f on f.id = t.id join projects p on p.id = f.project_id
      order by t.due_at, t.id`.execute(db);

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
    breaches: {
      total: breaches.rows.length === 0 ? 0 : num(breaches.rows[0]?.total),
      items: breaches.rows.slice(0, options.breachLimit ?? 100).map((r) => ({
        findingId: r.id,
        title: r.title,
        projectId: r.project_id,
        projectName: r.project_name,
        teamId: r.team_id,
        severity: r.severity,
        assigneeId: r.assignee_id,
        openedAt: new Date(num(r.started_at)).toISOString(),
        slaDays: num(r.sla_days),
        dueAt: new Date(num(r.due_at)).toISOString(),
        daysOverdue: completedDays(query.to - num(r.due_at)),
      })),
    },
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
