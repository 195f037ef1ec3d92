import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareDigits, defineScheme, stripZeros } from './define-scheme.js';

/** A toy scheme over plain integers that counts its parses. */
function countingScheme(cacheLimit = 1000) {
  const parsed: string[] = [];
  const scheme = defineScheme<bigint>({
    id: 'int',
    parse(version) {
      parsed.push(version);
      return /^[0-9]+$/.test(version) ? BigInt(version) : undefined;
    },
    compareParsed: (a, b) => (a < b ? -1 : a > b ? 1 : 0),
    canonical: (n) => n.toString(),
    cacheLimit,
  });
  return { scheme, parsed };
}

describe('defineScheme', () => {
  it('parses each distinct string once, however often it is compared', () => {
    const { scheme, parsed } = countingScheme();
    for (let i = 0; i < 100; i++) {
      expect(scheme.compare('10', '9')).toBe(1);
      expect(scheme.isValid('10')).toBe(true);
    }
    expect(parsed.sort()).toEqual(['10', '9']);
  });

  it('keeps the cache within its bound and still answers correctly after evicting', () => {
    const { scheme } = countingScheme(100);
    for (let i = 0; i < 1000; i++) expect(scheme.compare(String(i), String(i + 1))).toBe(-1);
    expect(scheme.cacheSize()).toBeLessThanOrEqual(100);
    expect(scheme.compare('1', '0')).toBe(1);
  });

  it('orders versions that do not parse first, among themselves by code units', () => {
    const { scheme } = countingScheme();
    expect(scheme.compare('abc', '1')).toBe(-1);
    expect(scheme.compare('1', 'abc')).toBe(1);
    expect(scheme.compare('abc', 'abd')).toBe(-1);
    expect(scheme.compare('abc', 'abc')).toBe(0);
    expect(scheme.isValid('abc')).toBe(false);
  });

  it('turns a parser that throws into an invalid version instead of an error', () => {
    const scheme = defineScheme<number>({
      id: 'broken',
      parse() {
        throw new Error('bug');
      },
      compareParsed: (a, b) => a - b,
      canonical: String,
    });
    expect(scheme.isValid('1')).toBe(false);
    expect(scheme.compare('1', '2')).toBe(-1);
  });

  it('applies wellFormed to validity only, not to ordering', () => {
    const scheme = defineScheme<number>({
      id: 'even',
      parse: (v) => Number(v),
      compareParsed: (a, b) => a - b,
      canonical: String,
      wellFormed: (n) => n % 2 === 0,
    });
    expect(scheme.isValid('2')).toBe(true);
    expect(scheme.isValid('3')).toBe(false);
    expect(scheme.compare('3', '2')).toBe(1);
    expect(scheme.canonical('2')).toBe('2');
    expect(scheme.canonical('3')).toBeUndefined();
  });

  it('names canonical forms only for valid versions, and computes each once', () => {
    let calls = 0;
    const scheme = defineScheme<bigint>({
      id: 'int',
      parse: (v) => (/^[0-9]+$/.test(v) ? BigInt(v) : undefined),
      compareParsed: (a, b) => (a < b ? -1 : a > b ? 1 : 0),
      canonical: (n) => {
        calls++;
        return n.toString();
      },
    });
    expect(scheme.canonical('007')).toBe('7');
    expect(scheme.canonical('007')).toBe('7');
    expect(calls).toBe(1);
    expect(scheme.canonical('x')).toBeUndefined();
  });
});

describe('compareDigits', () => {
  it('agrees with BigInt on digit strings of any length, leading zeros included', () => {
    const digits = fc.string({
      unit: fc.constantFrom(...'0123456789'),
      minLength: 1,
      maxLength: 40,
    });
    fc.assert(
      fc.property(digits, digits, (a, b) => {
        const x = BigInt(a);
        const y = BigInt(b);
        expect(compareDigits(a, b)).toBe(x < y ? -1 : x > y ? 1 : 0);
        expect(stripZeros(a)).toBe(x.toString());
      }),
      { numRuns: 2000 },
    );
  });
});
