import { ParseError } from '@rampart/core';
import { describe, expect, it } from 'vitest';
import { parseText } from '../../test-support/parse.js';
import { hasSharedData, sharedLockfile } from '../../test-support/shared-data.js';
import { buildDependencies } from '../graph.js';
import { poetryLockParser as parser } from './poetry-lock.js';

const PYTM_PYPROJECT = `
[tool.poetry]
name = "pytm"

[tool.poetry.dependencies]
python = "^3.11"
pydantic = "^2.0"

[tool.poetry.group.dev.dependencies]
black = "*"
`;

describe('poetry.lock', () => {
  it('claims poetry.lock only', () => {
    expect(parser.matches('a/poetry.lock')).toBe(true);
    expect(parser.matches('a/pyproject.toml')).toBe(false);
  });

  it.skipIf(!hasSharedData)('reads OWASP pytm: 22 packages, 17 only in the dev group', async () => {
    const r = await parseText(
      parser,
      sharedLockfile('PyPI', 'OWASP-pytm-poetry.lock'),
      'poetry.lock',
    );
    expect(r.packages).toHaveLength(22);
    expect(r.packages.filter((p) => p.dev === true)).toHaveLength(17);
    expect(r.packages.find((p) => p.name === 'black')).toMatchObject({
      version: '25.11.0',
      dev: true,
      line: 15,
      dependsOn: expect.arrayContaining(['click@8.1.8', 'pytokens@0.3.0']),
    });
    expect(r.packages.every((p) => !p.direct)).toBe(true);
    expect(r.notes?.join('\n')).toMatch(/No pyproject\.toml beside poetry\.lock/);
  });

  it.skipIf(!hasSharedData)(
    'takes direct dependencies and the root name from pyproject.toml',
    async () => {
      const r = await parseText(
        parser,
        sharedLockfile('PyPI', 'OWASP-pytm-poetry.lock'),
        'poetry.lock',
        {
          'pyproject.toml': PYTM_PYPROJECT,
        },
      );
      expect(r.rootName).toBe('pytm');
      expect(r.packages.filter((p) => p.direct).map((p) => p.name)).toEqual(['black', 'pydantic']);
      expect(r.packages.find((p) => p.name === 'pydantic')).toMatchObject({
        version: '2.12.5',
        line: 325,
      });
      const deps = buildDependencies('PyPI', 'poetry.lock', r.packages);
      expect(deps.find((d) => d.name === 'annotated-types')).toMatchObject({
        dev: false,
        path: ['pydantic@2.12.5', 'annotated-types@0.7.0'],
      });
      expect(deps.find((d) => d.name === 'click')).toMatchObject({
        dev: true,
        path: ['black@25.11.0', 'click@8.1.8'],
      });
      expect(r.notes).toEqual([]);
    },
  );

  it.skipIf(!hasSharedData)(
    'reads osv.dev website: 74 packages, a directory source, main+dev groups',
    async () => {
      const r = await parseText(
        parser,
        sharedLockfile('PyPI', 'google-osv.dev-gcp_website_poetry.lock'),
        'gcp/website/poetry.lock',
      );
      expect(r.packages).toHaveLength(74);
      expect(r.packages.filter((p) => p.dev === true)).toHaveLength(8);
      expect(r.packages.find((p) => p.name === 'osv')).toMatchObject({
        version: '0.1.2',
        source: 'path',
        line: 1509,
      });
      expect(r.packages.find((p) => p.name === 'cryptography')).toMatchObject({
        version: '50.0.0',
        dependsOn: [expect.stringMatching(/^cffi@/)],
      });
    },
  );

  it('reads the old category field and edges in every form', async () => {
    const r = await parseText(
      parser,
      `[[package]]
name = "Requests"
version = "2.0.0"
category = "main"

[package.dependencies]
urllib3 = ">=1"
certifi = {version = "*", markers = "python_version >= '3'"}
idna = [
    {version = "<3", python = "<3"},
    {version = ">=3", python = ">=3"},
]

[[package]]
name = "urllib3"
version = "1.26.0"
category = "main"

[[package]]
name = "certifi"
version = "2020.1.1"
category = "main"

[[package]]
name = "idna"
version = "3.0"
category = "dev"

[package.source]
type = "git"
url = "https://example.invalid/idna.git"
`,
      'poetry.lock',
      { 'pyproject.toml': '[project]\nname = "demo"\ndependencies = ["requests>=2"]\n' },
    );
    expect(r.rootName).toBe('demo');
    expect(r.packages.map((p) => [p.name, p.direct, p.dev, p.line])).toEqual([
      ['Requests', true, false, 1],
      ['urllib3', false, false, 14],
      ['certifi', false, false, 19],
      ['idna', false, true, 24],
    ]);
    expect(r.packages[0]?.dependsOn).toEqual(['urllib3@1.26.0', 'certifi@2020.1.1', 'idna@3.0']);
    expect(r.packages[3]?.source).toBe('git');
  });

  it.each([
    ['[[package]]\nname = "a"\n', 1, /package #1 has no "version"/],
    [
      '[[package]]\nname = "a"\nversion = "1"\n\n[[package]]\nname = 2\nversion = "1"\n',
      5,
      /"name" is not a string/,
    ],
    [
      '[[package]]\nname = "a"\nversion = "1"\ngroups = [1]\n',
      1,
      /"groups" is not an array of strings/,
    ],
    ['[[package]]\nname = "a"\nversion = "1\n', 3, /invalid TOML/],
    ['package = "x"\n', undefined, /"package" is not an array/],
  ])('rejects broken lock %#', async (text, line, message) => {
    const err = await parseText(parser, text, 'py/poetry.lock').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParseError);
    expect((err as ParseError).position).toEqual(
      line === undefined
        ? { file: 'py/poetry.lock' }
        : expect.objectContaining({ file: 'py/poetry.lock', line }),
    );
    expect((err as ParseError).message).toMatch(message);
  });
});
