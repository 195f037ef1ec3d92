import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseText } from '../../test-support/parse.js';
import { hasSharedData, sharedLockfile } from '../../test-support/shared-data.js';
import { type ParseResult, packageKey } from '../../types.js';
import { buildDependencies } from '../graph.js';
import { lineOf, parseErrorOf, pkg, type Row, rows } from './npm-test-utils.js';
import { pnpmLockParser } from './pnpm-lock.js';

const parse = (text: string, siblings: Record<string, string> = {}) =>
  parseText(pnpmLockParser, text, 'repo/pnpm-lock.yaml', siblings);

const V5 = `lockfileVersion: 5.4

specifiers:
  a: ^1.0.0
  react-alias: npm:react@^18.0.0
  t: ^2.0.0

dependencies:
  a: 1.0.0_react@18.2.0
  react-alias: /react/18.2.0

devDependencies:
  t: 2.0.0

packages:

  /a/1.0.0_react@18.2.0:
    resolution: {integrity: sha512-x}
    peerDependencies:
      react: '*'
    dependencies:
      '@s/b': 2.0.0
      react: 18.2.0
    dev: false

  /@s/b/2.0.0:
    resolution: {integrity: sha512-x}
    dev: false

  /loose-envify/1.4.0:
    resolution: {integrity: sha512-x}

  /react/18.2.0:
    resolution: {integrity: sha512-x}
    dependencies:
      loose-envify: 1.4.0
    dev: false

  /t/2.0.0:
    resolution: {integrity: sha512-x}
    dependencies:
      '@s/b': 2.0.0
    dev: true
`;

const V6 = `lockfileVersion: '6.0'

settings:
  autoInstallPeers: true
  excludeLinksFromLockfile: false

importers:

  .:
    dependencies:
      a:
        specifier: ^1.0.0
        version: 1.0.0(react@18.2.0)
      lib:
        specifier: workspace:*
        version: link:packages/lib
    devDependencies:
      t:
        specifier: ^2.0.0
        version: 2.0.0(patch_hash=abc123)

  packages/lib:
    dependencies:
      gitpkg:
        specifier: github:o/r
        version: github.com/o/r/0123abc
      localdir:
        specifier: file:../localdir
        version: file:localdir
      react-alias:
        specifier: npm:react@^18
        version: /react@18.2.0

packages:

  /a@1.0.0(react@18.2.0):
    resolution: {integrity: sha512-x}
    peerDependencies:
      react: '*'
    dependencies:
      react: 18.2.0
    dev: false

  /react@18.2.0:
    resolution: {integrity: sha512-x}
    dev: false

  /t@2.0.0(patch_hash=abc123):
    resolution: {integrity: sha512-x}
    dev: true
    patched: true

  github.com/o/r/0123abc:
    resolution: {tarball: https://codeload.github.com/o/r/tar.gz/0123abc}
    name: gitpkg
    version: 3.1.0
    dev: false

  file:localdir:
    resolution: {directory: localdir, type: directory}
    name: localdir
    dev: false
`;

const V9 = `lockfileVersion: '9.0'

settings:
  autoInstallPeers: true
  excludeLinksFromLockfile: false

importers:

  .:
    dependencies:
      a:
        specifier: ^1.0.0
        version: 1.0.0(react@18.2.0)
      ts6:
        specifier: npm:typescript@6.0.3
        version: typescript@6.0.3
    devDependencies:
      lib:
        specifier: workspace:*
        version: link:packages/lib
      t:
        specifier: ^2.0.0
        version: 2.0.0

  packages/lib:
    dependencies:
      a:
        specifier: ^1.0.0
        version: 1.0.0(react@17.0.2)
      t:
        specifier: ^2.0.0
        version: 2.0.0

packages:

  '@s/b@2.0.0':
    resolution: {integrity: sha512-x}

  a@1.0.0:
    resolution: {integrity: sha512-x}
    peerDependencies:
      react: '*'

  react@17.0.2:
    resolution: {integrity: sha512-x}

  react@18.2.0:
    resolution: {integrity: sha512-x}

  t@2.0.0:
    resolution: {integrity: sha512-x}

  typescript@6.0.3:
    resolution: {integrity: sha512-x}
    engines: {node: '>=14.17'}
    hasBin: true

snapshots:

  '@s/b@2.0.0': {}

  a@1.0.0(react@17.0.2):
    dependencies:
      react: 17.0.2

  a@1.0.0(react@18.2.0):
    dependencies:
      '@s/b': 2.0.0
      react: 18.2.0

  react@17.0.2: {}

  react@18.2.0: {}

  t@2.0.0: {}

  typescript@6.0.3: {}
`;

describe('pnpmLockParser', () => {
  it.each([
    ['pnpm-lock.yaml', true],
    ['a/pnpm-lock.yaml', true],
    ['pnpm-lock.yml', false],
    ['pnpm-workspace.yaml', false],
  ])('matches %s: %s', (path, expected) => {
    expect(pnpmLockParser.matches(path)).toBe(expected);
  });

  it('reads lockfileVersion 5.4: path ids, underscore peer suffixes and top-level importers', async () => {
    const result = await parse(V5);
    expect(rows(result)).toEqual<Row[]>([
      { key: '@s/b@2.0.0', direct: false, dev: false, dependsOn: [] },
      { key: 'a@1.0.0', direct: true, dev: false, dependsOn: ['@s/b@2.0.0', 'react@18.2.0'] },
      { key: 'loose-envify@1.4.0', direct: false, dev: undefined, dependsOn: [] },
      { key: 'react@18.2.0', direct: true, dev: false, dependsOn: ['loose-envify@1.4.0'] },
      { key: 't@2.0.0', direct: true, dev: true, dependsOn: ['@s/b@2.0.0'] },
    ]);
    expect(pkg(result, '@s/b@2.0.0').line).toBe(lineOf(V5, '/@s/b/2.0.0:'));
  });

  it('reads lockfileVersion 6.0: workspaces, links, patches, git packages and local folders', async () => {
    const result = await parse(V6);
    expect(rows(result)).toEqual<Row[]>([
      { key: 'a@1.0.0', direct: true, dev: false, dependsOn: ['react@18.2.0'] },
      { key: 'gitpkg@3.1.0', direct: true, dev: false, dependsOn: [] },
      { key: 'react@18.2.0', direct: true, dev: false, dependsOn: [] },
      { key: 't@2.0.0', direct: true, dev: true, dependsOn: [] },
    ]);
    expect(pkg(result, 'gitpkg@3.1.0').source).toBe('git');
    expect(pkg(result, 't@2.0.0').line).toBe(lineOf(V6, '/t@2.0.0(patch_hash=abc123):'));
  });

  it('reads lockfileVersion 9.0: packages and snapshots merged per version, every importer direct', async () => {
    const result = await parse(V9, { 'package.json': '{"name": "mono"}' });
    expect(rows(result)).toEqual<Row[]>([
      { key: '@s/b@2.0.0', direct: false, dev: undefined, dependsOn: [] },
      {
        key: 'a@1.0.0',
        direct: true,
        dev: false,
        dependsOn: ['@s/b@2.0.0', 'react@17.0.2', 'react@18.2.0'],
      },
      { key: 'react@17.0.2', direct: false, dev: undefined, dependsOn: [] },
      { key: 'react@18.2.0', direct: false, dev: undefined, dependsOn: [] },
      // A dev dependency of the root but a production one of packages/lib.
      { key: 't@2.0.0', direct: true, dev: false, dependsOn: [] },
      { key: 'typescript@6.0.3', direct: true, dev: false, dependsOn: [] },
    ]);
    expect(pkg(result, 'a@1.0.0').line).toBe(lineOf(V9, '  a@1.0.0:'));
    expect(result.rootName).toBe('mono');
  });

  describe('malformed files', () => {
    it.each([
      [
        'a file truncated inside a flow map',
        "lockfileVersion: '9.0'\n\npackages:\n\n  a@1.0.0:\n    resolution: {integrity: x",
        6,
      ],
      [
        'a badly indented key',
        "lockfileVersion: '9.0'\npackages:\n  a@1.0.0:\n    resolution: {integrity: x}\n   bad: 1\n",
        5,
      ],
      ['a duplicate key', "lockfileVersion: '9.0'\npackages:\n  a@1.0.0: {}\n  a@1.0.0: {}\n", 4],
      ['an unknown lockfileVersion', "# generated\nlockfileVersion: '4.0'\n", 2],
      ['a missing lockfileVersion', 'packages: {}\n', 1],
      ['packages that are a list', "lockfileVersion: '9.0'\n\npackages:\n  - a@1.0.0\n", 3],
      ['an entry that is not a map', "lockfileVersion: '6.0'\n\npackages:\n\n  /a@1.0.0: 7\n", 5],
      [
        'importer dependencies that are not a map',
        "lockfileVersion: '9.0'\n\nimporters:\n\n  .:\n    dependencies: 5\n",
        5,
      ],
      ['a document that is a list', '- a\n- b\n', 1],
      [
        'top-level dependencies that are not a map',
        "lockfileVersion: '6.0'\n\ndependencies: 5\n",
        3,
      ],
    ])('throws a ParseError naming the file and line for %s', async (_, text, line) => {
      const err = await parseErrorOf(() => parse(text));
      expect(err.position).toMatchObject({ file: 'repo/pnpm-lock.yaml', line });
      expect(err.message).toMatch(new RegExp(`^repo/pnpm-lock\\.yaml:${line}(:\\d+)?: `));
    });
  });

  describe.skipIf(!hasSharedData)('real lockfiles', () => {
    /** Distinct ids of a section's keys with the peer suffix cut, counted with a regular expression. */
    function countIds(text: string, section: string, next?: string): number {
      const start = text.indexOf(`\n${section}:\n`);
      const end = next === undefined ? text.length : text.indexOf(`\n${next}:\n`);
      const ids = new Set<string>();
      for (const m of text.slice(start, end).matchAll(/^ {2}'?\/?([^ '(][^'(]*?)(\(.*)?'?:$/gm)) {
        ids.add(m[1] as string);
      }
      return ids.size;
    }

    const pathOf = (result: ParseResult, key: string) =>
      buildDependencies('npm', 'pnpm-lock.yaml', result.packages).find(
        (d) => packageKey(d.name, d.version) === key,
      )?.path;

    it('kysely (lockfileVersion 9.0, four importers, aliases)', async () => {
      const text = sharedLockfile('npm', 'kysely-org-kysely-pnpm-lock.yaml');
      const result = await parse(text);
      expect(result.packages).toHaveLength(countIds(text, 'packages', 'snapshots'));
      expect(result.packages).toHaveLength(1684);
      expect(pkg(result, 'better-sqlite3@13.0.3')).toMatchObject({
        direct: true,
        dev: true,
        line: 3114,
      });
      expect(pkg(result, 'better-sqlite3@13.0.3').dependsOn).toEqual(['node-addon-api@8.9.1']);
      expect(pathOf(result, 'node-addon-api@8.9.1')).toEqual([
        'better-sqlite3@13.0.3',
        'node-addon-api@8.9.1',
      ]);
      // `@types/prototype-pollution-vulnerable-lodash.merge-dont-upgrade: npm:@types/lodash.merge@4.6.1`
      expect(pkg(result, '@types/lodash.merge@4.6.1')).toMatchObject({ direct: true, line: 2574 });
      // Declared by the site and test/cloudflare-workers importers.
      expect(pkg(result, 'react@19.2.8')).toMatchObject({ direct: true, dev: false });
      expect(pkg(result, 'hono@4.13.1')).toMatchObject({ direct: true, dev: false });
      expect(pkg(result, 'chai-as-promised@8.0.2').dependsOn).toContain('chai@6.2.2');
    });

    it('secretlint (lockfileVersion 9.0, workspace links)', async () => {
      const text = sharedLockfile('npm', 'secretlint-secretlint-pnpm-lock.yaml');
      const result = await parse(text);
      expect(result.packages).toHaveLength(countIds(text, 'packages', 'snapshots'));
      expect(result.packages).toHaveLength(543);
      expect(result.packages.some((p) => p.version.startsWith('link:'))).toBe(false);
      expect(pkg(result, 'ajv@8.18.0').line).toBe(2596);
      expect(pkg(result, 'benchmark@2.1.4')).toMatchObject({ direct: true, dev: false });
      expect(pkg(result, 'vitest@4.1.11')).toMatchObject({ direct: true, dev: true });
    });

    it('vitest (lockfileVersion 6.0, dev flags, patches, local folders)', async () => {
      const text = sharedLockfile('npm', 'vitest-dev-vitest-v6-pnpm-lock.yaml');
      const result = await parse(text);
      // Two of the ids are local folders (file:test/...), not packages.
      expect(countIds(text, 'packages')).toBe(2940);
      expect(result.packages).toHaveLength(2938);
      expect(result.packages.some((p) => p.name === 'subpackage')).toBe(false);
      expect(pkg(result, '@types/chai@4.3.6')).toMatchObject({ dev: true, line: 9056 });
      expect(pkg(result, 'zwitch@1.0.5')).toMatchObject({ dev: true, line: 27342 });
      expect(pkg(result, 'vite@5.0.12').line).toBe(25971);
      // react and react-dom of examples/preact-testing-lib are aliases of @preact/compat.
      expect(pkg(result, '@preact/compat@17.1.2')).toMatchObject({
        direct: true,
        dev: false,
        line: 6765,
        dependsOn: ['preact@10.15.1'],
      });
    });
  });

  describe('properties', () => {
    const NAMES = ['a', 'b', '@s/c', 'constructor'] as const;
    const VERSIONS = ['1.0.0', '2.0.0', '3.0.0-rc.1'] as const;
    const PEERS = ['', '(react@18.2.0)', '(x@1.0.0)(@s/y@2.0.0(z@1.0.0))'] as const;

    const arbLock = fc
      .uniqueArray(
        fc.record({
          name: fc.constantFrom(...NAMES),
          version: fc.constantFrom(...VERSIONS),
          peers: fc.uniqueArray(fc.constantFrom(...PEERS), { minLength: 1, maxLength: 2 }),
        }),
        { selector: (p) => packageKey(p.name, p.version), maxLength: 8 },
      )
      .chain((packages) => {
        const snapshots = packages.flatMap((p) => p.peers.map((peer) => ({ ...p, peer })));
        const refs = fc.array(fc.nat(), { maxLength: 4 });
        return fc.record({
          packages: fc.constant(packages),
          snapshots: fc.constant(snapshots),
          deps: fc.array(refs, { minLength: snapshots.length, maxLength: snapshots.length }),
          importers: fc.array(fc.tuple(refs, refs), { minLength: 1, maxLength: 3 }),
        });
      });
    type Lock = typeof arbLock extends fc.Arbitrary<infer T> ? T : never;
    type Snapshot = Lock['snapshots'][number];

    /** At most one snapshot per name, as a dependency map is keyed by name. */
    function pick(lock: Lock, refs: readonly number[]): Map<string, Snapshot> {
      const out = new Map<string, Snapshot>();
      if (lock.snapshots.length === 0) return out;
      for (const r of refs) {
        const s = lock.snapshots[r % lock.snapshots.length] as Snapshot;
        if (!out.has(s.name)) out.set(s.name, s);
      }
      return out;
    }
    const depMap = (picked: Map<string, Snapshot>) =>
      Object.fromEntries([...picked].map(([name, s]) => [name, `${s.version}${s.peer}`]));

    function serialise(lock: Lock): string {
      const importer = ([prod, dev]: [number[], number[]]) => {
        const p = pick(lock, prod);
        const d = pick(lock, dev);
        for (const name of p.keys()) d.delete(name);
        const section = (m: Map<string, Snapshot>) =>
          Object.fromEntries(
            [...m].map(([name, s]) => [
              name,
              { specifier: `^${s.version}`, version: `${s.version}${s.peer}` },
            ]),
          );
        return { dependencies: section(p), devDependencies: section(d) };
      };
      return stringify({
        lockfileVersion: '9.0',
        importers: Object.fromEntries(
          lock.importers.map((i, n) => [n === 0 ? '.' : `packages/p${n}`, importer(i)]),
        ),
        packages: Object.fromEntries(
          lock.packages.map((p) => [
            `${p.name}@${p.version}`,
            { resolution: { integrity: 'sha512-x' } },
          ]),
        ),
        snapshots: Object.fromEntries(
          lock.snapshots.map((s, i) => [
            `${s.name}@${s.version}${s.peer}`,
            { dependencies: depMap(pick(lock, lock.deps[i] ?? [])) },
          ]),
        ),
      });
    }

    function expected(lock: Lock): Row[] {
      const rowsByKey = new Map<string, { deps: Set<string>; prod: boolean; dev: boolean }>();
      for (const p of lock.packages) {
        rowsByKey.set(packageKey(p.name, p.version), { deps: new Set(), prod: false, dev: false });
      }
      lock.snapshots.forEach((s, i) => {
        const key = packageKey(s.name, s.version);
        for (const t of pick(lock, lock.deps[i] ?? []).values()) {
          const to = packageKey(t.name, t.version);
          if (to !== key) rowsByKey.get(key)?.deps.add(to);
        }
      });
      for (const [prod, dev] of lock.importers) {
        const p = pick(lock, prod);
        const d = pick(lock, dev);
        for (const name of p.keys()) d.delete(name);
        for (const s of p.values())
          (rowsByKey.get(packageKey(s.name, s.version)) ?? { prod: false }).prod = true;
        for (const s of d.values())
          (rowsByKey.get(packageKey(s.name, s.version)) ?? { dev: false }).dev = true;
      }
      return [...rowsByKey]
        .map(([key, r]) => ({
          key,
          direct: r.prod || r.dev,
          dev: r.prod ? false : r.dev ? true : undefined,
          dependsOn: [...r.deps].sort(),
        }))
        .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    }

    it('parses a generated lockfileVersion 9.0 file to exactly the generated packages', async () => {
      await fc.assert(
        fc.asyncProperty(arbLock, async (lock) => {
          const text = serialise(lock);
          const result = await parse(text);
          expect(rows(result)).toEqual(expected(lock));
          const lines = text.split('\n');
          for (const p of result.packages) {
            expect(lines[(p.line as number) - 1]).toMatch(
              new RegExp(`^ {2}"?${p.name}@${p.version}"?:`),
            );
          }
        }),
        { numRuns: 100 },
      );
    });
  });
});
