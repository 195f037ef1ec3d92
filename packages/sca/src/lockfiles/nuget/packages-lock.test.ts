import { ParseError } from '@rampart/core';
import { describe, expect, it } from 'vitest';
import { parseText } from '../../test-support/parse.js';
import { hasSharedData, sharedLockfile } from '../../test-support/shared-data.js';
import { buildDependencies } from '../graph.js';
import { packagesLockParser as parser } from './packages-lock.js';

describe('packages.lock.json: real files', () => {
  it('claims packages.lock.json only', () => {
    expect(parser.matches('src/Api/packages.lock.json')).toBe(true);
    expect(parser.matches('src/Api/package-lock.json')).toBe(false);
  });

  it.skipIf(!hasSharedData)(
    'reads bitwarden Api: 153 packages, 14 direct, project references left out',
    async () => {
      const r = await parseText(
        parser,
        sharedLockfile('NuGet', 'bitwarden-server-src_Api_packages.lock.json'),
        'src/Api/packages.lock.json',
      );
      expect(r.packages).toHaveLength(153);
      expect(r.packages.filter((p) => p.direct)).toHaveLength(14);
      expect(r.packages.some((p) => p.dev)).toBe(false);
      expect(r.packages.find((p) => p.name === 'AspNetCore.HealthChecks.SqlServer')).toMatchObject({
        version: '8.0.2',
        direct: true,
        line: 5,
        dependsOn: ['Microsoft.Data.SqlClient@7.0.0'],
      });
      expect(r.packages.find((p) => p.name === 'Azure.Core')).toMatchObject({
        version: '1.47.3',
        direct: false,
        line: 181,
      });
      expect(r.packages.some((p) => p.name.toLowerCase() === 'core')).toBe(false);
      expect(r.notes?.join('\n')).toMatch(/14 project reference\(s\) \(/);
      const deps = buildDependencies('NuGet', 'packages.lock.json', r.packages);
      expect(deps.find((d) => d.name === 'Azure.Core')).toMatchObject({
        purl: 'pkg:nuget/Azure.Core@1.47.3',
        path: ['Azure.Messaging.EventGrid@5.0.0', 'Azure.Core@1.47.3'],
        dev: false,
      });
    },
  );

  it.skipIf(!hasSharedData)('reads bitwarden Core: 140 packages, 48 direct', async () => {
    const r = await parseText(
      parser,
      sharedLockfile('NuGet', 'bitwarden-server-src_Core_packages.lock.json'),
      'packages.lock.json',
    );
    expect(r.packages).toHaveLength(140);
    expect(r.packages.filter((p) => p.direct)).toHaveLength(48);
    expect(r.packages.find((p) => p.name === 'Newtonsoft.Json')).toMatchObject({
      version: '13.0.3',
      direct: true,
    });
  });
});

describe('packages.lock.json: frameworks', () => {
  it('merges packages across frameworks, resolving edges case-insensitively per framework', async () => {
    const lock = JSON.stringify(
      {
        version: 2,
        dependencies: {
          'net8.0': {
            Serilog: {
              type: 'Direct',
              requested: '[3.0.0, )',
              resolved: '3.0.0',
              dependencies: { 'system.memory': '4.5.0' },
            },
            'System.Memory': { type: 'Transitive', resolved: '4.5.5' },
          },
          net48: {
            Serilog: {
              type: 'Direct',
              requested: '[3.0.0, )',
              resolved: '3.0.0',
              dependencies: { 'System.Memory': '4.5.0' },
            },
            'System.Memory': {
              type: 'CentralTransitive',
              requested: '[4.5.4, )',
              resolved: '4.5.4',
            },
            MyLib: { type: 'Project', dependencies: { Serilog: '[3.0.0, )' } },
          },
        },
      },
      null,
      2,
    );
    const r = await parseText(parser, lock, 'packages.lock.json');
    expect(r.packages.map((p) => [p.name, p.version, p.direct, p.dependsOn, p.line])).toEqual([
      ['Serilog', '3.0.0', true, ['System.Memory@4.5.5', 'System.Memory@4.5.4'], 5],
      ['System.Memory', '4.5.5', false, [], 13],
      ['System.Memory', '4.5.4', false, [], 27],
    ]);
  });

  it.each([
    ['{"version": 1}', 1, /has no "dependencies"/],
    [
      '{"dependencies": {"net8.0": {\n"A": {"type": "Direct"}}}}',
      2,
      /net8\.0 > A has no "resolved"/,
    ],
    [
      '{"dependencies": {"net8.0": {\n"A": {"type": "Odd", "resolved": "1"}}}}',
      2,
      /unknown type "Odd"/,
    ],
    [
      '{"dependencies": {"net8.0": {\n"A": {"type": "Direct", "resolved": "1", "dependencies": []}}}}',
      2,
      /"dependencies" is not an object/,
    ],
    ['{"dependencies": {\n"net8.0": [}}', 2, /invalid JSON/],
  ])('rejects broken lock %#', async (text, line, message) => {
    const err = await parseText(parser, text, 'src/packages.lock.json').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParseError);
    expect((err as ParseError).position).toMatchObject({ file: 'src/packages.lock.json', line });
    expect((err as ParseError).message).toMatch(message);
  });
});
