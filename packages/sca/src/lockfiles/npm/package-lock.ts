import { parseJsonText } from '@rampart/core';
import {
  type LockfileParser,
  type ParseContext,
  type ParseResult,
  packageKey,
  type WorkspacePackage,
} from '../../types.js';
import { jsonKeyLines, keyPath } from './json-key-lines.js';
import { readManifest } from './manifest.js';
import { NodeSet } from './node-set.js';
import { baseName, licenseOf, npmAlias, sourceOfResolved } from './npm-names.js';
import { isRecord, type Json, ShapeReader, typeName } from './shape.js';

const FILE_NAMES: ReadonlySet<string> = new Set(['package-lock.json', 'npm-shrinkwrap.json']);

/** Fields of a `packages` entry whose names Node resolves from the entry's folder. */
const INSTALLED_FIELDS = ['dependencies', 'optionalDependencies', 'peerDependencies'] as const;
/** A project folder (root, workspace, linked folder) also installs its devDependencies. */
const PROJECT_FIELDS = [...INSTALLED_FIELDS, 'devDependencies'] as const;

/**
 * `package-lock.json` and `npm-shrinkwrap.json`, lockfileVersion 1, 2 and 3 (and the
 * version-less shrinkwrap of npm before 5, read as version 1).
 */
export const packageLockParser: LockfileParser = {
  id: 'npm-package-lock',
  ecosystem: 'npm',
  description: 'package-lock.json / npm-shrinkwrap.json (lockfileVersion 1–3)',
  matches: (path) => FILE_NAMES.has(baseName(path)),
  parse: parsePackageLock,
};

async function parsePackageLock(text: string, ctx: ParseContext): Promise<ParseResult> {
  const data = parseJsonText(text, ctx.path);
  const shape = new ShapeReader(ctx.path);
  if (!isRecord(data)) {
    throw shape.error(1, `a package-lock should be a JSON object, found ${typeName(data)}`);
  }
  const version = data.lockfileVersion;
  const modern = version === 2 || version === 3;
  if (version !== undefined && version !== 1 && !modern) {
    const line = jsonKeyLines(text, (p) => p.length === 1).get('lockfileVersion');
    throw shape.error(
      line,
      `lockfileVersion ${JSON.stringify(version)} is not supported (supported: 1, 2, 3); regenerate the lockfile with npm 7 or later`,
    );
  }
  // Version 2 carries both shapes; read `packages` unless an old tool dropped it.
  if (modern && (data.packages !== undefined || data.dependencies === undefined)) {
    const lines = jsonKeyLines(
      text,
      (p) => p.length === 1 || (p.length === 2 && p[0] === 'packages'),
    );
    return parseModern(data, lines, shape);
  }
  const lines = jsonKeyLines(text, isLegacyEntryPath);
  return parseLegacy(data, lines, shape, ctx);
}

/** `dependencies`, `dependencies/a/dependencies`, ... : the keys of the v1 tree. */
function isLegacyEntryPath(path: readonly string[]): boolean {
  if (path.length === 1) return true;
  if (path.length % 2 !== 0) return false;
  for (let i = 0; i < path.length; i += 2) if (path[i] !== 'dependencies') return false;
  return true;
}

function rootNameOf(data: Json, fallback?: Json): string | undefined {
  if (typeof data.name === 'string') return data.name;
  return typeof fallback?.name === 'string' ? fallback.name : undefined;
}

function isInNodeModules(location: string): boolean {
  return location.startsWith('node_modules/') || location.includes('/node_modules/');
}

interface Location {
  readonly entry: Json;
  readonly line: number | undefined;
  readonly link: boolean;
  /** The package's key; `undefined` for links, project folders and version-less entries. */
  key: string | undefined;
}

/**
 * Where Node finds `name` required from the folder `from`: `from/node_modules/name`, then
 * the same in each parent folder (folders named node_modules are skipped, as Node does).
 */
function resolveFrom(
  locations: ReadonlyMap<string, Location>,
  from: string,
  name: string,
): Location | undefined {
  let dir = from;
  for (;;) {
    if (baseName(dir) !== 'node_modules') {
      const hit = locations.get(
        dir === '' ? `node_modules/${name}` : `${dir}/node_modules/${name}`,
      );
      if (hit !== undefined) return hit;
    }
    if (dir === '') return undefined;
    const slash = dir.lastIndexOf('/');
    dir = slash === -1 ? '' : dir.slice(0, slash);
  }
}

function parseModern(
  data: Json,
  lines: ReadonlyMap<string, number>,
  shape: ShapeReader,
): ParseResult {
  const packages = shape.record(data.packages, '"packages"', lines.get('packages') ?? 1);
  const nodes = new NodeSet();
  const locations = new Map<string, Location>();
  for (const location of Object.keys(packages)) {
    const line = lines.get(keyPath('packages', location));
    const what = `packages["${location}"]`;
    const entry = shape.record(packages[location], what, line);
    const link = shape.flag(entry, 'link', what, line) === true;
    const loc: Location = { entry, line, link, key: undefined };
    locations.set(location, loc);
    if (link || !isInNodeModules(location)) continue;
    const version = shape.string(entry, 'version', what, line);
    const folderName = location.slice(
      location.lastIndexOf('node_modules/') + 'node_modules/'.length,
    );
    const name = shape.string(entry, 'name', what, line) || folderName;
    // An empty version or name identifies nothing: read it like a version-less entry.
    if (!version || !name) continue;
    const dev =
      shape.flag(entry, 'dev', what, line) === true ||
      shape.flag(entry, 'devOptional', what, line) === true;
    loc.key = nodes.add({
      name,
      version,
      line,
      dev,
      license: licenseOf(entry.license),
      source: sourceOfResolved(shape.string(entry, 'resolved', what, line)),
    });
  }

  for (const [location, loc] of locations) {
    if (loc.link) continue;
    const project = !isInNodeModules(location);
    if (!project && loc.key === undefined) continue;
    const what = `packages["${location}"]`;
    for (const field of project ? PROJECT_FIELDS : INSTALLED_FIELDS) {
      for (const [name] of shape.stringMap(loc.entry, field, what, loc.line)) {
        const target = resolveFrom(locations, location, name)?.key;
        if (target === undefined) continue;
        if (project) nodes.markDirect(target, field === 'devDependencies');
        else if (loc.key !== undefined) nodes.link(loc.key, target);
      }
    }
  }
  const root = isRecord(packages['']) ? packages[''] : undefined;
  const rootName = rootNameOf(data, root);
  const workspaces: WorkspacePackage[] = [];
  for (const [location, loc] of locations) {
    if (location === '' || loc.link || isInNodeModules(location)) continue;
    const name = shape.string(loc.entry, 'name', `packages["${location}"]`, loc.line);
    const version = shape.string(loc.entry, 'version', `packages["${location}"]`, loc.line);
    if (name !== undefined && version !== undefined)
      workspaces.push({ name, version, path: location });
  }
  return {
    ecosystem: 'npm',
    ...(rootName === undefined ? {} : { rootName }),
    packages: nodes.nodes(),
    ...(workspaces.length === 0 ? {} : { workspaces }),
  };
}

interface LegacyLocation {
  readonly parent: LegacyLocation | undefined;
  readonly children: Map<string, LegacyLocation>;
  readonly entry: Json;
  /** Key path in the file (see {@link keyPath}), for its line. */
  readonly path: string;
  /** `a > b`: how messages name it. */
  readonly display: string;
  readonly line: number | undefined;
  key: string | undefined;
}

/** Name, version and origin of a v1 entry; `undefined` for local folders (the project's own). */
function legacyIdentity(
  folderName: string,
  version: string,
): { name: string; version: string; source: ReturnType<typeof sourceOfResolved> } | undefined {
  const alias = npmAlias(version);
  if (alias !== undefined) {
    return alias[1] === '' ? undefined : { name: alias[0], version: alias[1], source: undefined };
  }
  if (version.startsWith('file:')) {
    return /\.(tgz|tar\.gz|tar)$/.test(version)
      ? { name: folderName, version, source: 'path' }
      : undefined;
  }
  // npm 5 wrote some registry packages with their tarball URL as version.
  const short = folderName.slice(folderName.lastIndexOf('/') + 1);
  const tarball = version.lastIndexOf(`/-/${short}-`);
  if (/^https?:/.test(version) && tarball !== -1 && version.endsWith('.tgz')) {
    const fromUrl = version.slice(tarball + short.length + 4, -'.tgz'.length);
    if (/^\d+\.\d+\.\d+/.test(fromUrl))
      return { name: folderName, version: fromUrl, source: undefined };
  }
  // A version with a protocol (`github:`, `git+https:`, `https:`) is not from the registry.
  const source = /^[a-z][a-z+]*:/.test(version) ? (sourceOfResolved(version) ?? 'url') : undefined;
  return { name: folderName, version, source };
}

/**
 * Without package.json a v1 lockfile does not say what the project declares. Top-level
 * packages nothing requires must be declared; then, in file order, each top-level package
 * still unreachable (a cycle nobody else enters) is taken as declared too.
 */
function markGuessedDirect(
  root: LegacyLocation,
  required: ReadonlySet<string>,
  nodes: NodeSet,
): void {
  const topLevel = [...root.children.values()].filter((l) => l.key !== undefined);
  const edges = new Map<string, readonly string[]>();
  for (const node of nodes.nodes()) edges.set(packageKey(node.name, node.version), node.dependsOn);
  const reached = new Set<string>();
  const reach = (start: string): void => {
    const stack = [start];
    reached.add(start);
    while (stack.length > 0) {
      for (const next of edges.get(stack.pop() as string) ?? []) {
        if (!reached.has(next)) {
          reached.add(next);
          stack.push(next);
        }
      }
    }
  };
  const mark = (key: string, dev: boolean): void => {
    nodes.markDirect(key, dev);
    reach(key);
  };
  for (const loc of topLevel) {
    if (!required.has(loc.key as string)) mark(loc.key as string, loc.entry.dev === true);
  }
  for (const loc of topLevel) {
    if (!reached.has(loc.key as string)) mark(loc.key as string, loc.entry.dev === true);
  }
}

async function parseLegacy(
  data: Json,
  lines: ReadonlyMap<string, number>,
  shape: ShapeReader,
  ctx: ParseContext,
): Promise<ParseResult> {
  const nodes = new NodeSet();
  const root: LegacyLocation = {
    parent: undefined,
    children: new Map(),
    entry: data,
    path: '',
    display: '',
    line: undefined,
    key: undefined,
  };
  // Breadth first with an explicit queue: nesting depth comes from the file, not the stack.
  const all: LegacyLocation[] = [];
  const queue: LegacyLocation[] = [root];
  for (let i = 0; i < queue.length; i++) {
    const parent = queue[i] as LegacyLocation;
    const deps = parent.entry.dependencies;
    if (deps === undefined || deps === null) continue;
    const children = shape.record(
      deps,
      parent === root ? '"dependencies"' : `dependency "${parent.display}": "dependencies"`,
      parent === root ? (lines.get('dependencies') ?? 1) : parent.line,
    );
    for (const folderName of Object.keys(children)) {
      const path =
        parent === root
          ? keyPath('dependencies', folderName)
          : keyPath(parent.path, 'dependencies', folderName);
      const line = lines.get(path);
      const display = parent === root ? folderName : `${parent.display} > ${folderName}`;
      const entryWhat = `dependency "${display}"`;
      const entry = shape.record(children[folderName], entryWhat, line);
      const loc: LegacyLocation = {
        parent,
        children: new Map(),
        entry,
        path,
        display,
        line,
        key: undefined,
      };
      parent.children.set(folderName, loc);
      all.push(loc);
      queue.push(loc);
      const version = shape.string(entry, 'version', entryWhat, line);
      const identity = !version || !folderName ? undefined : legacyIdentity(folderName, version);
      if (identity === undefined) continue;
      loc.key = nodes.add({
        ...identity,
        line,
        dev: shape.flag(entry, 'dev', entryWhat, line) === true,
      });
    }
  }

  const required = new Set<string>();
  for (const loc of all) {
    if (loc.key === undefined) continue;
    const what = `dependency "${loc.display}"`;
    for (const [name] of shape.stringMap(loc.entry, 'requires', what, loc.line)) {
      let target: LegacyLocation | undefined;
      for (
        let at: LegacyLocation | undefined = loc;
        at !== undefined && target === undefined;
        at = at.parent
      ) {
        target = at.children.get(name);
      }
      if (target?.key === undefined) continue;
      nodes.link(loc.key, target.key);
      required.add(target.key);
    }
  }

  const notes: string[] = [];
  const read = await readManifest(ctx, 'package.json');
  if ('manifest' in read) {
    const { prod, dev } = read.manifest;
    for (const name of new Set([...prod.keys(), ...dev.keys()])) {
      const key = root.children.get(name)?.key;
      if (key !== undefined) nodes.markDirect(key, !prod.has(name));
    }
  } else {
    markGuessedDirect(root, required, nodes);
    notes.push(
      `${'missing' in read ? 'no package.json next to the lockfile' : `package.json next to the lockfile is unreadable (${read.invalid})`}: lockfileVersion 1 does not list direct dependencies, so top-level packages that nothing else requires are taken as direct`,
    );
  }
  const rootName = rootNameOf(data);
  return {
    ecosystem: 'npm',
    ...(rootName === undefined ? {} : { rootName }),
    packages: nodes.nodes(),
    ...(notes.length === 0 ? {} : { notes }),
  };
}
