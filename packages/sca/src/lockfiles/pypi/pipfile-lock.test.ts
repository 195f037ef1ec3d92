import { ParseError } from '@rampart/core';
import { describe, expect, it } from 'vitest';
import { parseText } from '../../test-support/parse.js';
import { hasSharedData, sharedLockfile } from '../../test-support/shared-data.js';
import { pipfileLockParser as parser } from './pipfile-lock.js';

describe('Pipfile.lock', () => {
  it('claims Pipfile.lock only', () => {
    expect(parser.matches('x/Pipfile.lock')).toBe(true);
    expect(parser.matches('x/Pipfile')).toBe(false);
  });

  it.skipIf(!hasSharedData)(
    'reads checkov: default runtime, develop dev, shared names once',
    async () => {
      const text = sharedLockfile('PyPI', 'bridgecrewio-checkov-Pipfile.lock');
      const r = await parseText(parser, text, 'Pipfile.lock');
      // 99 default + 87 develop, 25 names with the same version in both.
      expect(r.packages).toHaveLength(161);
      expect(r.packages.filter((p) => p.dev)).toHaveLength(62);
      expect(r.packages.every((p) => p.direct)).toBe(true);
      expect(r.packages.find((p) => p.name === 'aiohttp')).toMatchObject({
        version: '3.13.5',
        dev: false,
        line: 36,
      });
      expect(r.packages.find((p) => p.name === 'bandit')).toMatchObject({ dev: true, line: 2723 });
      expect(r.notes?.join('\n')).toMatch(/No Pipfile beside Pipfile\.lock/);
    },
  );

  it.skipIf(!hasSharedData)(
    'keeps both versions when default and develop disagree (semgrep-rules)',
    async () => {
      const r = await parseText(
        parser,
        sharedLockfile('PyPI', 'semgrep-semgrep-rules-Pipfile.lock'),
        'Pipfile.lock',
      );
      // 16 default + 26 develop - 9 names locked at the same version in both.
      expect(r.packages).toHaveLength(33);
      expect(
        r.packages.filter((p) => p.name === 'requests').map((p) => [p.version, p.dev]),
      ).toEqual([
        ['2.32.0', false],
        ['2.31.0', true],
      ]);
    },
  );

  it('marks only what the Pipfile declares as direct, and reads git and path entries', async () => {
    const lock = JSON.stringify(
      {
        _meta: {},
        default: {
          flask: { version: '==2.0.1' },
          werkzeug: { version: '==2.0.2' },
          mylib: { git: 'https://example.invalid/mylib.git', ref: 'abc' },
          local: { path: './local', editable: true },
        },
        develop: { 'Py-Test': { version: '==7.0.0' } },
      },
      null,
      4,
    );
    const r = await parseText(parser, lock, 'Pipfile.lock', {
      Pipfile: '[packages]\nFlask = "*"\nmylib = {git = "x"}\n\n[dev-packages]\npy_test = "*"\n',
    });
    expect(r.packages.map((p) => [p.name, p.version, p.direct, p.dev, p.source ?? null])).toEqual([
      ['flask', '2.0.1', true, false, null],
      ['werkzeug', '2.0.2', false, false, null],
      ['mylib', '', true, false, 'git'],
      ['local', '', false, false, 'path'],
      ['Py-Test', '7.0.0', true, true, null],
    ]);
    expect(r.packages[1]?.line).toBe(7);
  });

  it.each([
    ['{"default": {"a": {"version": ">=1"}}}', 1, /not an exact "==" pin/],
    ['{\n"default": {\n "a": {"hashes": []}\n}}', 3, /default\.a has no "version"/],
    ['{\n"default": {\n "a": {"version": 1}\n}}', 3, /"version" is not a string/],
    ['{\n"default": []\n}', 2, /"default" is not an object/],
    ['{\n"default": {,}\n}', 2, /invalid JSON/],
  ])('rejects broken lock %#', async (text, line, message) => {
    const err = await parseText(parser, text, 'Pipfile.lock').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParseError);
    expect((err as ParseError).position).toMatchObject({ file: 'Pipfile.lock', line });
    expect((err as ParseError).message).toMatch(message);
  });
});
