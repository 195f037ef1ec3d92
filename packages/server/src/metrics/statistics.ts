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
  return summarizeInPlace(Float64Array.from(values));
}

/**
 * {@link summarize} for a column of values, which it reorders (a copy is the caller's to
 * make). The two percentiles are found by selection, O(n) rather than a sort's O(n log n),
 * and are exactly those of the sorted values: the metrics summarise a few hundred thousand
 * durations several ways per request.
 */
export function summarizeInPlace(values: Float64Array): DurationSummary {
  const n = values.length;
  if (n === 0) return { count: 0, mean: null, median: null, p90: null };
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i] as number;
  // The median's ranks come first: selecting them leaves every greater value to their right,
  // where the 90th percentile's ranks are looked for.
  const median = selectPercentile(values, 0.5, 0);
  const p90 = selectPercentile(values, 0.9, Math.floor(0.5 * (n - 1)));
  return { count: n, mean: sum / n, median, p90 };
}

/**
 * The `p`-quantile of `values` as {@link percentile} computes it on the sorted values, found
 * by partitioning `values[from…]` in place. Every value before `from` must be ≤ every value
 * from it on, and the rank looked for must be ≥ `from`.
 */
function selectPercentile(values: Float64Array, p: number, from: number): number {
  const position = p * (values.length - 1);
  const lower = Math.floor(position);
  const low = selectRank(values, lower, from, values.length - 1);
  if (position === lower) return low;
  // The next rank is the least value right of `lower` once it is in place.
  let high = Number.POSITIVE_INFINITY;
  for (let i = lower + 1; i < values.length; i++) {
    const v = values[i] as number;
    if (v < high) high = v;
  }
  return low + (position - lower) * (high - low);
}

/**
 * Puts the value of rank `k` (0-based, in ascending order) at `values[k]`, with no greater
 * value before it and no smaller one after it, looking only in `values[lo…hi]` (which must
 * hold rank `k`); returns it. Quickselect with a three-way partition around the middle of
 * three samples, so runs of equal durations (common: scans run on a schedule) cost no more
 * than distinct ones.
 */
export function selectRank(values: Float64Array, k: number, lo: number, hi: number): number {
  while (hi > lo) {
    const a = values[lo] as number;
    const b = values[(lo + hi) >>> 1] as number;
    const c = values[hi] as number;
    // The middle of the three: the greatest of the pairwise least.
    const pivot = Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    // Three-way partition: [lo, lt) < pivot, [lt, i) = pivot, (gt, hi] > pivot.
    let lt = lo;
    let gt = hi;
    let i = lo;
    while (i <= gt) {
      const v = values[i] as number;
      if (v < pivot) {
        values[i] = values[lt] as number;
        values[lt] = v;
        lt++;
        i++;
      } else if (v > pivot) {
        values[i] = values[gt] as number;
        values[gt] = v;
        gt--;
      } else i++;
    }
    if (k < lt) hi = lt - 1;
    else if (k > gt) lo = gt + 1;
    else return pivot;
  }
  return values[k] as number;
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
