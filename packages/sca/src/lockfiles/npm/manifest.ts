import type { ParseContext } from '../../types.js';
import { isRecord } from './shape.js';

/** The parts of a `package.json` the lockfile parsers use. */
export interface Manifest {
  readonly name?: string;
  /** `dependencies`, `optionalDependencies` and `peerDependencies`: name → spec. */
  readonly prod: ReadonlyMap<string, string>;
  /** `devDependencies`: name → spec. */
  readonly dev: ReadonlyMap<string, string>;
  /** Whether it declares `workspaces`. */
  readonly workspaces: boolean;
}

/** What reading a manifest gave: the manifest, or a reason it could not be used. */
export type ManifestRead =
  | { readonly manifest: Manifest }
  | { readonly missing: true }
  | { readonly invalid: string };

function specs(value: unknown, into: Map<string, string>): void {
  if (!isRecord(value)) return;
  for (const [name, spec] of Object.entries(value)) {
    if (typeof spec === 'string') into.set(name, spec);
  }
}

/**
 * Reads the `package.json` at `relative` (to the lockfile's folder). Never throws: a missing
 * or broken manifest only makes the lockfile's picture less complete.
 */
export async function readManifest(ctx: ParseContext, relative: string): Promise<ManifestRead> {
  let text: string | undefined;
  try {
    text = await ctx.readSibling(relative);
  } catch (cause) {
    return { invalid: cause instanceof Error ? cause.message : String(cause) };
  }
  if (text === undefined) return { missing: true };
  let data: unknown;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (cause) {
    return { invalid: cause instanceof Error ? cause.message : 'not JSON' };
  }
  if (!isRecord(data)) return { invalid: 'not a JSON object' };
  const prod = new Map<string, string>();
  const dev = new Map<string, string>();
  specs(data.peerDependencies, prod);
  specs(data.optionalDependencies, prod);
  specs(data.dependencies, prod);
  specs(data.devDependencies, dev);
  const name = typeof data.name === 'string' ? data.name : undefined;
  const workspaces = data.workspaces !== undefined && data.workspaces !== null;
  return { manifest: { ...(name === undefined ? {} : { name }), prod, dev, workspaces } };
}
