import { FindingDraftSchema, ParseError } from '@rampart/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readFixture } from '../../test-support/sample-reports.js';
import { osvScannerImporter as importer } from './osv-scanner-importer.js';

const parse = (text: string, file = 'osv.json') => importer.parse(text, { file });

function parseError(text: string, file = 'osv.json'): ParseError {
  try {
    parse(text, file);
  } catch (err) {
    if (err instanceof ParseError) return err;
    throw err;
  }
  throw new Error('expected a ParseError');
}

const record = (id: string, aliases: string[], fixed?: string) => ({
  id,
  aliases,
  affected: [
    {
      package: { ecosystem: 'npm', name: 'lodash' },
      ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, ...(fixed ? [{ fixed }] : [])] }],
    },
  ],
});

const report = (path: string, pkg: Record<string, unknown>) =>
  JSON.stringify({ results: [{ source: { path, type: 'lockfile' }, packages: [pkg] }] }, null, 2);

describe('osv-scanner importer', () => {
  const drafts = parse(readFixture('osv-scanner', 'osv-scanner.json'));

  it('imports one finding per alias group, named by its GHSA', () => {
    expect(drafts.map((d) => d.ruleId)).toEqual([
      'GHSA-29mw-wpgm-hmr9',
      'GHSA-35jh-r3h4-6jhm',
      'GHSA-jh3w-4vvf-mjgr',
      'GHSA-4374-p667-p6c8',
    ]);
  });

  it('makes absolute source paths relative to the folder the sources share', () => {
    expect(drafts.map((d) => d.location.kind === 'package' && d.location.manifestPath)).toEqual([
      'package-lock.json',
      'package-lock.json',
      'services/api/poetry.lock',
      'tools/go.mod',
    ]);
  });

  it("maps a group's records to one draft: aliases, CVSS, CWEs, fixes of this package", () => {
    expect(drafts[1]).toEqual({
      ruleId: 'GHSA-35jh-r3h4-6jhm',
      scanner: 'sca',
      tool: { name: 'osv-scanner', version: '' },
      title: 'Command Injection in lodash',
      message:
        'lodash@4.17.20 is affected by GHSA-35jh-r3h4-6jhm (also CVE-2021-23337). Fixed in 4.17.21.',
      severity: 'high',
      confidence: 'high',
      cwe: ['CWE-77', 'CWE-94'],
      location: {
        kind: 'package',
        purl: 'pkg:npm/lodash@4.17.20',
        ecosystem: 'npm',
        name: 'lodash',
        version: '4.17.20',
        manifestPath: 'package-lock.json',
        fixedVersions: ['4.17.21'],
      },
      remediation:
        'Upgrade lodash from 4.17.20 to 4.17.21 (the smallest version that fixes GHSA-35jh-r3h4-6jhm) in package-lock.json.',
      references: [
        'https://osv.dev/vulnerability/GHSA-35jh-r3h4-6jhm',
        'https://nvd.nist.gov/vuln/detail/CVE-2021-23337',
        'https://github.com/lodash/lodash/commit/3469357cff396a26c363f8c1b5a91dde28ba4b1c',
        'https://github.com/lodash/lodash',
        'https://snyk.io/vuln/SNYK-JS-LODASH-1040724',
      ],
      tags: ['dependency', 'npm'],
      cvss: { version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H', score: 7.2 },
      properties: {
        advisory: 'GHSA-35jh-r3h4-6jhm',
        aliases: ['CVE-2021-23337'],
        fixedIn: '4.17.21',
        severitySource: 'cvss',
        published: '2021-05-06T16:05:51Z',
      },
    });
  });

  it('merges a PyPI and a Go group, picking the fix above the installed version', () => {
    expect(drafts[2]).toMatchObject({
      properties: { aliases: ['CVE-2023-36053', 'PYSEC-2023-100'], fixedIn: '4.2.3' },
      location: { ecosystem: 'PyPI', name: 'django', fixedVersions: ['3.2.20', '4.1.10', '4.2.3'] },
    });
    expect(drafts[3]).toMatchObject({
      title: 'HTTP/2 rapid reset can cause excessive work in net/http',
      properties: { aliases: ['CVE-2023-39325', 'GO-2023-2102'] },
      location: {
        ecosystem: 'Go',
        name: 'golang.org/x/net',
        purl: 'pkg:golang/golang.org/x/net@0.15.0',
      },
    });
  });

  it('without groups (old versions) merges nothing and reads `packageSource`', () => {
    const text = JSON.stringify({
      results: [
        {
          packageSource: { path: 'web/package-lock.json', type: 'lockfile' },
          packages: [
            {
              package: { name: 'lodash', version: '4.17.20', ecosystem: 'npm' },
              vulnerabilities: [record('GHSA-35jh-r3h4-6jhm', ['CVE-2021-23337'], '4.17.21')],
            },
          ],
        },
      ],
    });
    expect(parse(text)).toMatchObject([
      { ruleId: 'GHSA-35jh-r3h4-6jhm', location: { manifestPath: 'web/package-lock.json' } },
    ]);
  });

  it('marks dev dependencies, falls back to the max severity score, ignores fixes of other packages', () => {
    const other = {
      ...record('GHSA-29mw-wpgm-hmr9', []),
      affected: [
        {
          package: { ecosystem: 'npm', name: 'lodash-es' },
          ranges: [{ type: 'SEMVER', events: [{ fixed: '9.9.9' }] }],
        },
      ],
    };
    const [draft] = parse(
      report('/ci/package-lock.json', {
        package: { name: 'lodash', version: '4.17.20', ecosystem: 'npm' },
        dependency_groups: ['dev'],
        vulnerabilities: [other],
        groups: [{ ids: ['GHSA-29mw-wpgm-hmr9'], aliases: [], max_severity: '5.3' }],
      }),
    );
    expect(draft).toMatchObject({
      severity: 'medium',
      properties: { severitySource: 'score' },
      location: { dev: true, fixedVersions: [], manifestPath: 'package-lock.json' },
    });
  });

  it('keeps an ecosystem Rampart does not know as osv-scanner spells it', () => {
    const [draft] = parse(
      report('/img/var/lib/dpkg/status', {
        package: { name: 'openssl', version: '3.0.11-1~deb12u1', ecosystem: 'Debian:12' },
        vulnerabilities: [{ id: 'DSA-5532-1', aliases: ['CVE-2023-5363'] }],
        groups: [{ ids: ['DSA-5532-1'], aliases: ['CVE-2023-5363', 'DSA-5532-1'] }],
      }),
    );
    expect(draft).toMatchObject({
      ruleId: 'DSA-5532-1',
      severity: 'medium',
      tags: ['dependency', 'Debian:12', 'severity-unknown'],
      location: {
        ecosystem: 'Debian:12',
        purl: 'pkg:generic/openssl@3.0.11-1~deb12u1',
        manifestPath: 'status',
      },
    });
  });
});

describe('osv-scanner importer: broken input', () => {
  it('names the line of a JSON syntax error', () => {
    expect(parseError('{\n  "results": [\n    }\n').position.line).toBe(3);
  });

  it('names the path and line of a wrong shape', () => {
    const text = report('/ci/package-lock.json', {
      package: { name: 'lodash', version: '4.17.20' },
      vulnerabilities: [],
    });
    const err = parseError(text);
    expect(err.message).toContain('results[0].packages[0].package.ecosystem');
    expect(err.message).toMatch(/missing/);
    expect(err.position.line).toBe(
      text.split('\n').findIndex((l) => l.includes('"package": {')) + 1,
    );
  });

  it('requires the source of each result', () => {
    const err = parseError(JSON.stringify({ results: [{ packages: [] }] }, null, 2));
    expect(err.message).toContain('results[0].source');
  });
});

describe('osv-scanner importer: property', () => {
  const ghsa = fc.stringMatching(/^GHSA(-[23456789cfghjmpqrvwx]{4}){3}$/);
  const cve = fc.stringMatching(/^CVE-20\d\d-\d{4,5}$/);
  const group = fc.record({
    ghsa: fc.option(ghsa, { nil: undefined }),
    other: fc.oneof(cve, fc.stringMatching(/^(GO|PYSEC)-20\d\d-\d{1,4}$/)),
  });

  it("names every group by Rampart's rule: its GHSA, else the database id, else the CVE", () => {
    fc.assert(
      fc.property(fc.uniqueArray(group, { maxLength: 5, selector: (g) => g.other }), (groups) => {
        const vulnerabilities = groups.map((g) =>
          record(g.ghsa ?? g.other, g.ghsa ? [g.other] : [], '4.17.21'),
        );
        const drafts = parse(
          report('/ci/package-lock.json', {
            package: { name: 'lodash', version: '4.17.20', ecosystem: 'npm' },
            vulnerabilities,
            groups: vulnerabilities.map((v) => ({ ids: [v.id], aliases: v.aliases })),
          }),
        );
        expect(drafts).toHaveLength(groups.length);
        for (const [i, draft] of drafts.entries()) {
          expect(() => FindingDraftSchema.parse(draft)).not.toThrow();
          expect(draft.ruleId).toBe(groups[i]?.ghsa ?? groups[i]?.other);
        }
      }),
      { numRuns: 150 },
    );
  });
});
