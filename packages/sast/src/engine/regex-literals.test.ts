import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { requiredLiterals } from './regex-literals.js';

describe('requiredLiterals', () => {
  it('reads alternations of words, with or without anchors and groups', () => {
    expect(requiredLiterals('^(sign|verify)$')?.anyOf).toEqual(['sign', 'verify']);
    expect(requiredLiterals('md5|sha1')?.anyOf).toEqual(['md5', 'sha1']);
    expect(requiredLiterals('^(?:createCipher|createDecipher)$')?.anyOf).toEqual([
      'createCipher',
      'createDecipher',
    ]);
  });

  it('keeps the mandatory literal runs and drops optional parts', () => {
    expect(requiredLiterals('(?i)pass(word)?')).toMatchObject({
      anyOf: ['pass'],
      ignoreCase: true,
    });
    expect(requiredLiterals('(?i)pass(word)?')?.finder.test('MY_PASS')).toBe(true);
    expect(requiredLiterals('^[\\s\\S]*?(?:secret|token)(?![a-z])$')?.anyOf).toEqual([
      'secret',
      'token',
    ]);
    expect(requiredLiterals('^req\\.(query|body)')?.anyOf).toEqual(['req.']);
  });

  it('gives the words of whole-text alternations', () => {
    expect(requiredLiterals('^(req|ctx\\.request|this\\.req)$')?.wholeWords).toEqual([
      ['req'],
      ['ctx', 'request'],
      ['this', 'req'],
    ]);
    expect(requiredLiterals('^(req|ctx)')?.wholeWords).toBeUndefined();
    expect(requiredLiterals('^(re.)$')?.wholeWords).toBeUndefined();
  });

  it('says nothing when a branch has no literal long enough', () => {
    expect(requiredLiterals('^(md5|x)$')).toBeUndefined();
    expect(requiredLiterals('.*')).toBeUndefined();
    expect(requiredLiterals('[a-z]+')).toBeUndefined();
    expect(requiredLiterals('(unclosed')).toBeUndefined();
  });

  it('never rules out a text the regex matches', () => {
    const word = fc.stringMatching(/^[a-z]{1,6}$/);
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 4 }), fc.string(), (words, noise) => {
        const regex = `(?:${words.join('|')})[0-9]*`;
        const literals = requiredLiterals(regex);
        const text = `${noise}${words[0]}42`;
        if (!new RegExp(regex).test(text)) return;
        if (literals === undefined) return;
        expect(literals.anyOf.some((l) => text.includes(l))).toBe(true);
      }),
    );
  });
});
