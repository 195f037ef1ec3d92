import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  oneOf,
  randomCase,
  runSchemeConformance,
  sometimes,
  spelledNumber,
} from './conformance.js';
import { pep440Scheme } from './pep440.js';

const small = fc.integer({ min: 0, max: 2 });
const sep = oneOf('', '.', '-', '_');
const PRE_SPELLINGS: Readonly<Record<'a' | 'b' | 'rc', readonly string[]>> = {
  a: ['a', 'alpha'],
  b: ['b', 'beta'],
  rc: ['rc', 'c', 'pre', 'preview'],
};

/** Pre/post/dev number: `0` may be left out, others may have leading zeros. */
const count = (n: number): fc.Arbitrary<string> => (n === 0 ? oneOf('', '0') : spelledNumber(n));

interface Pep440Shape {
  readonly epoch: number;
  readonly release: readonly number[];
  readonly pre: { readonly label: 'a' | 'b' | 'rc'; readonly n: number } | undefined;
  readonly post: number | undefined;
  readonly dev: number | undefined;
  readonly local: readonly string[] | undefined;
}

const pep440Shape: fc.Arbitrary<Pep440Shape> = fc.record({
  epoch: oneOf(0, 0, 0, 1),
  release: fc.array(small, { minLength: 1, maxLength: 3 }),
  pre: sometimes(fc.record({ label: oneOf<'a' | 'b' | 'rc'>('a', 'b', 'rc'), n: small })),
  post: sometimes(small),
  dev: sometimes(small),
  local: sometimes(
    fc.array(oneOf('abc', '1', '01', '2', 'x1', 'ubuntu'), { minLength: 1, maxLength: 2 }),
  ),
});

/** packaging's `str(Version(...))`, but with trailing zeros dropped from the release. */
function pep440Key(v: Pep440Shape): string {
  const release = [...v.release];
  while (release.length > 1 && release[release.length - 1] === 0) release.pop();
  return (
    `${v.epoch}!${release.join('.')}` +
    (v.pre ? `${v.pre.label}${v.pre.n}` : '') +
    (v.post === undefined ? '' : `.post${v.post}`) +
    (v.dev === undefined ? '' : `.dev${v.dev}`) +
    (v.local
      ? `+${v.local.map((s) => (/^[0-9]+$/.test(s) ? String(Number(s)) : s)).join('.')}`
      : '')
  );
}

/** Any spelling PEP 440 normalises to `v`: case, separators, aliases, implicit numbers, padding. */
function spellPep440(v: Pep440Shape): fc.Arbitrary<string> {
  const parts: fc.Arbitrary<string>[] = [
    oneOf('', '', 'v', 'V', ' '),
    v.epoch === 0 ? oneOf('', '0!') : fc.constant(`${v.epoch}!`),
    fc.tuple(...v.release.map((n) => spelledNumber(n))).map((ns) => ns.join('.')),
    oneOf('', '', '.0', '.0.0'),
  ];
  if (v.pre) {
    const { label, n } = v.pre;
    parts.push(
      fc
        .tuple(sep, oneOf(...PRE_SPELLINGS[label]).chain(randomCase), count(n), sep)
        .map(([s, l, num, s2]) => `${s}${l}${num === '' ? '' : `${s2}${num}`}`),
    );
  }
  if (v.post !== undefined) {
    const n = v.post;
    const explicit = fc
      .tuple(sep, oneOf('post', 'rev', 'r').chain(randomCase), count(n), sep)
      .map(([s, l, num, s2]) => `${s}${l}${num === '' ? '' : `${s2}${num}`}`);
    const implicit = spelledNumber(n).map((num) => `-${num}`);
    // `1.0a-1` is 1.0a1, not 1.0a0.post1: the implicit `-N` form needs a number before it.
    const before = fc.tuple(...parts).map((p) => p.join(''));
    return fc
      .tuple(
        before.chain((b) =>
          (/[0-9]$/.test(b) ? fc.oneof(explicit, implicit) : explicit).map((post) => b + post),
        ),
        spellTail(v),
      )
      .map(([head, tail]) => head + tail);
  }
  return fc
    .tuple(
      fc.tuple(...parts).map((p) => p.join('')),
      spellTail(v),
    )
    .map(([h, t]) => h + t);
}

/** The dev and local parts and trailing space of a spelling. */
function spellTail(v: Pep440Shape): fc.Arbitrary<string> {
  const parts: fc.Arbitrary<string>[] = [];
  if (v.dev !== undefined) {
    parts.push(
      fc.tuple(sep, randomCase('dev'), count(v.dev)).map(([s, l, num]) => `${s}${l}${num}`),
    );
  }
  if (v.local) {
    const segs = v.local;
    parts.push(
      fc
        .tuple(
          fc.array(oneOf('.', '-', '_'), { minLength: segs.length, maxLength: segs.length }),
          fc.tuple(...segs.map(randomCase)),
        )
        .map(
          ([seps, cased]) => `+${cased.map((s, i) => (i === 0 ? s : `${seps[i]}${s}`)).join('')}`,
        ),
    );
  }
  parts.push(oneOf('', '', ' '));
  return fc.tuple(...parts).map((p) => p.join(''));
}

runSchemeConformance<Pep440Shape>({
  scheme: pep440Scheme,
  structures: pep440Shape,
  spell: spellPep440,
  key: pep440Key,
  ascending: [
    // PEP 440, "Summary of permitted suffixes and relative ordering"
    [
      '1.dev0',
      '1.0.dev456',
      '1.0a1',
      '1.0a2.dev456',
      '1.0a12.dev456',
      '1.0a12',
      '1.0b1.dev456',
      '1.0b2',
      '1.0b2.post345.dev456',
      '1.0b2.post345',
      '1.0rc1.dev456',
      '1.0rc1',
      '1.0',
      '1.0+abc.5',
      '1.0+abc.7',
      '1.0+5',
      '1.0.post456.dev34',
      '1.0.post456',
      '1.0.15',
      '1.1.dev1',
    ],
    // packaging's test_version.py VERSIONS, without and with an epoch
    ...['', '1!'].map((epoch) =>
      [
        '1.0.dev456',
        '1.0a1',
        '1.0a2.dev456',
        '1.0a12.dev456',
        '1.0a12',
        '1.0b1.dev456',
        '1.0b2',
        '1.0b2.post345.dev456',
        '1.0b2.post345',
        '1.0b2-346',
        '1.0c1.dev456',
        '1.0c1',
        '1.0rc2',
        '1.0c3',
        '1.0',
        '1.0.post456.dev34',
        '1.0.post456',
        '1.1.dev1',
        '1.2+123abc',
        '1.2+123abc456',
        '1.2+abc',
        '1.2+abc123',
        '1.2+abc123def',
        '1.2+1234.abc',
        '1.2+123456',
        '1.2.r32+123456',
        '1.2.rev33+123456',
      ].map((v) => `${epoch}${v}`),
    ),
    ['1.0', '1!0.1', '2!0.0.1'],
    // local segments are numbers only when all digits, and numbers have no size limit
    // (JavaScript-number readings get both wrong)
    ['1.0+0x10', '1.0+1e3', '1.0+abc', '1.0+infinity', '1.0+5', '1.0+16', '1.0+1000'],
    ['1.99999999999999999998', '1.99999999999999999999'],
  ],
  equal: [
    // PEP 440 normalisation examples
    ['1.1RC1', '1.1rc1', '1.1.rc1', '1.1-rc1', '1.1_rc1', '1.1c1', '1.1pre1', '1.1preview1'],
    ['00', '0', '0.0', 'v0'],
    ['09000', '9000'],
    ['1.1a1', '1.1.a1', '1.1-a1', '1.1_a1', '1.1alpha1', '1.1ALPHA1', '1.1a.1', '1.1a-1'],
    ['1.1b2', '1.1beta2'],
    ['1.2a', '1.2a0'],
    ['1.2.post2', '1.2-post2', '1.2post2', '1.2_post2', '1.2.post-2', '1.2.post.2'],
    ['1.0.post4', '1.0-r4', '1.0-rev4', '1.0r4', '1.0-4'],
    ['1.2.post', '1.2.post0', '1.2-0'],
    ['1.2.dev2', '1.2-dev2', '1.2dev2', '1.2_dev2'],
    ['1.2.dev', '1.2.dev0'],
    ['1.0+ubuntu-1', '1.0+ubuntu.1', '1.0+ubuntu_1', '1.0+Ubuntu.01'],
    ['v1.0', '1.0', ' 1.0 ', '1.0.0', '1.0.0.0', '0!1.0', '\t1.0\n'],
  ],
  invalid: [
    '',
    'french toast',
    '1.0-',
    '1.0+',
    '1.0+a+',
    '1.0++',
    '1.0+_foobar',
    '1.0+foo&asd',
    '1.0+1+1',
    '1!',
    '0.2.0-n653',
    '1.0.x',
    '>=1.0',
    'latest',
  ],
});

describe('pep440Scheme', () => {
  it('orders local segments as packaging does: `1e3` is a word, not the number 1000', () => {
    expect(pep440Scheme.compare('1.0+1e3', '1.0+abc')).toBe(-1);
    expect(pep440Scheme.compare('1.99999999999999999998', '1.99999999999999999999')).toBe(-1);
  });

  it('never throws on an invalid version (it sorts first)', () => {
    expect(pep440Scheme.compare('1.0', 'not a version')).toBe(1);
  });

  it('names one canonical form per version, as packaging would print it with zeros trimmed', () => {
    expect(pep440Scheme.canonical('1.0.0RC1')).toBe('0!1rc1');
    expect(pep440Scheme.canonical('V1!2.0-Post-3.DEV4+Ubuntu-01')).toBe('1!2.post3.dev4+ubuntu.1');
    expect(pep440Scheme.canonical('nope')).toBeUndefined();
  });

  it('puts a local version above its public version and below the next release', () => {
    expect(pep440Scheme.compare('1.0+local', '1.0')).toBe(1);
    expect(pep440Scheme.compare('1.0+local', '1.0.post1')).toBe(-1);
  });
});
