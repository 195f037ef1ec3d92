import { describe, expect, it } from 'vitest';
import type { Detector } from '../detector.js';
import { DETECTORS } from '../detectors/index.js';
import { createSecretMatcher } from '../engine/matcher.js';

/** Text that must make the detector report exactly `secret`. */
export interface PositiveCase {
  readonly name: string;
  readonly text: string;
  readonly secret: string;
}

/** Text the detector must not report. */
export interface NegativeCase {
  readonly name: string;
  readonly text: string;
}

/** The cases of one detector. Build secrets with `fake()` at test time, never paste real ones. */
export interface DetectorCases {
  readonly id: string;
  readonly positive: readonly PositiveCase[];
  readonly negative: readonly NegativeCase[];
}

/**
 * The conformance suite for a family of detectors: every detector has at least one positive
 * and one negative case, positives report exactly the secret, negatives report nothing for
 * that detector.
 */
export function runDetectorCases(
  family: readonly Detector[],
  cases: readonly DetectorCases[],
): void {
  const matcher = createSecretMatcher(family);
  // Every built-in detector at once, as a scan runs them: a positive must survive the
  // overlap rules (a more confident detector may report it instead, never nobody).
  const everything = createSecretMatcher(DETECTORS);
  describe.each(family.map((d) => [d.id, d] as const))('%s', (id) => {
    const mine = cases.find((c) => c.id === id);
    it('has positive and negative cases', () => {
      expect(mine?.positive.length ?? 0).toBeGreaterThan(0);
      expect(mine?.negative.length ?? 0).toBeGreaterThan(0);
    });
    for (const c of mine?.positive ?? []) {
      it(`finds ${c.name}`, () => {
        const found = matcher.scan(c.text).filter((m) => m.detector.id === id);
        expect(found.map((m) => m.secret)).toContain(c.secret);
        const at = c.text.indexOf(c.secret);
        expect(found.find((m) => m.secret === c.secret)?.index).toBe(at);
        const covered = everything
          .scan(c.text)
          .some((m) => m.index <= at && m.index + m.secret.length >= at + c.secret.length);
        expect(covered, 'reported when every detector runs').toBe(true);
      });
    }
    for (const c of mine?.negative ?? []) {
      it(`ignores ${c.name}`, () => {
        expect(
          matcher
            .scan(c.text)
            .filter((m) => m.detector.id === id)
            .map((m) => m.secret),
        ).toEqual([]);
      });
    }
  });
}
