import { ConfigError } from '@rampart/core';
import { schemeFor } from '@rampart/sca/dependencies';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PAVED_ROAD_SCHEMA_ID, parsePolicy, pavedRoadJsonSchema } from './policy.js';
import { satisfiesRange } from './version-range.js';

const FILE = 'paved-road.yml';
const DIGEST = `sha256:${'4ac6b3f4'.repeat(8)}`;

/** The ConfigError parsePolicy throws for `text` (anything else fails the test). */
function errorOf(text: string): ConfigError {
  try {
    parsePolicy(text, FILE);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

/** A policy of `version: 1` and these lines. */
const policy = (...lines: string[]) => ['version: 1', ...lines, ''].join('\n');

// Line numbers matter below: the comment is line 1.
const COMPLETE = `# yaml-language-server: $schema=https://rampart.example/paved-road.schema.json
$schema: https://rampart.example/paved-road.schema.json
version: 1
name: Acme paved road
docs: https://wiki.acme.example/security/paved-road
baseImages:
  registries: [registry.acme.example, docker.io]
  requireDigest: true
  approved:
    - image: cgr.dev/chainguard/node
      tags: ["20", "22-*"]
      digest: ${DIGEST}
      replaces: [node, docker.io/library/node]
      rationale: distroless, no shell, rebuilt every night
      owner: platform-team
      updateCadence: daily
    - image: cgr.dev/chainguard/python
libraries:
  npm:
    banned:
      - name: lodash
        versions: "<4.17.21"
        replacement: lodash 4.17.21 or later
        reason: prototype pollution in zipObjectDeep
        severity: high
      - name: request
        replacement: undici
    approved:
      - name: express
        versions: ">=4.21.2 <6"
        rationale: the releases with the path-to-regexp fix
        owner: web-platform
  PyPI:
    banned:
      - { name: PyYAML, versions: "<5.4", replacement: PyYAML 5.4+ }
    approved:
      - name: Django
        versions: ">=4.2,<6 || ==3.2.25"
  Go:
    banned:
      - name: github.com/dgrijalva/jwt-go
        replacement: github.com/golang-jwt/jwt/v5
  Maven:
    banned:
      - name: org.apache.logging.log4j:log4j-core
        versions: ">=2.0-beta9 <2.17.1"
        severity: critical
  crates.io: {}
  RubyGems:
    approved: []
  Packagist:
    banned:
      - name: phpunit/phpunit
        versions: "<8.5.33"
  NuGet:
    approved:
      - name: Newtonsoft.Json
        versions: ">=13.0.1"
pipeline:
  github:
    workflow: acme/security/.github/workflows/rampart.yml
    ref: v2*
  gitlab:
    project: acme/ci-templates
    file: /rampart.gitlab-ci.yml
scanners: [sast, secrets, sca, iac]
`;

describe('parsePolicy, a valid policy', () => {
  it('reads a complete policy with every setting', () => {
    const p = parsePolicy(COMPLETE, FILE);
    expect(p.source).toBe(FILE);
    expect(p.file).toMatchObject({
      version: 1,
      name: 'Acme paved road',
      docs: 'https://wiki.acme.example/security/paved-road',
      baseImages: {
        registries: ['registry.acme.example', 'docker.io'],
        requireDigest: true,
        approved: [
          {
            image: 'cgr.dev/chainguard/node',
            tags: ['20', '22-*'],
            digest: DIGEST,
            replaces: ['node', 'docker.io/library/node'],
            owner: 'platform-team',
            updateCadence: 'daily',
          },
          { image: 'cgr.dev/chainguard/python' },
        ],
      },
      pipeline: {
        github: { workflow: 'acme/security/.github/workflows/rampart.yml', ref: 'v2*' },
        gitlab: { project: 'acme/ci-templates', file: '/rampart.gitlab-ci.yml' },
      },
      scanners: ['sast', 'secrets', 'sca', 'iac'],
    });
  });

  it('lists the library entries with their ecosystem, range and line', () => {
    const p = parsePolicy(COMPLETE, FILE);
    // Ecosystems come in the schema's order (npm, PyPI, Go, crates.io, RubyGems, Packagist,
    // Maven, NuGet), not the file's: the file has Maven before Packagist. Entries keep the
    // file's order within an ecosystem.
    expect(
      p.banned.map((b) => [b.ecosystem, b.name, b.versions?.text, b.line, b.severity]),
    ).toEqual([
      ['npm', 'lodash', '<4.17.21', 21, 'high'],
      ['npm', 'request', undefined, 26, undefined],
      ['PyPI', 'PyYAML', '<5.4', 35, undefined],
      ['Go', 'github.com/dgrijalva/jwt-go', undefined, 41, undefined],
      ['Packagist', 'phpunit/phpunit', '<8.5.33', 53, undefined],
      ['Maven', 'org.apache.logging.log4j:log4j-core', '>=2.0-beta9 <2.17.1', 45, 'critical'],
    ]);
    expect(p.approved.map((a) => [a.ecosystem, a.name, a.versions?.text, a.line])).toEqual([
      ['npm', 'express', '>=4.21.2 <6', 29],
      ['PyPI', 'Django', '>=4.2,<6 || ==3.2.25', 37],
      ['NuGet', 'Newtonsoft.Json', '>=13.0.1', 57],
    ]);
    expect(p.banned[0]).toMatchObject({
      replacement: 'lodash 4.17.21 or later',
      reason: 'prototype pollution in zipObjectDeep',
    });
    expect(p.approved[0]).toMatchObject({ rationale: expect.any(String), owner: 'web-platform' });
  });

  it('parses each range in its ecosystem ordering, ready to match dependencies', () => {
    const p = parsePolicy(COMPLETE, FILE);
    const versionsOf = (name: string) => {
      const rule = [...p.banned, ...p.approved].find((r) => r.name === name);
      if (!rule?.versions) throw new Error(`no range for ${name}`);
      return { range: rule.versions, scheme: schemeFor(rule.ecosystem) };
    };
    const matches = (name: string, candidates: string[]) => {
      const { range, scheme } = versionsOf(name);
      return candidates.filter((v) => satisfiesRange(v, range, scheme));
    };
    expect(matches('lodash', ['4.17.20', '4.17.21', '3.10.1'])).toEqual(['4.17.20', '3.10.1']);
    // `<6` is completed to 6.0.0 for npm, as npm reads it.
    expect(matches('express', ['4.21.1', '4.21.2', '5.1.0', '6.0.0'])).toEqual(['4.21.2', '5.1.0']);
    expect(matches('Django', ['3.2.24', '3.2.25', '4.1', '4.2', '5.2.1', '6.0'])).toEqual([
      '3.2.25',
      '4.2',
      '5.2.1',
    ]);
    expect(
      matches('org.apache.logging.log4j:log4j-core', ['1.2.17', '2.0', '2.14.1', '2.17.1']),
    ).toEqual(['2.0', '2.14.1']);
  });

  it('reads the smallest policy, with no libraries', () => {
    const p = parsePolicy('version: 1\n', '/etc/rampart/paved-road.yml');
    expect(p).toEqual({
      file: { version: 1 },
      source: '/etc/rampart/paved-road.yml',
      approved: [],
      banned: [],
    });
  });

  it('accepts each GitLab template form', () => {
    for (const form of [
      ['    project: acme/ci', '    file: /rampart.yml'],
      ['    remote: https://gitlab.acme.example/ci/raw/main/rampart.yml'],
      ['    component: gitlab.acme.example/ci/rampart'],
    ]) {
      const p = parsePolicy(policy('pipeline:', '  gitlab:', ...form), FILE);
      expect(p.file.pipeline?.gitlab).toBeDefined();
    }
  });

  it("lists ecosystems in the schema's order, whatever the file's order", () => {
    const p = parsePolicy(
      policy(
        'libraries:',
        '  NuGet:',
        '    banned: [{ name: Newtonsoft.Json }]',
        '  Maven:',
        '    banned: [{ name: "log4j:log4j" }]',
        '  npm:',
        '    banned: [{ name: request }, { name: axios }]',
        '  PyPI:',
        '    banned: [{ name: pycrypto }]',
      ),
      FILE,
    );
    expect(p.banned.map((b) => [b.ecosystem, b.name, b.line])).toEqual([
      ['npm', 'request', 8],
      ['npm', 'axios', 8],
      ['PyPI', 'pycrypto', 10],
      ['Maven', 'log4j:log4j', 6],
      ['NuGet', 'Newtonsoft.Json', 4],
    ]);
  });

  it('accepts each of the eight ecosystems as a libraries key', () => {
    const ecosystems = [
      'npm',
      'PyPI',
      'Go',
      'crates.io',
      'RubyGems',
      'Packagist',
      'Maven',
      'NuGet',
    ];
    const p = parsePolicy(
      policy('libraries:', ...ecosystems.map((e) => `  ${e}: { banned: [{ name: x }] }`)),
      FILE,
    );
    expect(p.banned.map((b) => b.ecosystem)).toEqual(ecosystems);
  });

  it('gives the line of a flow-style entry and of entries after comments and blank lines', () => {
    const p = parsePolicy(
      policy(
        'libraries:',
        '  npm:',
        '    # the old HTTP clients',
        '    banned: [{ name: request }, { name: axios, versions: "<1.8.2" }]',
        '',
        '    approved:',
        '',
        '      # the one HTTP client',
        '      - name: undici',
      ),
      FILE,
    );
    expect(p.banned.map((b) => [b.name, b.line])).toEqual([
      ['request', 5],
      ['axios', 5],
    ]);
    expect(p.approved.map((a) => [a.name, a.line])).toEqual([['undici', 10]]);
  });
});

describe('parsePolicy, errors point at the file, line and column', () => {
  it('rejects an unknown top-level key and suggests the likely one', () => {
    const err = errorOf(policy('baseImage:', '  registries: [registry.acme.example]'));
    expect(err.code).toBe('RAMPART_CONFIG_INVALID');
    expect(err.position).toEqual({ file: FILE, line: 2, column: 1 });
    expect(err.message).toBe(
      'paved-road.yml:2:1: unknown key "baseImage" (did you mean "baseImages"?); expected one of $schema, version, name, docs, baseImages, libraries, pipeline, scanners',
    );
  });

  it('rejects an unknown key in an image entry and suggests the likely one', () => {
    const err = errorOf(
      policy(
        'baseImages:',
        '  approved:',
        '    - image: cgr.dev/chainguard/node',
        '      tag: ["20"]',
      ),
    );
    expect(err.message).toMatch(
      /^paved-road\.yml:5:7: baseImages\.approved\.0: unknown key "tag" \(did you mean "tags"\?\)/,
    );
  });

  it('rejects an ecosystem spelt otherwise than OSV spells it, suggesting the spelling', () => {
    const expected = 'expected one of npm, PyPI, Go, crates.io, RubyGems, Packagist, Maven, NuGet';
    const npm = errorOf(policy('libraries:', '  NPM:', '    banned:', '      - name: request'));
    expect(npm.code).toBe('RAMPART_CONFIG_INVALID');
    expect(npm.position).toEqual({ file: FILE, line: 3, column: 3 });
    expect(npm.message).toBe(
      `paved-road.yml:3:3: libraries: unknown key "NPM" (did you mean "npm"?); ${expected}`,
    );
    const pypi = errorOf(
      policy('libraries:', '  npm: {}', '  pypi:', '    approved:', '      - name: django'),
    );
    expect(pypi.position).toEqual({ file: FILE, line: 4, column: 3 });
    expect(pypi.message).toBe(
      `paved-road.yml:4:3: libraries: unknown key "pypi" (did you mean "PyPI"?); ${expected}`,
    );
    // Nothing close enough: no suggestion, only the list.
    expect(errorOf(policy('libraries:', '  cargo: {}')).message).toBe(
      `paved-road.yml:3:3: libraries: unknown key "cargo"; ${expected}`,
    );
  });

  it('rejects a digest that is not sha256 and 64 hex digits', () => {
    const err = errorOf(
      policy(
        'baseImages:',
        '  approved:',
        '    - image: cgr.dev/chainguard/node',
        '      digest: sha256:4ac6b3f4',
      ),
    );
    expect(err.message).toBe(
      'paved-road.yml:5:15: baseImages.approved.0.digest: expected sha256: and 64 hex digits',
    );
    expect(
      errorOf(
        policy(
          'baseImages:',
          '  approved:',
          `    - { image: node, digest: "${DIGEST.toUpperCase()}" }`,
        ),
      ).message,
    ).toMatch(/^paved-road\.yml:4:30: baseImages\.approved\.0\.digest: expected sha256:/);
  });

  it('rejects ^ and ~ ranges at the versions value, with the bounds to write', () => {
    const err = errorOf(
      policy(
        'libraries:',
        '  npm:',
        '    approved:',
        '      - name: express',
        '        versions: "^4.21.2"',
      ),
    );
    expect(err.position).toEqual({ file: FILE, line: 6, column: 19 });
    expect(err.message).toBe(
      'paved-road.yml:6:19: libraries.npm.approved.0.versions: "^4.21.2": ^, ~ and ~= are shorthands; write the bounds, e.g. ">=1.2.0 <2.0.0"',
    );
    const pep440 = errorOf(
      policy(
        'libraries:',
        '  PyPI:',
        '    banned:',
        '      - name: django',
        '        versions: ">=3.0, ~=3.2"',
      ),
    );
    expect(pep440.position).toEqual({ file: FILE, line: 6, column: 19 });
    expect(pep440.message).toBe(
      'paved-road.yml:6:19: libraries.PyPI.banned.0.versions: "~=3.2": ^, ~ and ~= are shorthands; write the bounds, e.g. ">=1.2.0 <2.0.0"',
    );
  });

  it('rejects a range that does not parse', () => {
    const err = errorOf(
      policy(
        'libraries:',
        '  npm:',
        '    banned:',
        '      - name: a',
        '        versions: ">=1.0.0 ||"',
      ),
    );
    expect(err.message).toBe(
      'paved-road.yml:6:19: libraries.npm.banned.0.versions: ">=1.0.0 ||" has an empty alternative around ||',
    );
    const wildcard = errorOf(
      policy(
        'libraries:',
        '  npm:',
        '    banned:',
        '      - name: a',
        '      - name: b',
        '        versions: 1.x',
      ),
    );
    expect(wildcard.message).toMatch(
      /^paved-road\.yml:7:19: libraries\.npm\.banned\.1\.versions: "1\.x" is not a comparison/,
    );
  });

  it('rejects a version the ecosystem cannot order, naming the ecosystem and scheme', () => {
    expect(
      errorOf(
        policy(
          'libraries:',
          '  PyPI:',
          '    banned:',
          '      - name: pyyaml',
          '        versions: "<latest"',
        ),
      ).message,
    ).toBe(
      'paved-road.yml:6:19: libraries.PyPI.banned.0.versions: "latest" is not a PyPI version (pep440)',
    );
    expect(
      errorOf(
        policy(
          'libraries:',
          '  npm:',
          '    approved:',
          '      - name: react',
          '        versions: ">=18.0.0"',
          '      - name: vue',
          '        versions: ">=3.0-SNAPSHOT"',
        ),
      ).message,
    ).toBe(
      'paved-road.yml:8:19: libraries.npm.approved.1.versions: "3.0-SNAPSHOT" is not a npm version (semver)',
    );
    expect(
      errorOf(
        policy(
          'libraries:',
          '  Go:',
          '    banned:',
          '      - name: golang.org/x/net',
          '        versions: "<0.07.0"',
        ),
      ).message,
    ).toBe(
      'paved-road.yml:6:19: libraries.Go.banned.0.versions: "0.07.0" is not a Go version (go)',
    );
  });

  it('accepts a Maven version in Maven that it rejects in npm', () => {
    const lines = ['    banned:', '      - name: x', '        versions: "<2.0-SNAPSHOT"'];
    expect(() => parsePolicy(policy('libraries:', '  Maven:', ...lines), FILE)).not.toThrow();
    expect(errorOf(policy('libraries:', '  npm:', ...lines)).message).toMatch(/not a npm version/);
  });

  it('requires version: 1', () => {
    const missing = errorOf('name: Acme\nlibraries: {}\n');
    expect(missing.position).toEqual({ file: FILE, line: 1, column: 1 });
    expect(missing.message).toBe('paved-road.yml:1:1: version: expected one of 1');
    expect(errorOf('').message).toBe('paved-road.yml:1:1: version: expected one of 1');
    expect(errorOf('name: Acme\nversion: 2\n').message).toBe(
      'paved-road.yml:2:10: version: expected one of 1',
    );
    expect(errorOf('version: "1"\n').message).toMatch(/^paved-road\.yml:1:10: version: /);
  });

  it('rejects a GitLab template without project and file, remote or component', () => {
    const empty = errorOf(policy('pipeline:', '  gitlab: {}'));
    expect(empty.message).toBe(
      'paved-road.yml:3:11: pipeline.gitlab: expected project and file, or remote, or component',
    );
    const projectOnly = errorOf(policy('pipeline:', '  gitlab:', '    project: acme/ci-templates'));
    expect(projectOnly.message).toBe(
      'paved-road.yml:4:5: pipeline.gitlab: expected project and file, or remote, or component',
    );
    const fileOnly = errorOf(policy('pipeline:', '  gitlab:', '    file: /rampart.yml'));
    expect(fileOnly.message).toMatch(/^paved-road\.yml:4:5: pipeline\.gitlab: expected project/);
  });

  it('rejects a GitLab remote template that is not an https URL', () => {
    for (const remote of [
      'http://gitlab.acme.example/ci/raw/main/rampart.yml',
      'ftp://gitlab.acme.example/rampart.yml',
      'gitlab.acme.example/ci/raw/main/rampart.yml',
    ]) {
      const err = errorOf(policy('pipeline:', '  gitlab:', `    remote: ${remote}`));
      expect(err.position).toEqual({ file: FILE, line: 4, column: 13 });
      expect(err.message).toBe(
        'paved-road.yml:4:13: pipeline.gitlab.remote: expected an https URL',
      );
    }
  });

  it('rejects a GitHub workflow with @ref in it, and one that is not a workflow path', () => {
    const err = errorOf(
      policy(
        'pipeline:',
        '  github:',
        '    workflow: acme/security/.github/workflows/rampart.yml@v2',
      ),
    );
    expect(err.message).toBe(
      'paved-road.yml:4:15: pipeline.github.workflow: expected OWNER/REPO/.github/workflows/FILE.yml (no @ref; set `ref` for that)',
    );
    for (const workflow of [
      'acme/security/rampart.yml',
      'security/.github/workflows/rampart.yml',
      'acme/security/.github/workflows/rampart.json',
    ]) {
      expect(
        errorOf(policy('pipeline:', '  github:', `    workflow: ${workflow}`)).message,
      ).toMatch(/^paved-road\.yml:4:15: pipeline\.github\.workflow: expected OWNER\/REPO/);
    }
  });

  it('rejects docs that are not an http(s) URL', () => {
    expect(errorOf(policy('docs: ftp://wiki.acme.example/paved-road')).message).toMatch(
      /^paved-road\.yml:2:7: docs: /,
    );
    expect(errorOf(policy('docs: wiki page')).message).toMatch(/^paved-road\.yml:2:7: docs: /);
  });

  it('rejects an unknown scanner and a severity that is not one', () => {
    expect(errorOf(policy('scanners: [sast, antivirus]')).message).toBe(
      'paved-road.yml:2:18: scanners.1: expected one of sast, secrets, sca, iac, dast',
    );
    expect(
      errorOf(
        policy(
          'libraries:',
          '  npm:',
          '    banned:',
          '      - name: request',
          '        severity: urgent',
        ),
      ).message,
    ).toMatch(
      /^paved-road\.yml:6:19: libraries\.npm\.banned\.0\.severity: expected one of critical/,
    );
  });

  it('rejects an entry without a name, pointing at the entry', () => {
    expect(
      errorOf(policy('libraries:', '  npm:', '    banned:', '      - versions: "<2.0.0"')).message,
    ).toMatch(/^paved-road\.yml:5:9: libraries\.npm\.banned\.0\.name: /);
  });

  it('rejects YAML that does not parse, duplicate keys and a top level that is a list', () => {
    const syntax = errorOf(policy('scanners: [sast, iac', 'name: x'));
    expect(syntax.message).toMatch(/^paved-road\.yml:\d+:\d+: invalid YAML: /);
    expect(syntax.message).not.toContain('\n');
    const duplicate = errorOf(policy('name: a', 'name: b'));
    expect(duplicate.position?.line).toBe(3);
    expect(errorOf('- version: 1\n').message).toBe(
      'paved-road.yml:1:1: expected a mapping of settings (key: value) at the top level',
    );
  });

  it('refuses an alias bomb instead of expanding it', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
      'e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]',
      'version: 1',
    ].join('\n');
    expect(errorOf(bomb).message).toMatch(/^paved-road\.yml:1:1: invalid YAML: /);
  });

  it('counts the other problems after the first', () => {
    expect(errorOf('version: 2\nname: [x]\nscanners: lots\n').message).toBe(
      'paved-road.yml:1:10: version: expected one of 1 (and 2 more problems)',
    );
  });

  it('never throws anything but a one-line ConfigError with a position', () => {
    const KEYS = [
      'version: 1',
      'version: 2',
      'name: x',
      'docs: https://d.example',
      'baseImages:',
      'registries: [a.example]',
      'approved:',
      'banned:',
      '- image: node',
      'digest: sha256:00',
      'tags: ["20-*"]',
      'libraries:',
      'npm:',
      'PyPI:',
      'Go:',
      'NPM:',
      '- name: lodash',
      '- { name: x, versions: "<2" }',
      'versions: ">=1.0.0 <2"',
      'versions: "^1"',
      'versions: "1 ||"',
      'versions: "<latest"',
      'versions: "1.x"',
      'pipeline:',
      'github:',
      'workflow: a/b/.github/workflows/c.yml@v1',
      'gitlab: {}',
      'scanners: [sast]',
      '&a [x]',
      '*a',
      '{',
      '"',
      '- ',
      ': x',
      '',
    ];
    const line = fc
      .tuple(fc.integer({ min: 0, max: 8 }), fc.constantFrom(...KEYS))
      .map(([indent, key]) => `${' '.repeat(indent)}${key}`);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.array(line, { maxLength: 12 }).map((lines) => lines.join('\n')),
          fc.array(line, { maxLength: 12 }).map((lines) => `version: 1\n${lines.join('\n')}`),
          fc.string(),
        ),
        (text) => {
          try {
            const p = parsePolicy(text, FILE);
            expect(p.file.version).toBe(1);
          } catch (err) {
            expect(err).toBeInstanceOf(ConfigError);
            const message = (err as Error).message;
            expect(message).toMatch(/^paved-road\.yml:\d+:\d+: /);
            expect(message).not.toMatch(/[\r\n]/);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('pavedRoadJsonSchema', () => {
  it('describes the same top-level keys as the runtime schema, version being required', () => {
    const schema = pavedRoadJsonSchema() as {
      $id: string;
      properties: Record<string, unknown>;
      required: string[];
      additionalProperties: boolean;
    };
    expect(schema.$id).toBe(PAVED_ROAD_SCHEMA_ID);
    expect(Object.keys(schema.properties)).toEqual([
      '$schema',
      'version',
      'name',
      'docs',
      'baseImages',
      'libraries',
      'pipeline',
      'scanners',
    ]);
    expect(schema.required).toEqual(['version']);
    expect(schema.additionalProperties).toBe(false);
  });

  it('lists the eight ecosystems under libraries, and no other key', () => {
    const libraries = (
      pavedRoadJsonSchema() as {
        properties: {
          libraries: { properties: Record<string, unknown>; additionalProperties: boolean };
        };
      }
    ).properties.libraries;
    expect(Object.keys(libraries.properties)).toEqual([
      'npm',
      'PyPI',
      'Go',
      'crates.io',
      'RubyGems',
      'Packagist',
      'Maven',
      'NuGet',
    ]);
    expect(libraries.additionalProperties).toBe(false);
  });
});
