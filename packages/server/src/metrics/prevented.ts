import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import { readDetections } from './detection-cells.js';
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
 * is on the finding row (`promoted_at`, 0029), so no event is read. Counted in SQL: whole
 * weeks from the cells of first detections (detection-cells.ts) where they hold what the
 * rows would give, the rest from the finding rows.
 */
export async function computePrevented(
  db: Kysely<Database>,
  query: MetricsQuery,
): Promise<PreventedReport> {
  type Counted = { team_id: string; severity: string; pending: unknown; n: unknown };
  // Whole weeks from the cells of first detections where they hold what the rows would give
  // (open and promoted now being so at `to`), the rest from the rows, in one snapshot.
  const counted: Counted[] = [];
  await readDetections(
    db,
    query,
    { openAtTo: true, promotedAtTo: true },
    {
      async rows(reader, source, window) {
        const { rows } = await sql<Counted>`select team_id, severity, pending,
            count(*) as n from (
              select p.team_id as team_id, ${severityOf} as severity,
                case when exists (select 1 from finding_intervals i
                  where i.finding_id = f.id and ${openAt(query.to)}) then 1 else 0 end as pending
              from ${source} f join projects p on p.id = f.project_id
              where ${window} and f.first_seen_stage = 'pr'
                and ${scopeCondition(query)} and ${notFalsePositiveAt(query.to, 'f.id')}
                and (f.promoted_at is null or f.promoted_at >= ${query.to})
            ) q group by team_id, severity, pending`.execute(reader);
        counted.push(...rows);
      },
      async cells(reader, inCells) {
        const { rows } = await sql<{
          team_id: string;
          severity: string;
          prevented: unknown;
          pending: unknown;
        }>`select c.team_id as team_id, c.severity as severity,
            sum(c.n - c.promoted_n - c.pending_n) as prevented, sum(c.pending_n) as pending
          from detection_cells c where c.cwe = '' and c.stage = 'pr' and ${inCells}
          group by c.team_id, c.severity`.execute(reader);
        // Cells count every finding first seen in the week; groups with none of either
        // count are left out, as the rows have none.
        for (const r of rows)
          for (const [pending, n] of [
            [0, r.prevented],
            [1, r.pending],
          ] as const)
            if (num(n) > 0) counted.push({ team_id: r.team_id, severity: r.severity, pending, n });
      },
    },
  );
  const cells = counted.map((r) => ({
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
