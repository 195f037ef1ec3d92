import { ParseError } from '@rampart/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseText } from '../../test-support/parse.js';
import { hasSharedData, sharedLockfile } from '../../test-support/shared-data.js';
import { buildDependencies } from '../graph.js';
import { cargoLockParser as parser } from './cargo-lock.js';

const parse = (text: string) => parseText(parser, text, 'rust/Cargo.lock');
const CRATES_IO = 'registry+https://github.com/rust-lang/crates.io-index';

describe('Cargo.lock: real files', () => {
  it.skipIf(!hasSharedData)(
    'reads ast-grep: an 11-crate workspace and 271 locked crates',
    async () => {
      const r = await parse(sharedLockfile('crates.io', 'ast-grep-ast-grep-Cargo.lock'));
      // 282 [[package]] tables, 11 of them without a source.
      expect(r.packages).toHaveLength(271);
      expect(r.rootName).toBeUndefined();
      expect(r.notes?.join('\n')).toMatch(/Workspace of 11 crates \(ast-grep, ast-grep-config/);
      expect(r.packages.filter((p) => p.direct)).toHaveLength(73);
      expect(r.packages.find((p) => p.name === 'memchr')).toMatchObject({
        version: '2.8.3',
        direct: false,
        line: 1030,
      });
      // Seven crates are locked at two or three versions.
      expect(
        r.packages
          .filter((p) => p.name === 'syn')
          .map((p) => p.version)
          .sort(),
      ).toEqual(['1.0.109', '2.0.119', '3.0.3']);
      const deps = buildDependencies('crates.io', 'Cargo.lock', r.packages);
      expect(deps.find((d) => d.name === 'memchr')).toMatchObject({
        purl: 'pkg:cargo/memchr@2.8.3',
        dev: false,
        path: ['ignore@0.4.33', 'memchr@2.8.3'],
      });
      expect(deps.find((d) => d.name === 'syn' && d.version === '1.0.109')?.path).toEqual([
        'serde-sarif@0.8.0',
        'schemafy_lib@0.6.0',
        'syn@1.0.109',
      ]);
    },
  );

  it.skipIf(!hasSharedData)(
    'reads zizmor: 441 locked crates, 53 direct, versioned references',
    async () => {
      const r = await parse(sharedLockfile('crates.io', 'zizmorcore-zizmor-Cargo.lock'));
      expect(r.packages).toHaveLength(441);
      expect(r.packages.filter((p) => p.direct)).toHaveLength(53);
      expect(r.packages.find((p) => p.name === 'memchr')).toMatchObject({
        direct: true,
        line: 1708,
      });
      const deps = buildDependencies('crates.io', 'Cargo.lock', r.packages);
      expect(deps.find((d) => d.name === 'windows-sys' && d.version === '0.45.0')?.path).toEqual([
        'reqwest@0.13.4',
        'rustls-platform-verifier@0.6.1',
        'jni@0.21.1',
        'windows-sys@0.45.0',
      ]);
    },
  );
});

describe('Cargo.lock: formats', () => {
  it('reads a v1 lock with [root], source-qualified references and a git crate', async () => {
    const r = await parse(`[root]
name = "app"
version = "0.1.0"
dependencies = [
 "serde 1.0.0 (${CRATES_IO})",
 "mylib 0.2.0 (git+https://example.invalid/mylib#abc)",
]

[[package]]
name = "serde"
version = "1.0.0"
source = "${CRATES_IO}"

[[package]]
name = "mylib"
version = "0.2.0"
source = "git+https://example.invalid/mylib#abc"
dependencies = [
 "serde 1.0.0 (${CRATES_IO})",
 "app 0.1.0",
]

[metadata]
"checksum serde 1.0.0 (${CRATES_IO})" = "00"
`);
    expect(r.rootName).toBe('app');
    expect(r.packages.map((p) => [p.name, p.version, p.direct, p.line, p.source ?? null])).toEqual([
      ['serde', '1.0.0', true, 9, null],
      ['mylib', '0.2.0', true, 14, 'git'],
    ]);
    expect(r.packages[1]?.dependsOn).toEqual(['serde@1.0.0']);
  });

  it('notes references to crates that are not locked', async () => {
    const r = await parse(
      'version = 3\n\n[[package]]\nname = "a"\nversion = "1.0.0"\ndependencies = ["ghost"]\n',
    );
    expect(r.packages).toEqual([]);
    expect(r.notes?.join('\n')).toMatch(
      /1 dependency reference\(s\) name crates that Cargo\.lock does not list/,
    );
  });
});

describe('Cargo.lock: broken input', () => {
  it.each([
    ['version = 3\n\n[[package]]\nname = "a"\n', 3, /package #1 has no "version"/],
    [
      '[[package]]\nname = "a"\nversion = "1"\n\n[[package]]\nname = "b"\nversion = 2\n',
      5,
      /"version" is not a string/,
    ],
    ['[[package]]\nname = "a"\nversion = "1"\ndependencies = [1]\n', 1, /not an array of strings/],
    [
      '[[package]]\nname = "a"\nversion = "1"\ndependencies = ["b (x"]\n',
      1,
      /unreadable dependency/,
    ],
    ['version = 3\n[[package]]\nname = "a\n', 3, /invalid TOML/],
  ])('rejects broken lock %#', async (text, line, message) => {
    const err = await parse(text).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParseError);
    expect((err as ParseError).position).toMatchObject({ file: 'rust/Cargo.lock', line });
    expect((err as ParseError).message).toMatch(message);
  });
});

describe('Cargo.lock: properties', () => {
  const crate = fc.tuple(
    fc.stringMatching(/^[a-z][a-z0-9_-]{0,10}$/),
    fc.tuple(fc.nat(20), fc.nat(20), fc.nat(20)).map((v) => v.join('.')),
  );

  it('gives back the crate set and edges it was written from', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(crate, { selector: ([n, v]) => `${n}@${v}`, minLength: 1, maxLength: 20 }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 30 }),
        async (crates, rawEdges) => {
          const edges = new Map<number, Set<number>>();
          for (const [a, b] of rawEdges) {
            const from = a % crates.length;
            edges.set(from, (edges.get(from) ?? new Set()).add(b % crates.length));
          }
          // Like cargo: a bare name when it is unique, `name version` otherwise.
          const ref = (i: number) => {
            const [n, v] = crates[i] as [string, string];
            return crates.filter(([m]) => m === n).length > 1 ? `${n} ${v}` : n;
          };
          const root = `[[package]]\nname = "root-crate-x"\nversion = "0.0.0"\ndependencies = [\n${crates
            .map((_, i) => ` "${ref(i)}",`)
            .join('\n')}\n]\n`;
          const body = crates
            .map(([n, v], i) => {
              const deps = [...(edges.get(i) ?? [])].map((j) => ` "${ref(j)}",`).join('\n');
              return `[[package]]\nname = "${n}"\nversion = "${v}"\nsource = "${CRATES_IO}"\n${deps ? `dependencies = [\n${deps}\n]\n` : ''}`;
            })
            .join('\n');
          const r = await parse(`version = 4\n\n${root}\n${body}`);
          expect(r.packages.map((p) => [p.name, p.version])).toEqual(crates);
          expect(r.packages.every((p) => p.direct)).toBe(true);
          r.packages.forEach((p, i) => {
            expect(new Set(p.dependsOn)).toEqual(
              new Set([...(edges.get(i) ?? [])].map((j) => `${crates[j]?.[0]}@${crates[j]?.[1]}`)),
            );
          });
        },
      ),
    );
  });
});
