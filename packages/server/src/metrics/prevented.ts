import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import {
  type MetricsQuery,
  notFalsePositiveAt,
  num,
  openAt,
  scopeCondition,
  severityOf,
} from './metrics-sql.js';
import {
  compareSeverityNames,
  groupBy,
  loadTeams,
  type TeamRef,
  teamRefOf,
  type WindowRef,
  windowRef,
} from './report-support.js';

/** Findings kept out of `main` by pull-request scans. */
export interface PreventedCounts {
  /** First seen at `pr`, never seen at `main` or `production`, and fixed (at `to`). */
  readonly prevented: number;
  /** The same, but still open at `to`. */
  readonly pending: number;
}

/** Findings prevented in pull requests, by team and severity. */
export interface PreventedReport extends PreventedCounts {
  readonly window: WindowRef;
  readonly byTeam: readonly (TeamRef & PreventedCounts)[];
  readonly bySeverity: readonly ({ readonly severity: string } & PreventedCounts)[];
}

/**
 * Prevented (DESIGN.md): of the findings first detected in [from, to) at stage `pr`, those
 * with no event at `main` or `production` before `to`; fixed by `to` → prevented, still
 * open → pending. Relies on ingest recording an event (at least `seen`) with the stage of
 * each scan that sees a finding in a new stage; the first of them at `main` or `production`
 * is on the finding row (`promoted_at`, 0029), so no event is read. Counted in SQL.
 */
export async function computePrevented(
  db: Kysely<Database>,
  query: MetricsQuery,
): Promise<PreventedReport> {
  const { rows } = await sql<{ team_id: string; severity: string; pending: unknown; n: unknown }>`
    select team_id, severity, pending, count(*) as n from (
      select p.team_id as team_id, ${severityOf} as severity,
        case when exists (select 1 from finding_intervals i
          where i.finding_id = f.id and ${openAt(query.to)}) then 1 else 0 end as pending
      from findings f join projects p on p.id = f.project_id
      where f.first_seen_at >= ${query.from} and f.first_seen_at < ${query.to}
        and f.first_seen_stage = 'pr'
        and ${scopeCondition(query)} and ${notFalsePositiveAt(query.to, 'f.id')}
        and (f.promoted_at is null or f.promoted_at >= ${query.to})
    ) q group by team_id, severity, pending`.execute(db);
  const cells = rows.map((r) => ({
    teamId: r.team_id,
    severity: r.severity,
    pending: num(r.pending) === 1,
    n: num(r.n),
  }));
  const teams = await loadTeams(
    db,
    cells.map((c) => c.teamId),
  );
  return {
    window: windowRef(query),
    ...totals(cells),
    byTeam: [...groupBy(cells, (c) => c.teamId)]
      .map(([teamId, list]) => ({ ...teamRefOf(teams, teamId), ...totals(list) }))
      .sort((a, b) => a.teamSlug.localeCompare(b.teamSlug)),
    bySeverity: [...groupBy(cells, (c) => c.severity)]
      .sort(([a], [b]) => compareSeverityNames(a, b))
      .map(([severity, list]) => ({ severity, ...totals(list) })),
  };
}

function totals(cells: readonly { pending: boolean; n: number }[]): PreventedCounts {
  let prevented = 0;
  let pending = 0;
  for (const c of cells) {
    if (c.pending) pending += c.n;
    else prevented += c.n;
  }
  return { prevented, pending };
}
