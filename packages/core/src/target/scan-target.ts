import { readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { isRampartError, RampartError } from '../errors.js';
import type { ScanTarget, TargetFile } from '../scanner.js';
import { type GitFacts, readGitFacts } from './git.js';
import { createTextCache } from './text-cache.js';
import { type WalkOptions, walkFiles } from './walker.js';

/** How much file text {@link createScanTarget} keeps after reading it by default: 64 MiB worth. */
export const DEFAULT_TEXT_CACHE_BYTES = 64 * 1024 * 1024;

/** How {@link createScanTarget} chooses files (see {@link WalkOptions}) and reads them. */
export interface ScanTargetOptions extends WalkOptions {
  /**
   * How much text `readText` keeps after reading, counted in characters (string length: one
   * byte each for ASCII text, which is how V8 stores it); least recently used texts go first.
   * Default {@link DEFAULT_TEXT_CACHE_BYTES}; `0` keeps nothing once read, `Infinity` everything.
   */
  readonly textCacheBytes?: number;
  /** Reads a file's bytes; `fs.readFile` by default. A seam for tests, e.g. to count reads. */
  readonly readFile?: (absolutePath: string) => Promise<Uint8Array>;
  /** Whether to read git facts (commit, branch, dirty files); default true. */
  readonly gitFacts?: boolean;
}

/**
 * Builds the {@link ScanTarget} for `root`: the walked files (see `walkFiles`) and the git
 * facts of the work tree holding it. When `root` is a single file, the target's root is its
 * folder and the file is its only entry, so `join(target.root, file.path)` always works.
 * A repository git refuses to read (e.g. `safe.directory`) is logged as a warning and the
 * target simply has no git facts.
 *
 * `readText` is a snapshot: concurrent calls for one path share one read, and a text stays
 * the same while it is kept (up to `textCacheBytes`, least recently used out first). A file
 * changed on disk is seen again only once its text has been evicted; a failed read is retried.
 *
 * @example
 * const target = await createScanTarget('.', { maxFileBytes: config.maxFileBytes, exclude: config.exclude });
 * const text = await target.readText(target.files[0].path);
 */
export async function createScanTarget(
  root: string,
  options: ScanTargetOptions = {},
): Promise<ScanTarget> {
  const textCacheBytes = options.textCacheBytes ?? DEFAULT_TEXT_CACHE_BYTES;
  if (!(textCacheBytes >= 0)) {
    throw new RampartError(
      'RAMPART_USAGE',
      `textCacheBytes must be 0 or more, not ${textCacheBytes}.`,
      {
        hint: 'Pass a byte count such as 67108864 (64 MiB), or leave it out for the default.',
      },
    );
  }
  const read = options.readFile ?? readFile;
  const absoluteRoot = resolve(root);
  // A missing root is reported by walkFiles, with its own message.
  const isFile = await stat(absoluteRoot).then(
    (stats) => stats.isFile(),
    () => false,
  );
  const targetRoot = isFile ? dirname(absoluteRoot) : absoluteRoot;
  const [walk, git] = await Promise.all([
    walkFiles(absoluteRoot, options),
    (options.gitFacts === false ? Promise.resolve(undefined) : readGitFacts(targetRoot)).catch(
      (err: unknown): GitFacts | undefined => {
        if (!isRampartError(err)) throw err;
        options.logger?.warn(`${err.message} Git facts are left out of this scan.`, {
          code: err.code,
          hint: err.hint,
        });
        return undefined;
      },
    ),
  ]);

  const byPath = new Map<string, TargetFile>(walk.files.map((file) => [file.path, file]));
  const texts = createTextCache(textCacheBytes);
  return {
    root: targetRoot,
    files: walk.files,
    skipped: walk.skipped,
    git,
    readText(path: string): Promise<string> {
      const file = byPath.get(path);
      if (file === undefined) {
        return Promise.reject(
          new RampartError('RAMPART_IO', `${path} is not a file of this scan target.`, {
            hint: 'Read only paths listed in target.files: ignored, binary and oversized files are left out.',
          }),
        );
      }
      return texts.get(path, () =>
        read(file.absolutePath).then(decodeText, (err: unknown) => {
          throw new RampartError(
            'RAMPART_IO',
            `Cannot read ${path}: ${err instanceof Error ? err.message : String(err)}`,
            { cause: err },
          );
        }),
      );
    },
  };
}

function decodeText(bytes: Uint8Array): string {
  // A view, not a copy, when `bytes` is already a Buffer.
  return stripBom(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
