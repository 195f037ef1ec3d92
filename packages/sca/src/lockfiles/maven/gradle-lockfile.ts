import { posix } from 'node:path';
import { ParseError } from '@rampart/core';
import type { LockfileParser, PackageNode, ParseResult } from '../../types.js';

/**
 * Gradle dependency locking: `gradle.lockfile` lines `group:artifact:version=conf1,conf2`
 * (plus `empty=...`), the build-time `buildscript-gradle.lockfile`/`settings-gradle.lockfile`,
 * and the legacy per-configuration `gradle/dependency-locks/<conf>.lockfile`. A package is
 * dev when every configuration it is locked in is a test one. The lockfile does not say
 * which dependencies build.gradle declares, so none is marked direct.
 */
export const gradleLockfileParser: LockfileParser = {
  id: 'maven-gradle-lockfile',
  ecosystem: 'Maven',
  description: 'gradle.lockfile (Gradle dependency locking)',
  matches(path) {
    const base = posix.basename(path);
    if (
      ['gradle.lockfile', 'buildscript-gradle.lockfile', 'settings-gradle.lockfile'].includes(base)
    ) {
      return true;
    }
    return base.endsWith('.lockfile') && posix.dirname(path).endsWith('gradle/dependency-locks');
  },
  parse(text, ctx): ParseResult {
    const base = posix.basename(ctx.path);
    const buildTime = base === 'buildscript-gradle.lockfile' || base === 'settings-gradle.lockfile';
    // Legacy files hold one configuration each, named after the file.
    const legacyConf =
      base === 'gradle.lockfile' || buildTime ? undefined : base.replace(/\.lockfile$/, '');
    const packages: PackageNode[] = [];
    text.split('\n').forEach((raw, i) => {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) return;
      if (line.startsWith('empty=')) return; // configurations that resolve to nothing
      const m = /^([^:=\s]+):([^:=\s]+):([^:=\s]+)(?:=(.*))?$/.exec(line);
      if (m === null) {
        throw new ParseError(
          { file: ctx.path, line: i + 1 },
          `expected "group:artifact:version=configurations", got "${line}"`,
        );
      }
      const [, group, artifact, version = '', confText] = m;
      const legacy = legacyConf === undefined ? [] : [legacyConf];
      const confs = confText === undefined ? legacy : confText.split(',');
      if (confs.some((c) => !/^[A-Za-z0-9_-]+$/.test(c.trim()))) {
        throw new ParseError(
          { file: ctx.path, line: i + 1 },
          `invalid configuration list "${confText ?? ''}"`,
        );
      }
      packages.push({
        name: `${group}:${artifact}`,
        version,
        direct: false,
        dev: buildTime || (confs.length > 0 && confs.every((c) => isTestConfiguration(c.trim()))),
        line: i + 1,
        dependsOn: [],
      });
    });
    const notes = [
      'gradle.lockfile does not say which dependencies build.gradle declares (build.gradle(.kts) is not parsed): every package is listed as transitive, without dependency paths.',
    ];
    if (buildTime)
      notes.push(`${base} locks the build's own classpath: its packages are listed as dev.`);
    return { ecosystem: 'Maven', packages, notes };
  },
};

/** `testCompileClasspath`, `testRuntimeClasspath`, `integrationTestRuntimeClasspath`, ... */
function isTestConfiguration(name: string): boolean {
  return /^test/.test(name) || /Test[A-Z]/.test(name);
}
