import { FindingDraftSchema } from '@rampart/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assertDetectNeverThrows,
  assertOnlyParseErrors,
  lineOf,
  parseErrorOf,
} from '../../test-support/importer-checks.js';
import { allSampleReports, readFixture } from '../../test-support/sample-reports.js';
import { banditImporter as importer } from './bandit-importer.js';

const sample = readFixture('bandit', 'bandit-report.json');
const tool = { name: 'bandit', version: '' };
const common = { scanner: 'sast', tool, tags: ['bandit', 'python'] } as const;

describe('bandit importer: a real report', () => {
  it('maps each result to an exact draft with 1-based columns and the issue lines', () => {
    expect(importer.parse(sample, { file: 'bandit.json' })).toEqual([
      {
        ...common,
        ruleId: 'bandit/B404',
        title: 'Blacklisted call or import',
        message: 'Consider possible security implications associated with the subprocess module.',
        severity: 'low',
        confidence: 'high',
        cwe: ['CWE-78'],
        owasp: 'A03:2021',
        location: {
          kind: 'code',
          path: 'app/tasks.py',
          region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 18 },
          snippet: 'import subprocess',
        },
        references: [
          'https://bandit.readthedocs.io/en/1.7.8/blacklists/blacklist_imports.html#b404-import-subprocess',
          'https://cwe.mitre.org/data/definitions/78.html',
        ],
      },
      {
        ...common,
        ruleId: 'bandit/B602',
        title: 'Subprocess popen with shell equals true',
        message: 'subprocess call with shell=True identified, security issue.',
        severity: 'high',
        confidence: 'high',
        cwe: ['CWE-78'],
        owasp: 'A03:2021',
        location: {
          kind: 'code',
          path: 'app/tasks.py',
          region: { startLine: 34, startColumn: 5, endLine: 37, endColumn: 6 },
          snippet:
            '    subprocess.run(\n        f"tar czf /tmp/{archive}.tgz /srv/data",\n        shell=True,\n    )',
        },
        references: [
          'https://bandit.readthedocs.io/en/1.7.8/plugins/b602_subprocess_popen_with_shell_equals_true.html',
          'https://cwe.mitre.org/data/definitions/78.html',
        ],
      },
      {
        ...common,
        ruleId: 'bandit/B105',
        title: 'Hardcoded password string',
        message: "Possible hardcoded password: 'dev-************'",
        severity: 'low',
        confidence: 'medium',
        cwe: ['CWE-259'],
        owasp: 'A07:2021',
        location: {
          kind: 'code',
          path: 'app/config.py',
          region: { startLine: 12, startColumn: 14, endLine: 12, endColumn: 38 },
          snippet: 'SECRET_KEY = "dev-************"',
        },
        references: [
          'https://bandit.readthedocs.io/en/1.7.8/plugins/b105_hardcoded_password_string.html',
          'https://cwe.mitre.org/data/definitions/259.html',
        ],
      },
      {
        ...common,
        ruleId: 'bandit/B608',
        title: 'Hardcoded SQL expressions',
        message: 'Possible SQL injection vector through string-based query construction.',
        severity: 'medium',
        confidence: 'low',
        cwe: ['CWE-89'],
        owasp: 'A03:2021',
        location: {
          kind: 'code',
          path: 'app/reports.py',
          region: { startLine: 21, startColumn: 13, endLine: 21, endColumn: 61 },
          snippet: `    query = "SELECT * FROM sales WHERE month = '%s'" % month`,
        },
        references: [
          'https://bandit.readthedocs.io/en/1.7.8/plugins/b608_hardcoded_sql_expressions.html',
          'https://cwe.mitre.org/data/definitions/89.html',
        ],
      },
    ]);
  });

  it('never keeps a hard-coded password in clear', () => {
    expect(JSON.stringify(importer.parse(sample, { file: 'b.json' }))).not.toContain(
      'dev-only-2f9c81b7e4a3',
    );
  });

  it('reads results of older Bandit versions without CWE or end column', () => {
    const [draft] = importer.parse(
      JSON.stringify({
        errors: [],
        generated_at: '2020-12-30T09:35:48Z',
        metrics: {},
        results: [
          {
            code: '7 \tyaml.load(data)\n',
            filename: 'loader.py',
            issue_confidence: 'HIGH',
            issue_severity: 'MEDIUM',
            issue_text: 'Use of unsafe yaml load.',
            line_number: 7,
            line_range: [7],
            more_info: 'https://bandit.readthedocs.io/en/latest/plugins/b506_yaml_load.html',
            test_id: 'B506',
            test_name: 'yaml_load',
          },
        ],
      }),
      { file: 'old.json' },
    );
    expect(draft).toMatchObject({
      ruleId: 'bandit/B506',
      cwe: [],
      location: { region: { startLine: 7, startColumn: 1, endLine: 7, endColumn: 1 } },
    });
    expect(draft?.owasp).toBeUndefined();
  });
});

describe('bandit importer: broken input', () => {
  it('names the line of a JSON syntax error', () => {
    const err = parseErrorOf(importer, sample.replace('"test_id": "B602",', '"test_id": "B602"'));
    expect(err.position.line).toBe(lineOf(sample, '"test_id": "B602"') + 1);
    expect(err.message).toMatch(/invalid JSON: expected ","/);
  });

  it('names the path and line of an unknown severity', () => {
    const broken = sample.replace('"issue_severity": "MEDIUM"', '"issue_severity": "SEVERE"');
    const err = parseErrorOf(importer, broken, 'bandit.json');
    expect(err.message).toMatch(
      /^bandit\.json:\d+: not a Bandit JSON report: results\[3\]\.issue_severity: expected one of "HIGH"/,
    );
    expect(err.position.line).toBe(lineOf(broken, '"SEVERE"'));
  });
});

describe('bandit importer: detect', () => {
  it('claims its samples and no other format sample', () => {
    for (const s of allSampleReports()) {
      expect(importer.detect(s.text, s.json), `${s.format}/${s.name}`).toBe(s.format === 'bandit');
    }
  });

  it('claims an empty Bandit report', () => {
    expect(importer.detect('', { errors: [], generated_at: 'x', metrics: {}, results: [] })).toBe(
      true,
    );
  });

  it('never throws', () => assertDetectNeverThrows(importer));
});

describe('bandit importer: properties', () => {
  it('throws nothing but ParseError on arbitrary input', () => assertOnlyParseErrors(importer));

  const level = fc.constantFrom('HIGH', 'MEDIUM', 'LOW', 'UNDEFINED');
  const result = fc
    .record({
      test_id: fc.stringMatching(/^B[0-9]{3}$/),
      test_name: fc.string(),
      filename: fc.stringMatching(/^(\.\/)?[a-z][a-z0-9_/]{0,20}\.py$/),
      line_number: fc.nat({ max: 3000 }),
      extra: fc.nat({ max: 5 }),
      col_offset: fc.nat({ max: 120 }),
      end_col_offset: fc.option(fc.nat({ max: 120 }), { nil: undefined }),
      issue_severity: level,
      issue_confidence: level,
      issue_cwe: fc.record({ id: fc.nat({ max: 1400 }), link: fc.string() }),
      issue_text: fc.string(),
      code: fc.string(),
    })
    .map(({ extra, ...r }) => ({
      ...r,
      line_range: Array.from({ length: extra + 1 }, (_, i) => r.line_number + i),
    }));

  it('imports one valid draft per result', () => {
    fc.assert(
      fc.property(fc.array(result, { maxLength: 8 }), (results) => {
        const text = JSON.stringify({ errors: [], generated_at: 'x', metrics: {}, results });
        const drafts = importer.parse(text, { file: 'b.json' });
        expect(drafts).toHaveLength(results.length);
        for (const draft of drafts) FindingDraftSchema.parse(draft);
      }),
    );
  });
});
