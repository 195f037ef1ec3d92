/**
 * Finds every case-insensitive occurrence of a set of ASCII keywords (3 characters or
 * more) in one pass: a table of the keywords' first three characters (folded to lower case)
 * rejects almost every position with one lookup, and only positions whose three characters
 * start some keyword compare that bucket's keywords. Several times faster than a
 * case-insensitive regular-expression alternation of the same keywords, which V8 tries
 * alternative by alternative.
 */
export interface KeywordIndex {
  /** Calls `onHit(keyword, position)` for every occurrence, in text order. */
  scan(text: string, onHit: (keyword: number, position: number) => void): void;
}

const TABLE_BITS = 16;
const MASK = (1 << TABLE_BITS) - 1;

function fold(c: number): number {
  return c >= 65 && c <= 90 ? c | 32 : c;
}

function hash(a: number, b: number, c: number): number {
  return ((a << 10) ^ (b << 5) ^ c) & MASK;
}

/** Builds the index. Keywords must be ASCII and at least 3 characters long. */
export function createKeywordIndex(keywords: readonly string[]): KeywordIndex {
  const lower = keywords.map((k) => k.toLowerCase());
  for (const k of lower) {
    if (k.length < 3) throw new Error(`keyword "${k}" is shorter than 3 characters`);
    if (!/^[\x20-\x7e]+$/.test(k)) throw new Error(`keyword "${k}" is not printable ASCII`);
  }
  const present = new Uint8Array(1 << TABLE_BITS);
  const buckets: number[][] = [];
  lower.forEach((k, i) => {
    const h = hash(k.charCodeAt(0), k.charCodeAt(1), k.charCodeAt(2));
    present[h] = 1;
    const bucket = buckets[h];
    if (bucket === undefined) buckets[h] = [i];
    else bucket.push(i);
  });
  const codes = lower.map((k) => Array.from(k, (ch) => ch.charCodeAt(0)));

  return {
    scan(text, onHit) {
      const n = text.length;
      if (n < 3) return;
      let a = fold(text.charCodeAt(0));
      let b = fold(text.charCodeAt(1));
      for (let i = 0; i + 2 < n; i++) {
        const c = fold(text.charCodeAt(i + 2));
        const h = ((a << 10) ^ (b << 5) ^ c) & MASK;
        const first = a;
        const second = b;
        a = b;
        b = c;
        if (present[h] === 0) continue;
        for (const k of buckets[h] as number[]) {
          const code = codes[k] as number[];
          const len = code.length;
          if (i + len > n || code[0] !== first || code[1] !== second || code[2] !== c) continue;
          let j = 3;
          while (j < len && fold(text.charCodeAt(i + j)) === code[j]) j++;
          if (j === len) onHit(k, i);
        }
      }
    },
  };
}
