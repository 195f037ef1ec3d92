import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePairs } from './interval-columns.js';

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
