import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CachedVersionScheme } from './define-scheme.js';

/** What {@link runSchemeConformance} needs to know about one scheme. */
export interface SchemeConformance<S> {
  readonly scheme: CachedVersionScheme;
  /**
   * Valid versions as structures (numbers, qualifiers…), drawn from a small space so that
   * equal and neighbouring versions come up often.
   */
  readonly structures: fc.Arbitrary<S>;
  /** The ways of writing one version: every string it yields must be that version. */
  spell(version: S): fc.Arbitrary<string>;
  /** The version's identity: equal exactly for equal versions (computed without the scheme). */
  key(version: S): string;
  /** Lists in strictly ascending order, taken from the ecosystem's own documentation and tests. */
  readonly ascending: readonly (readonly string[])[];
  /** Groups of spellings of one version. */
  readonly equal: readonly (readonly string[])[];
  /** Strings that are not versions of this scheme. */
  readonly invalid: readonly string[];
  /** fast-check runs per property (default 1,000). */
  readonly runs?: number;
}

const sign = (n: number): number => (n > 0 ? 1 : n < 0 ? -1 : 0);

/**
 * The suite every version scheme passes: the known orderings of its ecosystem, and
 * properties on generated versions (a total order that agrees with the versions' identity)
 * and on arbitrary strings (never throws).
 */
export function runSchemeConformance<S>(c: SchemeConformance<S>): void {
  const { scheme } = c;
  const runs = { numRuns: c.runs ?? 1000 };
  const versions = c.structures.chain((s) => c.spell(s).map((text) => ({ text, key: c.key(s) })));
  const text = versions.map((v) => v.text);

  describe(`${scheme.id} scheme conformance`, () => {
    it('orders the known ascending lists strictly, every pair both ways', () => {
      for (const list of c.ascending) {
        for (const v of list) expect(scheme.isValid(v), `isValid(${v})`).toBe(true);
        for (let i = 0; i < list.length; i++) {
          for (let j = i + 1; j < list.length; j++) {
            const lo = list[i] as string;
            const hi = list[j] as string;
            expect(scheme.compare(lo, hi), `${lo} < ${hi}`).toBeLessThan(0);
            expect(scheme.compare(hi, lo), `${hi} > ${lo}`).toBeGreaterThan(0);
          }
        }
      }
    });

    it('treats the known spellings of one version as equal', () => {
      for (const group of c.equal) {
        for (const a of group) {
          expect(scheme.isValid(a), `isValid(${a})`).toBe(true);
          for (const b of group) expect(scheme.compare(a, b), `${a} == ${b}`).toBe(0);
        }
      }
    });

    it('rejects strings that are not versions, and still orders them without throwing', () => {
      for (const v of c.invalid) {
        expect(scheme.isValid(v), `isValid(${JSON.stringify(v)})`).toBe(false);
        expect(scheme.compare(v, v)).toBe(0);
        expect(sign(scheme.compare(v, '1')) + sign(scheme.compare('1', v))).toBe(0);
      }
    });

    it('accepts every generated version', () => {
      fc.assert(
        fc.property(text, (v) => scheme.isValid(v)),
        runs,
      );
    });

    it('is reflexive and antisymmetric', () => {
      fc.assert(
        fc.property(text, text, (a, b) => {
          expect(scheme.compare(a, a)).toBe(0);
          expect(sign(scheme.compare(a, b)) + sign(scheme.compare(b, a))).toBe(0);
        }),
        runs,
      );
    });

    it('is transitive, and equal versions compare alike with any third', () => {
      fc.assert(
        fc.property(text, text, text, (a, b, x) => {
          const ab = scheme.compare(a, b);
          const bx = scheme.compare(b, x);
          if (ab <= 0 && bx <= 0) expect(scheme.compare(a, x)).toBeLessThanOrEqual(0);
          if (ab >= 0 && bx >= 0) expect(scheme.compare(a, x)).toBeGreaterThanOrEqual(0);
          if (ab === 0) expect(sign(scheme.compare(a, x))).toBe(sign(bx));
        }),
        runs,
      );
    });

    it('calls every spelling of a version equal', () => {
      const twice = c.structures.chain((s) => fc.tuple(c.spell(s), c.spell(s)));
      fc.assert(
        fc.property(twice, ([a, b]) => {
          expect(scheme.compare(a, b), `${a} == ${b}`).toBe(0);
          expect(scheme.canonical(a), `${a} ~ ${b}`).toBe(scheme.canonical(b));
        }),
        runs,
      );
    });

    it('calls two versions equal only when they are the same version', () => {
      fc.assert(
        fc.property(versions, versions, (a, b) => {
          expect(scheme.compare(a.text, b.text) === 0, `${a.text} vs ${b.text}`).toBe(
            a.key === b.key,
          );
        }),
        runs,
      );
    });

    it('gives two versions one canonical form exactly when they compare equal', () => {
      fc.assert(
        fc.property(versions, versions, (a, b) => {
          const ca = scheme.canonical(a.text);
          expect(ca).toBeTypeOf('string');
          expect(ca === scheme.canonical(b.text), `${a.text} vs ${b.text}`).toBe(
            scheme.compare(a.text, b.text) === 0,
          );
        }),
        runs,
      );
      for (const group of c.equal) {
        expect(new Set(group.map((v) => scheme.canonical(v))).size, group.join(' ')).toBe(1);
      }
      for (const v of c.invalid) expect(scheme.canonical(v)).toBeUndefined();
    });

    it('sorts into an order whose neighbours compare in order', () => {
      fc.assert(
        fc.property(fc.array(text, { maxLength: 30 }), (list) => {
          const sorted = [...list].sort((a, b) => scheme.compare(a, b));
          for (let i = 1; i < sorted.length; i++) {
            for (let j = 0; j < i; j++) {
              expect(scheme.compare(sorted[j] as string, sorted[i] as string)).toBeLessThanOrEqual(
                0,
              );
            }
          }
        }),
        { numRuns: 200 },
      );
    });

    it('never throws on arbitrary strings, and orders them antisymmetrically', () => {
      const any = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), text);
      fc.assert(
        fc.property(any, any, (a, b) => {
          expect(typeof scheme.isValid(a)).toBe('boolean');
          expect(scheme.compare(a, a)).toBe(0);
          expect(sign(scheme.compare(a, b)) + sign(scheme.compare(b, a))).toBe(0);
        }),
        runs,
      );
    });
  });
}

/** `arbitrary` a quarter of the time, else `undefined` (so that plain versions stay common). */
export const sometimes = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> =>
  fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, { arbitrary, weight: 1 });

/** Picks one of `options` (a shorthand for the generators). */
export const oneOf = <T>(...options: readonly T[]): fc.Arbitrary<T> => fc.constantFrom(...options);

/** Writes `s` in random letter case. */
export function randomCase(s: string): fc.Arbitrary<string> {
  return fc
    .array(fc.boolean(), { minLength: s.length, maxLength: s.length })
    .map((flips) =>
      [...s].map((ch, i) => (flips[i] ? ch.toUpperCase() : ch.toLowerCase())).join(''),
    );
}

/** Writes a small number, sometimes with leading zeros. */
export function spelledNumber(n: number, leadingZeros = true): fc.Arbitrary<string> {
  return leadingZeros ? oneOf(String(n), String(n), `0${n}`, `00${n}`) : fc.constant(String(n));
}
