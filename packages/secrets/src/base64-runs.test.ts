import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64Runs } from './secret-findings.js';

/** The slow, obviously right version the fast scan must agree with. */
function byRegex(text: string): { index: number; run: string }[] {
  return [...text.matchAll(/(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{32,}={0,2}/g)].map((m) => ({
    index: m.index,
    run: m[0],
  }));
}

describe('base64Runs', () => {
  it('finds runs of 32 or more base64 characters with their padding', () => {
    const run = `${'QUJD'.repeat(8)}RA==`;
    expect(base64Runs(`x: "${run}", y: ${'a'.repeat(31)}`)).toEqual([{ index: 4, run }]);
    expect(base64Runs('A'.repeat(40))).toEqual([{ index: 0, run: 'A'.repeat(40) }]);
    expect(base64Runs('')).toEqual([]);
  });

  it('agrees with the regular expression on any text (property)', () => {
    const alphabet = fc.constantFrom(...'ABCabc012+/=-_ \n"é'.split(''));
    fc.assert(
      fc.property(
        fc.array(alphabet, { maxLength: 300 }),
        fc.integer({ min: 0, max: 3 }),
        (chars, boost) => {
          const text = chars.join('') + 'Zm9vYmFy'.repeat(boost * 2);
          expect(base64Runs(text)).toEqual(byRegex(text));
        },
      ),
      { numRuns: 300 },
    );
  });
});
