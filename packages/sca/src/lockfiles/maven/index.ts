import type { LockfileParser } from '../../types.js';
import { gradleLockfileParser } from './gradle-lockfile.js';
import { pomParser } from './pom.js';

/** The Maven lockfile and manifest parsers (Maven POMs and Gradle lockfiles). */
export const MAVEN_PARSERS: readonly LockfileParser[] = [pomParser, gradleLockfileParser];
