import { ParseError } from '@rampart/core';
import { describe, expect, it } from 'vitest';
import { parseText } from '../../test-support/parse.js';
import { hasSharedData, sharedLockfile } from '../../test-support/shared-data.js';
import { buildDependencies } from '../graph.js';
import { composerLockParser as parser } from './composer-lock.js';

describe('composer.lock: real files', () => {
  it('claims composer.lock only', () => {
    expect(parser.matches('web/composer.lock')).toBe(true);
    expect(parser.matches('web/composer.json')).toBe(false);
  });

  it.skipIf(!hasSharedData)(
    'reads BookStack with its composer.json: 147 packages, 32 direct',
    async () => {
      const r = await parseText(
        parser,
        sharedLockfile('Packagist', 'BookStackApp-BookStack-composer.lock'),
        'composer.lock',
        {
          'composer.json': sharedLockfile('Packagist', 'BookStackApp-BookStack-composer.json'),
        },
      );
      expect(r.rootName).toBe('bookstackapp/bookstack');
      expect(r.packages).toHaveLength(147);
      expect(r.packages.filter((p) => p.dev)).toHaveLength(37);
      expect(r.packages.filter((p) => p.direct)).toHaveLength(32);
      expect(r.packages.find((p) => p.name === 'laravel/framework')).toMatchObject({
        version: '10.48.22',
        direct: true,
        dev: false,
        license: 'MIT',
        line: 2082,
      });
      expect(r.packages.find((p) => p.name === 'nette/utils')).toMatchObject({
        version: '4.0.5',
        license: 'BSD-3-Clause OR GPL-2.0-only OR GPL-3.0-only',
        direct: false,
      });
      const phpunit = r.packages.find((p) => p.name === 'phpunit/phpunit');
      expect(phpunit).toMatchObject({ version: '10.5.35', dev: true, direct: true, line: 9173 });
      // 26 requirements: php and five ext-* are the platform's; ext-mbstring is provided by
      // symfony/polyfill-mbstring, so it becomes an edge to that package.
      expect(phpunit?.dependsOn).toHaveLength(20);
      expect(phpunit?.dependsOn).toContain('symfony/polyfill-mbstring@1.31.0');
      const deps = buildDependencies('Packagist', 'composer.lock', r.packages);
      expect(deps.find((d) => d.name === 'nette/utils')).toMatchObject({
        purl: 'pkg:composer/nette/utils@4.0.5',
        path: [
          'league/commonmark@2.5.3',
          'league/config@1.2.0',
          'nette/schema@1.3.0',
          'nette/utils@4.0.5',
        ],
      });
      expect(r.notes).toEqual([]);
    },
  );

  it.skipIf(!hasSharedData)(
    'reads BookStack 2019 without a manifest: v-prefixes gone, direct unknown',
    async () => {
      const r = await parseText(
        parser,
        sharedLockfile('Packagist', 'BookStackApp-BookStack-2019-composer.lock'),
        'composer.lock',
      );
      expect(r.packages).toHaveLength(127);
      expect(r.packages.filter((p) => p.dev)).toHaveLength(55);
      expect(r.packages.some((p) => p.direct)).toBe(false);
      expect(r.packages.find((p) => p.name === 'laravel/framework')).toMatchObject({
        version: '6.0.3',
        line: 1270,
      });
      expect(r.packages.some((p) => p.version.startsWith('v'))).toBe(false);
      expect(r.notes?.join('\n')).toMatch(/No composer\.json beside composer\.lock/);
    },
  );
});

describe('composer.lock: shapes', () => {
  it('resolves requirements through replace and provide, and reads local and git sources', async () => {
    const lock = JSON.stringify(
      {
        packages: [
          {
            name: 'app/a',
            version: 'v1.0.0',
            require: { php: '>=8', 'psr/log-implementation': '1.0' },
          },
          {
            name: 'monolog/monolog',
            version: '2.0.0',
            provide: { 'psr/log-implementation': '1.0' },
            license: 'MIT',
          },
          {
            name: 'local/lib',
            version: 'dev-main',
            dist: { type: 'path', url: '../lib' },
            require: [],
          },
          {
            name: 'fork/x',
            version: 'dev-fix',
            source: { type: 'git', url: 'https://example.invalid/x.git' },
          },
        ],
        'packages-dev': null,
      },
      null,
      2,
    );
    const r = await parseText(parser, lock, 'composer.lock', {
      'composer.json': '{"require": {"php": "^8", "ext-json": "*", "App/A": "^1"}}',
    });
    expect(
      r.packages.map((p) => [p.name, p.version, p.direct, p.dependsOn, p.source ?? null]),
    ).toEqual([
      ['app/a', '1.0.0', true, ['monolog/monolog@2.0.0'], null],
      ['monolog/monolog', '2.0.0', false, [], null],
      ['local/lib', 'dev-main', false, [], 'path'],
      ['fork/x', 'dev-fix', false, [], 'git'],
    ]);
    expect(r.packages[1]?.license).toBe('MIT');
  });

  it.each([
    ['{"packages": [{"name": "a/b"}]}', 1, /has no "version"/],
    ['{\n"packages": [\n{"name": "a/b", "version": 1}\n]}', 3, /"version" is not a string/],
    ['{\n"packages": {}\n}', 2, /"packages" is not an array/],
    [
      '{\n"packages": [{"name": "a/b", "version": "1", "license": [1]}]\n}',
      2,
      /"license" entry is not a string/,
    ],
    ['{\n"packages": [\n  {"name": "a/b",}\n]}', 3, /invalid JSON/],
    ['[]', 1, /composer\.lock is not an object/],
  ])('rejects broken lock %#', async (text, line, message) => {
    const err = await parseText(parser, text, 'web/composer.lock').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParseError);
    expect((err as ParseError).position).toMatchObject({ file: 'web/composer.lock', line });
    expect((err as ParseError).message).toMatch(message);
  });
});
