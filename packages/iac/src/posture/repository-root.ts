import type { Dirent } from 'node:fs';
import { lstat, readdir, readFile, realpath } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { type Logger, runGit, type ScanTarget } from '@rampart/core';

/** The files a repository-level fact may be proved by, and how to read them. */
export interface RepositoryFiles {
  /** Paths relative to the folder they were listed from, `/`-separated. */
  readonly paths: readonly string[];
  readText(path: string): Promise<string>;
  /**
   * Where the scanned folder sits below the git top level (`services/api/`, with the trailing
   * `/`) when the files are the top level's; `''` when they are the scanned folder's own.
   */
  readonly prefix: string;
}

/** A repository-level file larger than this proves nothing (a CI file, a hook config…). */
export const MAX_REPOSITORY_FILE_BYTES = 2 * 1024 * 1024;

/**
 * The folders of the top level whose files can prove a repository-level fact (lower-cased):
 * CI files, hook configs, dependency update configs, SECURITY.md and CODEOWNERS. Only their
 * direct files are listed, as GitHub and GitLab read them.
 */
const FOLDERS = new Set([
  '',
  '.github',
  '.github/workflows',
  '.gitlab',
  '.gitlab/ci',
  'docs',
  '.husky',
  '.githooks',
]);

/** The git top level of `target`: its git facts, else `git rev-parse --show-toplevel`. */
async function topLevelOf(target: ScanTarget, logger?: Logger): Promise<string | undefined> {
  if (target.git !== undefined) return target.git.topLevel;
  const run = await runGit(target.root, ['rev-parse', '--show-toplevel']);
  if (run.exitCode !== 0) {
    if (!run.notInstalled)
      logger?.debug('posture: no git top level; the scanned folder stands for the repository', {
        error: run.stderr.trim(),
      });
    return undefined;
  }
  return run.stdout.trim() || undefined;
}

/**
 * The git top level and where `root` sits below it, `/`-separated (`services/api`);
 * undefined when the root is the top level itself, or not in a git work tree.
 */
async function belowTopLevel(
  target: ScanTarget,
  logger?: Logger,
): Promise<{ readonly top: string; readonly below: string } | undefined> {
  const top = await topLevelOf(target, logger);
  if (top === undefined) return undefined;
  try {
    // git names the top level with its symbolic links resolved; so must the root be.
    const [realTop, realRoot] = await Promise.all([realpath(top), realpath(target.root)]);
    const below = relative(realTop, realRoot);
    if (below === '' || below === '..' || below.startsWith(`..${sep}`) || isAbsolute(below))
      return undefined;
    return { top, below: below.split(sep).join('/') };
  } catch (err) {
    logger?.debug(`posture: cannot compare ${target.root} with its git top level`, {
      error: (err as Error).message,
    });
    return undefined;
  }
}

/** The direct files of the top level's {@link FOLDERS}: no symbolic link is followed. */
async function listTopLevel(top: string): Promise<string[]> {
  const found: string[] = [];
  const visit = async (folder: string): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(folder === '' ? top : join(top, folder), { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = folder === '' ? entry.name : `${folder}/${entry.name}`;
      if (entry.isFile()) found.push(path);
      else if (entry.isDirectory() && FOLDERS.has(path.toLowerCase())) await visit(path);
    }
  };
  await visit('');
  return found.sort();
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * The files that prove the repository-level facts. CI files, hook configs, dependency update
 * configs, SECURITY.md and CODEOWNERS live at the git top level: when the scanned folder is
 * below it (a project of a monorepo), they are the top level's well-known files, read from
 * disk, with paths relative to the top level. Otherwise (the top level itself, or a folder
 * that is not in a git work tree) they are the target's own files.
 */
export async function repositoryFilesOf(
  target: ScanTarget,
  logger?: Logger,
): Promise<RepositoryFiles> {
  const own: RepositoryFiles = {
    paths: target.files.map((f) => f.path),
    readText: (path) => target.readText(path),
    prefix: '',
  };
  const where = await belowTopLevel(target, logger);
  if (where === undefined) return own;
  const { top, below } = where;
  const paths = await listTopLevel(top);
  const listed = new Set(paths);
  return {
    paths,
    prefix: `${below}/`,
    async readText(path) {
      if (!listed.has(path)) throw new Error(`${path} is not a well-known file of the top level`);
      const file = join(top, ...path.split('/'));
      const stats = await lstat(file);
      if (!stats.isFile()) throw new Error(`${path} is not a regular file`);
      if (stats.size > MAX_REPOSITORY_FILE_BYTES)
        throw new Error(`${path} is larger than ${MAX_REPOSITORY_FILE_BYTES} bytes`);
      return stripBom(await readFile(file, 'utf8'));
    },
  };
}
