import type { VersionScheme } from '../types.js';
import type { OsvAffected, OsvRange } from './osv-types.js';

/** A boundary event of a range, in the form the walk needs. */
interface Boundary {
  readonly kind: 'introduced' | 'fixed' | 'last_affected';
  readonly version: string;
  /** `introduced: "0"`: before every version. */
  readonly zero: boolean;
}

/** A range prepared for one scheme: boundaries sorted, limits collected. */
interface PreparedRange {
  readonly boundaries: readonly Boundary[];
  /** `limit` versions; empty with `unlimited` false when the range has no (usable) limit. */
  readonly limits: readonly string[];
  /** A `limit: "*"` (or any limit containing `*`) is present. */
  readonly unlimited: boolean;
}

/** A `versions` list prepared for one scheme. */
interface PreparedVersions {
  /** Canonical forms of the listed versions the scheme orders (schemes that name them). */
  readonly canonical: ReadonlySet<string> | undefined;
  /** Otherwise the listed versions the scheme orders, sorted: found by binary search. */
  readonly sorted: readonly string[];
  /** Listed strings the scheme cannot order, compared one by one. */
  readonly unordered: readonly string[];
}

/** An `affected[]` entry prepared for one scheme; the costlier parts on first use. */
interface PreparedAffected {
  readonly affected: OsvAffected;
  /** Its SEMVER and ECOSYSTEM ranges. */
  readonly ranges: readonly PreparedRange[];
  /** Its `versions` list (`null`: none); only needed when no range matches. */
  versions?: PreparedVersions | null;
  /** Its `fixed` versions that the scheme can order; only needed for a fix. */
  fixed?: readonly string[];
}

/** A scheme that names canonical forms, as every scheme built by `defineScheme` does. */
type CanonicalScheme = VersionScheme & Required<Pick<VersionScheme, 'canonical'>>;

function hasCanonical(scheme: VersionScheme): scheme is CanonicalScheme {
  return typeof scheme.canonical === 'function';
}

// Records are read once and matched against many versions: each entry's ranges are sorted
// and its `versions` list (PyPI lists hundreds) indexed once per scheme.
const prepared = new Map<VersionScheme, WeakMap<OsvAffected, PreparedAffected>>();

function prepareVersions(versions: readonly string[], scheme: VersionScheme): PreparedVersions {
  const unordered: string[] = [];
  if (hasCanonical(scheme)) {
    const canonical = new Set<string>();
    for (const v of versions) {
      const c = scheme.canonical(v);
      if (c === undefined) unordered.push(v);
      else canonical.add(c);
    }
    return { canonical, sorted: [], unordered };
  }
  const ordered: string[] = [];
  for (const v of versions) (scheme.isValid(v) ? ordered : unordered).push(v);
  ordered.sort((a, b) => scheme.compare(a, b));
  return { canonical: undefined, sorted: ordered, unordered };
}

/** Whether the list holds `version`: the same string, or a version the scheme calls equal. */
function listed(version: string, list: PreparedVersions, scheme: VersionScheme): boolean {
  if (!scheme.isValid(version)) {
    return list.unordered.some((v) => v === version || scheme.compare(v, version) === 0);
  }
  if (list.canonical !== undefined && hasCanonical(scheme)) {
    const c = scheme.canonical(version);
    return c !== undefined && list.canonical.has(c);
  }
  let lo = 0;
  let hi = list.sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = scheme.compare(list.sorted[mid] as string, version);
    if (c === 0) return true;
    if (c < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

function prepareRange(range: OsvRange, scheme: VersionScheme): PreparedRange {
  const boundaries: Boundary[] = [];
  const limits: string[] = [];
  let unlimited = false;
  for (const event of range.events) {
    // The fields in the order the OSV evaluation pseudocode tests them.
    const { introduced, fixed, last_affected: lastAffected, limit } = event;
    if (introduced !== undefined) {
      if (introduced === '0') boundaries.push({ kind: 'introduced', version: '0', zero: true });
      else if (scheme.isValid(introduced))
        boundaries.push({ kind: 'introduced', version: introduced, zero: false });
    } else if (fixed !== undefined) {
      if (scheme.isValid(fixed)) boundaries.push({ kind: 'fixed', version: fixed, zero: false });
    } else if (lastAffected !== undefined) {
      if (scheme.isValid(lastAffected)) {
        boundaries.push({ kind: 'last_affected', version: lastAffected, zero: false });
      }
    } else if (limit !== undefined) {
      if (limit.includes('*')) unlimited = true;
      else if (scheme.isValid(limit)) limits.push(limit);
    }
    // A boundary this scheme cannot order says nothing about where versions fall: skipped.
  }
  // Array.prototype.sort is stable: events at equal versions keep the record's order.
  boundaries.sort((a, b) => {
    if (a.zero || b.zero) return Number(b.zero) - Number(a.zero);
    return scheme.compare(a.version, b.version);
  });
  return { boundaries, limits, unlimited };
}

function prepare(affected: OsvAffected, scheme: VersionScheme): PreparedAffected {
  let byEntry = prepared.get(scheme);
  if (byEntry === undefined) {
    byEntry = new WeakMap();
    prepared.set(scheme, byEntry);
  }
  let entry = byEntry.get(affected);
  if (entry === undefined) {
    const ranges = (affected.ranges ?? []).filter(
      (r) => r.type === 'SEMVER' || r.type === 'ECOSYSTEM',
    );
    entry = { affected, ranges: ranges.map((r) => prepareRange(r, scheme)) };
    byEntry.set(affected, entry);
  }
  return entry;
}

/** OSV's `BeforeLimits`: no limit means an implicit `"*"`. */
function beforeLimits(version: string, range: PreparedRange, scheme: VersionScheme): boolean {
  if (range.unlimited || range.limits.length === 0) return true;
  return range.limits.some((limit) => scheme.compare(version, limit) < 0);
}

/** Whether one SEMVER or ECOSYSTEM range includes `version` (which must be valid). */
function rangeIncludes(version: string, range: PreparedRange, scheme: VersionScheme): boolean {
  if (!beforeLimits(version, range, scheme)) return false;
  let vulnerable = false;
  for (const event of range.boundaries) {
    if (event.zero) {
      vulnerable = true;
      continue;
    }
    const c = scheme.compare(version, event.version);
    // Boundaries are sorted: once one lies above the version, none after it can fire.
    if (c < 0) break;
    if (event.kind === 'introduced') vulnerable = true;
    else if (event.kind === 'fixed') vulnerable = false;
    else if (c > 0) vulnerable = false; // last_affected: the version itself is still affected
  }
  return vulnerable;
}

function affects(version: string, entry: PreparedAffected, scheme: VersionScheme): boolean {
  if (scheme.isValid(version)) {
    for (const range of entry.ranges) if (rangeIncludes(version, range, scheme)) return true;
  }
  if (entry.versions === undefined) {
    const versions = entry.affected.versions;
    entry.versions =
      versions === undefined || versions.length === 0 ? null : prepareVersions(versions, scheme);
  }
  return entry.versions !== null && listed(version, entry.versions, scheme);
}

/**
 * Whether `version` is affected by one `affected[]` entry, per the OSV evaluation algorithm
 * (https://ossf.github.io/osv-schema/#evaluation): it is in the `versions` list (equal as
 * the scheme orders versions, so `1.0` matches `1.0.0` in PyPI), or some SEMVER/ECOSYSTEM
 * range includes it. A range's events are sorted by version (`introduced: "0"` first, ties
 * in record order) and walked: `introduced` opens, `fixed` closes (the fixed version is not
 * affected), `last_affected` closes after itself; the range only counts below one of its
 * `limit`s, if it has any. GIT ranges are skipped (commits cannot be ordered without the
 * repository). A version the scheme cannot order only matches the `versions` list, and
 * events whose versions it cannot order are ignored.
 *
 * @example isAffected('1.0.1', { ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.0.2' }] }] }, semverScheme) // true
 */
export function isAffected(version: string, affected: OsvAffected, scheme: VersionScheme): boolean {
  return affects(version, prepare(affected, scheme), scheme);
}

/** The `fixed` versions of an entry's SEMVER and ECOSYSTEM ranges, first appearance first, without repeats. */
export function fixedVersions(affected: OsvAffected): string[] {
  const out = new Set<string>();
  for (const range of affected.ranges ?? []) {
    if (range.type === 'GIT') continue;
    for (const event of range.events) {
      if (event.fixed !== undefined && event.introduced === undefined) out.add(event.fixed);
    }
  }
  return [...out];
}

/**
 * The smallest `fixed` version above `version` that none of `affectedList` affects: the
 * version to upgrade to. When the first fix of one range lies inside another range (or
 * another record's range) the next candidate is tried. `undefined` when there is none,
 * e.g. when a range ends with `last_affected` (the next good version is not known).
 *
 * @example smallestFix('1.2.0', entries, pep440Scheme) // '1.2.5'
 */
export function smallestFix(
  version: string,
  affectedList: readonly OsvAffected[],
  scheme: VersionScheme,
): string | undefined {
  const entries = affectedList.map((a) => prepare(a, scheme));
  const candidates: string[] = [];
  for (const entry of entries) {
    entry.fixed ??= fixedVersions(entry.affected).filter((v) => scheme.isValid(v));
    for (const fixed of entry.fixed) if (scheme.compare(fixed, version) > 0) candidates.push(fixed);
  }
  candidates.sort((a, b) => scheme.compare(a, b));
  let previous: string | undefined;
  for (const c of candidates) {
    if (c === previous) continue;
    previous = c;
    if (!entries.some((entry) => affects(c, entry, scheme))) return c;
  }
  return undefined;
}
