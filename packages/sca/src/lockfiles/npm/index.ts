import type { LockfileParser } from '../../types.js';
import { bunLockParser } from './bun-lock.js';
import { packageLockParser } from './package-lock.js';
import { pnpmLockParser } from './pnpm-lock.js';
import { yarnLockParser } from './yarn-lock.js';

export { bunLockParser } from './bun-lock.js';
export { packageLockParser } from './package-lock.js';
export { pnpmLockParser } from './pnpm-lock.js';
export { yarnLockParser } from './yarn-lock.js';

/** Every npm-ecosystem lockfile parser: package-lock, yarn.lock, pnpm-lock.yaml, bun.lock. */
export const NPM_PARSERS: readonly LockfileParser[] = [
  packageLockParser,
  yarnLockParser,
  pnpmLockParser,
  bunLockParser,
];
