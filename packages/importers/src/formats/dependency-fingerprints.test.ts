import { assignFingerprints, type FindingDraft, packageFingerprint } from '@rampart/core';
import {
  type AdvisorySource,
  buildDependencies,
  matchDependencies,
  parserById,
  parseScaOptions,
  type StoredAdvisory,
  vulnerabilityFinding,
} from '@rampart/sca';
import { describe, expect, it } from 'vitest';
import { dependencyCheckImporter } from './dependency-check/dependency-check-importer.js';
import { npmAuditImporter } from './npm-audit/npm-audit-importer.js';
import { osvScannerImporter } from './osv-scanner/osv-scanner-importer.js';
import { snykImporter } from './snyk/snyk-importer.js';
import { trivyImporter } from './trivy/trivy-importer.js';

// The same dependency vulnerability found by Rampart's own scanner and by another tool must
// be one finding (one fingerprint), or every import would open a duplicate of it.

const PACKAGE_LOCK = JSON.stringify(
  {
    name: 'shop-web',
    version: '1.4.0',
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': { name: 'shop-web', version: '1.4.0', dependencies: { lodash: '^4.17.20' } },
      'node_modules/lodash': {
        version: '4.17.20',
        resolved: 'https://registry.npmjs.org/lodash/-/lodash-4.17.20.tgz',
        license: 'MIT',
      },
    },
  },
  null,
  2,
);

// GitHub's record of the lodash template injection, as the OSV database holds it.
const GHSA: StoredAdvisory = {
  id: 'GHSA-35jh-r3h4-6jhm',
  modified: '2024-10-14T17:53:41Z',
  published: '2021-05-06T16:05:51Z',
  aliases: ['CVE-2021-23337'],
  summary: 'Command Injection in lodash',
  severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H' }],
  databaseSeverity: 'HIGH',
  cwes: ['CWE-77', 'CWE-94'],
  references: ['https://nvd.nist.gov/vuln/detail/CVE-2021-23337'],
};

const database: AdvisorySource = {
  advisoriesFor: (ecosystem, name) =>
    ecosystem === 'npm' && name === 'lodash'
      ? [
          {
            advisory: GHSA,
            affected: {
              package: { ecosystem: 'npm', name: 'lodash' },
              ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '4.17.21' }] }],
            },
          },
        ]
      : [],
};

/** What `rampart scan` reports for the lockfile: its real parser, matcher and finding. */
async function rampartFinding(): Promise<FindingDraft> {
  const parser = parserById('npm-package-lock');
  if (parser === undefined) throw new Error('no npm-package-lock parser');
  const parsed = await parser.parse(PACKAGE_LOCK, {
    path: 'package-lock.json',
    readSibling: async () => undefined,
  });
  const deps = buildDependencies(parsed.ecosystem, 'package-lock.json', parsed.packages);
  const [match] = matchDependencies(deps, database);
  if (match === undefined) throw new Error('the advisory did not match');
  const finding = vulnerabilityFinding(match, parseScaOptions({}, undefined));
  if (finding === undefined) throw new Error('no finding');
  return finding;
}

// Trivy shows the CVE (its advisory link names the GHSA); osv-scanner writes absolute paths.
const TRIVY = JSON.stringify({
  SchemaVersion: 2,
  Trivy: { Version: '0.58.1' },
  ArtifactName: '.',
  ArtifactType: 'filesystem',
  Results: [
    {
      Target: 'package-lock.json',
      Class: 'lang-pkgs',
      Type: 'npm',
      Vulnerabilities: [
        {
          VulnerabilityID: 'CVE-2021-23337',
          PkgName: 'lodash',
          PkgIdentifier: { PURL: 'pkg:npm/lodash@4.17.20' },
          InstalledVersion: '4.17.20',
          FixedVersion: '4.17.21',
          Severity: 'HIGH',
          References: ['https://github.com/advisories/GHSA-35jh-r3h4-6jhm'],
        },
      ],
    },
  ],
});

const OSV_SCANNER = JSON.stringify({
  results: [
    {
      source: { path: '/home/runner/work/shop/shop/package-lock.json', type: 'lockfile' },
      packages: [
        {
          package: { name: 'lodash', version: '4.17.20', ecosystem: 'npm' },
          vulnerabilities: [
            {
              id: 'GHSA-35jh-r3h4-6jhm',
              aliases: ['CVE-2021-23337'],
              affected: [
                {
                  package: { ecosystem: 'npm', name: 'lodash' },
                  ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '4.17.21' }] }],
                },
              ],
            },
          ],
          groups: [
            { ids: ['GHSA-35jh-r3h4-6jhm'], aliases: ['CVE-2021-23337', 'GHSA-35jh-r3h4-6jhm'] },
          ],
        },
      ],
    },
  ],
});

const NPM_AUDIT = JSON.stringify({
  auditReportVersion: 2,
  vulnerabilities: {
    lodash: {
      name: 'lodash',
      severity: 'high',
      isDirect: true,
      via: [
        {
          source: 1094500,
          name: 'lodash',
          dependency: 'lodash',
          title: 'Command Injection in lodash',
          url: 'https://github.com/advisories/GHSA-35jh-r3h4-6jhm',
          severity: 'high',
          range: '<4.17.21',
        },
      ],
      effects: [],
      range: '<=4.17.20',
      nodes: ['node_modules/lodash'],
      fixAvailable: true,
    },
  },
});

const SNYK = JSON.stringify({
  ok: false,
  packageManager: 'npm',
  displayTargetFile: 'package-lock.json',
  path: '/home/runner/work/shop/shop',
  vulnerabilities: [
    {
      id: 'SNYK-JS-LODASH-1040724',
      title: 'Command Injection',
      severity: 'high',
      packageName: 'lodash',
      version: '4.17.20',
      from: ['shop-web@1.4.0', 'lodash@4.17.20'],
      identifiers: { CVE: ['CVE-2021-23337'], CWE: ['CWE-78'], GHSA: ['GHSA-35jh-r3h4-6jhm'] },
      fixedIn: ['4.17.21'],
    },
  ],
});

const DEPENDENCY_CHECK = JSON.stringify({
  reportSchema: '1.1',
  scanInfo: { engineVersion: '10.0.3' },
  dependencies: [
    {
      isVirtual: true,
      fileName: 'lodash:4.17.20',
      filePath: '/src/package-lock.json?lodash',
      packages: [{ id: 'pkg:npm/lodash@4.17.20' }],
      vulnerabilities: [
        {
          source: 'NPM',
          name: 'GHSA-35jh-r3h4-6jhm',
          severity: 'HIGH',
          vulnerableSoftware: [
            {
              software: {
                id: 'cpe:2.3:a:*:lodash:\\*:*:*:*:*:*:*:*',
                vulnerabilityIdMatched: 'true',
                versionEndExcluding: '4.17.21',
              },
            },
          ],
        },
      ],
    },
  ],
});

describe("imported dependency findings fingerprint as Rampart's own", () => {
  it('the same lodash vulnerability from Rampart, Trivy and osv-scanner (and others) is one fingerprint', async () => {
    const rampart = await rampartFinding();
    const imported = {
      trivy: trivyImporter.parse(TRIVY, { file: 'trivy.json' }),
      'osv-scanner': osvScannerImporter.parse(OSV_SCANNER, { file: 'osv.json' }),
      'npm-audit': npmAuditImporter.parse(NPM_AUDIT, { file: 'audit.json' }),
      snyk: snykImporter.parse(SNYK, { file: 'snyk.json' }),
      'dependency-check': dependencyCheckImporter.parse(DEPENDENCY_CHECK, { file: 'dc.json' }),
    };
    const all = [rampart, ...Object.values(imported).flat()];
    expect(all).toHaveLength(6);
    // The pipeline's own fingerprinting, as `rampart scan` and `rampart import` run it.
    const fingerprinted = await assignFingerprints(all, async () => undefined);
    const expected = packageFingerprint(
      'GHSA-35jh-r3h4-6jhm',
      'npm',
      'lodash',
      'package-lock.json',
    );
    expect(fingerprinted[0]?.fingerprint).toBe(expected);
    expect(
      Object.fromEntries(
        Object.keys(imported).map((tool, i) => [tool, fingerprinted[i + 1]?.fingerprint]),
      ),
    ).toEqual({
      trivy: expected,
      'osv-scanner': expected,
      'npm-audit': expected,
      snyk: expected,
      'dependency-check': expected,
    });
    // And they read alike: the same package location fields and the same fix.
    for (const draft of all) {
      expect(draft.location).toMatchObject({
        kind: 'package',
        ecosystem: 'npm',
        name: 'lodash',
        manifestPath: 'package-lock.json',
        fixedVersions: ['4.17.21'],
      });
      expect(draft.properties?.fixedIn).toBe('4.17.21');
    }
    expect(trivyImporter.parse(TRIVY, { file: 'trivy.json' })[0]?.remediation).toBe(
      rampart.remediation,
    );
  });

  it('a different lockfile or advisory gives a different fingerprint', async () => {
    const [inSubfolder] = await assignFingerprints(
      trivyImporter.parse(
        TRIVY.replace('"Target":"package-lock.json"', '"Target":"web/package-lock.json"'),
        {
          file: 'trivy.json',
        },
      ),
      async () => undefined,
    );
    const [rampart] = await assignFingerprints([await rampartFinding()], async () => undefined);
    expect(inSubfolder?.fingerprint).not.toBe(rampart?.fingerprint);
  });
});
