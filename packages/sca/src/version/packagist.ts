import { compareDigits, defineScheme, stripZeros } from './define-scheme.js';

/** A part after the release numbers: a number, or a word reduced to its special-form weight. */
type Token =
  | { readonly numeric: true; readonly digits: string }
  | { readonly numeric: false; readonly weight: number };

/** A Composer version: release numbers (trailing zeros dropped), then the other parts. */
export interface PackagistVersion {
  readonly release: readonly string[];
  readonly rest: readonly Token[];
}

/** The weight PHP's `version_compare` gives a number when it meets a word (`#`). */
const NUMBER_WEIGHT = 4;

/**
 * PHP's special forms, matched as prefixes as `compare_special_version_forms` does: any other
 * word < `dev` < `alpha` = `a` < `beta` = `b` < `RC` = `rc` < `#` (a number) < `pl` = `p`.
 * Case-insensitive as in Composer, which normalises stability words before comparing.
 */
export function specialFormWeight(word: string): number {
  const w = word.toLowerCase();
  if (w.startsWith('dev')) return 0;
  if (w.startsWith('a')) return 1;
  if (w.startsWith('b')) return 2;
  if (w.startsWith('rc')) return 3;
  if (w.startsWith('#')) return NUMBER_WEIGHT;
  if (w.startsWith('p')) return 5;
  return -1;
}

const SHAPE = /^[0-9][0-9A-Za-z]*(?:[._+-][0-9A-Za-z]+)*$/;
const PARTS = /[0-9]+|[A-Za-z]+/g;

/** Parses a Composer version (`v` prefix optional); `undefined` for branches such as `dev-main`. */
export function parsePackagistVersion(version: string): PackagistVersion | undefined {
  const text = version.startsWith('v') || version.startsWith('V') ? version.slice(1) : version;
  if (!SHAPE.test(text)) return undefined;
  const parts = text.match(PARTS) ?? [];
  const release: string[] = [];
  let i = 0;
  for (; i < parts.length && /^[0-9]/.test(parts[i] as string); i++) {
    release.push(stripZeros(parts[i] as string));
  }
  while (release.length > 0 && release[release.length - 1] === '0') release.pop();
  const rest = parts
    .slice(i)
    .map(
      (p): Token =>
        /^[0-9]/.test(p)
          ? { numeric: true, digits: stripZeros(p) }
          : { numeric: false, weight: specialFormWeight(p) },
    );
  return { release, rest };
}

/** `version_compare` on one pair of parts, `undefined` being a version that has run out. */
function compareTokens(a: Token | undefined, b: Token | undefined): number {
  if (a === undefined || b === undefined) {
    if (a === b) return 0;
    // A version that has run out is below any further number and weighs as `#` against a word.
    const present = (a ?? b) as Token;
    const c = present.numeric ? 1 : present.weight - NUMBER_WEIGHT;
    return a === undefined ? -c : c;
  }
  if (a.numeric && b.numeric) return compareDigits(a.digits, b.digits);
  const wa = a.numeric ? NUMBER_WEIGHT : a.weight;
  const wb = b.numeric ? NUMBER_WEIGHT : b.weight;
  return wa - wb;
}

/** Orders two parsed Composer versions. */
export function comparePackagist(a: PackagistVersion, b: PackagistVersion): number {
  const n = Math.max(a.release.length, b.release.length);
  for (let i = 0; i < n; i++) {
    const c = compareDigits(a.release[i] ?? '0', b.release[i] ?? '0');
    if (c !== 0) return c;
  }
  const m = Math.max(a.rest.length, b.rest.length);
  for (let i = 0; i < m; i++) {
    const c = compareTokens(a.rest[i], b.rest[i]);
    if (c !== 0) return c;
  }
  return 0;
}

/**
 * Packagist (Composer), ordered as PHP's `version_compare` orders versions once Composer
 * has normalised them: a leading `v` dropped; `-`, `_`, `+` and `.` separate parts, and so
 * do digit/letter transitions (`1.0RC1` = `1.0.RC.1`); special forms
 * `dev < alpha = a < beta = b < RC = rc < (number) < pl = p`, any other word below `dev`.
 * Like Composer (which pads every version to four numbers), the release numbers are compared
 * with trailing zeros ignored: `1.0 == 1.0.0`, and `1.0.1 > 1.0-p1`. Raw `version_compare`
 * would say `1.0 < 1.0.0` and `1.0.1 < 1.0-p1`. Versions must start with a digit, so
 * branches (`dev-main`) are not valid.
 *
 * @example packagistScheme.compare('2.4.4-p9', '2.4.5') // < 0
 */
export const packagistScheme = defineScheme<PackagistVersion>({
  id: 'packagist',
  parse: parsePackagistVersion,
  compareParsed: comparePackagist,
  canonical: (v) =>
    `${v.release.join('.')}|${v.rest.map((t) => (t.numeric ? t.digits : `w${t.weight}`)).join('.')}`,
});
