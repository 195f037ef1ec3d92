import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { type IntervalGroup, intervalGroups } from './interval-columns.js';
import { downsampleCurve, kaplanMeierColumns, type SurvivalPoint } from './kaplan-meier.js';
import { rowsIn, startedGroupsInWindow } from './metric-cells.js';
import type { MetricsQuery } from './metrics-sql.js';
import { type WindowRef, windowRef } from './report-support.js';
import { DAY } from './time-units.js';

/** An open interval that started in the window, and its fix (any time), if any. */
export interface StartedInterval {
  readonly startedAt: number;
  readonly fixedAt: number | null;
  readonly severity: string;
  readonly teamId: string;
}

/**
 * The open intervals started in [from, to) within the scope (a reopen starts one), with
 * the fix that closed each. False positives (at `to`) are left out. Indexes:
 * `finding_intervals (started_at, ended_at)` selects them.
 */
export async function startedIntervals(
  db: Kysely<Database>,
  query: MetricsQuery,
): Promise<StartedInterval[]> {
  const out: StartedInterval[] = [];
  for (const g of await startedIntervalGroups(db, query))
    for (let k = 0; k < g.starts.length; k++) {
      const end = g.ends[k] as number;
      out.push({
        startedAt: g.starts[k] as number,
        fixedAt: Number.isNaN(end) ? null : end,
        severity: g.severity,
        teamId: g.teamId,
      });
    }
  return out;
}

/**
 * {@link startedIntervals} as columns by team, severity and scanner: whole weeks from the
 * weekly cells where they hold the rows (metric-cells.ts); `{ cells: false }` reads only
 * the rows.
 */
export function startedIntervalGroups(
  db: Kysely<Database>,
  query: MetricsQuery,
  options: { readonly cells?: boolean } = {},
): Promise<IntervalGroup[]> {
  return options.cells === false
    ? intervalGroups(db, rowsIn(query, 'started', query.from, query.to))
    : startedGroupsInWindow(db, query);
}

/** A point of the survival curve, time in days since the interval opened. */
export interface HalfLifePoint {
  readonly days: number;
  readonly survival: number;
  readonly atRisk: number;
  readonly fixed: number;
  readonly censored: number;
}

/** Remediation half-life and the Kaplan–Meier curve behind it. */
export interface HalfLifeReport {
  readonly window: WindowRef;
  readonly unit: 'days';
  /** Intervals opened in the window; fixed before `to`; still open at `to` (censored). */
  readonly total: number;
  readonly fixed: number;
  readonly censored: number;
  /** First time the survival is ≤ 0.5; null when it never is. */
  readonly halfLife: number | null;
  /** The curve (survival is 1 before the first point); at most `maxPoints` points. */
  readonly points: readonly HalfLifePoint[];
}

/**
 * Remediation half-life (DESIGN.md): Kaplan–Meier survival over the open intervals started
 * in the window; an interval fixed before `to` is an event at its fix, one still open at
 * `to` (a fix at or after `to` is not yet known) is censored at `to`.
 */
export async function computeHalfLife(
  db: Kysely<Database>,
  query: MetricsQuery,
  options: { readonly maxPoints?: number } = {},
): Promise<HalfLifeReport> {
  const groups = await startedIntervalGroups(db, query);
  // Fixed before `to`: observed to its fix; else censored at `to`.
  let fixedCount = 0;
  for (const g of groups)
    for (let k = 0; k < g.ends.length; k++) if ((g.ends[k] as number) < query.to) fixedCount++;
  let total = 0;
  for (const g of groups) total += g.starts.length;
  const fixed = new Float64Array(fixedCount);
  const censored = new Float64Array(total - fixedCount);
  let f = 0;
  let c = 0;
  for (const g of groups)
    for (let k = 0; k < g.starts.length; k++) {
      const start = g.starts[k] as number;
      const end = g.ends[k] as number;
      // NaN (still open) is never < to.
      if (end < query.to) fixed[f++] = end - start;
      else censored[c++] = query.to - start;
    }
  const curve = kaplanMeierColumns(fixed, censored);
  const toDays = (p: SurvivalPoint): HalfLifePoint => ({
    days: p.time / DAY,
    survival: p.survival,
    atRisk: p.atRisk,
    fixed: p.fixed,
    censored: p.censored,
  });
  return {
    window: windowRef(query),
    unit: 'days',
    total: curve.total,
    fixed: curve.fixed,
    censored: curve.censored,
    halfLife: curve.halfLife === null ? null : curve.halfLife / DAY,
    points: downsampleCurve(curve.points, options.maxPoints ?? 500).map(toDays),
  };
}
