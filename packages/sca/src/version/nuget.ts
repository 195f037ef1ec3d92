import { compareDigits, defineScheme, stripZeros } from './define-scheme.js';

/** A NuGet version: four numbers (missing ones are 0) and the release labels. */
export interface NuGetVersion {
  readonly numbers: readonly [string, string, string, string];
  readonly labels: readonly string[];
}

const INT32_MAX = '2147483647';
const LABEL = '[0-9A-Za-z-]+';
const NUGET_VERSION = new RegExp(
  `^([0-9]+)(?:\\.([0-9]+))?(?:\\.([0-9]+))?(?:\\.([0-9]+))?(?:-(${LABEL}(?:\\.${LABEL})*))?(?:\\+${LABEL}(?:\\.${LABEL})*)?$`,
);
const DIGITS = /^[0-9]+$/;

/** Whether a digit run fits .NET's `int` (what `System.Version` and `int.TryParse` accept). */
function fitsInt32(digits: string): boolean {
  return compareDigits(digits, INT32_MAX) <= 0;
}

/** Parses a NuGet version (`1`, `1.2`, `1.2.3`, `1.2.3.4`, each with `-labels` and `+metadata`). */
export function parseNuGetVersion(version: string): NuGetVersion | undefined {
  const m = NUGET_VERSION.exec(version);
  if (m === null) return undefined;
  const num = (n: string | undefined): string => stripZeros(n ?? '0');
  const numbers = [num(m[1]), num(m[2]), num(m[3]), num(m[4])] as const;
  if (!numbers.every(fitsInt32)) return undefined;
  return { numbers, labels: m[5] === undefined ? [] : m[5].split('.') };
}

/** NuGet's `VersionComparer.CompareRelease` on one label. */
function compareLabel(a: string, b: string): number {
  const an = DIGITS.test(a) && fitsInt32(a);
  const bn = DIGITS.test(b) && fitsInt32(b);
  if (an && bn) return compareDigits(a, b);
  if (an !== bn) return an ? -1 : 1;
  // StringComparer.OrdinalIgnoreCase: compare the upper-cased UTF-16 code units.
  const x = a.toUpperCase();
  const y = b.toUpperCase();
  return x === y ? 0 : x < y ? -1 : 1;
}

/** Orders two parsed NuGet versions as NuGet's default `VersionComparer` does. */
export function compareNuGet(a: NuGetVersion, b: NuGetVersion): number {
  for (let i = 0; i < 4; i++) {
    const c = compareDigits(a.numbers[i] ?? '0', b.numbers[i] ?? '0');
    if (c !== 0) return c;
  }
  if (a.labels.length === 0 || b.labels.length === 0) return b.labels.length - a.labels.length;
  const n = Math.min(a.labels.length, b.labels.length);
  for (let i = 0; i < n; i++) {
    const c = compareLabel(a.labels[i] ?? '', b.labels[i] ?? '');
    if (c !== 0) return c;
  }
  return a.labels.length - b.labels.length;
}

/**
 * NuGet (SemVer 2 with NuGet's extensions): up to four numbers, missing ones 0
 * (`1.0 == 1.0.0 == 1.0.0.0`), leading zeros allowed; a release above its pre-releases;
 * labels compared numerically when both are numbers, numbers below words, words
 * case-insensitively (`1.0.0-BETA == 1.0.0-beta`); `+metadata` ignored.
 *
 * @example nugetScheme.compare('13.0.1', '13.0.1.0') // 0
 */
export const nugetScheme = defineScheme<NuGetVersion>({
  id: 'nuget',
  parse: parseNuGetVersion,
  compareParsed: compareNuGet,
  canonical: (v) =>
    `${v.numbers.join('.')}-${v.labels
      .map((l) => (DIGITS.test(l) && fitsInt32(l) ? `#${stripZeros(l)}` : `w${l.toUpperCase()}`))
      .join('.')}`,
});
