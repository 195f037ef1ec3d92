import { describe, expect, it } from 'vitest';
import { ECOSYSTEMS } from '../types.js';
import { SCHEMES, schemeFor } from './index.js';

describe('schemeFor', () => {
  it('gives every ecosystem the ordering OSV uses for it', () => {
    const ids = Object.fromEntries(ECOSYSTEMS.map((e) => [e, schemeFor(e).id]));
    expect(ids).toEqual({
      npm: 'semver',
      'crates.io': 'semver',
      Go: 'go',
      PyPI: 'pep440',
      Maven: 'maven',
      RubyGems: 'rubygems',
      Packagist: 'packagist',
      NuGet: 'nuget',
    });
  });

  it('lists each scheme once in SCHEMES, and every scheme schemeFor can return', () => {
    const ids = SCHEMES.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const e of ECOSYSTEMS) expect(SCHEMES).toContain(schemeFor(e));
  });

  it('orders the same two strings differently where the ecosystems disagree', () => {
    expect(schemeFor('PyPI').compare('1.0', '1.0.0')).toBe(0);
    expect(schemeFor('npm').isValid('1.0')).toBe(false);
    expect(schemeFor('Maven').compare('1.0-SNAPSHOT', '1.0')).toBe(-1);
    expect(schemeFor('RubyGems').compare('1.0.0.pre', '1.0.0')).toBe(-1);
    expect(schemeFor('Go').compare('v1.2.3', '1.2.3')).toBe(0);
  });
});
