import { posix } from 'node:path';
import { ParseError } from '@rampart/core';
import type { TomlTable, TomlValue } from 'smol-toml';
import type { LockfileParser, PackageNode, ParseResult } from '../../types.js';
import { packageKey } from '../../types.js';
import { isTable, packageTables, parseToml, TomlFields } from '../support/toml-document.js';
import { normalizePypiName } from './pep508.js';
import { inferDev } from './python-manifests.js';

/**
 * `uv.lock`: every `[[package]]` with its `dependencies`, `optional-dependencies` (for the
 * extras some dependent asks for) and `dev-dependencies`. The project itself is the package
 * whose source is `{ virtual = "." }` or `{ editable = "." }` (and any workspace member listed
 * in `[manifest]`): its dependencies are direct, its dev groups and extras dev.
 */
export const uvLockParser: LockfileParser = {
  id: 'pypi-uv-lock',
  ecosystem: 'PyPI',
  description: 'uv.lock (uv)',
  matches: (path) => posix.basename(path) === 'uv.lock',
  parse(text, ctx): ParseResult {
    const doc = parseToml(text, ctx.path);
    const { list, lines } = packageTables(doc, text, ctx.path);
    const members = new Set(
      stringList(isTable(doc.manifest) ? doc.manifest.members : undefined).map(normalizePypiName),
    );

    interface Entry {
      readonly name: string;
      readonly version: string;
      readonly line: number | undefined;
      readonly root: boolean;
      /** The project at `.` itself (as opposed to another workspace member). */
      readonly dot: boolean;
      readonly fields: TomlFields;
      readonly table: TomlTable;
      readonly source?: 'git' | 'path' | 'url';
    }
    const entries: Entry[] = list.map((item, i) => {
      const line = lines?.[i];
      if (!isTable(item)) {
        throw new ParseError({ file: ctx.path, line }, `package #${i + 1} is not a table`);
      }
      const f = new TomlFields(item, ctx.path, line, `package #${i + 1}`);
      const name = f.string('name');
      const src = f.optionalTable('source') ?? {};
      const local = 'virtual' in src || 'editable' in src || 'directory' in src || 'path' in src;
      const version = local ? (f.optionalString('version') ?? '') : f.string('version');
      const dot = src.virtual === '.' || src.editable === '.';
      const root = dot || members.has(normalizePypiName(name));
      const source = 'git' in src ? 'git' : 'url' in src ? 'url' : local ? 'path' : undefined;
      return {
        name,
        version,
        line,
        root,
        dot,
        fields: f,
        table: item,
        ...(source === undefined ? {} : { source }),
      };
    });

    const byName = new Map<string, Entry[]>();
    for (const e of entries) {
      const id = normalizePypiName(e.name);
      byName.set(id, [...(byName.get(id) ?? []), e]);
    }
    // Extras only count when some dependent asks for them.
    const wantedExtras = new Map<string, Set<string>>();
    let dangling = 0;
    const refs = (value: TomlValue | undefined, f: TomlFields, what: string): string[] => {
      if (value === undefined) return [];
      if (!Array.isArray(value)) f.fail(`"${what}" is not an array`);
      const out: string[] = [];
      for (const ref of value) {
        if (!isTable(ref) || typeof ref.name !== 'string')
          f.fail(`has a "${what}" entry without a name`);
        const id = normalizePypiName(ref.name);
        let found = byName.get(id) ?? [];
        if (typeof ref.version === 'string') found = found.filter((e) => e.version === ref.version);
        if (found.length === 0) dangling++;
        for (const e of found) out.push(packageKey(e.name, e.version));
        for (const extra of stringList(ref.extra)) {
          wantedExtras.set(id, (wantedExtras.get(id) ?? new Set()).add(extra));
        }
      }
      return out;
    };

    const runtimeDirect = new Set<string>();
    const devDirect = new Set<string>();
    const edges = new Map<Entry, string[]>();
    for (const e of entries) {
      const deps = refs(e.table.dependencies, e.fields, 'dependencies');
      if (e.root) {
        for (const k of deps) runtimeDirect.add(k);
        for (const group of [
          e.fields.optionalTable('dev-dependencies'),
          e.fields.optionalTable('optional-dependencies'),
        ]) {
          for (const [name, value] of Object.entries(group ?? {})) {
            for (const k of refs(value, e.fields, name)) devDirect.add(k);
          }
        }
      }
      edges.set(e, deps);
    }
    // An extra's own dependencies may ask for further extras: repeat until nothing is new.
    const followed = new Set<string>();
    for (let changed = true; changed; ) {
      changed = false;
      for (const e of entries) {
        if (e.root) continue;
        const extras = e.fields.optionalTable('optional-dependencies') ?? {};
        for (const extra of wantedExtras.get(normalizePypiName(e.name)) ?? []) {
          const id = `${packageKey(e.name, e.version)}[${extra}]`;
          if (followed.has(id)) continue;
          followed.add(id);
          changed = true;
          edges.get(e)?.push(...refs(extras[extra], e.fields, extra));
        }
      }
    }

    const roots = entries.filter((e) => e.root);
    const rootKeys = new Set(roots.map((e) => packageKey(e.name, e.version)));
    const notes: string[] = [];
    if (roots.length === 0) {
      notes.push(
        'uv.lock has no project package (source = { virtual = "." } or { editable = "." }): direct dependencies are unknown.',
      );
    }
    if (dangling > 0) {
      notes.push(`${dangling} dependency reference(s) name packages that uv.lock does not list.`);
    }
    const nodes: PackageNode[] = entries
      .filter((e) => !e.root)
      .map((e) => {
        const key = packageKey(e.name, e.version);
        return {
          name: e.name,
          version: e.version,
          direct: runtimeDirect.has(key) || devDirect.has(key),
          ...(e.line === undefined ? {} : { line: e.line }),
          dependsOn: [...new Set(edges.get(e))].filter((k) => !rootKeys.has(k)),
          ...(e.source === undefined ? {} : { source: e.source }),
        };
      });
    const devOnly = new Set([...devDirect].filter((k) => !runtimeDirect.has(k)));
    const root = roots.find((e) => e.dot) ?? roots[0];
    return {
      ecosystem: 'PyPI',
      ...(root === undefined ? {} : { rootName: root.name }),
      packages: inferDev(nodes, devOnly),
      notes,
    };
  },
};

function stringList(value: TomlValue | undefined): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
