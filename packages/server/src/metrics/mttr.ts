import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { type FixedGroup, fixedColumns, intervalGroups } from './interval-columns.js';
import { fixedGroupsInWindow, rowsIn } from './metric-cells.js';
import type { MetricsQuery } from './metrics-sql.js';
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
import { type DurationSummary, scaleSummary, summarizeInPlace } from './statistics.js';
import { DAY, WEEK, weeksOverlapping } from './time-units.js';

/** One open interval closed by a fix inside the window. */
export interface FixedInterval {
  readonly startedAt: number;
  readonly fixedAt: number;
  readonly severity: string;
  readonly scanner: string;
  readonly teamId: string;
}

/**
 * The open intervals fixed in [from, to) within the scope, as times to fix and weeks of the
 * fix by team, severity and scanner (a reopened finding contributes one interval per fix).
 * False positives (at `to`) are left out. Whole weeks come from the weekly cells where they
 * hold the same as the rows (metric-cells.ts), the rest from `finding_intervals (ended_at,
 * started_at, …)`; `{ cells: false }` reads only the rows.
 */
export async function fixedIntervalGroups(
  db: Kysely<Database>,
  query: MetricsQuery,
  options: { readonly cells?: boolean } = {},
): Promise<FixedGroup[]> {
  return options.cells === false
    ? fixedColumns(await intervalGroups(db, rowsIn(query, 'fixed', query.from, query.to)))
    : fixedGroupsInWindow(db, query);
}

/**
 * The open intervals fixed in [from, to) within the scope, one object per interval, with
 * its start and fix: read from the rows alone (the cells keep only times to fix).
 */
export async function fixedIntervals(
  db: Kysely<Database>,
  query: MetricsQuery,
): Promise<FixedInterval[]> {
  const out: FixedInterval[] = [];
  for (const g of await intervalGroups(db, rowsIn(query, 'fixed', query.from, query.to)))
    for (let k = 0; k < g.starts.length; k++)
      out.push({
        startedAt: g.starts[k] as number,
        fixedAt: g.ends[k] as number,
        severity: g.severity,
        scanner: g.scanner,
        teamId: g.teamId,
      });
  return out;
}

/** Each interval's time to fix (end − start), all groups in one column. */
export function fixDurations(groups: readonly FixedGroup[]): Float64Array {
  let n = 0;
  for (const g of groups) n += g.durations.length;
  const out = new Float64Array(n);
  let at = 0;
  for (const g of groups) {
    out.set(g.durations, at);
    at += g.durations.length;
  }
  return out;
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
  const groups = await fixedIntervalGroups(db, query);
  const days = (list: readonly FixedGroup[]) =>
    scaleSummary(summarizeInPlace(fixDurations(list)), DAY);
  const teams = await loadTeams(
    db,
    groups.map((g) => g.teamId),
  );
  const bySeverity = [...groupBy(groups, (g) => g.severity)]
    .sort(([a], [b]) => compareSeverityNames(a, b))
    .map(([severity, list]) => ({ severity, ...days(list) }));
  const byTeam = [...groupBy(groups, (g) => g.teamId)]
    .map(([teamId, list]) => ({ ...teamRefOf(teams, teamId), ...days(list) }))
    .sort((a, b) => a.teamSlug.localeCompare(b.teamSlug));
  const byScanner = [...groupBy(groups, (g) => g.scanner)]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([scanner, list]) => ({ scanner, ...days(list) }));
  const weeks = weeksOverlapping(query.from, query.to);
  const byWeek = byWeekOfFix(groups, weeks).map((durations, w) => ({
    ...weekRef(weeks[w] as number),
    ...scaleSummary(summarizeInPlace(durations), DAY),
  }));
  return {
    window: windowRef(query),
    unit: 'days',
    overall: days(groups),
    bySeverity,
    byTeam,
    byScanner,
    byWeek,
  };
}

/** The times to fix (ms) by the ISO week of the fix: one column per week of `weeks`. */
function byWeekOfFix(groups: readonly FixedGroup[], weeks: readonly number[]): Float64Array[] {
  const first = weeks[0] ?? 0;
  const weekIndex = (week: number) => (week - first) / WEEK;
  const counts = new Array<number>(weeks.length).fill(0);
  for (const g of groups)
    for (let k = 0; k < g.weeks.length; k++) {
      const w = weekIndex(g.weeks[k] as number);
      // Every fix is in the window, so in one of its weeks.
      if (w >= 0 && w < weeks.length) counts[w] = (counts[w] as number) + 1;
    }
  const columns = counts.map((n) => new Float64Array(n));
  const filled = new Array<number>(weeks.length).fill(0);
  for (const g of groups)
    for (let k = 0; k < g.weeks.length; k++) {
      const w = weekIndex(g.weeks[k] as number);
      if (w < 0 || w >= weeks.length) continue;
      (columns[w] as Float64Array)[filled[w] as number] = g.durations[k] as number;
      filled[w] = (filled[w] as number) + 1;
    }
  return columns;
}
