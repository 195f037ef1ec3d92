import { ParseError } from '@rampart/core';
import type { LockfileParser, PackageNode, ParseContext, ParseResult } from '../../types.js';
import { readManifest } from './manifest.js';
import { NodeSet } from './node-set.js';
import { baseName, npmAlias, sourceOfResolved, splitAtName } from './npm-names.js';
import { isRecord, type Json, ShapeReader } from './shape.js';

/** `yarn.lock` of yarn classic (v1) and of yarn berry (2 and later). */
export const yarnLockParser: LockfileParser = {
  id: 'npm-yarn-lock',
  ecosystem: 'npm',
  description: 'yarn.lock (yarn classic v1 and berry 2+)',
  matches: (path) => baseName(path) === 'yarn.lock',
  parse: parseYarnLock,
};

const CLASSIC_HEADER = /^(#.*\r?\n)*?#\s+yarn\s+lockfile\s+v1\r?\n/i;
const BERRY_METADATA = /^__metadata:/m;
const PROTOCOL = /^([a-z][a-z+-]*):/;

/** Splits a lockfile key into its descriptors: `"a@^1", a@^2` → `a@^1`, `a@^2`. */
export function splitDescriptors(key: string): string[] {
  return (
    key
      .split(/,\s*/)
      // Classic quotes each descriptor, berry the whole key: strip quotes at either end.
      .map((d) => d.trim().replace(/^"/, '').replace(/"$/, ''))
      .filter((d) => d !== '')
  );
}

/**
 * The line of each descriptor's entry: top-level keys are the unindented lines ending in
 * `:` (or, for keys over 1024 characters, starting with `? `). A single pass over the text.
 */
function descriptorLines(text: string): Map<string, number> {
  const out = new Map<string, number>();
  let line = 0;
  for (let start = 0; start < text.length; ) {
    line++;
    const nl = text.indexOf('\n', start);
    const end = nl === -1 ? text.length : nl;
    const first = text.charCodeAt(start);
    // 32 space, 9 tab, 35 '#', 13 '\r', 10 '\n'
    if (first !== 32 && first !== 9 && first !== 35 && first !== 13 && start < end) {
      const raw = text.slice(start, end).trimEnd();
      let key: string | undefined;
      if (raw.startsWith('? ')) key = raw.slice(2);
      else if (raw.endsWith(':')) key = raw.slice(0, -1);
      else {
        // `key: value` on one line (not written by yarn, but valid YAML to report on).
        const colon = raw.startsWith('"') ? raw.indexOf('": ') + 1 : raw.indexOf(': ');
        if (colon > 0) key = raw.slice(0, colon);
      }
      for (const d of key === undefined ? [] : splitDescriptors(key)) {
        if (!out.has(d)) out.set(d, line);
      }
    }
    start = end + 1;
  }
  return out;
}

/** A ParseError from what parseSyml threw: the PEG grammar and js-yaml report positions differently. */
function syntaxError(file: string, cause: unknown, lineShift: number): ParseError {
  let line: number | undefined;
  let column: number | undefined;
  if (isRecord(cause)) {
    const start = isRecord(cause.location) ? cause.location.start : undefined;
    if (isRecord(start) && typeof start.line === 'number') {
      line = Math.max(1, start.line - lineShift);
      column = typeof start.column === 'number' ? start.column : undefined;
    }
    const mark = cause.mark;
    if (isRecord(mark) && typeof mark.line === 'number') {
      line = mark.line + 1;
      column = typeof mark.column === 'number' ? mark.column + 1 : undefined;
    }
  }
  const what = cause instanceof Error ? (cause.message.split('\n')[0] ?? '') : 'unreadable';
  return new ParseError({ file, line, column }, `invalid yarn.lock: ${what}`, { cause });
}

interface Entry {
  readonly entry: Json;
  readonly line: number | undefined;
  readonly what: string;
  key: string | undefined;
}

/** A berry workspace: its folder and the entry listing what it declares. */
interface Workspace {
  readonly name: string;
  readonly folder: string;
  readonly entry: Entry;
}

/** Name, version and origin of an entry, or why it is not a package. */
type Identity =
  | { readonly name: string; readonly version: string; readonly source: PackageNode['source'] }
  | { readonly workspace: string; readonly name: string }
  | { readonly local: true };

function berryIdentity(
  resolution: string | undefined,
  descriptor: string,
  version: string | undefined,
): Identity | undefined {
  const [name, reference] = splitAtName(resolution ?? descriptor) ?? [descriptor, ''];
  const protocol = PROTOCOL.exec(reference)?.[1];
  if (protocol === 'workspace') return { workspace: reference.slice('workspace:'.length), name };
  if (protocol === 'link' || protocol === 'portal') return { local: true };
  if (version === undefined) return undefined;
  let source: PackageNode['source'];
  if (protocol === 'patch') {
    // `patch:resolve@npm%3A1.22.8#~builtin<compat/resolve>::...`: judge the patched package.
    const inner = decodeURIComponentSafe(reference.slice('patch:'.length).split('#')[0] ?? '');
    source = berrySource(splitAtName(inner)?.[1] ?? '');
  } else source = berrySource(reference);
  return { name, version, source };
}

function berrySource(reference: string): PackageNode['source'] {
  const protocol = PROTOCOL.exec(reference)?.[1];
  if (protocol === undefined || protocol === 'npm') return undefined;
  if (protocol === 'file') return 'path';
  if (protocol === 'git' || protocol.startsWith('git+') || protocol === 'github') return 'git';
  if (protocol === 'http' || protocol === 'https') {
    return /\.git(#|$)/.test(reference) || reference.includes('#commit=') ? 'git' : 'url';
  }
  return undefined;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function classicIdentity(
  descriptor: string,
  version: string | undefined,
  resolved: string | undefined,
): Identity | undefined {
  if (version === undefined) return undefined;
  const [named, range] = splitAtName(descriptor) ?? [descriptor, ''];
  const name = npmAlias(range)?.[0] ?? named;
  return { name, version, source: sourceOfResolved(resolved) ?? sourceOfResolved(range) };
}

/** Resolves `name: range` to a package key; null for the project's own; undefined when absent. */
type Lookup = (name: string, range: string) => string | null | undefined;

/**
 * Berry lists each workspace with what it declares: those are the direct dependencies. Only
 * the workspace's package.json tells dev from production. Returns the root workspace's name.
 */
async function markBerryDirect(
  workspaces: readonly Workspace[],
  lookup: Lookup,
  nodes: NodeSet,
  shape: ShapeReader,
  ctx: ParseContext,
  notes: string[],
): Promise<string | undefined> {
  let devUnknown = false;
  let root: string | undefined;
  for (const ws of workspaces) {
    if (ws.folder === '.') root = ws.name;
    const read = await readManifest(
      ctx,
      ws.folder === '.' ? 'package.json' : `${ws.folder}/package.json`,
    );
    const manifest = 'manifest' in read ? read.manifest : undefined;
    if (manifest === undefined) devUnknown = true;
    const { entry, what, line } = ws.entry;
    for (const [name, range] of shape.stringMap(entry, 'dependencies', what, line)) {
      const target = lookup(name, range);
      if (typeof target !== 'string') continue;
      nodes.markDirect(target, manifest?.dev.has(name) === true && !manifest.prod.has(name));
    }
  }
  if (devUnknown) {
    notes.push(
      "a workspace's package.json could not be read: its dependencies are treated as production ones, since yarn.lock does not say which are dev",
    );
  }
  return root;
}

/**
 * Yarn classic's lockfile does not say what the project declares: package.json next to it
 * does. Returns the project's name.
 */
async function markClassicDirect(
  keysByName: ReadonlyMap<string, ReadonlySet<string>>,
  lookup: Lookup,
  nodes: NodeSet,
  ctx: ParseContext,
  notes: string[],
): Promise<string | undefined> {
  const read = await readManifest(ctx, 'package.json');
  if (!('manifest' in read)) {
    const why =
      'missing' in read
        ? 'no package.json next to yarn.lock'
        : `package.json next to yarn.lock is unreadable (${read.invalid})`;
    notes.push(`${why}: direct and dev dependencies could not be determined`);
    return undefined;
  }
  const { prod, dev, name: manifestName, workspaces } = read.manifest;
  for (const [name, range] of [...dev, ...prod]) {
    let target = lookup(name, range);
    if (target === undefined) {
      // package.json edited after the last install: still direct if only one version exists.
      const keys = keysByName.get(name);
      if (keys?.size === 1) target = [...keys][0];
    }
    if (typeof target === 'string') nodes.markDirect(target, !prod.has(name));
  }
  if (workspaces) {
    notes.push(
      "package.json declares workspaces: yarn classic's lockfile does not list them, so only the root's dependencies are marked direct",
    );
  }
  return manifestName;
}

async function parseYarnLock(text: string, ctx: ParseContext): Promise<ParseResult> {
  // Loaded on first use: most trees have no yarn.lock, and the parser is large.
  const { parseSyml } = await import('@yarnpkg/parsers');
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const berry = BERRY_METADATA.test(body);
  // parseSyml picks the classic grammar by its header comment; a header-less classic file
  // still gets it, with lines shifted back.
  const lineShift = berry || CLASSIC_HEADER.test(body) ? 0 : 1;
  let data: unknown;
  try {
    data = parseSyml(lineShift === 0 ? body : `# yarn lockfile v1\n${body}`);
  } catch (cause) {
    throw syntaxError(ctx.path, cause, lineShift);
  }
  const shape = new ShapeReader(ctx.path, true);
  if (!isRecord(data)) throw shape.error(1, 'a yarn.lock should be a map of entries');
  const lines = descriptorLines(body);

  const nodes = new NodeSet();
  const entries: Entry[] = [];
  const workspaces: Workspace[] = [];
  // descriptor → package key, or null for the project's own packages (workspaces, links).
  const byDescriptor = new Map<string, string | null>();
  const keysByName = new Map<string, Set<string>>();
  for (const rawKey of Object.keys(data)) {
    if (rawKey === '__metadata') continue;
    const descriptors = splitDescriptors(rawKey);
    const first = descriptors[0] ?? rawKey;
    const line = lines.get(first);
    const what = `entry "${first}"`;
    const entry: Entry = {
      entry: shape.record(data[rawKey], what, line),
      line,
      what,
      key: undefined,
    };
    const version = shape.string(entry.entry, 'version', what, line);
    const identity = berry
      ? berryIdentity(shape.string(entry.entry, 'resolution', what, line), first, version)
      : classicIdentity(first, version, shape.string(entry.entry, 'resolved', what, line));
    if (identity === undefined) continue;
    if ('version' in identity) {
      entry.key = nodes.add({ ...identity, line });
      entries.push(entry);
      const keys = keysByName.get(identity.name) ?? new Set<string>();
      keys.add(entry.key);
      keysByName.set(identity.name, keys);
    } else if ('workspace' in identity) {
      workspaces.push({ name: identity.name, folder: identity.workspace, entry });
    }
    for (const d of descriptors) byDescriptor.set(d, entry.key ?? null);
  }

  const lookup: Lookup = (name, range) => {
    const exact = byDescriptor.get(`${name}@${range}`);
    if (exact !== undefined || !berry || PROTOCOL.test(range)) return exact;
    // Berry writes `npm:` in keys but, from lockfile version 6, not in dependency ranges.
    return byDescriptor.get(`${name}@npm:${range}`);
  };

  for (const e of entries) {
    for (const field of ['dependencies', 'optionalDependencies'] as const) {
      for (const [name, range] of shape.stringMap(e.entry, field, e.what, e.line)) {
        const target = lookup(name, range);
        if (typeof target === 'string' && e.key !== undefined) nodes.link(e.key, target);
      }
    }
  }

  const notes: string[] = [];
  const rootName = berry
    ? await markBerryDirect(workspaces, lookup, nodes, shape, ctx, notes)
    : await markClassicDirect(keysByName, lookup, nodes, ctx, notes);
  return {
    ecosystem: 'npm',
    ...(rootName === undefined ? {} : { rootName }),
    packages: nodes.nodes(),
    ...(notes.length === 0 ? {} : { notes }),
  };
}
