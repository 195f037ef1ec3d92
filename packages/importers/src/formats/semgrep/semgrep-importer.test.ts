import { FindingDraftSchema, ParseError } from '@rampart/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assertDetectNeverThrows,
  assertOnlyParseErrors,
  lineOf,
  parseErrorOf,
} from '../../test-support/importer-checks.js';
import { allSampleReports, readFixture } from '../../test-support/sample-reports.js';
import { semgrepImporter as importer } from './semgrep-importer.js';

const sample = readFixture('semgrep', 'semgrep-report.json');
const tool = { name: 'semgrep', version: '1.97.0' };

describe('semgrep importer: a real report', () => {
  it('maps each result to an exact draft, leaving out ignored results and errors', () => {
    expect(importer.parse(sample, { file: 'semgrep.json' })).toEqual([
      {
        ruleId: 'semgrep/python.flask.security.injection.tainted-sql-string.tainted-sql-string',
        scanner: 'sast',
        tool,
        title: 'Tainted SQL string',
        message:
          'Detected user input used to manually construct a SQL string. This is usually bad practice because manual construction could accidentally result in a SQL injection.',
        severity: 'high',
        confidence: 'medium',
        cwe: ['CWE-89'],
        owasp: 'A03:2021',
        location: {
          kind: 'code',
          path: 'api/views.py',
          region: { startLine: 18, startColumn: 20, endLine: 18, endColumn: 72 },
          snippet: `    cursor.execute("SELECT * FROM users WHERE name = '%s'" % name)`,
        },
        references: [
          'https://owasp.org/www-community/attacks/SQL_Injection',
          'https://semgrep.dev/r/python.flask.security.injection.tainted-sql-string.tainted-sql-string',
        ],
        tags: ['semgrep'],
        properties: { category: 'security', likelihood: 'MEDIUM', impact: 'MEDIUM' },
      },
      {
        ruleId:
          'semgrep/javascript.express.security.audit.xss.direct-response-write.direct-response-write',
        scanner: 'sast',
        tool,
        title: 'Direct response write',
        message:
          "Detected directly writing to a Response object from user-defined input. This bypasses any HTML escaping and may expose your application to a Cross-Site-scripting (XSS) vulnerability. Instead, use 'resp.render()' to render safely escaped HTML.",
        severity: 'medium',
        confidence: 'low',
        cwe: ['CWE-79'],
        owasp: 'A03:2021',
        location: {
          kind: 'code',
          path: 'web/server.js',
          region: { startLine: 25, startColumn: 3, endLine: 27, endColumn: 6 },
          snippet: ['  res.send(', '    `<h1>Hello $' + '{req.query.name}</h1>`', '  )'].join('\n'),
        },
        references: [
          'https://blog.shoebpatel.com/2021/01/23/The-Tale-of-Express-Response-Writing/',
        ],
        tags: ['semgrep'],
        properties: { category: 'security' },
      },
      {
        ruleId:
          'semgrep/python.django.security.audit.django-rest-framework.missing-throttle-config.missing-throttle-config',
        scanner: 'sast',
        tool,
        title: 'Missing throttle config',
        message: 'Django REST framework configuration is missing default rate- limiting options.',
        severity: 'low',
        confidence: 'low',
        cwe: ['CWE-400'],
        owasp: 'A05:2021',
        location: {
          kind: 'code',
          path: 'deploy/settings.py',
          region: { startLine: 101, startColumn: 1, endLine: 112, endColumn: 2 },
          snippet: 'REST_FRAMEWORK = {',
        },
        references: [
          'https://www.django-rest-framework.org/api-guide/throttling/#setting-the-throttling-policy',
        ],
        tags: ['semgrep'],
        properties: { category: 'security' },
      },
      {
        ruleId: 'semgrep/generic.secrets.security.detected-generic-secret.detected-generic-secret',
        scanner: 'sast',
        tool,
        title: 'Detected generic secret',
        message: 'Generic Secret detected in "k3j4************"',
        severity: 'high',
        confidence: 'low',
        cwe: ['CWE-798'],
        owasp: 'A07:2021',
        location: {
          kind: 'code',
          path: 'deploy/settings.py',
          region: { startLine: 9, startColumn: 14, endLine: 9, endColumn: 52 },
          snippet: 'SECRET_KEY = "k3j4************"',
        },
        remediation: 'Suggested fix: `SECRET_KEY = os.environ["DJAN************"]`',
        references: [
          'https://github.com/dxa4481/truffleHogRegexes/blob/master/truffleHogRegexes/regexes.json',
        ],
        tags: ['semgrep'],
        properties: { category: 'security' },
      },
    ]);
  });

  it('never keeps a hard-coded credential in clear', () => {
    const kept = JSON.stringify(importer.parse(sample, { file: 'semgrep.json' }));
    expect(kept).not.toContain('k3j4h5g6f7d8s9a0-not-a-real-key');
  });

  it('reads an empty report, a report without a version, and Semgrep Supply Chain results', () => {
    expect(
      importer.parse('{"results": [], "errors": [], "paths": {"scanned": []}}', { file: 'e.json' }),
    ).toEqual([]);
    const [draft] = importer.parse(
      JSON.stringify({
        errors: [],
        results: [
          {
            check_id: 'ssc-0b2d3c4e',
            path: 'package-lock.json',
            start: { line: 120, col: 5 },
            end: { line: 120, col: 30 },
            extra: {
              message: 'lodash before 4.17.21 is vulnerable to command injection',
              severity: 'CRITICAL',
              lines: 'requires login',
              sca_info: { reachable: false },
              metadata: {},
            },
          },
        ],
      }),
      { file: 'ssc.json' },
    );
    expect(draft).toMatchObject({
      ruleId: 'semgrep/ssc-0b2d3c4e',
      scanner: 'sca',
      tool: { name: 'semgrep', version: '' },
      severity: 'critical',
      cwe: [],
      location: { path: 'package-lock.json' },
    });
    expect(draft?.location).not.toHaveProperty('snippet');
  });
});

describe('semgrep importer: broken input', () => {
  it('names the line of a JSON syntax error', () => {
    const err = parseErrorOf(importer, '{"results": [\n  {"check_id": "a",\n]}', 'sg.json');
    expect(err.position).toMatchObject({ file: 'sg.json', line: 3 });
    expect(err.message).toMatch(/invalid JSON/);
  });

  it('names the path and line of a wrong value', () => {
    const broken = sample.replace(
      '"start": { "col": 3, "line": 25',
      '"start": { "col": 3, "line": "25"',
    );
    const err = parseErrorOf(importer, broken, 'sg.json');
    expect(err.message).toMatch(
      /not a Semgrep JSON report: results\[1\]\.start\.line: expected number/,
    );
    expect(err.position.line).toBe(lineOf(broken, '"line": "25"'));
  });

  it('names a missing field at its object', () => {
    const text = '{\n  "errors": [],\n  "results": [\n    {"path": "a.py"}\n  ]\n}';
    const err = parseErrorOf(importer, text);
    expect(err.message).toMatch(/results\[0\]\.check_id: missing, expected string/);
    expect(err.position.line).toBe(4);
  });
});

describe('semgrep importer: detect', () => {
  it('claims its samples and no other format sample', () => {
    for (const s of allSampleReports()) {
      expect(importer.detect(s.text, s.json), `${s.format}/${s.name}`).toBe(s.format === 'semgrep');
    }
  });

  it('claims an empty Semgrep report but not a Bandit-like one', () => {
    expect(importer.detect('', { results: [], errors: [], paths: { scanned: [] } })).toBe(true);
    expect(importer.detect('', { results: [], errors: [], generated_at: 'x', metrics: {} })).toBe(
      false,
    );
  });

  it('never throws', () => assertDetectNeverThrows(importer));
});

describe('semgrep importer: properties', () => {
  it('throws nothing but ParseError on arbitrary input', () => assertOnlyParseErrors(importer));

  const position = fc.record({ line: fc.nat({ max: 9999 }), col: fc.nat({ max: 300 }) });
  const result = fc.record({
    check_id: fc.stringMatching(/^[a-z][a-z0-9.-]{0,30}$/),
    path: fc.stringMatching(/^(\.\/)?[a-z][a-z0-9_/]{0,20}\.(py|js|go)$/),
    start: position,
    end: position,
    extra: fc.record({
      message: fc.string(),
      severity: fc.constantFrom('ERROR', 'WARNING', 'INFO', 'CRITICAL', 'LOW', 'WEIRD'),
      lines: fc.string(),
      is_ignored: fc.boolean(),
      metadata: fc.record({
        cwe: fc.array(fc.oneof(fc.string(), fc.constantFrom('CWE-79: x', 'CWE-798'))),
        owasp: fc.oneof(fc.string(), fc.constant('A03:2021 - Injection')),
        confidence: fc.constantFrom('HIGH', 'MEDIUM', 'LOW', 'other'),
      }),
    }),
  });

  it('imports one valid draft per result that is not ignored', () => {
    fc.assert(
      fc.property(fc.array(result, { maxLength: 8 }), (results) => {
        const text = JSON.stringify({ version: '1.2.3', errors: [], results });
        const drafts = importer.parse(text, { file: 'r.json' });
        expect(drafts).toHaveLength(results.filter((r) => !r.extra.is_ignored).length);
        for (const draft of drafts) FindingDraftSchema.parse(draft);
      }),
    );
  });

  it('rejects a result whose line is not a number, whatever else it holds', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.boolean(), fc.constant(null)), (line) => {
        const text = JSON.stringify({
          errors: [],
          results: [
            {
              check_id: 'a',
              path: 'a.py',
              start: { line, col: 1 },
              end: { line: 1, col: 2 },
              extra: { message: 'm', severity: 'ERROR' },
            },
          ],
        });
        expect(() => importer.parse(text, { file: 'r.json' })).toThrow(ParseError);
      }),
    );
  });
});
