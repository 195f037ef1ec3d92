import { describe, expect, it } from 'vitest';
import { parseText } from '../../test-support/parse.js';
import { hasSharedData, sharedLockfile } from '../../test-support/shared-data.js';
import { packageKey } from '../../types.js';
import { buildDependencies } from '../graph.js';
import { bunLockParser } from './bun-lock.js';
import { lineOf, parseErrorOf, pkg, type Row, rows } from './npm-test-utils.js';

const parse = (text: string) => parseText(bunLockParser, text, 'site/bun.lock');

const LOCK = `{
  "lockfileVersion": 1,
  "workspaces": {
    "": {
      "name": "demo",
      "dependencies": { "a": "^1.0.0", "lib": "workspace:*" },
      "devDependencies": { "t": "^2.0.0" },
    },
    "packages/lib": {
      "name": "lib",
      "version": "0.1.0",
      "dependencies": { "b": "^1.0.0", "gh": "github:o/r" },
    },
  },
  "packages": {
    // bun writes no comments, but JSONC allows them
    "a": ["a@1.0.0", "", { "dependencies": { "b": "^2.0.0", "@s/c": "*" } }, "sha512-x"],

    "@s/c": ["@s/c@3.0.0", "", { "dependencies": { "b": "^1.5.0" } }, "sha512-x"],

    "b": ["b@2.0.0", "", { "optionalDependencies": { "missing": "*" } }, "sha512-x"],

    "gh": ["gh@github:o/r#0123", {}, "o-r-0123"],

    "lib": ["lib@workspace:packages/lib"],

    "linked": ["linked@link:../linked", {}],

    "t": ["t@2.0.0", "", { "dependencies": { "b": "^1.0.0" } }, "sha512-x"],

    "@s/c/b": ["b@1.5.0", "", {}, "sha512-x"],

    "lib/b": ["b@1.0.0", "", {}, "sha512-x"],

    "t/b": ["b@1.0.0", "", {}, "sha512-x"],
  }
}
`;

describe('bunLockParser', () => {
  it.each([
    ['bun.lock', true],
    ['web/bun.lock', true],
    ['bun.lockb', false],
    ['web/bun.lockb', false],
  ])('matches %s: %s', (path, expected) => {
    expect(bunLockParser.matches(path)).toBe(expected);
  });

  it('resolves each dependency from the nearest enclosing key, and workspaces from their own', async () => {
    const result = await parse(LOCK);
    expect(rows(result)).toEqual<Row[]>([
      { key: '@s/c@3.0.0', direct: false, dev: undefined, dependsOn: ['b@1.5.0'] },
      { key: 'a@1.0.0', direct: true, dev: false, dependsOn: ['@s/c@3.0.0', 'b@2.0.0'] },
      { key: 'b@1.0.0', direct: true, dev: false, dependsOn: [] },
      { key: 'b@1.5.0', direct: false, dev: undefined, dependsOn: [] },
      { key: 'b@2.0.0', direct: false, dev: undefined, dependsOn: [] },
      { key: 'gh@github:o/r#0123', direct: true, dev: false, dependsOn: [] },
      { key: 't@2.0.0', direct: true, dev: true, dependsOn: ['b@1.0.0'] },
    ]);
    expect(result.rootName).toBe('demo');
  });

  it('gives each package the line of its first key and the origin of git packages', async () => {
    const result = await parse(LOCK);
    expect(pkg(result, 'b@1.0.0').line).toBe(lineOf(LOCK, '"lib/b"'));
    expect(pkg(result, 'a@1.0.0').line).toBe(lineOf(LOCK, '"a": ['));
    expect(pkg(result, 'gh@github:o/r#0123').source).toBe('git');
    expect(pkg(result, 'a@1.0.0').source).toBeUndefined();
  });

  describe('malformed files', () => {
    it.each([
      [
        'a missing closing brace',
        '{\n  "lockfileVersion": 1,\n  "packages": {\n    "a": ["a@1.0.0"],\n',
        5,
      ],
      ['a missing comma', '{\n  "lockfileVersion": 1\n  "packages": {}\n}\n', 3],
      ['an unknown lockfileVersion', '{\n  "lockfileVersion": 2,\n  "packages": {},\n}\n', 2],
      [
        'a package entry that is not an array',
        '{\n  "lockfileVersion": 1,\n  "packages": {\n    "a": "a@1.0.0",\n  },\n}\n',
        4,
      ],
      ['packages that are an array', '{\n  "lockfileVersion": 0,\n  "packages": [],\n}\n', 3],
      [
        'a workspace that is not an object',
        '{\n  "lockfileVersion": 1,\n  "workspaces": {\n    "": 1,\n  },\n}\n',
        4,
      ],
    ])('throws a ParseError naming the file and line for %s', async (_, text, line) => {
      const err = await parseErrorOf(() => parse(text));
      expect(err.position).toMatchObject({ file: 'site/bun.lock', line });
      expect(err.message).toMatch(new RegExp(`^site/bun\\.lock:${line}(:\\d+)?: `));
    });
  });

  it('gives the column of a syntax error too', async () => {
    const err = await parseErrorOf(() => parse('{\n  "lockfileVersion": 1\n  "packages": {}\n}\n'));
    expect(err.position).toEqual({ file: 'site/bun.lock', line: 3, column: 3 });
    expect(err.message).toBe('site/bun.lock:3:3: invalid bun.lock: comma expected');
  });

  describe.skipIf(!hasSharedData)('real lockfiles', () => {
    it('hono', async () => {
      const text = sharedLockfile('npm', 'honojs-hono-bun.lock');
      const result = await parse(text);
      // Distinct first elements of the package arrays, by regular expression.
      const ids = new Set([...text.matchAll(/^ {4}"[^"]+": \["([^"]+)"/gm)].map((m) => m[1]));
      expect(result.packages).toHaveLength(ids.size);
      expect(result.packages).toHaveLength(1012);
      expect(result.rootName).toBe('hono');
      expect(pkg(result, 'vitest@4.1.9')).toMatchObject({ direct: true, dev: true, line: 1506 });
      expect(pkg(result, 'chalk@2.4.2').line).toBe(1576);
      expect(pkg(result, '@babel/highlight@7.24.7').dependsOn).toContain('chalk@2.4.2');
      expect(pkg(result, '@babel/highlight@7.24.7').dependsOn).not.toContain('chalk@4.1.2');
      // read-pkg/parse-json finds its own @babel/code-frame two levels down.
      expect(pkg(result, 'parse-json@8.3.0').dependsOn).toContain('@babel/code-frame@7.29.7');
      expect(pkg(result, 'parse-json@5.2.0').dependsOn).toContain('@babel/code-frame@7.24.7');
      // hono declares only devDependencies: everything is dev.
      const deps = buildDependencies('npm', 'bun.lock', result.packages);
      expect(deps.every((d) => d.dev)).toBe(true);
      expect(deps.find((d) => packageKey(d.name, d.version) === 'nanoid@3.3.12')?.path).toEqual([
        'vitest@4.1.9',
        'vite@8.0.13',
        'postcss@8.5.15',
        'nanoid@3.3.12',
      ]);
    });
  });
});
