import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { oneOf, runSchemeConformance, spelledNumber } from './conformance.js';
import { rubygemsScheme } from './rubygems.js';

/** A pre-release part: a word and maybe a number (`rc1`, `beta`, `pre`). */
interface GemToken {
  readonly word: string;
  readonly n: number | undefined;
}

interface GemShape {
  readonly release: readonly number[];
  readonly pre: readonly GemToken[];
}

const small = fc.integer({ min: 0, max: 2 });

/** Gem::Version#canonical_segments of the shape, computed independently. */
function gemKey(v: GemShape): string {
  const release = [...v.release];
  while (release.length > 0 && release[release.length - 1] === 0) release.pop();
  const pre: (string | number)[] = v.pre.flatMap((t) =>
    t.n === undefined ? [t.word] : [t.word, t.n],
  );
  while (pre.length > 0 && pre[pre.length - 1] === 0) pre.pop();
  return `${release.join('.')}|${pre.join('.')}`;
}

function spellGem(v: GemShape): fc.Arbitrary<string> {
  const release = fc
    .tuple(fc.tuple(...v.release.map((n) => spelledNumber(n))), oneOf('', '.0', '.0.0'))
    .map(([ns, pad]) => ns.join('.') + (v.pre.length === 0 ? pad : ''));
  const token = (t: GemToken) =>
    t.n === undefined ? fc.constant(t.word) : oneOf('', '.').map((sep) => `${t.word}${sep}${t.n}`);
  const dotted = fc
    // Letters may follow a digit directly (`1.0a1`), but not in the first segment (`1a`).
    .tuple(v.release.length > 1 ? oneOf('.', '') : fc.constant('.'), fc.tuple(...v.pre.map(token)))
    .map(([first, ts]) => (ts.length === 0 ? '' : `${first}${ts.join('.')}`));
  // `1.0-rc1` is Gem::Version's spelling of `1.0.pre.rc1`.
  const first = v.pre[0];
  const hyphen =
    first?.word === 'pre' && first.n === undefined && v.pre.length > 1
      ? fc.tuple(...v.pre.slice(1).map(token)).map((ts) => `-${ts.join('.')}`)
      : undefined;
  const pre = hyphen === undefined ? dotted : fc.oneof(dotted, hyphen);
  return fc
    .tuple(oneOf('', ' '), release, pre, oneOf('', '\n'))
    .map(([lead, r, p, trail]) => `${lead}${r}${p}${trail}`);
}

runSchemeConformance<GemShape>({
  scheme: rubygemsScheme,
  structures: fc.record({
    release: fc.array(small, { minLength: 1, maxLength: 3 }),
    pre: fc.oneof(
      { arbitrary: fc.constant([]), weight: 2 },
      {
        arbitrary: fc.array(
          fc.record({
            word: oneOf('a', 'b', 'pre', 'rc', 'beta', 'alpha', 'RC'),
            n: fc.option(small, { nil: undefined }),
          }),
          { minLength: 1, maxLength: 2 },
        ),
        weight: 1,
      },
    ),
  }),
  spell: spellGem,
  key: gemKey,
  // RubyGems' test_gem_version.rb
  ascending: [
    ['0.0.0', '1.8.2.a', '1.8.2.a9', '1.8.2.a10', '1.8.2.b', '1.8.2'],
    ['1.0.a', '1.0'],
    ['0.0.beta', '0.0.beta.1'],
    ['0.0.beta', '0.beta.1'],
    ['5.a', '5.0.0.rc2', '5.x'],
    ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0'],
    ['1.0.0-1', '1'],
    ['1.0.0.A', '1.0.0.a', '1.0.0'],
    ['3.0.0.beta1', '3.0.0.rc1', '3.0.0', '3.0.1'],
    ['4.25.14p12', '4.25.14'],
  ],
  equal: [
    ['1.0', '1.0.0', '1', ' 1.0 ', '1.0\n'],
    ['1.2.b1', '1.2.b.1', '1.2b1'],
    ['1.0.a', '1.0.0.a', '1.a'],
    ['0.beta.1', '0.0.beta.1'],
    ['1.0.rc0', '1.0.rc', '1.rc.0.0', '1.0.0.rc.0'],
    ['1.0.0-rc1', '1.0.0-rc.1', '1.0.0.pre.rc1', '1.0.0.pre.rc.1'],
    ['9999999999999999999999.0', '9999999999999999999999'],
  ],
  invalid: [
    '',
    '   ',
    'junk',
    '1.0\n2.0',
    '1..2',
    '1.2 3.4',
    '1.0.',
    'a.1',
    '-1',
    '1.0+build',
    '~> 1.0',
    '>= 2.0',
  ],
});

describe('rubygemsScheme', () => {
  it('orders every prerelease below its release, as bundler needs for `3.0.0.rc1 < 3.0.0`', () => {
    expect(rubygemsScheme.compare('3.0.0.rc1', '3.0.0')).toBe(-1);
    expect(rubygemsScheme.compare('3.0.0.rc1', '2.9.9')).toBe(1);
  });

  it('compares numbers of any size exactly', () => {
    expect(rubygemsScheme.compare('1.99999999999999999998', '1.99999999999999999999')).toBe(-1);
  });
});
