import { ParseError } from '@rampart/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseText } from '../../test-support/parse.js';
import { hasSharedData, sharedLockfile } from '../../test-support/shared-data.js';
import { buildDependencies } from '../graph.js';
import { gemfileLockParser as parser } from './gemfile-lock.js';

const parse = (text: string) => parseText(parser, text, 'app/Gemfile.lock');

describe('Gemfile.lock: real files', () => {
  it('claims Gemfile.lock and gems.locked', () => {
    expect(parser.matches('x/Gemfile.lock')).toBe(true);
    expect(parser.matches('gems.locked')).toBe(true);
    expect(parser.matches('Gemfile')).toBe(false);
  });

  it.skipIf(!hasSharedData)('reads railsgoat 2016: 130 gems, 39 direct', async () => {
    const r = await parse(sharedLockfile('RubyGems', 'OWASP-railsgoat-2016-Gemfile.lock'));
    expect(r.packages).toHaveLength(130);
    expect(r.packages.filter((p) => p.direct)).toHaveLength(39);
    expect(r.packages.find((p) => p.name === 'actionmailer')).toMatchObject({
      version: '4.2.5',
      line: 4,
      dependsOn: expect.arrayContaining(['actionpack@4.2.5', 'mail@2.6.3']),
    });
    const deps = buildDependencies('RubyGems', 'Gemfile.lock', r.packages);
    expect(deps.find((d) => d.name === 'nokogiri')).toMatchObject({
      version: '1.6.1',
      purl: 'pkg:gem/nokogiri@1.6.1',
      dev: false,
      line: 184,
      path: ['capybara@2.5.0', 'nokogiri@1.6.1'],
    });
  });

  it.skipIf(!hasSharedData)(
    'reads railsgoat today: platform variants fold into one version',
    async () => {
      const r = await parse(sharedLockfile('RubyGems', 'OWASP-railsgoat-Gemfile.lock'));
      expect(r.packages).toHaveLength(167);
      expect(r.packages.filter((p) => p.direct)).toHaveLength(38);
      // nine `nokogiri (1.19.0[-platform])` specs, each with its own dependency lines
      expect(r.packages.filter((p) => p.name === 'nokogiri')).toEqual([
        expect.objectContaining({ version: '1.19.0', line: 259 }),
      ]);
      expect(r.packages.find((p) => p.name === 'nokogiri')?.dependsOn).toEqual(
        expect.arrayContaining(['mini_portile2@2.8.9', 'racc@1.8.1']),
      );
      expect(r.packages.find((p) => p.name === 'ffi')).toMatchObject({
        version: '1.17.3',
        line: 156,
      });
      const deps = buildDependencies('RubyGems', 'Gemfile.lock', r.packages);
      expect(deps.find((d) => d.name === 'racc')?.path).toEqual([
        'capybara@3.40.0',
        'nokogiri@1.19.0',
        'racc@1.8.1',
      ]);
      expect(deps.find((d) => d.name === 'ffi')?.path).toEqual([
        'jquery-fileupload-rails@1.0.0',
        'sassc@2.4.0',
        'ffi@1.17.3',
      ]);
      expect(r.notes?.join('\n')).toMatch(/Bundler 4\.0\.4 itself/);
    },
  );

  it.skipIf(!hasSharedData)(
    'reads threat-dragon docs: direct gems locked only for other platforms',
    async () => {
      const r = await parse(sharedLockfile('RubyGems', 'OWASP-threat-dragon-docs_Gemfile.lock'));
      expect(r.packages).toHaveLength(38);
      expect(
        r.packages
          .filter((p) => p.direct)
          .map((p) => p.name)
          .sort(),
      ).toEqual([
        'base64',
        'csv',
        'erb',
        'http_parser.rb',
        'jekyll',
        'jekyll-feed',
        'owasp-td-jekyll',
        'webrick',
      ]);
      expect(r.notes?.join('\n')).toMatch(
        /3 gem\(s\) in DEPENDENCIES have no locked spec \(tzinfo, tzinfo-data, wdm\)/,
      );
      expect(r.notes?.join('\n')).toMatch(/Locked for 21 platforms/);
    },
  );
});

describe('Gemfile.lock: sources', () => {
  it('reads GIT and PATH sections and takes the gemspec at "." as the root', async () => {
    const r = await parse(`GIT
  remote: https://example.invalid/forked.git
  revision: 0123abc
  branch: main
  specs:
    forked (2.0.0)
      rack

PATH
  remote: .
  specs:
    myapp (0.1.0)
      rack (>= 2)

PATH
  remote: ../shared
  specs:
    shared (1.0.0)

GEM
  remote: https://rubygems.org/
  specs:
    rack (3.0.8)
    rspec (3.12.0)

PLATFORMS
  ruby

DEPENDENCIES
  forked!
  myapp!
  rspec (~> 3.12)
  shared!

BUNDLED WITH
   2.4.10
`);
    expect(r.rootName).toBe('myapp');
    expect(r.packages.map((p) => [p.name, p.version, p.direct, p.line, p.source ?? null])).toEqual([
      ['forked', '2.0.0', true, 6, 'git'],
      ['shared', '1.0.0', true, 18, 'path'],
      ['rack', '3.0.8', true, 23, null],
      ['rspec', '3.12.0', true, 24, null],
    ]);
    expect(r.packages[0]?.dependsOn).toEqual(['rack@3.0.8']);
  });
});

describe('Gemfile.lock: broken input', () => {
  it.each([
    ['GEM\n  specs:\n    rack 3.0\n', 3, /expected "name \(version\)"/],
    ['GEM\n  specs:\n      rack\n', 3, /before any gem/],
    ['GEM\n  specs:\n    rack (3.0)\n     odd\n', 4, /indentation of 5 spaces/],
    ['  rack (3.0)\n', 1, /before any section/],
    ['GEM\n  specs:\n    rack (3.0)\nnot a header\n', 4, /outside a section/],
    ['DEPENDENCIES\n  rack (>= 1\n', 2, /in DEPENDENCIES/],
    ['GEM\n  specs:\n    rack (-java)\n', 3, /has no version/],
  ])('rejects broken lock %#', async (text, line, message) => {
    const err = await parse(text).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParseError);
    expect((err as ParseError).position).toMatchObject({ file: 'app/Gemfile.lock', line });
    expect((err as ParseError).message).toMatch(message);
  });
});

describe('Gemfile.lock: properties', () => {
  const gem = fc.tuple(
    fc.stringMatching(/^[a-z][a-z0-9_-]{0,10}$/),
    fc.tuple(fc.nat(20), fc.nat(20), fc.nat(20)).map((v) => v.join('.')),
    fc.constantFrom('', '-x86_64-linux', '-java', '-arm64-darwin'),
  );

  it('gives back the gem set, edges and direct gems it was written from', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(gem, { selector: ([n]) => n, minLength: 1, maxLength: 20 }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 30 }),
        fc.array(fc.boolean(), { minLength: 20, maxLength: 20 }),
        async (gems, rawEdges, isDirect) => {
          const edges = new Map<number, Set<number>>();
          for (const [a, b] of rawEdges) {
            const from = a % gems.length;
            edges.set(from, (edges.get(from) ?? new Set()).add(b % gems.length));
          }
          const specs = gems
            .map(([n, v, platform], i) =>
              [
                `    ${n} (${v}${platform})`,
                ...[...(edges.get(i) ?? [])].map((j) => `      ${gems[j]?.[0]} (>= 0)`),
              ].join('\n'),
            )
            .join('\n');
          const dependencies = gems
            .filter((_, i) => isDirect[i])
            .map(([n]) => `  ${n}`)
            .join('\n');
          const text = `GEM\n  remote: https://rubygems.org/\n  specs:\n${specs}\n\nPLATFORMS\n  ruby\n\nDEPENDENCIES\n${dependencies}\n\nBUNDLED WITH\n   2.5.0\n`;
          const r = await parse(text);
          expect(r.packages.map((p) => [p.name, p.version, p.direct])).toEqual(
            gems.map(([n, v], i) => [n, v, isDirect[i]]),
          );
          r.packages.forEach((p, i) => {
            expect(new Set(p.dependsOn)).toEqual(
              new Set([...(edges.get(i) ?? [])].map((j) => `${gems[j]?.[0]}@${gems[j]?.[1]}`)),
            );
          });
        },
      ),
    );
  });
});
