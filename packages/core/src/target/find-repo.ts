import { lstat, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

/** Where the git repository holding a folder keeps its work tree and its shared data. */
export interface RepoLocation {
  /** Absolute path of the work tree top level (the folder holding `.git`). */
  readonly topLevel: string;
  /** Absolute path of `info/exclude` in the repository's common git dir. */
  readonly infoExclude: string;
}

/**
 * Finds the git repository holding `dir` by looking for `.git` upwards, the way git does,
 * without running git (the walker must work where git is not installed). Follows the
 * `gitdir:` file of linked worktrees and submodules to the common dir. `dir` should be a
 * real path (no symlinks), as git resolves the working directory.
 */
export async function findRepo(dir: string): Promise<RepoLocation | undefined> {
  let current = resolve(dir);
  for (;;) {
    const dotGit = join(current, '.git');
    const info = await lstat(dotGit).catch(() => undefined);
    if (info?.isDirectory()) {
      return { topLevel: current, infoExclude: join(dotGit, 'info', 'exclude') };
    }
    if (info?.isFile()) {
      const gitDir = await readGitDirFile(dotGit);
      if (gitDir !== undefined) {
        const common = await readFile(join(gitDir, 'commondir'), 'utf8').then(
          (text) => resolve(gitDir, text.trim()),
          () => gitDir,
        );
        return { topLevel: current, infoExclude: join(common, 'info', 'exclude') };
      }
    }
    const parent = dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

async function readGitDirFile(dotGitFile: string): Promise<string | undefined> {
  const text = await readFile(dotGitFile, 'utf8').catch(() => '');
  const match = /^gitdir: (.+)$/m.exec(text);
  return match?.[1] === undefined ? undefined : resolve(dirname(dotGitFile), match[1].trim());
}
