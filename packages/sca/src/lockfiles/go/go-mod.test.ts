import { ParseError } from '@rampart/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseText } from '../../test-support/parse.js';
import { hasSharedData, sharedLockfile } from '../../test-support/shared-data.js';
import { buildDependencies } from '../graph.js';
import { goModParser as parser } from './go-mod.js';

const parse = (text: string, siblings: Record<string, string> = {}) =>
  parseText(parser, text, 'svc/go.mod', siblings);

describe('go.mod: real files', () => {
  it.skipIf(!hasSharedData)(
    'reads threagile: 52 modules, 37 indirect, two missing from go.sum',
    async () => {
      const r = await parse(sharedLockfile('Go', 'Threagile-threagile-go.mod'), {
        'go.sum': sharedLockfile('Go', 'Threagile-threagile-go.sum'),
      });
      expect(r.rootName).toBe('github.com/threagile/threagile');
      expect(r.packages).toHaveLength(52);
      expect(r.packages.filter((p) => !p.direct)).toHaveLength(37);
      expect(r.packages.find((p) => p.name === 'github.com/gin-gonic/gin')).toMatchObject({
        version: 'v1.10.0',
        direct: true,
        dev: false,
        line: 7,
      });
      expect(r.packages.find((p) => p.name === 'golang.org/x/sys')).toMatchObject({
        version: 'v0.41.0',
        direct: false,
        line: 41,
      });
      // The third block mixes direct and indirect lines.
      expect(r.packages.find((p) => p.name === 'github.com/stretchr/testify')?.direct).toBe(true);
      const notes = r.notes?.join('\n') ?? '';
      expect(notes).toMatch(/go 1\.26\.0: the Go standard library/);
      expect(notes).toMatch(
        /2 module\(s\) are missing from go\.sum \(golang\.org\/x\/crypto@v0\.45\.0, golang\.org\/x\/text@v0\.31\.0\)/,
      );
      const deps = buildDependencies('Go', 'svc/go.mod', r.packages);
      expect(deps.find((d) => d.name === 'golang.org/x/sys')).toMatchObject({
        purl: 'pkg:golang/golang.org/x/sys@v0.41.0',
        dev: false,
        path: ['golang.org/x/sys@v0.41.0'],
      });
    },
  );

  it.skipIf(!hasSharedData)(
    'reads gitleaks v8: 72 modules, 16 direct, complete go.sum',
    async () => {
      const r = await parse(sharedLockfile('Go', 'gitleaks-gitleaks-go.mod'), {
        'go.sum': sharedLockfile('Go', 'gitleaks-gitleaks-go.sum'),
      });
      expect(r.rootName).toBe('github.com/zricethezav/gitleaks/v8');
      expect(r.packages).toHaveLength(72);
      expect(r.packages.filter((p) => p.direct)).toHaveLength(16);
      expect(r.packages.find((p) => p.name === 'github.com/wasilibs/go-re2')).toMatchObject({
        version: 'v1.9.0',
        direct: true,
      });
      expect(r.notes?.join('\n')).not.toMatch(/missing from go\.sum/);
    },
  );

  it.skipIf(!hasSharedData)('reads gitleaks 2020 (go 1.13, +incompatible versions)', async () => {
    const r = await parse(sharedLockfile('Go', 'gitleaks-gitleaks-2020-go.mod'), {
      'go.sum': sharedLockfile('Go', 'gitleaks-gitleaks-2020-go.sum'),
    });
    expect(r.packages).toHaveLength(13);
    expect(r.packages.filter((p) => !p.direct).map((p) => p.name)).toEqual([
      'github.com/google/go-cmp',
      'golang.org/x/crypto',
    ]);
    expect(r.packages.find((p) => p.name === 'github.com/google/go-github')).toMatchObject({
      version: 'v17.0.0+incompatible',
      line: 8,
    });
  });
});

describe('go.mod: syntax', () => {
  it('applies replace directives, version-specific ones first', async () => {
    const r = await parse(
      [
        'module "example.com/app" // quoted',
        '',
        'require (',
        '\texample.com/a v1.0.0',
        '\texample.com/b v1.2.0 // indirect; pinned for a CVE',
        '\texample.com/c v0.1.0',
        ')',
        'require example.com/d v2.0.0+incompatible',
        '',
        'replace example.com/a => example.com/fork v1.0.1',
        'replace (',
        '\texample.com/b v1.2.0 => example.com/b v1.2.1',
        '\texample.com/b => example.com/never v9.9.9',
        ')',
        'replace example.com/c => ../c',
        'exclude example.com/a v0.9.0',
        'retract [v0.1.0, v0.2.0]',
      ].join('\n'),
    );
    expect(r.rootName).toBe('example.com/app');
    expect(r.packages.map((p) => [p.name, p.version, p.direct, p.line, p.source ?? null])).toEqual([
      ['example.com/fork', 'v1.0.1', true, 4, null],
      ['example.com/b', 'v1.2.1', false, 5, null],
      ['example.com/c', '', true, 6, 'path'],
      ['example.com/d', 'v2.0.0+incompatible', true, 8, null],
    ]);
    expect(r.notes?.join('\n')).toMatch(/example\.com\/c@v0\.1\.0 => \.\.\/c/);
  });

  it('says nothing about go.sum when there is none', async () => {
    const r = await parse('module m\nrequire x.org/y v1.0.0\n');
    expect(r.notes?.join('\n')).not.toMatch(/go\.sum/);
  });
});

describe('go.mod: broken input', () => {
  it.each([
    ['module m\nrequire x.org/y\n', 2, /usage: require/],
    ['module m\nrequire (\n\tx.org/y 1.0.0\n)\n', 3, /invalid version "1\.0\.0"/],
    ['module m\nrequire (\n\tx.org/y v1.0.0\n', 2, /never closed/],
    ['module m\nfrobnicate x\n', 2, /unknown directive: frobnicate/],
    ['module "m\n', 1, /unterminated quoted string/],
    ['module m\nreplace a => b\n', 2, /needs a version/],
    ['module m\n)\n', 2, /unknown directive: \)/],
  ])('rejects %j at line %i', async (text, line, message) => {
    const err = await parse(text).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParseError);
    expect((err as ParseError).position).toMatchObject({ file: 'svc/go.mod', line });
    expect((err as ParseError).message).toMatch(message);
  });
});

describe('go.mod: properties', () => {
  const segment = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/);
  const modulePath = fc
    .tuple(segment, segment, fc.array(segment, { maxLength: 2 }))
    .map(([host, org, rest]) => [`${host}.io`, org, ...rest].join('/'));
  const version = fc
    .tuple(fc.nat(30), fc.nat(30), fc.nat(30), fc.constantFrom('', '-rc.1', '+incompatible'))
    .map(([a, b, c, s]) => `v${a}.${b}.${c}${s}`);

  it('gives back the module set it was written from', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.tuple(modulePath, version, fc.boolean()), {
          selector: ([p]) => p,
          maxLength: 25,
        }),
        fc.boolean(),
        async (mods, asBlock) => {
          const line = ([p, v, indirect]: [string, string, boolean]) =>
            `${p} ${v}${indirect ? ' // indirect' : ''}`;
          const body = asBlock
            ? `require (\n${mods.map((m) => `\t${line(m)}`).join('\n')}\n)`
            : mods.map((m) => `require ${line(m)}`).join('\n');
          const r = await parse(`module example.com/root\n\ngo 1.22\n\n${body}\n`);
          expect(r.packages.map((p) => [p.name, p.version, !p.direct]).sort()).toEqual(
            [...mods].sort(),
          );
        },
      ),
    );
  });
});
