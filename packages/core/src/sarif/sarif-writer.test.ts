import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isRampartError } from '../errors.js';
import { type Finding, FindingSchema } from '../finding/finding.js';
import { FINGERPRINT_KEY } from '../finding/fingerprint.js';
import { RAMPART_PROPERTIES_KEY } from './rampart-properties.js';
import { findingArbitrary, realisticFindings, sarifValidator } from './sarif-test-support.js';
import type { SarifLocation, SarifReportingDescriptor, SarifResult } from './sarif-types.js';
import { toSarif } from './sarif-writer.js';

const options = { toolVersion: '0.1.0', informationUri: 'https://rampart.dev' } as const;

function rule(log: ReturnType<typeof toSarif>, id: string): SarifReportingDescriptor {
  const found = log.runs[0]?.tool.driver.rules?.find((r) => r.id === id);
  if (!found) throw new Error(`no rule ${id}`);
  return found;
}

function results(log: ReturnType<typeof toSarif>): readonly SarifResult[] {
  return log.runs[0]?.results ?? [];
}

function locationOf(log: ReturnType<typeof toSarif>, index: number): SarifLocation | undefined {
  return results(log)[index]?.locations?.[0];
}

describe('toSarif', () => {
  it('uses realistic fixtures that are valid findings', () => {
    for (const finding of realisticFindings()) {
      expect(FindingSchema.safeParse(finding).success).toBe(true);
    }
  });

  it('writes a log that validates against the official SARIF 2.1.0 schema', () => {
    const validate = sarifValidator();
    const log = toSarif(realisticFindings(), {
      ...options,
      automationId: 'rampart/sast/',
      rootUri: '/home/dev/my app',
    });
    const valid = validate(JSON.parse(JSON.stringify(log)));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('writes schema-valid SARIF for any generated findings', () => {
    const validate = sarifValidator();
    fc.assert(
      fc.property(fc.array(findingArbitrary, { maxLength: 6 }), (findings) => {
        validate(JSON.parse(JSON.stringify(toSarif(findings, options))));
        expect(validate.errors ?? []).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('has a schema check that rejects what GitHub would reject', () => {
    const validate = sarifValidator();
    const log = JSON.parse(JSON.stringify(toSarif(realisticFindings(), options)));
    expect(validate({ ...log, version: '2.0.0' })).toBe(false);
    const run = log.runs[0];
    const badLevel = { ...run, results: [{ ...run.results[0], level: 'fatal' }] };
    expect(validate({ ...log, runs: [badLevel] })).toBe(false);
    const unencoded = {
      ...run,
      results: [
        {
          ...run.results[0],
          locations: [{ physicalLocation: { artifactLocation: { uri: 'src/a b.ts' } } }],
        },
      ],
    };
    expect(validate({ ...log, runs: [unencoded] })).toBe(false);
  });

  it('writes an empty log that validates too', () => {
    const validate = sarifValidator();
    expect(validate(JSON.parse(JSON.stringify(toSarif([], options))))).toBe(true);
  });

  it('writes the schema, the version, one run and the driver', () => {
    const log = toSarif(realisticFindings(), options);
    expect(log.$schema).toMatch(/sarif-schema-2\.1\.0\.json$/);
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    expect(log.runs[0]?.tool.driver).toMatchObject({
      name: 'Rampart',
      semanticVersion: '0.1.0',
      version: '0.1.0',
      informationUri: 'https://rampart.dev',
    });
    expect(log.runs[0]?.originalUriBaseIds).toBeUndefined();
    expect(log.runs[0]?.automationDetails).toBeUndefined();
  });

  it('writes one rule per rule id in first-seen order and points results at them', () => {
    const log = toSarif(realisticFindings(), options);
    const ids = log.runs[0]?.tool.driver.rules?.map((r) => r.id);
    expect(ids).toEqual([
      'js/sql-injection',
      'js/xss',
      'aws-access-key-id',
      'GHSA-jf85-cpcp-j695',
      'GHSA-p6mc-m468-83gw',
      'missing-csp',
      'info-banner',
    ]);
    for (const result of results(log)) {
      expect(ids?.[result.ruleIndex ?? -1]).toBe(result.ruleId);
    }
  });

  it('writes security-severity as a string from the highest CVSS score, else from the severity', () => {
    const log = toSarif(realisticFindings(), options);
    expect(rule(log, 'GHSA-jf85-cpcp-j695').properties?.['security-severity']).toBe('9.8');
    // Two findings, high and critical, no CVSS: the most severe wins.
    expect(rule(log, 'js/sql-injection').properties?.['security-severity']).toBe('9.5');
    expect(rule(log, 'js/xss').properties?.['security-severity']).toBe('5.5');
    expect(rule(log, 'missing-csp').properties?.['security-severity']).toBe('2.0');
    expect(rule(log, 'info-banner').properties?.['security-severity']).toBe('0.0');
  });

  it('writes precision from confidence and tags with security, finding tags and CWE tags', () => {
    const log = toSarif(realisticFindings(), options);
    expect(rule(log, 'js/xss').properties).toMatchObject({
      precision: 'medium',
      tags: ['security', 'xss', 'external/cwe/cwe-79', 'external/cwe/cwe-80'],
    });
    expect(rule(log, 'js/sql-injection').properties?.tags).toEqual([
      'security',
      'injection',
      'sql',
      'external/cwe/cwe-89',
    ]);
    expect(rule(log, 'missing-csp').properties?.precision).toBe('low');
  });

  it('derives name, descriptions, help markdown and helpUri from the first finding of a rule', () => {
    const log = toSarif(realisticFindings(), options);
    expect(rule(log, 'js/sql-injection')).toMatchObject({
      name: 'JsSqlInjection',
      shortDescription: { text: 'SQL query built from user input' },
      fullDescription: { text: 'SQL query built from user input' },
      defaultConfiguration: { level: 'error' },
      help: {
        markdown:
          'Use a parameterised query: `db.query("… WHERE id = $1", [id])`.\n\n## References\n\n' +
          '- https://owasp.org/Top10/A03_2021-Injection/\n' +
          '- https://cwe.mitre.org/data/definitions/89.html',
      },
      helpUri: 'https://owasp.org/Top10/A03_2021-Injection/',
    });
    expect(rule(log, 'info-banner').help).toBeUndefined();
    // A reference that is not a URI is listed in help but never becomes helpUri.
    expect(rule(log, 'GHSA-p6mc-m468-83gw').helpUri).toBeUndefined();
    expect(rule(log, 'GHSA-p6mc-m468-83gw').help?.markdown).toContain('- see the advisory');
  });

  it('prefers the rule descriptors given in options', () => {
    const log = toSarif(realisticFindings(), {
      ...options,
      rules: [
        {
          id: 'js/xss',
          name: 'ReflectedXss',
          shortDescription: 'Reflected XSS',
          fullDescription: 'User input reaches HTML without escaping.',
          helpMarkdown: '# Reflected XSS\nEscape output.',
          helpUri: 'https://rampart.dev/rules/js/xss',
          cwe: ['CWE-79'],
          severity: 'high',
          tags: ['web'],
        },
        { id: 'unused', shortDescription: 'never written' },
      ],
    });
    expect(rule(log, 'js/xss')).toEqual({
      id: 'js/xss',
      name: 'ReflectedXss',
      shortDescription: { text: 'Reflected XSS' },
      fullDescription: { text: 'User input reaches HTML without escaping.' },
      defaultConfiguration: { level: 'error' },
      help: {
        text: '# Reflected XSS\nEscape output.',
        markdown: '# Reflected XSS\nEscape output.',
      },
      helpUri: 'https://rampart.dev/rules/js/xss',
      properties: {
        tags: ['security', 'web', 'external/cwe/cwe-79'],
        precision: 'medium',
        'security-severity': '5.5',
      },
    });
    expect(log.runs[0]?.tool.driver.rules?.some((r) => r.id === 'unused')).toBe(false);
  });

  it('maps severities to levels: critical and high error, medium warning, low and info note', () => {
    const log = toSarif(realisticFindings(), options);
    expect(results(log).map((r) => r.level)).toEqual([
      'error',
      'warning',
      'error',
      'error',
      'error',
      'error',
      'note',
      'note',
    ]);
  });

  it('writes the fingerprint as a partial fingerprint and everything else under properties.rampart', () => {
    const findings = realisticFindings();
    const log = toSarif(findings, options);
    const first = results(log)[0];
    expect(first?.partialFingerprints).toEqual({ [FINGERPRINT_KEY]: findings[0]?.fingerprint });
    expect(first?.message).toEqual({ text: findings[0]?.message });
    expect(first?.properties?.[RAMPART_PROPERTIES_KEY]).toEqual({
      scanner: 'sast',
      tool: { name: 'rampart', version: '0.1.0' },
      title: 'SQL query built from user input',
      severity: 'high',
      confidence: 'high',
      cwe: ['CWE-89'],
      owasp: 'A03:2021',
      remediation: 'Use a parameterised query: `db.query("… WHERE id = $1", [id])`.',
      references: [
        'https://owasp.org/Top10/A03_2021-Injection/',
        'https://cwe.mitre.org/data/definitions/89.html',
      ],
      tags: ['injection', 'sql'],
      location: { kind: 'code' },
    });
  });

  it('writes code locations relative to %SRCROOT% with percent-encoded paths, region and snippet', () => {
    const log = toSarif(realisticFindings(), options);
    expect(locationOf(log, 0)).toEqual({
      physicalLocation: {
        artifactLocation: { uri: 'src/routes/users.ts', uriBaseId: '%SRCROOT%' },
        region: {
          startLine: 12,
          startColumn: 5,
          endLine: 12,
          endColumn: 58,
          snippet: { text: 'db.query("SELECT * FROM users WHERE id = " + req.query.id)' },
        },
      },
    });
    expect(locationOf(log, 1)?.physicalLocation?.artifactLocation?.uri).toBe(
      'src/vues/caf%C3%A9%20100%25/page%20%231.ts',
    );
  });

  it('writes originalUriBaseIds as a file URI with a trailing slash only when rootUri is given', () => {
    expect(
      toSarif([], { ...options, rootUri: '/home/dev/my app' }).runs[0]?.originalUriBaseIds,
    ).toEqual({ '%SRCROOT%': { uri: 'file:///home/dev/my%20app/' } });
    expect(
      toSarif([], { ...options, rootUri: 'file:///srv/repo/' }).runs[0]?.originalUriBaseIds,
    ).toEqual({ '%SRCROOT%': { uri: 'file:///srv/repo/' } });
  });

  it('writes the automation id as automationDetails', () => {
    expect(
      toSarif([], { ...options, automationId: 'rampart/pr/' }).runs[0]?.automationDetails,
    ).toEqual({
      id: 'rampart/pr/',
    });
  });

  it('writes a package location as its manifest plus a package logical location', () => {
    const log = toSarif(realisticFindings(), options);
    expect(locationOf(log, 4)).toEqual({
      physicalLocation: {
        artifactLocation: { uri: 'package-lock.json', uriBaseId: '%SRCROOT%' },
        region: { startLine: 1207 },
      },
      logicalLocations: [{ name: 'pkg:npm/lodash@4.17.11', kind: 'package' }],
    });
    expect(locationOf(log, 5)?.physicalLocation).toEqual({
      artifactLocation: { uri: 'web%20app/package.json', uriBaseId: '%SRCROOT%' },
      region: { startLine: 1 },
    });
  });

  it('writes a URL location as the URL artifact, a resource logical location and a web request', () => {
    const log = toSarif(realisticFindings(), options);
    expect(log.runs[0]?.results?.[6]?.webRequest).toEqual({
      method: 'GET',
      target: 'https://staging.example.com/login?next=%2Fhome',
    });
    expect(locationOf(log, 6)).toEqual({
      physicalLocation: {
        artifactLocation: { uri: 'https://staging.example.com/login?next=%2Fhome' },
      },
      logicalLocations: [
        {
          fullyQualifiedName: 'GET https://staging.example.com/login?next=%2Fhome (next)',
          kind: 'resource',
        },
      ],
    });
  });

  it('writes byte-identical JSON for the same findings, whatever the key order of their extras', () => {
    const a = realisticFindings();
    const b = realisticFindings().map((f) =>
      f.properties
        ? { ...f, properties: Object.fromEntries(Object.entries(f.properties).reverse()) }
        : f,
    );
    expect(JSON.stringify(toSarif(a, options))).toBe(JSON.stringify(toSarif(a, options)));
    expect(JSON.stringify(toSarif(b, options))).toBe(JSON.stringify(toSarif(a, options)));
  });

  it('never writes fields a finding carries beyond its type, such as a raw secret', () => {
    const [, , , secret] = realisticFindings();
    const leaky = {
      ...secret,
      raw: 'AKIAIOSFODNN7EXAMPLE',
      secret: { ...secret?.secret, value: 'AKIAIOSFODNN7EXAMPLE' },
    } as unknown as Finding;
    expect(JSON.stringify(toSarif([leaky], options))).not.toContain('AKIAIOSFODNN7EXAMPLE');
  });

  it('omits semanticVersion when the tool version is not semver', () => {
    const driver = toSarif([], { toolVersion: 'dev-4f2a' }).runs[0]?.tool.driver;
    expect(driver).toEqual({ name: 'Rampart', version: 'dev-4f2a', rules: [] });
  });

  it('refuses an informationUri or a rule helpUri that is not an absolute URI', () => {
    const [first] = realisticFindings();
    const attempts = [
      () => toSarif([], { toolVersion: '1.0.0', informationUri: 'rampart.dev' }),
      () =>
        toSarif(first ? [first] : [], {
          toolVersion: '1.0.0',
          rules: [{ id: 'js/sql-injection', shortDescription: 'x', helpUri: '/docs' }],
        }),
    ];
    for (const attempt of attempts) {
      let error: unknown;
      try {
        attempt();
      } catch (err) {
        error = err;
      }
      expect(isRampartError(error) && error.code).toBe('RAMPART_USAGE');
    }
  });
});
