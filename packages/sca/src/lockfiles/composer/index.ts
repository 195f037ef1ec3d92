import type { LockfileParser } from '../../types.js';
import { composerLockParser } from './composer-lock.js';

/** The Packagist lockfile parsers. */
export const COMPOSER_PARSERS: readonly LockfileParser[] = [composerLockParser];
