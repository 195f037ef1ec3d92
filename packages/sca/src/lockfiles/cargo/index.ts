import type { LockfileParser } from '../../types.js';
import { cargoLockParser } from './cargo-lock.js';

/** The crates.io lockfile parsers. */
export const CARGO_PARSERS: readonly LockfileParser[] = [cargoLockParser];
