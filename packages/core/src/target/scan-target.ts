import { readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { isRampartError, RampartError } from '../errors.js';
import type { ScanTarget, TargetFile } from '../scanner.js';
import { type GitFacts, readGitFacts } from './git.js';
import { type WalkOptions, walkFiles } from './walker.js';

/**
 * Builds the {@link ScanTarget} for `root`: the walked files (see `walkFiles`) and the git
 * facts of the work tree holding it. When `root` is a single file, the target's root is its
 * folder and the file is its only entry, so `join(target.root, file.path)` always works.
 * A repository git refuses to read (e.g. `safe.directory`) is logged as a warning and the
 * target simply has no git facts.
 *
 * @example
 * const target = await createScanTarget('.', { maxFileBytes: config.maxFileBytes, exclude: config.exclude });
 * const text = await target.readText(target.files[0].path);
 */
export async function createScanTarget(
  root: string,
  options: WalkOptions = {},
): Promise<ScanTarget> {
  const absoluteRoot = resolve(root);
  // A missing root is reported by walkFiles, with its own message.
  const isFile = await stat(absoluteRoot).then(
    (stats) => stats.isFile(),
    () => false,
  );
  const targetRoot = isFile ? dirname(absoluteRoot) : absoluteRoot;
  const [walk, git] = await Promise.all([
    walkFiles(absoluteRoot, options),
    readGitFacts(targetRoot).catch((err: unknown): GitFacts | undefined => {
      if (!isRampartError(err)) throw err;
      options.logger?.warn(`${err.message} Git facts are left out of this scan.`, {
        code: err.code,
        hint: err.hint,
      });
      return undefined;
    }),
  ]);

  const byPath = new Map<string, TargetFile>(walk.files.map((file) => [file.path, file]));
  const texts = new Map<string, Promise<string>>();
  return {
    root: targetRoot,
    files: walk.files,
    skipped: walk.skipped,
    git,
    readText(path: string): Promise<string> {
      const known = texts.get(path);
      if (known !== undefined) return known;
      const file = byPath.get(path);
      if (file === undefined) {
        return Promise.reject(
          new RampartError('RAMPART_IO', `${path} is not a file of this scan target.`, {
            hint: 'Read only paths listed in target.files: ignored, binary and oversized files are left out.',
          }),
        );
      }
      const text = readFile(file.absolutePath).then(
        (bytes) => stripBom(bytes.toString('utf8')),
        (err: unknown) => {
          throw new RampartError(
            'RAMPART_IO',
            `Cannot read ${path}: ${err instanceof Error ? err.message : String(err)}`,
            { cause: err },
          );
        },
      );
      texts.set(path, text);
      return text;
    },
  };
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
