import { cvssScore, FindingDraftSchema, ParseError } from '@rampart/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readFixture } from '../../test-support/sample-reports.js';
import { cvss3Vector, dependencyCheckImporter as importer } from './dependency-check-importer.js';

const parse = (text: string, file = 'dependency-check-report.json') =>
  importer.parse(text, { file });

function parseError(text: string): ParseError {
  try {
    parse(text);
  } catch (err) {
    if (err instanceof ParseError) return err;
    throw err;
  }
  throw new Error('expected a ParseError');
}

const report = (dependencies: unknown[]) =>
  JSON.stringify(
    { reportSchema: '1.1', scanInfo: { engineVersion: '10.0.3' }, dependencies },
    null,
    2,
  );

describe('dependency-check importer', () => {
  const drafts = parse(readFixture('dependency-check', 'dependency-check-report.json'));

  it('imports each vulnerability of each dependency that has any', () => {
    expect(drafts.map((d) => d.ruleId)).toEqual([
      'CVE-2021-44228',
      'CVE-2021-45046',
      'GHSA-35jh-r3h4-6jhm',
    ]);
  });

  it('reads the package from its purl, the manifest from its file, the fix from the matched range', () => {
    expect(drafts[0]).toEqual({
      ruleId: 'CVE-2021-44228',
      scanner: 'sca',
      tool: { name: 'dependency-check', version: '10.0.3' },
      title:
        'Apache Log4j2 2.0-beta9 through 2.15.0 (excluding security releases 2.12.2, 2.12.3, and 2.3.1) JNDI features used in co…',
      message:
        'org.apache.logging.log4j:log4j-core@2.14.1 is affected by CVE-2021-44228. Fixed in 2.15.0.',
      severity: 'critical',
      confidence: 'high',
      cwe: ['CWE-20', 'CWE-400', 'CWE-502', 'CWE-917'],
      location: {
        kind: 'package',
        purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
        ecosystem: 'Maven',
        name: 'org.apache.logging.log4j:log4j-core',
        version: '2.14.1',
        manifestPath: 'services/billing/target/lib/log4j-core-2.14.1.jar',
        fixedVersions: ['2.15.0'],
      },
      remediation:
        'Upgrade org.apache.logging.log4j:log4j-core from 2.14.1 to 2.15.0 (the smallest version that fixes CVE-2021-44228) in services/billing/target/lib/log4j-core-2.14.1.jar.',
      references: [
        'https://logging.apache.org/log4j/2.x/security.html',
        'http://www.openwall.com/lists/oss-security/2021/12/10/1',
      ],
      tags: ['dependency', 'Maven'],
      cvss: { version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', score: 10 },
      properties: {
        advisory: 'CVE-2021-44228',
        aliases: [],
        fixedIn: '2.15.0',
        severitySource: 'tool',
        source: 'NVD',
        fileName: 'log4j-core-2.14.1.jar',
      },
    });
  });

  it("takes a virtual npm dependency's lockfile without Dependency-Check's `?name` suffix", () => {
    expect(drafts[2]).toMatchObject({
      severity: 'high',
      location: {
        ecosystem: 'npm',
        name: 'lodash',
        manifestPath: 'web/package-lock.json',
        fixedVersions: ['4.17.21'],
      },
    });
  });

  it('falls back to the CVSS metrics, then the base score, and to the file name without a purl', () => {
    const [scored, bare] = parse(
      report([
        {
          fileName: 'struts2-core-2.3.20.jar',
          filePath: '/app/lib/struts2-core-2.3.20.jar',
          vulnerabilities: [
            {
              name: 'CVE-2017-5638',
              cvssv3: {
                baseScore: 10,
                attackVector: 'NETWORK',
                attackComplexity: 'LOW',
                privilegesRequired: 'NONE',
                userInteraction: 'NONE',
                scope: 'CHANGED',
                confidentialityImpact: 'HIGH',
                integrityImpact: 'HIGH',
                availabilityImpact: 'HIGH',
                version: '3.0',
              },
            },
            { name: 'CVE-2016-3081', cvssv2: { score: 8.1 } },
          ],
        },
      ]),
    );
    expect(scored).toMatchObject({
      severity: 'critical',
      cvss: { version: '3.0', vector: 'CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H' },
      properties: { severitySource: 'cvss' },
      location: {
        ecosystem: 'generic',
        name: 'struts2-core-2.3.20.jar',
        manifestPath: 'struts2-core-2.3.20.jar',
      },
    });
    expect(bare).toMatchObject({ severity: 'high', properties: { severitySource: 'score' } });
  });

  it('spells out a CVSS v3 vector from the metric names', () => {
    const vector = cvss3Vector({
      attackVector: 'ADJACENT_NETWORK',
      attackComplexity: 'HIGH',
      privilegesRequired: 'LOW',
      userInteraction: 'REQUIRED',
      scope: 'UNCHANGED',
      confidentialityImpact: 'LOW',
      integrityImpact: 'NONE',
      availabilityImpact: 'NONE',
    });
    expect(vector).toBe('CVSS:3.1/AV:A/AC:H/PR:L/UI:R/S:U/C:L/I:N/A:N');
    expect(cvssScore(vector as string).severity).toBe('low');
    expect(cvss3Vector({ attackVector: 'NETWORK' })).toBeUndefined();
  });
});

describe('dependency-check importer: broken input', () => {
  it('names the path and line of a wrong shape', () => {
    const text = report([
      { fileName: 'a.jar', filePath: '/a.jar', vulnerabilities: [{ severity: 'HIGH' }] },
    ]);
    const err = parseError(text);
    expect(err.message).toContain('dependencies[0].vulnerabilities[0].name');
    // A missing key is reported at its object: the line before `"severity"` (0-based index = 1-based line).
    expect(err.position.line).toBe(
      text.split('\n').findIndex((l) => l.includes('"severity": "HIGH"')),
    );
  });

  it('names the line of a JSON syntax error', () => {
    expect(parseError('{\n"reportSchema": "1.1",\n"dependencies": [\n}').position.line).toBe(4);
  });
});

describe('dependency-check importer: property', () => {
  it('gives one valid draft per vulnerability, with the smallest matched fix', () => {
    const version = fc.tuple(fc.nat(9), fc.nat(9), fc.nat(9)).map((v) => v.join('.'));
    const dep = fc.record({
      name: fc.stringMatching(/^[a-z]{1,8}$/),
      version,
      vulns: fc.array(fc.record({ id: fc.stringMatching(/^CVE-20\d\d-\d{4,5}$/), end: version }), {
        maxLength: 3,
      }),
    });
    fc.assert(
      fc.property(fc.array(dep, { maxLength: 4 }), (deps) => {
        const drafts = parse(
          report(
            deps.map((d) => ({
              fileName: `${d.name}-${d.version}.jar`,
              filePath: `/build/libs/${d.name}-${d.version}.jar`,
              packages: [{ id: `pkg:maven/com.acme/${d.name}@${d.version}` }],
              vulnerabilities: d.vulns.map((v) => ({
                name: v.id,
                severity: 'MEDIUM',
                vulnerableSoftware: [
                  {
                    software: {
                      id: 'cpe:2.3:a:acme:x:*',
                      vulnerabilityIdMatched: 'true',
                      versionEndExcluding: v.end,
                    },
                  },
                ],
              })),
            })),
          ),
        );
        const vulns = deps.flatMap((d) => d.vulns.map((v) => ({ d, v })));
        expect(drafts).toHaveLength(vulns.length);
        for (const [i, draft] of drafts.entries()) {
          const { d, v } = vulns[i] as (typeof vulns)[number];
          expect(() => FindingDraftSchema.parse(draft)).not.toThrow();
          expect(draft.location).toMatchObject({
            name: `com.acme:${d.name}`,
            version: d.version,
            fixedVersions: [v.end],
          });
        }
      }),
      { numRuns: 150 },
    );
  });
});
