import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { oneOf, runSchemeConformance, sometimes, spelledNumber } from './conformance.js';
import { semverScheme } from './semver.js';

const num = fc.integer({ min: 0, max: 3 });
const preId = oneOf('alpha', 'beta', 'rc', '0', '1', '2', '11', 'a-b', 'x1');

interface SemverShape {
  readonly main: readonly number[];
  readonly pre: readonly string[];
}

runSchemeConformance<SemverShape>({
  scheme: semverScheme,
  structures: fc.record({ main: fc.tuple(num, num, num), pre: fc.array(preId, { maxLength: 2 }) }),
  spell: ({ main, pre }) =>
    fc
      .record({
        prefix: oneOf('', '', 'v', '=', ' v', '= '),
        numbers: fc.tuple(...main.map((n) => spelledNumber(n))),
        build: sometimes(oneOf('build', '001', 'x.y', 'sha.5114f85')),
      })
      .map(
        ({ prefix, numbers, build }) =>
          `${prefix}${numbers.join('.')}${pre.length > 0 ? `-${pre.join('.')}` : ''}${build === undefined ? '' : `+${build}`}`,
      ),
  key: ({ main, pre }) => `${main.join('.')}-${pre.join('.')}`,
  ascending: [
    // semver.org, section 11
    ['1.0.0', '2.0.0', '2.1.0', '2.1.1'],
    [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
    ],
    // node-semver's comparison fixtures
    ['0.0.0-foo', '0.0.0', '0.0.1', '0.9.0', '0.9.9', '0.10.0', '0.99.0', '1.0.0', '1.2.3'],
    ['1.2.3-4', '1.2.3-5', '1.2.3-5-Foo', '1.2.3-5-foo', '1.2.3-asdf', '1.2.3'],
    ['1.2.3-a', '1.2.3-a.5', '1.2.3-a.10', '1.2.3-a.b'],
    ['1.2.3-a.b.c.5.d.100', '1.2.3-a.b.c.10.d.5'],
    ['1.2.3-R2', '1.2.3-r100', '1.2.3-r2'],
    ['2.7.2+asdf', '3.0.0'],
  ],
  equal: [
    ['1.2.3', 'v1.2.3', '=1.2.3', 'v 1.2.3', '= 1.2.3', ' v1.2.3', ' =1.2.3', '  v1.2.3+build'],
    ['1.2.3-beta+build', ' = 1.2.3-beta+otherbuild', '1.2.3-beta'],
    ['1.2.3+build', '1.2.3+otherbuild'],
    ['1.2.3-0', 'v1.2.3-0', '=1.2.3-0'],
  ],
  invalid: [
    '',
    '1',
    '1.2',
    '1.2.3.4',
    'latest',
    '^1.2.3',
    '>=1.0.0',
    'x',
    'V1.2.3',
    '1.2.3-beta.',
    '1.2.3-beta..1',
    '1.2.3 || 2.0.0',
  ],
});

describe('semverScheme', () => {
  it('compares numeric pre-release identifiers of any size exactly', () => {
    // semver itself turns these into equal JavaScript numbers.
    expect(semverScheme.compare('1.0.0-99999999999999999998', '1.0.0-99999999999999999999')).toBe(
      -1,
    );
    expect(semverScheme.compare('1.0.0-18446744073709551616', '1.0.0-9007199254740993')).toBe(1);
  });

  it('ignores build metadata, as crates.io and npm do', () => {
    expect(semverScheme.compare('0.4.0+zstd.1.4.4', '0.4.0+zstd.1.5.0')).toBe(0);
    expect(semverScheme.compare('1.0.0-rc.1+build.1', '1.0.0-rc.1')).toBe(0);
  });

  it('reads the loose spellings of real data: a prefix, a missing pre-release hyphen, leading zeros', () => {
    expect(semverScheme.compare('1.2.3beta', '1.2.3-beta')).toBe(0);
    expect(semverScheme.compare('01.02.03', '1.2.3')).toBe(0);
  });
});
