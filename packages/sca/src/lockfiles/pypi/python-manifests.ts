import type { TomlTable, TomlValue } from 'smol-toml';
import type { PackageNode } from '../../types.js';
import { packageKey } from '../../types.js';
import { isTable, parseToml } from '../support/toml-document.js';
import { isPep508Error, normalizePypiName, parsePep508 } from './pep508.js';

/** Direct dependencies a Python manifest declares, by PEP 503 normalised name. */
export interface DirectNames {
  readonly runtime: ReadonlySet<string>;
  readonly dev: ReadonlySet<string>;
  readonly projectName?: string;
}

/**
 * The direct dependencies of a `pyproject.toml`: Poetry's `[tool.poetry.dependencies]`,
 * `dev-dependencies` and `group.*.dependencies`, PEP 621's `[project]` dependencies and
 * optional dependencies, and PEP 735 `[dependency-groups]` (dev). `undefined` when the text
 * is not valid TOML.
 */
export function directFromPyproject(text: string): DirectNames | undefined {
  const doc = tryToml(text);
  if (doc === undefined) return undefined;
  const runtime = new Set<string>();
  const dev = new Set<string>();
  const tool = table(doc.tool);
  const poetry = table(tool?.poetry);
  const project = table(doc.project);
  addKeys(runtime, table(poetry?.dependencies));
  addKeys(dev, table(poetry?.['dev-dependencies']));
  for (const [group, body] of Object.entries(table(poetry?.group) ?? {})) {
    addKeys(group === 'main' ? runtime : dev, table(table(body)?.dependencies));
  }
  addSpecs(runtime, project?.dependencies);
  for (const list of Object.values(table(project?.['optional-dependencies']) ?? {})) {
    addSpecs(runtime, list);
  }
  for (const list of Object.values(table(doc['dependency-groups']) ?? {})) addSpecs(dev, list);
  runtime.delete('python');
  dev.delete('python');
  const name = project?.name ?? poetry?.name;
  return { runtime, dev, ...(typeof name === 'string' ? { projectName: name } : {}) };
}

/** The `[packages]` and `[dev-packages]` of a `Pipfile`; `undefined` when it is not TOML. */
export function directFromPipfile(text: string): DirectNames | undefined {
  const doc = tryToml(text);
  if (doc === undefined) return undefined;
  const runtime = new Set<string>();
  const dev = new Set<string>();
  addKeys(runtime, table(doc.packages));
  addKeys(dev, table(doc['dev-packages']));
  return { runtime, dev };
}

/**
 * Decides `dev` from the graph when the lockfile does not record it: a package is runtime
 * when some runtime direct dependency reaches it, dev when only dev direct dependencies do.
 * Nodes that already carry `dev` keep it.
 */
export function inferDev(
  nodes: readonly PackageNode[],
  devOnly: ReadonlySet<string>,
): PackageNode[] {
  const byKey = new Map(nodes.map((n) => [packageKey(n.name, n.version), n]));
  const runtime = new Set<string>();
  const queue = nodes
    .filter((n) => n.direct && !devOnly.has(packageKey(n.name, n.version)))
    .map((n) => packageKey(n.name, n.version));
  for (const key of queue) runtime.add(key);
  for (let i = 0; i < queue.length; i++) {
    for (const next of byKey.get(queue[i] as string)?.dependsOn ?? []) {
      if (!runtime.has(next)) {
        runtime.add(next);
        queue.push(next);
      }
    }
  }
  const anyDirect = nodes.some((n) => n.direct);
  return nodes.map((n) =>
    n.dev !== undefined || !anyDirect
      ? n
      : { ...n, dev: !runtime.has(packageKey(n.name, n.version)) },
  );
}

function tryToml(text: string): TomlTable | undefined {
  try {
    return parseToml(text, 'manifest');
  } catch {
    return undefined;
  }
}

function table(value: TomlValue | undefined): TomlTable | undefined {
  return isTable(value) ? value : undefined;
}

function addKeys(into: Set<string>, from: TomlTable | undefined): void {
  for (const key of Object.keys(from ?? {})) into.add(normalizePypiName(key));
}

function addSpecs(into: Set<string>, list: TomlValue | undefined): void {
  if (!Array.isArray(list)) return;
  for (const item of list) {
    if (typeof item !== 'string') continue; // PEP 735 `{ include-group = ... }`
    const req = parsePep508(item.trim());
    if (!isPep508Error(req)) into.add(normalizePypiName(req.name));
  }
}
