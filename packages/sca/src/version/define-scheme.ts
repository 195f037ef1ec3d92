import type { VersionScheme } from '../types.js';

/** How many parsed versions each scheme keeps; beyond that the oldest entries are dropped. */
export const DEFAULT_CACHE_LIMIT = 20_000;

/** What one ecosystem's ordering has to say; {@link defineScheme} adds caching and the rules for invalid input. */
export interface SchemeDefinition<P> {
  /** e.g. `semver`, `pep440`. */
  readonly id: string;
  /** The parsed form of `version`, or `undefined` when it is not a version of this scheme. Must not throw. */
  parse(version: string): P | undefined;
  /** Orders two parsed versions: negative, 0 or positive. */
  compareParsed(a: P, b: P): number;
  /**
   * The canonical form of a parsed version: equal for two versions exactly when
   * `compareParsed` says they are equal (`1.0` and `1.0.0` in PyPI share one).
   */
  canonical(parsed: P): string;
  /**
   * Whether a version that parses lies in the part of the scheme that is a total order. Only
   * Maven needs it (its own comparison is not transitive on some degenerate strings, which
   * still compare as Maven would but are not reported valid). Defaults to "every parsed
   * version".
   */
  wellFormed?(parsed: P): boolean;
  /** Cache bound, {@link DEFAULT_CACHE_LIMIT} by default. */
  readonly cacheLimit?: number;
}

/**
 * A {@link VersionScheme} built by {@link defineScheme}: it can also name each valid
 * version's canonical form, which lets a list of versions be searched by a set lookup.
 */
export interface CachedVersionScheme extends VersionScheme {
  /**
   * The canonical form of a valid version (`undefined` for an invalid one): two valid
   * versions have the same canonical form exactly when `compare` calls them equal.
   *
   * @example pep440Scheme.canonical('1.0.0RC1') // '0!1rc1'
   */
  canonical(version: string): string | undefined;
  /** Number of versions currently parsed and cached (for tests). */
  cacheSize(): number;
}

/** A cached parse: the parsed version, whether it is valid, its canonical form once asked. */
interface Entry<P> {
  readonly parsed: P;
  readonly valid: boolean;
  canonical: string | undefined;
}

/**
 * Builds a {@link VersionScheme} from a parser and a comparison of parsed versions. Parsed
 * versions are cached in a bounded map (matching many dependencies against many advisories
 * compares the same strings over and over). Versions that do not parse sort before every
 * version that does, and among themselves by their UTF-16 code units, so `compare` is a
 * total order on every string and never throws.
 */
export function defineScheme<P>(definition: SchemeDefinition<P>): CachedVersionScheme {
  const limit = definition.cacheLimit ?? DEFAULT_CACHE_LIMIT;
  // `null`: the string does not parse.
  const cache = new Map<string, Entry<P> | null>();

  const lookup = (version: string): Entry<P> | null => {
    const hit = cache.get(version);
    if (hit !== undefined) return hit;
    let entry: Entry<P> | null = null;
    try {
      const parsed = definition.parse(version);
      if (parsed !== undefined) {
        const valid = definition.wellFormed === undefined || definition.wellFormed(parsed);
        entry = { parsed, valid, canonical: undefined };
      }
    } catch {
      // A parser bug must not take a scan down; the version is then simply not one we order.
      entry = null;
    }
    if (cache.size >= limit) {
      // Maps iterate in insertion order: drop the oldest entry.
      const oldest = cache.keys().next();
      if (oldest.done !== true) cache.delete(oldest.value);
    }
    cache.set(version, entry);
    return entry;
  };

  return {
    id: definition.id,
    isValid(version: string): boolean {
      return typeof version === 'string' && lookup(version)?.valid === true;
    },
    compare(a: string, b: string): number {
      if (a === b) return 0;
      const pa = lookup(a);
      const pb = lookup(b);
      if (pa !== null && pb !== null)
        return Math.sign(definition.compareParsed(pa.parsed, pb.parsed));
      if (pa === null && pb === null) return a < b ? -1 : 1;
      return pa === null ? -1 : 1;
    },
    canonical(version: string): string | undefined {
      const entry = lookup(version);
      if (entry === null || !entry.valid) return undefined;
      entry.canonical ??= definition.canonical(entry.parsed);
      return entry.canonical;
    },
    cacheSize: () => cache.size,
  };
}

/**
 * Compares two runs of ASCII digits as non-negative integers of any size (leading zeros
 * allowed), without converting them to numbers that could lose precision.
 */
export function compareDigits(a: string, b: string): number {
  const x = stripZeros(a);
  const y = stripZeros(b);
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  if (x === y) return 0;
  return x < y ? -1 : 1;
}

/** `digits` without leading zeros (`"0"` for zero). */
export function stripZeros(digits: string): string {
  let i = 0;
  while (i < digits.length - 1 && digits.charCodeAt(i) === 48) i++;
  return i === 0 ? digits : digits.slice(i);
}

/** Orders two strings by UTF-16 code units, as Java's `String.compareTo` and Ruby's `<=>` on ASCII do. */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
