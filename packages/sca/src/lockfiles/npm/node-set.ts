import { type PackageNode, packageKey } from '../../types.js';

/** What a parser knows about one place a package is installed. */
export interface NodeInput {
  readonly name: string;
  readonly version: string;
  readonly line?: number | undefined;
  /** `undefined` when the lockfile does not say. */
  readonly dev?: boolean | undefined;
  readonly license?: string | undefined;
  readonly source?: PackageNode['source'] | undefined;
}

interface Draft {
  readonly name: string;
  readonly version: string;
  line: number | undefined;
  dev: boolean | undefined;
  license: string | undefined;
  source: PackageNode['source'] | undefined;
  readonly dependsOn: Set<string>;
  directProd: boolean;
  directDev: boolean;
}

/** Two occurrences' dev flags: prod anywhere wins, dev only when both say so. */
function mergeDev(a: boolean | undefined, b: boolean | undefined): boolean | undefined {
  if (a === false || b === false) return false;
  return a === true && b === true ? true : undefined;
}

/**
 * Collects the packages of one lockfile by {@link packageKey}. A package installed in
 * several places (npm nests copies, pnpm has one snapshot per peer set) becomes one node:
 * the union of its dependencies, the smallest line, and dev only when every copy is dev.
 * @example const set = new NodeSet(); const k = set.add({ name: 'a', version: '1.0.0' }); set.markDirect(k, false);
 */
export class NodeSet {
  private readonly drafts = new Map<string, Draft>();

  /** Adds one occurrence and returns its key. */
  add(input: NodeInput): string {
    const key = packageKey(input.name, input.version);
    const seen = this.drafts.get(key);
    if (seen === undefined) {
      this.drafts.set(key, {
        name: input.name,
        version: input.version,
        line: input.line,
        dev: input.dev,
        license: input.license,
        source: input.source,
        dependsOn: new Set(),
        directProd: false,
        directDev: false,
      });
      return key;
    }
    seen.dev = mergeDev(seen.dev, input.dev);
    if (input.line !== undefined && (seen.line === undefined || input.line < seen.line)) {
      seen.line = input.line;
    }
    seen.license ??= input.license;
    seen.source ??= input.source;
    return key;
  }

  /** Whether a package with this key was added. */
  has(key: string): boolean {
    return this.drafts.has(key);
  }

  /** Records that `from` depends on `to` (both keys of added packages; self-edges dropped). */
  link(from: string, to: string): void {
    if (from !== to) this.drafts.get(from)?.dependsOn.add(to);
  }

  /**
   * Records that the project declares `key` itself; `asDev` when the declaration is a dev
   * one. A package declared only as dev is dev unless the lockfile says otherwise.
   */
  markDirect(key: string, asDev: boolean): void {
    const draft = this.drafts.get(key);
    if (draft === undefined) return;
    if (asDev) draft.directDev = true;
    else draft.directProd = true;
  }

  /** The number of distinct packages. */
  get size(): number {
    return this.drafts.size;
  }

  /** The collected packages, in the order first added. */
  nodes(): PackageNode[] {
    const out: PackageNode[] = [];
    for (const d of this.drafts.values()) {
      const direct = d.directProd || d.directDev;
      const dev = d.dev ?? (direct ? !d.directProd : undefined);
      out.push({
        name: d.name,
        version: d.version,
        direct,
        ...(dev === undefined ? {} : { dev }),
        ...(d.line === undefined ? {} : { line: d.line }),
        dependsOn: [...d.dependsOn],
        ...(d.license === undefined ? {} : { license: d.license }),
        ...(d.source === undefined ? {} : { source: d.source }),
      });
    }
    return out;
  }
}
