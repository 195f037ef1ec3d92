import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageVersion } from '@rampart/core';

/** The CLI's version, from its package.json. */
export const RAMPART_VERSION: string = packageVersion(import.meta.url);

/** The `rampart` launcher of this installation (`bin/rampart.js` of @rampart/cli). */
export function rampartBin(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown };
      if (pkg.name === '@rampart/cli') return join(dir, 'bin', 'rampart.js');
    } catch {
      // no package.json here: go up
    }
    const parent = dirname(dir);
    if (parent === dir) return 'rampart';
    dir = parent;
  }
}
