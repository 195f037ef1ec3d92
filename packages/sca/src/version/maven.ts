import { compareDigits, compareStrings, defineScheme, stripZeros } from './define-scheme.js';

// A port of Maven 3.9's org.apache.maven.artifact.versioning.ComparableVersion
// (maven-artifact 3.9.x, with MNG-5568, MNG-6572, MNG-6964 and MNG-7644). Names follow the
// Java class so the two can be read side by side.

/** Java's int/long/BigInteger split: which one a digit run becomes changes how it compares. */
enum NumberKind {
  Int = 0,
  Long = 1,
  BigInteger = 2,
}

interface NumberItem {
  readonly type: 'number';
  readonly kind: NumberKind;
  /** Digits with leading zeros stripped, except that an all-zero run is kept whole (as Maven does). */
  readonly digits: string;
}

interface StringItem {
  readonly type: 'string';
  /** Lower-cased, `a1`/`b1`/`m1` expanded, aliases applied (`ga`, `final`, `release` → `""`, `cr` → `rc`). */
  readonly value: string;
}

interface ListItem {
  readonly type: 'list';
  readonly items: Item[];
}

type Item = NumberItem | StringItem | ListItem;

const MAX_INTITEM_LENGTH = 9;
const MAX_LONGITEM_LENGTH = 18;
const QUALIFIERS = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];
const ALIASES: Readonly<Record<string, string>> = { ga: '', final: '', release: '', cr: 'rc' };
const RELEASE_VERSION_INDEX = String(QUALIFIERS.indexOf(''));
const INT_ZERO: NumberItem = { type: 'number', kind: NumberKind.Int, digits: '0' };

function comparableQualifier(qualifier: string): string {
  const i = QUALIFIERS.indexOf(qualifier);
  return i === -1 ? `${QUALIFIERS.length}-${qualifier}` : String(i);
}

function stringItem(value: string, followedByDigit: boolean): StringItem {
  let v = value;
  if (followedByDigit && v.length === 1) {
    // a1 = alpha-1, b1 = beta-1, m1 = milestone-1
    if (v === 'a') v = 'alpha';
    else if (v === 'b') v = 'beta';
    else if (v === 'm') v = 'milestone';
  }
  return { type: 'string', value: ALIASES[v] ?? v };
}

/** Java's `stripLeadingZeroes`: an all-zero run is returned unchanged. */
function stripLeadingZeroes(buf: string): string {
  if (buf.length === 0) return '0';
  for (let i = 0; i < buf.length; i++) if (buf[i] !== '0') return buf.slice(i);
  return buf;
}

function parseItem(isDigit: boolean, buf: string): Item {
  if (!isDigit) return stringItem(buf, false);
  const digits = stripLeadingZeroes(buf);
  const kind =
    digits.length <= MAX_INTITEM_LENGTH
      ? NumberKind.Int
      : digits.length <= MAX_LONGITEM_LENGTH
        ? NumberKind.Long
        : NumberKind.BigInteger;
  return { type: 'number', kind, digits };
}

function isNull(item: Item): boolean {
  switch (item.type) {
    case 'number':
      return /^0+$/.test(item.digits);
    case 'string':
      return comparableQualifier(item.value) === RELEASE_VERSION_INDEX;
    case 'list':
      return item.items.length === 0;
  }
}

function normalize(list: ListItem): void {
  for (let i = list.items.length - 1; i >= 0; i--) {
    const last = list.items[i] as Item;
    if (isNull(last))
      list.items.splice(i, 1); // remove null trailing items: 0, "", empty list
    else if (last.type !== 'list') break;
  }
}

const isAsciiDigit = (c: string): boolean => c >= '0' && c <= '9';

/** `ComparableVersion.parseVersion`: the item tree of a version string. */
export function parseMavenVersion(version: string): ListItem {
  const v = version.toLowerCase();
  const items: ListItem = { type: 'list', items: [] };
  let list = items;
  const stack: ListItem[] = [list];
  const push = (): void => {
    const next: ListItem = { type: 'list', items: [] };
    list.items.push(next);
    list = next;
    stack.push(list);
  };
  let isDigit = false;
  let startIndex = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v[i] as string;
    if (c === '.' || c === '-') {
      list.items.push(i === startIndex ? INT_ZERO : parseItem(isDigit, v.slice(startIndex, i)));
      startIndex = i + 1;
      if (c === '-') push();
    } else if (isAsciiDigit(c)) {
      if (!isDigit && i > startIndex) {
        // 1.0.0.X1 < 1.0.0-X2: treat .X as -X for any string qualifier X
        if (list.items.length > 0) push();
        list.items.push(stringItem(v.slice(startIndex, i), true));
        startIndex = i;
        push();
      }
      isDigit = true;
    } else {
      if (isDigit && i > startIndex) {
        list.items.push(parseItem(true, v.slice(startIndex, i)));
        startIndex = i;
        push();
      }
      isDigit = false;
    }
  }
  if (v.length > startIndex) {
    // 1.0.0.X1 < 1.0.0-X2: treat .X as -X for any string qualifier X
    if (!isDigit && list.items.length > 0) push();
    list.items.push(parseItem(isDigit, v.slice(startIndex)));
  }
  for (let l = stack.pop(); l !== undefined; l = stack.pop()) normalize(l);
  return items;
}

/** `Item.compareTo(null)`: how an item compares with a missing one. */
function compareWithNull(item: Item): number {
  switch (item.type) {
    case 'number':
      return isNull(item) ? 0 : 1; // 1.0 == 1, 1.1 > 1
    case 'string':
      return compareStrings(comparableQualifier(item.value), RELEASE_VERSION_INDEX); // 1-rc < 1, 1-ga > 1
    case 'list':
      // Compare the entire list with null, not just the first item (MNG-6964).
      for (const i of item.items) {
        const r = compareWithNull(i);
        if (r !== 0) return r;
      }
      return 0;
  }
}

function compareNumbers(a: NumberItem, b: NumberItem): number {
  // Maven 3.9 orders the kinds before the values, so an all-zero run of 10+ digits (a long
  // 0) is greater than any int: reproduced as is.
  if (a.kind !== b.kind) return a.kind < b.kind ? -1 : 1;
  return compareDigits(a.digits, b.digits);
}

/** `Item.compareTo(Item)`, Maven's comparison of two items. */
function compareItems(a: Item, b: Item): number {
  switch (a.type) {
    case 'number':
      return b.type === 'number' ? compareNumbers(a, b) : 1; // 1.1 > 1-sp, 1.1 > 1-1
    case 'string':
      if (b.type === 'number') return -1; // 1.any < 1.1
      if (b.type === 'list') return -1; // 1.any < 1-1
      return compareStrings(comparableQualifier(a.value), comparableQualifier(b.value));
    case 'list': {
      if (b.type === 'number') return -1; // 1-1 < 1.0.x
      if (b.type === 'string') return 1; // 1-1 > 1-sp
      const n = Math.max(a.items.length, b.items.length);
      for (let i = 0; i < n; i++) {
        const l = a.items[i];
        const r = b.items[i];
        const result =
          l === undefined
            ? r === undefined
              ? 0
              : -compareWithNull(r)
            : r === undefined
              ? compareWithNull(l)
              : compareItems(l, r);
        if (result !== 0) return result;
      }
      return 0;
    }
  }
}

/** Maven's canonical form of an item tree (`ComparableVersion.getCanonical()`). */
export function mavenCanonical(list: ListItem): string {
  let out = '';
  for (const item of list.items) {
    if (out.length > 0) out += item.type === 'list' ? '-' : '.';
    out +=
      item.type === 'number'
        ? item.digits
        : item.type === 'string'
          ? item.value
          : mavenCanonical(item);
  }
  return out;
}

/**
 * Whether the tree is one on which Maven's comparison is a total order. Maven's ordering
 * has cycles on some strings, all of which need one of: a sub-list starting with a sub-list
 * (`1-0-alpha`), a `ga`/`final`/`release` that normalisation did not remove (`1-ga.1`), a
 * zero followed by something below a release (`1.0.alpha.1`), or a qualifier above a release
 * in the middle of a list (`1.sp.1`); e.g. `1.0.alpha.1 < 1 < 1-1 < 1.0.alpha.1` in Maven
 * itself. Versions must also start with a digit and use ASCII letters, digits, `.`, `-`,
 * `_` and `+`.
 */
function wellFormedList(list: ListItem, top: boolean): boolean {
  const items = list.items;
  const first = items[0];
  if (first === undefined) return top; // only the whole version may be empty ("0" is [])
  if (!top && first.type === 'list') return false;
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as Item;
    if (item.type === 'list') {
      if (!wellFormedList(item, false)) return false;
    } else if (item.type === 'string') {
      if (item.value === '') return false;
      if (i > 0 && compareWithNull(item) > 0) return false;
    } else if (isNull(item)) {
      const rest: ListItem = { type: 'list', items: items.slice(i + 1) };
      if (compareWithNull(rest) <= 0) return false;
    }
  }
  return true;
}

/**
 * A key equal for two well-formed trees exactly when Maven compares them equal: the number
 * kind matters (an all-zero long is not an int zero), strings are already aliased.
 */
function structuralKey(list: ListItem): string {
  const parts = list.items.map((item) =>
    item.type === 'number'
      ? `${item.kind}:${stripZeros(item.digits)}`
      : item.type === 'string'
        ? `'${item.value}`
        : structuralKey(item),
  );
  return `[${parts.join(',')}]`;
}

const MAVEN_SHAPE = /^[0-9][0-9A-Za-z._+-]*$/;

/** A parsed Maven version: the source (for the shape check) and its item tree. */
interface MavenVersion {
  readonly source: string;
  readonly items: ListItem;
}

/**
 * Maven, ordered exactly as Maven 3.9's `ComparableVersion` orders versions: items split on
 * `.`, `-` and digit/letter transitions; qualifiers `alpha` (`a1`) < `beta` (`b1`) <
 * `milestone` (`m1`) < `rc` = `cr` < `snapshot` < release (`""` = `ga` = `final` =
 * `release`) < `sp` < unknown qualifiers (alphabetically); case-insensitive; trailing zeros
 * dropped (`1 == 1.0 == 1-0 == 1.0.0`, `1.0.0.RELEASE == 1`). Every string compares as Maven
 * compares it, but only those on which that comparison is a total order are
 * {@link VersionScheme.isValid | valid}; see {@link wellFormedList}.
 *
 * @example mavenScheme.compare('1.0-SNAPSHOT', '1.0') // < 0
 */
export const mavenScheme = defineScheme<MavenVersion>({
  id: 'maven',
  parse: (source) => ({ source, items: parseMavenVersion(source) }),
  compareParsed: (a, b) => compareItems(a.items, b.items),
  canonical: (v) => structuralKey(v.items),
  wellFormed: (v) => MAVEN_SHAPE.test(v.source) && wellFormedList(v.items, true),
});

/** Maven's canonical form of `version`, e.g. `1.0-SP1` → `1-sp-1`. */
export function mavenCanonicalForm(version: string): string {
  return mavenCanonical(parseMavenVersion(version));
}
