import type { ImportTable } from './imports.js';
import { toAstGrepPatterns } from './translate.js';

/**
 * What a placeholder metavariable stands for. Semgrep constructs that ast-grep does not
 * have are replaced by a placeholder `$RAMPART_Pn` that matches any node, and checked on
 * the node it binds.
 */
export type Placeholder =
  /** A string literal: `"..."` (any string), `"=~/re/"` (a regex) or exact text (either quote). */
  | {
      readonly name: string;
      readonly kind: 'string';
      readonly content?: string;
      readonly regex?: RegExp;
    }
  /** A deep expression `<... P ...>`: the bound node is or contains a match of `inner`. */
  | { readonly name: string; readonly kind: 'deep'; readonly inner: string };

/**
 * One ast-grep search for a Semgrep pattern (one tree walk, however many variants), with
 * the checks its placeholders need.
 */
export interface PlannedSearch {
  readonly astGrep: readonly string[];
  readonly placeholders: readonly Placeholder[];
}

/** The prefix of placeholder metavariables; never a user's metavariable. */
export const PLACEHOLDER_PREFIX = 'RAMPART_P';
const MAX_VARIANTS = 32;

/** The spans of plain `'…'`/`"…"` literals and of template literals in `pattern`. */
function literalSpans(pattern: string): { start: number; end: number; quote: string }[] {
  const spans: { start: number; end: number; quote: string }[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c !== '"' && c !== "'" && c !== '`') continue;
    let j = i + 1;
    while (j < pattern.length && pattern[j] !== c) j += pattern[j] === '\\' ? 2 : 1;
    spans.push({ start: i, end: Math.min(j + 1, pattern.length), quote: c });
    i = j;
  }
  return spans;
}

/** Replaces each top-level `<... P ...>` with a placeholder. */
function replaceDeep(pattern: string, out: Placeholder[]): string {
  let result = '';
  let i = 0;
  const spans = literalSpans(pattern);
  const inLiteral = (at: number) => spans.some((s) => s.start <= at && at < s.end);
  while (i < pattern.length) {
    if (pattern.startsWith('<...', i) && !inLiteral(i)) {
      let depth = 1;
      let j = i + 4;
      while (j < pattern.length && depth > 0) {
        if (pattern.startsWith('<...', j) && !inLiteral(j)) {
          depth++;
          j += 4;
        } else if (pattern.startsWith('...>', j) && !inLiteral(j)) {
          depth--;
          j += 4;
        } else j++;
      }
      if (depth > 0) {
        result += pattern.slice(i);
        break;
      }
      const name = `${PLACEHOLDER_PREFIX}${out.length}`;
      out.push({ name, kind: 'deep', inner: pattern.slice(i + 4, j - 4).trim() });
      result += `$${name}`;
      i = j;
      continue;
    }
    result += pattern[i];
    i++;
  }
  return result;
}

/**
 * Replaces `"..."` (any string) and `"=~/re/"` (a string matching the regex) with
 * placeholders. Other strings, strings with a prefix (`f"…"`, `b"…"`) and template
 * literals stay as written.
 */
function replaceStrings(pattern: string, out: Placeholder[]): string {
  let result = '';
  let at = 0;
  for (const span of literalSpans(pattern)) {
    if (span.quote === '`') continue;
    if (/[A-Za-z0-9_$]/.test(pattern[span.start - 1] ?? '')) continue;
    const content = pattern.slice(span.start + 1, span.end - 1);
    const name = `${PLACEHOLDER_PREFIX}${out.length}`;
    const re = /^=~\/(.*)\/([a-z]*)$/s.exec(content);
    // Exact strings stay in the pattern (quoteVariants gives both quotes): ast-grep then
    // tries every position of a `$$$` for them, which it does not for a placeholder.
    if (content !== '...' && !re) continue;
    if (content === '...') out.push({ name, kind: 'string' });
    else out.push({ name, kind: 'string', regex: new RegExp(re?.[1] as string, re?.[2]) });
    result += `${pattern.slice(at, span.start)}$${name}`;
    at = span.end;
  }
  return result + pattern.slice(at);
}

/** The texts of `pattern` that module aliases and `a["b"]` forms also mean, in this file. */
export function equivalentPatterns(
  pattern: string,
  imports: ImportTable,
  source: string,
): string[] {
  let variants = [pattern];
  const add = (next: string[]) => {
    variants = [...new Set([...variants, ...next])].slice(0, MAX_VARIANTS);
  };
  const spans = literalSpans(pattern);
  const inLiteral = (at: number) => spans.some((s) => s.start <= at && at < s.end);
  // Dotted names whose head is a module this file imports: `child_process.exec`.
  const chains = new Set<string>();
  for (const m of pattern.matchAll(
    /(?<![\w$.])[A-Za-z_]\w*(?:\.(?:[A-Za-z_]\w*|\$[A-Z_][A-Z0-9_]*))+/g,
  )) {
    if (!inLiteral(m.index)) chains.add(m[0]);
  }
  for (const chain of chains) {
    const segments = chain.split('.');
    const replacements: string[] = [];
    for (let k = 1; k < segments.length; k++) {
      const module = segments.slice(0, k).join('.');
      const rest = segments.slice(k).join('.');
      for (const alias of imports.namespaces.get(module) ?? []) {
        if (alias !== module) replacements.push(`${alias}.${rest}`);
      }
      if (imports.requireable.has(module)) {
        replacements.push(`require("${module}").${rest}`, `require("node:${module}").${rest}`);
      }
      const after = segments.slice(k + 1);
      for (const local of imports.members.get(`${module}.${segments[k]}`) ?? []) {
        replacements.push([local, ...after].join('.'));
      }
    }
    if (replacements.length === 0) continue;
    const escaped = chain.replace(/[.$]/g, '\\$&');
    const at = new RegExp(`(?<![\\w$.])${escaped}(?![\\w$])`, 'g');
    add(variants.flatMap((v) => replacements.map((r) => v.replace(at, r))));
  }
  // `function f() {}` and `() => x` also match their async forms, as in Semgrep.
  if (/\basync\b/.test(source) && !/\basync\b/.test(pattern)) {
    add(
      variants.flatMap((v) => {
        const fn = v.replace(/(^|[(,=:\s])function\b/g, '$1async function');
        const arrow = v.replace(
          /(^|[(,=:]\s*)(\([^()]*\)|\$[A-Z_][A-Z0-9_]*)(\s*=>)/g,
          '$1async $2$3',
        );
        return [fn, arrow].filter((x) => x !== v);
      }),
    );
  }
  // A function pattern without a return type also matches functions that have one.
  if (source.includes('->') && /\bdef\s/.test(pattern)) {
    add(variants.map((v) => v.replace(/(\bdef\s+[^(\n]+\([^)]*\))\s*:/g, '$1 -> $RAMPART_RET:')));
  }
  if (source.includes('):') && /\bfunction\b/.test(pattern)) {
    add(
      variants.map((v) => v.replace(/(\bfunction\b[^(\n{]*\([^)]*\))\s*\{/g, '$1: $RAMPART_RET {')),
    );
  }
  // `a.b(...)` also matches `a["b"](...)` when the file writes calls that way.
  for (const m of pattern.matchAll(/\.([A-Za-z_$][\w$]*)\s*\(/g)) {
    if (inLiteral(m.index)) continue;
    const name = m[1] as string;
    if (!source.includes(`["${name}"]`) && !source.includes(`['${name}']`)) continue;
    const at = new RegExp(`\\.${name.replace(/\$/g, '\\$')}(?=\\s*\\()`, 'g');
    add(variants.map((v) => v.replace(at, `["${name}"]`)));
  }
  return variants;
}

/**
 * Plans the ast-grep searches that together find a Semgrep pattern in one file: the
 * equivalent forms (aliases, `a["b"]`), each with its placeholders and comma variants.
 */
export function planPattern(
  pattern: string,
  imports: ImportTable,
  source: string,
  constrained: ReadonlySet<string> = new Set(),
  python = false,
): PlannedSearch[] {
  const out: PlannedSearch[] = [];
  const seen = new Set<string>();
  for (const form of equivalentPatterns(pattern, imports, source).flatMap(quoteVariants)) {
    const placeholders: Placeholder[] = [];
    const text = replaceStrings(replaceDeep(form, placeholders), placeholders);
    const checked = new Set([...constrained, ...placeholders.map((p) => p.name)]);
    const grouped: string[] = [];
    for (const variant of toAstGrepPatterns(text)) {
      const positional = positionalVariants(variant, checked, python);
      if (positional === undefined) {
        if (!seen.has(variant)) grouped.push(variant);
        seen.add(variant);
        continue;
      }
      for (const p of positional) {
        if (seen.has(p)) continue;
        seen.add(p);
        out.push({ astGrep: [p], placeholders });
      }
    }
    if (grouped.length > 0) out.push({ astGrep: grouped, placeholders });
  }
  return out;
}

const MAX_POSITION = 8;

/**
 * ast-grep binds a metavariable after `$$$` once per node (the first position that fits)
 * and checks conditions afterwards, where Semgrep tries every position. When a checked
 * metavariable (a placeholder, or one a metavariable-regex tests) follows a `$$$`, the
 * pattern is searched once per position instead: `f($$$, $X, $$$)` becomes `f($X, $$$)`,
 * `f($W0, $X, $$$)`, … up to 8 positions. Undefined when there is no such `$$$`.
 */
function positionalVariants(
  variant: string,
  checked: ReadonlySet<string>,
  python: boolean,
): string[] | undefined {
  const m = /\$\$\$(?![A-Z_]),\s*/.exec(variant);
  if (!m) return undefined;
  const before = variant.slice(0, m.index);
  const after = variant.slice(m.index + m[0].length);
  // The element after the ellipsis, up to the next comma or closing bracket at its level.
  let depth = 0;
  let end = 0;
  while (end < after.length) {
    const c = after[end] as string;
    if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) {
      if (depth === 0) break;
      depth--;
    } else if (c === ',' && depth === 0) break;
    end++;
  }
  const element = after.slice(0, end);
  const names = [...element.matchAll(/\$([A-Z_][A-Z0-9_]*)/g)].map((x) => x[1] as string);
  if (!names.some((n) => checked.has(n))) return undefined;
  // In a Python dict, each skipped entry is `key: value`; elsewhere one node is enough
  // (a JavaScript shorthand property, an argument, a parameter).
  let open = '';
  for (let i = before.length - 1, d = 0; i >= 0; i--) {
    const c = before[i] as string;
    if (')]}'.includes(c)) d++;
    else if ('([{'.includes(c)) {
      if (d === 0) {
        open = c;
        break;
      }
      d--;
    }
  }
  const pair = python && open === '{' && /:/.test(element);
  // The `$$$` form stays too: it matches where the positions cannot (comments between
  // entries), and duplicates are dropped later.
  return [
    variant,
    ...Array.from({ length: MAX_POSITION }, (_, i) => {
      const fill = Array.from({ length: i }, (_, k) =>
        pair ? `$RAMPART_W${k}: $RAMPART_V${k}, ` : `$RAMPART_W${k}, `,
      ).join('');
      return `${before}${fill}${after}`;
    }),
  ];
}

const MAX_QUOTED = 3;

/**
 * The forms of a pattern with each exact string in either quote (`"abc"` and `'abc'`),
 * for the first few strings; `"..."` and `"=~/re/"` are left to placeholders.
 */
export function quoteVariants(pattern: string): string[] {
  const spans = literalSpans(pattern).filter((span) => {
    if (span.quote === '`') return false;
    if (/[A-Za-z0-9_$]/.test(pattern[span.start - 1] ?? '')) return false;
    const content = pattern.slice(span.start + 1, span.end - 1);
    return content !== '...' && !content.startsWith('=~/') && !/["'\\]/.test(content);
  });
  let forms = [pattern];
  for (const span of spans.slice(0, MAX_QUOTED)) {
    forms = forms.flatMap((form) => {
      const other = form[span.start] === '"' ? "'" : '"';
      const swapped = `${form.slice(0, span.start)}${other}${form.slice(span.start + 1, span.end - 1)}${other}${form.slice(span.end)}`;
      return [form, swapped];
    });
  }
  return forms;
}

/** The content of a string literal node's text: prefix and quotes removed. */
export function stringContent(text: string): string {
  const body = text.replace(/^[A-Za-z]*/, '');
  for (const q of ['"""', "'''", '"', "'", '`']) {
    if (body.startsWith(q) && body.endsWith(q) && body.length >= 2 * q.length)
      return body.slice(q.length, body.length - q.length);
  }
  return body;
}

const anchorCache = new Map<string, Anchors>();

/** What a file must contain for a pattern to match in it. */
export interface Anchors {
  /** Identifier-like words, each a whole word of the file. */
  readonly words: readonly string[];
  /** Texts of exact string literals, each somewhere in the file. */
  readonly texts: readonly string[];
}

/**
 * The words a file must contain for `pattern` to match anywhere in it: the identifiers
 * and keywords written in the pattern, outside strings and metavariables. Every
 * equivalent form keeps them somewhere in the file (an alias is declared by an import
 * that names the module and member, `a["b"]` holds `b` in its string), so a file without
 * one of them is skipped without a search.
 */
export function anchorsOf(pattern: string): Anchors {
  const known = anchorCache.get(pattern);
  if (known) return known;
  let code = '';
  let at = 0;
  const texts = new Set<string>();
  for (const span of literalSpans(pattern)) {
    code += `${pattern.slice(at, span.start)} `;
    at = span.end;
    const content = pattern.slice(span.start + 1, span.end - 1);
    // Escapes may be written differently in the file; `...` and `=~/re/` match any text.
    if (span.quote !== '`' && content.length >= 3 && !/[\\$]|^=~|^\.\.\.$/.test(content))
      texts.add(content);
  }
  code += pattern.slice(at);
  const words = new Set<string>();
  for (const m of code.matchAll(/\$(?:\.\.\.)?[A-Za-z_][A-Za-z0-9_]*|[A-Za-z_][A-Za-z0-9_]*/g)) {
    if (!m[0].startsWith('$')) words.add(m[0]);
  }
  const anchors = { words: [...words], texts: [...texts] };
  anchorCache.set(pattern, anchors);
  return anchors;
}
