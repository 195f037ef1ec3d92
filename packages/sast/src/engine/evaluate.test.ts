import { describe, expect, it } from 'vitest';
import { loadRules } from '../rules/load-rules.js';
import { comparison, FileEvaluator, UnsupportedFormula } from './evaluate.js';
import { parseFile } from './parse-file.js';
import { toAstGrepPattern, toAstGrepPatterns } from './translate.js';

/** Runs the first rule of `yaml` (a `rules:` file body) over `code`; returns matched texts. */
function run(rule: string, code: string, language = 'javascript'): string[] {
  const { rules, issues } = loadRules(`rules:\n${rule}`, 'r.yaml');
  expect(issues).toEqual([]);
  const formula = rules[0]?.formula;
  if (!formula) throw new Error('no formula');
  const evaluator = new FileEvaluator(parseFile(language, code));
  return evaluator.evaluate(formula).map((m) => code.slice(m.start, m.end));
}

const head = (lang = 'javascript') =>
  `  - id: r\n    message: m\n    severity: ERROR\n    languages: [${lang}]\n`;

describe('toAstGrepPattern', () => {
  it('turns ellipses into ast-grep multi-matches, but not inside strings', () => {
    expect(toAstGrepPattern('foo(...)')).toBe('foo($$$)');
    expect(toAstGrepPattern('foo($X, $...REST)')).toBe('foo($X, $$$REST)');
    expect(toAstGrepPattern('log("...")')).toBe('log("...")');
  });

  it('gives the variants without an ellipsis next to a comma', () => {
    expect(toAstGrepPatterns('f(..., x, ...)').sort()).toEqual(
      ['f($$$, x, $$$)', 'f(x, $$$)', 'f($$$, x)', 'f(x)'].sort(),
    );
    expect(toAstGrepPatterns('f("a, ...", ...)')).toEqual(['f("a, ...", $$$)', 'f("a, ...")']);
  });
});

describe('FileEvaluator on JavaScript', () => {
  const code = [
    "const cp = require('child_process');",
    'function handler(req, res) {',
    '  cp.exec(req.query.cmd);',
    "  cp.exec('ls -la');",
    '  if (isSafe(x)) { cp.exec(x); }',
    '  eval(a + b);',
    '  eval(a + a);',
    '}',
    'cp.exec(outside);',
  ].join('\n');

  it('matches a pattern with a metavariable and an ellipsis', () => {
    expect(run(`${head()}    pattern: cp.exec($X)\n`, code)).toEqual([
      'cp.exec(req.query.cmd)',
      "cp.exec('ls -la')",
      'cp.exec(x)',
      'cp.exec(outside)',
    ]);
    expect(run(`${head()}    pattern: eval(...)\n`, code)).toEqual(['eval(a + b)', 'eval(a + a)']);
  });

  it('unifies a metavariable used twice', () => {
    expect(run(`${head()}    pattern: eval($A + $A)\n`, code)).toEqual(['eval(a + a)']);
  });

  it('combines patterns: inside, not, not-inside, metavariable-regex and focus', () => {
    const rule = `${head()}    patterns:
      - pattern-inside: |
          function $F(...) { ... }
      - pattern: cp.exec($X)
      - pattern-not: cp.exec('...')
      - pattern-not-inside: if (isSafe($X)) { ... }
`;
    expect(run(rule, code)).toEqual(['cp.exec(req.query.cmd)']);
    const supported = `${head()}    patterns:
      - pattern-inside: |
          function $F(...) { ... }
      - pattern: cp.exec($X)
      - pattern-not: cp.exec('ls -la')
      - pattern-not-inside: if (isSafe($X)) { ... }
`;
    expect(run(supported, code)).toEqual(['cp.exec(req.query.cmd)']);
    const focused = `${head()}    patterns:
      - pattern: cp.exec($X)
      - metavariable-regex:
          metavariable: $X
          regex: req\\.
      - focus-metavariable: $X
`;
    expect(run(focused, code)).toEqual(['req.query.cmd']);
  });

  it('takes the union of pattern-either and intersects positive terms', () => {
    const either = `${head()}    pattern-either:
      - pattern: eval(...)
      - pattern: cp.exec(outside)
`;
    expect(run(either, code)).toEqual(['eval(a + b)', 'eval(a + a)', 'cp.exec(outside)']);
    const both = `${head()}    patterns:
      - pattern: eval($X)
      - pattern: eval($A + b)
`;
    expect(run(both, code)).toEqual(['eval(a + b)']);
  });

  it('filters with metavariable-pattern and metavariable-comparison', () => {
    const src = 'setTimeout(f, 100);\nsetTimeout(g, 5000);\nlisten(80);\nlisten(8080);';
    const cmp = `${head()}    patterns:
      - pattern: listen($P)
      - metavariable-comparison:
          metavariable: $P
          comparison: $P < 1024
`;
    expect(run(cmp, src)).toEqual(['listen(80)']);
    const inner = `${head()}    patterns:
      - pattern: setTimeout($F, $T)
      - metavariable-pattern:
          metavariable: $F
          pattern: g
`;
    expect(run(inner, src)).toEqual(['setTimeout(g, 5000)']);
  });

  it('matches pattern-regex and drops pattern-not-regex overlaps', () => {
    const rule = `${head()}    patterns:
      - pattern: cp.exec($X)
      - pattern-not-regex: outside
`;
    expect(run(rule, code)).toHaveLength(3);
    expect(run(`${head()}    pattern-regex: isSafe\\(\\w+\\)\n`, code)).toEqual(['isSafe(x)']);
  });
});

describe('FileEvaluator on Python', () => {
  it('matches Python code with the same formulas', () => {
    const code =
      'import subprocess\nsubprocess.run(cmd, shell=True)\nsubprocess.run(["ls"], shell=False)\nsubprocess.run(c, shell=True, check=True)\n';
    const rule = `${head('python')}    patterns:
      - pattern: subprocess.run(..., shell=True, ...)
`;
    expect(run(rule, code, 'python')).toEqual([
      'subprocess.run(cmd, shell=True)',
      'subprocess.run(c, shell=True, check=True)',
    ]);
  });
});

describe('comparison', () => {
  it('compares numbers and strings, and refuses what it cannot read', () => {
    const b = (text: string) => new Map([['X', { text, start: 0, end: text.length }]]);
    expect(comparison('$X >= 10')(b('12'))).toBe(true);
    expect(comparison('$X == "admin"')(b("'admin'"))).toBe(true);
    expect(comparison('$X != 3')(b('abc'))).toBe(true);
    expect(() => comparison('int($X) > 3 and $X < 9')).toThrow(UnsupportedFormula);
  });
});
