import { type SpawnSyncReturns, spawn, spawnSync } from 'node:child_process';
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

/**
 * {@link runRampart} without blocking: for tests whose servers run in this process (a
 * synchronous child would stop them from answering).
 */
export function runRampartAsync(
  cwd: string,
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: cwd, CI: 'true', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      stdout += s;
    });
    child.stderr.setEncoding('utf8').on('data', (s: string) => {
      stderr += s;
    });
    child.on('error', reject);
    child.on('close', (status) => resolvePromise({ status, stdout, stderr }));
  });
}
