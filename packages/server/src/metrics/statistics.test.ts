import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { percentile, scaleSummary, summarize } from './statistics.js';

describe('percentile', () => {
  it('interpolates linearly between the closest ranks, as percentile_cont does', () => {
    // PostgreSQL: select percentile_cont(0.9) within group (order by x) from unnest('{1,2,3,4,10}') → 7.6
    // position 0.9 · (5 − 1) = 3.6 → 4 + 0.6 · (10 − 4) = 7.6
    expect(percentile([1, 2, 3, 4, 10], 0.9)).toBeCloseTo(7.6, 12);
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentile([5], 0.9)).toBe(5);
    expect(percentile([1, 3], 0)).toBe(1);
    expect(percentile([1, 3], 1)).toBe(3);
  });

  it('refuses no values and a p outside [0, 1]', () => {
    expect(() => percentile([], 0.5)).toThrow(RangeError);
    expect(() => percentile([1], 1.5)).toThrow(RangeError);
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError);
  });
});

describe('summarize', () => {
  it('gives nulls for no values', () => {
    expect(summarize([])).toEqual({ count: 0, mean: null, median: null, p90: null });
  });

  it('summarises in any order the same way', () => {
    // sorted 1, 2, 4, 12: mean 19/4; median at 1.5 → 2 + 0.5·2 = 3; p90 at 2.7 → 4 + 0.7·8 = 9.6
    expect(summarize([12, 1, 4, 2])).toEqual({
      count: 4,
      mean: 4.75,
      median: 3,
      p90: expect.closeTo(9.6, 9),
    });
  });

  it('scales every statistic by the unit', () => {
    expect(scaleSummary({ count: 2, mean: 48, median: 24, p90: null }, 24)).toEqual({
      count: 2,
      mean: 2,
      median: 1,
      p90: null,
    });
  });

  const durations = fc.array(fc.integer({ min: 0, max: 10 ** 12 }), {
    minLength: 1,
    maxLength: 60,
  });

  it('keeps mean, median and p90 between the minimum and the maximum, p90 ≥ median', () => {
    fc.assert(
      fc.property(durations, (values) => {
        const s = summarize(values);
        const min = Math.min(...values);
        const max = Math.max(...values);
        for (const v of [s.mean, s.median, s.p90] as number[]) {
          expect(v).toBeGreaterThanOrEqual(min - 1e-3);
          expect(v).toBeLessThanOrEqual(max + 1e-3);
        }
        expect(s.p90 as number).toBeGreaterThanOrEqual(s.median as number);
        expect(s.count).toBe(values.length);
      }),
    );
  });

  it('does not depend on the order of the values', () => {
    fc.assert(
      fc.property(durations, fc.integer(), (values, seed) => {
        const shuffled = [...values].sort((a, b) => ((a * 31 + seed) % 7) - ((b * 31 + seed) % 7));
        expect(summarize(shuffled)).toEqual(summarize(values));
      }),
    );
  });
});
