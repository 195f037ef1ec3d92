import { FindingDraftSchema, ParseError } from '@rampart/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readFixture } from '../../test-support/sample-reports.js';
import { snykImporter as importer } from './snyk-importer.js';

const parse = (text: string, file = 'snyk.json') => importer.parse(text, { file });

function parseError(text: string, file = 'snyk.json'): ParseError {
  try {
    parse(text, file);
  } catch (err) {
    if (err instanceof ParseError) return err;
    throw err;
  }
  throw new Error('expected a ParseError');
}

const vuln = (fields: Record<string, unknown>) => ({
  id: 'SNYK-JS-LODASH-1040724',
  title: 'Command Injection',
  severity: 'high',
  packageName: 'lodash',
  version: '4.17.20',
  from: ['app@1.0.0', 'lodash@4.17.20'],
  identifiers: { CVE: ['CVE-2021-23337'], CWE: ['CWE-78'], GHSA: ['GHSA-35jh-r3h4-6jhm'] },
  fixedIn: ['4.17.21'],
  ...fields,
});

const project = (vulnerabilities: unknown[], fields: Record<string, unknown> = {}) => ({
  ok: false,
  packageManager: 'npm',
  displayTargetFile: 'package-lock.json',
  path: '/ci/app',
  vulnerabilities,
  ...fields,
});

describe('snyk importer', () => {
  const drafts = parse(readFixture('snyk', 'snyk-all-projects.json'));

  it('imports every project of --all-projects, skipping licence issues', () => {
    expect(drafts.map((d) => d.ruleId)).toEqual([
      'GHSA-35jh-r3h4-6jhm',
      'CVE-2022-24999',
      'GHSA-jfh8-c2jp-5v3q',
    ]);
  });

  it('uses the public id, never the SNYK- one, and keeps that in properties', () => {
    expect(drafts[0]).toEqual({
      ruleId: 'GHSA-35jh-r3h4-6jhm',
      scanner: 'sca',
      tool: { name: 'snyk', version: '' },
      title: 'Command Injection',
      message:
        'lodash@4.17.20 (a direct dependency) is affected by GHSA-35jh-r3h4-6jhm (also CVE-2021-23337). Fixed in 4.17.21.',
      severity: 'high',
      confidence: 'high',
      cwe: ['CWE-78'],
      location: {
        kind: 'package',
        purl: 'pkg:npm/lodash@4.17.20',
        ecosystem: 'npm',
        name: 'lodash',
        version: '4.17.20',
        manifestPath: 'package-lock.json',
        fixedVersions: ['4.17.21'],
        dependencyPath: ['lodash@4.17.20'],
        direct: true,
      },
      remediation:
        'Upgrade lodash from 4.17.20 to 4.17.21 (the smallest version that fixes GHSA-35jh-r3h4-6jhm) in package-lock.json.',
      references: [
        'https://security.snyk.io/vuln/SNYK-JS-LODASH-1040724',
        'https://github.com/lodash/lodash/commit/3469357cff396a26c363f8c1b5a91dde28ba4b1c',
        'https://github.com/lodash/lodash/blob/ddfd9b11a0126db2302cb70ec9973b66baec0975/lodash.js%23L14851',
      ],
      tags: ['dependency', 'npm', 'direct'],
      cvss: {
        version: '3.1',
        vector: 'CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H/E:P/RL:U/RC:C',
        score: 7.2,
      },
      properties: {
        advisory: 'GHSA-35jh-r3h4-6jhm',
        aliases: ['CVE-2021-23337'],
        fixedIn: '4.17.21',
        severitySource: 'tool',
        snykId: 'SNYK-JS-LODASH-1040724',
        published: '2021-02-15T11:50:49Z',
      },
    });
  });

  it('merges the paths of one vulnerability, keeps the shortest, and names Snyk’s upgrade', () => {
    expect(drafts[1]).toMatchObject({
      location: {
        name: 'qs',
        dependencyPath: ['express@4.17.1', 'qs@6.7.0'],
        direct: false,
        fixedVersions: [
          '6.2.4',
          '6.3.3',
          '6.4.1',
          '6.5.3',
          '6.6.1',
          '6.7.3',
          '6.8.3',
          '6.9.7',
          '6.10.3',
        ],
      },
      properties: { fixedIn: '6.7.3', paths: 2 },
    });
    expect(drafts[1]?.remediation).toBe(
      "qs comes in through express@4.17.1. Upgrade express (now 4.17.1) to a release that depends on qs 6.7.3 or later, or force qs to 6.7.3 with your package manager's override (npm overrides, yarn resolutions, pip constraints…). Snyk's upgrade path: upgrade express@4.17.3 in package-lock.json.",
    );
  });

  it('puts a Maven project in its own manifest and ecosystem', () => {
    expect(drafts[2]).toMatchObject({
      severity: 'critical',
      location: {
        ecosystem: 'Maven',
        name: 'org.apache.logging.log4j:log4j-core',
        manifestPath: 'services/billing/pom.xml',
        purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
      },
    });
  });

  it('reads a single project, an absolute target file, and Snyk-only ids', () => {
    const text = JSON.stringify(
      project(
        [
          vuln({
            id: 'SNYK-JS-AXIOS-6032459',
            identifiers: { CVE: [], CWE: [] },
            packageName: 'axios',
            version: '1.5.1',
          }),
        ],
        { displayTargetFile: '/ci/app/web/yarn.lock', packageManager: 'yarn' },
      ),
    );
    expect(parse(text)[0]).toMatchObject({
      ruleId: 'SNYK-JS-AXIOS-6032459',
      location: { ecosystem: 'npm', manifestPath: 'web/yarn.lock' },
    });
  });
});

describe('snyk importer: broken input', () => {
  it('names the path and line of a wrong shape', () => {
    const text = JSON.stringify([project([vuln({})]), project([vuln({ version: null })])], null, 2);
    const err = parseError(text);
    expect(err.message).toContain('[1].vulnerabilities[0].version');
    expect(err.position.line).toBe(
      text.split('\n').findIndex((l) => l.includes('"version": null')) + 1,
    );
  });

  it("reports Snyk's own error instead of an empty import", () => {
    const text = JSON.stringify({
      ok: false,
      error: 'Could not detect supported target files in /ci/app.',
      path: '/ci/app',
    });
    expect(parseError(text).message).toMatch(/snyk failed instead of reporting: Could not detect/);
  });

  it('names the line of a JSON syntax error', () => {
    expect(parseError('{\n  "vulnerabilities": [\n    {"id": }\n  ]\n}').position.line).toBe(3);
  });
});

describe('snyk importer: property', () => {
  const entry = fc.record({
    id: fc.stringMatching(/^SNYK-JS-[A-Z]{3,8}-\d{4,7}$/),
    ghsa: fc.array(fc.stringMatching(/^GHSA(-[23456789cfghjmpqrvwx]{4}){3}$/), { maxLength: 1 }),
    cve: fc.array(fc.stringMatching(/^CVE-20\d\d-\d{4,5}$/), { maxLength: 2 }),
    from: fc.array(fc.stringMatching(/^[a-z]{1,5}@1\.0\.0$/), { minLength: 1, maxLength: 3 }),
  });

  it('never names a finding by its SNYK- id when a public id exists, and merges repeated paths', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 8 }), (entries) => {
        const vulnerabilities = entries.map((e) =>
          vuln({
            id: e.id,
            identifiers: { GHSA: e.ghsa, CVE: e.cve },
            from: ['app@1.0.0', ...e.from, 'lodash@4.17.20'],
          }),
        );
        const drafts = parse(JSON.stringify(project(vulnerabilities)));
        expect(drafts).toHaveLength(new Set(entries.map((e) => e.id)).size);
        for (const draft of drafts) {
          expect(() => FindingDraftSchema.parse(draft)).not.toThrow();
          const e = entries.find((x) => x.id === draft.properties?.snykId);
          const expected = e?.ghsa[0] ?? [...(e?.cve ?? [])].sort()[0] ?? e?.id;
          expect(draft.ruleId).toBe(expected);
        }
      }),
      { numRuns: 150 },
    );
  });
});
