import type { VersionScheme } from '@rampart/sca/dependencies';

/** One comparison of a range: `>=1.2.0`, `<2`, `=1.0.0`, `!=1.3.1`. */
interface Comparator {
  readonly op: '<' | '<=' | '>' | '>=' | '=' | '!=';
  readonly version: string;
}

/**
 * A version range as a paved-road policy writes it, the same in every ecosystem: `*` (any),
 * comparators that must all hold (`>=1.2.0 <2`, commas allowed between them), and
 * alternatives separated by `||`. A bare version means exactly that version. Versions are
 * ordered by the ecosystem's own scheme (semver, PEP 440, Maven…).
 */
export interface VersionRange {
  readonly text: string;
  readonly alternatives: readonly (readonly Comparator[])[];
}

const COMPARATOR = /^(<=|>=|!=|==|<|>|=)?\s*([^\s<>=!,|]+)$/;

/** Parses a range; throws an Error whose message says what is wrong (no file position). */
export function parseVersionRange(text: string): VersionRange {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed === '*') return { text: trimmed || '*', alternatives: [[]] };
  const alternatives = trimmed.split('||').map((alternative) => {
    const tokens = alternative
      .trim()
      // `>= 1.2` is one comparator: glue an operator to the version after it.
      .replace(/(<=|>=|!=|==|<|>|=)\s+/g, '$1')
      .split(/[\s,]+/)
      .filter((t) => t !== '');
    if (tokens.length === 0) {
      // One line, even when the range spans several (a YAML block scalar).
      throw new Error(`"${trimmed.replace(/\s+/g, ' ')}" has an empty alternative around ||`);
    }
    return tokens.map((token): Comparator => {
      if (/^[\^~]/.test(token)) {
        throw new Error(
          `"${token}": ^, ~ and ~= are shorthands; write the bounds, e.g. ">=1.2.0 <2.0.0"`,
        );
      }
      const m = COMPARATOR.exec(token);
      // A wildcard is a whole component (1.x, 1.2.*), not a pre-release ending in x (2.0.0-hotfix).
      if (!m?.[2] || /^v?\d+(?:\.(?:\d+|[*xX]))*\.[*xX]$/.test(m[2])) {
        throw new Error(
          `"${token}" is not a comparison; use <, <=, >, >=, =, != and a version, e.g. ">=1.2.0 <2"`,
        );
      }
      const op = (m[1] === '==' ? '=' : (m[1] ?? '=')) as Comparator['op'];
      return { op, version: m[2] };
    });
  });
  return { text: trimmed, alternatives };
}

/**
 * The range with semver's partial versions completed as npm reads them: `<6` is `<6.0.0`,
 * `>=1.2` is `>=1.2.0`, a bare `6` (or `=6`) is every 6.x (`>=6.0.0 <7.0.0`), `>6` is
 * `>=7.0.0`, `<=6` is `<7.0.0`, and `!=6` is every version but a 6.x (`<6.0.0 || >=7.0.0`,
 * which splits its alternative in two). Other schemes order partial versions themselves.
 */
export function completeVersions(range: VersionRange, scheme: VersionScheme): VersionRange {
  if (scheme.id !== 'semver') return range;
  /** The comparator as alternatives of comparators that must all hold. */
  const complete = (c: Comparator): Comparator[][] => {
    const m = /^(\d+)(?:\.(\d+))?$/.exec(c.version);
    if (!m) return [[c]];
    const [major, minor] = [Number(m[1]), m[2] === undefined ? undefined : Number(m[2])];
    const low = `${major}.${minor ?? 0}.0`;
    const high = minor === undefined ? `${major + 1}.0.0` : `${major}.${minor + 1}.0`;
    switch (c.op) {
      case '<':
      case '>=':
        return [[{ op: c.op, version: low }]];
      case '>':
        return [[{ op: '>=', version: high }]];
      case '<=':
        return [[{ op: '<', version: high }]];
      case '=':
        return [
          [
            { op: '>=', version: low },
            { op: '<', version: high },
          ],
        ];
      default:
        return [[{ op: '<', version: low }], [{ op: '>=', version: high }]];
    }
  };
  return {
    text: range.text,
    alternatives: range.alternatives.flatMap((a) =>
      a.reduce<Comparator[][]>(
        (conjunctions, c) =>
          conjunctions.flatMap((prefix) => complete(c).map((more) => [...prefix, ...more])),
        [[]],
      ),
    ),
  };
}

/** The versions a range names that the scheme cannot order (to reject a policy early). */
export function invalidVersions(range: VersionRange, scheme: VersionScheme): string[] {
  return range.alternatives.flatMap((a) =>
    a.flatMap((c) => (scheme.isValid(c.version) ? [] : [c.version])),
  );
}

/**
 * The release a pre-release leads to (`2.0.0` for `2.0.0-rc.1`, `6.0` for PEP 440's
 * `6.0rc1`), for the schemes whose ranges treat pre-releases specially; else undefined.
 */
function preReleaseOf(version: string, scheme: VersionScheme): string | undefined {
  if (scheme.id === 'semver') return /^v?(\d+\.\d+\.\d+)-/.exec(version)?.[1];
  if (scheme.id === 'pep440')
    return /^v?(?:\d+!)?(\d+(?:\.\d+)*)[-_.]?(?:a|b|c|rc|alpha|beta|pre|preview|dev)/i.exec(
      version,
    )?.[1];
  return undefined;
}

/**
 * Whether `version` is in the range, ordered by `scheme`. As npm and PEP 440 read `<V`, a
 * pre-release of V itself is not below V (`<2.0.0` does not take `2.0.0-rc.1`) unless V is
 * a pre-release too.
 */
export function satisfiesRange(
  version: string,
  range: VersionRange,
  scheme: VersionScheme,
): boolean {
  return range.alternatives.some((comparators) =>
    comparators.every((c) => {
      const order = scheme.compare(version, c.version);
      switch (c.op) {
        case '<': {
          const pre = preReleaseOf(version, scheme);
          const excluded =
            pre !== undefined &&
            preReleaseOf(c.version, scheme) === undefined &&
            scheme.compare(pre, c.version) === 0;
          return order < 0 && !excluded;
        }
        case '<=':
          return order <= 0;
        case '>':
          return order > 0;
        case '>=':
          return order >= 0;
        case '=':
          return order === 0;
        default:
          return order !== 0;
      }
    }),
  );
}
