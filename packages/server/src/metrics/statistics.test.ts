import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { percentile, scaleSummary, selectRank, summarize, summarizeInPlace } from './statistics.js';

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

  // Few distinct values (ties are the common case: scans run on a schedule) and many.
  const columns = fc.oneof(
    fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 300 }),
    fc.array(fc.integer({ min: 0, max: 10 ** 12 }), { minLength: 1, maxLength: 300 }),
  );

  it('finds by selection exactly the percentiles of the sorted values', () => {
    fc.assert(
      fc.property(columns, (values) => {
        const sorted = [...values].sort((a, b) => a - b);
        const s = summarizeInPlace(Float64Array.from(values));
        expect(s.median).toBe(percentile(sorted, 0.5));
        expect(s.p90).toBe(percentile(sorted, 0.9));
        expect(s.count).toBe(values.length);
      }),
      { numRuns: 300 },
    );
  });

  it('selects every rank of a column, keeping the smaller values before it', () => {
    fc.assert(
      fc.property(columns, fc.nat(), (values, seed) => {
        const k = seed % values.length;
        const column = Float64Array.from(values);
        const v = selectRank(column, k, 0, column.length - 1);
        expect(v).toBe([...values].sort((a, b) => a - b)[k]);
        expect(column[k]).toBe(v);
        for (let i = 0; i < k; i++) expect(column[i]).toBeLessThanOrEqual(v);
        for (let i = k + 1; i < column.length; i++) expect(column[i]).toBeGreaterThanOrEqual(v);
        expect([...column].sort((a, b) => a - b)).toEqual([...values].sort((a, b) => a - b));
      }),
    );
  });

  it('summarises a sorted, a reversed and a constant column of 100,000 values', () => {
    // Inputs that would make a quickselect with a naive pivot quadratic.
    const n = 100_000;
    const ascending = Float64Array.from({ length: n }, (_, i) => i);
    // position 0.5 · 99,999 = 49,999.5 → 49,999.5; 0.9 · 99,999 = 89,999.1 → 89,999.1
    for (const column of [ascending, ascending.slice().reverse()]) {
      const s = summarizeInPlace(column);
      expect(s.median).toBe(49_999.5);
      expect(s.p90).toBeCloseTo(89_999.1, 6);
    }
    expect(summarizeInPlace(new Float64Array(n).fill(7))).toEqual({
      count: n,
      mean: 7,
      median: 7,
      p90: 7,
    });
  });
});
