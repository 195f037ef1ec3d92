import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  oneOf,
  randomCase,
  runSchemeConformance,
  sometimes,
  spelledNumber,
} from './conformance.js';
import { nugetScheme } from './nuget.js';

interface NuGetShape {
  readonly numbers: readonly number[];
  readonly labels: readonly string[];
}

const small = fc.integer({ min: 0, max: 2 });

runSchemeConformance<NuGetShape>({
  scheme: nugetScheme,
  structures: fc.record({
    numbers: fc.array(small, { minLength: 1, maxLength: 4 }),
    labels: fc.oneof(
      { arbitrary: fc.constant([]), weight: 2 },
      {
        arbitrary: fc.array(oneOf('alpha', 'beta', 'rc', '1', '2', '10', 'a-b', 'beta01'), {
          minLength: 1,
          maxLength: 2,
        }),
        weight: 1,
      },
    ),
  }),
  spell: (v) =>
    fc
      .tuple(
        fc.tuple(...v.numbers.map((n) => spelledNumber(n))),
        // trailing zero parts, up to NuGet's four numbers
        fc.integer({ min: 0, max: 4 - v.numbers.length }),
        fc.tuple(...v.labels.map(randomCase)),
        sometimes(oneOf('meta', 'sha.5114f85', 'Build-1')),
      )
      .map(
        ([ns, pad, labels, meta]) =>
          [...ns, ...Array.from({ length: pad }, () => '0')].join('.') +
          (labels.length > 0 ? `-${labels.join('.')}` : '') +
          (meta === undefined ? '' : `+${meta}`),
      ),
  key: (v) => {
    const numbers = [0, 1, 2, 3].map((i) => v.numbers[i] ?? 0).join('.');
    const labels = v.labels.map((l) => (/^[0-9]+$/.test(l) ? String(Number(l)) : l.toUpperCase()));
    return `${numbers}-${labels.join('.')}`;
  },
  ascending: [
    [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
      '1.0.0.1',
      '1.0.1',
      '1.1',
      '2',
    ],
    // numeric labels below words, and compared as numbers
    ['1.0.0-1', '1.0.0-2', '1.0.0-10', '1.0.0-a'],
    // NuGet SemVer 1 labels are plain words
    ['1.0.0-beta01', '1.0.0-beta02', '1.0.0-beta2', '1.0.0'],
    // GHSA-5crp-9r3c-p9vr's fix, Newtonsoft.Json 13.0.1
    ['12.0.3', '13.0.1-beta1', '13.0.1', '13.0.2'],
    ['2147483646', '2147483647'],
  ],
  equal: [
    ['1.0.0', '1.0', '1', '1.0.0.0', '01.0.0', '1.00.0', '1.0.0+meta'],
    ['1.0.0-BETA', '1.0.0-beta', '1.0.0-Beta+build.5'],
    ['1.2.3.0-rc.1', '1.2.3-RC.1', '1.2.3-rc.01'],
  ],
  invalid: [
    '',
    '1.0.0.0.0',
    'a',
    '1.0.0-',
    '1.0.0-beta..1',
    '1.0.0+',
    'v1.0.0',
    '1.0.0 ',
    '2147483648.0.0',
    '[1.0,2.0)',
    '1.0.0-beta_1',
  ],
});

describe('nugetScheme', () => {
  it('ignores the fourth number when it is zero and orders by it otherwise', () => {
    expect(nugetScheme.compare('4.3.0.0', '4.3.0')).toBe(0);
    expect(nugetScheme.compare('4.3.0.1', '4.3.0')).toBe(1);
  });

  it('treats labels too large for an int as words, as int.TryParse does', () => {
    expect(nugetScheme.compare('1.0.0-99999999999', '1.0.0-2')).toBe(1);
    expect(nugetScheme.compare('1.0.0-99999999999', '1.0.0-a')).toBe(-1);
  });
});
