import { compareDigits, compareStrings, defineScheme, stripZeros } from './define-scheme.js';

/** A segment of a gem version: a run of digits (as digits) or of letters (as written). */
interface Segment {
  readonly numeric: boolean;
  readonly value: string;
}

// Gem::Version::ANCHORED_VERSION_PATTERN, with Ruby's \s spelled out. An empty string is a
// valid Gem::Version ("0") but not a version a lockfile or an advisory would write, so it
// is not accepted here.
const GEM_VERSION =
  /^[ \t\r\n\f\v]*([0-9]+(?:\.[0-9a-zA-Z]+)*(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?)[ \t\r\n\f\v]*$/;
const SEGMENT = /[0-9]+|[a-z]+/gi;
const ZERO: Segment = { numeric: true, value: '0' };

function dropTrailingZeros(segments: Segment[]): Segment[] {
  let end = segments.length;
  while (end > 0) {
    const s = segments[end - 1] as Segment;
    if (!(s.numeric && s.value === '0')) break;
    end--;
  }
  return segments.slice(0, end);
}

/**
 * `Gem::Version#canonical_segments` of a version: segments split on `.` and digit/letter
 * boundaries (`-` reads as `.pre.`), trailing zeros dropped from the release part and from
 * the pre-release part (from the first letter segment on) separately.
 */
export function gemCanonicalSegments(version: string): Segment[] | undefined {
  const m = GEM_VERSION.exec(version);
  if (m === null || m[1] === undefined) return undefined;
  const text = m[1].replaceAll('-', '.pre.');
  const segments: Segment[] = (text.match(SEGMENT) ?? []).map((s) =>
    /^[0-9]/.test(s) ? { numeric: true, value: stripZeros(s) } : { numeric: false, value: s },
  );
  const firstString = segments.findIndex((s) => !s.numeric);
  if (firstString === -1) return dropTrailingZeros(segments);
  return [
    ...dropTrailingZeros(segments.slice(0, firstString)),
    ...dropTrailingZeros(segments.slice(firstString)),
  ];
}

/** `Gem::Version#<=>` on canonical segments: missing segments are 0, letters sort below numbers. */
function compareGem(a: readonly Segment[], b: readonly Segment[]): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const l = a[i] ?? ZERO;
    const r = b[i] ?? ZERO;
    if (l.numeric && r.numeric) {
      const c = compareDigits(l.value, r.value);
      if (c !== 0) return c;
    } else if (l.numeric !== r.numeric) {
      return l.numeric ? 1 : -1;
    } else {
      const c = compareStrings(l.value, r.value);
      if (c !== 0) return c;
    }
  }
  return 0;
}

/**
 * RubyGems, ordered as `Gem::Version#<=>`: any letter makes a pre-release that sorts below
 * the release (`1.0.a < 1.0.0.pre < 1.0`), `1.0 == 1 == 1.0.0`, `1.0.0-rc1 == 1.0.0.pre.rc1`,
 * letters compared case-sensitively by byte.
 *
 * @example rubygemsScheme.compare('5.0.0.beta1', '5.0.0') // < 0
 */
export const rubygemsScheme = defineScheme<Segment[]>({
  id: 'rubygems',
  parse: gemCanonicalSegments,
  compareParsed: compareGem,
  // Digits and letters never mix within a segment, so the joined segments are unambiguous.
  canonical: (segments) => segments.map((s) => s.value).join('.'),
});
