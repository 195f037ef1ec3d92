import { describe, expect, it } from 'vitest';
import {
  type LifecycleEvent,
  openIntervalAt,
  openIntervals,
  triageStateAt,
} from './lifecycle-model.js';

let nextId = 0;
const ev = (type: string, at: number, scanId: string | null = 'scan'): LifecycleEvent => ({
  id: nextId++,
  type,
  at,
  scanId,
});

describe('the lifecycle model', () => {
  it('starts a new open interval on each reopen after a fix', () => {
    const events = [
      ev('detected', 1),
      ev('seen', 2),
      ev('fixed', 3),
      ev('reopened', 5),
      ev('fixed', 9),
    ];
    expect(openIntervals(events)).toEqual([
      { start: 1, end: 3 },
      { start: 5, end: 9 },
    ]);
  });

  it('never reopens a finding that is gone when a person ends a triage decision', () => {
    // Accepted, then fixed (gone), then the acceptance is reverted by a person: no scan saw
    // it again, so nothing is open until a scan reopens it.
    const events = [
      ev('detected', 1),
      ev('risk_accepted', 2, null),
      ev('fixed', 3),
      ev('reopened', 4, null),
      ev('reopened', 6),
      ev('fixed', 8),
    ];
    expect(openIntervals(events)).toEqual([
      { start: 1, end: 3 },
      { start: 6, end: 8 },
    ]);
  });

  it('ignores a reopen while open and a fix while fixed', () => {
    const events = [ev('detected', 1), ev('reopened', 2, null), ev('fixed', 3), ev('fixed', 4)];
    expect(openIntervals(events)).toEqual([{ start: 1, end: 3 }]);
  });

  it('orders equal times by id (write order), whatever order it is given in', () => {
    const a = ev('detected', 1);
    const b = ev('fixed', 1);
    const c = ev('reopened', 1);
    expect(openIntervals([c, b, a])).toEqual([
      { start: 1, end: 1 },
      { start: 1, end: null },
    ]);
  });

  it('sees an interval as open at its fix time, not at its start time', () => {
    const intervals = [{ start: 5, end: 9 }];
    expect(openIntervalAt(intervals, 5)).toBeNull();
    expect(openIntervalAt(intervals, 6)).toEqual({ start: 5, end: 9 });
    expect(openIntervalAt(intervals, 9)).toEqual({ start: 5, end: 9 });
    expect(openIntervalAt(intervals, 10)).toBeNull();
  });

  it('takes the triage state from the last decision before the time', () => {
    const events = [
      ev('detected', 1),
      ev('false_positive', 2, null),
      ev('reopened', 3, 'scan'), // a scan's reopen does not undo a triage decision
      ev('reopened', 4, null), // a person's does
      ev('risk_accepted', 5, null),
      ev('risk_expired', 6, null),
    ];
    expect(triageStateAt(events, 2)).toBe('none');
    expect(triageStateAt(events, 3)).toBe('false_positive');
    expect(triageStateAt(events, 4)).toBe('false_positive');
    expect(triageStateAt(events, 5)).toBe('none');
    expect(triageStateAt(events, 6)).toBe('risk_accepted');
    expect(triageStateAt(events, 7)).toBe('none');
  });
});
