import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `../shared/data` beside the repository: real lockfiles and OSV archives that tests may
 * read (CI has them there too). The project never needs them at run time.
 */
export const SHARED_DATA = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../../../shared/data',
);

/** Whether the shared data folder is present. */
export const hasSharedData = existsSync(join(SHARED_DATA, 'lockfiles'));

/** The text of `../shared/data/lockfiles/<ecosystem>/<file>`. */
export function sharedLockfile(ecosystem: string, file: string): string {
  return readFileSync(join(SHARED_DATA, 'lockfiles', ecosystem, file), 'utf8');
}

/** The path of `../shared/data/osv/<ecosystem>/all.zip`. */
export function sharedOsvZip(ecosystem: string): string {
  return join(SHARED_DATA, 'osv', ecosystem, 'all.zip');
}
