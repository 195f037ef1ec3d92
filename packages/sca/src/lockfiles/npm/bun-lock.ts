import { createRequire } from 'node:module';
import { ParseError } from '@rampart/core';
import type { ParseError as JsoncError } from 'jsonc-parser';
import type { LockfileParser, PackageNode, ParseContext, ParseResult } from '../../types.js';
import { LineIndex } from '../../util/lines.js';
import { jsonKeyLines, keyPath } from './json-key-lines.js';
import { NodeSet } from './node-set.js';
import { baseName, sourceOfResolved, splitAtName } from './npm-names.js';
import { isRecord, type Json, ShapeReader, typeName } from './shape.js';

/**
 * bun's text lockfile `bun.lock` (lockfileVersion 0 and 1). The binary `bun.lockb` is not
 * read: `bun install --save-text-lockfile` writes the text form.
 */
export const bunLockParser: LockfileParser = {
  id: 'npm-bun-lock',
  ecosystem: 'npm',
  description: 'bun.lock (text lockfile, lockfileVersion 0–1)',
  matches: (path) => baseName(path) === 'bun.lock',
  parse: parseBunLock,
};

type Jsonc = typeof import('jsonc-parser');
let jsonc: Jsonc | undefined;
/** jsonc-parser ships UMD that Node's ESM loader cannot name-import; require it, once. */
function loadJsonc(): Jsonc {
  jsonc ??= createRequire(import.meta.url)('jsonc-parser') as Jsonc;
  return jsonc;
}

const WORKSPACE_FIELDS = [
  'dependencies',
  'devDependencies',
  'optionalDependencies',
  'peerDependencies',
] as const;
const PACKAGE_FIELDS = ['dependencies', 'optionalDependencies', 'peerDependencies'] as const;
const LOCAL = /^(workspace|link|root|file):/;

/** `CloseBraceExpected` → `close brace expected`. */
function words(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/**
 * The package key `path` (`a/@s/b/c`: `c` installed for `@s/b` installed for `a`) with its
 * last package name removed: the next place bun looks when resolving from `path`.
 */
function parentKey(path: string): string {
  const slash = path.lastIndexOf('/');
  if (slash === -1) return '';
  const before = path.slice(0, slash);
  const prev = before.lastIndexOf('/');
  if (!before.slice(prev + 1).startsWith('@')) return before;
  return prev === -1 ? '' : before.slice(0, prev);
}

interface Entry {
  readonly path: string;
  readonly meta: Json | undefined;
  readonly line: number | undefined;
  /** The package key; `undefined` for the project's own (workspace, link, local folder). */
  readonly key: string | undefined;
}

function parseBunLock(text: string, ctx: ParseContext): ParseResult {
  const { parse, printParseErrorCode } = loadJsonc();
  const errors: JsoncError[] = [];
  const data: unknown = parse(text, errors, { allowTrailingComma: true, allowEmptyContent: false });
  const firstError = errors[0];
  if (firstError !== undefined) {
    const line = new LineIndex(text).lineAt(firstError.offset);
    const column = firstError.offset - text.lastIndexOf('\n', firstError.offset - 1);
    throw new ParseError(
      { file: ctx.path, line, column },
      `invalid bun.lock: ${words(printParseErrorCode(firstError.error))}`,
    );
  }
  const shape = new ShapeReader(ctx.path);
  if (!isRecord(data))
    throw shape.error(1, `a bun.lock should be an object, found ${typeName(data)}`);
  const lines = jsonKeyLines(
    text,
    (p) => p.length === 1 || (p.length === 2 && (p[0] === 'packages' || p[0] === 'workspaces')),
  );
  if (data.lockfileVersion !== 0 && data.lockfileVersion !== 1) {
    throw shape.error(
      lines.get('lockfileVersion') ?? 1,
      `lockfileVersion ${JSON.stringify(data.lockfileVersion ?? null)} is not supported (supported: 0, 1); regenerate it with a current bun`,
    );
  }
  const packages = shape.record(data.packages ?? {}, '"packages"', lines.get('packages'));
  const workspaces = shape.record(data.workspaces ?? {}, '"workspaces"', lines.get('workspaces'));

  const nodes = new NodeSet();
  const entries = new Map<string, Entry>();
  for (const path of Object.keys(packages)) {
    const line = lines.get(keyPath('packages', path));
    const what = `packages["${path}"]`;
    const value = packages[path];
    if (!Array.isArray(value) || typeof value[0] !== 'string') {
      throw shape.error(line, `${what} should be an array starting with "name@version"`);
    }
    const spec: string = value[0];
    const meta = value.slice(1).find(isRecord);
    const [name, resolution] = splitAtName(spec) ?? [spec, ''];
    let key: string | undefined;
    if (resolution !== '' && !LOCAL.test(resolution)) {
      // npm packages give a version; git, github and tarballs their resolution.
      const source: PackageNode['source'] = /^[a-z][a-z+]*:/.test(resolution)
        ? (sourceOfResolved(resolution) ?? 'url')
        : undefined;
      key = nodes.add({ name, version: resolution, line, source });
    }
    entries.set(path, { path, meta, line, key });
  }

  /** Resolves `name` from the package at `from` the way bun does: nearest enclosing key first. */
  const resolve = (from: string, name: string): string | undefined => {
    for (let at = from; ; at = parentKey(at)) {
      const hit = entries.get(at === '' ? name : `${at}/${name}`);
      if (hit !== undefined) return hit.key;
      if (at === '') return undefined;
    }
  };

  for (const entry of entries.values()) {
    if (entry.key === undefined || entry.meta === undefined) continue;
    for (const field of PACKAGE_FIELDS) {
      for (const [dep] of shape.stringMap(
        entry.meta,
        field,
        `packages["${entry.path}"]`,
        entry.line,
      )) {
        const to = resolve(entry.path, dep);
        if (to !== undefined) nodes.link(entry.key, to);
      }
    }
  }

  let rootName: string | undefined;
  for (const folder of Object.keys(workspaces)) {
    const line = lines.get(keyPath('workspaces', folder));
    const what = `workspaces["${folder}"]`;
    const workspace = shape.record(workspaces[folder], what, line);
    const name = shape.string(workspace, 'name', what, line);
    if (folder === '') rootName = name;
    // A workspace's own versions of a dependency live under its name: `<name>/<dep>`.
    const from = folder === '' || name === undefined ? '' : name;
    for (const field of WORKSPACE_FIELDS) {
      for (const [dep] of shape.stringMap(workspace, field, what, line)) {
        const key = resolve(from, dep);
        if (key !== undefined) nodes.markDirect(key, field === 'devDependencies');
      }
    }
  }
  return {
    ecosystem: 'npm',
    ...(rootName === undefined ? {} : { rootName }),
    packages: nodes.nodes(),
  };
}
