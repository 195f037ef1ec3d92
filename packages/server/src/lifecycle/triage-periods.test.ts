import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { triageStateAt } from '../metrics/lifecycle-model.js';
import { type DecisionEvent, periodsOfEvents } from './triage-periods.js';

const TYPES = [
  'false_positive',
  'risk_accepted',
  'risk_expired',
  'reopened-by-person',
  'reopened-by-scan',
  'commented',
] as const;

function event(id: number, type: (typeof TYPES)[number], at: number): DecisionEvent {
  if (type === 'reopened-by-person')
    return { id, finding_id: 'f', type: 'reopened', at, scan_id: null };
  if (type === 'reopened-by-scan')
    return { id, finding_id: 'f', type: 'reopened', at, scan_id: 's' };
  return { id, finding_id: 'f', type, at, scan_id: null };
}

/** The verdict the periods give at `at`: a period holds when started_at < at <= ended_at. */
function verdictAt(events: readonly DecisionEvent[], at: number): string {
  const holding = periodsOfEvents(events).filter(
    (p) => p.started_at < at && (p.ended_at === null || p.ended_at >= at),
  );
  expect(holding.length).toBeLessThanOrEqual(1);
  return holding[0]?.verdict ?? 'none';
}

describe('triage periods', () => {
  it('holds a verdict from its decision until the next one', () => {
    const events = [
      event(1, 'false_positive', 10),
      event(2, 'reopened-by-scan', 15), // a scan's reopen decides nothing
      event(3, 'reopened-by-person', 20),
      event(4, 'risk_accepted', 30),
      event(5, 'risk_expired', 40),
    ];
    expect(periodsOfEvents(events)).toEqual([
      { finding_id: 'f', seq: 0, verdict: 'false_positive', started_at: 10, ended_at: 20 },
      { finding_id: 'f', seq: 1, verdict: 'risk_accepted', started_at: 30, ended_at: 40 },
    ]);
    expect(verdictAt(events, 10)).toBe('none'); // strictly after the decision
    expect(verdictAt(events, 11)).toBe('false_positive');
    expect(verdictAt(events, 20)).toBe('false_positive'); // the reopen counts from after 20
    expect(verdictAt(events, 21)).toBe('none');
    expect(verdictAt(events, 41)).toBe('none');
  });

  it('lets the last of several decisions at one time decide (write order)', () => {
    const events = [event(7, 'risk_accepted', 5), event(3, 'false_positive', 5)];
    expect(verdictAt(events, 6)).toBe('risk_accepted');
  });

  it('agrees with the lifecycle model at every time (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ type: fc.constantFrom(...TYPES), at: fc.integer({ min: 0, max: 20 }) }),
          { maxLength: 10 },
        ),
        fc.array(fc.integer(), { minLength: 10, maxLength: 10 }),
        (specs, ids) => {
          // ids in any order: the write order need not follow time
          const events = specs.map((s, i) => event((ids[i] ?? 0) * 100 + i, s.type, s.at));
          const model = events.map((e) => ({
            id: e.id,
            type: e.type,
            at: e.at,
            scanId: e.scan_id,
          }));
          for (let at = 0; at <= 22; at++)
            expect(verdictAt(events, at)).toBe(triageStateAt(model, at));
        },
      ),
      { numRuns: 300 },
    );
  });
});
