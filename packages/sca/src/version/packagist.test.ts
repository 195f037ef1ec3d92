import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { oneOf, randomCase, runSchemeConformance, spelledNumber } from './conformance.js';
import { packagistScheme } from './packagist.js';

/** PHP's special forms by weight (words PHP does not know weigh -1), written out independently. */
const WEIGHT: Readonly<Record<string, number>> = {
  foo: -1,
  stable: -1,
  dev: 0,
  alpha: 1,
  a: 1,
  beta: 2,
  b: 2,
  rc: 3,
  p: 5,
  pl: 5,
  patch: 5,
};

interface ComposerShape {
  readonly release: readonly number[];
  /** Words and numbers after the release numbers. */
  readonly rest: readonly (string | number)[];
}

const small = fc.integer({ min: 0, max: 2 });

function composerKey(v: ComposerShape): string {
  const release = [...v.release];
  while (release.length > 0 && release[release.length - 1] === 0) release.pop();
  const rest = v.rest.map((t) => (typeof t === 'number' ? `#${t}` : `w${WEIGHT[t]}`));
  return `${release.join('.')}|${rest.join('.')}`;
}

function spellComposer(v: ComposerShape): fc.Arbitrary<string> {
  const parts: fc.Arbitrary<string>[] = [
    oneOf('', '', 'v', 'V'),
    fc.tuple(...v.release.map((n) => spelledNumber(n))).map((ns) => ns.join('.')),
    oneOf('', '', '.0', '.0.0'),
  ];
  let previousIsDigit = true;
  for (const t of v.rest) {
    const isDigit = typeof t === 'number';
    // A digit/letter transition separates parts by itself; two words or two numbers need a separator.
    const sep =
      isDigit === previousIsDigit ? oneOf('.', '-', '_', '+') : oneOf('', '.', '-', '_', '+');
    parts.push(sep, typeof t === 'number' ? spelledNumber(t) : randomCase(t));
    previousIsDigit = isDigit;
  }
  return fc.tuple(...parts).map((p) => p.join(''));
}

runSchemeConformance<ComposerShape>({
  scheme: packagistScheme,
  structures: fc.record({
    release: fc.array(small, { minLength: 1, maxLength: 3 }),
    rest: fc.oneof(
      { arbitrary: fc.constant([]), weight: 2 },
      {
        // The rest starts with a word: a number there would be one more release number.
        arbitrary: fc
          .tuple(
            oneOf(...Object.keys(WEIGHT)),
            fc.array(fc.oneof(oneOf(...Object.keys(WEIGHT)), small), { maxLength: 2 }),
          )
          .map(([word, more]) => [word, ...more]),
        weight: 1,
      },
    ),
  }),
  spell: spellComposer,
  key: composerKey,
  ascending: [
    // php.net's version_compare documentation
    ['1.0-dev', '1.0a1', '1.0b1', '1.0RC1', '1.0', '1.0pl1'],
    ['5.2', '5.2.1', '5.3.0'],
    // stability flags as Composer writes them, and Magento's -pN patch releases
    [
      '1.0.0-dev',
      '1.0.0-alpha1',
      '1.0.0-alpha2',
      '1.0.0-beta1',
      '1.0.0-beta2',
      '1.0.0-RC1',
      '1.0.0-RC2',
      '1.0.0',
      '1.0.0-p1',
      '1.0.0-p2',
      '1.0.1',
    ],
    ['2.4.3-p3', '2.4.4', '2.4.4-p1', '2.4.4-p9', '2.4.5', '2.4.5-p8', '2.4.6'],
    ['1.0.0-foo', '1.0.0-dev', '1.0.0'],
    ['v5.4.20', '5.4.21', 'v5.4.22', 'v6.0.0-BETA1', 'v6.0.0'],
    ['1.0.0-beta', '1.0.0-beta.1', '1.0.0-beta.2', '1.0.0-beta.10'],
    ['99999999999999999998', '99999999999999999999'],
  ],
  equal: [
    ['1.0', '1.0.0', '1.0.0.0', 'v1.0.0', 'V1.0', '1'],
    [
      '1.0.0-alpha',
      '1.0.0-a',
      '1.0.0alpha',
      '1.0.0.alpha',
      '1.0.0_alpha',
      '1.0.0+alpha',
      '1.0-ALPHA',
    ],
    ['1.0.0-RC1', '1.0.0-rc1', '1.0.0.RC.1', '1.0.0RC1', '1.0.0-Rc1', '1.0-rc.1'],
    ['1.0.0-p1', '1.0.0-pl1', '1.0.0-patch1'],
    ['1.0-beta2', '1.0-b2', '1.0.0-beta.2', '1.0.0beta2'],
    ['2.4.4-p9', 'v2.4.4-p9', '2.4.4.0-p9'],
  ],
  invalid: [
    '',
    'dev-main',
    'dev-master',
    'latest',
    '1.0.',
    '1..0',
    '1.0 ',
    '^1.0',
    '1.0.*',
    'v',
    '.1',
    '1.0-',
    '1.0--1',
  ],
});

describe('packagistScheme', () => {
  it('compares release numbers as Composer normalises them, where raw version_compare would not', () => {
    // PHP: version_compare('1.0', '1.0.0') === -1; Composer pads both to 1.0.0.0.
    expect(packagistScheme.compare('1.0', '1.0.0')).toBe(0);
    // PHP: version_compare('1.0.1', '1.0-p1') === -1; Composer compares 1.0.1.0 with 1.0.0.0-patch1.
    expect(packagistScheme.compare('1.0.1', '1.0-p1')).toBe(1);
    expect(packagistScheme.compare('1.0', '1.0.0-dev')).toBe(1);
  });

  it('matches special forms by prefix, as PHP does', () => {
    expect(packagistScheme.compare('1.0-alphafoo', '1.0-alpha')).toBe(0);
    expect(packagistScheme.compare('1.0-devel', '1.0-dev')).toBe(0);
    expect(packagistScheme.compare('1.0-pre1', '1.0')).toBe(1); // "pre" starts with p
  });
});
