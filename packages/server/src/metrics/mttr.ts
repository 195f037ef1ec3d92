import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import { intervalsInScope, type MetricsQuery, num } from './metrics-sql.js';
import {
  compareSeverityNames,
  groupBy,
  loadTeams,
  type TeamRef,
  teamRefOf,
  type WeekRef,
  type WindowRef,
  weekRef,
  windowRef,
} from './report-support.js';
import { type DurationSummary, scaleSummary, summarize } from './statistics.js';
import { DAY, weekStartOf, weeksOverlapping } from './time-units.js';

/** One open interval closed by a fix inside the window. */
export interface FixedInterval {
  readonly startedAt: number;
  readonly fixedAt: number;
  readonly severity: string;
  readonly scanner: string;
  readonly teamId: string;
}

/**
 * The open intervals fixed in [from, to) within the scope, with their starts (a reopened
 * finding contributes one interval per fix). False positives (at `to`) are left out.
 * `finding_intervals (ended_at, started_at)` selects them.
 */
export async function fixedIntervals(
  db: Kysely<Database>,
  query: MetricsQuery,
): Promise<FixedInterval[]> {
  const { rows } = await sql<{
    fixed_at: unknown;
    started_at: unknown;
    severity: string;
    scanner: string;
    team_id: string;
  }>`select i.ended_at as fixed_at, i.started_at as started_at, i.severity as severity,
        i.scanner as scanner, i.team_id as team_id
      from finding_intervals i
      where i.ended_at >= ${query.from} and i.ended_at < ${query.to} and ${intervalsInScope(query)}`.execute(
    db,
  );
  return rows.map((r) => ({
    startedAt: num(r.started_at),
    fixedAt: num(r.fixed_at),
    severity: r.severity,
    scanner: r.scanner,
    teamId: r.team_id,
  }));
}

/** MTTR in days: mean, median and p90 of fix time minus the open interval's start. */
export interface MttrReport {
  readonly window: WindowRef;
  readonly unit: 'days';
  readonly overall: DurationSummary;
  readonly bySeverity: readonly ({ readonly severity: string } & DurationSummary)[];
  readonly byTeam: readonly (TeamRef & DurationSummary)[];
  readonly byScanner: readonly ({ readonly scanner: string } & DurationSummary)[];
  /** Every ISO week of the window, by the week of the fix (count 0 when none). */
  readonly byWeek: readonly (WeekRef & DurationSummary)[];
}

/**
 * Mean time to remediate (DESIGN.md): over the open intervals fixed in the window, fix
 * time minus the interval's start, by severity, team, scanner and ISO week of the fix.
 */
export async function computeMttr(db: Kysely<Database>, query: MetricsQuery): Promise<MttrReport> {
  const intervals = await fixedIntervals(db, query);
  const days = (list: readonly FixedInterval[]) =>
    scaleSummary(summarize(list.map((i) => i.fixedAt - i.startedAt)), DAY);
  const teams = await loadTeams(
    db,
    intervals.map((i) => i.teamId),
  );
  const bySeverity = [...groupBy(intervals, (i) => i.severity)]
    .sort(([a], [b]) => compareSeverityNames(a, b))
    .map(([severity, list]) => ({ severity, ...days(list) }));
  const byTeam = [...groupBy(intervals, (i) => i.teamId)]
    .map(([teamId, list]) => ({ ...teamRefOf(teams, teamId), ...days(list) }))
    .sort((a, b) => a.teamSlug.localeCompare(b.teamSlug));
  const byScanner = [...groupBy(intervals, (i) => i.scanner)]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([scanner, list]) => ({ scanner, ...days(list) }));
  const weeks = groupBy(intervals, (i) => weekStartOf(i.fixedAt));
  const byWeek = weeksOverlapping(query.from, query.to).map((w) => ({
    ...weekRef(w),
    ...days(weeks.get(w) ?? []),
  }));
  return {
    window: windowRef(query),
    unit: 'days',
    overall: days(intervals),
    bySeverity,
    byTeam,
    byScanner,
    byWeek,
  };
}
