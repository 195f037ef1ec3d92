import { FindingDraftSchema, ParseError } from '@rampart/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readFixture } from '../../test-support/sample-reports.js';
import { firstFixedVersions, markdownUrls, patchedVersions } from './npm-advisory.js';
import { npmAuditImporter as importer } from './npm-audit-importer.js';

const parse = (text: string, file = 'audit.json') => importer.parse(text, { file });

function parseError(text: string, file = 'audit.json'): ParseError {
  try {
    parse(text, file);
  } catch (err) {
    if (err instanceof ParseError) return err;
    throw err;
  }
  throw new Error('expected a ParseError');
}

describe('npm-audit importer: npm 7 and later', () => {
  const drafts = parse(readFixture('npm-audit', 'npm-audit-v2.json'));

  it('imports each advisory of each vulnerable package, not the packages that only depend on one', () => {
    expect(drafts.map((d) => [d.ruleId, d.location.kind === 'package' && d.location.name])).toEqual(
      [
        ['GHSA-29mw-wpgm-hmr9', 'lodash'],
        ['GHSA-35jh-r3h4-6jhm', 'lodash'],
        ['GHSA-xvch-5gv4-984h', 'minimist'],
      ],
    );
  });

  it('uses the vulnerable range as the version, the lockfile as manifest, the range bound as fix', () => {
    expect(drafts[1]).toEqual({
      ruleId: 'GHSA-35jh-r3h4-6jhm',
      scanner: 'sca',
      tool: { name: 'npm-audit', version: '' },
      title: 'Command Injection in lodash',
      message:
        'lodash (versions <4.17.21, a direct dependency) is affected by GHSA-35jh-r3h4-6jhm. Fixed in 4.17.21.',
      severity: 'high',
      confidence: 'high',
      cwe: ['CWE-77', 'CWE-94'],
      location: {
        kind: 'package',
        purl: 'pkg:npm/lodash',
        ecosystem: 'npm',
        name: 'lodash',
        version: '<4.17.21',
        manifestPath: 'package-lock.json',
        fixedVersions: ['4.17.21'],
        dependencyPath: ['lodash'],
        direct: true,
      },
      remediation:
        'Upgrade lodash to 4.17.21 (the smallest version that fixes GHSA-35jh-r3h4-6jhm) in package-lock.json.',
      references: ['https://github.com/advisories/GHSA-35jh-r3h4-6jhm'],
      tags: ['dependency', 'npm', 'direct'],
      cvss: { version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H', score: 7.2 },
      properties: {
        advisory: 'GHSA-35jh-r3h4-6jhm',
        aliases: [],
        fixedIn: '4.17.21',
        severitySource: 'tool',
        versionIsRange: true,
        npmAdvisory: 1094500,
        nodes: ['node_modules/lodash'],
      },
    });
    expect(drafts[0]?.severity).toBe('medium');
  });

  it('follows the node path of a transitive package and says what `npm audit fix` would do', () => {
    expect(drafts[2]?.location).toMatchObject({
      dependencyPath: ['mkdirp', 'minimist'],
      direct: false,
      fixedVersions: ['0.2.4'],
    });
    expect(drafts[2]?.remediation).toBe(
      "minimist comes in through mkdirp. Upgrade mkdirp to a release that depends on minimist 0.2.4 or later, or force minimist to 0.2.4 with your package manager's override (npm overrides, yarn resolutions, pip constraints…). `npm audit fix` would install mkdirp@0.5.6.",
    );
  });
});

describe('npm-audit importer: npm 6', () => {
  const drafts = parse(readFixture('npm-audit', 'npm-audit-v1.json'));

  it('imports one finding per advisory and vulnerable version', () => {
    expect(drafts.map((d) => d.ruleId)).toEqual(['GHSA-vh95-rmgr-6w4m', 'GHSA-35jh-r3h4-6jhm']);
  });

  it('takes the GHSA id, the installed version, the patched version and the shortest path', () => {
    expect(drafts[1]).toMatchObject({
      title: 'Command Injection in lodash',
      severity: 'high',
      cwe: ['CWE-77', 'CWE-94'],
      location: {
        purl: 'pkg:npm/lodash@4.17.20',
        version: '4.17.20',
        manifestPath: 'package-lock.json',
        fixedVersions: ['4.17.21'],
        dependencyPath: ['lodash'],
        direct: true,
        // One of its two paths is not dev-only (npm's actions say so).
        dev: false,
      },
      properties: { aliases: ['CVE-2021-23337'], npmAdvisory: 1673 },
    });
  });

  it("finds an old advisory's GHSA in its references, its dev path and every patched range", () => {
    expect(drafts[0]).toMatchObject({
      ruleId: 'GHSA-vh95-rmgr-6w4m',
      severity: 'low',
      cwe: ['CWE-471'],
      location: {
        version: '0.0.8',
        fixedVersions: ['0.2.1', '1.2.3'],
        dependencyPath: ['mocha', 'mkdirp', 'minimist'],
        direct: false,
        dev: true,
      },
      properties: { fixedIn: '0.2.1', aliases: ['CVE-2020-7598'] },
    });
    expect(drafts[0]?.references).toEqual([
      'https://npmjs.com/advisories/1179',
      'https://github.com/substack/minimist/commit/4cf1354839cb972e38496d35e12f806eea92c11f#diff-a1e0ee62c91705696ddb71aa30ad4f95',
      'https://github.com/advisories/GHSA-vh95-rmgr-6w4m',
    ]);
  });

  it('names an advisory without GHSA or CVE by its npm number', () => {
    const text = JSON.stringify({
      actions: [],
      advisories: {
        '48': {
          id: 48,
          title: 'Regular Expression Denial of Service',
          module_name: 'uglify-js',
          severity: 'low',
          cves: [],
          patched_versions: '>=2.6.0',
          url: 'https://npmjs.com/advisories/48',
          findings: [{ version: '2.4.24', paths: ['jade>uglify-js'] }],
        },
      },
    });
    expect(parse(text)[0]).toMatchObject({ ruleId: 'npm-advisory-48', severity: 'low' });
  });
});

describe('npm-audit importer: ranges', () => {
  it('reads patched ranges clause by clause; <0.0.0 means no fix', () => {
    expect(patchedVersions('>=4.17.21')).toEqual(['4.17.21']);
    expect(patchedVersions('>=0.2.1 <1.0.0 || >=1.2.3')).toEqual(['0.2.1', '1.2.3']);
    expect(patchedVersions('<0.0.0')).toEqual([]);
    expect(patchedVersions(undefined)).toEqual([]);
  });

  it('reads the first fixed version of each vulnerable clause from its exclusive bound', () => {
    expect(firstFixedVersions('<0.2.1 || >=1.0.0 <1.2.3')).toEqual(['0.2.1', '1.2.3']);
    expect(firstFixedVersions('<=4.17.20')).toEqual([]);
    expect(firstFixedVersions('*')).toEqual([]);
  });

  it('finds the links of a markdown reference list', () => {
    expect(
      markdownUrls('- [Commit](https://github.com/a/b/commit/1)\n- https://nvd.nist.gov/x'),
    ).toEqual(['https://github.com/a/b/commit/1', 'https://nvd.nist.gov/x']);
  });
});

describe('npm-audit importer: broken input', () => {
  it('names the line of a JSON syntax error', () => {
    const err = parseError('{\n  "auditReportVersion": 2,\n  "vulnerabilities": {,}\n}');
    expect(err.position.line).toBe(3);
  });

  it('names the path and line of a wrong shape', () => {
    const text = JSON.stringify(
      { auditReportVersion: 2, vulnerabilities: { lodash: { name: 'lodash', via: 'GHSA-1' } } },
      null,
      2,
    );
    const err = parseError(text);
    expect(err.message).toContain('vulnerabilities.lodash.via');
    expect(err.position.line).toBe(text.split('\n').findIndex((l) => l.includes('"via"')) + 1);
  });

  it("reports npm's own error instead of an empty import", () => {
    const text = JSON.stringify(
      { error: { code: 'ENOLOCK', summary: 'This command requires an existing lockfile.' } },
      null,
      2,
    );
    expect(parseError(text).message).toMatch(
      /npm audit failed instead of reporting: ENOLOCK: This command requires/,
    );
  });
});

describe('npm-audit importer: property', () => {
  const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/);
  const ghsa = fc.stringMatching(/^GHSA(-[23456789cfghjmpqrvwx]{4}){3}$/);
  const via = fc.record({
    source: fc.nat(),
    title: fc.string({ minLength: 1, maxLength: 30 }),
    url: ghsa.map((id) => `https://github.com/advisories/${id}`),
    severity: fc.constantFrom('critical', 'high', 'moderate', 'low', 'info'),
    cwe: fc.array(fc.constantFrom('CWE-79', 'CWE-1321', 'cwe-0')),
    range: fc.stringMatching(/^<\d\.\d\.\d$/),
  });

  it('gives one valid draft per advisory object, with the GHSA of its URL', () => {
    fc.assert(
      fc.property(
        fc.dictionary(name, fc.array(via, { maxLength: 3 }), { maxKeys: 5 }),
        (byName) => {
          const vulnerabilities = Object.fromEntries(
            Object.entries(byName).map(([pkg, list]) => [
              pkg,
              {
                name: pkg,
                severity: 'high',
                isDirect: true,
                via: list,
                range: '*',
                nodes: [`node_modules/${pkg}`],
                fixAvailable: true,
              },
            ]),
          );
          const drafts = parse(JSON.stringify({ auditReportVersion: 2, vulnerabilities }));
          const expected = Object.values(byName).flat();
          expect(drafts).toHaveLength(expected.length);
          for (const [i, draft] of drafts.entries()) {
            expect(() => FindingDraftSchema.parse(draft)).not.toThrow();
            expect(`https://github.com/advisories/${draft.ruleId}`).toBe(expected[i]?.url);
            expect(draft.location.kind === 'package' && draft.location.fixedVersions).toEqual([
              expected[i]?.range.slice(1),
            ]);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
