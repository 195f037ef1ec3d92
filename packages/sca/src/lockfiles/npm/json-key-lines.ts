/** Separates the keys of a path in the map {@link jsonKeyLines} returns. */
export const KEY_PATH_SEP = '\u0000';

/** The marker {@link jsonKeyLines} puts in a path for an array element. */
export const ARRAY_ELEMENT = '[]';

/** The map key {@link jsonKeyLines} uses for a path of object keys. */
export function keyPath(...keys: readonly string[]): string {
  return keys.join(KEY_PATH_SEP);
}

const QUOTE = 34;
const BACKSLASH = 92;
const SLASH = 47;
const STAR = 42;
const NEWLINE = 10;
const COMMA = 44;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;

/** The index of the quote that closes the string opened at `start`, or `-1`. */
function closingQuote(text: string, start: number): number {
  let j = text.indexOf('"', start + 1);
  while (j !== -1) {
    let slashes = 0;
    for (let k = j - 1; text.charCodeAt(k) === BACKSLASH; k--) slashes++;
    if (slashes % 2 === 0) return j;
    j = text.indexOf('"', j + 1);
  }
  return -1;
}

/**
 * The 1-based line of each object key whose path `want` accepts, found in one pass over a
 * JSON or JSONC text without building its value (lockfiles can be tens of megabytes, and
 * `JSON.parse` keeps no positions). `want` sees the live path of keys from the root, array
 * elements as {@link ARRAY_ELEMENT}; it must not keep the array. Results are keyed by
 * {@link keyPath}. The text is assumed to be well formed (parse it first); on broken input
 * the result is incomplete, never an exception.
 * @example jsonKeyLines(text, (p) => p.length === 2 && p[0] === 'packages').get(keyPath('packages', 'node_modules/a'))
 */
export function jsonKeyLines(
  text: string,
  want: (path: readonly string[]) => boolean,
): Map<string, number> {
  const out = new Map<string, number>();
  // One entry per open container: the current key of an object, ARRAY_ELEMENT for an array.
  const path: string[] = [];
  const inObject: boolean[] = [];
  let line = 1;
  let expectKey = false;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === NEWLINE) line++;
    else if (c === QUOTE) {
      const end = closingQuote(text, i);
      if (end === -1) break;
      if (expectKey && path.length > 0) {
        const raw = text.slice(i + 1, end);
        let key = raw;
        if (raw.includes('\\')) {
          try {
            key = JSON.parse(text.slice(i, end + 1)) as string;
          } catch {
            // A malformed escape: keep the raw text, the caller has parsed the file already.
          }
        }
        path[path.length - 1] = key;
        if (want(path)) out.set(path.join(KEY_PATH_SEP), line);
        expectKey = false;
      }
      i = end;
    } else if (c === OPEN_BRACE) {
      path.push('');
      inObject.push(true);
      expectKey = true;
    } else if (c === OPEN_BRACKET) {
      path.push(ARRAY_ELEMENT);
      inObject.push(false);
      expectKey = false;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      path.pop();
      inObject.pop();
      expectKey = false;
    } else if (c === COMMA) {
      expectKey = inObject[inObject.length - 1] === true;
    } else if (c === SLASH) {
      const next = text.charCodeAt(i + 1);
      if (next === SLASH) {
        const eol = text.indexOf('\n', i);
        i = (eol === -1 ? n : eol) - 1;
      } else if (next === STAR) {
        const close = text.indexOf('*/', i + 2);
        const stop = close === -1 ? n : close + 2;
        for (let k = text.indexOf('\n', i); k !== -1 && k < stop; k = text.indexOf('\n', k + 1)) {
          line++;
        }
        i = stop - 1;
      }
    }
  }
  return out;
}
