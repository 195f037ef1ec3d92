import { FindingDraftSchema, ParseError, secretInfo } from '@rampart/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readFixture } from '../../test-support/sample-reports.js';
import { trivyImporter as importer } from './trivy-importer.js';

const parse = (text: string, file = 'trivy.json') => importer.parse(text, { file });

function parseError(text: string, file = 'trivy.json'): ParseError {
  try {
    parse(text, file);
  } catch (err) {
    if (err instanceof ParseError) return err;
    throw err;
  }
  throw new Error('expected a ParseError');
}

const report = (results: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify(
    { SchemaVersion: 2, ArtifactName: '.', ArtifactType: 'filesystem', Results: results, ...extra },
    null,
    2,
  );

const lodash = {
  VulnerabilityID: 'CVE-2021-23337',
  PkgName: 'lodash',
  InstalledVersion: '4.17.20',
  FixedVersion: '4.17.21',
  Severity: 'HIGH',
};

describe('trivy importer: a filesystem scan', () => {
  const drafts = parse(readFixture('trivy', 'trivy-fs.json'));

  it('imports vulnerabilities, failed misconfigurations and secrets, skipping PASS', () => {
    expect(drafts.map((d) => [d.scanner, d.ruleId])).toEqual([
      ['sca', 'GHSA-9c47-m6qq-7p4h'],
      ['sca', 'GHSA-35jh-r3h4-6jhm'],
      ['sca', 'GHSA-jfh8-c2jp-5v3q'],
      ['iac', 'trivy/DS001'],
      ['iac', 'trivy/DS002'],
      ['secrets', 'trivy/aws-access-key-id'],
    ]);
  });

  it("maps a lockfile vulnerability like Rampart's own: GHSA rule id, package, fix, remediation", () => {
    expect(drafts[1]).toEqual({
      ruleId: 'GHSA-35jh-r3h4-6jhm',
      scanner: 'sca',
      tool: { name: 'trivy', version: '0.58.1' },
      title: 'nodejs-lodash: command injection via template',
      message:
        'lodash@4.17.20 (a direct dependency) is affected by GHSA-35jh-r3h4-6jhm (also CVE-2021-23337). Fixed in 4.17.21.',
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
        line: 412,
        fixedVersions: ['4.17.21'],
        direct: true,
      },
      remediation:
        'Upgrade lodash from 4.17.20 to 4.17.21 (the smallest version that fixes GHSA-35jh-r3h4-6jhm) in package-lock.json.',
      references: [
        'https://avd.aquasec.com/nvd/cve-2021-23337',
        'https://access.redhat.com/security/cve/CVE-2021-23337',
        'https://github.com/advisories/GHSA-35jh-r3h4-6jhm',
        'https://github.com/lodash/lodash/blob/ddfd9b11a0126db2302cb70ec9973b66baec0975/lodash.js#L14851',
        'https://nvd.nist.gov/vuln/detail/CVE-2021-23337',
        'https://security.netapp.com/advisory/ntap-20210312-0006',
        'https://snyk.io/vuln/SNYK-JS-LODASH-1040724',
        'https://www.oracle.com//security-alerts/cpujul2021.html',
      ],
      tags: ['dependency', 'npm', 'direct'],
      cvss: { version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H', score: 7.2 },
      properties: {
        advisory: 'GHSA-35jh-r3h4-6jhm',
        aliases: ['CVE-2021-23337'],
        fixedIn: '4.17.21',
        severitySource: 'tool',
        status: 'fixed',
        published: '2021-02-15T13:15:12.56Z',
      },
    });
  });

  it("takes dev and transitive from Trivy's package list, and the smallest fix above the installed version", () => {
    const json5 = drafts[0];
    expect(json5?.location).toMatchObject({
      direct: false,
      dev: true,
      fixedVersions: ['1.0.2', '2.2.2'],
    });
    expect(json5?.properties?.fixedIn).toBe('2.2.2');
    expect(json5?.tags).toEqual(['dependency', 'npm', 'transitive', 'dev-dependency']);
    // The GHSA comes from the project's own advisory link.
    expect(json5?.ruleId).toBe('GHSA-9c47-m6qq-7p4h');
  });

  it('names Maven packages group:artifact in the Maven ecosystem', () => {
    expect(drafts[2]?.location).toMatchObject({
      ecosystem: 'Maven',
      name: 'org.apache.logging.log4j:log4j-core',
      manifestPath: 'services/billing/pom.xml',
      fixedVersions: ['2.3.1', '2.12.2', '2.15.0'],
    });
    expect(drafts[2]?.severity).toBe('critical');
  });

  it('puts misconfigurations on their lines, whole-file ones on line 1', () => {
    expect(drafts[3]).toMatchObject({
      title: "':latest' tag used",
      message: "Specify a tag in the 'FROM' statement for image 'node'",
      severity: 'medium',
      location: {
        kind: 'code',
        path: 'Dockerfile',
        region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 17 },
        snippet: 'FROM node:latest',
      },
      remediation: "Add a tag to the image in the 'FROM' statement",
      references: ['https://avd.aquasec.com/misconfig/ds001'],
      properties: { avdId: 'AVD-DS-0001' },
    });
    expect(drafts[4]?.location).toEqual({
      kind: 'code',
      path: 'Dockerfile',
      region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 },
    });
  });

  it('keeps only a hash and a redacted preview of a secret match', () => {
    const secret = drafts[5];
    const match = 'AWS_ACCESS_KEY_ID=********************';
    expect(secret?.secret).toEqual(secretInfo(match));
    expect(secret?.location).toEqual({
      kind: 'code',
      path: 'deploy/.env.production',
      region: { startLine: 4, startColumn: 1, endLine: 4, endColumn: match.length + 1 },
    });
    expect(JSON.stringify(secret)).not.toContain(match);
    expect(JSON.stringify(secret)).not.toContain('AWS_REGION');
    expect(secret).toMatchObject({ severity: 'critical', cwe: ['CWE-798'], owasp: 'A07:2021' });
  });

  it('never keeps an unmasked match in clear', () => {
    const key = ['AKIA', 'Q3EGRCZ5', 'TESTKEY7'].join('');
    const text = report([
      {
        Target: 'src/config.ts',
        Class: 'secret',
        Secrets: [
          {
            RuleID: 'aws-access-key-id',
            Category: 'AWS',
            Severity: 'CRITICAL',
            Title: 'AWS Access Key ID',
            StartLine: 2,
            EndLine: 2,
            Match: `const key = "${key}";`,
            Code: { Lines: [{ Number: 2, Content: `const key = "${key}";`, IsCause: true }] },
          },
        ],
      },
    ]);
    const [draft] = parse(text);
    expect(JSON.stringify(draft)).not.toContain(key);
    expect(draft?.secret?.hash).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('trivy importer: an image scan', () => {
  const drafts = parse(readFixture('trivy', 'trivy-image.json'));

  it('keeps OS packages in the distro Trivy names, with the target as their manifest', () => {
    expect(drafts[0]?.location).toEqual({
      kind: 'package',
      purl: 'pkg:apk/alpine/libcrypto3@3.1.4-r5?arch=x86_64&distro=3.19.1',
      ecosystem: 'alpine',
      name: 'libcrypto3',
      version: '3.1.4-r5',
      manifestPath: 'registry.example.com/shop/billing:2.3.0 (alpine 3.19.1)',
      fixedVersions: ['3.1.6-r0'],
    });
    expect(drafts[0]?.tags).toEqual(['dependency', 'alpine', 'os-package']);
  });

  it('rates an UNKNOWN severity by the CVSS vector, and says when no fix exists', () => {
    expect(drafts[0]).toMatchObject({
      ruleId: 'CVE-2024-5535',
      severity: 'critical',
      cvss: { version: '3.1', score: 9.1 },
      properties: { severitySource: 'cvss' },
    });
    expect(drafts[1]?.remediation).toBe(
      'No fixed version of busybox is known for CVE-2023-42363. Replace the package, or limit exposure to the vulnerable code path and follow the advisory for updates.',
    );
    expect(drafts[1]?.location).toMatchObject({ fixedVersions: [] });
  });

  it("puts a jar's vulnerability on the jar, and scores CVSS v4", () => {
    expect(drafts[2]?.location).toMatchObject({
      ecosystem: 'Maven',
      name: 'ch.qos.logback:logback-core',
      manifestPath: 'opt/billing/lib/logback-core-1.2.13.jar',
      fixedVersions: ['1.3.15', '1.5.13'],
    });
    expect(drafts[2]?.cvss?.version).toBe('4.0');
    expect(drafts[2]?.properties?.fixedIn).toBe('1.3.15');
  });
});

describe('trivy importer: paths and ids', () => {
  it('makes absolute targets under the scanned folder relative', () => {
    const text = report(
      [
        {
          Target: '/work/app/web/package-lock.json',
          Class: 'lang-pkgs',
          Type: 'npm',
          Vulnerabilities: [lodash],
        },
      ],
      { ArtifactName: '/work/app' },
    );
    expect(parse(text)[0]?.location).toMatchObject({ manifestPath: 'web/package-lock.json' });
  });

  it('maps package types to OSV ecosystems (poetry → PyPI, gomod → Go, cargo → crates.io)', () => {
    const text = report(
      [
        ['poetry.lock', 'poetry'],
        ['go.mod', 'gomod'],
        ['Cargo.lock', 'cargo'],
        ['Gemfile.lock', 'bundler'],
        ['composer.lock', 'composer'],
        ['packages.lock.json', 'nuget'],
        ['yarn.lock', 'yarn'],
      ].map(([Target, Type]) => ({ Target, Class: 'lang-pkgs', Type, Vulnerabilities: [lodash] })),
    );
    expect(
      parse(text).map((d) => (d.location.kind === 'package' ? d.location.ecosystem : '')),
    ).toEqual(['PyPI', 'Go', 'crates.io', 'RubyGems', 'Packagist', 'NuGet', 'npm']);
  });

  it('adds the vendor ids and ignores a second, different GHSA link', () => {
    const text = report([
      {
        Target: 'go.mod',
        Class: 'lang-pkgs',
        Type: 'gomod',
        Vulnerabilities: [
          {
            ...lodash,
            VulnerabilityID: 'CVE-2023-39325',
            VendorIDs: ['GO-2023-2102'],
            References: [
              'https://github.com/advisories/GHSA-4374-p667-p6c8',
              'https://github.com/advisories/GHSA-qppj-fm5r-hxr3',
            ],
          },
        ],
      },
    ]);
    expect(parse(text)[0]).toMatchObject({
      ruleId: 'GO-2023-2102',
      properties: { aliases: ['CVE-2023-39325'] },
    });
  });

  it('reads a report with no results (nothing found) as no findings', () => {
    expect(
      parse(JSON.stringify({ SchemaVersion: 2, ArtifactName: '.', ArtifactType: 'filesystem' })),
    ).toEqual([]);
  });
});

describe('trivy importer: broken input', () => {
  it('names the line of a JSON syntax error', () => {
    const err = parseError(
      '{\n  "SchemaVersion": 2,\n  "Results": [\n    {"Target": "a" "Class": "x"}\n  ]\n}',
      'out/trivy.json',
    );
    expect(err.position).toMatchObject({ file: 'out/trivy.json', line: 4 });
    expect(err.message).toMatch(/^out\/trivy\.json:4:\d+: invalid JSON/);
  });

  it('names the document path and line of a wrong shape', () => {
    const text = report([
      { Target: 'a/package-lock.json', Class: 'lang-pkgs', Type: 'npm', Vulnerabilities: [lodash] },
      {
        Target: 'b/package-lock.json',
        Class: 'lang-pkgs',
        Type: 'npm',
        Vulnerabilities: [{ ...lodash, PkgName: 42 }],
      },
    ]);
    const err = parseError(text);
    expect(err.message).toContain('Results[1].Vulnerabilities[0].PkgName');
    const line = text.split('\n').findIndex((l) => l.includes('"PkgName": 42')) + 1;
    expect(err.position.line).toBe(line);
  });

  it('rejects SchemaVersion 1 with advice', () => {
    const err = parseError(JSON.stringify({ SchemaVersion: 1, Results: [] }));
    expect(err.message).toMatch(/SchemaVersion is 1, expected 2/);
  });

  it('imports nothing when one entry is malformed', () => {
    const text = report([
      {
        Target: 'package-lock.json',
        Class: 'lang-pkgs',
        Type: 'npm',
        Vulnerabilities: [lodash, { ...lodash, VulnerabilityID: '' }],
      },
    ]);
    expect(() => parse(text)).toThrow(ParseError);
  });
});

describe('trivy importer: property', () => {
  const word = fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/);
  const vuln = fc.record({
    VulnerabilityID: fc.oneof(
      fc.stringMatching(/^CVE-20\d\d-\d{4,6}$/),
      fc.stringMatching(/^GHSA(-[23456789cfghjmpqrvwx]{4}){3}$/),
    ),
    PkgName: word,
    InstalledVersion: fc.stringMatching(/^\d{1,2}\.\d{1,2}\.\d{1,2}$/),
    FixedVersion: fc.option(fc.stringMatching(/^\d{1,2}\.\d{1,2}\.\d{1,2}$/), { nil: undefined }),
    Severity: fc.constantFrom('CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'),
    CweIDs: fc.array(fc.constantFrom('CWE-79', 'NVD-CWE-Other', 'CWE-1321', 'CWE-0')),
  });
  const result = fc.record({
    Target: fc.stringMatching(/^([a-z]{1,6}\/){0,2}(package-lock\.json|poetry\.lock|go\.mod)$/),
    Class: fc.constant('lang-pkgs'),
    Type: fc.constantFrom('npm', 'poetry', 'gomod', 'jar', 'conan'),
    Vulnerabilities: fc.array(vuln, { maxLength: 5 }),
  });

  it('gives one valid draft per vulnerability, on its target, with the id Trivy gave', () => {
    fc.assert(
      fc.property(fc.array(result, { maxLength: 4 }), (results) => {
        const drafts = parse(report(results));
        const vulns = results.flatMap((r) => r.Vulnerabilities.map((v) => ({ r, v })));
        expect(drafts).toHaveLength(vulns.length);
        for (const [i, draft] of drafts.entries()) {
          const { r, v } = vulns[i] as (typeof vulns)[number];
          expect(() => FindingDraftSchema.parse(draft)).not.toThrow();
          expect(draft.ruleId).toBe(v.VulnerabilityID);
          expect(draft.location).toMatchObject({ manifestPath: r.Target, name: v.PkgName });
          expect(draft.cwe.every((c) => /^CWE-[1-9]\d*$/.test(c))).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });
});
