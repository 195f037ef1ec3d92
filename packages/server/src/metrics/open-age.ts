import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import { AGE_BUCKETS, type AgeBucket } from './age-buckets.js';
import { parsePairs } from './interval-columns.js';
import {
  cellsView,
  cellWeeks,
  inCellsSnapshot,
  inWeeks,
  planRead,
  rowsInRanges,
} from './metric-cells.js';
import {
  intervalScope,
  intervalsInScope,
  type MetricsQuery,
  num,
  openFindingsAt,
  weekStart,
} from './metrics-sql.js';
import { compareSeverityNames, type WindowRef, windowRef } from './report-support.js';
import { DAY, WEEK } from './time-units.js';

/** Open findings of one age bucket. */
export interface AgeBucketCount {
  readonly bucket: AgeBucket;
  readonly count: number;
  /** Counts by effective severity (severities with none are absent). */
  readonly bySeverity: Readonly<Record<string, number>>;
}

/** Open findings at the window's end by age and severity. */
export interface OpenAgeReport {
  readonly window: WindowRef;
  readonly total: number;
  readonly buckets: readonly AgeBucketCount[];
  readonly bySeverity: readonly { readonly severity: string; readonly count: number }[];
}

/** The bounds of each age bucket, as ages in ms: [lower, upper), null for none. */
const BOUNDS = (() => {
  let lower: number | null = null;
  return AGE_BUCKETS.map((b) => {
    const upper = b.maxDays === null ? null : (b.maxDays + 1) * DAY;
    const bounds = { lower, upper };
    lower = upper;
    return bounds;
  });
})();

/** The bucket of an age in ms (whole completed days ≤ maxDays ⇔ age < (maxDays + 1) days). */
function bucketIndex(age: number): number {
  const k = BOUNDS.findIndex((b) => b.upper === null || age < b.upper);
  return k < 0 ? BOUNDS.length - 1 : k;
}

/** Counts by effective severity, then bucket index. */
type Counts = Map<string, number[]>;

function add(counts: Counts, severity: string, bucket: number, n: number): void {
  const row = counts.get(severity) ?? AGE_BUCKETS.map(() => 0);
  row[bucket] = (row[bucket] as number) + n;
  counts.set(severity, row);
}

/**
 * The open intervals in `from` (a subquery aliased `o` with `severity` and `started_at`),
 * counted by severity and bucket in SQL. One count per bucket, grouped by severity alone: a
 * handful of groups the planner hashes, where grouping by a bucket expression too made it
 * expect thousands of groups and sort every open interval.
 */
async function countBuckets(
  reader: Kysely<Database>,
  to: number,
  from: RawBuilder<unknown>,
  counts: Counts,
): Promise<void> {
  const age = sql`${to} - started_at`;
  const sums = BOUNDS.map(({ lower, upper }, k) => {
    const parts = [
      ...(lower === null ? [] : [sql`${age} >= ${sql.lit(lower)}`]),
      ...(upper === null ? [] : [sql`${age} < ${sql.lit(upper)}`]),
    ];
    const where = parts.length === 0 ? sql`1 = 1` : sql.join(parts, sql` and `);
    return sql`sum(case when ${where} then 1 else 0 end) as ${sql.ref(`b${k}`)}`;
  });
  const { rows } = await sql<Record<string, unknown> & { severity: string }>`
    select severity, ${sql.join(sums)} from (${from}) o group by severity`.execute(reader);
  for (const row of rows)
    BOUNDS.forEach((_, k) => {
      add(counts, row.severity, k, num(row[`b${k}`] ?? 0));
    });
}

/**
 * Open findings at `to` by age bucket (0–7, 8–30, 31–90, 91–180, >180 whole completed days
 * since the open interval started) and severity. Accepted risks are still open (unfixed);
 * false positives are not counted.
 *
 * The weeks of starts come from the `started` weekly cells (metric-cells.ts) where they
 * can: a week whole in one bucket counts its intervals open now (`open_n`) and those
 * started in it and fixed at or after `to` (read from the rows by `ended_at`: few when `to`
 * is recent); a week across a bucket's bound reads its cells' pairs. The weeks the cells
 * cannot serve are counted from the rows; without cells, every open interval at `to` is.
 */
export async function computeOpenAge(
  db: Kysely<Database>,
  query: MetricsQuery,
): Promise<OpenAgeReport> {
  const to = query.to;
  const counts: Counts = new Map();
  await inCellsSnapshot(db, async (reader) => {
    const plan = planRead(await cellsView(reader, query), 'started', 0, to);
    if (plan === null) {
      await countBuckets(reader, to, openFindingsAt(query, to), counts);
      return;
    }
    // A week of starts [w, w + WEEK) has ages in (to − w − WEEK, to − w]: whole in one
    // bucket, or across a bound.
    const across = (w: number) => bucketIndex(to - (w + WEEK - 1)) !== bucketIndex(to - w);
    const whole = plan.cells.filter((w) => !across(w));
    const split = plan.cells.filter(across);
    if (whole.length > 0) {
      const open = await sql<{ week: unknown; severity: string; n: unknown }>`
        select c.week as week, c.severity as severity, sum(c.open_n) as n
        from interval_cells c
        where c.kind = 'started' and ${cellWeeks(whole)} and ${intervalScope(query, 'c')}
        group by c.week, c.severity`.execute(reader);
      const fixedLater = await sql<{ week: unknown; severity: string; n: unknown }>`
        select ${weekStart(sql`i.started_at`)} as week, i.severity as severity, count(*) as n
        from finding_intervals i
        where i.ended_at >= ${to} and ${inWeeks(sql`i.started_at`, whole)}
          and ${intervalsInScope(query)}
        group by ${weekStart(sql`i.started_at`)}, i.severity`.execute(reader);
      for (const r of [...open.rows, ...fixedLater.rows])
        add(counts, r.severity, bucketIndex(to - num(r.week)), num(r.n));
    }
    if (split.length > 0) {
      // The weeks across a bound: each interval's start and fix, from the cells' pairs.
      const pairs = await sql<{ severity: string; n: unknown; pairs: string }>`
        select c.severity as severity, sum(c.n) as n, string_agg(c.pairs, ',') as pairs
        from interval_cells c
        where c.kind = 'started' and ${cellWeeks(split)} and ${intervalScope(query, 'c')}
        group by c.severity`.execute(reader);
      for (const r of pairs.rows) {
        const { starts, ends } = parsePairs(r.pairs, num(r.n));
        for (let k = 0; k < starts.length; k++) {
          const end = ends[k] as number;
          if (Number.isNaN(end) || end >= to)
            add(counts, r.severity, bucketIndex(to - (starts[k] as number)), 1);
        }
      }
    }
    if (plan.rows.length > 0)
      await countBuckets(
        reader,
        to,
        sql`select i.severity as severity, i.started_at as started_at
          from ${rowsInRanges('started', plan.rows)} i
          where (i.ended_at is null or i.ended_at >= ${to}) and ${intervalsInScope(query)}`,
        counts,
      );
  });
  const buckets = AGE_BUCKETS.map((b) => ({
    bucket: b.label,
    count: 0,
    bySeverity: {} as Record<string, number>,
  }));
  const severities = new Map<string, number>();
  let total = 0;
  for (const [severity, row] of counts)
    row.forEach((n, k) => {
      if (n === 0) return;
      const entry = buckets[k] as (typeof buckets)[number];
      entry.count += n;
      entry.bySeverity[severity] = (entry.bySeverity[severity] ?? 0) + n;
      severities.set(severity, (severities.get(severity) ?? 0) + n);
      total += n;
    });
  return {
    window: windowRef(query),
    total,
    buckets,
    bySeverity: [...severities]
      .sort(([a], [b]) => compareSeverityNames(a, b))
      .map(([severity, count]) => ({ severity, count })),
  };
}
