/**
 * The finding lifecycle as the metrics read it from the append-only event history — the
 * reference model the SQL in `metrics-sql.ts` must agree with (a property test checks it).
 *
 * Events of one finding are ordered by time, then by id (write order) for equal times.
 * - Open intervals: `detected`, or `reopened` by a scan, opens an interval when the finding is not open
 *   (a `reopened` while open, e.g. a triage reopen of an accepted risk, changes nothing);
 *   `fixed` closes the open interval (a `fixed` while closed changes nothing). Every other
 *   event type leaves the intervals alone.
 * - Triage state at a time T: the last event before T among `false_positive`,
 *   `risk_accepted`, `risk_expired` and `reopened` without a scan (a person's reopen)
 *   decides: false positive, accepted risk, or none.
 */

/** One event as the lifecycle model needs it. */
export interface LifecycleEvent {
  readonly id: number;
  readonly type: string;
  readonly at: number;
  readonly scanId: string | null;
}

/** An open interval: from its start to its fix (null while still open). */
export interface OpenInterval {
  readonly start: number;
  readonly end: number | null;
}

/** A finding's triage verdict at a time. */
export type TriageState = 'none' | 'false_positive' | 'risk_accepted';

function ordered(events: readonly LifecycleEvent[]): LifecycleEvent[] {
  return [...events].sort((a, b) => a.at - b.at || a.id - b.id);
}

/** The open intervals of one finding, in order. */
export function openIntervals(events: readonly LifecycleEvent[]): OpenInterval[] {
  const intervals: OpenInterval[] = [];
  let start: number | null = null;
  for (const e of ordered(events)) {
    const opener = e.type === 'detected' || (e.type === 'reopened' && e.scanId !== null);
    if (opener && start === null) start = e.at;
    else if (e.type === 'fixed' && start !== null) {
      intervals.push({ start, end: e.at });
      start = null;
    }
  }
  if (start !== null) intervals.push({ start, end: null });
  return intervals;
}

/** The triage verdict given by the events strictly before `at`. */
export function triageStateAt(events: readonly LifecycleEvent[], at: number): TriageState {
  let state: TriageState = 'none';
  for (const e of ordered(events)) {
    if (e.at >= at) break;
    if (e.type === 'false_positive') state = 'false_positive';
    else if (e.type === 'risk_accepted') state = 'risk_accepted';
    else if (e.type === 'risk_expired' || (e.type === 'reopened' && e.scanId === null)) {
      state = 'none';
    }
  }
  return state;
}

/**
 * The start of the interval open at `at` (a fix exactly at `at` still counts as open: a
 * window [from, to) sees that fix in the next window), or null when closed.
 */
export function openIntervalAt(
  intervals: readonly OpenInterval[],
  at: number,
): OpenInterval | null {
  return intervals.find((i) => i.start < at && (i.end === null || i.end >= at)) ?? null;
}
