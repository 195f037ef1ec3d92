import { posix } from 'node:path';
import type { LockfileParser, PackageNode, ParseResult } from '../../types.js';
// The positioned JSON reader is shared with Pipfile.lock and composer.lock.
import { JsonDocument } from '../support/json-document.js';

/**
 * NuGet's `packages.lock.json` (version 1 and 2): per target framework (and runtime), each
 * package's `type` (`Direct`, `Transitive`, `CentralTransitive`, `Project`), `resolved`
 * version and `dependencies` as edges. Packages are merged across frameworks; `Project`
 * entries are the solution's own projects and are not listed.
 */
export const packagesLockParser: LockfileParser = {
  id: 'nuget-packages-lock',
  ecosystem: 'NuGet',
  description: 'packages.lock.json (NuGet)',
  matches: (path) => posix.basename(path) === 'packages.lock.json',
  parse(text, ctx): ParseResult {
    const doc: JsonDocument = new JsonDocument(text, ctx.path);
    doc.object(doc.root, 'packages.lock.json');
    const frameworks = doc.get(doc.root, 'dependencies');
    if (frameworks === undefined) doc.fail(doc.root, 'packages.lock.json has no "dependencies"');

    interface Entry {
      readonly name: string;
      readonly version: string;
      readonly direct: boolean;
      readonly line: number;
      /** Dependency names (lower-cased) and the framework they resolve in. */
      readonly deps: readonly string[];
      readonly framework: string;
    }
    const entries: Entry[] = [];
    const projects = new Set<string>();
    // NuGet ids are case-insensitive: resolve by lower-cased name within one framework.
    const resolved = new Map<string, string>();
    for (const { key: framework, value: packages } of doc.entries(frameworks, '"dependencies"')) {
      for (const { key: name, keyNode, value } of doc.entries(packages, `"${framework}"`)) {
        const what = `${framework} > ${name}`;
        doc.object(value, what);
        const type = doc.string(value, 'type', what);
        if (!TYPES.has(type)) doc.fail(value, `${what}: unknown type "${type}"`);
        const depsNode = doc.get(value, 'dependencies');
        const deps =
          depsNode === undefined
            ? []
            : doc.entries(depsNode, `${what} "dependencies"`).map((e) => e.key.toLowerCase());
        if (type === 'Project') {
          projects.add(name);
          continue;
        }
        const version = doc.string(value, 'resolved', what);
        resolved.set(`${framework}\u0000${name.toLowerCase()}`, `${name}@${version}`);
        entries.push({
          name,
          version,
          direct: type === 'Direct',
          line: doc.line(keyNode),
          deps,
          framework,
        });
      }
    }

    const byKey = new Map<string, { node: PackageNode; deps: Set<string> }>();
    for (const e of entries) {
      const key = `${e.name}@${e.version}`;
      const edges = e.deps.flatMap((d) => resolved.get(`${e.framework}\u0000${d}`) ?? []);
      const seen = byKey.get(key);
      if (seen === undefined) {
        byKey.set(key, {
          node: {
            name: e.name,
            version: e.version,
            direct: e.direct,
            dev: false,
            line: e.line,
            dependsOn: [],
          },
          deps: new Set(edges),
        });
      } else {
        for (const k of edges) seen.deps.add(k);
        if (e.direct && !seen.node.direct) seen.node = { ...seen.node, direct: true };
      }
    }
    const notes = ['NuGet has no dev dependencies: every package is listed as runtime.'];
    if (projects.size > 0) {
      notes.push(
        `${projects.size} project reference(s) (${[...projects].slice(0, 5).join(', ')}${projects.size > 5 ? ', …' : ''}) are not listed; the packages they bring in are listed as transitive.`,
      );
    }
    return {
      ecosystem: 'NuGet',
      packages: [...byKey.values()].map(({ node, deps }) => ({ ...node, dependsOn: [...deps] })),
      notes,
    };
  },
};

const TYPES = new Set(['Direct', 'Transitive', 'CentralTransitive', 'Project']);
