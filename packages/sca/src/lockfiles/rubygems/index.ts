import type { LockfileParser } from '../../types.js';
import { gemfileLockParser } from './gemfile-lock.js';

/** The RubyGems lockfile parsers. */
export const RUBYGEMS_PARSERS: readonly LockfileParser[] = [gemfileLockParser];
