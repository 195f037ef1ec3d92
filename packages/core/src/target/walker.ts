import type { Dirent } from 'node:fs';
import { lstat, readdir, readFile, readlink, realpath, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { DEFAULT_MAX_FILE_BYTES } from '../config/config-schema.js';
import { RampartError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { SkippedFile, TargetFile } from '../scanner.js';
import { comparePaths } from './compare-paths.js';
import { type ProbeResult, probeFile } from './file-probe.js';
import { findRepo, type RepoLocation } from './find-repo.js';
import { createLayer, decide, type LayerChain, rampartLayersOf } from './ignore-rules.js';
import { createLimiter, type Limiter } from './limiter.js';
import { createRampartExclusions, listTrackedIgnored } from './tracked-files.js';

export { DEFAULT_MAX_FILE_BYTES };

/** How {@link walkFiles} chooses files. */
export interface WalkOptions {
  /** Files larger than this are skipped as `too-large`. Default {@link DEFAULT_MAX_FILE_BYTES} (1 MiB). */
  readonly maxFileBytes?: number;
  /**
   * Gitignore-syntax patterns (the config `exclude` list), relative to the folder of the config
   * file (see `excludeBase`). They take precedence over ignore files, so `!dist/` re-includes a
   * folder `.gitignore` leaves out, and unlike `.gitignore` they also leave out tracked files.
   */
  readonly exclude?: readonly string[];
  /**
   * The scan root relative to the folder the `exclude` patterns are written from, `/`-separated
   * (`''`, the default, when they are the same folder). A root-relative path `p` is matched as
   * `${excludeBase}/${p}`, so `/examples/` and `svc/tests/` in a repository's `rampart.yml`
   * keep their meaning when only `svc/` is scanned.
   *
   * @example
   * await walkFiles('repo/svc', { exclude: ['svc/tests/'], excludeBase: 'svc' });
   */
  readonly excludeBase?: string;
  readonly logger?: Logger;
  readonly signal?: AbortSignal;
}

/** The files a walk keeps and the ones it reports as skipped, each sorted by path. */
export interface WalkResult {
  readonly files: readonly TargetFile[];
  readonly skipped: readonly SkippedFile[];
}

/** Folders of version control systems: never walked, whatever the ignore files say. */
const VCS_DIRS: ReadonlySet<string> = new Set(['.git', '.hg', '.svn']);
/** Git's per-folder ignore file; its rules do not apply to tracked files. */
const GITIGNORE = '.gitignore';
/** Rampart's per-folder ignore file; on the same level it wins over `.gitignore`. */
const RAMPARTIGNORE = '.rampartignore';
/** Enough requests in flight to keep libuv's thread pool busy without hoarding descriptors. */
const CONCURRENCY = 64;
/** Files probed (synchronously, see `probeFile`) between two yields to the event loop. */
const PROBE_BATCH = 64;

interface WalkState {
  readonly root: string;
  readonly realRoot: string;
  readonly maxFileBytes: number;
  readonly excludes: LayerChain | undefined;
  readonly logger: Logger | undefined;
  readonly signal: AbortSignal | undefined;
  readonly limit: Limiter;
  readonly files: TargetFile[];
  readonly skipped: SkippedFile[];
}

/**
 * Lists the files to scan under `root`, as git would see them: `.gitignore` files at every
 * level (and, inside a repository, `.git/info/exclude` and the `.gitignore` files between the
 * top level and `root`), `.rampartignore` files the same way, and the config `exclude`
 * patterns. Ignored folders are never entered. As in git, `.gitignore` does not apply to
 * tracked files: inside a work tree the tracked files git's rules match (a force-added `.env`,
 * a committed file in an ignored folder) are scanned too, unless `.rampartignore` or `exclude`
 * leaves them out. Binary, oversized and unreadable files, and symlinks pointing outside the
 * root, are reported in `skipped`; symlinks are never followed.
 * A `root` that is a file yields just that file, named by its base name.
 *
 * @example
 * const { files, skipped } = await walkFiles('.', { exclude: ['examples/'] });
 */
export async function walkFiles(root: string, options: WalkOptions = {}): Promise<WalkResult> {
  const started = performance.now();
  const absoluteRoot = resolve(root);
  const rootStats = await stat(absoluteRoot).catch((err: unknown) => {
    throw rootError(absoluteRoot, err);
  });
  const state: WalkState = {
    root: absoluteRoot,
    realRoot: await realpath(absoluteRoot),
    maxFileBytes: options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES,
    excludes:
      options.exclude === undefined || options.exclude.length === 0
        ? undefined
        : {
            layer: createLayer(options.exclude, '', excludePrefix(options.excludeBase), 'rampart'),
            next: undefined,
          },
    logger: options.logger,
    signal: options.signal,
    limit: createLimiter(CONCURRENCY, options.signal),
    files: [],
    skipped: [],
  };

  if (rootStats.isFile()) {
    record(state, await probeFile(absoluteRoot, basename(absoluteRoot), state.maxFileBytes));
  } else if (rootStats.isDirectory()) {
    await walkRoot(state);
  } else {
    throw new RampartError(
      'RAMPART_IO',
      `The scan root ${absoluteRoot} is not a file or a folder.`,
    );
  }

  state.files.sort((a, b) => comparePaths(a.path, b.path));
  state.skipped.sort((a, b) => comparePaths(a.path, b.path));
  state.logger?.debug('walked the scan root', {
    root: absoluteRoot,
    files: state.files.length,
    skipped: state.skipped.length,
    ms: Math.round(performance.now() - started),
  });
  return { files: state.files, skipped: state.skipped };
}

/** `excludeBase` as a layer prefix: `''`, or the path ending in `/`. */
function excludePrefix(excludeBase: string | undefined): string {
  const trimmed = (excludeBase ?? '').replace(/^(?:\.\/)+/, '').replace(/^\/+|\/+$/g, '');
  if (trimmed === '' || trimmed === '.') return '';
  if (trimmed.split('/').includes('..')) {
    throw new RampartError(
      'RAMPART_USAGE',
      `excludeBase "${excludeBase}" leads out of the folder the exclude patterns belong to.`,
      { hint: 'Pass exclude patterns only when the scan root is that folder or below it.' },
    );
  }
  return `${trimmed}/`;
}

/**
 * Walks a folder root. Inside a repository, git lists the tracked files its ignore rules match
 * while the walk runs, and those the walk left out are added back afterwards, so ignored
 * folders are still never walked for untracked content.
 */
async function walkRoot(state: WalkState): Promise<void> {
  const repo = await findRepo(state.realRoot);
  const tracked = repo === undefined ? undefined : listTrackedIgnored(state.root, state.logger);
  const ancestors = repo === undefined ? undefined : await ancestorLayers(state, repo);
  await walkDir(state, '', ancestors);
  const paths = await tracked;
  if (paths !== undefined && paths.length > 0) await addTracked(state, paths, ancestors);
}

/** `relDir` is `''` for the root, else a root-relative folder ending in `/`. */
async function walkDir(state: WalkState, relDir: string, parent: LayerChain | undefined) {
  const absDir = relDir === '' ? state.root : join(state.root, relDir.slice(0, -1));
  let entries: Dirent[];
  try {
    entries = await state.limit(() => readdir(absDir, { withFileTypes: true }));
  } catch (err) {
    state.signal?.throwIfAborted();
    if (relDir === '') throw rootError(absDir, err);
    state.skipped.push({
      path: relDir.slice(0, -1),
      reason: 'unreadable',
      detail: `cannot list the folder: ${messageOf(err)}`,
    });
    return;
  }

  const chain = await withDirLayer(state, absDir, relDir, entries, parent);
  const pending: Promise<void>[] = [];
  const toProbe: string[] = [];
  for (const entry of entries) {
    const { name } = entry;
    if (VCS_DIRS.has(name)) continue;
    const path = relDir + name;
    if (entry.isDirectory()) {
      if (!isIgnored(state, chain, path, true)) pending.push(walkDir(state, `${path}/`, chain));
    } else if (entry.isFile()) {
      if (!isIgnored(state, chain, path, false)) toProbe.push(name);
    } else if (entry.isSymbolicLink()) {
      // Git stores a symlink as a file, so ignore rules see it as one.
      if (isIgnored(state, chain, path, false)) continue;
      const absolutePath = join(absDir, name);
      pending.push(
        state
          .limit(() => checkSymlink(state, absolutePath, path))
          .then((skipped) => {
            if (skipped !== undefined) state.skipped.push(skipped);
          }),
      );
    }
    // Sockets, FIFOs and devices are not source code: left out silently.
  }
  for (let start = 0; start < toProbe.length; start += PROBE_BATCH) {
    if (start > 0) await yieldToEventLoop(state.signal);
    for (const name of toProbe.slice(start, start + PROBE_BATCH)) {
      record(state, probeFile(join(absDir, name), relDir + name, state.maxFileBytes));
    }
  }
  await Promise.all(pending);
}

function yieldToEventLoop(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve)).then(() => signal?.throwIfAborted());
}

function isIgnored(
  state: WalkState,
  chain: LayerChain | undefined,
  path: string,
  isDir: boolean,
): boolean {
  return decide(state.excludes, path, isDir) ?? decide(chain, path, isDir) ?? false;
}

function record(state: WalkState, result: ProbeResult): void {
  if (result?.kind === 'file') state.files.push(result.file);
  else if (result?.kind === 'skipped') state.skipped.push(result.skipped);
}

/**
 * Adds the folder's own `.gitignore` and, in front of it, its `.rampartignore` ahead of
 * `parent`. Two layers decide as one file with the `.rampartignore` rules last would (its
 * matching rule wins, else the `.gitignore` one), yet tracked files can skip git's layer.
 */
async function withDirLayer(
  state: WalkState,
  absDir: string,
  relDir: string,
  entries: readonly Dirent[],
  parent: LayerChain | undefined,
): Promise<LayerChain | undefined> {
  // Git does not follow a symlinked .gitignore either, so only regular files count.
  const read = (name: string): Promise<string> | undefined =>
    entries.some((entry) => entry.name === name && entry.isFile())
      ? state.limit(() => readIgnoreFile(state, join(absDir, name)))
      : undefined;
  const [gitignore, rampartignore] = await Promise.all([read(GITIGNORE), read(RAMPARTIGNORE)]);
  let chain = parent;
  if (gitignore !== undefined) {
    chain = { layer: createLayer(gitignore, relDir, '', 'git'), next: chain };
  }
  if (rampartignore !== undefined) {
    chain = { layer: createLayer(rampartignore, relDir, '', 'rampart'), next: chain };
  }
  return chain;
}

/**
 * The layers that apply from outside the walked tree, lowest priority first in the making:
 * `info/exclude`, then the ignore files of each folder from the top level down to the
 * root's parent. Only inside a git repository: outside one, nothing above the root counts.
 */
async function ancestorLayers(
  state: WalkState,
  repo: RepoLocation,
): Promise<LayerChain | undefined> {
  const fromTop = relative(repo.topLevel, state.realRoot).split(sep).filter(Boolean);
  const prefixFrom = (depth: number): string =>
    fromTop.length > depth ? `${fromTop.slice(depth).join('/')}/` : '';

  let chain: LayerChain | undefined;
  const exclude = await readIgnoreFile(state, repo.infoExclude, true);
  if (exclude !== '') {
    chain = { layer: createLayer(exclude, '', prefixFrom(0), 'git'), next: chain };
  }
  for (let depth = 0; depth < fromTop.length; depth += 1) {
    const dir = join(repo.topLevel, ...fromTop.slice(0, depth));
    const [gitignore, rampartignore] = await Promise.all([
      readIgnoreFile(state, join(dir, GITIGNORE), true),
      readIgnoreFile(state, join(dir, RAMPARTIGNORE), true),
    ]);
    if (gitignore !== '') {
      chain = { layer: createLayer(gitignore, '', prefixFrom(depth), 'git'), next: chain };
    }
    if (rampartignore !== '') {
      chain = { layer: createLayer(rampartignore, '', prefixFrom(depth), 'rampart'), next: chain };
    }
  }
  return chain;
}

/**
 * Adds the tracked files git's ignore rules match (`paths`, root-relative) that the walk left
 * out, unless Rampart's own exclusions leave them out too. They pass the same checks as walked
 * files; one missing from the work tree (deleted, or outside a sparse checkout) or reached
 * through a folder that is now a symlink is left out, as git itself no longer sees it there.
 */
async function addTracked(
  state: WalkState,
  paths: readonly string[],
  ancestors: LayerChain | undefined,
): Promise<void> {
  const seen = new Set<string>();
  for (const file of state.files) seen.add(file.path);
  for (const skipped of state.skipped) seen.add(skipped.path);
  const isExcluded = createRampartExclusions({
    excludes: state.excludes,
    aboveRoot: rampartLayersOf(ancestors),
    readRampartIgnore: (relDir) =>
      readRegularIgnoreFile(state, join(state.root, relDir, RAMPARTIGNORE)),
  });
  const realDirs = new Map<string, Promise<boolean>>();
  const isRealDir = (relDir: string): Promise<boolean> => {
    let real = realDirs.get(relDir);
    if (real === undefined) {
      const dir = relDir.slice(0, -1);
      real = realpath(join(state.root, dir)).then(
        (target) => target === join(state.realRoot, dir),
        () => false,
      );
      realDirs.set(relDir, real);
    }
    return real;
  };

  const left = paths.filter(
    (path) => !seen.has(path) && !path.split('/').some((name) => VCS_DIRS.has(name)),
  );
  const before = state.files.length + state.skipped.length;
  await Promise.all(
    left.map((path) =>
      state.limit(async () => {
        if (await isExcluded(path)) return;
        const absolutePath = join(state.root, path);
        const stats = await lstat(absolutePath).catch(() => undefined);
        if (stats === undefined) return;
        const relDir = path.slice(0, path.lastIndexOf('/') + 1);
        if (relDir !== '' && !(await isRealDir(relDir))) return;
        if (stats.isSymbolicLink()) {
          const skipped = await checkSymlink(state, absolutePath, path);
          if (skipped !== undefined) state.skipped.push(skipped);
        } else if (stats.isFile()) {
          record(state, probeFile(absolutePath, path, state.maxFileBytes));
        }
      }),
    ),
  );
  const added = state.files.length + state.skipped.length - before;
  if (added > 0) {
    state.logger?.debug('added tracked files that git ignore rules match', { count: added });
  }
}

/** Reads an ignore file only when it is a regular file (git does not follow symlinked ones). */
async function readRegularIgnoreFile(state: WalkState, path: string): Promise<string> {
  const stats = await lstat(path).catch(() => undefined);
  return stats?.isFile() === true ? readIgnoreFile(state, path) : '';
}

/** Reads an ignore file; a missing one is empty, an unreadable one is warned about and empty. */
async function readIgnoreFile(state: WalkState, path: string, mayBeMissing = false) {
  try {
    // Git skips a UTF-8 byte order mark at the start of an ignore file.
    return (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    if (!(missing && mayBeMissing)) {
      state.logger?.warn('could not read an ignore file; its rules are not applied', {
        path,
        error: messageOf(err),
      });
    }
    return '';
  }
}

/** A symlink is never followed; one leading outside the root is reported, others are silent. */
async function checkSymlink(
  state: WalkState,
  absolutePath: string,
  path: string,
): Promise<SkippedFile | undefined> {
  let target: string;
  try {
    target = await realpath(absolutePath);
  } catch {
    // Dangling or looping: judge by where the link text points. The walker never follows a
    // symlink, so the link's folder really is `realRoot/<its folder>`.
    try {
      target = resolve(dirname(join(state.realRoot, path)), await readlink(absolutePath));
    } catch (err) {
      return { path, reason: 'unreadable', detail: messageOf(err) };
    }
  }
  if (isWithin(state.realRoot, target)) return undefined;
  return {
    path,
    reason: 'symlink',
    detail: `symlink points outside the scan root (to ${target}); symlinks are not followed`,
  };
}

function isWithin(dir: string, target: string): boolean {
  return target === dir || target.startsWith(dir.endsWith(sep) ? dir : dir + sep);
}

function rootError(root: string, err: unknown): RampartError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return new RampartError('RAMPART_IO', `The scan root ${root} does not exist.`, {
      hint: 'Check the path you passed to scan.',
      cause: err,
    });
  }
  return new RampartError('RAMPART_IO', `Cannot read the scan root ${root}: ${messageOf(err)}`, {
    cause: err,
  });
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
