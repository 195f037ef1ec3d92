import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The installed launcher, as users run it (it runs the bundled CLI). */
export const bin = fileURLToPath(new URL('../../packages/cli/bin/rampart.js', import.meta.url));

/**
 * Runs `rampart ARGS` in `cwd` with a minimal environment (PATH, HOME = cwd, CI set so no
 * progress bar), plus `env`.
 */
export function runRampart(
  cwd: string,
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: cwd, CI: 'true', ...env },
  });
}
