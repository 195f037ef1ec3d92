import { describe, expect, it } from 'vitest';
import { isRampartError } from '../errors.js';
import { FindingSchema } from '../finding/finding.js';
import { codeFingerprint, FINGERPRINT_KEY } from '../finding/fingerprint.js';
import { fromSarif } from './sarif-reader.js';
import { realisticFindings } from './sarif-test-support.js';
import { toSarif } from './sarif-writer.js';

const codeqlLog = {
  $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
  version: '2.1.0',
  runs: [
    {
      tool: {
        driver: { name: 'CodeQL', semanticVersion: '2.17.0', rules: [] },
        extensions: [
          {
            name: 'codeql/javascript-queries',
            semanticVersion: '0.9.0',
            rules: [
              {
                id: 'js/sql-injection',
                name: 'js/sql-injection',
                shortDescription: { text: 'Database query built from user-controlled sources' },
                fullDescription: {
                  text: 'Building a database query from user-controlled sources…',
                },
                defaultConfiguration: { level: 'error' },
                help: { text: '# Database query…', markdown: '# Database query built from…' },
                properties: {
                  tags: ['security', 'external/cwe/cwe-089', 'external/cwe/cwe-090'],
                  precision: 'high',
                  'security-severity': '8.8',
                  'problem.severity': 'error',
                },
              },
              {
                id: 'js/reflected-xss',
                name: 'js/reflected-xss',
                shortDescription: { text: 'Reflected cross-site scripting' },
                defaultConfiguration: { level: 'error' },
                properties: {
                  tags: ['security', 'external/cwe/cwe-079', 'external/cwe/cwe-116'],
                  precision: 'high',
                  'security-severity': '6.1',
                },
              },
            ],
          },
        ],
      },
      originalUriBaseIds: { '%SRCROOT%': { uri: 'file:///home/runner/work/app/app/' } },
      results: [
        {
          ruleId: 'js/sql-injection',
          rule: { id: 'js/sql-injection', index: 0, toolComponent: { index: 0 } },
          message: { text: 'This query string depends on a [user-provided value](1).' },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: 'src/db.js', uriBaseId: '%SRCROOT%', index: 0 },
                region: { startLine: 14, startColumn: 20, endColumn: 45 },
              },
            },
          ],
          partialFingerprints: {
            primaryLocationLineHash: '4c2f7e1b9a0d3c55:1',
            primaryLocationStartColumnFingerprint: '15',
          },
        },
        {
          ruleId: 'js/reflected-xss',
          rule: { id: 'js/reflected-xss', index: 1, toolComponent: { index: 0 } },
          message: { text: 'Cross-site scripting vulnerability due to a user-provided value.' },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: 'file:///home/runner/work/app/app/src/view%20s/page.js' },
                region: { startLine: 3, startColumn: 7, endLine: 3, endColumn: 30 },
              },
            },
          ],
          partialFingerprints: { primaryLocationLineHash: 'aa01bb02cc03dd04:1' },
        },
      ],
    },
  ],
};

const semgrepRule = (id: string, level: string | undefined, tags: string[]) => ({
  id,
  name: id,
  shortDescription: { text: `Semgrep Finding: ${id}` },
  ...(level === undefined ? {} : { defaultConfiguration: { level } }),
  helpUri: `https://semgrep.dev/r/${id}`,
  properties: { precision: 'very-high', tags },
});

const semgrepLog = {
  version: '2.1.0',
  runs: [
    {
      tool: {
        driver: {
          name: 'Semgrep OSS',
          semanticVersion: '1.70.0',
          rules: [
            semgrepRule('python.django.security.injection.sql.sql-injection-using-raw', 'error', [
              "CWE-89: Improper Neutralization of Special Elements used in an SQL Command ('SQL Injection')",
              'HIGH CONFIDENCE',
              'OWASP-A01:2017 - Injection',
              'OWASP-A03:2021 - Injection',
              'security',
            ]),
            semgrepRule('generic.secrets.security.detected-generic-secret', 'warning', [
              'CWE-798: Use of Hard-coded Credentials',
              'security',
            ]),
            semgrepRule('yaml.docker-compose.security.no-new-privileges', 'note', []),
            semgrepRule('python.lang.best-practice.pass-body', undefined, []),
          ],
        },
      },
      results: [
        {
          ruleId: 'python.django.security.injection.sql.sql-injection-using-raw',
          level: 'error',
          message: { text: 'Detected user input in a raw SQL query.' },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: 'app/views.py', uriBaseId: '%SRCROOT%' },
                region: {
                  startLine: 10,
                  startColumn: 5,
                  endLine: 10,
                  endColumn: 60,
                  snippet: { text: 'User.objects.raw(f"SELECT * FROM user WHERE id={uid}")' },
                },
              },
            },
          ],
          fingerprints: { 'matchBasedId/v1': '0f3d…e1' },
        },
        {
          ruleId: 'generic.secrets.security.detected-generic-secret',
          level: 'warning',
          message: { text: 'Generic secret detected.' },
          locations: [{ physicalLocation: { artifactLocation: { uri: './settings.py' } } }],
        },
        {
          ruleId: 'yaml.docker-compose.security.no-new-privileges',
          level: 'note',
          message: { text: 'Service allows privilege escalation.' },
          locations: [{ physicalLocation: { artifactLocation: { uri: 'docker-compose.yml' } } }],
        },
        {
          ruleId: 'yaml.docker-compose.security.no-new-privileges',
          level: 'none',
          message: { text: 'Service allows privilege escalation.' },
          locations: [{ physicalLocation: { artifactLocation: { uri: 'docker-compose.yml' } } }],
        },
        {
          ruleId: 'python.lang.best-practice.pass-body',
          message: { text: 'Empty body.' },
          locations: [{ physicalLocation: { artifactLocation: { uri: 'app/util.py' } } }],
        },
      ],
    },
  ],
};

function code(finding: { location: { kind: string } } | undefined): {
  path: string;
  region: object;
  snippet?: string;
} {
  if (finding?.location.kind !== 'code') throw new Error('expected a code location');
  return finding.location as unknown as { path: string; region: object; snippet?: string };
}

function thrown(attempt: () => unknown): unknown {
  try {
    attempt();
  } catch (err) {
    return err;
  }
  return undefined;
}

describe('fromSarif on other tools', () => {
  it('maps CodeQL results: rules in extensions, security-severity, CWE tags, precision', () => {
    const { findings, errors } = fromSarif(codeqlLog, { sourceName: 'codeql.sarif' });
    expect(errors).toEqual([]);
    expect(findings).toHaveLength(2);
    const [sql, xss] = findings;
    expect(sql).toMatchObject({
      ruleId: 'js/sql-injection',
      scanner: 'sast',
      tool: { name: 'CodeQL', version: '2.17.0' },
      title: 'Database query built from user-controlled sources',
      message: 'This query string depends on a [user-provided value](1).',
      severity: 'high',
      confidence: 'high',
      cwe: ['CWE-89', 'CWE-90'],
      tags: ['security'],
      remediation: '# Database query built from…',
      references: [],
      location: {
        kind: 'code',
        path: 'src/db.js',
        region: { startLine: 14, startColumn: 20, endLine: 14, endColumn: 45 },
      },
    });
    expect(xss).toMatchObject({ severity: 'medium', cwe: ['CWE-79', 'CWE-116'] });
    // An absolute file URI under %SRCROOT% becomes a path relative to it, decoded.
    expect(code(xss).path).toBe('src/view s/page.js');
    expect(sql?.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(sql?.fingerprint).not.toBe(xss?.fingerprint);
  });

  it('derives the same fingerprint from the same CodeQL results on every read', () => {
    const first = fromSarif(codeqlLog).findings.map((f) => f.fingerprint);
    const again = fromSarif(structuredClone(codeqlLog)).findings.map((f) => f.fingerprint);
    expect(again).toEqual(first);
  });

  it('maps Semgrep results by level when there is no security-severity', () => {
    const { findings, errors } = fromSarif(semgrepLog, { sourceName: 'semgrep.sarif' });
    expect(errors).toEqual([]);
    expect(findings.map((f) => f.severity)).toEqual(['high', 'medium', 'low', 'info', 'medium']);
    expect(findings[0]).toMatchObject({
      title: 'Semgrep Finding: python.django.security.injection.sql.sql-injection-using-raw',
      confidence: 'high',
      cwe: ['CWE-89'],
      owasp: 'A03:2021',
      tags: [
        'HIGH CONFIDENCE',
        'OWASP-A01:2017 - Injection',
        'OWASP-A03:2021 - Injection',
        'security',
      ],
      references: [
        'https://semgrep.dev/r/python.django.security.injection.sql.sql-injection-using-raw',
      ],
    });
    expect(code(findings[0]).snippet).toBe(
      'User.objects.raw(f"SELECT * FROM user WHERE id={uid}")',
    );
    expect(findings[1]?.cwe).toEqual(['CWE-798']);
    expect(findings[2]?.cwe).toEqual([]);
  });

  it('reads a missing region as line 1 column 1 and drops a leading ./', () => {
    const { findings } = fromSarif(semgrepLog);
    expect(code(findings[1])).toEqual({
      kind: 'code',
      path: 'settings.py',
      region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 },
    });
  });

  it('computes code fingerprints that tell identical matches apart when the tool gives none', () => {
    const { findings } = fromSarif(semgrepLog);
    const rule = 'yaml.docker-compose.security.no-new-privileges';
    expect(findings[2]?.fingerprint).toBe(codeFingerprint(rule, 'docker-compose.yml', '', 0));
    expect(findings[3]?.fingerprint).toBe(codeFingerprint(rule, 'docker-compose.yml', '', 1));
  });

  it('returns findings that all pass the Finding schema', () => {
    for (const log of [codeqlLog, semgrepLog]) {
      for (const finding of fromSarif(log).findings) {
        expect(FindingSchema.safeParse(finding).success).toBe(true);
      }
    }
  });

  it('takes the scanner kind from the options', () => {
    const { findings } = fromSarif(semgrepLog, { scannerKind: 'secrets' });
    expect(new Set(findings.map((f) => f.scanner))).toEqual(new Set(['secrets']));
  });

  it('keeps our fingerprint when another tool passes it through', () => {
    const log = {
      version: '2.1.0',
      runs: [
        {
          tool: { driver: { name: 'uploader' } },
          results: [
            {
              ruleId: 'r',
              message: { text: 'm' },
              locations: [{ physicalLocation: { artifactLocation: { uri: 'a.ts' } } }],
              partialFingerprints: { [FINGERPRINT_KEY]: 'abc123', other: 'x' },
            },
          ],
        },
      ],
    };
    expect(fromSarif(log).findings[0]?.fingerprint).toBe('abc123');
  });

  it('reads gitleaks-style results: absolute file URIs under the given root, shared fingerprints kept apart', () => {
    const result = (line: number) => ({
      ruleId: 'aws-access-token',
      message: { text: 'aws-access-token has detected secret for file config/.env.' },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'file:///repo/config/.env' },
            region: { startLine: line, startColumn: 1, endLine: line, endColumn: 40 },
          },
        },
      ],
      partialFingerprints: { commitSha: 'c0ffee', email: 'dev@example.com', author: '', date: '' },
    });
    const log = {
      version: '2.1.0',
      runs: [
        {
          tool: { driver: { name: 'gitleaks', version: 'v8.18.2' } },
          results: [result(2), result(5)],
        },
      ],
    };
    const { findings, errors } = fromSarif(log, { rootUri: '/repo', scannerKind: 'secrets' });
    expect(errors).toEqual([]);
    expect(findings.map((f) => code(f).path)).toEqual(['config/.env', 'config/.env']);
    expect(findings[0]?.tool).toEqual({ name: 'gitleaks', version: 'v8.18.2' });
    expect(findings[0]?.severity).toBe('medium');
    expect(findings[0]?.fingerprint).not.toBe(findings[1]?.fingerprint);
  });

  it('reads a relative base id and a DAST URL artifact', () => {
    const log = {
      version: '2.1.0',
      runs: [
        {
          tool: { driver: { name: 'ZAP', version: '2.14.0' } },
          originalUriBaseIds: { WEBROOT: { uri: 'frontend/' } },
          results: [
            {
              ruleId: '10038',
              level: 'warning',
              message: { text: 'CSP header not set' },
              locations: [
                {
                  physicalLocation: { artifactLocation: { uri: 'https://app.example.com/login' } },
                },
              ],
              webRequest: { method: 'post' },
            },
            {
              ruleId: 'x',
              message: { text: 'y' },
              locations: [
                {
                  physicalLocation: { artifactLocation: { uri: 'src/a.ts', uriBaseId: 'WEBROOT' } },
                },
              ],
            },
          ],
        },
      ],
    };
    const { findings, errors } = fromSarif(log, { scannerKind: 'dast' });
    expect(errors).toEqual([]);
    expect(findings[0]?.location).toEqual({
      kind: 'url',
      method: 'POST',
      url: 'https://app.example.com/login',
    });
    expect(code(findings[1]).path).toBe('frontend/src/a.ts');
  });

  it('builds the message from the rule message strings when the result has only an id', () => {
    const log = {
      version: '2.1.0',
      runs: [
        {
          tool: {
            driver: {
              name: 't',
              rules: [{ id: 'r1', messageStrings: { default: { text: 'Found {0} in {1}.' } } }],
            },
          },
          results: [
            {
              ruleIndex: 0,
              message: { id: 'default', arguments: ['eval', 'main'] },
              locations: [{ physicalLocation: { artifactLocation: { uri: 'a.js' } } }],
            },
          ],
        },
      ],
    };
    const [finding] = fromSarif(log).findings;
    expect(finding).toMatchObject({ ruleId: 'r1', title: 'r1', message: 'Found eval in main.' });
  });

  it('skips results that are not problems: passes and results a baseline marks absent', () => {
    const location = [{ physicalLocation: { artifactLocation: { uri: 'a.js' } } }];
    const log = {
      version: '2.1.0',
      runs: [
        {
          tool: { driver: { name: 't' } },
          results: [
            { ruleId: 'r', kind: 'pass', message: { text: 'ok' }, locations: location },
            {
              ruleId: 'r',
              baselineState: 'absent',
              message: { text: 'gone' },
              locations: location,
            },
            { ruleId: 'r', baselineState: 'new', message: { text: 'new' }, locations: location },
          ],
        },
      ],
    };
    const { findings, errors } = fromSarif(log);
    expect(errors).toEqual([]);
    expect(findings.map((f) => [f.message, f.novelty])).toEqual([['new', 'new']]);
  });
});

describe('fromSarif on malformed input', () => {
  const cases: readonly [string, unknown, RegExp][] = [
    [
      'a string',
      'not sarif',
      /scan\.sarif: is not a SARIF log: expected a JSON object, got a string/,
    ],
    ['an array', [], /scan\.sarif: is not a SARIF log: expected a JSON object, got an array/],
    ['null', null, /got null/],
    ['a log without version', { runs: [] }, /scan\.sarif: is not a SARIF log: it has no "version"/],
    ['a wrong version', { version: '2.0.0', runs: [] }, /SARIF version "2\.0\.0"; only 2\.1\.0/],
    [
      'runs that are not an array',
      { version: '2.1.0', runs: {} },
      /"runs" must be an array, got an object/,
    ],
    [
      'a run without a tool',
      { version: '2.1.0', runs: [{ results: [] }] },
      /run 0 has no "tool\.driver\.name"/,
    ],
    [
      'results that are not an array',
      { version: '2.1.0', runs: [{ tool: { driver: { name: 't' } }, results: 'x' }] },
      /run 0: "results" must be an array/,
    ],
  ];
  for (const [what, input, message] of cases) {
    it(`rejects ${what} with RAMPART_SARIF_INVALID naming the source`, () => {
      const error = thrown(() => fromSarif(input, { sourceName: 'scan.sarif' }));
      expect(isRampartError(error) && error.code).toBe('RAMPART_SARIF_INVALID');
      expect((error as Error).message).toMatch(message);
    });
  }

  it('reports each bad result with its index and still returns the others', () => {
    const own = toSarif(realisticFindings().slice(0, 2), { toolVersion: '1.0.0' });
    const [good, other] = own.runs[0]?.results ?? [];
    const tampered = JSON.parse(JSON.stringify(other));
    tampered.properties.rampart.severity = 'urgent';
    const log = {
      version: '2.1.0',
      runs: [
        {
          tool: own.runs[0]?.tool,
          results: [
            good,
            42,
            { message: { text: 'no rule' }, locations: [] },
            { ruleId: 'r', message: { text: 'nowhere' } },
            tampered,
            {
              ruleId: 'r',
              message: { text: 'fine' },
              locations: [{ physicalLocation: { artifactLocation: { uri: 'a' } } }],
            },
          ],
        },
      ],
    };
    const { findings, errors } = fromSarif(log, { sourceName: 'mixed.sarif' });
    expect(findings.map((f) => f.message)).toEqual([realisticFindings()[0]?.message, 'fine']);
    expect(errors.map((e) => [e.run, e.index])).toEqual([
      [0, 1],
      [0, 2],
      [0, 3],
      [0, 4],
    ]);
    expect(errors.map((e) => e.message)).toEqual([
      'mixed.sarif: run 0, result 1: is not an object',
      'mixed.sarif: run 0, result 2: has no ruleId',
      'mixed.sarif: run 0, result 3: has no physical location with a file or URL',
      expect.stringMatching(/^mixed\.sarif: run 0, result 4: is not a valid finding: severity: /),
    ]);
  });
});
