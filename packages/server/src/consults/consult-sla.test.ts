import { describe, expect, it } from 'vitest';
import {
  CONSULT_STATUSES,
  CONSULT_TRANSITIONS,
  type ConsultSlaInput,
  canTransition,
  consultSla,
  DEFAULT_CONSULT_SLA,
} from './consult-sla.js';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2025, 0, 6, 9);

const consult = (over: Partial<ConsultSlaInput> = {}): ConsultSlaInput => ({
  kind: 'design_review',
  status: 'requested',
  created_at: T0,
  due_at: null,
  triaged_at: null,
  closed_at: null,
  ...over,
});
const sla = (c: ConsultSlaInput, now: number) => consultSla(c, DEFAULT_CONSULT_SLA, now);

describe('the consult SLA', () => {
  it('gives the triage and completion deadlines of the kind, or the due date', () => {
    expect(sla(consult(), T0)).toEqual({
      triageDueAt: new Date(T0 + 2 * DAY).toISOString(),
      completionDueAt: new Date(T0 + 14 * DAY).toISOString(),
      breached: false,
      state: 'ok',
    });
    expect(sla(consult({ kind: 'threat_model' }), T0).completionDueAt).toBe(
      new Date(T0 + 21 * DAY).toISOString(),
    );
    expect(sla(consult({ due_at: T0 + 5 * DAY }), T0).completionDueAt).toBe(
      new Date(T0 + 5 * DAY).toISOString(),
    );
  });

  it('is due soon in the last quarter of the pending window, breached after it', () => {
    expect(sla(consult(), T0 + 36 * HOUR).state).toBe('ok');
    expect(sla(consult(), T0 + 36 * HOUR + 1).state).toBe('due_soon');
    expect(sla(consult(), T0 + 2 * DAY).state).toBe('due_soon');
    expect(sla(consult(), T0 + 2 * DAY + 1)).toMatchObject({ breached: true, state: 'breached' });
    const triaged = consult({ status: 'triaged', triaged_at: T0 + DAY });
    expect(sla(triaged, T0 + 10 * DAY).state).toBe('ok');
    expect(sla(triaged, T0 + 11 * DAY).state).toBe('due_soon');
    expect(sla(triaged, T0 + 14 * DAY + 1).state).toBe('breached');
  });

  it('judges a closed consult at its closure, and keeps a late triage a breach', () => {
    const doneInTime = consult({ status: 'done', triaged_at: T0 + HOUR, closed_at: T0 + 3 * DAY });
    expect(sla(doneInTime, T0 + 100 * DAY)).toMatchObject({ breached: false, state: 'ok' });
    const lateTriage = consult({
      status: 'done',
      triaged_at: T0 + 3 * DAY,
      closed_at: T0 + 4 * DAY,
    });
    expect(sla(lateTriage, T0 + 100 * DAY)).toMatchObject({ breached: true, state: 'breached' });
    const lateDone = consult({ status: 'done', triaged_at: T0 + HOUR, closed_at: T0 + 15 * DAY });
    expect(sla(lateDone, T0 + 15 * DAY).breached).toBe(true);
  });

  it('allows only forward moves, with closed statuses final', () => {
    expect(canTransition('requested', 'triaged')).toBe(true);
    expect(canTransition('requested', 'done')).toBe(false);
    expect(canTransition('scheduled', 'triaged')).toBe(true);
    for (const closed of ['done', 'declined', 'cancelled'] as const)
      expect(CONSULT_TRANSITIONS[closed]).toEqual([]);
    for (const from of CONSULT_STATUSES)
      if (!['done', 'declined', 'cancelled'].includes(from))
        expect(canTransition(from, 'cancelled'), from).toBe(true);
  });
});
