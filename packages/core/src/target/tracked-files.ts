import type { Logger } from '../logger.js';
import { createLayer, decide, type LayerChain } from './ignore-rules.js';
import { runGit, splitNul } from './run-git.js';

/**
 * Lists the tracked files under `root` that git's ignore rules match, relative to `root` and
 * `/`-separated. Git never applies ignore rules to a tracked file, so these are scanned like
 * any other: a force-added `.env` is exactly what a secret scanner must see. Undefined (and a
 * debug line) when git is not installed or fails; the walk then keeps to the ignore rules.
 */
export async function listTrackedIgnored(
  root: string,
  logger: Logger | undefined,
): Promise<readonly string[] | undefined> {
  // `--ignored` with `--cached`: only index entries an exclude pattern matches, their folders
  // included; paths are relative to the working directory, and `-z` leaves them unquoted.
  const run = await runGit(root, ['ls-files', '-z', '--cached', '--ignored', '--exclude-standard']);
  if (run.exitCode === 0) return [...new Set(splitNul(run.stdout))];
  logger?.debug('git could not list tracked files that ignore rules match; they are left out', {
    root,
    error: run.notInstalled
      ? 'git is not installed'
      : run.stderr.trim() || `exit code ${run.exitCode}`,
  });
  return undefined;
}

/** What Rampart's own exclusions need to judge a path the walker did not visit. */
export interface RampartExclusionSources {
  /** The config `exclude` layer; it decides first, as in the walk. */
  readonly excludes: LayerChain | undefined;
  /** The Rampart layers that apply from above the root (ancestor `.rampartignore` files). */
  readonly aboveRoot: LayerChain | undefined;
  /** Text of the `.rampartignore` in a root-relative folder (`''` or ending in `/`); `''` when none. */
  readonly readRampartIgnore: (relDir: string) => Promise<string>;
}

type FolderVerdict =
  | { readonly excluded: true }
  | { readonly excluded: false; readonly chain: LayerChain | undefined };

/**
 * Builds a check telling whether Rampart's own exclusions (config `exclude`, `.rampartignore`)
 * leave out a root-relative file path, judging every folder on the way as the walker does (an
 * excluded folder takes its files with it) while ignoring git's rules entirely. It serves the
 * tracked files the walker skipped because git's rules match them; `.rampartignore` files in
 * folders the walker never entered are read on demand, once per folder.
 *
 * @example
 * const isExcluded = createRampartExclusions({ excludes, aboveRoot, readRampartIgnore });
 * await isExcluded('node_modules/pkg/.env'); // false unless Rampart's rules exclude it
 */
export function createRampartExclusions(
  sources: RampartExclusionSources,
): (path: string) => Promise<boolean> {
  const { excludes } = sources;
  const folders = new Map<string, Promise<FolderVerdict>>();

  const folder = (relDir: string): Promise<FolderVerdict> => {
    let verdict = folders.get(relDir);
    if (verdict === undefined) {
      verdict = judgeFolder(relDir);
      folders.set(relDir, verdict);
    }
    return verdict;
  };

  const judgeFolder = async (relDir: string): Promise<FolderVerdict> => {
    let outer: LayerChain | undefined = sources.aboveRoot;
    if (relDir !== '') {
      const parent = await folder(relDir.slice(0, relDir.lastIndexOf('/', relDir.length - 2) + 1));
      if (parent.excluded) return parent;
      const path = relDir.slice(0, -1);
      if ((decide(excludes, path, true) ?? decide(parent.chain, path, true)) === true) {
        return { excluded: true };
      }
      outer = parent.chain;
    }
    const text = await sources.readRampartIgnore(relDir);
    if (text === '') return { excluded: false, chain: outer };
    return {
      excluded: false,
      chain: { layer: createLayer(text, relDir, '', 'rampart'), next: outer },
    };
  };

  return async (path) => {
    const verdict = await folder(path.slice(0, path.lastIndexOf('/') + 1));
    if (verdict.excluded) return true;
    return (decide(excludes, path, false) ?? decide(verdict.chain, path, false)) === true;
  };
}
