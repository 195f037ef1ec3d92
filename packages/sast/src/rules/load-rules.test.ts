import { ParseError } from '@rampart/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadRules } from './load-rules.js';

const SEARCH = `rules:
  - id: child-process-exec
    message: Command built from $X reaches child_process.exec
    severity: ERROR
    languages: [javascript, typescript]
    metadata:
      cwe: ["CWE-78: Improper Neutralization of Special Elements used in an OS Command"]
      owasp: ["A03:2021 - Injection"]
      confidence: HIGH
      references: [https://nodejs.org/api/child_process.html]
      category: security
    paths:
      exclude: ["test/"]
    patterns:
      - pattern-inside: |
          function $F(...) { ... }
      - pattern-either:
          - pattern: child_process.exec($X)
          - pattern: child_process.execSync($X)
      - pattern-not: child_process.exec("...")
      - pattern-not-inside: if (isSafe($X)) { ... }
      - metavariable-regex:
          metavariable: $X
          regex: ^(cmd|command)
      - metavariable-pattern:
          metavariable: $X
          pattern-either:
            - pattern: $A + $B
      - metavariable-comparison:
          metavariable: $N
          comparison: $N > 1024
      - pattern-not-regex: nosec
      - focus-metavariable: $X
    fix: execFile($X)
`;

describe('loadRules', () => {
  it('reads a search rule with every operator into a normalised formula', () => {
    const { rules, issues } = loadRules(SEARCH, 'rules/cp.yaml');
    expect(issues).toEqual([]);
    const [rule] = rules;
    expect(rule).toMatchObject({
      id: 'child-process-exec',
      severity: 'high',
      languages: ['javascript', 'typescript'],
      mode: 'search',
      fix: 'execFile($X)',
      paths: { include: [], exclude: ['test/'] },
      metadata: {
        cwe: ['CWE-78'],
        owasp: ['A03:2021 - Injection'],
        confidence: 'high',
        references: ['https://nodejs.org/api/child_process.html'],
        extra: { category: 'security' },
      },
      at: { file: 'rules/cp.yaml', line: 2 },
    });
    const formula = rule?.formula;
    expect(formula?.kind).toBe('all');
    const kinds = formula?.kind === 'all' ? formula.items.map((f) => f.kind) : [];
    expect(kinds).toEqual([
      'inside',
      'any',
      'not',
      'not-inside',
      'metavariable-regex',
      'metavariable-pattern',
      'metavariable-comparison',
      'not-regex',
      'focus',
    ]);
    const either = formula?.kind === 'all' ? formula.items[1] : undefined;
    expect(
      either?.kind === 'any' && either.items.map((f) => f.kind === 'pattern' && f.pattern),
    ).toEqual(['child_process.exec($X)', 'child_process.execSync($X)']);
    expect(either?.at.line).toBe(18);
  });

  it('reads a taint rule', () => {
    const text = `rules:
  - id: sqli
    mode: taint
    message: request data reaches a query
    severity: WARNING
    languages: [js]
    pattern-sources:
      - pattern: req.query
      - patterns:
          - pattern: req.body.$F
    pattern-sinks:
      - pattern: $DB.query($Q)
    pattern-sanitizers:
      - pattern: escape(...)
    pattern-propagators:
      - pattern: $TO.push($FROM)
        from: $FROM
        to: $TO
`;
    const { rules, issues } = loadRules(text, 'sqli.yml');
    expect(issues).toEqual([]);
    expect(rules[0]).toMatchObject({ mode: 'taint', severity: 'medium' });
    expect(rules[0]?.taint?.sources.map((s) => s.kind)).toEqual(['pattern', 'all']);
    expect(rules[0]?.taint?.propagators[0]).toMatchObject({ from: '$FROM', to: '$TO' });
  });

  it('maps Semgrep severities, old and new', () => {
    const severities = ['ERROR', 'WARNING', 'INFO', 'CRITICAL', 'HIGH', 'MEDIUM', 'LOW'].map(
      (s, i) => {
        const text = `rules:\n  - id: r${i}\n    message: m\n    severity: ${s}\n    languages: [python]\n    pattern: eval(...)\n`;
        return loadRules(text, 'r.yml').rules[0]?.severity;
      },
    );
    expect(severities).toEqual(['high', 'medium', 'low', 'critical', 'high', 'medium', 'low']);
  });

  it('skips and reports a rule that uses something unsupported, by id, field and line', () => {
    const text = `rules:
  - id: ok
    message: m
    severity: INFO
    languages: [python]
    pattern: eval(...)
  - id: uses-options
    message: m
    severity: INFO
    languages: [python]
    options:
      symbolic_propagation: true
    pattern: exec(...)
  - id: join-mode
    mode: join
    message: m
    severity: INFO
    languages: [python]
  - id: bad-operator
    message: m
    severity: INFO
    languages: [python]
    patterns:
      - pattern: a
      - pattern-where-python: "True"
`;
    const { rules, issues } = loadRules(text, 'mixed.yaml');
    expect(rules.map((r) => r.id)).toEqual(['ok']);
    expect(issues.map((i) => [i.ruleId, i.field, i.at.line])).toEqual([
      ['uses-options', 'options', 11],
      ['join-mode', 'mode', 15],
      ['bad-operator', 'patterns.pattern-where-python', 25],
    ]);
    expect(issues[0]?.message).toMatch(/not supported/);
  });

  it('reports malformed rules: missing fields, bad severity, bad regex, duplicate ids', () => {
    const text = `rules:
  - message: no id
    severity: INFO
    languages: [js]
    pattern: a
  - id: bad-severity
    message: m
    severity: FATAL
    languages: [js]
    pattern: a
  - id: bad-regex
    message: m
    severity: INFO
    languages: [js]
    pattern-regex: "(unclosed"
  - id: dup
    message: m
    severity: INFO
    languages: [js]
    pattern: a
  - id: dup
    message: m
    severity: INFO
    languages: [js]
    pattern: b
  - id: two-formulas
    message: m
    severity: INFO
    languages: [js]
    pattern: a
    pattern-regex: b
`;
    const { rules, issues } = loadRules(text, 'bad.yaml');
    expect(rules.map((r) => r.id)).toEqual(['dup']);
    expect(issues.map((i) => [i.ruleId, i.field])).toEqual([
      ['rules[0]', 'id'],
      ['bad-severity', 'severity'],
      ['bad-regex', 'pattern-regex'],
      ['dup', 'id'],
      ['two-formulas', 'pattern'],
    ]);
  });

  it('rejects a file that is not YAML or has no rules list, naming file and line', () => {
    expect(() => loadRules('rules:\n  - id: [unclosed\n', 'x.yaml')).toThrow(ParseError);
    expect(() => loadRules('rules:\n  - id: [unclosed\n', 'x.yaml')).toThrow(/^x\.yaml:\d+/);
    expect(() => loadRules('rulez: []\n', 'y.yaml')).toThrow(
      /y\.yaml:1: a rule file needs a `rules` list/,
    );
    expect(() => loadRules('- a\n', 'z.yaml')).toThrow(/z\.yaml:1/);
  });

  it('throws nothing but ParseError on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        try {
          loadRules(`rules:\n${text}`, 'f.yaml');
        } catch (err) {
          expect(err).toBeInstanceOf(ParseError);
        }
      }),
      { numRuns: 500 },
    );
  });
});
