import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Detector } from '../detector.js';
import { createSecretMatcher } from './matcher.js';
import { isPlaceholder } from './placeholders.js';

// Values are joined at run time so this file itself holds no assignment that looks like a
// secret (Rampart scans its own source).
const v1 = ['q1w2', 'e3r4', 't5y6'].join('');
const v2 = ['q9w8', 'e7r6'].join('');

const base = { provider: 'Test', severity: 'high', remediation: 'Revoke it.' } as const;
const specific: Detector = {
  ...base,
  id: 'specific',
  title: 'Specific',
  keywords: ['tok_'],
  pattern: /(?<secret>tok_[a-z0-9]{12})/,
};
const generic: Detector = {
  ...base,
  id: 'generic',
  title: 'Generic',
  confidence: 'low',
  keywords: ['secret'],
  pattern: /secret\s*=\s*(?<secret>[a-z0-9_]{8,40})/,
};

describe('createSecretMatcher', () => {
  it('runs only the detectors whose keywords occur, case-insensitively', () => {
    const m = createSecretMatcher([specific, generic]);
    expect(m.scan('nothing to see').length).toBe(0);
    expect(m.scan('TOK_ is not lower: tok_a1b2c3d4e5f6').map((x) => x.detector.id)).toEqual([
      'specific',
    ]);
  });

  it('does not let a longer keyword hide a shorter one at the same place', () => {
    const long: Detector = {
      ...specific,
      id: 'long',
      keywords: ['secret=x'],
      pattern: /secret=x(?<secret>[0-9]{20})/,
    };
    const m = createSecretMatcher([long, generic]);
    expect(m.scan(`secret = ${v1}; secret=${v2}`).map((x) => x.detector.id)).toEqual([
      'generic',
      'generic',
    ]);
    // 'xsecre' matches first and would swallow the start of 'cret_' without the overlap rule.
    const a: Detector = {
      ...specific,
      id: 'a',
      keywords: ['xsecre'],
      pattern: /xsecre(?<secret>t[0-9]{30})/,
    };
    const b: Detector = {
      ...specific,
      id: 'b',
      keywords: ['cret_'],
      pattern: /cret_(?<secret>[0-9]{8})/,
    };
    expect(
      createSecretMatcher([a, b])
        .scan('xsecret_12345678')
        .map((x) => x.detector.id),
    ).toEqual(['b']);
  });

  it('keeps the specific detector where it overlaps a less confident one', () => {
    const m = createSecretMatcher([specific, generic]);
    expect(m.scan('secret = tok_a1b2c3d4e5f6').map((x) => x.detector.id)).toEqual(['specific']);
    expect(m.scan(`secret = ${v1}`).map((x) => x.detector.id)).toEqual(['generic']);
  });

  it('rejects a declaration without a secret group or with a short keyword, naming it', () => {
    expect(() => createSecretMatcher([{ ...specific, pattern: /tok_\w+/ }])).toThrow(
      /specific.*secret/,
    );
    expect(() => createSecretMatcher([{ ...specific, keywords: ['to'] }])).toThrow(
      /shorter than 3/,
    );
    expect(() => createSecretMatcher([specific, specific])).toThrow(/two detectors/);
  });

  it('reports the offset of the secret group, not of the whole match', () => {
    const [hit] = createSecretMatcher([generic]).scan(`x\nsecret = ${v1}`);
    expect(hit?.index).toBe(11);
  });
});

describe('isPlaceholder', () => {
  it.each([
    'AKIAIOSFODNN7EXAMPLE',
    '${API_TOKEN}',
    '{{ token }}',
    'your_api_key_here',
    'xxxxxxxxxxxx',
    '$SECRET_KEY',
    '<your-token>',
  ])('treats %s as a placeholder', (v) => {
    expect(isPlaceholder(v)).toBe(true);
  });

  it('does not reject a long random value for containing a word by chance', () => {
    expect(isPlaceholder(`${'Qz8x'.repeat(20)}todo${'Lm3p'.repeat(10)}`)).toBe(false);
    expect(isPlaceholder('q1w2e3todo4r5t6')).toBe(true);
  });
});

describe('keyword windows in long texts', () => {
  const token = (i: number) => `tok_${String(i).padStart(12, '0').replace(/0/g, 'a')}`;

  it('finds every planted secret once, at its offset, wherever it sits in a long text (property)', () => {
    const m = createSecretMatcher([specific, generic]);
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 60_000 }), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 0, max: 400_000 }),
        (gaps, tail) => {
          let text = '';
          const expected: number[] = [];
          gaps.forEach((gap, i) => {
            text += `${'z '.repeat(gap / 2)}\n`;
            expected.push(text.length);
            text += `${token(i + 1)}\n`;
          });
          text += 'y'.repeat(tail);
          expect(m.scan(text).map((x) => x.index)).toEqual(expected);
        },
      ),
      { numRuns: 60 },
    );
  });
});
