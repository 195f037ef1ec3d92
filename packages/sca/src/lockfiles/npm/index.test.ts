import { ParseError } from '@rampart/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseText } from '../../test-support/parse.js';
import { hasSharedData, sharedLockfile } from '../../test-support/shared-data.js';
import { type LockfileParser, type ParseResult, packageKey } from '../../types.js';
import { NPM_PARSERS } from './index.js';

/** The file name each parser reads, for running it on any text. */
const FILE_OF: Readonly<Record<string, string>> = {
  'npm-package-lock': 'package-lock.json',
  'npm-yarn-lock': 'yarn.lock',
  'npm-pnpm-lock': 'pnpm-lock.yaml',
  'npm-bun-lock': 'bun.lock',
};

/** Small valid files of every format: each parser also gets the others' (wrong shape). */
const SAMPLES: readonly string[] = [
  JSON.stringify(
    {
      name: 'x',
      lockfileVersion: 3,
      packages: {
        '': { dependencies: { a: '^1.0.0' } },
        'node_modules/a': { version: '1.0.0', dependencies: { b: '*' } },
        'node_modules/a/node_modules/b': { version: '2.0.0', license: 'MIT' },
      },
    },
    null,
    2,
  ),
  JSON.stringify(
    {
      lockfileVersion: 1,
      dependencies: {
        a: { version: '1.0.0', requires: { b: '*' }, dependencies: { b: { version: '2.0.0' } } },
      },
    },
    null,
    2,
  ),
  '# yarn lockfile v1\n\n\n"a@^1.0.0", a@^1.1.0:\n  version "1.2.0"\n  dependencies:\n    b "^2.0.0"\n\nb@^2.0.0:\n  version "2.0.1"\n',
  '__metadata:\n  version: 6\n\n"a@npm:^1.0.0":\n  version: 1.2.0\n  resolution: "a@npm:1.2.0"\n  dependencies:\n    b: ^2.0.0\n\n"b@npm:^2.0.0":\n  version: 2.0.1\n  resolution: "b@npm:2.0.1"\n\n"x@workspace:.":\n  version: 0.0.0-use.local\n  resolution: "x@workspace:."\n  dependencies:\n    a: ^1.0.0\n',
  "lockfileVersion: '9.0'\n\nimporters:\n\n  .:\n    dependencies:\n      a:\n        specifier: ^1.0.0\n        version: 1.0.0(b@2.0.0)\n\npackages:\n\n  a@1.0.0:\n    resolution: {integrity: sha512-x}\n\n  b@2.0.0:\n    resolution: {integrity: sha512-x}\n\nsnapshots:\n\n  a@1.0.0(b@2.0.0):\n    dependencies:\n      b: 2.0.0\n\n  b@2.0.0: {}\n",
  "lockfileVersion: '6.0'\n\ndependencies:\n  a:\n    specifier: ^1.0.0\n    version: 1.0.0\n\npackages:\n\n  /a@1.0.0:\n    resolution: {integrity: sha512-x}\n    dev: false\n",
  '{\n  "lockfileVersion": 1,\n  "workspaces": {\n    "": { "name": "x", "dependencies": { "a": "^1.0.0" } },\n  },\n  "packages": {\n    "a": ["a@1.0.0", "", { "dependencies": { "b": "*" } }, "sha512-x"],\n    "a/b": ["b@2.0.0", "", {}, "sha512-x"],\n  }\n}\n',
];

/** Random damage to a text: truncation, deletion, insertion, duplication. */
const arbDamaged = fc
  .tuple(
    fc.constantFrom(...SAMPLES),
    fc.array(
      fc.tuple(
        fc.constantFrom('truncate', 'delete', 'insert', 'repeat'),
        fc.nat(),
        fc.nat({ max: 20 }),
        fc.string({ maxLength: 6 }),
      ),
      { minLength: 1, maxLength: 4 },
    ),
  )
  .map(([sample, edits]) => {
    let text = sample;
    for (const [kind, at, length, insert] of edits) {
      const i = at % (text.length + 1);
      if (kind === 'truncate') text = text.slice(0, i);
      else if (kind === 'delete') text = text.slice(0, i) + text.slice(i + length);
      else if (kind === 'insert') text = text.slice(0, i) + insert + text.slice(i);
      else text = text.slice(0, i) + text.slice(i, i + length).repeat(2) + text.slice(i + length);
    }
    return text;
  });

/** Parses, returning the result or the ParseError; anything else thrown fails the test. */
async function outcome(parser: LockfileParser, text: string): Promise<ParseResult | ParseError> {
  try {
    return await parseText(parser, text, `p/${FILE_OF[parser.id]}`, { 'package.json': '{}' });
  } catch (err) {
    if (err instanceof ParseError) return err;
    throw new Error(`${parser.id} threw a non-ParseError on ${JSON.stringify(text)}`, {
      cause: err,
    });
  }
}

/** What every result must satisfy whatever the input. */
function checkResult(result: ParseResult, text: string): void {
  expect(result.ecosystem).toBe('npm');
  const keys = new Set(result.packages.map((p) => packageKey(p.name, p.version)));
  expect(keys.size).toBe(result.packages.length);
  const lineCount = text.split('\n').length;
  for (const p of result.packages) {
    expect(p.name).not.toBe('');
    expect(p.version).not.toBe('');
    for (const to of p.dependsOn) expect(keys.has(to), `${p.name} -> ${to}`).toBe(true);
    if (p.line !== undefined) {
      expect(p.line).toBeGreaterThanOrEqual(1);
      expect(p.line).toBeLessThanOrEqual(lineCount);
    }
  }
}

describe('NPM_PARSERS', () => {
  it('lists each format once, with unique ids and the npm ecosystem', () => {
    expect(NPM_PARSERS.map((p) => p.id)).toEqual(Object.keys(FILE_OF));
    for (const parser of NPM_PARSERS) {
      expect(parser.ecosystem).toBe('npm');
      expect(parser.description).not.toBe('');
    }
  });

  it('gives each lockfile name exactly one parser', () => {
    for (const file of [...Object.values(FILE_OF), 'npm-shrinkwrap.json']) {
      expect(NPM_PARSERS.filter((p) => p.matches(`a/${file}`)).map((p) => p.id)).toHaveLength(1);
    }
    for (const file of ['bun.lockb', 'package.json', 'pnpm-workspace.yaml', '.yarnrc.yml']) {
      expect(
        NPM_PARSERS.some((p) => p.matches(`a/${file}`)),
        file,
      ).toBe(false);
    }
  });

  describe.each(NPM_PARSERS.map((p) => [p.id, p] as const))('%s', (_, parser) => {
    it('parses its own sample, and every sample to a result or a ParseError', async () => {
      for (const sample of SAMPLES) {
        const got = await outcome(parser, sample);
        if (!(got instanceof ParseError)) checkResult(got, sample);
      }
    });

    it('never throws anything but a ParseError on arbitrary text', async () => {
      await fc.assert(
        fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 300 }), async (text) => {
          const got = await outcome(parser, text);
          if (!(got instanceof ParseError)) checkResult(got, text);
        }),
        { numRuns: 300 },
      );
    });

    it('never throws anything but a ParseError on damaged lockfiles', async () => {
      await fc.assert(
        fc.asyncProperty(arbDamaged, async (text) => {
          const got = await outcome(parser, text);
          if (got instanceof ParseError) {
            expect(got.position.file).toBe(`p/${FILE_OF[parser.id]}`);
          } else checkResult(got, text);
        }),
        { numRuns: 300 },
      );
    });

    it('never throws anything but a ParseError on arbitrary JSON', async () => {
      await fc.assert(
        fc.asyncProperty(fc.json({ maxDepth: 4 }), async (text) => {
          const got = await outcome(parser, text);
          if (!(got instanceof ParseError)) checkResult(got, text);
        }),
        { numRuns: 200 },
      );
    });
  });

  it('treats names like __proto__ and constructor as plain names', async () => {
    // With package.json `{}` next to them, v1 and yarn.lock declare nothing direct. npm names
    // cannot start with `_`, and parseSyml and jsonc-parser drop `__proto__` keys, so yarn.lock
    // and bun.lock get valueOf instead.
    const cases: [number, boolean, string][] = [
      [
        0,
        true,
        '{"lockfileVersion":3,"packages":{"":{"dependencies":{"constructor":"1","__proto__":"1"}},"node_modules/constructor":{"version":"1.0.0","dependencies":{"toString":"*","__proto__":"*"}},"node_modules/__proto__":{"version":"2.0.0"}}}',
      ],
      [
        0,
        false,
        '{"lockfileVersion":1,"dependencies":{"constructor":{"version":"1.0.0","requires":{"hasOwnProperty":"*","__proto__":"*"}},"__proto__":{"version":"2.0.0"}}}',
      ],
      [
        1,
        false,
        '# yarn lockfile v1\n\n\nconstructor@^1:\n  version "1.0.0"\n  dependencies:\n    valueOf "^2"\n    toString "1"\n\nvalueOf@^2:\n  version "2.0.0"\n',
      ],
      [
        2,
        true,
        "lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n      constructor:\n        specifier: '1'\n        version: 1.0.0\npackages:\n  constructor@1.0.0: {}\n  __proto__@2.0.0: {}\nsnapshots:\n  constructor@1.0.0:\n    dependencies:\n      __proto__: 2.0.0\n      toString: 1.0.0\n  __proto__@2.0.0: {}\n",
      ],
      [
        3,
        true,
        '{"lockfileVersion":1,"workspaces":{"":{"dependencies":{"constructor":"1","valueOf":"2"}}},"packages":{"constructor":["constructor@1.0.0","",{"dependencies":{"toString":"1","valueOf":"2"}},""],"valueOf":["valueOf@2.0.0","",{},""]}}',
      ],
    ];
    for (const [index, direct, text] of cases) {
      const parser = NPM_PARSERS[index] as LockfileParser;
      const got = await outcome(parser, text);
      expect(got, `${parser.id}: ${text}`).not.toBeInstanceOf(ParseError);
      checkResult(got as ParseResult, text);
      const ctor = (got as ParseResult).packages.find((p) => p.name === 'constructor');
      expect(ctor?.direct, parser.id).toBe(direct);
      expect(ctor?.dependsOn, parser.id).toEqual([
        parser.id === 'npm-yarn-lock' || parser.id === 'npm-bun-lock'
          ? 'valueOf@2.0.0'
          : '__proto__@2.0.0',
      ]);
    }
  });

  it.skipIf(!hasSharedData)(
    'reports a truncated real lockfile as a ParseError at or before its last line',
    async () => {
      const cases: [LockfileParser | undefined, string][] = [
        [NPM_PARSERS[0], 'juice-shop-juice-shop-2026-package-lock.json'],
        [NPM_PARSERS[1], 'CTFd-CTFd-CTFd_themes_admin_yarn.lock'],
        [NPM_PARSERS[2], 'secretlint-secretlint-pnpm-lock.yaml'],
        [NPM_PARSERS[3], 'honojs-hono-bun.lock'],
      ];
      for (const [parser, file] of cases) {
        if (parser === undefined) throw new Error('parser missing');
        const full = sharedLockfile('npm', file);
        const text = full
          .slice(0, Math.floor(full.length * 0.6))
          .replace(/\s+$/, '')
          .slice(0, -3);
        const got = await outcome(parser, text);
        // A classic yarn.lock cut between entries is still valid: only require a line when it fails.
        if (got instanceof ParseError) {
          expect(got.position.line, file).toBeGreaterThanOrEqual(1);
          expect(got.position.line, file).toBeLessThanOrEqual(text.split('\n').length + 1);
        } else expect(parser.id, file).toBe('npm-yarn-lock');
      }
    },
  );
});
