import { readFile, realpath } from 'node:fs/promises';
import { dirname, join, posix, sep } from 'node:path';
import { isRampartError, type Logger } from '@rampart/core';
import { buildDependencies } from './lockfiles/graph.js';
import { parserById, parserFor } from './lockfiles/index.js';
import type { Dependency, Ecosystem, ParseContext, WorkspacePackage } from './types.js';

/** One manifest or lockfile that was read. */
export interface ManifestSummary {
  readonly path: string;
  readonly parser: string;
  readonly ecosystem: Ecosystem;
  readonly packages: number;
  readonly notes: readonly string[];
  readonly rootName?: string;
  /** The project's own packages this file lists (npm workspaces). */
  readonly workspaces: readonly WorkspacePackage[];
}

/** One file that could not be read, with the error (which names the file and line). */
export interface ManifestError {
  readonly path: string;
  readonly message: string;
}

/** Every dependency of a tree, and what was read to find them. */
export interface CollectedDependencies {
  readonly dependencies: Dependency[];
  readonly manifests: ManifestSummary[];
  readonly errors: ManifestError[];
}

/** The files of a scan target (a subset of `ScanTarget`). */
export interface DependencySource {
  readonly root: string;
  readonly files: readonly { readonly path: string; readonly absolutePath: string }[];
  readText(path: string): Promise<string>;
  readonly formats?: Readonly<Record<string, string>> | undefined;
}

/**
 * Reads every lockfile and manifest among the files with its parser. A file that cannot be
 * parsed is reported (the error names file and line) and the others go on.
 */
export async function collectDependencies(
  source: DependencySource,
  logger: Logger,
  signal?: AbortSignal,
): Promise<CollectedDependencies> {
  const dependencies: Dependency[] = [];
  const manifests: ManifestSummary[] = [];
  const errors: ManifestError[] = [];
  for (const file of source.files) {
    signal?.throwIfAborted();
    if (file.path.endsWith('bun.lockb')) {
      logger.warn(
        `${file.path}: the binary bun.lockb is not read; run \`bun install --save-text-lockfile\` to get a bun.lock`,
      );
      continue;
    }
    const declared = source.formats?.[file.path];
    const parser = declared === undefined ? parserFor(file.path) : parserById(declared);
    if (parser === undefined) continue;
    const ctx: ParseContext = {
      path: file.path,
      readSibling: async (relative) => {
        const target = posix.normalize(posix.join(posix.dirname(file.path), relative));
        // Never outside the scan root, neither by `..` nor through a symlink.
        if (target.startsWith('../') || target === '..') return undefined;
        try {
          const real = await realpath(join(source.root, target));
          const root = await realpath(source.root);
          if (real !== root && !real.startsWith(root + sep)) return undefined;
          return await readFile(real, 'utf8');
        } catch {
          return undefined;
        }
      },
    };
    try {
      const text = await source.readText(file.path);
      const result = await parser.parse(text, ctx);
      const deps = buildDependencies(result.ecosystem, file.path, result.packages);
      dependencies.push(...deps);
      manifests.push({
        path: file.path,
        parser: parser.id,
        ecosystem: result.ecosystem,
        packages: deps.length,
        notes: result.notes ?? [],
        workspaces: result.workspaces ?? [],
        ...(result.rootName === undefined ? {} : { rootName: result.rootName }),
      });
    } catch (err) {
      if (!isRampartError(err)) {
        logger.debug('lockfile parser crashed', { path: file.path, stack: (err as Error).stack });
      }
      const message = isRampartError(err)
        ? err.message
        : `${file.path}: could not be read as ${parser.description}: ${(err as Error).message}`;
      errors.push({ path: file.path, message });
      logger.warn(message);
    }
  }
  return { dependencies, manifests, errors };
}

/**
 * Fills in licences of npm packages that the lockfile does not state, from the installed
 * `node_modules/<name>/package.json` next to the lockfile (when installed).
 */
export async function addInstalledNpmLicenses(
  root: string,
  dependencies: Dependency[],
): Promise<Dependency[]> {
  return Promise.all(
    dependencies.map(async (dep) => {
      if (dep.ecosystem !== 'npm' || dep.license !== undefined) return dep;
      // A package name never climbs out of node_modules.
      if (dep.name.split('/').some((part) => part === '..' || part === '.' || part === '')) {
        return dep;
      }
      const file = join(root, dirname(dep.manifestPath), 'node_modules', dep.name, 'package.json');
      try {
        const meta = JSON.parse(await readFile(file, 'utf8')) as {
          version?: unknown;
          license?: unknown;
          licenses?: unknown;
        };
        if (meta.version !== dep.version) return dep;
        const license =
          typeof meta.license === 'string'
            ? meta.license
            : Array.isArray(meta.licenses)
              ? meta.licenses
                  .map((l: { type?: unknown }) => (typeof l?.type === 'string' ? l.type : ''))
                  .filter(Boolean)
                  .join(' OR ')
              : undefined;
        return license ? { ...dep, license } : dep;
      } catch {
        return dep;
      }
    }),
  );
}
