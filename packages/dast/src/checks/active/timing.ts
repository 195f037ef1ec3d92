/**
 * Shared statistics for time-based checks (blind SQL injection, command injection).
 *
 * A payload that makes the target wait D seconds shows up as a response at least D slower
 * than usual. Networks and servers are noisy, so the decision rests on a baseline and on the
 * delay tracking the payload:
 *
 * 1. Baseline: n (5) unmodified requests give the mean μ, standard deviation σ and maximum
 *    M of the normal latency. `upper = max(M, μ + 7σ)` bounds a normal response (the 7σ
 *    coefficient is the one sqlmap uses); an outlier beyond it is very unlikely.
 * 2. Delay: D is a whole number of seconds, at least the floor (2 s; 1 s in tests) and at
 *    least 1.5·upper, so a delayed response cannot be confused with a slow normal one.
 *    When D would exceed the ceiling (10 s) the target is too erratic to test: skip.
 * 3. Threshold: a response to a k·D payload counts as delayed when it took at least
 *    `M + 0.8·k·D`. A normal response would need to beat the baseline maximum by 0.8·k·D
 *    (≥ 1.2·upper); a real delay of k·D plus a fast response loses at most
 *    M − min ≤ 0.2·k·D to jitter (because D ≥ 1.5·upper), so it still passes.
 * 4. Confirmation: the D payload is delayed, then a control (the same payload with no delay)
 *    is *not* delayed (the target did not just become slow), then the 2·D payload is delayed
 *    by at least `M + 1.6·D`. A timeout counts as delayed: the per-request timeout is set
 *    well above the expected delay, so only a hung or very slow response reaches it, and the
 *    fast control rules out a target that hangs on everything.
 */
import { RequestTimeoutError, TransportError } from '../../http/errors.js';
import type { ActiveContext, DastRequest, Exchange } from '../../types.js';

/** Normal latency of one request, from repeated samples. */
export interface LatencyBaseline {
  readonly samples: readonly number[];
  readonly mean: number;
  readonly sd: number;
  readonly min: number;
  readonly max: number;
  /** `max(max, mean + 7·sd)`: the slowest normal response to expect. */
  readonly upper: number;
}

/** Tuning of the time-based decision (defaults suit real targets; tests lower the floor). */
export interface TimingOptions {
  /** Baseline requests (default 5). */
  readonly samples?: number | undefined;
  /** Smallest delay to inject, in whole seconds (default 2). */
  readonly minDelaySec?: number | undefined;
  /** Largest delay worth waiting for, in seconds (default 10); noisier targets are skipped. */
  readonly maxDelaySec?: number | undefined;
}

const SD_COEFFICIENT = 7;
const DELAY_FRACTION = 0.8;

/** Mean, standard deviation, extremes and upper bound of latency samples in milliseconds. */
export function latencyBaseline(samples: readonly number[]): LatencyBaseline {
  if (samples.length === 0) throw new Error('latencyBaseline needs at least one sample');
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  const variance =
    samples.length > 1
      ? samples.reduce((a, b) => a + (b - mean) ** 2, 0) / (samples.length - 1)
      : 0;
  const sd = Math.sqrt(variance);
  const max = Math.max(...samples);
  return {
    samples,
    mean,
    sd,
    min: Math.min(...samples),
    max,
    upper: Math.max(max, mean + SD_COEFFICIENT * sd),
  };
}

/**
 * The delay to inject, in whole seconds: at least the floor and 1.5× the slowest normal
 * response; `undefined` when that exceeds the ceiling (too noisy to test).
 */
export function chooseDelaySec(
  baseline: LatencyBaseline,
  options: TimingOptions = {},
): number | undefined {
  const floor = options.minDelaySec ?? 2;
  const ceiling = options.maxDelaySec ?? 10;
  const delay = Math.max(floor, Math.ceil((1.5 * baseline.upper) / 1000));
  return delay > ceiling ? undefined : delay;
}

/** The latency, in milliseconds, from which a response to a `delaySec` payload counts as delayed. */
export function delayThresholdMs(baseline: LatencyBaseline, delaySec: number): number {
  return baseline.max + DELAY_FRACTION * delaySec * 1000;
}

/** A timeout generous enough for a `delaySec` payload on a slow target. */
export function timeoutForDelayMs(baseline: LatencyBaseline, delaySec: number): number {
  // Heavy-query payloads (SQLite) run longer than nominal on slow machines: allow 3×.
  return Math.ceil(baseline.upper + 3 * delaySec * 1000 + 5000);
}

/** One timed request: its latency, and the exchange unless it timed out. */
export interface TimedResult {
  readonly elapsedMs: number;
  readonly exchange?: Exchange | undefined;
  readonly timedOut: boolean;
}

/**
 * Sends `request` with `timeoutMs` and reports how long it took; a timeout is a result (with
 * the time waited), an unreachable target is `undefined`, and other errors (the spent
 * budget) propagate.
 */
export async function timedSend(
  ctx: ActiveContext,
  request: DastRequest,
  timeoutMs: number,
): Promise<TimedResult | undefined> {
  try {
    const exchange = await ctx.client.send(request, { timeoutMs });
    return { elapsedMs: exchange.elapsedMs, exchange, timedOut: false };
  } catch (err) {
    if (err instanceof RequestTimeoutError) return { elapsedMs: err.elapsedMs, timedOut: true };
    if (err instanceof TransportError) return undefined;
    throw err;
  }
}

/**
 * Measures the baseline latency of `request` with `samples` requests, adding to `known`
 * latencies already observed for it; `undefined` when the target cannot be reached.
 */
export async function measureBaseline(
  ctx: ActiveContext,
  request: DastRequest,
  options: TimingOptions = {},
  known: readonly number[] = [],
): Promise<LatencyBaseline | undefined> {
  const wanted = options.samples ?? 5;
  const samples = [...known];
  while (samples.length < wanted) {
    const result = await timedSend(ctx, request, ctx.client.options.timeoutMs);
    if (result === undefined || result.timedOut) return undefined;
    samples.push(result.elapsedMs);
  }
  return latencyBaseline(samples);
}

/** How a delay payload fared. */
export interface DelayVerdict {
  /** The D payload was delayed, the control was not, and the 2·D payload was delayed ≥ D. */
  readonly confirmed: boolean;
  /** The 2·D payload was also delayed by at least 1.6·D: the delay tracks the payload. */
  readonly tracks: boolean;
  readonly delaySec: number;
  /** Latencies of the D, control and 2·D requests (those sent). */
  readonly observedMs: readonly number[];
  readonly thresholdMs: number;
  /** The most convincing exchange (2·D, or D when 2·D timed out). */
  readonly exchange?: Exchange | undefined;
  /** The payload of that exchange. */
  readonly payload?: string | undefined;
}

/**
 * Runs the confirmation protocol: `probe(delaySec)` builds the payload for a delay (0 for the
 * control). Sends at most three requests, stopping at the first that disproves the delay.
 */
export async function confirmDelay(
  ctx: ActiveContext,
  baseline: LatencyBaseline,
  delaySec: number,
  probe: (delaySec: number) => { readonly request: DastRequest; readonly payload: string },
): Promise<DelayVerdict> {
  const threshold = delayThresholdMs(baseline, delaySec);
  const observed: number[] = [];
  const verdict = (
    confirmed: boolean,
    tracks: boolean,
    best?: { exchange?: Exchange | undefined; payload: string },
  ): DelayVerdict => ({
    confirmed,
    tracks,
    delaySec,
    observedMs: observed,
    thresholdMs: threshold,
    exchange: best?.exchange,
    payload: best?.payload,
  });
  const first = probe(delaySec);
  const once = await timedSend(ctx, first.request, timeoutForDelayMs(baseline, delaySec));
  if (once === undefined) return verdict(false, false);
  observed.push(once.elapsedMs);
  if (once.elapsedMs < threshold) return verdict(false, false);
  const control = await timedSend(ctx, probe(0).request, timeoutForDelayMs(baseline, delaySec));
  if (control === undefined) return verdict(false, false);
  observed.push(control.elapsedMs);
  if (control.timedOut || control.elapsedMs >= threshold) return verdict(false, false);
  const second = probe(2 * delaySec);
  const twice = await timedSend(ctx, second.request, timeoutForDelayMs(baseline, 2 * delaySec));
  if (twice === undefined) return verdict(false, false);
  observed.push(twice.elapsedMs);
  const best =
    twice.exchange !== undefined
      ? { exchange: twice.exchange, payload: second.payload }
      : { exchange: once.exchange, payload: first.payload };
  const tracks = twice.elapsedMs >= delayThresholdMs(baseline, 2 * delaySec);
  return verdict(tracks || twice.elapsedMs >= threshold, tracks, best);
}
