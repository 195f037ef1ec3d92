import { describe, expect, it } from 'vitest';
import { buildDependencies } from './lockfiles/graph.js';
import type { VulnerabilityMatch } from './osv/matcher.js';
import type { StoredAdvisory } from './osv/store.js';
import { parseScaOptions } from './sca-options.js';
import { licenseFindings, titleOf, vulnerabilityFinding } from './sca-scanner.js';
import type { Dependency } from './types.js';

function advisory(fields: Partial<StoredAdvisory>): StoredAdvisory {
  return { id: 'X', modified: '', aliases: [], severity: [], cwes: [], references: [], ...fields };
}

describe('titleOf', () => {
  it('uses the summary when there is one', () => {
    expect(
      titleOf({ id: 'GHSA-1', summary: ' Prototype pollution in lodash ', advisories: [] }),
    ).toBe('Prototype pollution in lodash');
  });

  it('else the first useful sentence of the details, without markdown and NVD boilerplate', () => {
    const details =
      'An issue was discovered in Django 1.11.x before 1.11.23. Due to the behaviour of `HTMLParser`, strip_tags is slow. More text.';
    expect(
      titleOf({ id: 'PYSEC-1', summary: undefined, advisories: [advisory({ details })] }),
    ).toBe('Due to the behaviour of HTMLParser, strip_tags is slow.');
    expect(
      titleOf({
        id: 'PYSEC-2',
        summary: undefined,
        advisories: [
          advisory({ details: 'Django 2.2 allows account takeover via e-mail. Upgrade.' }),
        ],
      }),
    ).toBe('Django 2.2 allows account takeover via e-mail.');
  });

  it('cuts long sentences and falls back to the id', () => {
    const long = `${'word '.repeat(60)}end.`;
    const title = titleOf({
      id: 'GO-1',
      summary: undefined,
      advisories: [advisory({ details: long })],
    });
    expect(title.length).toBe(120);
    expect(title.endsWith('…')).toBe(true);
    expect(titleOf({ id: 'GO-2', summary: undefined, advisories: [] })).toBe(
      'Known vulnerability GO-2',
    );
  });
});

describe('licenseFindings', () => {
  const dep = (license: string | undefined) =>
    buildDependencies('npm', 'package-lock.json', [
      {
        name: 'pkg',
        version: '1.0.0',
        direct: true,
        dependsOn: [],
        ...(license ? { license } : {}),
      },
    ])[0] as Dependency;
  const options = (licenses: Record<string, unknown>) => parseScaOptions({ licenses }, undefined);

  it('reports nothing without a policy', () => {
    expect(licenseFindings(dep('AGPL-3.0-only'), parseScaOptions({}, undefined))).toEqual([]);
  });

  it('reports a denied licence unless an OR offers another', () => {
    const policy = options({ deny: ['AGPL-3.0-only'] });
    expect(licenseFindings(dep('AGPL-3.0-only'), policy).map((f) => f.ruleId)).toEqual([
      'sca/license-denied',
    ]);
    expect(licenseFindings(dep('(AGPL-3.0-only OR MIT)'), policy)).toEqual([]);
    expect(licenseFindings(dep('AGPL-3.0-only AND MIT'), policy)[0]?.severity).toBe('high');
  });

  it('reports a licence outside the allow list, and unknown licences when allow is set', () => {
    const policy = options({ allow: ['MIT', 'Apache-2.0'] });
    expect(licenseFindings(dep('MIT'), policy)).toEqual([]);
    expect(licenseFindings(dep('GPL-3.0-only'), policy).map((f) => f.ruleId)).toEqual([
      'sca/license-not-allowed',
    ]);
    expect(licenseFindings(dep(undefined), policy).map((f) => f.ruleId)).toEqual([
      'sca/license-unknown',
    ]);
    expect(licenseFindings(dep(undefined), options({ allow: ['MIT'], unknown: 'ignore' }))).toEqual(
      [],
    );
  });

  it('rejects a bad sca section, naming the key', () => {
    expect(() => parseScaOptions({ devDependencies: 'hide' }, 'rampart.yml')).toThrow(
      /sca\.devDependencies/,
    );
    expect(() => parseScaOptions({ licences: {} }, 'rampart.yml')).toThrow(/rampart\.yml/);
  });
});

describe('vulnerabilityFinding', () => {
  const match = (dev: boolean): VulnerabilityMatch => ({
    dependency: buildDependencies('npm', 'package-lock.json', [
      { name: 'a', version: '1.0.0', direct: true, dev, dependsOn: ['b@2.0.0'] },
      { name: 'b', version: '2.0.0', direct: false, dev, dependsOn: [] },
    ])[1] as Dependency,
    id: 'GHSA-xxxx',
    aliases: ['CVE-2024-1'],
    advisories: [],
    summary: 'Bad thing in b',
    severity: 'high',
    severitySource: 'cvss',
    cvss: undefined,
    fixedIn: '2.0.1',
    fixedVersions: ['2.0.1'],
    published: '2024-01-01T00:00:00Z',
    cwes: ['CWE-79', 'NVD-CWE-Other'],
    references: ['https://example.test/advisory'],
  });

  it('carries the advisory, the fix, the path and the published date', () => {
    const f = vulnerabilityFinding(match(false), parseScaOptions({}, undefined));
    expect(f).toMatchObject({
      ruleId: 'GHSA-xxxx',
      severity: 'high',
      cwe: ['CWE-79'],
      location: {
        kind: 'package',
        name: 'b',
        dependencyPath: ['a@1.0.0', 'b@2.0.0'],
        direct: false,
      },
      properties: { aliases: ['CVE-2024-1'], fixedIn: '2.0.1', published: '2024-01-01T00:00:00Z' },
    });
    expect(f?.message).toContain('via a@1.0.0');
    expect(f?.remediation).toContain(
      'Upgrade a (now 1.0.0) to a release that depends on b 2.0.1 or later',
    );
    expect(f?.references[0]).toBe('https://osv.dev/vulnerability/GHSA-xxxx');
  });

  it('downgrades or drops dev-only findings as configured', () => {
    const dev = match(true);
    expect(vulnerabilityFinding(dev, parseScaOptions({}, undefined))?.severity).toBe('high');
    expect(
      vulnerabilityFinding(dev, parseScaOptions({ devDependencies: 'downgrade' }, undefined))
        ?.severity,
    ).toBe('medium');
    expect(
      vulnerabilityFinding(dev, parseScaOptions({ devDependencies: 'ignore' }, undefined)),
    ).toBeUndefined();
  });
});
