import { arr, isRecord, type Json, str } from './sarif-json.js';
import { SARIF_SRCROOT } from './sarif-types.js';
import { directoryUri, uriReferenceToPath } from './sarif-uri.js';

/** What one run gives every result of it. */
export interface RunContext {
  readonly run: Json;
  readonly toolName: string;
  readonly toolVersion: string;
  readonly roots: readonly string[];
  /** How many identical code matches were seen so far, for the occurrence index. */
  readonly occurrences: Map<string, number>;
  /** Fingerprints derived from another tool's fingerprints, to keep them distinct. */
  readonly derived: Map<string, number>;
  /** Rules of the driver and its extensions by id, the first of an id winning. */
  readonly rulesById: ReadonlyMap<string, Json>;
}

/** The context of one run: its tool, its roots and the rules by id. */
export function createRunContext(run: Json, rootUri: string | undefined): RunContext {
  const driver = (run.tool as Json).driver as Json;
  const baseIds = isRecord(run.originalUriBaseIds) ? run.originalUriBaseIds : {};
  const srcRoot = isRecord(baseIds[SARIF_SRCROOT]) ? str(baseIds[SARIF_SRCROOT].uri) : undefined;
  return {
    run,
    toolName: driver.name as string,
    toolVersion: str(driver.semanticVersion) ?? str(driver.version) ?? '',
    roots: [
      ...(rootUri === undefined ? [] : [directoryUri(rootUri)]),
      ...(srcRoot !== undefined && /^file:/i.test(srcRoot) ? [directoryUri(srcRoot)] : []),
    ],
    occurrences: new Map(),
    derived: new Map(),
    rulesById: rulesById(run),
  };
}

function rulesById(run: Json): Map<string, Json> {
  const tool = run.tool as Json;
  const byId = new Map<string, Json>();
  for (const component of [tool.driver, ...arr(tool.extensions)]) {
    if (!isRecord(component)) continue;
    for (const rule of arr(component.rules)) {
      if (isRecord(rule) && typeof rule.id === 'string' && !byId.has(rule.id))
        byId.set(rule.id, rule);
    }
  }
  return byId;
}

/**
 * A path relative to the scan root when it can be: relative URIs are decoded (and prefixed
 * by a relative base), file URIs under the root lose it, others become absolute paths.
 */
export function resolvePath(
  uri: string,
  uriBaseId: string | undefined,
  context: RunContext,
): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(uri)) {
    for (const root of context.roots) {
      if (uri.startsWith(root)) return uriReferenceToPath(uri.slice(root.length));
    }
    if (/^file:/i.test(uri)) {
      try {
        return uriReferenceToPath(new URL(uri).pathname);
      } catch {
        return uri;
      }
    }
    return uri;
  }
  const bases = isRecord(context.run.originalUriBaseIds) ? context.run.originalUriBaseIds : {};
  const base = uriBaseId === undefined ? undefined : bases[uriBaseId];
  const baseUri = isRecord(base) ? str(base.uri) : undefined;
  const prefix =
    baseUri !== undefined && !/^[a-z][a-z0-9+.-]*:/i.test(baseUri) && !baseUri.startsWith('/')
      ? baseUri.replace(/\/?$/, '/')
      : '';
  return uriReferenceToPath(`${prefix}${uri}`);
}
