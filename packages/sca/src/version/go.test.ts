import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { oneOf, runSchemeConformance } from './conformance.js';
import { goScheme } from './go.js';

const num = fc.integer({ min: 0, max: 2 });
const stamp = oneOf('20191109021931', '20200102030405', '20210101000000');
const hash = oneOf('daa7c04131f5', '0123456789ab');

interface GoShape {
  readonly main: readonly [number, number, number];
  readonly prerelease: string;
}

/** A tagged release or pre-release, or one of the three pseudo-version forms. */
const goShape: fc.Arbitrary<GoShape> = fc
  .record({
    main: fc.tuple(num, num, num),
    kind: oneOf('release', 'release', 'pre', 'pseudo-base', 'pseudo-pre', 'pseudo-zero'),
    pre: fc.array(oneOf('alpha', 'beta', 'rc', '0', '1', '11', 'x-y'), {
      minLength: 1,
      maxLength: 2,
    }),
    stamp,
    hash,
  })
  .map(({ main, kind, pre, stamp, hash }) => {
    const prerelease =
      kind === 'pre'
        ? pre.join('.')
        : kind === 'pseudo-base'
          ? `0.${stamp}-${hash}`
          : kind === 'pseudo-pre'
            ? `${pre.join('.')}.0.${stamp}-${hash}`
            : kind === 'pseudo-zero'
              ? `${stamp}-${hash}`
              : '';
    return { main, prerelease };
  });

const fullGo = ({ main, prerelease }: GoShape): string =>
  `${main.join('.')}${prerelease === '' ? '' : `-${prerelease}`}`;

runSchemeConformance<GoShape>({
  scheme: goScheme,
  structures: goShape,
  spell: (version) => {
    const [major, minor, patch] = version.main;
    const spellings = [fullGo(version), `${fullGo(version)}+incompatible`];
    // vMAJOR and vMAJOR.MINOR are shorthands, without pre-release or build.
    if (version.prerelease === '' && patch === 0) spellings.push(`${major}.${minor}`);
    if (version.prerelease === '' && patch === 0 && minor === 0) spellings.push(`${major}`);
    return fc.tuple(oneOf('', 'v'), oneOf(...spellings)).map(([v, s]) => `${v}${s}`);
  },
  key: fullGo,
  ascending: [
    // golang.org/x/mod/semver's test table, equal entries dropped
    [
      'v1.0.0-alpha',
      'v1.0.0-alpha.1',
      'v1.0.0-alpha.beta',
      'v1.0.0-beta',
      'v1.0.0-beta.2',
      'v1.0.0-beta.11',
      'v1.0.0-rc.1',
      'v1.0.0',
      'v1.2.0',
      'v1.2.3-456',
      'v1.2.3-456.789',
      'v1.2.3-456-789',
      'v1.2.3-456a',
      'v1.2.3-pre',
      'v1.2.3-pre.1',
      'v1.2.3-zzz',
      'v1.2.3',
    ],
    // pseudo-versions (go.dev/ref/mod#pseudo-versions) around their base versions
    [
      'v0.0.0-20191109021931-daa7c04131f5',
      'v0.0.0-20200102030405-0123456789ab',
      'v0.0.1',
      'v1.2.3',
      'v1.2.4-0.20191109021931-daa7c04131f5',
      'v1.2.4-0.20200102030405-0123456789ab',
      'v1.2.4-pre',
      'v1.2.4-pre.0.20191109021931-daa7c04131f5',
      'v1.2.4-pre.1',
      'v1.2.4',
    ],
    // OSV writes Go versions without the v; lockfiles with it
    ['0.0.0-20210428140749-89ef3d95e781', 'v0.0.0-20211202192323-5770296d904e', '0.1.0'],
    ['v2.0.0+incompatible', 'v2.0.1', '2.0.2+incompatible'],
    ['v9999999999999999999.0.0', 'v10000000000000000000.0.0'],
  ],
  equal: [
    ['v1', 'v1.0', 'v1.0.0', '1.0.0', '1', '1.0'],
    ['v1.2', 'v1.2.0'],
    ['v1.2.3', 'v1.2.3+meta', 'v1.2.3+meta-pre', 'v1.2.3+meta-pre.sha.256a', '1.2.3'],
    ['v1.2.3-pre', 'v1.2.3-pre+meta'],
    ['v2.0.0+incompatible', 'v2.0.0', '2.0.0'],
  ],
  invalid: [
    'bad',
    'v1-alpha.beta.gamma',
    'v1-pre',
    'v1+meta',
    'v1-pre+meta',
    'v1.2-pre',
    'v1.2+meta',
    'v1.2-pre+meta',
    'v01.2.3',
    'v1.2.03',
    'v1.2.3-01',
    'V1.2.3',
    'vv1.2.3',
    'v1.2.3.4',
    '',
  ],
});

describe('goScheme', () => {
  it('matches lockfile versions (with v) against OSV versions (without)', () => {
    expect(
      goScheme.compare('v0.0.0-20200220183623-bac4c82f6975', '0.0.0-20200220183623-bac4c82f6975'),
    ).toBe(0);
    expect(goScheme.compare('v0.3.8', '0.3.7')).toBe(1);
  });

  it('orders a pseudo-version below the release it precedes and above its base', () => {
    expect(goScheme.compare('v0.3.7', 'v0.3.8-0.20220722155237-a158d28d115b')).toBe(-1);
    expect(goScheme.compare('v0.3.8-0.20220722155237-a158d28d115b', 'v0.3.8')).toBe(-1);
  });
});
