/**
 * Turns a Semgrep pattern into an ast-grep pattern. The two languages share `$X`
 * metavariables; Semgrep's ellipsis `...` (any arguments, any statements) is ast-grep's
 * `$$$`, and `$...ARGS` (a named ellipsis) is `$$$ARGS`. A `...` inside a string stays as
 * it is (pattern-plan.ts turns `"..."` into a placeholder first); `...$X` is a spread.
 */
export function toAstGrepPattern(pattern: string): string {
  let out = '';
  let quote: string | undefined;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (quote !== undefined) {
      out += c;
      if (c === '\\') {
        out += pattern[i + 1] ?? '';
        i++;
      } else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      quote = c;
      out += c;
      continue;
    }
    if (pattern.startsWith('$...', i)) {
      out += '$$$';
      i += 3;
      continue;
    }
    if (pattern.startsWith('...', i)) {
      // `...$X` is JavaScript's spread of a metavariable, not an ellipsis.
      if (pattern[i + 3] === '$') {
        out += '...';
        i += 2;
        continue;
      }
      out += '$$$';
      i += 2;
      continue;
    }
    out += c;
  }
  return out.trim();
}

/** The metavariable names a pattern binds (`$X`, `$...ARGS` as `ARGS`), without the `$`. */
export function metavariablesOf(pattern: string): string[] {
  const names = new Set<string>();
  for (const m of pattern.matchAll(/\$(?:\.\.\.)?([A-Z_][A-Z0-9_]*)/g)) names.add(m[1] as string);
  return [...names];
}

/** The spans of `pattern` that are inside string literals. */
function stringSpans(pattern: string): [number, number][] {
  const spans: [number, number][] = [];
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (quote !== undefined) {
      if (c === '\\') i++;
      else if (c === quote) {
        spans.push([start, i + 1]);
        quote = undefined;
      }
    } else if (c === '"' || c === "'" || c === '`') {
      quote = c;
      start = i;
    }
  }
  return spans;
}

/**
 * The ast-grep patterns that together mean one Semgrep pattern. ast-grep's `$$$` can match
 * nothing, but the comma written next to it must still be there, so `f(..., x, ...)` would
 * miss `f(x)`; Semgrep's would not. Each anonymous ellipsis next to a comma therefore gives
 * two variants, with and without it (at most 2^4 variants).
 */
export function toAstGrepPatterns(pattern: string): string[] {
  const strings = stringSpans(pattern);
  const inString = (at: number) => strings.some(([a, b]) => a <= at && at < b);
  const optional: [number, number][] = [];
  for (const m of pattern.matchAll(/,\s*\.\.\.(?![A-Za-z_$.])|(?<!\$)\.\.\.\s*,\s*/g)) {
    if (!inString(m.index)) optional.push([m.index, m.index + m[0].length]);
  }
  const parts = optional.slice(0, 4);
  const variants = new Set<string>();
  for (let mask = 0; mask < 1 << parts.length; mask++) {
    let out = '';
    let at = 0;
    parts.forEach(([a, b], i) => {
      out += pattern.slice(at, a);
      if (!(mask & (1 << i))) out += pattern.slice(a, b);
      at = b;
    });
    out += pattern.slice(at);
    variants.add(toAstGrepPattern(out));
  }
  return [...variants];
}
