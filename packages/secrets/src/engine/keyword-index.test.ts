import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createKeywordIndex } from './keyword-index.js';

/** The obvious way: every keyword, every position, case-insensitively. */
function naive(keywords: readonly string[], text: string): string[] {
  const out: string[] = [];
  for (let p = 0; p < text.length; p++) {
    keywords.forEach((k, i) => {
      // ASCII case folding only, as a non-unicode case-insensitive RegExp does for ASCII.
      let ok = p + k.length <= text.length;
      for (let j = 0; ok && j < k.length; j++) {
        const c = text.charCodeAt(p + j);
        const folded = c >= 65 && c <= 90 ? c | 32 : c;
        ok = folded === k.toLowerCase().charCodeAt(j);
      }
      if (ok) out.push(`${i}@${p}`);
    });
  }
  return out.sort();
}

function found(keywords: readonly string[], text: string): string[] {
  const out: string[] = [];
  createKeywordIndex(keywords).scan(text, (k, p) => out.push(`${k}@${p}`));
  return out.sort();
}

describe('createKeywordIndex', () => {
  it('finds every occurrence of every keyword, overlapping and in any case', () => {
    const keywords = ['password', 'pass', 'sword', 'api_key', 'AKIA'];
    const text = 'PASSWORD=x; Api_Key: y; akia1234 passpassword';
    expect(found(keywords, text)).toEqual(naive(keywords, text));
    expect(found(keywords, text)).toContain('0@0');
    expect(found(keywords, text)).toContain('2@3');
  });

  it('agrees with the naive search on random texts built from keyword pieces', () => {
    const alphabet = fc.constantFrom('a', 'b', 'A', 'B', 'k', 'K', '_', '-', 'é', '\n', 'x');
    const keyword = fc
      .string({ unit: alphabet, minLength: 3, maxLength: 6 })
      .filter((k) => /^[\x20-\x7e]+$/.test(k));
    fc.assert(
      fc.property(
        fc.uniqueArray(keyword, { minLength: 1, maxLength: 8 }),
        fc.string({ unit: alphabet, maxLength: 200 }),
        (keywords, text) => {
          expect(found(keywords, text)).toEqual(naive(keywords, text));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('refuses keywords it cannot index', () => {
    expect(() => createKeywordIndex(['ab'])).toThrow(/shorter than 3/);
    expect(() => createKeywordIndex(['clé'])).toThrow(/ASCII/);
  });
});
