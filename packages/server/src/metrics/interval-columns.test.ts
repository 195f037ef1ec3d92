import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixedColumns, parseIntegers, parsePairs } from './interval-columns.js';
import { DAY, weekStartOf } from './time-units.js';

describe('parsePairs', () => {
  it('reads start:end pairs, an empty end as NaN (still open)', () => {
    const { starts, ends } = parsePairs('1730419200000:1731024000000,5:,-3:7', 3);
    expect([...starts]).toEqual([1730419200000, 5, -3]);
    expect(ends[0]).toBe(1731024000000);
    expect(ends[1]).toBeNaN();
    expect(ends[2]).toBe(7);
  });

  it('reads back what the database writes, for any epoch-ms pairs', () => {
    const pair = fc.tuple(
      fc.integer({ min: -(2 ** 50), max: 2 ** 50 }),
      fc.option(fc.integer({ min: -(2 ** 50), max: 2 ** 50 }), { nil: null }),
    );
    fc.assert(
      fc.property(fc.array(pair, { minLength: 1, maxLength: 50 }), (pairs) => {
        const text = pairs.map(([s, e]) => `${s}:${e === null ? '' : e}`).join(',');
        const { starts, ends } = parsePairs(text, pairs.length);
        expect([...starts]).toEqual(pairs.map(([s]) => s));
        expect([...ends]).toEqual(pairs.map(([, e]) => (e === null ? Number.NaN : e)));
      }),
    );
  });

  it('refuses text that is not exactly the pairs it should hold', () => {
    for (const [text, count] of [
      ['1:2,3:4', 3],
      ['1:2,3:4', 1],
      ['1:2;3:4', 2],
      [':2', 1],
      ['1:2:3', 1],
      ['1', 1],
      ['1:2,', 1],
      ['--1:2', 1],
      ['1:-', 1],
      ['1.5:2', 1],
      ['', 1],
    ] as const)
      expect(() => parsePairs(text, count), `${text} × ${count}`).toThrow(/interval pairs/);
  });
});

describe('parseIntegers', () => {
  it('reads comma-separated integers', () => {
    expect([...parseIntegers('86400000,0,-3,1730419200000', 4)]).toEqual([
      86400000, 0, -3, 1730419200000,
    ]);
    expect([...parseIntegers('', 0)]).toEqual([]);
  });

  it('reads back what the database writes, for any epoch-ms durations', () => {
    const value = fc.integer({ min: -(2 ** 50), max: 2 ** 50 });
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 50 }), (values) => {
        expect([...parseIntegers(values.join(','), values.length)]).toEqual(values);
      }),
    );
  });

  it('refuses text that is not exactly the values it should hold', () => {
    for (const [text, count] of [
      ['1,2', 3],
      ['1,2', 1],
      ['1;2', 2],
      ['1,,2', 3],
      [',1', 1],
      ['1,', 1],
      ['--1', 1],
      ['-', 1],
      ['1.5', 1],
      ['1:2', 1],
      ['', 1],
      ['1', 0],
    ] as const)
      expect(() => parseIntegers(text, count), `${text} × ${count}`).toThrow(/interval durations/);
  });
});

describe('fixedColumns', () => {
  it('gives each fixed interval its time to fix and the Monday of its fix', () => {
    const monday = Date.UTC(2026, 10, 23);
    const [g] = fixedColumns([
      {
        teamId: 't',
        severity: 'high',
        scanner: 'sast',
        starts: Float64Array.from([monday - 3 * DAY, monday + 2 * DAY]),
        ends: Float64Array.from([monday - 1, monday + 9 * DAY]),
      },
    ]);
    expect([...(g?.durations ?? [])]).toEqual([3 * DAY - 1, 7 * DAY]);
    expect([...(g?.weeks ?? [])]).toEqual([weekStartOf(monday - 1), monday + 7 * DAY]);
    expect(weekStartOf(monday - 1)).toBe(monday - 7 * DAY);
  });
});
