import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findInlineSuppression, parseInlineDirective } from './inline-suppression.js';

describe('parseInlineDirective', () => {
  it.each([
    ['// rampart-ignore', [], undefined],
    ['x = 1 # rampart-ignore', [], undefined],
    ['# rampart-ignore: sast.py.eval', ['sast.py.eval'], undefined],
    [
      '// rampart-ignore: a.b, c-d -- test fixture, not real',
      ['a.b', 'c-d'],
      'test fixture, not real',
    ],
    ['/* rampart-ignore: secrets -- example key */', ['secrets'], 'example key'],
    ['<!-- rampart-ignore -- demo page -->', [], 'demo page'],
    ['-- rampart-ignore: sql.concat', ['sql.concat'], undefined],
  ])('reads %s', (line, rules, reason) => {
    expect(parseInlineDirective(line)).toMatchObject({ rules, reason });
  });

  it('ignores words that only start like the directive', () => {
    expect(parseInlineDirective('// rampart-ignored by design')).toBeUndefined();
    expect(parseInlineDirective('const x = 1;')).toBeUndefined();
  });

  it('knows a comment-only line covers the next one and a trailing comment does not', () => {
    expect(parseInlineDirective('    // rampart-ignore')?.coversNextLine).toBe(true);
    expect(parseInlineDirective('eval(x) // rampart-ignore')?.coversNextLine).toBe(false);
  });

  it('never throws on arbitrary lines', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        parseInlineDirective(`${a}rampart-ignore${b}`);
      }),
    );
  });
});

describe('findInlineSuppression', () => {
  const file = [
    'const a = eval(x); // rampart-ignore: js.eval -- sandboxed',
    '// rampart-ignore',
    'exec(cmd)',
    'run(y) // rampart-ignore',
    'eval(z)',
    '# rampart-ignore: other-rule',
    'eval(w)',
  ];

  it('suppresses the named rule on the same line, with its reason', () => {
    expect(findInlineSuppression(file, 1, 'js.eval', 'sast')).toEqual({
      line: 1,
      reason: 'sandboxed',
    });
  });

  it('does not suppress a rule the directive does not name', () => {
    expect(findInlineSuppression(file, 1, 'js.exec', 'sast')).toBeUndefined();
    expect(findInlineSuppression(file, 7, 'js.eval', 'sast')).toBeUndefined();
  });

  it('suppresses every rule on the line after a comment-only directive', () => {
    expect(findInlineSuppression(file, 3, 'anything', 'sast')).toEqual({
      line: 2,
      reason: undefined,
    });
  });

  it('does not let a trailing directive cover the next line', () => {
    expect(findInlineSuppression(file, 5, 'js.eval', 'sast')).toBeUndefined();
  });

  it('accepts a scanner kind as the name of all its rules', () => {
    expect(
      findInlineSuppression(['key = "AKIA…" # rampart-ignore: secrets'], 1, 'aws-key', 'secrets'),
    ).toBeDefined();
  });
});

describe('nosemgrep, for teams coming from Semgrep', () => {
  it('suppresses SAST findings on its line or below it, by id or qualified id', () => {
    const lines = [
      'cp.exec(a); // nosemgrep',
      '// nosemgrep: js.security.exec-from-request',
      'cp.exec(b);',
      'cp.exec(c); // nosemgrep: other-rule',
    ];
    expect(findInlineSuppression(lines, 1, 'exec-from-request', 'sast')).toEqual({
      line: 1,
      reason: undefined,
    });
    expect(findInlineSuppression(lines, 3, 'exec-from-request', 'sast')?.line).toBe(2);
    expect(findInlineSuppression(lines, 4, 'exec-from-request', 'sast')).toBeUndefined();
  });

  it('never hides another scanner: a secret stays reported', () => {
    expect(
      findInlineSuppression(['token = "x" # nosemgrep'], 1, 'secrets/generic', 'secrets'),
    ).toBeUndefined();
  });
});
