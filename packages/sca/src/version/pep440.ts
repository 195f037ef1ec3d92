import { compareDigits, compareStrings, defineScheme, stripZeros } from './define-scheme.js';

/** A PEP 440 version with its parts normalised: numbers as digit strings without leading zeros. */
export interface Pep440Version {
  readonly epoch: string;
  /** The release segment without trailing zeros (`1.0.0` → `["1"]`). */
  readonly release: readonly string[];
  /** `a`, `b` or `rc` (alpha/beta/c/pre/preview spelled as PEP 440 normalises them) and its number. */
  readonly pre?: { readonly label: 'a' | 'b' | 'rc'; readonly n: string };
  readonly post?: string;
  readonly dev?: string;
  /** Local segments, lower-cased; numeric ones as digit strings without leading zeros. */
  readonly local?: readonly { readonly numeric: boolean; readonly value: string }[];
}

// The grammar is the canonical regular expression of PEP 440, Appendix B (as `packaging`
// uses it), written here with JavaScript's named groups. The comparison is done here too:
// numbers stay digit strings, so `1.99999999999999999999` and `1.99999999999999999998`
// differ, and only runs of digits are numbers in local segments (not `1e3` or `0x10`).
const VERSION_PATTERN = [
  'v?',
  '(?:',
  '(?:(?<epoch>[0-9]+)!)?', // epoch
  '(?<release>[0-9]+(?:\\.[0-9]+)*)', // release segment
  '(?<pre>[-_\\.]?(?<pre_l>(a|b|c|rc|alpha|beta|pre|preview))[-_\\.]?(?<pre_n>[0-9]+)?)?',
  '(?<post>(?:-(?<post_n1>[0-9]+))|(?:[-_\\.]?(?<post_l>post|rev|r)[-_\\.]?(?<post_n2>[0-9]+)?))?',
  '(?<dev>[-_\\.]?(?<dev_l>dev)[-_\\.]?(?<dev_n>[0-9]+)?)?',
  ')',
  '(?:\\+(?<local>[a-z0-9]+(?:[-_\\.][a-z0-9]+)*))?', // local version
].join('');
const PATTERN = new RegExp(`^\\s*${VERSION_PATTERN}\\s*$`, 'i');
const DIGITS = /^[0-9]+$/;
const PRE_LABELS: Readonly<Record<string, 'a' | 'b' | 'rc'>> = {
  a: 'a',
  alpha: 'a',
  b: 'b',
  beta: 'b',
  c: 'rc',
  rc: 'rc',
  pre: 'rc',
  preview: 'rc',
};
const PRE_RANK = { a: 0, b: 1, rc: 2 } as const;

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** Parses and normalises a PEP 440 version (surrounding whitespace allowed, any case). */
export function parsePep440(version: string): Pep440Version | undefined {
  const g = PATTERN.exec(version)?.groups;
  if (g === undefined) return undefined;
  const release = (g.release ?? '0').split('.').map(stripZeros);
  while (release.length > 1 && release[release.length - 1] === '0') release.pop();
  const preLabel = g.pre_l === undefined ? undefined : PRE_LABELS[g.pre_l.toLowerCase()];
  const parsed: Writable<Pep440Version> = { epoch: stripZeros(g.epoch ?? '0'), release };
  if (preLabel !== undefined) parsed.pre = { label: preLabel, n: stripZeros(g.pre_n ?? '0') };
  if (g.post_l !== undefined || g.post_n1 !== undefined) {
    parsed.post = stripZeros(g.post_n1 ?? g.post_n2 ?? '0');
  }
  if (g.dev_l !== undefined) parsed.dev = stripZeros(g.dev_n ?? '0');
  if (g.local !== undefined) {
    parsed.local = g.local.split(/[-_.]/).map((part) => {
      const numeric = DIGITS.test(part);
      return { numeric, value: numeric ? stripZeros(part) : part.toLowerCase() };
    });
  }
  return parsed;
}

function compareRelease(a: readonly string[], b: readonly string[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareDigits(a[i] ?? '0', b[i] ?? '0');
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

/** packaging's `_cmpkey` pre-release slot: dev-only releases first, then pre-releases, then the rest. */
function preKey(v: Pep440Version): number {
  if (v.pre !== undefined) return 1;
  return v.post === undefined && v.dev !== undefined ? 0 : 2;
}

function compareOptional(a: string | undefined, b: string | undefined, missing: -1 | 1): number {
  if (a === undefined || b === undefined) {
    if (a === b) return 0;
    return a === undefined ? missing : -missing;
  }
  return compareDigits(a, b);
}

function compareLocal(a: Pep440Version['local'], b: Pep440Version['local']): number {
  if (a === undefined || b === undefined) {
    if (a === b) return 0;
    return a === undefined ? -1 : 1;
  }
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined || y === undefined) break;
    // Numeric segments sort after alphanumeric ones.
    const c =
      x.numeric && y.numeric
        ? compareDigits(x.value, y.value)
        : x.numeric !== y.numeric
          ? x.numeric
            ? 1
            : -1
          : compareStrings(x.value, y.value);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

/** Orders two parsed PEP 440 versions exactly as packaging's `Version` does. */
export function comparePep440(a: Pep440Version, b: Pep440Version): number {
  let c = compareDigits(a.epoch, b.epoch) || compareRelease(a.release, b.release);
  if (c !== 0) return c;
  c = preKey(a) - preKey(b);
  if (c !== 0) return c;
  if (a.pre !== undefined && b.pre !== undefined) {
    c = PRE_RANK[a.pre.label] - PRE_RANK[b.pre.label] || compareDigits(a.pre.n, b.pre.n);
    if (c !== 0) return c;
  }
  return (
    compareOptional(a.post, b.post, -1) ||
    compareOptional(a.dev, b.dev, 1) ||
    compareLocal(a.local, b.local)
  );
}

/**
 * PEP 440 (PyPI): epochs (`1!1.0 > 2.0`), pre-releases (`a`/`alpha`, `b`/`beta`,
 * `rc`/`c`/`pre`/`preview`), post-releases (`.post1`, `-1`, `rev`, `r`), dev releases,
 * local versions (`1.0+local > 1.0`), trailing zeros (`1.0.0 == 1.0`), any case, optional
 * separators and a leading `v`. Grammar from PEP 440 Appendix B, ordering per packaging.
 *
 * @example pep440Scheme.compare('1.0.dev1', '1.0a1') // < 0
 */
export const pep440Scheme = defineScheme<Pep440Version>({
  id: 'pep440',
  parse: parsePep440,
  compareParsed: comparePep440,
  canonical: (v) =>
    `${v.epoch}!${v.release.join('.')}` +
    (v.pre === undefined ? '' : `${v.pre.label}${v.pre.n}`) +
    (v.post === undefined ? '' : `.post${v.post}`) +
    (v.dev === undefined ? '' : `.dev${v.dev}`) +
    (v.local === undefined ? '' : `+${v.local.map((s) => s.value).join('.')}`),
});
