import { ParseError } from '@rampart/core';
import { describe, expect, it } from 'vitest';
import { parseText } from '../../test-support/parse.js';
import { hasSharedData, sharedLockfile } from '../../test-support/shared-data.js';
import { buildDependencies } from '../graph.js';
import { gradleLockfileParser as parser } from './gradle-lockfile.js';

describe('gradle.lockfile', () => {
  it.each([
    ['gradle.lockfile', true],
    ['app/buildscript-gradle.lockfile', true],
    ['gradle/dependency-locks/compileClasspath.lockfile', true],
    ['app/other.lockfile', false],
    ['build.gradle', false],
  ])('matches %s: %s', (path, want) => expect(parser.matches(path)).toBe(want));

  it.skipIf(!hasSharedData)('reads DataDog: 68 packages, 31 only on test classpaths', async () => {
    const r = await parseText(
      parser,
      sharedLockfile('Maven', 'DataDog-vulnerable-java-application-gradle.lockfile'),
      'gradle.lockfile',
    );
    expect(r.packages).toHaveLength(68);
    expect(r.packages.filter((p) => p.dev)).toHaveLength(31);
    expect(r.packages.some((p) => p.direct)).toBe(false);
    expect(r.packages[0]).toMatchObject({
      name: 'ch.qos.logback:logback-classic',
      version: '1.4.14',
      dev: false,
      line: 4,
    });
    expect(r.packages.find((p) => p.name === 'com.jayway.jsonpath:json-path')).toMatchObject({
      version: '2.9.0',
      dev: true,
    });
    // lombok is an annotation processor, but also on compileClasspath: not dev.
    expect(r.packages.find((p) => p.name === 'org.projectlombok:lombok')?.dev).toBe(false);
    expect(r.notes?.join('\n')).toMatch(/build\.gradle\(\.kts\) is not parsed/);
    const deps = buildDependencies('Maven', 'gradle.lockfile', r.packages);
    expect(deps.find((d) => d.name === 'org.yaml:snakeyaml')).toMatchObject({
      purl: 'pkg:maven/org.yaml/snakeyaml@2.2',
      dev: false,
      direct: false,
    });
  });

  it('reads legacy per-configuration lockfiles and build-time lockfiles', async () => {
    const legacy = await parseText(
      parser,
      '# comment\na:b:1.0\n',
      'gradle/dependency-locks/testRuntimeClasspath.lockfile',
    );
    expect(legacy.packages).toEqual([
      expect.objectContaining({ name: 'a:b', version: '1.0', dev: true, line: 2 }),
    ]);
    const build = await parseText(
      parser,
      'a:b:1.0=classpath\nempty=\n',
      'buildscript-gradle.lockfile',
    );
    expect(build.packages[0]?.dev).toBe(true);
  });

  it.each([
    [
      'a:b:1.0=compileClasspath\nnot a coordinate\n',
      2,
      /expected "group:artifact:version=configurations"/,
    ],
    ['a:b=compileClasspath\n', 1, /expected/],
    ['a:b:1.0=compile Classpath\n', 1, /invalid configuration list/],
  ])('rejects broken lockfile %#', async (text, line, message) => {
    const err = await parseText(parser, text, 'gradle.lockfile').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParseError);
    expect((err as ParseError).position).toMatchObject({ file: 'gradle.lockfile', line });
    expect((err as ParseError).message).toMatch(message);
  });
});
