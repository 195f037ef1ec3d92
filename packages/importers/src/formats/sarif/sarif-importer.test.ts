import {
  type Finding,
  FindingDraftSchema,
  secretFingerprint,
  secretInfo,
  toSarif,
} from '@rampart/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assertDetectNeverThrows,
  assertOnlyParseErrors,
  lineOf,
  parseErrorOf,
} from '../../test-support/importer-checks.js';
import { allSampleReports, readFixture } from '../../test-support/sample-reports.js';
import { sarifImporter as importer } from './sarif-importer.js';

const parse = (text: string, file = 'results.sarif') => importer.parse(text, { file });
const parseError = (text: string, file = 'results.sarif') => parseErrorOf(importer, text, file);

const log = (runs: unknown[]) => JSON.stringify({ version: '2.1.0', runs }, null, 2);

describe('sarif importer: CodeQL', () => {
  it('maps every result with its rule, prefixed rule id, CWEs, OWASP and exact region', () => {
    const drafts = parse(readFixture('sarif', 'codeql.sarif'));
    const codeql = { name: 'CodeQL', version: '2.15.3' };
    expect(drafts).toEqual([
      {
        ruleId: 'codeql/js/sql-injection',
        scanner: 'sast',
        tool: codeql,
        title: 'Database query built from user-controlled sources',
        message: 'This query string depends on a [user-provided value](1).',
        severity: 'high',
        confidence: 'high',
        cwe: ['CWE-89', 'CWE-90', 'CWE-943'],
        owasp: 'A03:2021',
        location: {
          kind: 'code',
          path: 'src/routes/users.js',
          region: { startLine: 14, startColumn: 18, endLine: 14, endColumn: 63 },
        },
        remediation:
          '# Database query built from user-controlled sources\nUse prepared statements.',
        references: [],
        tags: ['security'],
        fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
      },
      {
        ruleId: 'codeql/js/reflected-xss',
        scanner: 'sast',
        tool: codeql,
        title: 'Reflected cross-site scripting',
        message: 'Cross-site scripting vulnerability due to a [user-provided value](1).',
        severity: 'medium',
        confidence: 'high',
        cwe: ['CWE-79', 'CWE-116'],
        owasp: 'A03:2021',
        location: {
          kind: 'code',
          path: 'src/routes/users.js',
          region: { startLine: 31, startColumn: 14, endLine: 32, endColumn: 40 },
        },
        references: [],
        tags: ['security'],
        fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
      },
      {
        ruleId: 'codeql/js/missing-rate-limiting',
        scanner: 'sast',
        tool: codeql,
        title: 'Missing rate limiting',
        message: 'This route handler performs [a database access](1), but is not rate-limited.',
        severity: 'high',
        confidence: 'high',
        cwe: ['CWE-770', 'CWE-307', 'CWE-400'],
        owasp: 'A07:2021', // CWE-770 is in no category; CWE-307 is in A07
        location: {
          kind: 'code',
          path: 'src/app.js',
          region: { startLine: 22, startColumn: 27, endLine: 27, endColumn: 2 },
        },
        references: [],
        tags: ['security'],
        fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
      },
    ]);
    // CodeQL's own partial fingerprints keep each alert's identity distinct and stable.
    expect(new Set(drafts.map((d) => d.fingerprint)).size).toBe(3);
    expect(parse(readFixture('sarif', 'codeql.sarif')).map((d) => d.fingerprint)).toEqual(
      drafts.map((d) => d.fingerprint),
    );
  });
});

describe('sarif importer: secret scanners', () => {
  it('hashes the secret gitleaks writes as the snippet and never keeps it in clear', () => {
    const text = readFixture('sarif', 'gitleaks.sarif');
    const drafts = parse(text);
    expect(drafts).toHaveLength(2);
    const [aws, generic] = drafts;
    expect(aws).toMatchObject({
      ruleId: 'gitleaks/aws-access-token',
      scanner: 'secrets',
      tool: { name: 'gitleaks', version: 'v8.18.2' },
      location: {
        kind: 'code',
        path: 'deploy/settings.py',
        region: { startLine: 7, startColumn: 21, endLine: 7, endColumn: 40 },
        snippet: 'AKIA************',
      },
      secret: secretInfo('AKIAIOSFODNN7EXAMPLE'),
      fingerprint: secretFingerprint(
        'gitleaks/aws-access-token',
        'deploy/settings.py',
        secretInfo('AKIAIOSFODNN7EXAMPLE').hash,
      ),
    });
    expect(generic?.location).toMatchObject({ path: 'config/app.env' });
    const kept = JSON.stringify(drafts);
    expect(kept).not.toContain('AKIAIOSFODNN7EXAMPLE');
    expect(kept).not.toContain('3fa1c07be2d94e6a8b5f0c9d1e2a7b4c');
  });

  it('reads a log written with gitleaks --redact without inventing a secret hash', () => {
    const redacted = readFixture('sarif', 'gitleaks.sarif')
      .replace('"AKIAIOSFODNN7EXAMPLE"', '"REDACTED"')
      .replace('"3fa1c07be2d94e6a8b5f0c9d1e2a7b4c"', '"3fa1c07b..."');
    for (const draft of parse(redacted)) {
      expect(draft).not.toHaveProperty('secret');
      expect(draft).not.toHaveProperty('fingerprint');
      expect(draft.location).toMatchObject({ snippet: 'REDACTED' });
    }
  });

  it('masks the secret in a message that repeats it', () => {
    const value = ['ghp', 'Z'.repeat(36)].join('_');
    const [draft] = parse(
      log([
        {
          tool: { driver: { name: 'gitleaks' } },
          results: [
            {
              ruleId: 'github-pat',
              message: { text: `found ${value} in the file` },
              locations: [
                {
                  physicalLocation: {
                    artifactLocation: { uri: 'a.txt' },
                    region: { startLine: 1, snippet: { text: value } },
                  },
                },
              ],
            },
          ],
        },
      ]),
    );
    expect(JSON.stringify(draft)).not.toContain(value);
    expect(draft?.message).toBe('found ghp_************ in the file');
  });
});

describe('sarif importer: scanner kinds', () => {
  it('reads Trivy vulnerabilities as SCA and misconfigurations as IaC', () => {
    const drafts = parse(readFixture('sarif', 'trivy.sarif'));
    expect(drafts.map((d) => [d.ruleId, d.scanner, d.severity, d.location.kind])).toEqual([
      ['trivy/CVE-2021-23337', 'sca', 'high', 'code'],
      ['trivy/DS002', 'iac', 'high', 'code'],
    ]);
    expect(drafts[0]?.tool).toEqual({ name: 'Trivy', version: '0.48.3' });
    expect(drafts[0]?.references).toEqual(['https://avd.aquasec.com/nvd/cve-2021-23337']);
  });

  it.each([
    ['Semgrep OSS', 'semgrep/python.lang.eval', 'sast'],
    ['Checkov', 'checkov/CKV_AWS_20', 'iac'],
    ['KICS', 'kics/a227ec01', 'iac'],
    ['Grype', 'grype/GHSA-xxxx', 'sca'],
    ['SomeNewTool 2', 'somenewtool-2/R1', 'sast'],
  ])('names %s rules and gives their scanner kind', (name, ruleId, scanner) => {
    const id = ruleId.slice(ruleId.indexOf('/') + 1);
    const [draft] = parse(
      log([
        {
          tool: { driver: { name, version: '1.0' } },
          results: [
            {
              ruleId: id,
              message: { text: 'm' },
              locations: [{ physicalLocation: { artifactLocation: { uri: 'main.tf' } } }],
            },
          ],
        },
      ]),
    );
    expect(draft).toMatchObject({ ruleId, scanner, tool: { name, version: '1.0' } });
  });

  it('reads a ZAP result at a URL as a DAST finding with a url location', () => {
    const [draft] = parse(
      log([
        {
          tool: { driver: { name: 'OWASP ZAP', version: '2.14.0' } },
          results: [
            {
              ruleId: '10038',
              level: 'warning',
              message: { text: 'Content Security Policy (CSP) Header Not Set' },
              locations: [
                { physicalLocation: { artifactLocation: { uri: 'http://localhost:3000/login' } } },
              ],
              webRequest: { method: 'get' },
            },
          ],
        },
      ]),
    );
    expect(draft).toMatchObject({
      ruleId: 'zap/10038',
      scanner: 'dast',
      location: { kind: 'url', method: 'GET', url: 'http://localhost:3000/login' },
    });
  });

  it("gives back Rampart's own SARIF unchanged", () => {
    const finding: Finding = {
      ruleId: 'js-eval',
      scanner: 'sast',
      tool: { name: 'rampart', version: '0.1.0' },
      title: 'Code injection via eval',
      message: 'eval() runs a string as code.',
      severity: 'high',
      confidence: 'high',
      cwe: ['CWE-95'],
      owasp: 'A03:2021',
      location: {
        kind: 'code',
        path: 'src/a.js',
        region: { startLine: 3, startColumn: 1, endLine: 3, endColumn: 10 },
        snippet: 'eval(x)',
      },
      references: [],
      tags: ['sast'],
      fingerprint: '0123456789abcdef0123456789abcdef',
    };
    const text = JSON.stringify(toSarif([finding], { toolVersion: '0.1.0' }));
    expect(parse(text)).toEqual([finding]);
  });
});

describe('sarif importer: broken input', () => {
  it('names the line of a JSON syntax error', () => {
    const err = parseError('{\n  "version": "2.1.0",\n  "runs": [\n    {,\n  ]\n}', 'ci/out.sarif');
    expect(err.position).toMatchObject({ file: 'ci/out.sarif', line: 4 });
    expect(err.message).toMatch(/^ci\/out\.sarif:4:\d+: invalid JSON/);
  });

  it('names the path and line of a shape problem', () => {
    const text = log([{ tool: { driver: { name: 'CodeQL' } } }, { tool: { driver: {} } }]);
    const err = parseError(text);
    expect(err.message).toMatch(/runs\[1\]\.tool\.driver\.name: missing, expected string/);
    expect(err.position.line).toBe(lineOf(text, '"driver": {}'));
  });

  it('rejects another SARIF version at its line', () => {
    const err = parseError('{\n  "runs": [],\n  "version": "2.0.0"\n}');
    expect(err.position.line).toBe(3);
    expect(err.message).toMatch(/version/);
  });

  it('fails the whole import on one result it cannot map, naming that result', () => {
    const text = log([
      {
        tool: { driver: { name: 'CodeQL' } },
        results: [
          {
            ruleId: 'js/a',
            message: { text: 'ok' },
            locations: [{ physicalLocation: { artifactLocation: { uri: 'a.js' } } }],
          },
          { ruleId: 'js/b', message: { text: 'no location' } },
        ],
      },
    ]);
    const err = parseError(text);
    expect(err.message).toMatch(
      /runs\[0\]\.results\[1\] cannot be imported: has no physical location/,
    );
    const lines = text.split('\n');
    const second = lines.findIndex((l, i) => i > 0 && l.includes('"ruleId": "js/b"'));
    expect(err.position.line).toBe(second); // the line of the result's opening brace
  });
});

describe('sarif importer: detect', () => {
  it('claims its samples and no other format sample', () => {
    for (const sample of allSampleReports()) {
      expect(importer.detect(sample.text, sample.json), `${sample.format}/${sample.name}`).toBe(
        sample.format === 'sarif',
      );
    }
  });

  it('never throws', () => assertDetectNeverThrows(importer));
});

describe('sarif importer: properties', () => {
  it('throws nothing but ParseError on arbitrary input', () => assertOnlyParseErrors(importer));

  it('throws nothing but ParseError on logs with arbitrary results', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { maxLength: 4 }), (results) => {
        try {
          parse(log([{ tool: { driver: { name: 'CodeQL' } }, results }]));
        } catch (err) {
          expect((err as Error).name).toBe('ParseError');
        }
      }),
    );
  });

  const segment = fc.stringMatching(/^[a-z][a-z0-9_-]{0,8}$/);
  const result = fc.record({
    ruleId: segment,
    level: fc.constantFrom('error', 'warning', 'note', 'none'),
    message: fc.record({ text: fc.string({ minLength: 1 }) }),
    locations: fc.tuple(
      fc.record({
        physicalLocation: fc.record({
          artifactLocation: fc.record({
            uri: fc.array(segment, { minLength: 1, maxLength: 3 }).map((p) => p.join('/')),
          }),
          region: fc.record({ startLine: fc.integer({ min: 1, max: 5000 }) }),
        }),
      }),
    ),
  });
  const run = fc.record({
    tool: fc.record({
      driver: fc.record({
        name: fc.constantFrom('CodeQL', 'Semgrep OSS', 'gitleaks', 'Trivy', 'Checkov', 'tool x'),
      }),
    }),
    results: fc.array(result, { maxLength: 6 }),
  });

  it('imports one valid draft per result of any valid log', () => {
    fc.assert(
      fc.property(fc.array(run, { maxLength: 4 }), (runs) => {
        const drafts = parse(log(runs));
        expect(drafts).toHaveLength(runs.reduce((n, r) => n + r.results.length, 0));
        for (const draft of drafts) FindingDraftSchema.parse(draft);
      }),
    );
  });
});
