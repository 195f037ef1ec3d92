import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildScanReport,
  defaultConfig,
  type Finding,
  redactSecret,
  runScan,
  type ScanReport,
  ScanReportSchema,
  secretInfo,
} from '@rampart/core';
import { XMLValidator } from 'fast-xml-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { REPORTERS } from './index.js';
import { finding, reportOf } from './test-findings.js';

const base: Pick<Finding, 'scanner' | 'tool' | 'confidence' | 'references' | 'tags'> = {
  scanner: 'sast',
  tool: { name: 'rampart', version: 'test' },
  confidence: 'high',
  references: ['https://example.com/ref'],
  tags: [],
};

/** One finding of each location kind, with the optional fields filled in. */
const drafts: Omit<Finding, 'fingerprint'>[] = [
  {
    ...base,
    ruleId: 'js.eval',
    title: 'Eval of input',
    message: 'eval() of request input',
    severity: 'critical',
    cwe: ['CWE-95'],
    owasp: 'A03:2021',
    remediation: 'Do not eval input.',
    location: {
      kind: 'code',
      path: 'src/app.js',
      region: { startLine: 4, startColumn: 3, endLine: 4, endColumn: 20 },
      snippet: 'eval(req.query.x)',
    },
  },
  {
    ...base,
    scanner: 'sca',
    ruleId: 'GHSA-xxxx',
    title: 'Prototype pollution in lodash',
    message: 'lodash 4.17.15 is vulnerable',
    severity: 'high',
    cwe: ['CWE-1321'],
    cvss: { version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', score: 9.8 },
    location: {
      kind: 'package',
      purl: 'pkg:npm/lodash@4.17.15',
      ecosystem: 'npm',
      name: 'lodash',
      version: '4.17.15',
      manifestPath: 'package-lock.json',
      line: 120,
      fixedVersions: ['4.17.21'],
    },
  },
  {
    ...base,
    scanner: 'dast',
    ruleId: 'dast.missing-csp',
    title: 'Missing Content-Security-Policy',
    message: 'No CSP header',
    severity: 'low',
    cwe: ['CWE-693'],
    location: {
      kind: 'url',
      method: 'GET',
      url: 'http://127.0.0.1:3000/',
      evidence: { response: 'HTTP/1.1 200 OK' },
    },
  },
];

async function sampleReport(withFindings: boolean): Promise<ScanReport> {
  const result = await runScan({
    target: { root: '/r', files: [], skipped: [], git: undefined, readText: async () => '' },
    scanners: [
      {
        kind: 'sast',
        description: 'sample',
        async *scan() {
          if (withFindings) yield* drafts;
        },
      },
    ],
    config: defaultConfig('/r'),
    logger: { debug() {}, info() {}, warn() {}, error() {} },
    cacheDir: '/tmp',
  });
  return buildScanReport(result, { toolVersion: '1.2.3', target: '.', stage: 'dev' });
}

/** How each format's output is checked to be well formed; every registered format needs one. */
const WELL_FORMED: Readonly<Record<string, (out: string) => void>> = {
  text: () => {},
  json: (out) => JSON.parse(out),
  sarif: (out) => JSON.parse(out),
  junit: (out) => expect(XMLValidator.validate(out)).toBe(true),
  markdown: (out) => expect(out).toMatch(/^## /),
  html: (out) => {
    expect(out).toMatch(/^<!doctype html>\n/);
    expect(out).toMatch(/<\/html>\n$/);
  },
};

// One conformance suite for every registered reporter.
describe.each(REPORTERS.map((r) => [r.format, r] as const))('reporter %s', (_format, reporter) => {
  it('renders an empty report', async () => {
    const out = reporter.render(await sampleReport(false), { color: false });
    expect(out.length).toBeGreaterThan(0);
    expect(out.endsWith('\n')).toBe(true);
  });

  it('renders every location kind and names every finding', async () => {
    const report = await sampleReport(true);
    const out = reporter.render(report, { color: false });
    for (const f of report.findings) expect(out).toContain(f.ruleId);
    expect(out).toContain('src/app.js');
    expect(out).toContain('lodash');
  });

  it('writes no ANSI escapes without colour, and well-formed output', async () => {
    const out = reporter.render(await sampleReport(true), { color: false });
    expect(out).not.toContain('\x1b[');
    const check = WELL_FORMED[reporter.format];
    expect(check, `a well-formedness check for ${reporter.format}`).toBeDefined();
    check?.(out);
    check?.(reporter.render(await sampleReport(false), { color: false }));
  });

  it('renders the same report to the same bytes', async () => {
    const report = await sampleReport(true);
    const ctx = { color: false, trainingUrl: 'https://hub.example.com/training/{cwe}' };
    expect(reporter.render(report, ctx)).toBe(reporter.render(structuredClone(report), ctx));
  });

  it('never shows a secret from the scanned file, even next to another finding', () => {
    const token = ['ghp', 'Zq8'.repeat(12)].join('_');
    const root = mkdtempSync(join(tmpdir(), 'rampart-reporters-'));
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    writeFileSync(
      join(root, 'deploy.js'),
      `const a = 1;\nrun(VULN);\nconst token = '${token}';\nconst b = 2;\n`,
    );
    const report = reportOf([
      finding({
        location: {
          kind: 'code',
          path: 'deploy.js',
          region: { startLine: 2, startColumn: 1, endLine: 2, endColumn: 10 },
          snippet: 'run(VULN);',
        },
      }),
      finding({
        scanner: 'secrets',
        ruleId: 'secrets/github-classic-pat',
        title: 'GitHub token',
        message: `GitHub token (${redactSecret(token)})`,
        severity: 'critical',
        cwe: ['CWE-798'],
        secret: secretInfo(token),
        location: {
          kind: 'code',
          path: 'deploy.js',
          region: { startLine: 3, startColumn: 16, endLine: 3, endColumn: 56 },
          snippet: `const token = '${redactSecret(token)}';`,
        },
      }),
    ]);
    const out = reporter.render(report, { color: false, rootDir: root });
    expect(out).toContain('deploy.js');
    expect(out).not.toContain(token);
    expect(out).not.toContain(token.slice(4, 20));
  });
});

const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const cleanup of cleanups) cleanup();
});

describe('json reporter', () => {
  it('writes exactly the documented report', async () => {
    const report = await sampleReport(true);
    const json = REPORTERS.find((r) => r.format === 'json');
    expect(
      ScanReportSchema.parse(JSON.parse(json?.render(report, { color: false }) ?? '')),
    ).toEqual(report);
  });
});

describe('text reporter', () => {
  it('shows package fix versions, CWE names and the gate line', async () => {
    const text =
      REPORTERS.find((r) => r.format === 'text')?.render(await sampleReport(true), {
        color: false,
      }) ?? '';
    expect(text).toContain('fixed in: 4.17.21');
    expect(text).toContain(
      'CWE-1321 Improperly Controlled Modification of Object Prototype Attributes',
    );
    expect(text).toContain('OWASP A03:2021 Injection');
    expect(text).toMatch(/✖ gate failed: 2 findings at or above high \(1 critical, 1 high\)\n$/);
  });

  it('uses colour when asked', async () => {
    const text =
      REPORTERS.find((r) => r.format === 'text')?.render(await sampleReport(true), {
        color: true,
      }) ?? '';
    expect(text).toContain('\x1b[');
  });
});
