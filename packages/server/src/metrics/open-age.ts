import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import { AGE_BUCKETS, type AgeBucket } from './age-buckets.js';
import { type MetricsQuery, num, openFindingsAt } from './metrics-sql.js';
import { compareSeverityNames, type WindowRef, windowRef } from './report-support.js';
import { DAY } from './time-units.js';

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

/**
 * Open findings at `to` by age bucket (0–7, 8–30, 31–90, 91–180, >180 whole completed days
 * since the open interval started) and severity, counted in SQL. Accepted risks are still
 * open (unfixed); false positives are not counted.
 */
export async function computeOpenAge(
  db: Kysely<Database>,
  query: MetricsQuery,
): Promise<OpenAgeReport> {
  // Whole completed days ≤ maxDays ⇔ age < (maxDays + 1) days. One count per bucket, grouped
  // by severity alone: a handful of groups the planner hashes, where grouping by a bucket
  // expression too made it expect thousands of groups and sort every open interval.
  const age = sql`${query.to} - started_at`;
  let lower: number | null = null;
  const counts = AGE_BUCKETS.map((b, k) => {
    const upper = b.maxDays === null ? null : (b.maxDays + 1) * DAY;
    const parts = [
      ...(lower === null ? [] : [sql`${age} >= ${sql.lit(lower)}`]),
      ...(upper === null ? [] : [sql`${age} < ${sql.lit(upper)}`]),
    ];
    lower = upper;
    const where = parts.length === 0 ? sql`1 = 1` : sql.join(parts, sql` and `);
    return sql`sum(case when ${where} then 1 else 0 end) as ${sql.ref(`b${k}`)}`;
  });
  const { rows } = await sql<Record<string, unknown> & { severity: string }>`
    select severity, ${sql.join(counts)}
    from (${openFindingsAt(query, query.to)}) o group by severity`.execute(db);
  const buckets = AGE_BUCKETS.map((b) => ({
    bucket: b.label,
    count: 0,
    bySeverity: {} as Record<string, number>,
  }));
  const severities = new Map<string, number>();
  let total = 0;
  for (const row of rows) {
    AGE_BUCKETS.forEach((_, k) => {
      const n = num(row[`b${k}`] ?? 0);
      if (n === 0) return;
      const entry = buckets[k] as (typeof buckets)[number];
      entry.count += n;
      entry.bySeverity[row.severity] = (entry.bySeverity[row.severity] ?? 0) + n;
      severities.set(row.severity, (severities.get(row.severity) ?? 0) + n);
      total += n;
    });
  }
  return {
    window: windowRef(query),
    total,
    buckets,
    bySeverity: [...severities]
      .sort(([a], [b]) => compareSeverityNames(a, b))
      .map(([severity, count]) => ({ severity, count })),
  };
}
