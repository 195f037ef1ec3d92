import type { LockfileParser } from '../../types.js';
import { goModParser } from './go-mod.js';

/** The Go module parsers. */
export const GO_PARSERS: readonly LockfileParser[] = [goModParser];
