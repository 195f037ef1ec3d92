import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { devNull, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';

// Test support for the target tests: real temp folders and real git repositories.

/** Environment variables that would point git at another repository or config. */
const LEAKY_GIT_VARS = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_INDEX_FILE',
  'GIT_OBJECT_DIRECTORY',
  'GIT_COMMON_DIR',
  'GIT_CEILING_DIRECTORIES',
] as const;

/** Settings that keep the machine's own git config (and a surrounding git hook) out of tests. */
const ISOLATION: Readonly<Record<string, string>> = {
  GIT_CONFIG_GLOBAL: devNull,
  GIT_CONFIG_NOSYSTEM: '1',
  // The default core.excludesFile is $XDG_CONFIG_HOME/git/ignore: point it nowhere.
  XDG_CONFIG_HOME: join(tmpdir(), 'rampart-no-xdg-config'),
  GIT_AUTHOR_NAME: 't',
  GIT_AUTHOR_EMAIL: 't@example.com',
  GIT_COMMITTER_NAME: 't',
  GIT_COMMITTER_EMAIL: 't@example.com',
};

/**
 * Makes git commands run by the code under test ignore the machine's config; returns a
 * function that restores the environment.
 */
export function isolateGit(): () => void {
  const saved = new Map<string, string | undefined>();
  for (const name of [...LEAKY_GIT_VARS, ...Object.keys(ISOLATION)]) {
    saved.set(name, process.env[name]);
  }
  for (const name of LEAKY_GIT_VARS) delete process.env[name];
  Object.assign(process.env, ISOLATION);
  return () => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

function testEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...ISOLATION };
  for (const name of LEAKY_GIT_VARS) delete env[name];
  return env;
}

/** Runs git in `cwd` with an isolated config and returns its trimmed stdout. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: testEnv(), encoding: 'utf8' }).trim();
}

/** `git init` on branch `main` (whatever the machine's init.defaultBranch says). */
export function gitInit(cwd: string, branch = 'main'): void {
  git(cwd, '-c', `init.defaultBranch=${branch}`, 'init', '-q');
}

/** Stages everything and commits it. */
export function commitAll(cwd: string, message = 'commit'): void {
  git(cwd, 'add', '-A');
  git(
    cwd,
    '-c',
    'user.email=t@example.com',
    '-c',
    'user.name=t',
    '-c',
    'commit.gpgsign=false',
    'commit',
    '-q',
    '--allow-empty',
    '-m',
    message,
  );
}

/** File contents by `/`-separated path. */
export type Tree = Readonly<Record<string, string | Uint8Array>>;

/** Writes `tree` under `dir`, creating folders as needed. */
export async function writeTree(dir: string, tree: Tree): Promise<void> {
  for (const [path, content] of Object.entries(tree)) {
    const file = join(dir, ...path.split('/'));
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, content);
  }
}

/** Temp folders for one test file: `make()` creates one, `cleanup()` removes them all. */
export function createTempDirs(): { make(tree?: Tree): Promise<string>; cleanup(): Promise<void> } {
  const made: string[] = [];
  return {
    async make(tree = {}) {
      const dir = await mkdtemp(join(tmpdir(), 'rampart-target-'));
      made.push(dir);
      await writeTree(dir, tree);
      return dir;
    },
    async cleanup() {
      await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
    },
  };
}

/**
 * Registers the hooks every git-backed test file needs: git isolated from the machine's
 * config for the whole file, and the temp folders removed after each test.
 */
export function useGitSandbox(): ReturnType<typeof createTempDirs> {
  const temp = createTempDirs();
  let restoreEnv: () => void = () => undefined;
  beforeAll(() => {
    restoreEnv = isolateGit();
  });
  afterAll(() => restoreEnv());
  afterEach(() => temp.cleanup());
  return temp;
}
