import { posix } from 'node:path';
import { ParseError } from '@rampart/core';
import type { TomlTable } from 'smol-toml';
import type { LockfileParser, PackageNode, ParseResult } from '../../types.js';
import { packageKey } from '../../types.js';
import { isTable, packageTables, parseToml, TomlFields } from '../support/toml-document.js';
import { normalizePypiName } from './pep508.js';
import { directFromPyproject, inferDev } from './python-manifests.js';

/**
 * `poetry.lock` (lock versions 1.x and 2.x): every `[[package]]` with its version, its
 * `category` (old) or `groups` (Poetry 1.2+) for dev, and `[package.dependencies]` as edges.
 * Direct dependencies come from the `pyproject.toml` beside it.
 */
export const poetryLockParser: LockfileParser = {
  id: 'pypi-poetry-lock',
  ecosystem: 'PyPI',
  description: 'poetry.lock (Poetry 1.x–2.x)',
  matches: (path) => posix.basename(path) === 'poetry.lock',
  async parse(text, ctx): Promise<ParseResult> {
    const doc = parseToml(text, ctx.path);
    const { list: packages, lines } = packageTables(doc, text, ctx.path);
    const notes: string[] = [];

    interface Raw {
      readonly name: string;
      readonly version: string;
      readonly line: number | undefined;
      readonly dev: boolean | undefined;
      readonly deps: readonly string[];
      readonly source?: 'git' | 'path' | 'url';
    }
    const raw: Raw[] = packages.map((entry, i) => {
      const line = lines?.[i];
      if (!isTable(entry)) {
        throw new ParseError({ file: ctx.path, line }, `package #${i + 1} is not a table`);
      }
      const f = new TomlFields(entry, ctx.path, line, `package #${i + 1}`);
      const name = f.string('name');
      const version = f.string('version');
      const source = sourceOf(f.optionalTable('source'));
      return {
        name,
        version,
        line,
        dev: devOf(f),
        deps: Object.keys(f.optionalTable('dependencies') ?? {}),
        ...(source === undefined ? {} : { source }),
      };
    });

    const byName = new Map<string, string[]>();
    for (const p of raw) {
      const id = normalizePypiName(p.name);
      byName.set(id, [...(byName.get(id) ?? []), packageKey(p.name, p.version)]);
    }

    const manifest = await ctx.readSibling('pyproject.toml');
    const direct = manifest === undefined ? undefined : directFromPyproject(manifest);
    if (manifest === undefined) {
      notes.push(
        'No pyproject.toml beside poetry.lock: direct dependencies are unknown, so every package is listed as transitive.',
      );
    } else if (direct === undefined) {
      notes.push(
        'The pyproject.toml beside poetry.lock is not valid TOML: direct dependencies are unknown.',
      );
    }

    const devOnly = new Set<string>();
    const nodes: PackageNode[] = raw.map((p) => {
      const id = normalizePypiName(p.name);
      const isDirect = direct !== undefined && (direct.runtime.has(id) || direct.dev.has(id));
      if (direct?.dev.has(id) && !direct.runtime.has(id)) {
        devOnly.add(packageKey(p.name, p.version));
      }
      return {
        name: p.name,
        version: p.version,
        direct: isDirect,
        ...(p.dev === undefined ? {} : { dev: p.dev }),
        ...(p.line === undefined ? {} : { line: p.line }),
        dependsOn: p.deps.flatMap((d) => byName.get(normalizePypiName(d)) ?? []),
        ...(p.source === undefined ? {} : { source: p.source }),
      };
    });
    return {
      ecosystem: 'PyPI',
      ...(direct?.projectName === undefined ? {} : { rootName: direct.projectName }),
      packages: inferDev(nodes, devOnly),
      notes,
    };
  },
};

/** `category = "dev"` (lock 1.x) or `groups` without `main` (Poetry 1.2+); unknown otherwise. */
function devOf(f: TomlFields): boolean | undefined {
  const category = f.optionalString('category');
  if (category !== undefined) return category !== 'main';
  const groups = f.optionalArray('groups');
  if (groups === undefined) return undefined;
  if (!groups.every((g) => typeof g === 'string')) f.fail('"groups" is not an array of strings');
  return !groups.includes('main');
}

function sourceOf(source: TomlTable | undefined): 'git' | 'path' | 'url' | undefined {
  switch (source?.type) {
    case 'git':
      return 'git';
    case 'directory':
    case 'file':
      return 'path';
    case 'url':
      return 'url';
    default:
      return undefined; // `legacy` is a package index: still a registry
  }
}
