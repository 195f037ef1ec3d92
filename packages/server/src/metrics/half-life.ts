import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import { downsampleCurve, kaplanMeier, type SurvivalPoint } from './kaplan-meier.js';
import { intervalsInScope, type MetricsQuery, num, numOrNull } from './metrics-sql.js';
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
  const { rows } = await sql<{
    started_at: unknown;
    fixed_at: unknown;
    severity: string;
    team_id: string;
  }>`select i.started_at as started_at, i.ended_at as fixed_at, i.severity as severity,
        i.team_id as team_id
      from finding_intervals i
      where i.started_at >= ${query.from} and i.started_at < ${query.to} and ${intervalsInScope(query)}`.execute(
    db,
  );
  return rows.map((r) => ({
    startedAt: num(r.started_at),
    fixedAt: numOrNull(r.fixed_at),
    severity: r.severity,
    teamId: r.team_id,
  }));
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
  const intervals = await startedIntervals(db, query);
  const curve = kaplanMeier(
    intervals.map((i) =>
      i.fixedAt !== null && i.fixedAt < query.to
        ? { duration: i.fixedAt - i.startedAt, fixed: true }
        : { duration: query.to - i.startedAt, fixed: false },
    ),
  );
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
