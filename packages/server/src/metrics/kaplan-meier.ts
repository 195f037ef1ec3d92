/**
 * Kaplan–Meier survival of open findings: the probability that a finding is still open a
 * given time after it was opened. Findings still open are censored (we know only that they
 * survived so far), which is why this is less biased than MTTR over fixed findings alone.
 */

/** One open interval: how long it was observed, and whether it ended with a fix. */
export interface SurvivalObservation {
  readonly duration: number;
  /** true: fixed after `duration`; false: censored (still open when observation ended). */
  readonly fixed: boolean;
}

/** The survival just after `time`, with the counts at that time. */
export interface SurvivalPoint {
  readonly time: number;
  readonly survival: number;
  /** Intervals still open just before `time` (censored ones at `time` included). */
  readonly atRisk: number;
  readonly fixed: number;
  readonly censored: number;
}

/** A Kaplan–Meier curve: a step function, 1 before the first point. */
export interface SurvivalCurve {
  readonly total: number;
  readonly fixed: number;
  readonly censored: number;
  readonly points: readonly SurvivalPoint[];
  /** The first time at which survival is ≤ 0.5; null when it never gets there. */
  readonly halfLife: number | null;
}

/**
 * The Kaplan–Meier estimate: at each distinct time t with d fixes among n intervals at risk,
 * S(t) = S(t⁻) · (1 − d/n). Intervals censored at t count as at risk at t (the usual
 * convention: a fix and a censoring at the same time, the fix comes first).
 * @example kaplanMeier([{ duration: 1, fixed: true }, { duration: 2, fixed: false }]).halfLife // 1
 */
export function kaplanMeier(observations: readonly SurvivalObservation[]): SurvivalCurve {
  let fixedCount = 0;
  for (const o of observations) if (o.fixed) fixedCount++;
  const fixed = new Float64Array(fixedCount);
  const censored = new Float64Array(observations.length - fixedCount);
  let f = 0;
  let c = 0;
  for (const o of observations) {
    if (o.fixed) fixed[f++] = o.duration;
    else censored[c++] = o.duration;
  }
  return kaplanMeierColumns(fixed, censored);
}

/**
 * {@link kaplanMeier} of the durations of the fixed intervals and of the censored ones, as
 * columns (which it sorts in place): two numeric sorts and a merge instead of sorting
 * objects, for the few hundred thousand intervals of an organisation's year.
 */
export function kaplanMeierColumns(fixed: Float64Array, censored: Float64Array): SurvivalCurve {
  fixed.sort();
  censored.sort();
  const total = fixed.length + censored.length;
  const points: SurvivalPoint[] = [];
  let atRisk = total;
  let survival = 1;
  let halfLife: number | null = null;
  let f = 0;
  let c = 0;
  while (f < fixed.length || c < censored.length) {
    const nextFixed = f < fixed.length ? (fixed[f] as number) : Number.POSITIVE_INFINITY;
    const nextCensored = c < censored.length ? (censored[c] as number) : Number.POSITIVE_INFINITY;
    const time = Math.min(nextFixed, nextCensored);
    let fixedNow = 0;
    let censoredNow = 0;
    for (; f < fixed.length && fixed[f] === time; f++) fixedNow++;
    for (; c < censored.length && censored[c] === time; c++) censoredNow++;
    if (fixedNow > 0) survival *= 1 - fixedNow / atRisk;
    points.push({ time, survival, atRisk, fixed: fixedNow, censored: censoredNow });
    if (halfLife === null && survival <= 0.5) halfLife = time;
    atRisk -= fixedNow + censoredNow;
  }
  return { total, fixed: fixed.length, censored: censored.length, points, halfLife };
}

/**
 * At most `max` points of a curve for a chart: the time axis is cut into `max` equal bins and
 * each bin keeps its last step (its survival), summing the fixes and censorings in it, so the
 * coarse curve is still non-increasing and agrees with the exact one at every kept time.
 */
export function downsampleCurve(
  points: readonly SurvivalPoint[],
  max: number,
): readonly SurvivalPoint[] {
  if (points.length <= max) return points;
  const last = (points[points.length - 1] as SurvivalPoint).time;
  const first = (points[0] as SurvivalPoint).time;
  const width = (last - first) / max || 1;
  const out: SurvivalPoint[] = [];
  let bin = -1;
  for (const point of points) {
    const b = Math.min(max - 1, Math.floor((point.time - first) / width));
    const previous = out[out.length - 1];
    if (b === bin && previous) {
      out[out.length - 1] = {
        time: point.time,
        survival: point.survival,
        atRisk: previous.atRisk,
        fixed: previous.fixed + point.fixed,
        censored: previous.censored + point.censored,
      };
    } else {
      out.push(point);
      bin = b;
    }
  }
  return out;
}
