import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import { planWeeks, type ReadPlan, verdictDiffersAt } from './metric-cells.js';
import { type MetricsQuery, num, weekStart } from './metrics-sql.js';

// Weekly cells of first detections (migration 0032): what the escape rate, the top CWEs
// and "prevented" count — the findings first detected in a window — per ISO week of first
// detection, team, effective severity, scanner and first stage (how many, how many are open
// now, name a CWE, have been promoted to `main` or `production`, or have not and are open),
// and per week, team, severity, scanner and CWE. Like the interval cells (metric-cells.ts)
// they are a cache of the rows that a read uses only for the weeks where they provably
// hold what the rows would give, in the same snapshot: whole weeks behind the shared
// watermark, not dirty, and holding no finding whose verdict at `to` is not its verdict now
// (false positive; for reads of what is open or promoted, also those).

/**
 * Plans a read of the findings first detected in the window: which whole weeks to take from
 * `detection_cells`, which ranges of first detection from `findings`; null when the cells
 * cannot serve it (a scope of projects) or would not help. With `openAtTo`, the weeks of
 * the findings whose openness at `to` is not their openness now are read from the rows too:
 * an interval that was open at `to` and has ended since, or one begun at or after `to` that
 * is still open. With `promotedAtTo`, also those of the findings first seen in a pull request
 * and promoted to `main` or `production` at or after `to`. Read inside one snapshot
 * (inCellsSnapshot) with the reads it plans.
 */
export async function planDetections(
  reader: Kysely<Database>,
  query: MetricsQuery,
  options: { readonly openAtTo: boolean; readonly promotedAtTo?: boolean },
): Promise<ReadPlan | null> {
  if (query.projectId !== undefined || query.projectIds !== undefined) return null;
  const state = await sql<{ watermark: unknown }>`select watermark from metric_cells_state
    where id = 1`.execute(reader);
  const watermark = num(state.rows[0]?.watermark ?? 0);
  // Nothing to read from the cells whatever is skipped: spare the reads below.
  if (planWeeks(watermark, new Set(), query.from, query.to) === null) return null;
  const differing = options.openAtTo
    ? sql`${verdictDiffersAt(query.to)}
      union all
      select i.finding_id from finding_intervals i
        where i.ended_at >= ${query.to} and i.started_at < ${query.to}
      union all
      select i.finding_id from finding_intervals i
        where i.started_at >= ${query.to} and i.ended_at is null`
    : verdictDiffersAt(query.to);
  // Promoted after `to`: not yet at `to`, as the cells (which know only now) would have it.
  // Read through `findings (first_seen_at, …, promoted_at)` over the window.
  const promoted = options.promotedAtTo
    ? sql`union
      select ${weekStart(sql`f.first_seen_at`)} as week from findings f
        where f.first_seen_at >= ${query.from} and f.first_seen_at < ${query.to}
          and f.first_seen_stage = 'pr' and f.promoted_at >= ${query.to}`
    : sql``;
  const skipped = await sql<{ week: unknown }>`select week from metric_cells_dirty
      where kind = 'detected'
    union
    select ${weekStart(sql`f.first_seen_at`)} as week from findings f
      where f.id in (${differing})
    ${promoted}`.execute(reader);
  return planWeeks(watermark, new Set(skipped.rows.map((r) => num(r.week))), query.from, query.to);
}

/**
 * The findings first detected in one of `ranges` ([from, to) each), as a derived table to
 * alias `f` with the columns `findings (first_seen_at, …)` covers: one index range read per
 * range, materialised, as `rowsInRanges` does for the intervals.
 */
export function findingsInRanges(
  ranges: readonly (readonly [number, number])[],
): RawBuilder<unknown> {
  return sql`(with ranges as materialized (${sql.join(
    ranges.map(
      ([from, to]) => sql`select r.id as id, r.project_id as project_id,
          r.first_seen_at as first_seen_at, r.first_seen_stage as first_seen_stage,
          r.severity as severity, r.severity_override as severity_override,
          r.scanner as scanner, r.promoted_at as promoted_at
        from findings r where r.first_seen_at >= ${from} and r.first_seen_at < ${to}`,
    ),
    sql` union all `,
  )}) select * from ranges)`;
}

/**
 * Where a metric reads the findings first detected in the window from: all of `findings`
 * with the window's condition, or only the ranges a plan leaves to the rows (none: no read).
 */
export function detectionRows(
  query: MetricsQuery,
  plan: ReadPlan | null,
): { readonly source: RawBuilder<unknown>; readonly window: RawBuilder<unknown> } | null {
  if (plan === null)
    return {
      source: sql`findings`,
      window: sql`f.first_seen_at >= ${query.from} and f.first_seen_at < ${query.to}`,
    };
  if (plan.rows.length === 0) return null;
  return { source: findingsInRanges(plan.rows), window: sql`1 = 1` };
}
