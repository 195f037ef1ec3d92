import { type Ecosystem, schemeFor } from '@rampart/sca/dependencies';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  completeVersions,
  invalidVersions,
  parseVersionRange,
  satisfiesRange,
  type VersionRange,
} from './version-range.js';

const npm = schemeFor('npm');

/** The comparators of each alternative as `op version` strings. */
const shape = (range: VersionRange) =>
  range.alternatives.map((a) => a.map((c) => `${c.op}${c.version}`));

/** The versions of `candidates` in `range` (parsed, and completed as a policy does). */
const inRange = (text: string, candidates: readonly string[], ecosystem: Ecosystem = 'npm') => {
  const scheme = schemeFor(ecosystem);
  const range = completeVersions(parseVersionRange(text), scheme);
  return candidates.filter((v) => satisfiesRange(v, range, scheme));
};

/** The message parseVersionRange throws for `text`. */
function errorOf(text: string): string {
  try {
    parseVersionRange(text);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error(`expected "${text}" to be rejected`);
}

describe('parseVersionRange', () => {
  it('reads "*" and an empty range as any version', () => {
    expect(parseVersionRange('*')).toEqual({ text: '*', alternatives: [[]] });
    expect(parseVersionRange('  *  ')).toEqual({ text: '*', alternatives: [[]] });
    expect(parseVersionRange('')).toEqual({ text: '*', alternatives: [[]] });
    expect(parseVersionRange('   ')).toEqual({ text: '*', alternatives: [[]] });
  });

  it('reads comparators that must all hold, separated by spaces or commas', () => {
    expect(shape(parseVersionRange('>=1.2.0 <2'))).toEqual([['>=1.2.0', '<2']]);
    expect(shape(parseVersionRange('>=2.0,<3'))).toEqual([['>=2.0', '<3']]);
    expect(shape(parseVersionRange('>=2.0, <3, !=2.5.1'))).toEqual([['>=2.0', '<3', '!=2.5.1']]);
    expect(shape(parseVersionRange('>1 <=4.17.20'))).toEqual([['>1', '<=4.17.20']]);
  });

  it('keeps the text as written, trimmed', () => {
    expect(parseVersionRange('  >=1.2.0  <2 ').text).toBe('>=1.2.0  <2');
  });

  it('glues an operator to the version after it', () => {
    expect(shape(parseVersionRange('>= 1.2.0 < 2'))).toEqual([['>=1.2.0', '<2']]);
    expect(shape(parseVersionRange('!=  1.3.1'))).toEqual([['!=1.3.1']]);
    expect(shape(parseVersionRange('>=\t5.0.0,\t< 6'))).toEqual([['>=5.0.0', '<6']]);
  });

  it('reads a bare version, "=" and "==" as exactly that version', () => {
    expect(shape(parseVersionRange('4.17.21'))).toEqual([['=4.17.21']]);
    expect(shape(parseVersionRange('=4.17.21'))).toEqual([['=4.17.21']]);
    expect(shape(parseVersionRange('==2.31.0'))).toEqual([['=2.31.0']]);
    expect(shape(parseVersionRange('v1.2.3'))).toEqual([['=v1.2.3']]);
  });

  it('reads alternatives separated by ||', () => {
    expect(shape(parseVersionRange('<1.2.6 || >=2.0.0 <2.0.3'))).toEqual([
      ['<1.2.6'],
      ['>=2.0.0', '<2.0.3'],
    ]);
    expect(shape(parseVersionRange('1.0.0||2.0.0'))).toEqual([['=1.0.0'], ['=2.0.0']]);
  });

  it('keeps the versions of other ecosystems as written', () => {
    expect(shape(parseVersionRange('>=2.17.1,<3.0.0-SNAPSHOT'))).toEqual([
      ['>=2.17.1', '<3.0.0-SNAPSHOT'],
    ]);
    expect(shape(parseVersionRange('>=v0.0.0-20191109021931-daa7c04131f5'))).toEqual([
      ['>=v0.0.0-20191109021931-daa7c04131f5'],
    ]);
    expect(shape(parseVersionRange('<4.0.0rc1'))).toEqual([['<4.0.0rc1']]);
  });

  it('accepts pre-release versions whose last identifier ends in x', () => {
    // A wildcard is a whole `x` component (1.x, 1.2.X, 1.2.*), not any version ending in x.
    expect(shape(parseVersionRange('=2.0.0-hotfix'))).toEqual([['=2.0.0-hotfix']]);
    expect(shape(parseVersionRange('<1.13.10-x86_64-linux'))).toEqual([['<1.13.10-x86_64-linux']]);
  });

  it('rejects ^, ~ and ~= with the bounds to write instead', () => {
    for (const text of ['^1.2.0', '~1.2', '>=1.0.0 || ^2.0.0', '~=1.4', '>=1.0 ~=1.4.2']) {
      expect(errorOf(text)).toMatch(
        /^"[\^~][^"]*": \^, ~ and ~= are shorthands; write the bounds, e.g. ">=1\.2\.0 <2\.0\.0"$/,
      );
    }
    expect(errorOf('^1.2.0')).toBe(
      '"^1.2.0": ^, ~ and ~= are shorthands; write the bounds, e.g. ">=1.2.0 <2.0.0"',
    );
    expect(errorOf('~1.2')).toBe(
      '"~1.2": ^, ~ and ~= are shorthands; write the bounds, e.g. ">=1.2.0 <2.0.0"',
    );
  });

  it("names PEP 440's ~= as a shorthand too, however it is spaced", () => {
    const message = '"~=1.4": ^, ~ and ~= are shorthands; write the bounds, e.g. ">=1.2.0 <2.0.0"';
    expect(errorOf('~=1.4')).toBe(message);
    // The space after the operator is glued away, as for any other operator.
    expect(errorOf('~= 1.4')).toBe(message);
    expect(errorOf('>=1.0, ~=1.4')).toBe(message);
    expect(errorOf('<1.0 || ~=1.4')).toBe(message);
  });

  it('rejects wildcards and hyphen-less junk as not a comparison', () => {
    for (const token of ['1.x', '1.2.x', '1.2.X', '2.*', '>=1.x', '1.x.x']) {
      expect(errorOf(token)).toBe(
        `"${token}" is not a comparison; use <, <=, >, >=, =, != and a version, e.g. ">=1.2.0 <2"`,
      );
    }
    expect(errorOf('>=1.0.0 <')).toMatch(/^"<" is not a comparison/);
    expect(errorOf('>=')).toMatch(/^">=" is not a comparison/);
    expect(errorOf('>=1.0.0<2')).toMatch(/^">=1\.0\.0<2" is not a comparison/);
    expect(errorOf('=>1.0.0')).toMatch(/^"=>1\.0\.0" is not a comparison/);
  });

  it('rejects an empty alternative', () => {
    expect(errorOf('>=1.0.0 ||')).toBe('">=1.0.0 ||" has an empty alternative around ||');
    expect(errorOf('|| <2')).toMatch(/has an empty alternative around \|\|$/);
    expect(errorOf('1.0.0 || || 2.0.0')).toMatch(/has an empty alternative/);
    expect(errorOf('||')).toMatch(/has an empty alternative/);
    expect(errorOf(' , ')).toMatch(/has an empty alternative/);
  });

  it('keeps every message on one line, whatever the range spans', () => {
    expect(errorOf('>=1.0.0\n||\n')).toBe('">=1.0.0 ||" has an empty alternative around ||');
  });

  it('never throws anything but an Error with a one-line message', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          // Range-shaped text: operators, versions, separators and line breaks in any order.
          fc
            .array(
              fc.constantFrom(
                '>=',
                '<',
                '!=',
                '=',
                '1.0.0',
                '2',
                '1.x',
                '^1',
                '*',
                '||',
                ',',
                ' ',
                '\n',
                '\t',
              ),
              { maxLength: 12 },
            )
            .map((parts) => parts.join('')),
        ),
        (text) => {
          try {
            const range = parseVersionRange(text);
            expect(range.alternatives.length).toBeGreaterThan(0);
            for (const c of range.alternatives.flat()) expect(c.version).not.toMatch(/[\s,|]/);
          } catch (err) {
            expect(err).toBeInstanceOf(Error);
            expect((err as Error).message).not.toMatch(/[\r\n]/);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('satisfiesRange with semver (npm, crates.io)', () => {
  const versions = ['0.9.0', '1.0.0', '1.2.0-rc.1', '1.2.0', '1.9.9', '1.10.0', '2.0.0', '3.0.0'];

  it('applies every comparator of an alternative', () => {
    expect(inRange('>=1.2.0 <2.0.0', versions)).toEqual(['1.2.0', '1.9.9', '1.10.0']);
    expect(inRange('>1.0.0, <=2.0.0', versions)).toEqual([
      '1.2.0-rc.1',
      '1.2.0',
      '1.9.9',
      '1.10.0',
      '2.0.0',
    ]);
    expect(inRange('>=1.0.0 !=1.9.9 <2.0.0', versions)).toEqual([
      '1.0.0',
      '1.2.0-rc.1',
      '1.2.0',
      '1.10.0',
    ]);
  });

  it('is in the range when any alternative holds', () => {
    expect(inRange('<1.0.0 || >=3.0.0', versions)).toEqual(['0.9.0', '3.0.0']);
    expect(inRange('1.0.0 || 2.0.0', versions)).toEqual(['1.0.0', '2.0.0']);
  });

  it('orders numerically, with pre-releases before their release', () => {
    expect(inRange('<1.10.0', ['1.9.0', '1.10.0', '1.2.0'])).toEqual(['1.9.0', '1.2.0']);
    // Pre-releases of another version order normally: 1.2.0-rc.1 is below 1.3.0…
    expect(inRange('<1.3.0', ['1.2.0-alpha', '1.2.0-rc.1', '1.2.0', '1.3.0'])).toEqual([
      '1.2.0-alpha',
      '1.2.0-rc.1',
      '1.2.0',
    ]);
    expect(
      inRange('>=1.2.0-alpha <=1.2.0', ['1.1.9', '1.2.0-alpha', '1.2.0-rc.1', '1.2.0']),
    ).toEqual(['1.2.0-alpha', '1.2.0-rc.1', '1.2.0']);
    // …but, as npm reads <V, a pre-release of V itself is not below V.
    expect(inRange('<1.2.0', ['1.2.0-alpha', '1.2.0-rc.1', '1.2.0'])).toEqual([]);
  });

  it('does not put a pre-release of V below V, unless V is a pre-release', () => {
    expect(
      inRange('<2.0.0', ['1.9.9', '1.10.0-beta.1', '2.0.0-alpha', '2.0.0-rc.1', 'v2.0.0-rc.1']),
    ).toEqual(['1.9.9', '1.10.0-beta.1']);
    // Build metadata changes nothing: 2.0.0-rc.1+build.7 is still a pre-release of 2.0.0.
    expect(inRange('<2.0.0', ['2.0.0-rc.1+build.7', '1.0.0+build.7'])).toEqual(['1.0.0+build.7']);
    // A partial version is completed first: <2 is <2.0.0.
    expect(inRange('<2', ['1.9.9', '2.0.0-rc.1'])).toEqual(['1.9.9']);
    // When V is itself a pre-release, the pre-releases of its release order normally.
    expect(inRange('<2.0.0-rc.2', ['2.0.0-alpha', '2.0.0-rc.1', '2.0.0-rc.2', '2.0.0'])).toEqual([
      '2.0.0-alpha',
      '2.0.0-rc.1',
    ]);
    expect(inRange('<2.0.0-0', ['1.9.9', '2.0.0-0', '2.0.0-rc.1'])).toEqual(['1.9.9']);
    // The same for crates.io, which shares semver.
    expect(inRange('<2.0.0', ['1.9.9', '2.0.0-rc.1'], 'crates.io')).toEqual(['1.9.9']);
  });

  it('changes only <: the other operators order pre-releases as before', () => {
    const candidates = ['1.9.9', '2.0.0-rc.1', '2.0.0', '2.0.1-rc.1'];
    expect(inRange('<=2.0.0', candidates)).toEqual(['1.9.9', '2.0.0-rc.1', '2.0.0']);
    expect(inRange('>=2.0.0', candidates)).toEqual(['2.0.0', '2.0.1-rc.1']);
    expect(inRange('>1.9.9', candidates)).toEqual(['2.0.0-rc.1', '2.0.0', '2.0.1-rc.1']);
    expect(inRange('=2.0.0-rc.1', candidates)).toEqual(['2.0.0-rc.1']);
    expect(inRange('!=2.0.0', candidates)).toEqual(['1.9.9', '2.0.0-rc.1', '2.0.1-rc.1']);
    // `<V` and `>=V` leave the pre-releases of V out of both.
    expect(inRange('<2.0.0 || >=2.0.0', candidates)).toEqual(['1.9.9', '2.0.0', '2.0.1-rc.1']);
  });

  it('ignores build metadata and reads a leading v', () => {
    expect(inRange('=1.0.0', ['1.0.0+build.5', 'v1.0.0', '1.0.1'])).toEqual([
      '1.0.0+build.5',
      'v1.0.0',
    ]);
  });

  it('matches every version with "*"', () => {
    expect(inRange('*', versions)).toEqual(versions);
  });

  it('reads the lodash advisory range the way the policy means it', () => {
    expect(inRange('<4.17.21', ['4.17.15', '4.17.20', '4.17.21', '4.18.0', '3.10.1'])).toEqual([
      '4.17.15',
      '4.17.20',
      '3.10.1',
    ]);
  });

  it('uses the same ordering for crates.io', () => {
    expect(inRange('>=1.0.100 <2', ['1.0.99', '1.0.100', '1.2.0', '2.0.0'], 'crates.io')).toEqual([
      '1.0.100',
      '1.2.0',
    ]);
  });
});

describe('completeVersions (semver partial versions)', () => {
  const completed = (text: string) => shape(completeVersions(parseVersionRange(text), npm));

  it('completes bounds as npm reads them', () => {
    expect(completed('>=1.2 <6')).toEqual([['>=1.2.0', '<6.0.0']]);
    expect(completed('6')).toEqual([['>=6.0.0', '<7.0.0']]);
    expect(completed('=1.2')).toEqual([['>=1.2.0', '<1.3.0']]);
    expect(completed('>6')).toEqual([['>=7.0.0']]);
    expect(completed('>1.2')).toEqual([['>=1.3.0']]);
    expect(completed('<=6')).toEqual([['<7.0.0']]);
    expect(completed('<=1.2')).toEqual([['<1.3.0']]);
  });

  it('splits != of a partial version into the versions below and above it', () => {
    expect(completed('>=1.0.0 !=2 <4')).toEqual([
      ['>=1.0.0', '<2.0.0', '<4.0.0'],
      ['>=1.0.0', '>=3.0.0', '<4.0.0'],
    ]);
    expect(inRange('>=1.0.0 !=2 <4', ['1.5.0', '2.0.0', '2.9.9', '3.0.0', '4.0.0'])).toEqual([
      '1.5.0',
      '3.0.0',
    ]);
  });

  it('leaves full versions and "*" alone', () => {
    expect(completed('>=1.2.3 <2.0.0-0 || 3.0.0')).toEqual([['>=1.2.3', '<2.0.0-0'], ['=3.0.0']]);
    expect(completed('*')).toEqual([[]]);
  });

  it('leaves other schemes, which order partial versions themselves, alone', () => {
    for (const ecosystem of ['PyPI', 'Go', 'Maven', 'RubyGems', 'Packagist', 'NuGet'] as const) {
      const range = parseVersionRange('>=1.2 <6 || 7');
      expect(completeVersions(range, schemeFor(ecosystem))).toBe(range);
    }
  });

  it('bans a whole major with a bare major, and only that major', () => {
    expect(inRange('4', ['3.10.1', '4.0.0', '4.17.21', '5.0.0'])).toEqual(['4.0.0', '4.17.21']);
    expect(inRange('<=4', ['3.10.1', '4.17.21', '5.0.0'])).toEqual(['3.10.1', '4.17.21']);
    expect(inRange('>4', ['4.17.21', '5.0.0'])).toEqual(['5.0.0']);
  });
});

describe('satisfiesRange with the other ecosystems', () => {
  it('orders PyPI by PEP 440: 1.0 is 1.0.0, pre-releases come first', () => {
    expect(inRange('>=2.0,<3', ['1.26.18', '2.0', '2.31.0', '3.0', '3.0.0rc1'], 'PyPI')).toEqual([
      '2.0',
      '2.31.0',
    ]);
    expect(inRange('>=2.0,<=3', ['2.0', '3.0rc1', '3.0', '3.0.1'], 'PyPI')).toEqual([
      '2.0',
      '3.0rc1',
      '3.0',
    ]);
    expect(inRange('==1.0', ['1.0.0', '1.0.0.0', '1.0.1', '1.0rc1'], 'PyPI')).toEqual([
      '1.0.0',
      '1.0.0.0',
    ]);
    expect(inRange('<5.4', ['5.3.1', '5.4', '5.4.1', '6.0'], 'PyPI')).toEqual(['5.3.1']);
    expect(inRange('<2.1', ['1.9.post1', '2.0.dev1', '2.0', '2.1.dev1'], 'PyPI')).toEqual([
      '1.9.post1',
      '2.0.dev1',
      '2.0',
    ]);
  });

  it('does not put a pre-release of V below V in PyPI, as PEP 440 reads <V', () => {
    const candidates = [
      '2.9',
      '2.10rc1',
      '3.0.0rc1',
      '3.0rc1',
      '3rc1',
      '3.0a1',
      '3.0b2',
      '3.0.dev0',
    ];
    expect(inRange('<3', candidates, 'PyPI')).toEqual(['2.9', '2.10rc1']);
    expect(inRange('<3.0.0', candidates, 'PyPI')).toEqual(['2.9', '2.10rc1']);
    // Every spelling PEP 440 normalises is a pre-release: 3.0-RC1, 3.0_rc1, 3.0.alpha1, 3.0c1.
    expect(inRange('<3', ['3.0-RC1', '3.0_rc1', '3.0.alpha1', '3.0c1', 'v3.0rc1'], 'PyPI')).toEqual(
      [],
    );
    // A post-release of an earlier version is a release: it orders normally.
    expect(inRange('<3', ['2.9.post1', '3.0.post1'], 'PyPI')).toEqual(['2.9.post1']);
    // When V is itself a pre-release, the pre-releases of its release order normally.
    expect(inRange('<3.0rc2', ['3.0a1', '3.0rc1', '3.0rc2', '3.0'], 'PyPI')).toEqual([
      '3.0a1',
      '3.0rc1',
    ]);
    expect(inRange('<3.0.dev5', ['3.0.dev1', '3.0.dev5', '3.0a1'], 'PyPI')).toEqual(['3.0.dev1']);
    // Only < is affected.
    expect(inRange('<=3', ['3.0rc1', '3.0'], 'PyPI')).toEqual(['3.0rc1', '3.0']);
    expect(inRange('!=3.0', ['3.0rc1', '3.0'], 'PyPI')).toEqual(['3.0rc1']);
  });

  it('orders the pre-releases of the other schemes normally under <', () => {
    // Only semver (npm, crates.io) and PEP 440 (PyPI) read <V this way.
    expect(inRange('<v2.0.0', ['v1.9.9', 'v2.0.0-rc.1', 'v2.0.0'], 'Go')).toEqual([
      'v1.9.9',
      'v2.0.0-rc.1',
    ]);
    expect(inRange('<6.0.0', ['5.9.9', '6.0.0-beta1', '6.0.0'], 'NuGet')).toEqual([
      '5.9.9',
      '6.0.0-beta1',
    ]);
  });

  it('orders Go module versions, with or without v, pseudo-versions as pre-releases', () => {
    const candidates = [
      'v1.2.3',
      '1.2.3',
      'v1.2.4-0.20191109021931-daa7c04131f5',
      'v1.2.4',
      'v1.10.0',
      'v2.0.0+incompatible',
    ];
    expect(inRange('>v1.2.3 <v2', candidates, 'Go')).toEqual([
      'v1.2.4-0.20191109021931-daa7c04131f5',
      'v1.2.4',
      'v1.10.0',
    ]);
    expect(inRange('=1.2.3', candidates, 'Go')).toEqual(['v1.2.3', '1.2.3']);
  });

  it('orders Maven versions: SNAPSHOT before release, qualifiers after', () => {
    expect(
      inRange('<2.17.1', ['2.14.1', '2.17.0', '2.17.1-SNAPSHOT', '2.17.1', '2.17.2'], 'Maven'),
    ).toEqual(['2.14.1', '2.17.0', '2.17.1-SNAPSHOT']);
    expect(inRange('>=5.3.18', ['5.3.17', '5.3.18', '5.3.18.RELEASE', '6.0.0'], 'Maven')).toEqual([
      '5.3.18',
      '5.3.18.RELEASE',
      '6.0.0',
    ]);
  });

  it('orders RubyGems, NuGet and Packagist by their own rules', () => {
    expect(inRange('<6.1', ['6.0.6', '6.1.0.rc1', '6.1.0', '6.1'], 'RubyGems')).toEqual([
      '6.0.6',
      '6.1.0.rc1',
    ]);
    expect(inRange('>=13.0.1', ['12.0.3', '13.0.1', '13.0.3', '13.0.1-beta1'], 'NuGet')).toEqual([
      '13.0.1',
      '13.0.3',
    ]);
    expect(
      inRange('>=5.4 <6', ['5.3.9', '5.4.0', 'v5.4.1', '6.0.0-RC1', '6.0.0'], 'Packagist'),
    ).toEqual(['5.4.0', 'v5.4.1', '6.0.0-RC1']);
  });
});

describe('invalidVersions', () => {
  it('names the versions the scheme cannot order, in order', () => {
    const range = parseVersionRange('>=1.0.0 <latest || =next');
    expect(invalidVersions(range, npm)).toEqual(['latest', 'next']);
    expect(invalidVersions(parseVersionRange('>=1.0.0 <2.0.0'), npm)).toEqual([]);
    expect(invalidVersions(parseVersionRange('*'), npm)).toEqual([]);
  });

  it('judges each version by the ecosystem scheme', () => {
    const range = parseVersionRange('>=1.0-SNAPSHOT <3.0.0a1');
    expect(invalidVersions(range, schemeFor('Maven'))).toEqual([]);
    expect(invalidVersions(range, schemeFor('PyPI'))).toEqual(['1.0-SNAPSHOT']);
    expect(invalidVersions(range, npm)).toEqual(['1.0-SNAPSHOT']);
    expect(invalidVersions(parseVersionRange('<1.02.3'), schemeFor('Go'))).toEqual(['1.02.3']);
  });

  it('accepts semver partial versions once completed, not before', () => {
    const range = parseVersionRange('>=1.2 <6');
    expect(invalidVersions(range, npm)).toEqual(['1.2', '6']);
    expect(invalidVersions(completeVersions(range, npm), npm)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------
// Properties: ranges built from random comparators agree with a direct evaluation.

type Op = '<' | '<=' | '>' | '>=' | '=' | '!=';
type Triple = readonly [number, number, number];

const OPS: readonly Op[] = ['<', '<=', '>', '>=', '=', '!='];
const compareParts = (a: readonly number[], b: readonly number[]): number => {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
};
const holds = (op: Op, order: number): boolean =>
  op === '<'
    ? order < 0
    : op === '<='
      ? order <= 0
      : op === '>'
        ? order > 0
        : op === '>='
          ? order >= 0
          : op === '='
            ? order === 0
            : order !== 0;

/** Small numbers, so that equal versions and neighbours come up often. */
const part = fc.integer({ min: 0, max: 4 });
const triple: fc.Arbitrary<Triple> = fc.tuple(part, part, part);
/** How an operator may be written (`=` also as `==` or nothing), and the space after it. */
const opText = (op: Op) =>
  fc
    .tuple(op === '=' ? fc.constantFrom('', '=', '==') : fc.constant(op), fc.constantFrom('', ' '))
    .map(([o, space]) => (o === '' ? '' : `${o}${space}`));
const separator = fc.constantFrom(' ', ',', ', ', '  ', ' ,');
const orSeparator = fc.constantFrom('||', ' || ', '|| ', ' ||');

interface Comparison {
  readonly op: Op;
  readonly parts: readonly number[];
}

/** A range as text from generated comparisons, with the comparisons themselves. */
function rangeOf(
  partsArb: fc.Arbitrary<readonly number[]>,
): fc.Arbitrary<{ text: string; alternatives: Comparison[][] }> {
  const comparison = fc
    .tuple(fc.constantFrom(...OPS), partsArb)
    .chain(([op, parts]) =>
      opText(op).map((written) => ({ op, parts, text: `${written}${parts.join('.')}` })),
    );
  const alternative = fc
    .tuple(fc.array(comparison, { minLength: 1, maxLength: 4 }), separator)
    .map(([cs, sep]) => ({ text: cs.map((c) => c.text).join(sep), cs }));
  return fc
    .tuple(fc.array(alternative, { minLength: 1, maxLength: 3 }), orSeparator)
    .map(([alts, sep]) => ({
      text: alts.map((a) => a.text).join(sep),
      alternatives: alts.map((a) => a.cs.map(({ op, parts }) => ({ op, parts }))),
    }));
}

describe('version range properties', () => {
  it('agrees with a direct evaluation of random semver comparators', () => {
    fc.assert(
      fc.property(rangeOf(triple), triple, ({ text, alternatives }, version) => {
        const expected = alternatives.some((a) =>
          a.every((c) => holds(c.op, compareParts(version, c.parts))),
        );
        const range = parseVersionRange(text);
        expect(invalidVersions(range, npm)).toEqual([]);
        expect(satisfiesRange(version.join('.'), range, npm)).toBe(expected);
        // Completing changes nothing when every version is complete.
        expect(satisfiesRange(version.join('.'), completeVersions(range, npm), npm)).toBe(expected);
      }),
      { numRuns: 1000 },
    );
  });

  it('reads semver partial versions as npm does: a comparison of the leading parts', () => {
    const partial = fc.oneof(fc.tuple(part), fc.tuple(part, part), triple);
    fc.assert(
      fc.property(rangeOf(partial), triple, ({ text, alternatives }, version) => {
        const expected = alternatives.some((a) =>
          a.every((c) => holds(c.op, compareParts(version.slice(0, c.parts.length), c.parts))),
        );
        const range = completeVersions(parseVersionRange(text), npm);
        expect(invalidVersions(range, npm)).toEqual([]);
        expect(satisfiesRange(version.join('.'), range, npm)).toBe(expected);
      }),
      { numRuns: 1000 },
    );
  });

  const ECOSYSTEM_VERSIONS: readonly [Ecosystem, fc.Arbitrary<string>][] = [
    ['npm', triple.map((t) => t.join('.'))],
    ['crates.io', triple.map((t) => t.join('.'))],
    ['Go', triple.map((t) => `v${t.join('.')}`)],
    ['PyPI', fc.array(fc.nat(20), { minLength: 1, maxLength: 4 }).map((p) => p.join('.'))],
    ['Maven', fc.array(fc.nat(20), { minLength: 1, maxLength: 4 }).map((p) => p.join('.'))],
    ['RubyGems', fc.array(fc.nat(20), { minLength: 1, maxLength: 4 }).map((p) => p.join('.'))],
    ['Packagist', fc.array(fc.nat(20), { minLength: 1, maxLength: 4 }).map((p) => p.join('.'))],
    ['NuGet', fc.array(fc.nat(20), { minLength: 2, maxLength: 4 }).map((p) => p.join('.'))],
  ];

  it.each(ECOSYSTEM_VERSIONS)(
    'puts v in >=v, <=v, =v and v, and not in <v, >v, !=v (%s)',
    (ecosystem, version) => {
      const scheme = schemeFor(ecosystem);
      fc.assert(
        fc.property(version, (v) => {
          expect(scheme.isValid(v)).toBe(true);
          const inside = (text: string) =>
            satisfiesRange(v, completeVersions(parseVersionRange(text), scheme), scheme);
          for (const text of [`>=${v}`, `<=${v}`, `=${v}`, `==${v}`, v, `>= ${v}`, '*']) {
            expect(inside(text), text).toBe(true);
          }
          for (const text of [`<${v}`, `>${v}`, `!=${v}`, `<${v} || >${v}`]) {
            expect(inside(text), text).toBe(false);
          }
        }),
        { numRuns: 200 },
      );
    },
  );

  it('orders two versions consistently: exactly one of <, = and > holds', () => {
    const scheme = schemeFor('PyPI');
    const version = fc.array(fc.nat(9), { minLength: 1, maxLength: 3 }).map((p) => p.join('.'));
    fc.assert(
      fc.property(version, version, (a, b) => {
        const holdsFor = (op: string) => satisfiesRange(a, parseVersionRange(`${op}${b}`), scheme);
        expect([holdsFor('<'), holdsFor('='), holdsFor('>')].filter(Boolean)).toHaveLength(1);
        expect(holdsFor('<=')).toBe(holdsFor('<') || holdsFor('='));
        expect(holdsFor('!=')).toBe(!holdsFor('='));
      }),
      { numRuns: 300 },
    );
  });
});
