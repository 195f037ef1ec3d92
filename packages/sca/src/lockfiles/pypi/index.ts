import type { LockfileParser } from '../../types.js';
import { pipfileLockParser } from './pipfile-lock.js';
import { poetryLockParser } from './poetry-lock.js';
import { requirementsTxtParser } from './requirements.js';
import { uvLockParser } from './uv-lock.js';

/** The PyPI lockfile and manifest parsers. */
export const PYPI_PARSERS: readonly LockfileParser[] = [
  requirementsTxtParser,
  poetryLockParser,
  pipfileLockParser,
  uvLockParser,
];
