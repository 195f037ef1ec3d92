import semver, { type SemVer } from 'semver';
import { compareDigits, compareStrings, defineScheme, stripZeros } from './define-scheme.js';

const NUMERIC = /^[0-9]+$/;

/**
 * Orders SemVer 2.0 pre-release identifiers (section 11): numeric ones numerically and below
 * alphanumeric ones, alphanumeric ones by ASCII, a shorter list of equal identifiers first.
 * Done here rather than by `semver`, which turns numeric identifiers into JavaScript numbers
 * and so calls `1.0.0-99999999999999999999` equal to `1.0.0-99999999999999999998`.
 */
export function comparePrerelease(
  a: readonly (string | number)[],
  b: readonly (string | number)[],
): number {
  if (a.length === 0 || b.length === 0) return b.length - a.length; // a release is greater
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = String(a[i]);
    const y = String(b[i]);
    const xn = NUMERIC.test(x);
    const yn = NUMERIC.test(y);
    const c = xn && yn ? compareDigits(x, y) : xn ? -1 : yn ? 1 : compareStrings(x, y);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

/**
 * SemVer 2.0 precedence, as npm and crates.io use it: `major.minor.patch`, then pre-release
 * (`1.0.0-rc.1 < 1.0.0`), build metadata ignored (`1.0.0+a == 1.0.0`). Parsing is the
 * `semver` package's loose mode, so the spellings found in real data are accepted: a
 * leading `v` or `=`, surrounding spaces, `1.2.3beta` for `1.2.3-beta`, leading zeros.
 * Partial versions (`1.2`) and ranges are not versions.
 *
 * @example semverScheme.compare('1.0.0-alpha.1', '1.0.0-alpha.beta') // < 0
 */
export const semverScheme = defineScheme<SemVer>({
  id: 'semver',
  parse(version) {
    try {
      return new semver.SemVer(version, { loose: true });
    } catch {
      return undefined;
    }
  },
  compareParsed(a, b) {
    return a.compareMain(b) || comparePrerelease(a.prerelease, b.prerelease);
  },
  canonical(v) {
    const pre = v.prerelease.map((id) => (NUMERIC.test(String(id)) ? stripZeros(String(id)) : id));
    return `${v.major}.${v.minor}.${v.patch}${pre.length > 0 ? `-${pre.join('.')}` : ''}`;
  },
});
