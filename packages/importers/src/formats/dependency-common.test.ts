import { primaryId, purlFor } from '@rampart/sca';
import { ECOSYSTEMS } from '@rampart/sca/dependencies';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  advisoryIds,
  chooseSeverity,
  cleanFixedVersions,
  ecosystemOf,
  fixFor,
  fromPurl,
  ghsaInUrl,
  manifestPathResolver,
  normalizeAdvisoryId,
  purlOf,
  referenceUrls,
  scoredCvss,
  severityWord,
  titleFrom,
} from './dependency-common.js';

describe('ecosystemOf', () => {
  it("maps each tool's package types to OSV's spelling", () => {
    const cases: [string, string | undefined][] = [
      ['npm', 'npm'],
      ['yarn', 'npm'],
      ['pnpm', 'npm'],
      ['pip', 'PyPI'],
      ['pipenv', 'PyPI'],
      ['poetry', 'PyPI'],
      ['uv', 'PyPI'],
      ['pypi', 'PyPI'],
      ['gomod', 'Go'],
      ['gobinary', 'Go'],
      ['golang', 'Go'],
      ['cargo', 'crates.io'],
      ['bundler', 'RubyGems'],
      ['gemspec', 'RubyGems'],
      ['gem', 'RubyGems'],
      ['composer', 'Packagist'],
      ['jar', 'Maven'],
      ['pom', 'Maven'],
      ['gradle', 'Maven'],
      ['nuget', 'NuGet'],
      ['dotnet-core', 'NuGet'],
      ['NPM', 'npm'],
      ['alpine', undefined],
      ['conan', undefined],
      ['conda', undefined],
    ];
    for (const [spelling, expected] of cases)
      expect([spelling, ecosystemOf(spelling)]).toEqual([spelling, expected]);
  });
});

describe('purls', () => {
  it("builds the same purl as Rampart's own scanner for every ecosystem", () => {
    const segment = fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,8}$/);
    const name = fc.oneof(
      segment,
      fc.tuple(segment, segment).map(([a, b]) => `@${a}/${b}`),
      fc.tuple(segment, segment).map(([a, b]) => `${a}:${b}`),
      fc.tuple(segment, segment, segment).map(([a, b, c]) => `${a}.com/${b}/${c}`),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...ECOSYSTEMS),
        name,
        fc.stringMatching(/^(\d{1,2}\.){0,2}\d{1,2}$/),
        (eco, n, v) => {
          let expected: string | undefined;
          try {
            expected = purlFor(eco, n, v);
          } catch {
            // packageurl-js refuses some names (a Maven name without a group): Rampart never has one.
          }
          fc.pre(expected !== undefined);
          expect(purlOf(eco, n, v)).toBe(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives other ecosystems a generic purl, and a range no version', () => {
    expect(purlOf('alpine', 'busybox', '1.36.1-r15')).toBe('pkg:generic/busybox@1.36.1-r15');
    expect(purlOf('npm', 'lodash', '')).toBe('pkg:npm/lodash');
  });

  it('reads names as each ecosystem spells them', () => {
    expect(fromPurl('pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1')).toMatchObject({
      ecosystem: 'Maven',
      name: 'org.apache.logging.log4j:log4j-core',
      version: '2.14.1',
    });
    expect(fromPurl('pkg:npm/%40babel/core@7.0.0')).toMatchObject({
      ecosystem: 'npm',
      name: '@babel/core',
    });
    expect(fromPurl('pkg:golang/golang.org/x/net@v0.17.0')).toMatchObject({
      ecosystem: 'Go',
      name: 'golang.org/x/net',
    });
    expect(fromPurl('pkg:deb/debian/openssl@3.0.11?arch=amd64')).toMatchObject({
      ecosystem: 'deb',
      name: 'debian/openssl',
    });
    expect(fromPurl('cpe:2.3:a:apache:log4j')).toBeUndefined();
    expect(fromPurl('pkg:')).toBeUndefined();
  });
});

describe('advisory ids', () => {
  it("picks the id Rampart's scanner picks: GHSA, else the database's, else the CVE", () => {
    expect(advisoryIds(['CVE-2021-23337', 'GHSA-35jh-r3h4-6jhm'])).toEqual({
      id: 'GHSA-35jh-r3h4-6jhm',
      aliases: ['CVE-2021-23337'],
    });
    expect(advisoryIds(['CVE-2023-39325', 'GO-2023-2102']).id).toBe('GO-2023-2102');
    expect(advisoryIds(['CVE-2024-5535', undefined, ' ']).id).toBe('CVE-2024-5535');
  });

  it('normalises the case tools write ids in', () => {
    expect(normalizeAdvisoryId(' ghsa-35JH-r3h4-6jhm ')).toBe('GHSA-35jh-r3h4-6jhm');
    expect(normalizeAdvisoryId('cve-2021-23337')).toBe('CVE-2021-23337');
    expect(advisoryIds(['GHSA-35JH-R3H4-6JHM', 'ghsa-35jh-r3h4-6jhm']).aliases).toEqual([]);
  });

  it('does not depend on the order the ids come in, and agrees with primaryId', () => {
    const id = fc.oneof(
      fc.stringMatching(/^CVE-20\d\d-\d{4,5}$/),
      fc.stringMatching(/^GHSA(-[23456789cfghjmpqrvwx]{4}){3}$/),
      fc.stringMatching(/^(GO|PYSEC|RUSTSEC)-20\d\d-\d{1,4}$/),
    );
    fc.assert(
      fc.property(fc.uniqueArray(id, { minLength: 1, maxLength: 6 }), (ids) => {
        const chosen = advisoryIds(ids);
        expect(advisoryIds([...ids].reverse())).toEqual(chosen);
        expect(chosen.id).toBe(primaryId(ids));
        expect([chosen.id, ...chosen.aliases].sort()).toEqual([...ids].sort());
      }),
    );
  });

  it('finds the GHSA a GitHub advisory URL names', () => {
    expect(ghsaInUrl('https://github.com/advisories/GHSA-35jh-r3h4-6jhm')).toBe(
      'GHSA-35jh-r3h4-6jhm',
    );
    expect(
      ghsaInUrl('https://github.com/json5/json5/security/advisories/GHSA-9c47-m6qq-7p4h'),
    ).toBe('GHSA-9c47-m6qq-7p4h');
    expect(ghsaInUrl('https://github.com/advisories?query=type%3Areviewed')).toBeUndefined();
    expect(
      ghsaInUrl('https://evil.example/github.com/advisories/GHSA-35jh-r3h4-6jhm'),
    ).toBeUndefined();
  });
});

describe('chooseSeverity', () => {
  const critical = scoredCvss(['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'], 'first');
  const zero = scoredCvss(['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N'], 'first');

  it("prefers the tool's word, then the vector, then a bare score", () => {
    expect(chooseSeverity({ word: 'MODERATE', cvss: critical })).toMatchObject({
      severity: 'medium',
      source: 'tool',
    });
    expect(chooseSeverity({ word: 'UNKNOWN', cvss: critical, scores: [2] })).toMatchObject({
      severity: 'critical',
      source: 'cvss',
      cvss: { score: 9.8 },
    });
    expect(chooseSeverity({ word: '', scores: [7.5, 4, null] })).toMatchObject({
      severity: 'high',
      source: 'score',
    });
    expect(chooseSeverity({})).toEqual({ severity: 'medium', source: 'unknown' });
  });

  it('with cvss-first, lets the vector win over the word, and never rates a vulnerability info by score', () => {
    expect(chooseSeverity({ order: 'cvss-first', word: 'LOW', cvss: critical }).severity).toBe(
      'critical',
    );
    expect(chooseSeverity({ cvss: zero }).severity).toBe('low');
    expect(chooseSeverity({ word: 'negligible' }).severity).toBe('info');
  });

  it('skips v2 and broken vectors, and can take the highest', () => {
    expect(scoredCvss(['AV:N/AC:L/Au:N/C:P/I:P/A:P', 'CVSS:3.1/AV:N'], 'first')).toBeUndefined();
    expect(
      scoredCvss(
        [
          'CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:N/I:N/A:H',
          'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
        ],
        'highest',
      )?.score,
    ).toBe(9.8);
    expect(severityWord('Important')).toBe('high');
  });
});

describe('fixed versions', () => {
  it('splits, cleans and orders them by the ecosystem', () => {
    expect(cleanFixedVersions('Maven', ['2.15.0, 2.3.1, 2.12.2', '2.15.0'])).toEqual([
      '2.3.1',
      '2.12.2',
      '2.15.0',
    ]);
    expect(cleanFixedVersions('npm', ['>=4.17.11', '', null, '< 5'])).toEqual(['4.17.11']);
    expect(cleanFixedVersions('alpine', ['3.1.6-r0', '3.1.5-r0'])).toEqual([
      '3.1.6-r0',
      '3.1.5-r0',
    ]);
  });

  it('upgrades to the smallest fix above the installed version', () => {
    expect(fixFor('Maven', '2.14.1', ['2.3.1', '2.12.2', '2.15.0'])).toBe('2.15.0');
    expect(fixFor('PyPI', '4.2.1', ['3.2.20', '4.1.10', '4.2.3'])).toBe('4.2.3');
    expect(fixFor('npm', '', ['4.17.21'])).toBe('4.17.21');
    expect(fixFor('alpine', '1', ['2', '3'])).toBe('2');
    expect(fixFor('npm', '1.0.0', [])).toBeUndefined();
  });
});

describe('manifestPathResolver', () => {
  it('keeps relative paths, with / and without ./', () => {
    const resolve = manifestPathResolver([]);
    expect(resolve('./web/package-lock.json')).toBe('web/package-lock.json');
    expect(resolve('web\\yarn.lock')).toBe('web/yarn.lock');
  });

  it('strips the root the report states', () => {
    const resolve = manifestPathResolver(['/ci/app/web/package-lock.json'], '/ci/app/');
    expect(resolve('/ci/app/web/package-lock.json')).toBe('web/package-lock.json');
  });

  it('strips the folder all absolute paths share; one path keeps its file name', () => {
    const paths = ['/ci/r/package-lock.json', '/ci/r/web/package-lock.json', 'C:\\ci\\x'];
    const resolve = manifestPathResolver(paths.slice(0, 2));
    expect(resolve('/ci/r/package-lock.json')).toBe('package-lock.json');
    expect(resolve('/ci/r/web/package-lock.json')).toBe('web/package-lock.json');
    expect(manifestPathResolver(['/ci/r/web/go.mod'])('/ci/r/web/go.mod')).toBe('go.mod');
    expect(
      manifestPathResolver(['C:\\build\\app\\packages.lock.json'])(
        'C:\\build\\app\\packages.lock.json',
      ),
    ).toBe('packages.lock.json');
  });

  it('never gives an absolute or empty path for paths it was given', () => {
    const segment = fc.stringMatching(/^[a-z]{1,4}$/);
    const absolute = fc
      .array(segment, { minLength: 1, maxLength: 4 })
      .map((s) => `/${s.join('/')}`);
    fc.assert(
      fc.property(fc.array(absolute, { minLength: 1, maxLength: 5 }), (paths) => {
        const resolve = manifestPathResolver(paths);
        for (const path of paths) {
          const out = resolve(path);
          expect(out.startsWith('/')).toBe(false);
          expect(out).not.toBe('');
          expect(path.endsWith(`/${out}`)).toBe(true);
        }
      }),
    );
  });
});

describe('titles and references', () => {
  it('takes the summary, else the first useful sentence, cut at 120 characters', () => {
    expect(titleFrom(' Prototype  pollution ', 'x', 'GHSA-1')).toBe('Prototype pollution');
    expect(
      titleFrom(
        undefined,
        'An issue was discovered in Django 4.2. `EmailValidator` is slow. More.',
        'X',
      ),
    ).toBe('EmailValidator is slow.');
    expect(titleFrom(null, `${'word '.repeat(40)}.`, 'X')).toHaveLength(120);
    expect(titleFrom('', '', 'CVE-1')).toBe('Known vulnerability CVE-1');
  });

  it('keeps distinct http(s) links, at most ten', () => {
    const urls = Array.from({ length: 14 }, (_, i) => `https://example.com/${i}`);
    expect(
      referenceUrls([
        'https://a.example',
        'https://a.example',
        'javascript:alert(1)',
        'ftp://x',
        null,
      ]),
    ).toEqual(['https://a.example']);
    expect(referenceUrls(urls)).toHaveLength(10);
  });
});
