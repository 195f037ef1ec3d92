import { posix } from 'node:path';
import { ParseError } from '@rampart/core';
import type { TomlTable } from 'smol-toml';
import type { LockfileParser, PackageNode, ParseResult } from '../../types.js';
import { packageKey } from '../../types.js';
// The TOML helpers are shared with the PyPI parsers (poetry.lock, uv.lock).
import { isTable, packageTables, parseToml, TomlFields } from '../support/toml-document.js';

/**
 * `Cargo.lock` (format v1–v4): `[[package]]` tables with `source` and `dependencies`
 * (`name`, `name version` or `name version (source)`). Packages without a `source` are the
 * workspace's own crates: they are not listed, their dependencies are the direct ones. v1
 * lockfiles also have a `[root]` table, read the same way.
 */
export const cargoLockParser: LockfileParser = {
  id: 'cargo-lock',
  ecosystem: 'crates.io',
  description: 'Cargo.lock (v1–v4)',
  matches: (path) => posix.basename(path) === 'Cargo.lock',
  parse(text, ctx): ParseResult {
    const doc = parseToml(text, ctx.path);
    const { list, lines } = packageTables(doc, text, ctx.path);

    interface Crate {
      readonly name: string;
      readonly version: string;
      readonly source: string | undefined;
      readonly deps: readonly string[];
      readonly line: number | undefined;
      readonly fields: TomlFields;
    }
    const read = (table: TomlTable, line: number | undefined, where: string): Crate => {
      const f = new TomlFields(table, ctx.path, line, where);
      const deps = f.optionalArray('dependencies') ?? [];
      if (!deps.every((d): d is string => typeof d === 'string')) {
        f.fail('"dependencies" is not an array of strings');
      }
      return {
        name: f.string('name'),
        version: f.string('version'),
        source: f.optionalString('source'),
        deps: deps as string[],
        line,
        fields: f,
      };
    };
    const crates = list.map((item, i) => {
      if (!isTable(item)) {
        throw new ParseError(
          { file: ctx.path, line: lines?.[i] },
          `package #${i + 1} is not a table`,
        );
      }
      return read(item, lines?.[i], `package #${i + 1}`);
    });
    if (isTable(doc.root)) crates.push(read(doc.root, rootLine(text), '[root]'));

    const byName = new Map<string, Crate[]>();
    for (const c of crates) byName.set(c.name, [...(byName.get(c.name) ?? []), c]);
    let dangling = 0;
    const resolve = (spec: string, from: Crate): string | undefined => {
      const m = /^([^\s()]+)(?: ([^\s()]+))?(?: \(([^()]+)\))?$/.exec(spec.trim());
      if (m === null) from.fields.fail(`has an unreadable dependency "${spec}"`);
      const [, name, version, source] = m;
      let found = byName.get(name as string) ?? [];
      if (version !== undefined) found = found.filter((c) => c.version === version);
      if (source !== undefined) found = found.filter((c) => c.source === source);
      const hit = found[0];
      if (hit === undefined) {
        dangling++;
        return undefined;
      }
      return packageKey(hit.name, hit.version);
    };

    const workspace = crates.filter((c) => c.source === undefined);
    const direct = new Set<string>();
    for (const root of workspace) {
      for (const spec of root.deps) {
        const key = resolve(spec, root);
        if (key !== undefined) direct.add(key);
      }
    }
    const workspaceKeys = new Set(workspace.map((c) => packageKey(c.name, c.version)));
    const packages: PackageNode[] = crates
      .filter((c) => c.source !== undefined)
      .map((c) => {
        const key = packageKey(c.name, c.version);
        return {
          name: c.name,
          version: c.version,
          direct: direct.has(key),
          ...(c.line === undefined ? {} : { line: c.line }),
          dependsOn: c.deps
            .map((d) => resolve(d, c))
            .filter((k): k is string => k !== undefined && !workspaceKeys.has(k)),
          ...(c.source?.startsWith('git+') ? { source: 'git' as const } : {}),
        };
      });

    const notes: string[] = [];
    if (workspace.length === 0) {
      notes.push(
        'Cargo.lock has no workspace crate (a package without "source"): direct dependencies are unknown.',
      );
    } else if (workspace.length > 1) {
      notes.push(
        `Workspace of ${workspace.length} crates (${workspace.map((c) => c.name).join(', ')}): the dependencies of each are direct.`,
      );
    }
    if (dangling > 0) {
      notes.push(`${dangling} dependency reference(s) name crates that Cargo.lock does not list.`);
    }
    notes.push('Cargo.lock does not say which dependencies are dev- or build-dependencies.');
    return {
      ecosystem: 'crates.io',
      ...(workspace.length === 1 ? { rootName: (workspace[0] as Crate).name } : {}),
      packages,
      notes,
    };
  },
};

function rootLine(text: string): number | undefined {
  const at = text.split('\n').findIndex((l) => /^\s*\[root\]\s*$/.test(l));
  return at === -1 ? undefined : at + 1;
}
