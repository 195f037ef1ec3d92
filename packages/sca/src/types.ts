/**
 * The shared shapes of dependency analysis. A lockfile parser turns one file into
 * {@link PackageNode}s; {@link buildDependencies} turns those into {@link Dependency}s with
 * purls and the path that brings each one in.
 */

/** OSV's ecosystem names, spelled as OSV spells them. */
export const ECOSYSTEMS = [
  'npm',
  'PyPI',
  'Go',
  'crates.io',
  'RubyGems',
  'Packagist',
  'Maven',
  'NuGet',
] as const;

/** One of {@link ECOSYSTEMS}. */
export type Ecosystem = (typeof ECOSYSTEMS)[number];

/** True when `value` is one of {@link ECOSYSTEMS}. */
export function isEcosystem(value: string): value is Ecosystem {
  return (ECOSYSTEMS as readonly string[]).includes(value);
}

/**
 * One resolved package as a lockfile lists it. Keys (`name@version`, see {@link packageKey})
 * identify nodes inside one parse result.
 */
export interface PackageNode {
  /** Only for inputs that span ecosystems (an SBOM): this node's ecosystem. */
  readonly ecosystem?: Ecosystem;
  readonly name: string;
  readonly version: string;
  /** Declared directly by the project (the manifest lists it), not only pulled in. */
  readonly direct: boolean;
  /**
   * Only needed for development (npm `dev`, poetry's non-main groups, bundler's
   * development group). Left out when the lockfile does not say: the graph decides then
   * (a package reachable only from dev-only direct dependencies is dev-only).
   */
  readonly dev?: boolean;
  /** The 1-based line of the lockfile that declares this package, when known. */
  readonly line?: number;
  /** Keys ({@link packageKey}) of the packages this one depends on, resolved. */
  readonly dependsOn: readonly string[];
  /** The licence as declared (an SPDX expression or a free-form name), when the file has it. */
  readonly license?: string;
  /** Where the package came from when it is not the ecosystem's registry (git, path, url). */
  readonly source?: 'registry' | 'git' | 'path' | 'url';
  /** Extra purl qualifiers or a purl namespace override, e.g. Maven's group id split. */
  readonly purlNamespace?: string;
}

/** What one parser returns for one file. */
export interface ParseResult {
  readonly ecosystem: Ecosystem;
  /** The project's own name when the file says it (root of every dependency path). */
  readonly rootName?: string;
  readonly packages: readonly PackageNode[];
  /** Honest notes on what this file cannot tell (e.g. a pom lists no transitive dependencies). */
  readonly notes?: readonly string[];
  /**
   * The project's own packages (workspaces), which are not dependencies but are parts of
   * what ships: an SBOM lists them as components. `path` is their folder in the lockfile.
   */
  readonly workspaces?: readonly WorkspacePackage[];
}

/** A package of the project itself (an npm workspace). */
export interface WorkspacePackage {
  readonly name: string;
  readonly version: string;
  readonly path: string;
}

/** A parser for one lockfile or manifest format. */
export interface LockfileParser {
  /** Stable id, e.g. `npm-package-lock`. */
  readonly id: string;
  readonly ecosystem: Ecosystem;
  /** Human name shown in docs and errors, e.g. `package-lock.json (v1–v3)`. */
  readonly description: string;
  /** Whether the file at this posix path (relative to the scan root) is in this format. */
  matches(path: string): boolean;
  /**
   * Parses the file. Throws `ParseError` (from `@rampart/core`) naming `path` and the line
   * when the file is malformed. `readSibling` reads another file relative to this one
   * (`-r` includes, `go.sum` next to `go.mod`, `package.json` next to a lockfile); it
   * returns `undefined` when the file does not exist.
   */
  parse(text: string, ctx: ParseContext): ParseResult | Promise<ParseResult>;
}

/** What a parser may use besides the file's text. */
export interface ParseContext {
  /** The file's posix path relative to the scan root. */
  readonly path: string;
  /** Reads a file relative to the directory of `path`; `undefined` when missing. */
  readSibling(relative: string): Promise<string | undefined>;
}

/** A dependency as the scanner, the SBOM and the matcher see it. */
export interface Dependency {
  readonly ecosystem: Ecosystem;
  readonly name: string;
  readonly version: string;
  readonly purl: string;
  readonly direct: boolean;
  readonly dev: boolean;
  /** The lockfile or manifest, posix path relative to the scan root. */
  readonly manifestPath: string;
  readonly line?: number;
  /** `name@version` from a direct dependency down to this one (root excluded). */
  readonly path: readonly string[];
  readonly license?: string;
  readonly dependsOn: readonly string[];
  readonly source?: 'registry' | 'git' | 'path' | 'url';
}

/** The key of a package inside one parse result. */
export function packageKey(name: string, version: string): string {
  return `${name}@${version}`;
}

/** A version ordering for one ecosystem, as OSV's ECOSYSTEM ranges use it. */
export interface VersionScheme {
  /** e.g. `semver`, `pep440`, `maven`. */
  readonly id: string;
  /** Whether `version` is a version this scheme can order. */
  isValid(version: string): boolean;
  /**
   * Negative when a < b, 0 when equal, positive when a > b. Must be a total order on valid
   * versions. Invalid versions are ordered deterministically, never thrown on.
   */
  compare(a: string, b: string): number;
  /**
   * The canonical form of a valid version (`undefined` for an invalid one): equal exactly
   * when `compare` says equal. Optional; lets long `versions` lists be a set lookup.
   */
  canonical?(version: string): string | undefined;
}
