import { posix } from 'node:path';
import type { LockfileParser, PackageNode, ParseContext, ParseResult } from '../../types.js';
import { packageKey } from '../../types.js';
import { type PomDependency, type PomModel, readPom } from './pom-model.js';

/**
 * Maven's `pom.xml`: the project's `<dependencies>` named `groupId:artifactId`, with
 * `${property}` references resolved (own `<properties>`, `project.version`,
 * `project.parent.version`, ...), `<dependencyManagement>` versions applied to version-less
 * dependencies, and `test`/`provided` scopes as dev. A parent POM found at its
 * `<relativePath>` (default `../pom.xml`) contributes its properties, managed versions and
 * dependencies. A POM lists only direct dependencies.
 */
export const pomParser: LockfileParser = {
  id: 'maven-pom',
  ecosystem: 'Maven',
  description: 'pom.xml (Maven, direct dependencies only)',
  matches: (path) => posix.basename(path) === 'pom.xml',
  parse: (text, ctx) => parsePom(text, ctx),
};

const MAX_PARENTS = 10;
const DEV_SCOPES = new Set(['test', 'provided']);

async function parsePom(text: string, ctx: ParseContext): Promise<ParseResult> {
  const own = readPom(text, ctx.path);
  const notes = [
    'A pom.xml lists only direct dependencies; transitive ones are not listed. Run `mvn dependency:tree` or use a lockfile for complete results.',
  ];
  const chain = await parents(own, ctx, notes);

  // Properties: the child overrides its parents; project.* from the effective coordinates.
  const properties = new Map<string, string>();
  for (const pom of [...chain].reverse()) for (const [k, v] of pom.properties) properties.set(k, v);
  const version = own.version ?? own.parent?.version;
  const groupId = own.groupId ?? own.parent?.groupId;
  const builtins: Record<string, string | undefined> = {
    'project.version': version,
    'pom.version': version,
    version,
    'project.groupId': groupId,
    'pom.groupId': groupId,
    'project.artifactId': own.artifactId,
    'project.parent.version': own.parent?.version,
    'parent.version': own.parent?.version,
    'project.parent.groupId': own.parent?.groupId,
    'project.parent.artifactId': own.parent?.artifactId,
  };
  for (const [k, v] of Object.entries(builtins)) if (v !== undefined) properties.set(k, v);
  const unresolved = new Set<string>();
  const interpolate = (value: string): string => resolveProperties(value, properties, unresolved);

  const managed = new Map<string, PomDependency>();
  const boms: string[] = [];
  for (const pom of [...chain].reverse()) {
    for (const m of pom.managed) {
      if (m.scope === 'import') {
        boms.push(
          `${interpolate(m.groupId)}:${interpolate(m.artifactId)}:${interpolate(m.version ?? '')}`,
        );
      } else managed.set(`${interpolate(m.groupId)}:${interpolate(m.artifactId)}`, m);
    }
  }

  const inherited = chain.slice(1).flatMap((p) => p.dependencies);
  const byKey = new Map<string, PackageNode>();
  const versionless: string[] = [];
  const ranges: string[] = [];
  for (const dep of [...own.dependencies, ...inherited]) {
    const name = `${interpolate(dep.groupId)}:${interpolate(dep.artifactId)}`;
    const fromManagement = managed.get(name);
    const raw = dep.version ?? fromManagement?.version;
    let resolved = raw === undefined ? '' : interpolate(raw);
    if (raw === undefined) versionless.push(name);
    else if (resolved.includes('${')) resolved = '';
    else if (/^[[(]|^(LATEST|RELEASE)$/.test(resolved)) {
      ranges.push(`${name} ${resolved}`);
      resolved = '';
    }
    const scope = dep.scope ?? fromManagement?.scope ?? 'compile';
    const isOwn = own.dependencies.includes(dep);
    const node: PackageNode = {
      name,
      version: resolved,
      direct: true,
      dev: DEV_SCOPES.has(scope),
      line: isOwn ? dep.line : (own.parent?.line ?? 1),
      dependsOn: [],
    };
    const key = packageKey(name, resolved);
    const seen = byKey.get(key);
    if (seen === undefined) byKey.set(key, node);
    else if (seen.dev === true && node.dev === false) byKey.set(key, { ...seen, dev: false });
  }

  if (inherited.length > 0) {
    notes.push(
      `${inherited.length} dependency(ies) are inherited from parent POMs; their line is that of <parent>.`,
    );
  }
  if (versionless.length > 0) {
    notes.push(
      `${versionless.length} dependency(ies) have no version here (${preview(versionless)}): it is managed by a parent POM or BOM that is not available, so they cannot be matched exactly.`,
    );
  }
  if (unresolved.size > 0) {
    notes.push(
      `Unresolved properties (${[...unresolved].join(', ')}): the versions that use them are left empty.`,
    );
  }
  if (ranges.length > 0) {
    notes.push(`Version ranges cannot be matched exactly: ${preview(ranges)}.`);
  }
  if (boms.length > 0) {
    notes.push(`Managed versions imported from BOMs (${preview(boms)}) are not available.`);
  }
  if (own.profilesWithDependencies.length > 0) {
    notes.push(
      `Dependencies declared in profiles (${own.profilesWithDependencies.join(', ')}) are not listed.`,
    );
  }
  return {
    ecosystem: 'Maven',
    ...(groupId !== undefined && own.artifactId !== undefined
      ? { rootName: `${groupId}:${own.artifactId}` }
      : {}),
    packages: [...byKey.values()],
    notes,
  };
}

/** The POM and the parents found on disk, nearest first. */
async function parents(own: PomModel, ctx: ParseContext, notes: string[]): Promise<PomModel[]> {
  const chain: PomModel[] = [own];
  let current = own;
  let dir = '.';
  const seen = new Set<string>();
  while (current.parent !== undefined && chain.length <= MAX_PARENTS) {
    const { groupId, artifactId, version, relativePath } = current.parent;
    const id = `${groupId}:${artifactId}${version === undefined ? '' : `:${version}`}`;
    const missing = `Parent POM ${id} is not available`;
    if (relativePath === '') {
      notes.push(
        `${missing} (empty <relativePath>: it comes from a repository): its properties, managed versions and dependencies are missing.`,
      );
      break;
    }
    let rel = posix.normalize(posix.join(dir, relativePath ?? '../pom.xml'));
    if (!rel.endsWith('.xml')) rel = posix.join(rel, 'pom.xml');
    if (seen.has(rel)) break;
    seen.add(rel);
    const text = await ctx.readSibling(rel);
    let pom: PomModel | undefined;
    try {
      pom = text === undefined ? undefined : readPom(text, rel);
    } catch {
      notes.push(`${missing}: ${rel} is not a valid POM.`);
      break;
    }
    if (
      pom === undefined ||
      pom.artifactId !== artifactId ||
      (pom.groupId ?? pom.parent?.groupId) !== groupId
    ) {
      notes.push(
        `${missing} (not at ${rel}): its properties, managed versions and dependencies are missing.`,
      );
      break;
    }
    chain.push(pom);
    current = pom;
    dir = posix.dirname(rel);
  }
  return chain;
}

/** Replaces `${name}` references, recursively (bounded), recording the unknown ones. */
function resolveProperties(
  value: string,
  properties: ReadonlyMap<string, string>,
  unresolved: Set<string>,
): string {
  let out = value;
  for (let round = 0; round < 10 && out.includes('${'); round++) {
    const next = out.replace(/\$\{([^}]+)\}/g, (whole, name: string) => {
      const found = properties.get(name);
      if (found === undefined) unresolved.add(name);
      return found ?? whole;
    });
    if (next === out) break;
    out = next;
  }
  return out;
}

function preview(items: readonly string[]): string {
  return items.length <= 5 ? items.join(', ') : `${items.slice(0, 5).join(', ')}, …`;
}
