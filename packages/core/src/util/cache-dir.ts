import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where Rampart keeps its cache (the OSV database among it): `$RAMPART_CACHE_DIR`, else
 * `$XDG_CACHE_HOME/rampart`, else `~/.cache/rampart`.
 */
export function resolveCacheDir(
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  if (env.RAMPART_CACHE_DIR) return env.RAMPART_CACHE_DIR;
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, 'rampart');
  return join(env.HOME || homedir(), '.cache', 'rampart');
}
