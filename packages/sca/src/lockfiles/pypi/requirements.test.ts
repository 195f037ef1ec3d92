import { ParseError } from '@rampart/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseText } from '../../test-support/parse.js';
import { hasSharedData, sharedLockfile } from '../../test-support/shared-data.js';
import type { PackageNode } from '../../types.js';
import { buildDependencies } from '../graph.js';
import { requirementsTxtParser as parser } from './requirements.js';

const parse = (text: string, path = 'requirements.txt', siblings: Record<string, string> = {}) =>
  parseText(parser, text, path, siblings);
const find = (packages: readonly PackageNode[], name: string) =>
  packages.find((p) => p.name === name);

describe('requirements.txt: matching', () => {
  it.each([
    'requirements.txt',
    'sub/requirements-dev.txt',
    'dev-requirements.txt',
    'requirements/base.txt',
    'requirements/pip.in',
    'requirements_testing.in',
  ])('claims %s', (path) => expect(parser.matches(path)).toBe(true));

  it.each(['MANIFEST.in', 'notes.txt', 'requirements.yml', 'docs/requirements.md'])(
    'leaves %s alone',
    (path) => expect(parser.matches(path)).toBe(false),
  );
});

describe('requirements.txt: real files', () => {
  it.skipIf(!hasSharedData)('reads CTFd 2018: 28 direct, one range without a version', async () => {
    const r = await parse(sharedLockfile('PyPI', 'CTFd-CTFd-2018-requirements.txt'));
    expect(r.packages).toHaveLength(28);
    expect(r.packages.every((p) => p.direct && p.dev === false)).toBe(true);
    expect(find(r.packages, 'Flask')).toMatchObject({ version: '1.0.2', line: 1 });
    expect(find(r.packages, 'requests')).toMatchObject({ version: '', line: 13 });
    expect(find(r.packages, 'boto3')).toMatchObject({ version: '1.9.39', line: 28 });
    expect(r.notes?.join('\n')).toMatch(/1 requirement\(s\) are not pinned.*requests/);
  });

  it.skipIf(!hasSharedData)(
    'reads the uv export of CTFd with markers and via comments',
    async () => {
      const r = await parse(sharedLockfile('PyPI', 'CTFd-CTFd-requirements.txt'));
      expect(r.packages).toHaveLength(69);
      expect(find(r.packages, 'async-timeout')).toMatchObject({ version: '5.0.1', line: 9 });
      expect(find(r.packages, 'greenlet')).toMatchObject({ version: '3.2.4', line: 79 });
      expect(find(r.packages, 'werkzeug')).toMatchObject({ version: '2.2.3', line: 193 });
      expect(r.notes).toEqual([]);
    },
  );

  it.skipIf(!hasSharedData)(
    'reads DefectDojo: extras, a git URL, and a pinned twin of an unpinned extra',
    async () => {
      const r = await parse(
        sharedLockfile('PyPI', 'DefectDojo-django-DefectDojo-requirements.txt'),
      );
      // 66 requirement lines: `bleach[css]` merges into `bleach==6.3.0`.
      expect(r.packages).toHaveLength(65);
      expect(r.packages.filter((p) => p.name === 'bleach')).toEqual([
        expect.objectContaining({ version: '6.3.0', line: 2 }),
      ]);
      expect(find(r.packages, 'psycopg')).toMatchObject({ version: '3.3.4', line: 34 });
      expect(find(r.packages, 'Pillow')).toMatchObject({ version: '12.3.0', line: 33 });
      expect(find(r.packages, 'django-tagulous')).toMatchObject({ version: '', source: 'git' });
      expect(r.packages.some((p) => p.dev)).toBe(false);
    },
  );

  it.skipIf(!hasSharedData)('marks everything in requirements-dev.txt as dev', async () => {
    const text = sharedLockfile('PyPI', 'DefectDojo-django-DefectDojo-requirements-dev.txt');
    const r = await parse(text, 'requirements-dev.txt');
    expect(r.packages).toHaveLength(7);
    expect(r.packages.every((p) => p.dev === true && p.direct)).toBe(true);
    expect(find(r.packages, 'watchdog')).toMatchObject({ version: '6.0.0', line: 15 });
  });

  it.skipIf(!hasSharedData)(
    'follows -r pip.txt in readthedocs 2018 and points at the -r line',
    async () => {
      const r = await parse(
        sharedLockfile('PyPI', 'readthedocs-readthedocs.org-2018-requirements_testing.txt'),
        'requirements/testing.txt',
        {
          'pip.txt': sharedLockfile(
            'PyPI',
            'readthedocs-readthedocs.org-2018-requirements_pip.txt',
          ),
        },
      );
      // 57 lines in pip.txt + 12 in testing.txt, no overlap.
      expect(r.packages).toHaveLength(69);
      expect(find(r.packages, 'Sphinx')).toMatchObject({ version: '1.8.2', line: 1, dev: false });
      expect(find(r.packages, 'django')).toMatchObject({ version: '1.11.16', line: 1 });
      expect(find(r.packages, 'sphinx-intl')).toMatchObject({
        version: '',
        source: 'git',
        line: 1,
      });
      expect(find(r.packages, 'Mercurial')).toMatchObject({
        version: '4.4.2',
        line: 17,
        dev: true,
      });
      expect(r.packages.filter((p) => p.dev)).toHaveLength(12);
      expect(r.notes?.join('\n')).toMatch(/included files \(pip\.txt\) point at the -r line/);
    },
  );

  it.skipIf(!hasSharedData)('follows -r pip.txt from the readthedocs testing.in', async () => {
    const r = await parse(
      sharedLockfile('PyPI', 'readthedocs-readthedocs.org-requirements_testing.in'),
      'requirements/testing.in',
      { 'pip.txt': sharedLockfile('PyPI', 'readthedocs-readthedocs.org-requirements_pip.txt') },
    );
    expect(r.packages).toHaveLength(129);
    expect(find(r.packages, 'django')).toMatchObject({ version: '5.2.16', line: 3, dev: false });
    expect(find(r.packages, 'docutils')).toMatchObject({ version: '0.21.2', line: 6, dev: true });
    expect(find(r.packages, 'pytest')).toMatchObject({ version: '', line: 10 });
  });

  it.skipIf(!hasSharedData)('notes a missing include and keeps the rest', async () => {
    const r = await parse(
      sharedLockfile('PyPI', 'readthedocs-readthedocs.org-2018-requirements_testing.txt'),
      'requirements/testing.txt',
    );
    expect(r.packages).toHaveLength(12);
    expect(r.notes?.join('\n')).toMatch(/pip\.txt \(testing\.txt:1\) was not found/);
  });

  it.skipIf(!hasSharedData)('reads pip-compile --generate-hashes output (osv.dev)', async () => {
    const text = sharedLockfile('PyPI', 'google-osv.dev-docker_poetry_requirements.txt');
    const r = await parse(text, 'docker/poetry_requirements.txt');
    expect(r.packages).toHaveLength(44);
    expect(find(r.packages, 'anyio')).toMatchObject({ version: '4.12.1', line: 7 });
    expect(find(r.packages, 'cachecontrol')).toMatchObject({ version: '0.14.4', line: 15 });
    expect(r.packages.some((p) => p.dev)).toBe(false);
  });
});

describe('requirements.txt: syntax', () => {
  it('reads extras, markers, hashes, continuations and comments', async () => {
    const r = await parse(
      [
        '# a comment',
        'requests[socks,security] == 2.31.0 ; python_version < "3.8"  # trailing',
        'Django==4.2.1 \\',
        '    --hash=sha256:aaaa \\',
        '    --hash=sha256:bbbb',
        '    # via something',
        'attrs===23.1.0',
        'zope.interface (==6.0)',
        'six>=1.16,<2',
        'wildcard==1.*',
        '--index-url https://example.invalid/simple',
        '--extra-index-url=https://example.invalid/extra',
        '--require-hashes',
        '',
      ].join('\n'),
    );
    expect(r.packages.map((p) => [p.name, p.version, p.line])).toEqual([
      ['requests', '2.31.0', 2],
      ['Django', '4.2.1', 3],
      ['attrs', '23.1.0', 7],
      ['zope.interface', '6.0', 8],
      ['six', '', 9],
      ['wildcard', '', 10],
    ]);
    expect(r.notes?.join('\n')).toMatch(/2 requirement\(s\) are not pinned.*six, wildcard/);
  });

  it('merges names that are equal under PEP 503 and keeps the first display name', async () => {
    const r = await parse('Flask_SQLAlchemy==3.0\nflask-sqlalchemy==3.0\nflask.sqlalchemy\n');
    expect(r.packages).toEqual([expect.objectContaining({ name: 'Flask_SQLAlchemy', line: 1 })]);
  });

  it('reads editable installs, URLs, wheels and paths with their source', async () => {
    const r = await parse(
      [
        '-e git+https://github.com/org/repo.git@v1.0#egg=mylib',
        '-e ./libs/helper',
        '-e .',
        'https://files.example.invalid/pkgs/foo_bar-1.2.3-py3-none-any.whl',
        './vendor/baz-0.4.tar.gz',
        'pkg @ https://example.invalid/pkg.zip',
        'hg+https://hg.example.invalid/repo#egg=hgpkg',
      ].join('\n'),
    );
    expect(r.packages.map((p) => [p.name, p.version, p.source])).toEqual([
      ['mylib', '', 'git'],
      ['helper', '', 'path'],
      ['foo_bar', '1.2.3', 'url'],
      ['baz', '0.4', 'path'],
      ['pkg', '', 'url'],
      ['hgpkg', '', 'url'],
    ]);
    expect(r.notes?.join('\n')).toMatch(/Skipped \.: .*\(requirements\.txt:3\)/);
  });

  it('reads nested includes relative to the including file, once, even in a cycle', async () => {
    const r = await parse('-r base/common.txt\nlocal==1\n', 'requirements.txt', {
      'base/common.txt': 'common==1.0\n--requirement=../more.txt\n',
      'more.txt': '-r requirements.txt\n-rbase/common.txt\nmore==2.0\n',
    });
    expect(r.packages.map((p) => [p.name, p.line])).toEqual([
      ['common', 1],
      ['more', 1],
      ['local', 2],
    ]);
  });

  it('takes versions of unpinned requirements from -c constraints without adding packages', async () => {
    const r = await parse('-c constraints.txt\nflask\nrequests[socks]\n', 'requirements.txt', {
      'constraints.txt': 'Flask==2.0.1\nunrelated==9.9\n',
    });
    expect(r.packages.map((p) => [p.name, p.version])).toEqual([
      ['flask', '2.0.1'],
      ['requests', ''],
    ]);
    expect(r.notes?.join('\n')).toMatch(/Versions of flask come from constraints files/);
  });

  it('decides dev per declaring file', async () => {
    const r = await parse('-r requirements.txt\npytest==8.0\n', 'requirements-test.txt', {
      'requirements.txt': 'flask==2.0\n',
    });
    expect(r.packages.map((p) => [p.name, p.dev])).toEqual([
      ['flask', false],
      ['pytest', true],
    ]);
  });
});

describe('requirements.txt: broken input', () => {
  it.each([
    ['flask==\n', 1, /invalid version specifier/],
    ['ok==1\nnot a requirement\n', 2, /invalid version specifier "a requirement"/],
    ['ok==1\n\npkg[extra\n', 3, /unclosed "\["/],
    ['pkg ; \n', 1, /empty environment marker/],
    ['-r\n', 1, /-r needs a value/],
  ])('rejects %j at line %i', async (text, line, message) => {
    const err = await parse(text, 'app/requirements.txt').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParseError);
    expect((err as ParseError).position).toMatchObject({ file: 'app/requirements.txt', line });
    expect((err as ParseError).message).toMatch(message);
  });

  it('gives the column of the bad part on a single physical line', async () => {
    const err = await parse('ok==1\n  bad==\n').catch((e: unknown) => e);
    expect((err as ParseError).position).toEqual({ file: 'requirements.txt', line: 2, column: 6 });
    const joined = await parse('ok==1 \\\n  --hash=sha256:00\nbad==\n').catch((e: unknown) => e);
    expect((joined as ParseError).position).toMatchObject({ line: 3, column: 4 });
  });

  it('names the included file when the error is there', async () => {
    const err = await parse('-r sub.txt\n', 'app/requirements.txt', {
      'sub.txt': 'a==1\nb==\n',
    }).catch((e: unknown) => e);
    expect((err as ParseError).position).toMatchObject({ file: 'app/sub.txt', line: 2 });
  });
});

describe('requirements.txt: properties', () => {
  const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,6}(?:[-_.][A-Za-z0-9]{1,5}){0,2}$/);
  const version = fc
    .array(fc.nat({ max: 40 }), { minLength: 1, maxLength: 4 })
    .map((parts) => parts.join('.'));

  it('gives back the pinned package set it was written from', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.tuple(name, version), {
          selector: ([n]) => n.toLowerCase().replace(/[-_.]+/g, '-'),
          maxLength: 25,
        }),
        fc.boolean(),
        async (pkgs, fancy) => {
          const text = pkgs
            .map(([n, v], i) =>
              fancy && i % 2 === 0
                ? `${n} == ${v} \\\n    --hash=sha256:0000 ; python_version >= "3" # c`
                : `${n}==${v}`,
            )
            .join('\n');
          const r = await parse(text);
          expect(r.packages.map((p) => [p.name, p.version]).sort()).toEqual([...pkgs].sort());
          expect(buildDependencies('PyPI', 'requirements.txt', r.packages)).toHaveLength(
            pkgs.length,
          );
        },
      ),
    );
  });
});
