import { type Dependency, type Ecosystem, type PackageNode, packageKey } from '../types.js';
import { purlFor } from './purl.js';

/**
 * Turns one parse result's nodes into dependencies: a purl each, the shortest path from a
 * direct dependency (breadth-first, so the path shown is the most direct one), and `dev`
 * decided by the graph where the lockfile does not say (reachable only through dev-only
 * direct dependencies). Nodes with the same key are merged (first line wins).
 */
export function buildDependencies(
  ecosystem: Ecosystem,
  manifestPath: string,
  nodes: readonly PackageNode[],
): Dependency[] {
  const byKey = new Map<string, PackageNode>();
  for (const node of nodes) {
    const key = packageKey(node.name, node.version);
    const seen = byKey.get(key);
    if (seen === undefined) byKey.set(key, node);
    else if (node.direct && !seen.direct) byKey.set(key, { ...seen, direct: true });
  }

  const path = new Map<string, string[]>();
  const queue: string[] = [];
  for (const [key, node] of byKey) {
    if (node.direct) {
      path.set(key, [key]);
      queue.push(key);
    }
  }
  // Reachability from runtime (non-dev) direct dependencies decides `dev` when unknown.
  const runtime = new Set<string>();
  const runtimeQueue = [...byKey].filter(([, n]) => n.direct && n.dev !== true).map(([k]) => k);
  for (const key of runtimeQueue) runtime.add(key);
  for (let i = 0; i < runtimeQueue.length; i++) {
    for (const next of byKey.get(runtimeQueue[i] as string)?.dependsOn ?? []) {
      if (byKey.has(next) && !runtime.has(next)) {
        runtime.add(next);
        runtimeQueue.push(next);
      }
    }
  }
  for (let i = 0; i < queue.length; i++) {
    const key = queue[i] as string;
    const here = path.get(key) as string[];
    for (const next of byKey.get(key)?.dependsOn ?? []) {
      if (byKey.has(next) && !path.has(next)) {
        path.set(next, [...here, next]);
        queue.push(next);
      }
    }
  }
  const anyDirect = queue.length > 0;

  const out: Dependency[] = [];
  for (const [key, node] of byKey) {
    const dev = node.dev ?? (anyDirect ? !runtime.has(key) : false);
    out.push({
      ecosystem: node.ecosystem ?? ecosystem,
      name: node.name,
      version: node.version,
      purl: purlFor(node.ecosystem ?? ecosystem, node.name, node.version, node.purlNamespace),
      direct: node.direct,
      dev,
      manifestPath,
      ...(node.line === undefined ? {} : { line: node.line }),
      path: path.get(key) ?? [key],
      ...(node.license === undefined ? {} : { license: node.license }),
      dependsOn: node.dependsOn.filter((k) => byKey.has(k)),
      ...(node.source === undefined ? {} : { source: node.source }),
    });
  }
  return out;
}
