import { execFile } from 'node:child_process';

/** What one git command did: its exit code (undefined when git could not be started) and output. */
export interface GitRun {
  readonly exitCode: number | undefined;
  readonly stdout: string;
  readonly stderr: string;
  /** True when the `git` executable was not found. */
  readonly notInstalled: boolean;
}

// Git output for a big monorepo (ls-files, diff --name-only) can be tens of megabytes.
const MAX_BUFFER = 512 * 1024 * 1024;

/**
 * Runs `git -c core.quotepath=off <args>` in `cwd` without a shell and never rejects:
 * callers branch on the exit code. Messages are forced to English (`LC_ALL=C`) so that
 * stderr can be matched, and optional locks are off so a scan never races the user's own
 * git commands for `index.lock`.
 */
export function runGit(cwd: string, args: readonly string[]): Promise<GitRun> {
  return new Promise((resolve) => {
    execFile(
      'git',
      ['-c', 'core.quotepath=off', ...args],
      {
        cwd,
        encoding: 'utf8',
        maxBuffer: MAX_BUFFER,
        windowsHide: true,
        env: { ...process.env, LC_ALL: 'C', GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0' },
      },
      (error, stdout, stderr) => {
        if (error === null) {
          resolve({ exitCode: 0, stdout, stderr, notInstalled: false });
          return;
        }
        const code: unknown = (error as NodeJS.ErrnoException).code;
        const exitCode = typeof code === 'number' ? code : undefined;
        resolve({
          exitCode,
          stdout,
          // When git did not run at all (or was killed), say why.
          stderr: exitCode === undefined && stderr === '' ? error.message : stderr,
          notInstalled: code === 'ENOENT',
        });
      },
    );
  });
}

/** Splits `-z` output into its NUL-terminated entries. */
export function splitNul(output: string): string[] {
  return output.split('\0').filter((entry) => entry !== '');
}
