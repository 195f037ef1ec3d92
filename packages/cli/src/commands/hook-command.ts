import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { RampartError, runGit, UsageError } from '@rampart/core';
import type { Command } from 'commander';
import { ExitCode } from '../exit-codes.js';
import { rampartBin } from '../version.js';
import type { CommandDeps } from './command-deps.js';

/** The first lines of the hook Rampart writes: how it knows its own hook again. */
export const HOOK_MARKER = '# rampart pre-commit hook';

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * The pre-commit hook: scans the staged change for secrets and stops the commit when it
 * adds one. It runs `rampart` from PATH when there is one, else the CLI that installed it.
 */
export function hookScript(node: string, bin: string): string {
  const args = 'scan --staged --scanners secrets --fail-on low --no-progress';
  return `#!/bin/sh
${HOOK_MARKER} (written by \`rampart hook install\`; \`rampart hook uninstall\` removes it).
# Stops a commit that adds a secret. To commit anyway (after making sure it is not one),
# mark the line with \`rampart-ignore: <rule> -- reason\`, or skip once with --no-verify.
if command -v rampart >/dev/null 2>&1; then
  exec rampart ${args}
fi
exec ${shellQuote(node)} ${shellQuote(bin)} ${args}
`;
}

async function hooksDir(root: string): Promise<string> {
  // Honours core.hooksPath (Husky and friends) and worktrees.
  const run = await runGit(root, ['rev-parse', '--git-path', 'hooks']);
  if (run.exitCode !== 0) {
    throw new RampartError('RAMPART_GIT', `${root} is not inside a git repository`, {
      hint: 'run `rampart hook install` in the repository (git init first for a new one)',
    });
  }
  const path = run.stdout.trim();
  return isAbsolute(path) ? path : resolve(root, path);
}

async function readIfAny(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Registers `rampart hook install` and `rampart hook uninstall`. */
export function registerHookCommand(program: Command, deps: CommandDeps): void {
  const hook = program
    .command('hook')
    .summary('install the git pre-commit hook that stops secrets before they are committed')
    .description(
      'The pre-commit hook scans only the staged change for secrets (`rampart scan --staged --scanners secrets`), which takes about a second, and stops the commit when it adds one.',
    );
  hook
    .command('install')
    .summary('install the pre-commit hook in this repository')
    .argument('[path]', 'a folder of the repository', '.')
    .option('--force', 'replace an existing pre-commit hook (it is kept as pre-commit.backup)')
    .action(async (path: string, flags: { force?: boolean }) => {
      const root = resolve(deps.io.cwd, path);
      const dir = await hooksDir(root);
      const file = join(dir, 'pre-commit');
      const existing = await readIfAny(file);
      if (existing !== undefined && !existing.includes(HOOK_MARKER)) {
        if (!flags.force) {
          throw new UsageError(`${file} exists and is not Rampart's`, {
            hint: 'add `rampart scan --staged --scanners secrets` to it, or pass --force to replace it (a backup is kept)',
          });
        }
        await rename(file, `${file}.backup`);
        deps.io.stdout.write(`kept the previous hook as ${file}.backup\n`);
      }
      await mkdir(dir, { recursive: true });
      const bin = rampartBin();
      await writeFile(file, hookScript(process.execPath, bin), 'utf8');
      await chmod(file, 0o755);
      deps.io.stdout.write(
        `installed ${file}: commits that add a secret are stopped (skip once with --no-verify)\n`,
      );
      deps.setExitCode(ExitCode.Passed);
    });
  hook
    .command('uninstall')
    .summary("remove Rampart's pre-commit hook")
    .argument('[path]', 'a folder of the repository', '.')
    .action(async (path: string) => {
      const root = resolve(deps.io.cwd, path);
      const file = join(await hooksDir(root), 'pre-commit');
      const existing = await readIfAny(file);
      if (existing === undefined || !existing.includes(HOOK_MARKER)) {
        deps.io.stdout.write('no Rampart pre-commit hook installed\n');
      } else {
        await rm(file);
        deps.io.stdout.write(`removed ${file}\n`);
      }
      deps.setExitCode(ExitCode.Passed);
    });
}
