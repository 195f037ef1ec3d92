import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ageBucketOf } from './age-buckets.js';
import { advisoryPublishedAt, isLateDisclosure } from './late-disclosure.js';
import {
  completedDays,
  DAY,
  isoWeekLabel,
  WEEK,
  weekStartOf,
  weeksOverlapping,
} from './time-units.js';

describe('ISO weeks', () => {
  it('labels weeks by the year of their Thursday', () => {
    expect(isoWeekLabel(Date.UTC(2024, 0, 1))).toBe('2024-W01');
    expect(isoWeekLabel(Date.UTC(2024, 0, 7, 23, 59))).toBe('2024-W01');
    expect(isoWeekLabel(Date.UTC(2024, 0, 8))).toBe('2024-W02');
    expect(isoWeekLabel(Date.UTC(2021, 0, 3))).toBe('2020-W53');
    expect(isoWeekLabel(Date.UTC(2024, 11, 30))).toBe('2025-W01');
    expect(isoWeekLabel(Date.UTC(2026, 11, 31))).toBe('2026-W53');
  });

  it('starts every week on a Monday at 00:00 UTC, holding the time', () => {
    fc.assert(
      fc.property(fc.integer({ min: DAY * 5, max: Date.UTC(2100, 0, 1) }), (ms) => {
        const start = weekStartOf(ms);
        expect(start).toBeLessThanOrEqual(ms);
        expect(ms).toBeLessThan(start + WEEK);
        const d = new Date(start);
        expect(d.getUTCDay()).toBe(1);
        expect(d.getUTCHours() + d.getUTCMinutes() + d.getUTCSeconds()).toBe(0);
      }),
    );
  });

  it('lists the weeks overlapping a window', () => {
    const from = Date.UTC(2024, 0, 3);
    const to = Date.UTC(2024, 0, 15) + 1; // 2024-01-15 is the Monday of W03
    expect(weeksOverlapping(from, to).map(isoWeekLabel)).toEqual([
      '2024-W01',
      '2024-W02',
      '2024-W03',
    ]);
    expect(weeksOverlapping(Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 8))).toHaveLength(1);
  });
});

describe('ages', () => {
  it('counts whole completed days and buckets them inclusively', () => {
    expect(completedDays(7 * DAY + DAY - 1)).toBe(7);
    expect(ageBucketOf(0)).toBe('0-7');
    expect(ageBucketOf(8 * DAY - 1)).toBe('0-7');
    expect(ageBucketOf(8 * DAY)).toBe('8-30');
    expect(ageBucketOf(31 * DAY - 1)).toBe('8-30');
    expect(ageBucketOf(31 * DAY)).toBe('31-90');
    expect(ageBucketOf(91 * DAY)).toBe('91-180');
    expect(ageBucketOf(181 * DAY - 1)).toBe('91-180');
    expect(ageBucketOf(181 * DAY)).toBe('>180');
  });
});

describe('late disclosure', () => {
  it('reads the advisory publication time as epoch ms or ISO 8601', () => {
    expect(advisoryPublishedAt('{"properties":{"published":1700000000000}}')).toBe(1700000000000);
    expect(advisoryPublishedAt('{"properties":{"published":"2024-01-13T00:00:00Z"}}')).toBe(
      Date.UTC(2024, 0, 13),
    );
    expect(advisoryPublishedAt('{"properties":{"published":"soon"}}')).toBeNull();
    expect(advisoryPublishedAt('{"properties":{}}')).toBeNull();
    expect(advisoryPublishedAt('{}')).toBeNull();
    expect(advisoryPublishedAt('not json')).toBeNull();
  });

  it('is late only when published strictly after the first production scan', () => {
    expect(isLateDisclosure(11, 10)).toBe(true);
    expect(isLateDisclosure(10, 10)).toBe(false);
    expect(isLateDisclosure(9, 10)).toBe(false);
    expect(isLateDisclosure(null, 10)).toBe(false);
    expect(isLateDisclosure(11, null)).toBe(false);
  });
});
