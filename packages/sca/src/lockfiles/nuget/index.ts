import type { LockfileParser } from '../../types.js';
import { packagesLockParser } from './packages-lock.js';

/** The NuGet lockfile parsers. */
export const NUGET_PARSERS: readonly LockfileParser[] = [packagesLockParser];
