/**
 * Compiles a rule's regular expression (Semgrep rules are written for Python's `re`).
 * Leading inline flags such as `(?i)` or `(?is)`, which JavaScript on Node 20 does not
 * accept, become RegExp flags; `(?x)` (verbose) is refused.
 */
export function compileRegex(source: string, flags = ''): RegExp {
  const inline = /^\(\?([imsx]+)\)/.exec(source);
  if (!inline) return new RegExp(source, flags);
  const wanted = inline[1] as string;
  if (wanted.includes('x')) throw new SyntaxError('the verbose flag (?x) is not supported');
  const all = new Set([...flags, ...wanted]);
  return new RegExp(source.slice(inline[0].length), [...all].join(''));
}
