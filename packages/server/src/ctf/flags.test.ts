import { describe, expect, it } from 'vitest';
import { ApiError } from '../api-error.js';
import { checkRegexFlag, flagMatches, storeFlag } from './flags.js';

describe('flags', () => {
  it('stores a static flag only as an argon2id hash, and matches it exactly', async () => {
    const stored = await storeFlag('static', ' FLAG{Abc} ');
    expect(stored.hash).toMatch(/^\$argon2id\$/);
    expect(JSON.stringify(stored)).not.toContain('Abc');
    expect(await flagMatches(stored, 'FLAG{Abc}')).toBe(true);
    expect(await flagMatches(stored, 'flag{abc}')).toBe(false);
  });

  it('matches a case-insensitive flag in any case', async () => {
    const stored = await storeFlag('case_insensitive', 'FLAG{Abc}');
    expect(await flagMatches(stored, 'flag{abc}')).toBe(true);
    expect(await flagMatches(stored, 'FLAG{ABD}')).toBe(false);
  });

  it('anchors a regex flag', async () => {
    const stored = await storeFlag('regex', 'flag\\{[0-9]{4}\\}');
    expect(await flagMatches(stored, 'flag{1234}')).toBe(true);
    expect(await flagMatches(stored, 'xflag{1234}')).toBe(false);
    expect(await flagMatches(stored, 'flag{1234}x')).toBe(false);
  });

  it('refuses regexes that do not compile, are too long or may backtrack catastrophically', () => {
    for (const pattern of [
      '(a+)+',
      '(\\w*x?)*$',
      '([a-z]+){2,}',
      '(a)\\1',
      'flag{[',
      'x'.repeat(201),
    ])
      expect(() => checkRegexFlag(pattern), pattern).toThrow(ApiError);
    expect(checkRegexFlag('flag\\{(abc|def)\\}')).toBe('flag\\{(abc|def)\\}');
  });

  it('never matches an over-long submission', async () => {
    const stored = await storeFlag('regex', 'a+');
    expect(await flagMatches(stored, 'a'.repeat(200))).toBe(true);
    expect(await flagMatches(stored, 'a'.repeat(201))).toBe(false);
  });
});
