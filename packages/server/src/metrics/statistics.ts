/**
 * Summary statistics of durations: mean, and percentiles by linear interpolation between
 * the closest ranks, exactly as PostgreSQL's `percentile_cont` computes them, so a number
 * the hub reports can be checked with one SQL query.
 */

/**
 * The `p`-quantile (0 ≤ p ≤ 1) of values sorted ascending, by linear interpolation.
 * @example percentile([1, 2, 3, 4], 0.5) // 2.5
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new RangeError('percentile of no values');
  if (!(p >= 0 && p <= 1)) throw new RangeError(`a percentile is between 0 and 1, got ${p}`);
  const position = p * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = sorted[lower] as number;
  const high = sorted[upper] as number;
  return low + (position - lower) * (high - low);
}

/** Mean, median and 90th percentile of a set of durations (null when there are none). */
export interface DurationSummary {
  readonly count: number;
  readonly mean: number | null;
  readonly median: number | null;
  readonly p90: number | null;
}

/** Summarises values (any unit; the result is in the same unit). */
export function summarize(values: readonly number[]): DurationSummary {
  if (values.length === 0) return { count: 0, mean: null, median: null, p90: null };
  const sorted = [...values].sort((a, b) => a - b);
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    count: sorted.length,
    mean: sum / sorted.length,
    median: percentile(sorted, 0.5),
    p90: percentile(sorted, 0.9),
  };
}

/** A summary with every duration divided by `unit` (e.g. milliseconds → days). */
export function scaleSummary(summary: DurationSummary, unit: number): DurationSummary {
  const scale = (v: number | null) => (v === null ? null : v / unit);
  return {
    count: summary.count,
    mean: scale(summary.mean),
    median: scale(summary.median),
    p90: scale(summary.p90),
  };
}
