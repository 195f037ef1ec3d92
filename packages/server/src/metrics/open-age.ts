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
  // Whole completed days ≤ maxDays ⇔ age < (maxDays + 1) days.
  const bucket = sql`case ${sql.join(
    AGE_BUCKETS.map((b) =>
      b.maxDays === null
        ? sql`else ${sql.lit(b.label)}`
        : sql`when ${query.to} - started_at < ${sql.lit((b.maxDays + 1) * DAY)} then ${sql.lit(b.label)}`,
    ),
    sql` `,
  )} end`;
  const { rows } = await sql<{ severity: string; bucket: AgeBucket; n: unknown }>`
    select severity, bucket, count(*) as n from (
      select severity, ${bucket} as bucket
      from (${openFindingsAt(query, query.to)}) o
    ) q group by severity, bucket`.execute(db);
  const buckets = AGE_BUCKETS.map((b) => ({
    bucket: b.label,
    count: 0,
    bySeverity: {} as Record<string, number>,
  }));
  const severities = new Map<string, number>();
  let total = 0;
  for (const row of rows) {
    const n = num(row.n);
    const entry = buckets.find((b) => b.bucket === row.bucket);
    if (!entry) continue;
    entry.count += n;
    entry.bySeverity[row.severity] = (entry.bySeverity[row.severity] ?? 0) + n;
    severities.set(row.severity, (severities.get(row.severity) ?? 0) + n);
    total += n;
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
