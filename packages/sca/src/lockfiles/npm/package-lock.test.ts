import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseText } from '../../test-support/parse.js';
import { hasSharedData, sharedLockfile } from '../../test-support/shared-data.js';
import { type ParseResult, packageKey } from '../../types.js';
import { buildDependencies } from '../graph.js';
import { lineOf, parseErrorOf, pkg, type Row, rows } from './npm-test-utils.js';
import { packageLockParser } from './package-lock.js';

const parse = (
  text: string,
  siblings: Record<string, string> = {},
  path = 'app/package-lock.json',
) => parseText(packageLockParser, text, path, siblings);

const V3 = `{
  "name": "demo",
  "version": "1.0.0",
  "lockfileVersion": 3,
  "requires": true,
  "packages": {
    "": {
      "name": "demo",
      "version": "1.0.0",
      "workspaces": ["packages/*"],
      "dependencies": { "a": "^1.0.0", "string-width-cjs": "npm:string-width@^4.2.0", "ws-lib": "*" },
      "devDependencies": { "t": "^2.0.0" },
      "optionalDependencies": { "fsevents": "^2.0.0" }
    },
    "node_modules/a": {
      "version": "1.0.0",
      "license": "MIT",
      "dependencies": { "b": "^2.0.0", "c": "^1.0.0" },
      "peerDependencies": { "p": "*" },
      "optionalDependencies": { "missing-opt": "*" }
    },
    "node_modules/a/node_modules/b": {
      "version": "2.0.0",
      "license": { "type": "ISC" },
      "dependencies": { "c": "^1.0.0" }
    },
    "node_modules/b": { "version": "1.0.0", "dev": true },
    "node_modules/c": { "version": "1.0.0" },
    "node_modules/p": { "version": "3.0.0" },
    "node_modules/string-width-cjs": { "name": "string-width", "version": "4.2.3" },
    "node_modules/t": { "version": "2.0.0", "dev": true, "dependencies": { "b": "^1.0.0", "c": "1" } },
    "node_modules/t/node_modules/c": { "version": "1.0.0", "dev": true },
    "node_modules/fsevents": { "version": "2.3.3", "devOptional": true, "optional": true },
    "node_modules/ws-lib": { "resolved": "packages/ws-lib", "link": true },
    "packages/ws-lib": {
      "name": "ws-lib",
      "version": "0.1.0",
      "dependencies": { "d": "^1.1.0" },
      "devDependencies": { "e": "^1.0.0" }
    },
    "packages/ws-lib/node_modules/d": { "version": "1.1.0" },
    "node_modules/d": { "version": "1.0.0" },
    "node_modules/e": { "version": "1.0.0", "dev": true },
    "node_modules/git-dep": { "version": "0.0.1", "resolved": "git+ssh://git@github.com/o/r.git#abc" },
    "node_modules/no-version": { "resolved": "https://example.test/x.tgz" }
  }
}
`;

const V1 = `{
  "name": "legacy",
  "version": "1.0.0",
  "lockfileVersion": 1,
  "requires": true,
  "dependencies": {
    "a": {
      "version": "1.0.0",
      "requires": { "b": "^2.0.0", "c": "^1.0.0" },
      "dependencies": {
        "b": { "version": "2.0.0", "requires": { "c": "^1.0.0" } }
      }
    },
    "b": { "version": "1.0.0", "dev": true },
    "c": { "version": "1.0.0" },
    "t": { "version": "2.0.0", "dev": true, "requires": { "b": "^1.0.0" } },
    "alias": { "version": "npm:real@3.0.0" },
    "gh": { "version": "github:o/r#abc123", "from": "github:o/r" },
    "local": { "version": "file:../local" },
    "old": { "version": "https://registry.example/old/-/old-1.4.7.tgz" }
  }
}
`;

describe('packageLockParser', () => {
  it.each([
    ['package-lock.json', true],
    ['app/package-lock.json', true],
    ['npm-shrinkwrap.json', true],
    ['a/b/npm-shrinkwrap.json', true],
    ['package.json', false],
    ['node_modules/.package-lock.json', false],
    ['package-lock.json.bak', false],
  ])('matches %s: %s', (path, expected) => {
    expect(packageLockParser.matches(path)).toBe(expected);
  });

  describe('lockfileVersion 2 and 3', () => {
    it('resolves each dependency the way Node does, walking up nested node_modules', async () => {
      const result = await parse(V3);
      expect(pkg(result, 'a@1.0.0').dependsOn.slice().sort()).toEqual([
        'b@2.0.0',
        'c@1.0.0',
        'p@3.0.0',
      ]);
      expect(pkg(result, 'b@2.0.0').dependsOn).toEqual(['c@1.0.0']);
      expect(pkg(result, 't@2.0.0').dependsOn.slice().sort()).toEqual(['b@1.0.0', 'c@1.0.0']);
    });

    it('skips entries with an empty version, and falls back to the folder for an empty name', async () => {
      const text = JSON.stringify({
        lockfileVersion: 3,
        packages: {
          '': { name: 'root' },
          'node_modules/a': { version: '' },
          'node_modules/b': { name: '', version: '1.0.0' },
          'node_modules/': { version: '1.0.0' },
        },
      });
      expect(rows(await parse(text)).map((r) => r.key)).toEqual(['b@1.0.0']);
    });

    it('marks what the root declares as direct, with dev from the dev and devOptional flags', async () => {
      const result = await parse(V3);
      const direct = result.packages.filter((p) => p.direct).map((p) => `${p.name}@${p.version}`);
      expect(direct.sort()).toEqual([
        'a@1.0.0',
        'd@1.1.0',
        'e@1.0.0',
        'fsevents@2.3.3',
        'string-width@4.2.3',
        't@2.0.0',
      ]);
      expect(pkg(result, 'a@1.0.0').dev).toBe(false);
      expect(pkg(result, 't@2.0.0').dev).toBe(true);
      expect(pkg(result, 'fsevents@2.3.3').dev).toBe(true);
      expect(pkg(result, 'b@1.0.0')).toMatchObject({ direct: false, dev: true });
    });

    it('uses the real name of aliased packages', async () => {
      const result = await parse(V3);
      expect(result.packages.some((p) => p.name === 'string-width-cjs')).toBe(false);
      expect(pkg(result, 'string-width@4.2.3').direct).toBe(true);
    });

    it('keeps links and workspace folders out, but makes their dependencies direct', async () => {
      const result = await parse(V3);
      expect(result.packages.some((p) => p.name === 'ws-lib')).toBe(false);
      // packages/ws-lib resolves `d` to its own node_modules first, as Node would.
      expect(pkg(result, 'd@1.1.0').direct).toBe(true);
      expect(pkg(result, 'd@1.0.0').direct).toBe(false);
      expect(pkg(result, 'e@1.0.0')).toMatchObject({ direct: true, dev: true });
      // …and lists them as the project's own packages, for the SBOM.
      expect(result.workspaces).toEqual([
        { name: 'ws-lib', version: '0.1.0', path: 'packages/ws-lib' },
      ]);
    });

    it('merges copies of one version, skips version-less entries and keeps licences and sources', async () => {
      const result = await parse(V3);
      expect(result.packages).toHaveLength(12);
      expect(result.packages.some((p) => p.name === 'no-version')).toBe(false);
      // One copy of c is prod, so the merged package is prod; its line is the first copy's.
      expect(pkg(result, 'c@1.0.0')).toMatchObject({
        dev: false,
        line: lineOf(V3, '"node_modules/c"'),
      });
      expect(pkg(result, 'a@1.0.0').license).toBe('MIT');
      expect(pkg(result, 'b@2.0.0').license).toBe('ISC');
      expect(pkg(result, 'git-dep@0.0.1').source).toBe('git');
      expect(pkg(result, 'a@1.0.0').source).toBeUndefined();
      expect(result.rootName).toBe('demo');
    });

    it('gives each package the line of its key', async () => {
      const result = await parse(V3);
      expect(pkg(result, 'b@2.0.0').line).toBe(lineOf(V3, '"node_modules/a/node_modules/b"'));
      expect(pkg(result, 'd@1.1.0').line).toBe(lineOf(V3, '"packages/ws-lib/node_modules/d"'));
    });
  });

  describe('lockfileVersion 1', () => {
    it('resolves requires through the nested dependencies tree', async () => {
      const result = await parse(V1);
      expect(pkg(result, 'a@1.0.0').dependsOn.slice().sort()).toEqual(['b@2.0.0', 'c@1.0.0']);
      expect(pkg(result, 'b@2.0.0').dependsOn).toEqual(['c@1.0.0']);
      expect(pkg(result, 'b@2.0.0').line).toBe(lineOf(V1, '"b": { "version": "2.0.0"'));
      expect(pkg(result, 't@2.0.0')).toMatchObject({ dev: true, dependsOn: ['b@1.0.0'] });
    });

    it('reads aliases, git versions and tarball-URL versions, and skips local folders', async () => {
      const result = await parse(V1);
      expect(pkg(result, 'real@3.0.0').name).toBe('real');
      expect(pkg(result, 'gh@github:o/r#abc123').source).toBe('git');
      expect(pkg(result, 'old@1.4.7').source).toBeUndefined();
      expect(result.packages.some((p) => p.name === 'local')).toBe(false);
      expect(result.packages).toHaveLength(8);
    });

    it('takes direct and dev from package.json next to the lockfile', async () => {
      const manifest = JSON.stringify({
        dependencies: { a: '^1.0.0', alias: 'npm:real@^3.0.0', gh: 'github:o/r' },
        devDependencies: { t: '^2.0.0' },
      });
      const result = await parse(V1, { 'package.json': manifest });
      const direct = result.packages.filter((p) => p.direct).map((p) => p.name);
      expect(direct.sort()).toEqual(['a', 'gh', 'real', 't']);
      expect(result.notes).toBeUndefined();
    });

    it('without package.json, guesses direct as the top-level packages nothing requires, and says so', async () => {
      const result = await parse(V1);
      const direct = result.packages.filter((p) => p.direct).map((p) => p.name);
      expect(direct.sort()).toEqual(['a', 'gh', 'old', 'real', 't']);
      expect(result.notes?.[0]).toMatch(/no package.json next to the lockfile/);
    });

    it('skips entries whose version or name is empty, keeping their nested packages', async () => {
      const text = JSON.stringify({
        lockfileVersion: 1,
        dependencies: {
          a: { version: '', requires: { b: '*' }, dependencies: { b: { version: '2.0.0' } } },
          '': { version: '1.0.0' },
          alias: { version: 'npm:real@' },
        },
      });
      expect(rows(await parse(text)).map((r) => r.key)).toEqual(['b@2.0.0']);
    });

    it('reads a version-less npm 4 shrinkwrap as version 1', async () => {
      const text = JSON.stringify({ name: 'x', dependencies: { a: { version: '1.0.0' } } });
      expect(rows(await parse(text))).toEqual([
        { key: 'a@1.0.0', direct: true, dev: false, dependsOn: [] },
      ]);
    });
  });

  describe('malformed files', () => {
    it.each([
      ['truncated JSON', '{\n  "lockfileVersion": 3,\n  "packages": {\n    "node_modules/a": {', 4],
      ['an unknown lockfileVersion', '{\n  "name": "x",\n  "lockfileVersion": 4\n}', 3],
      ['packages that is not an object', '{\n  "lockfileVersion": 3,\n  "packages": []\n}', 3],
      [
        'an entry that is not an object',
        '{\n  "lockfileVersion": 2,\n  "packages": {\n    "": {},\n    "node_modules/a": "1.0.0"\n  }\n}',
        5,
      ],
      [
        'a version that is not a string',
        '{\n  "lockfileVersion": 3,\n  "packages": {\n    "node_modules/a": { "version": 1 }\n  }\n}',
        4,
      ],
      [
        'dependencies that are an array',
        '{\n  "lockfileVersion": 3,\n  "packages": {\n    "node_modules/a": {\n      "version": "1.0.0",\n      "dependencies": ["b"]\n    }\n  }\n}',
        4,
      ],
      [
        'a v1 entry that is not an object',
        '{\n  "lockfileVersion": 1,\n  "dependencies": {\n    "a": {\n      "version": "1.0.0",\n      "dependencies": { "b": 7 }\n    }\n  }\n}',
        6,
      ],
      ['a top level that is an array', '[\n  1\n]', 1],
    ])('throws a ParseError naming the file and line for %s', async (_, text, line) => {
      const err = await parseErrorOf(() => parse(text));
      expect(err.position).toMatchObject({ file: 'app/package-lock.json', line });
      expect(err.message).toMatch(new RegExp(`^app/package-lock\\.json:${line}(:\\d+)?: `));
    });
  });

  describe.skipIf(!hasSharedData)('real lockfiles', () => {
    /** Distinct name@version of `node_modules/` entries with a version, counted without the parser. */
    function countModern(text: string): number {
      const data = JSON.parse(text) as {
        packages: Record<string, { name?: string; version?: string; link?: boolean }>;
      };
      const keys = new Set<string>();
      for (const [path, entry] of Object.entries(data.packages)) {
        if (!path.includes('node_modules/') || entry.link || entry.version === undefined) continue;
        const name = entry.name ?? path.slice(path.lastIndexOf('node_modules/') + 13);
        keys.add(`${name}@${entry.version}`);
      }
      return keys.size;
    }

    /** Distinct name@version in a v1 tree (no aliases or local folders in these files). */
    function countLegacy(text: string): number {
      type Tree = Record<string, { version: string; dependencies?: Tree }>;
      const keys = new Set<string>();
      const stack = [(JSON.parse(text) as { dependencies: Tree }).dependencies];
      for (let tree = stack.pop(); tree !== undefined; tree = stack.pop()) {
        for (const [name, entry] of Object.entries(tree)) {
          keys.add(`${name}@${entry.version}`);
          if (entry.dependencies) stack.push(entry.dependencies);
        }
      }
      return keys.size;
    }

    const pathOf = (result: ParseResult, file: string, key: string) =>
      buildDependencies('npm', file, result.packages).find(
        (d) => packageKey(d.name, d.version) === key,
      )?.path;

    it('OWASP NodeGoat, lockfileVersion 2', async () => {
      const text = sharedLockfile('npm', 'OWASP-NodeGoat-package-lock.json');
      const result = await parse(text);
      expect(result.packages).toHaveLength(countModern(text));
      expect(result.packages).toHaveLength(1091);
      expect(result.rootName).toBe('owasp-nodejs-goat');
      expect(pkg(result, 'bson@1.0.9')).toMatchObject({ direct: false, dev: false, line: 897 });
      expect(pkg(result, 'mongodb@2.2.36')).toMatchObject({ direct: true, dev: false, line: 7034 });
      expect(pkg(result, 'marked@0.3.5')).toMatchObject({ direct: true, dev: false, line: 6742 });
      expect(pkg(result, 'grunt-if@0.2.0')).toMatchObject({
        direct: true,
        dev: true,
        source: 'url',
      });
      expect(result.packages.filter((p) => p.direct)).toHaveLength(36);
      expect(pathOf(result, 'package-lock.json', 'bson@1.0.9')).toEqual([
        'mongodb@2.2.36',
        'mongodb-core@2.1.20',
        'bson@1.0.9',
      ]);
    });

    it('OWASP NodeGoat 2020, lockfileVersion 1', async () => {
      const text = sharedLockfile('npm', 'OWASP-NodeGoat-2020-package-lock.json');
      const result = await parse(text);
      expect(result.packages).toHaveLength(countLegacy(text));
      expect(result.packages).toHaveLength(1089);
      expect(pkg(result, 'mongodb@2.2.36')).toMatchObject({
        direct: true,
        dev: false,
        line: lineOf(text, '\n    "mongodb": {') + 1,
      });
      expect(pathOf(result, 'package-lock.json', 'bson@1.0.9')).toEqual([
        'mongodb@2.2.36',
        'mongodb-core@2.1.20',
        'bson@1.0.9',
      ]);
      expect(result.notes).toHaveLength(1);
    });

    it('OWASP threat dragon server, lockfileVersion 3 with an aliased override', async () => {
      const text = sharedLockfile('npm', 'OWASP-threat-dragon-td.server_package-lock.json');
      const result = await parse(text);
      expect(result.packages).toHaveLength(countModern(text));
      expect(result.packages).toHaveLength(850);
      // node_modules/request is "@cypress/request" under an alias.
      expect(pkg(result, '@cypress/request@4.0.1')).toMatchObject({
        line: 10158,
        license: 'Apache-2.0',
      });
      expect(result.packages.some((p) => p.name === 'request')).toBe(false);
      expect(pkg(result, 'tv4@1.3.0').license).toBe('(Public Domain) OR (MIT)');
      expect(pathOf(result, 'package-lock.json', '@cypress/request@4.0.1')).toEqual([
        'octonode@0.10.2',
        '@cypress/request@4.0.1',
      ]);
    });

    it('juice-shop 2019, lockfileVersion 1 with nested copies', async () => {
      const text = sharedLockfile('npm', 'juice-shop-juice-shop-2019-package-lock.json');
      const result = await parse(text);
      expect(result.packages).toHaveLength(countLegacy(text));
      expect(result.packages).toHaveLength(1333);
      expect(pkg(result, 'sanitize-html@1.4.2')).toMatchObject({ line: 11841, dev: false });
      expect(pkg(result, 'sanitize-html@1.4.2').dependsOn).toContain('lodash@2.4.2');
      expect(pkg(result, 'lodash@2.4.2').line).toBe(11851);
      expect(pathOf(result, 'package-lock.json', 'lodash@2.4.2')).toEqual([
        'sanitize-html@1.4.2',
        'lodash@2.4.2',
      ]);
    });

    it('juice-shop 2026, lockfileVersion 3: direct is exactly what its package.json declares', async () => {
      const text = sharedLockfile('npm', 'juice-shop-juice-shop-2026-package-lock.json');
      const manifest = JSON.parse(
        sharedLockfile('npm', 'juice-shop-juice-shop-2026-package.json'),
      ) as {
        dependencies?: Record<string, string>;
        devDependencies?: Record<string, string>;
        optionalDependencies?: Record<string, string>;
      };
      const result = await parse(text);
      expect(result.packages).toHaveLength(countModern(text));
      expect(result.packages).toHaveLength(1323);
      const lock = JSON.parse(text) as { packages: Record<string, { name?: string }> };
      const declared = new Set(
        [
          ...Object.keys(manifest.dependencies ?? {}),
          ...Object.keys(manifest.devDependencies ?? {}),
          ...Object.keys(manifest.optionalDependencies ?? {}),
        ]
          .filter((n) => lock.packages[`node_modules/${n}`] !== undefined)
          .map((n) => lock.packages[`node_modules/${n}`]?.name ?? n),
      );
      const direct = new Set(result.packages.filter((p) => p.direct).map((p) => p.name));
      expect(direct).toEqual(declared);
      expect(pkg(result, 'cypress@13.17.0')).toMatchObject({ direct: true, dev: true, line: 4965 });
      expect(pkg(result, 'mocha@8.4.0')).toMatchObject({ direct: true, dev: true, line: 11701 });
      // A devDependency that socket.io (production) also requires is not dev-only.
      expect(pkg(result, '@types/cors@2.8.19')).toMatchObject({
        direct: true,
        dev: false,
        line: 1753,
      });
      expect(pathOf(result, 'package-lock.json', '@types/cookie@0.4.1')?.[0]).toBe(
        'socket.io@3.1.2',
      );
    });

    it('juice-shop-ctf, lockfileVersion 3', async () => {
      const text = sharedLockfile('npm', 'juice-shop-juice-shop-ctf-package-lock.json');
      const result = await parse(text);
      expect(result.packages).toHaveLength(countModern(text));
      expect(result.packages).toHaveLength(536);
      expect(result.rootName).toBe('juice-shop-ctf-cli');
    });

    it('loopback security: a linked folder is the project own, its dependencies direct', async () => {
      const text = sharedLockfile('npm', 'loopbackio-security-package-lock.json');
      const result = await parse(text);
      expect(result.packages).toHaveLength(countModern(text));
      expect(result.packages).toHaveLength(1041);
      expect(result.packages.some((p) => p.name === 'secvisogram')).toBe(false);
      // bcp47 is declared only by vendors/secvisogram/app, linked as node_modules/secvisogram.
      expect(pkg(result, 'bcp47@1.1.2')).toMatchObject({ direct: true, dev: true, line: 4354 });
    });

    it('nightscout, npm-shrinkwrap.json lockfileVersion 1', async () => {
      const text = sharedLockfile('npm', 'nightscout-cgm-remote-monitor-2021-npm-shrinkwrap.json');
      const result = await parse(text, {}, 'npm-shrinkwrap.json');
      // node-uuid is listed by its registry tarball URL: read back as 1.4.7, so one key fewer
      // than counting raw versions would give.
      expect(countLegacy(text)).toBe(1154);
      expect(result.packages).toHaveLength(1154);
      expect(pkg(result, 'node-uuid@1.4.7').source).toBeUndefined();
      const http2 = result.packages.find((p) => p.name === 'http2');
      expect(http2).toMatchObject({
        version: 'https://github.com/node-apn/node-http2/archive/apn-2.1.4.tar.gz',
        source: 'url',
      });
      expect(result.rootName).toBe('nightscout');
    });
  });

  describe('properties', () => {
    const NAMES = ['a', 'b', 'c-d', '@s/e', '@s/f', 'constructor', 'to.string'] as const;
    const VERSIONS = ['1.0.0', '1.0.1', '2.0.0-rc.1', '0.0.3'] as const;
    const arbPackage = fc.record({
      name: fc.constantFrom(...NAMES),
      version: fc.constantFrom(...VERSIONS),
      dev: fc.boolean(),
      depMask: fc.array(fc.boolean(), { minLength: NAMES.length, maxLength: NAMES.length }),
    });
    type Generated = typeof arbPackage extends fc.Arbitrary<infer T> ? T : never;
    /** A two-level node_modules tree: hoisted packages, each with nested copies of its own. */
    const arbTree = fc.record({
      top: fc.uniqueArray(
        fc.record({
          pkg: arbPackage,
          nested: fc.uniqueArray(arbPackage, { selector: (p) => p.name, maxLength: 3 }),
        }),
        { selector: (t) => t.pkg.name, maxLength: 7 },
      ),
      rootMask: fc.array(fc.constantFrom('none', 'prod', 'dev'), {
        minLength: NAMES.length,
        maxLength: NAMES.length,
      }),
    });
    type Tree = typeof arbTree extends fc.Arbitrary<infer T> ? T : never;

    interface Placed {
      readonly pkg: Generated;
      /** The names this package depends on, and the package each resolves to. */
      readonly deps: [string, Generated][];
    }

    /** Places every package and resolves its dependencies by hand: nested copies shadow hoisted ones. */
    function place(tree: Tree): { placed: Placed[]; root: [Generated, 'prod' | 'dev'][] } {
      const top = new Map(tree.top.map((t) => [t.pkg.name, t.pkg]));
      const placed: Placed[] = [];
      for (const t of tree.top) {
        const nested = new Map(t.nested.map((n) => [n.name, n]));
        const visible = (p: Generated): [string, Generated][] =>
          NAMES.filter((_, i) => p.depMask[i])
            .map((name): [string, Generated | undefined] => [
              name,
              nested.get(name) ?? top.get(name),
            ])
            .filter((e): e is [string, Generated] => e[1] !== undefined);
        placed.push({ pkg: t.pkg, deps: visible(t.pkg) });
        for (const n of t.nested) placed.push({ pkg: n, deps: visible(n) });
      }
      const root: [Generated, 'prod' | 'dev'][] = [];
      NAMES.forEach((name, i) => {
        const kind = tree.rootMask[i];
        const target = top.get(name);
        if (target && (kind === 'prod' || kind === 'dev')) root.push([target, kind]);
      });
      return { placed, root };
    }

    function expected(tree: Tree): Row[] {
      const { placed, root } = place(tree);
      const byKey = new Map<string, { direct: boolean; dev: boolean; deps: Set<string> }>();
      for (const { pkg: p, deps } of placed) {
        const key = packageKey(p.name, p.version);
        const row = byKey.get(key) ?? { direct: false, dev: true, deps: new Set<string>() };
        row.dev &&= p.dev;
        for (const [, target] of deps) {
          const to = packageKey(target.name, target.version);
          if (to !== key) row.deps.add(to);
        }
        byKey.set(key, row);
      }
      for (const [target] of root) {
        const row = byKey.get(packageKey(target.name, target.version));
        if (row) row.direct = true;
      }
      return [...byKey]
        .map(([key, r]) => ({ key, direct: r.direct, dev: r.dev, dependsOn: [...r.deps].sort() }))
        .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    }

    const rootSpecs = (root: [Generated, 'prod' | 'dev'][], kind: 'prod' | 'dev') =>
      Object.fromEntries(
        root.filter(([, k]) => k === kind).map(([p]) => [p.name, `^${p.version}`]),
      );

    function toV3(tree: Tree): string {
      const { placed, root } = place(tree);
      const packages: Record<string, unknown> = {
        '': {
          name: 'root',
          version: '1.0.0',
          dependencies: rootSpecs(root, 'prod'),
          devDependencies: rootSpecs(root, 'dev'),
        },
      };
      for (const t of tree.top) {
        const entry = (p: Generated) => {
          const deps = placed.find((x) => x.pkg === p)?.deps ?? [];
          return {
            version: p.version,
            ...(p.dev ? { dev: true } : {}),
            dependencies: Object.fromEntries(deps.map(([name, to]) => [name, `^${to.version}`])),
          };
        };
        packages[`node_modules/${t.pkg.name}`] = entry(t.pkg);
        for (const n of t.nested) {
          packages[`node_modules/${t.pkg.name}/node_modules/${n.name}`] = entry(n);
        }
      }
      return JSON.stringify(
        { name: 'root', lockfileVersion: 3, requires: true, packages },
        null,
        2,
      );
    }

    function toV1(tree: Tree): { lock: string; manifest: string } {
      const { placed, root } = place(tree);
      interface V1Entry {
        readonly version: string;
        readonly requires: Record<string, string>;
        readonly dependencies?: Record<string, V1Entry>;
      }
      const entry = (p: Generated, children?: Generated[]): V1Entry => ({
        version: p.version,
        ...(p.dev ? { dev: true } : {}),
        requires: Object.fromEntries(
          (placed.find((x) => x.pkg === p)?.deps ?? []).map(([name, to]) => [
            name,
            `^${to.version}`,
          ]),
        ),
        ...(children
          ? { dependencies: Object.fromEntries(children.map((c) => [c.name, entry(c)])) }
          : {}),
      });
      const dependencies = Object.fromEntries(
        tree.top.map((t) => [t.pkg.name, entry(t.pkg, t.nested)]),
      );
      return {
        lock: JSON.stringify(
          { name: 'root', lockfileVersion: 1, requires: true, dependencies },
          null,
          2,
        ),
        manifest: JSON.stringify({
          dependencies: rootSpecs(root, 'prod'),
          devDependencies: rootSpecs(root, 'dev'),
        }),
      };
    }

    it('parses a generated lockfileVersion 3 file to exactly the generated packages', async () => {
      await fc.assert(
        fc.asyncProperty(arbTree, async (tree) => {
          const text = toV3(tree);
          const result = await parse(text);
          expect(rows(result)).toEqual(expected(tree));
          const lines = text.split('\n');
          for (const p of result.packages) {
            expect(lines[(p.line as number) - 1]).toMatch(/"node_modules\/.*": \{$/);
          }
        }),
        { numRuns: 200 },
      );
    });

    it('parses a generated lockfileVersion 1 file to exactly the generated packages', async () => {
      await fc.assert(
        fc.asyncProperty(arbTree, async (tree) => {
          const { lock, manifest } = toV1(tree);
          const result = await parse(lock, { 'package.json': manifest });
          expect(rows(result)).toEqual(expected(tree));
        }),
        { numRuns: 200 },
      );
    });
  });
});
