import { ParseError } from '@rampart/core';
import { describe, expect, it } from 'vitest';
import { parseText } from '../../test-support/parse.js';
import { hasSharedData, sharedLockfile } from '../../test-support/shared-data.js';
import { buildDependencies } from '../graph.js';
import { uvLockParser as parser } from './uv-lock.js';

describe('uv.lock', () => {
  it('claims uv.lock only', () => {
    expect(parser.matches('uv.lock')).toBe(true);
    expect(parser.matches('uv.lock.bak')).toBe(false);
  });

  it.skipIf(!hasSharedData)(
    'reads CTFd: the virtual root, 36 runtime and 14 dev direct dependencies',
    async () => {
      const r = await parseText(parser, sharedLockfile('PyPI', 'CTFd-CTFd-uv.lock'), 'uv.lock');
      expect(r.rootName).toBe('ctfd');
      // 110 [[package]] tables, one of them the project itself.
      expect(r.packages).toHaveLength(109);
      expect(r.packages.filter((p) => p.direct)).toHaveLength(50);
      expect(r.packages.filter((p) => p.dev === true)).toHaveLength(40);
      expect(r.packages.find((p) => p.name === 'alembic')).toMatchObject({
        version: '1.16.4',
        direct: false,
        dev: false,
        line: 14,
      });
      expect(r.packages.find((p) => p.name === 'pytest')).toMatchObject({
        direct: true,
        dev: true,
      });
      const deps = buildDependencies('PyPI', 'uv.lock', r.packages);
      expect(deps.find((d) => d.name === 'mako')?.path).toEqual([
        'dataset@1.6.2',
        'alembic@1.16.4',
        'mako@1.3.12',
      ]);
    },
  );

  it.skipIf(!hasSharedData)('reads zizmor: an editable root with only dev groups', async () => {
    const r = await parseText(
      parser,
      sharedLockfile('PyPI', 'zizmorcore-zizmor-uv.lock'),
      'uv.lock',
    );
    expect(r.rootName).toBe('zizmor');
    expect(r.packages).toHaveLength(22);
    expect(
      r.packages
        .filter((p) => p.direct)
        .map((p) => p.name)
        .sort(),
    ).toEqual(['pytest', 'pytest-codspeed', 'urllib3', 'zensical']);
    expect(r.packages.every((p) => p.dev === true)).toBe(true);
    expect(r.packages.find((p) => p.name === 'zensical')?.line).toBe(427);
  });

  it('follows extras only when a dependent asks for them, and pinned references', async () => {
    const r = await parseText(
      parser,
      `version = 1

[[package]]
name = "app"
version = "0.1.0"
source = { editable = "." }
dependencies = [{ name = "httpx", extra = ["http2"] }, { name = "idna", version = "3.0" }]

[package.optional-dependencies]
cli = [{ name = "rich" }]

[[package]]
name = "httpx"
version = "1.0"
source = { registry = "https://pypi.org/simple" }

[package.optional-dependencies]
http2 = [{ name = "h2" }]
socks = [{ name = "socksio" }]

[[package]]
name = "h2"
version = "4.0"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "socksio"
version = "1.0"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "idna"
version = "2.0"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "idna"
version = "3.0"
source = { git = "https://example.invalid/idna" }

[[package]]
name = "rich"
version = "13.0"
source = { registry = "https://pypi.org/simple" }
`,
      'uv.lock',
    );
    expect(r.rootName).toBe('app');
    expect(r.packages.map((p) => [p.name, p.version, p.direct, p.dev, p.dependsOn])).toEqual([
      ['httpx', '1.0', true, false, ['h2@4.0']],
      ['h2', '4.0', false, false, []],
      ['socksio', '1.0', false, true, []],
      ['idna', '2.0', false, true, []],
      ['idna', '3.0', true, false, []],
      ['rich', '13.0', true, true, []],
    ]);
    expect(r.packages.find((p) => p.version === '3.0')?.source).toBe('git');
  });

  it('notes a lock without a project package', async () => {
    const r = await parseText(
      parser,
      '[[package]]\nname = "a"\nversion = "1"\nsource = { registry = "x" }\n',
      'uv.lock',
    );
    expect(r.packages).toEqual([expect.objectContaining({ name: 'a', direct: false })]);
    expect(r.notes?.join('\n')).toMatch(/no project package/);
  });

  it.each([
    ['[[package]]\nname = "a"\nsource = { registry = "x" }\n', 1, /has no "version"/],
    [
      '[[package]]\nname = "a"\nversion = "1"\ndependencies = [{ version = "1" }]\n',
      1,
      /without a name/,
    ],
    [
      '[[package]]\nname = "a"\nversion = "1"\ndependencies = "b"\n',
      1,
      /"dependencies" is not an array/,
    ],
    ['version = 1\n[[package]\n', 2, /invalid TOML/],
  ])('rejects broken lock %#', async (text, line, message) => {
    const err = await parseText(parser, text, 'uv.lock').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParseError);
    expect((err as ParseError).position).toMatchObject({ file: 'uv.lock', line });
    expect((err as ParseError).message).toMatch(message);
  });
});
