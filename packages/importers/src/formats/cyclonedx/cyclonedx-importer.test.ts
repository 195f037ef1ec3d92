import { FindingDraftSchema, ParseError } from '@rampart/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readFixture } from '../../test-support/sample-reports.js';
import { cyclonedxImporter as importer } from './cyclonedx-importer.js';

const parse = (text: string, file = 'reports/bom.cdx.json') => importer.parse(text, { file });

function parseError(text: string): ParseError {
  try {
    parse(text);
  } catch (err) {
    if (err instanceof ParseError) return err;
    throw err;
  }
  throw new Error('expected a ParseError');
}

const bom = (
  vulnerabilities: unknown[],
  components: unknown[] = [
    { 'bom-ref': 'lodash', name: 'lodash', version: '4.17.20', purl: 'pkg:npm/lodash@4.17.20' },
  ],
) =>
  JSON.stringify(
    { bomFormat: 'CycloneDX', specVersion: '1.4', version: 1, components, vulnerabilities },
    null,
    2,
  );

describe('cyclonedx importer', () => {
  const drafts = parse(readFixture('cyclonedx', 'grype-vex.cdx.json'), 'sbom/grype-vex.cdx.json');

  it('imports open vulnerabilities and skips those analysed as not_affected or resolved', () => {
    expect(drafts.map((d) => d.ruleId)).toEqual([
      'GHSA-35jh-r3h4-6jhm',
      'GHSA-xvch-5gv4-984h',
      'GHSA-67hx-6x53-jw92',
    ]);
  });

  it('maps a vulnerability to its component, with the SBOM as manifest', () => {
    expect(drafts[0]).toEqual({
      ruleId: 'GHSA-35jh-r3h4-6jhm',
      scanner: 'sca',
      tool: { name: 'grype', version: '0.86.1' },
      title: 'Command Injection in lodash',
      message:
        'lodash@4.17.20 is affected by GHSA-35jh-r3h4-6jhm (also CVE-2021-23337). No fixed version is known.',
      severity: 'high',
      confidence: 'high',
      cwe: ['CWE-77', 'CWE-94'],
      location: {
        kind: 'package',
        purl: 'pkg:npm/lodash@4.17.20',
        ecosystem: 'npm',
        name: 'lodash',
        version: '4.17.20',
        manifestPath: 'sbom/grype-vex.cdx.json',
        fixedVersions: [],
      },
      remediation:
        'No fixed version of lodash is known for GHSA-35jh-r3h4-6jhm. Replace the package, or limit exposure to the vulnerable code path and follow the advisory for updates.',
      references: [
        'https://github.com/advisories/GHSA-35jh-r3h4-6jhm',
        'https://nvd.nist.gov/vuln/detail/CVE-2021-23337',
      ],
      tags: ['dependency', 'npm'],
      cvss: { version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H', score: 7.2 },
      properties: {
        advisory: 'GHSA-35jh-r3h4-6jhm',
        aliases: ['CVE-2021-23337'],
        severitySource: 'tool',
      },
    });
  });

  it("reads fixed versions from `unaffected` versions, a vector's prefix from its method, and CVSS v4", () => {
    expect(drafts[1]).toMatchObject({
      severity: 'critical',
      cvss: { version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', score: 9.8 },
      location: { name: 'minimist', fixedVersions: ['1.2.6'] },
      properties: { fixedIn: '1.2.6', analysisState: 'exploitable' },
      remediation:
        'Upgrade minimist from 1.2.5 to 1.2.6 (the smallest version that fixes GHSA-xvch-5gv4-984h) in sbom/grype-vex.cdx.json.',
    });
    expect(drafts[2]).toMatchObject({
      cvss: { version: '4.0' },
      location: { name: '@babel/traverse', purl: 'pkg:npm/%40babel/traverse@7.20.5' },
      properties: { analysisState: 'in_triage' },
    });
  });

  it('takes a purl as a reference, the highest rating, and an absolute report path by its name', () => {
    const [draft] = importer.parse(
      bom(
        [
          {
            id: 'CVE-2022-0001',
            ratings: [
              { severity: 'medium', score: 5 },
              { severity: 'high', score: 7.5 },
              { severity: 'unknown' },
            ],
            recommendation: 'Remove the package.',
            affects: [{ ref: 'pkg:pypi/django@4.2.1' }],
          },
        ],
        [],
      ),
      { file: '/tmp/out/bom.json' },
    );
    expect(draft).toMatchObject({
      severity: 'high',
      location: { ecosystem: 'PyPI', name: 'django', version: '4.2.1', manifestPath: 'bom.json' },
    });
    expect(draft?.remediation).toMatch(/follow the advisory for updates\. Remove the package\.$/);
  });

  it('skips every closed analysis state and a component of another BOM', () => {
    const closed = ['not_affected', 'false_positive', 'resolved', 'resolved_with_pedigree'];
    const text = bom([
      ...closed.map((state) => ({
        id: `CVE-2022-000${closed.indexOf(state)}`,
        analysis: { state },
        affects: [{ ref: 'lodash' }],
      })),
      {
        id: 'CVE-2022-0009',
        affects: [{ ref: 'urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1#lodash' }],
      },
    ]);
    expect(parse(text)).toEqual([]);
  });

  it('reads an SBOM without vulnerabilities as no findings', () => {
    expect(
      parse(JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.5', components: [] })),
    ).toEqual([]);
  });
});

describe('cyclonedx importer: broken input', () => {
  it('names a reference to no component, with its line', () => {
    const text = bom([{ id: 'CVE-2022-0001', affects: [{ ref: 'lodash' }, { ref: 'left-pad' }] }]);
    const err = parseError(text);
    expect(err.message).toContain(
      'vulnerabilities[0].affects[1].ref "left-pad" names no component',
    );
    expect(err.position.line).toBe(text.split('\n').findIndex((l) => l.includes('"left-pad"')) + 1);
  });

  it('names the path of a wrong shape', () => {
    const err = parseError(bom([{ id: 'CVE-2022-0001', cwes: ['CWE-79'], affects: [] }]));
    expect(err.message).toContain('vulnerabilities[0].cwes[0]');
  });
});

describe('cyclonedx importer: property', () => {
  it('imports exactly the vulnerabilities not analysed as closed, once per affected component', () => {
    const state = fc.constantFrom(
      undefined,
      'exploitable',
      'in_triage',
      'not_affected',
      'false_positive',
      'resolved',
    );
    const vuln = fc.record({
      id: fc.stringMatching(/^CVE-20\d\d-\d{4,5}$/),
      state,
      refs: fc.subarray(['a', 'b', 'c'], { minLength: 1 }),
    });
    fc.assert(
      fc.property(fc.array(vuln, { maxLength: 6 }), (vulns) => {
        const components = ['a', 'b', 'c'].map((n) => ({
          'bom-ref': n,
          name: n,
          version: '1.0.0',
          purl: `pkg:npm/${n}@1.0.0`,
        }));
        const drafts = parse(
          bom(
            vulns.map((v) => ({
              id: v.id,
              ...(v.state ? { analysis: { state: v.state } } : {}),
              affects: v.refs.map((ref) => ({ ref })),
            })),
            components,
          ),
        );
        const open = vulns.filter(
          (v) => !['not_affected', 'false_positive', 'resolved'].includes(v.state ?? ''),
        );
        expect(
          drafts.map((d) => `${d.ruleId} ${d.location.kind === 'package' ? d.location.name : ''}`),
        ).toEqual(open.flatMap((v) => v.refs.map((ref) => `${v.id} ${ref}`)));
        for (const draft of drafts) expect(() => FindingDraftSchema.parse(draft)).not.toThrow();
      }),
      { numRuns: 150 },
    );
  });
});
