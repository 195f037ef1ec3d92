import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import {
  cellWeeks,
  inCellsSnapshot,
  planWeeks,
  type ReadPlan,
  verdictDiffersAt,
} from './metric-cells.js';
import { intervalScope, isPostgres, type MetricsQuery, num, weekStart } from './metrics-sql.js';

// Weekly cells of first detections (migration 0032): what the escape rate, the top CWEs
// and "prevented" count — the findings first detected in a window — per ISO week of first
// detection, team, effective severity, scanner and first stage (how many, how many are open
// now, name a CWE, have been promoted to `main` or `production`, or have not and are open),
// and per week, team, severity, scanner and CWE. Like the interval cells (metric-cells.ts)
// they are a cache of the rows that a read uses only for the weeks where they provably
// hold what the rows would give, in the same snapshot: whole weeks behind the shared
// watermark, not dirty, and holding no finding whose verdict at `to` is not its verdict now
// (false positive; for reads of what is open or promoted, also those).

/** What a metric's count depends on besides the false-positive verdicts (see below). */
interface PlanOptions {
  readonly openAtTo: boolean;
  readonly promotedAtTo?: boolean;
}

/**
 * Plans a read of the findings first detected in the window: which whole weeks to take from
 * `detection_cells`, which ranges of first detection from `findings`; null when the cells
 * cannot serve it (a scope of projects) or would not help. With `openAtTo`, the weeks of
 * the findings whose openness at `to` is not their openness now are read from the rows too:
 * an interval that was open at `to` and has ended since, or one begun at or after `to` that
 * is still open. With `promotedAtTo`, also those of the findings first seen in a pull request
 * and promoted to `main` or `production` at or after `to`. Read inside one snapshot
 * with the reads it plans ({@link readDetections}).
 */
async function planDetections(
  reader: Kysely<Database>,
  query: MetricsQuery,
  options: PlanOptions,
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
  // Read through `findings (first_seen_at, …, promoted_at)` over the window. SQLite's
  // planner chose a skip-scan of the findings list's index for 90 days instead (222–333 ms
  // at a million findings, against 13 ms through this one), so it is named there.
  const byFirstSeen = isPostgres(reader) ? sql`` : sql`indexed by findings_first_seen`;
  const promoted = options.promotedAtTo
    ? sql`union
      select ${weekStart(sql`f.first_seen_at`)} as week from findings f ${byFirstSeen}
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
function findingsInRanges(ranges: readonly (readonly [number, number])[]): RawBuilder<unknown> {
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

/** How a metric counts the findings first detected in its window, from each source. */
export interface DetectionReads {
  /**
   * Counts the finding rows of `source` (alias `f`, with the columns of
   * `findings (first_seen_at, …)`) that meet `window`; the metric adds its scope and its
   * false positives at `to`.
   */
  rows(
    reader: Kysely<Database>,
    source: RawBuilder<unknown>,
    window: RawBuilder<unknown>,
  ): Promise<void>;
  /** Counts the cells `c` of `detection_cells` that meet `inCells` (their weeks and the scope). */
  cells(reader: Kysely<Database>, inCells: RawBuilder<unknown>): Promise<void>;
}

/**
 * Reads the findings first detected in the window for a metric, in one snapshot: the whole
 * weeks {@link planDetections} gives to the cells through `reads.cells`, the rest through
 * `reads.rows` (all of the window when the cells cannot serve it; not at all when the
 * cells cover it). The metric adds both into counts of its own.
 */
export function readDetections(
  db: Kysely<Database>,
  query: MetricsQuery,
  options: PlanOptions,
  reads: DetectionReads,
): Promise<void> {
  return inCellsSnapshot(db, async (reader) => {
    const plan = await planDetections(reader, query, options);
    if (plan === null) {
      await reads.rows(
        reader,
        sql`findings`,
        sql`f.first_seen_at >= ${query.from} and f.first_seen_at < ${query.to}`,
      );
      return;
    }
    if (plan.rows.length > 0) await reads.rows(reader, findingsInRanges(plan.rows), sql`1 = 1`);
    await reads.cells(reader, sql`${cellWeeks(plan.cells)} and ${intervalScope(query, 'c')}`);
  });
}
