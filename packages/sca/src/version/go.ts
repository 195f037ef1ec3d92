import { compareDigits, defineScheme } from './define-scheme.js';
import { comparePrerelease } from './semver.js';

/** A Go module version, split. */
interface GoVersion {
  readonly major: string;
  readonly minor: string;
  readonly patch: string;
  readonly prerelease: readonly string[];
}

// golang.org/x/mod/semver: numbers without leading zeros; `vMAJOR` and `vMAJOR.MINOR` are
// shorthands for `.0`, and then carry no pre-release or build; numeric pre-release
// identifiers have no leading zeros; build metadata (`+incompatible`) is ignored.
const NUM = '(0|[1-9][0-9]*)';
const PRE_ID = '(?:0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)';
const BUILD_ID = '[0-9A-Za-z-]+';
const GO_VERSION = new RegExp(
  `^v?${NUM}(?:\\.${NUM}(?:\\.${NUM}(?:-(${PRE_ID}(?:\\.${PRE_ID})*))?(?:\\+${BUILD_ID}(?:\\.${BUILD_ID})*)?)?)?$`,
);

/** Splits a Go module version (`v` prefix optional), or `undefined` when it is not one. */
export function parseGoVersion(version: string): GoVersion | undefined {
  const m = GO_VERSION.exec(version);
  if (m === null) return undefined;
  return {
    major: m[1] ?? '0',
    minor: m[2] ?? '0',
    patch: m[3] ?? '0',
    prerelease: m[4] === undefined ? [] : m[4].split('.'),
  };
}

/**
 * Go module versions, ordered as `golang.org/x/mod/semver.Compare` orders them. Lockfiles
 * write `v1.2.3`; OSV Go records write `1.2.3` (SEMVER ranges have no `v`), so the prefix is
 * optional and `v1.2.3 == 1.2.3`. `+incompatible` is build metadata and does not count.
 * Pseudo-versions are pre-releases and sort where Go sorts them:
 * `v1.2.3 < v1.2.4-0.20191109021931-daa7c04131f5 < v1.2.4`, and
 * `v0.0.0-20191109021931-daa7c04131f5` below every tagged `v0.0.1`. Numbers of any size are
 * compared exactly.
 */
export const goScheme = defineScheme<GoVersion>({
  id: 'go',
  parse: parseGoVersion,
  compareParsed(a, b) {
    return (
      compareDigits(a.major, b.major) ||
      compareDigits(a.minor, b.minor) ||
      compareDigits(a.patch, b.patch) ||
      comparePrerelease(a.prerelease, b.prerelease)
    );
  },
  // The grammar allows no leading zeros, so the parts are canonical already.
  canonical: (v) =>
    `${v.major}.${v.minor}.${v.patch}${v.prerelease.length > 0 ? `-${v.prerelease.join('.')}` : ''}`,
});
