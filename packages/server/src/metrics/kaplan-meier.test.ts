import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { downsampleCurve, kaplanMeier, type SurvivalObservation } from './kaplan-meier.js';

const fixed = (duration: number): SurvivalObservation => ({ duration, fixed: true });
const open = (duration: number): SurvivalObservation => ({ duration, fixed: false });

describe('kaplanMeier', () => {
  it('computes the product-limit estimate by hand', () => {
    // times: fixed 1, 3, 3, 6; censored 2, 4
    // t=1: 6 at risk, 1 fixed → S = 5/6
    // t=2: censored (5 at risk) → S = 5/6
    // t=3: 4 at risk, 2 fixed → S = 5/6 · 2/4 = 5/12 ≤ 0.5 → half-life 3
    // t=4: censored (2 at risk); t=6: 1 at risk, 1 fixed → S = 0
    const curve = kaplanMeier([fixed(3), open(2), fixed(1), fixed(6), fixed(3), open(4)]);
    expect(curve.total).toBe(6);
    expect(curve.fixed).toBe(4);
    expect(curve.censored).toBe(2);
    expect(curve.halfLife).toBe(3);
    expect(curve.points.map((p) => [p.time, p.atRisk, p.fixed, p.censored])).toEqual([
      [1, 6, 1, 0],
      [2, 5, 0, 1],
      [3, 4, 2, 0],
      [4, 2, 0, 1],
      [6, 1, 1, 0],
    ]);
    const survival = curve.points.map((p) => p.survival);
    expect(survival[0]).toBeCloseTo(5 / 6, 12);
    expect(survival[2]).toBeCloseTo(5 / 12, 12);
    expect(survival[4]).toBe(0);
  });

  it('keeps censored intervals at risk at their own time (fix first)', () => {
    // t=1: 2 at risk (the censored one included), 1 fixed → S = 1/2 → half-life 1
    expect(kaplanMeier([fixed(1), open(1)]).halfLife).toBe(1);
  });

  it('has no half-life when survival never falls to one half', () => {
    // t=1: 3 at risk, 1 fixed → S = 2/3; the rest censored
    expect(kaplanMeier([fixed(1), open(5), open(7)]).halfLife).toBeNull();
    expect(kaplanMeier([]).halfLife).toBeNull();
    expect(kaplanMeier([open(3)]).points).toEqual([
      { time: 3, survival: 1, atRisk: 1, fixed: 0, censored: 1 },
    ]);
  });

  const observations = fc.array(
    fc.record({ duration: fc.integer({ min: 0, max: 1000 }), fixed: fc.boolean() }),
    { maxLength: 80 },
  );

  it('is non-increasing and between 0 and 1', () => {
    fc.assert(
      fc.property(observations, (obs) => {
        let previous = 1;
        for (const p of kaplanMeier(obs).points) {
          expect(p.survival).toBeGreaterThanOrEqual(0);
          expect(p.survival).toBeLessThanOrEqual(previous);
          previous = p.survival;
        }
      }),
    );
  });

  it('equals the share still open when nothing is censored', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1 }), (durations) => {
        const curve = kaplanMeier(durations.map(fixed));
        for (const p of curve.points) {
          const remaining = durations.filter((d) => d > p.time).length / durations.length;
          expect(p.survival).toBeCloseTo(remaining, 9);
        }
      }),
    );
  });

  it('reports as half-life the first time survival is at most one half', () => {
    fc.assert(
      fc.property(observations, (obs) => {
        const curve = kaplanMeier(obs);
        const first = curve.points.find((p) => p.survival <= 0.5);
        expect(curve.halfLife).toBe(first?.time ?? null);
      }),
    );
  });

  it('downsamples to at most the requested points, still non-increasing, counts kept', () => {
    fc.assert(
      fc.property(observations, fc.integer({ min: 1, max: 20 }), (obs, max) => {
        const curve = kaplanMeier(obs);
        const coarse = downsampleCurve(curve.points, max);
        expect(coarse.length).toBeLessThanOrEqual(Math.max(max, 0));
        let previous = 1;
        for (const p of coarse) {
          expect(p.survival).toBeLessThanOrEqual(previous);
          previous = p.survival;
          // every kept point is an exact point of the curve
          expect(curve.points.find((q) => q.time === p.time)?.survival).toBe(p.survival);
        }
        const sum = (ps: readonly { fixed: number; censored: number }[]) =>
          ps.reduce((s, p) => s + p.fixed + p.censored, 0);
        expect(sum(coarse)).toBe(sum(curve.points));
        if (curve.points.length <= max) expect(coarse).toEqual(curve.points);
      }),
    );
  });
});
