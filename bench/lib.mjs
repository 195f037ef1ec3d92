// Shared by the benchmarks: running the built CLI the way a user does.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const repo = fileURLToPath(new URL('../', import.meta.url));
/** The built CLI entry point (`npm run bench` builds first). */
export const bin = fileURLToPath(new URL('../packages/cli/bin/rampart.js', import.meta.url));

/**
 * `rampart scan TARGET --scanners SCANNERS --format json --fail-on never`, quietly; returns
 * the parsed JSON report. `env` is added to the environment.
 */
export function scanJson(target, scanners, env = {}) {
  const out = execFileSync(
    process.execPath,
    [
      bin,
      'scan',
      target,
      '--scanners',
      scanners,
      '--format',
      'json',
      '--fail-on',
      'never',
      '--no-progress',
      '--quiet',
    ],
    {
      env: { ...process.env, ...env },
      maxBuffer: 1 << 30,
      stdio: ['ignore', 'pipe', 'inherit'],
      encoding: 'utf8',
    },
  );
  return JSON.parse(out);
}
