import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { oneOf, randomCase, runSchemeConformance } from './conformance.js';
import { mavenCanonicalForm, mavenScheme } from './maven.js';

// Orderings and equalities from Maven's own ComparableVersionTest (maven-artifact 3.9.x).
const VERSIONS_QUALIFIER = [
  '1-alpha2snapshot',
  '1-alpha2',
  '1-alpha-123',
  '1-beta-2',
  '1-beta123',
  '1-m2',
  '1-m11',
  '1-rc',
  '1-cr2',
  '1-rc123',
  '1-SNAPSHOT',
  '1',
  '1-sp',
  '1-sp2',
  '1-sp123',
  '1-abc',
  '1-def',
  '1-pom-1',
  '1-1-snapshot',
  '1-1',
  '1-2',
  '1-123',
];
const VERSIONS_NUMBER = [
  '2.0',
  '2.0.a',
  '2-1',
  '2.0.2',
  '2.0.123',
  '2.1.0',
  '2.1-a',
  '2.1b',
  '2.1-c',
  '2.1-1',
  '2.1.0.1',
  '2.2',
  '2.123',
  '11.a2',
  '11.a11',
  '11.b2',
  '11.b11',
  '11.m2',
  '11.m11',
  '11',
  '11.a',
  '11b',
  '11c',
  '11m',
];
const ORDERED_PAIRS: readonly (readonly [string, string])[] = [
  ['1', '2'],
  ['1.5', '2'],
  ['1', '2.5'],
  ['1.0', '1.1'],
  ['1.1', '1.2'],
  ['1.0.0', '1.1'],
  ['1.0.1', '1.1'],
  ['1.1', '1.2.0'],
  ['1.0-alpha-1', '1.0'],
  ['1.0-alpha-1', '1.0-alpha-2'],
  ['1.0-alpha-1', '1.0-beta-1'],
  ['1.0-beta-1', '1.0-SNAPSHOT'],
  ['1.0-SNAPSHOT', '1.0'],
  ['1.0-alpha-1-SNAPSHOT', '1.0-alpha-1'],
  ['1.0', '1.0-1'],
  ['1.0-1', '1.0-2'],
  ['1.0.0', '1.0-1'],
  ['2.0-1', '2.0.1'],
  ['2.0.1-klm', '2.0.1-lmn'],
  ['2.0.1', '2.0.1-xyz'],
  ['2.0.1', '2.0.1-123'],
  ['2.0.1-xyz', '2.0.1-123'],
  // MNG-5568
  ['6.1.0rc3', '6.1.0'],
  ['6.1.0rc3', '6.1H.5-beta'],
  ['6.1.0', '6.1H.5-beta'],
  // MNG-6572
  ['20190126.230843', '1234567890.12345'],
  ['1234567890.12345', '123456789012345.1H.5-beta'],
  ['123456789012345.1H.5-beta', '12345678901234567890.1H.5-beta'],
  ['20190126.230843', '12345678901234567890.1H.5-beta'],
  // sp is a service pack: above the release
  ['1.0', '1.0-sp1'],
  ['1-ga', '1-sp'],
];
const MNG_7644 = ['abc', 'alpha', 'a', 'beta', 'b', 'def', 'milestone', 'm', 'RC'];

interface MavenShape {
  readonly release: readonly number[];
  readonly qualifiers: readonly {
    readonly sep: '-' | '.';
    readonly word: string;
    readonly n: string;
  }[];
}

const render = (v: MavenShape): string =>
  v.release.join('.') + v.qualifiers.map((q) => `${q.sep}${q.word}${q.n}`).join('');

runSchemeConformance<MavenShape>({
  scheme: mavenScheme,
  structures: fc
    .record({
      release: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 3 }),
      qualifiers: fc.array(
        fc.record({
          sep: oneOf<'-' | '.'>('-', '.'),
          word: oneOf('alpha', 'beta', 'milestone', 'rc', 'snapshot', 'sp', 'jre', 'x'),
          n: oneOf('', '1', '2', '-1', '-2', '12'),
        }),
        { maxLength: 2 },
      ),
    })
    .map(({ release, qualifiers }) => ({
      release,
      // `.word` followed by more (`1.0.alpha-1`) puts the word in the middle of a list: one
      // of the shapes on which Maven's order has cycles. Real versions write `-word` there.
      qualifiers: qualifiers.map((q, i) =>
        q.sep === '.' && (q.n.startsWith('-') || (q.n === '' && i < qualifiers.length - 1))
          ? { ...q, sep: '-' as const }
          : q,
      ),
    })),
  // Spellings Maven defines as equal: any case, aliases, trailing zeros, ga/final/release.
  spell: (v) => {
    const aliases: Readonly<Record<string, readonly string[]>> = {
      alpha: ['alpha'],
      beta: ['beta'],
      milestone: ['milestone'],
      rc: ['rc', 'cr'],
    };
    return fc
      .tuple(
        oneOf('', '.0', '.0.0'),
        oneOf('', '', '.RELEASE', '-ga', '.Final', '-0'),
        fc.tuple(
          ...v.qualifiers.map((q) => {
            const shorthand =
              q.n !== '' && !q.n.startsWith('-') && ['alpha', 'beta', 'milestone'].includes(q.word)
                ? [q.word[0] as string]
                : [];
            return oneOf(...(aliases[q.word] ?? [q.word]), ...shorthand)
              .chain(randomCase)
              .map((w) => `${q.sep}${w}${q.n}`);
          }),
        ),
      )
      .map(([pad, release, qs]) => {
        const base = `${v.release.join('.')}${pad}`;
        return qs.length === 0 ? `${base}${release}` : `${base}${qs.join('')}`;
      });
  },
  key: (v) => mavenCanonicalForm(render(v)),
  ascending: [VERSIONS_QUALIFIER, VERSIONS_NUMBER, ...ORDERED_PAIRS],
  equal: [
    [
      '1',
      '1.0',
      '1.0.0',
      '1-0',
      '1.0-0',
      '1ga',
      '1release',
      '1final',
      '1Ga',
      '1GA',
      '1RELEASE',
      '1RELeaSE',
      '1Final',
      '1FinaL',
      '1FINAL',
    ],
    ['1.0', '1.0.0', '1.0-0'],
    ['1a', '1-a', '1.0-a', '1.0.0-a', '1.0a', '1.0.0a', '1A'],
    ['1x', '1-x', '1.0-x', '1.0.0-x', '1.0x', '1.0.0x', '1X'],
    ['1cr', '1rc', '1Cr', '1Rc', '1cR', '1rC'],
    ['1a1', '1-alpha-1'],
    ['1b2', '1-beta-2', '1B2'],
    ['1m3', '1-milestone-3', '1Milestone3', '1MileStone3', '1MILESTONE3', '1M3'],
    ['1-abcdefghijklmnopqrstuvwxyz', '1-ABCDEFGHIJKLMNOPQRSTUVWXYZ'],
    ['1.0.0.RELEASE', '1', '1.0.0-ga', '1.0.0.Final'],
    ['0000000000000000001', '000000001', '01', '1'],
    ['0000000000000000000', '000000000', '00', '0'],
    ...MNG_7644.map((x) => [`2-${x}`, `2.0.${x}`, `2.0.0.${x}`]),
  ],
  invalid: [
    '',
    'latest',
    'v8.0.0.M15',
    'alpha',
    '1 0',
    '1-0-alpha',
    '1-0.alpha',
    '1.sp.1',
    '1-ga.5',
    '1.0.alpha.1',
    ['$', '{project.version}'].join(''), // an unresolved POM property
    '[1.0,2.0)',
  ],
});

describe('mavenScheme', () => {
  it('orders .X1 below -X2 for any qualifier X (MNG-7644)', () => {
    for (const x of MNG_7644) expect(mavenScheme.compare(`1.0.0.${x}1`, `1.0.0-${x}2`)).toBe(-1);
  });

  it('writes the canonical forms maven-artifact 3.9 prints', () => {
    expect(mavenCanonicalForm('1.0-sp1')).toBe('1-sp-1');
    expect(mavenCanonicalForm('1.0.RELEASE')).toBe('1');
    expect(mavenCanonicalForm('2.18.4')).toBe('2.18.4');
    expect(mavenCanonicalForm('1.0-alpha-1-SNAPSHOT')).toBe('1-alpha-1-snapshot');
  });

  it('keeps the canonical form stable, as ComparableVersionTest checks for every version', () => {
    for (const v of [...VERSIONS_QUALIFIER, ...VERSIONS_NUMBER, ...ORDERED_PAIRS.flat()]) {
      const canonical = mavenCanonicalForm(v);
      expect(mavenCanonicalForm(canonical), v).toBe(canonical);
    }
  });

  it('reproduces Maven on strings where its order has cycles, and calls them invalid', () => {
    // MNG-6964's own cases: 1-0.alpha < 1 and 1-0.beta < 1 ...
    expect(mavenScheme.compare('1-0.alpha', '1')).toBe(-1);
    expect(mavenScheme.compare('1-0.beta', '1')).toBe(-1);
    expect(mavenScheme.compare('1-0.alpha', '1-0.beta')).toBe(-1);
    // ... yet 1 < 1-sp < 1-0.alpha: a cycle in Maven itself, so these are not orderable.
    expect(mavenScheme.compare('1', '1-sp')).toBe(-1);
    expect(mavenScheme.compare('1-sp', '1-0.alpha')).toBe(-1);
    expect(mavenScheme.isValid('1-0.alpha')).toBe(false);
    // 1.0.alpha.1 < 1 < 1-1 < 1.0.alpha.1
    expect(mavenScheme.compare('1.0.alpha.1', '1')).toBe(-1);
    expect(mavenScheme.compare('1', '1-1')).toBe(-1);
    expect(mavenScheme.compare('1-1', '1.0.alpha.1')).toBe(-1);
    expect(mavenScheme.isValid('1.0.alpha.1')).toBe(false);
  });

  it('reproduces the int/long quirk: ten zeros outrank any small number', () => {
    expect(mavenScheme.compare('1.5.5', '1.0000000000.5')).toBe(-1);
  });

  it('accepts the versions real Maven artifacts use', () => {
    for (const v of [
      '2.14.1',
      '2.17.1',
      '1.0-SNAPSHOT',
      '2026.2-SNAPSHOT',
      '2.5.6.SEC03',
      '4.3.0.Final',
      '1.5.12.RELEASE',
      '3.0.0-M1',
      '1.2.3-beta-1',
      '9.4.43.v20210629',
      '31.1-jre',
      '2.0.0.RC2',
      '1.1.1-SP1',
      '20210307',
      '0.0.20131108.vaadin1',
      '10.1.1.0',
      '6.0.0-alpha1',
      '1.0.0.Beta3',
    ]) {
      expect(mavenScheme.isValid(v), v).toBe(true);
    }
    expect(mavenScheme.compare('2.5.6.SEC03', '2.5.6')).toBe(1);
    expect(mavenScheme.compare('31.1-jre', '31.1')).toBe(1);
    expect(mavenScheme.compare('3.0.0-M1', '3.0.0')).toBe(-1);
  });

  it('is a total order on every valid string, odd ones included', () => {
    const token = oneOf(
      '0',
      '1',
      '2',
      '00',
      '10',
      '.',
      '-',
      '.',
      '-',
      'a',
      'b',
      'm',
      'x',
      'sp',
      'rc',
      'ga',
      'final',
      'snapshot',
      'SP',
    );
    const odd = fc
      .tuple(oneOf('0', '1', '2'), fc.array(token, { maxLength: 7 }))
      .map(([head, rest]) => head + rest.join(''))
      .filter((v) => mavenScheme.isValid(v));
    fc.assert(
      fc.property(odd, odd, odd, (a, b, c) => {
        const ab = mavenScheme.compare(a, b);
        const bc = mavenScheme.compare(b, c);
        expect(Math.sign(ab) + Math.sign(mavenScheme.compare(b, a))).toBe(0);
        if (ab <= 0 && bc <= 0) expect(mavenScheme.compare(a, c)).toBeLessThanOrEqual(0);
        if (ab >= 0 && bc >= 0) expect(mavenScheme.compare(a, c)).toBeGreaterThanOrEqual(0);
        if (ab === 0) expect(Math.sign(mavenScheme.compare(a, c))).toBe(Math.sign(bc));
      }),
      { numRuns: 20_000 },
    );
  });

  it('keeps most odd strings valid (the well-formedness rules only cut cycles)', () => {
    const samples = fc.sample(
      fc
        .tuple(
          oneOf('1', '2'),
          fc.array(oneOf('0', '1', '.', '-', 'a', 'sp', 'rc'), { maxLength: 5 }),
        )
        .map(([h, r]) => h + r.join('')),
      { numRuns: 2000, seed: 42 },
    );
    const valid = samples.filter((v) => mavenScheme.isValid(v)).length;
    expect(valid / samples.length).toBeGreaterThan(0.6);
  });
});
