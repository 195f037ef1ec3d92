import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder of Rampart's built-in rules (`packages/sast/rules`): next to `src/` and
 * `dist/`, or, from the bundled CLI, found through the installed `@rampart/sast` package.
 */
export function builtInRulesDir(): string {
  const beside = fileURLToPath(new URL('../rules/', import.meta.url));
  if (existsSync(beside)) return beside;
  const manifest = createRequire(import.meta.url).resolve('@rampart/sast/package.json');
  return join(dirname(manifest), 'rules');
}
