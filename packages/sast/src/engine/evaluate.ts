import type { SgNode } from '@ast-grep/napi';
import type { Formula } from '../rules/rule.js';
import type { ParsedFile } from './parse-file.js';
import {
  anchorsOf,
  PLACEHOLDER_PREFIX,
  type Placeholder,
  planPattern,
  stringContent,
} from './pattern-plan.js';
import { compileRegex } from './regex.js';
import { requiredLiterals } from './regex-literals.js';
import { copyTree, type TreeNode } from './syntax-tree.js';
import { metavariablesOf } from './translate.js';

/** What a metavariable is bound to: its text and where it is (UTF-16 offsets). */
export interface Binding {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** One match of a formula: a range of the file and the metavariables bound there. */
export interface Match {
  readonly start: number;
  readonly end: number;
  readonly bindings: ReadonlyMap<string, Binding>;
}

/** String literal kinds: JavaScript/TypeScript and Python; template literals without `${}`. */
function isPlainString(node: SgNode): boolean {
  const kind = node.kind();
  if (kind === 'string') return !node.children().some((c) => c.kind() === 'interpolation');
  if (kind === 'template_string')
    return !node.children().some((c) => c.kind() === 'template_substitution');
  return false;
}

/** A node and every named node below it, for `<... $X ...>`. */
function descendants(node: SgNode): SgNode[] {
  const out: SgNode[] = [];
  const stack = [node];
  while (stack.length > 0) {
    const n = stack.pop() as SgNode;
    if (n.isNamed()) out.push(n);
    stack.push(...n.children());
  }
  return out;
}

/** Regex features the Rust regex engine of ast-grep does not have. */
const NOT_IN_RUST = /\(\?<?[=!]|\\[1-9]|\\[kpPu]|\(\?<[A-Za-z]/;

/**
 * The `metavariable-regex` filters of a conjunction that ast-grep can apply while it
 * searches: anchored at the start as Semgrep does, without lookaround or backreferences.
 */
function nativeConstraints(items: readonly Formula[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of items) {
    if (f.kind !== 'metavariable-regex' || NOT_IN_RUST.test(f.regex)) continue;
    const name = f.metavariable.slice(1);
    if (!out.has(name)) out.set(name, `^(?:${f.regex})`);
  }
  return out;
}

/** The metavariables a conjunction tests (regex, pattern, comparison). */
function testedMetavariables(items: readonly Formula[]): Set<string> {
  const out = new Set<string>();
  for (const f of items) {
    // Each position of a focused metavariable is its own finding.
    if (f.kind === 'focus') for (const m of f.metavariables) out.add(m.slice(1));
    if (
      (f.kind === 'metavariable-regex' ||
        f.kind === 'metavariable-pattern' ||
        f.kind === 'metavariable-comparison') &&
      f.metavariable !== undefined
    )
      out.add(f.metavariable.slice(1));
  }
  return out;
}

/** The constraints on metavariables that `pattern` binds itself (not `$...` lists). */
function constraintsFor(
  pattern: string,
  constraints: ReadonlyMap<string, string>,
): Map<string, string> | undefined {
  if (constraints.size === 0) return undefined;
  const out = new Map<string, string>();
  for (const [name, regex] of constraints) {
    if (new RegExp(`\\$${name}(?![A-Z0-9_])`).test(pattern) && !pattern.includes(`$...${name}`))
      out.set(name, regex);
  }
  return out.size > 0 ? out : undefined;
}

const quickCache = new WeakMap<Formula, readonly string[] | null>();

/**
 * A few words one of which every match of `formula` needs (the longest anchor of each
 * alternative), computed once per formula: a file with none of them skips the whole
 * formula without walking it. Undefined when no such set is known.
 */
function quickWords(formula: Formula): readonly string[] | undefined {
  const known = quickCache.get(formula);
  if (known !== undefined) return known ?? undefined;
  let result: readonly string[] | undefined;
  switch (formula.kind) {
    case 'pattern': {
      const words = anchorsOf(formula.pattern).words;
      const longest = [...words].sort((a, b) => b.length - a.length)[0];
      result = longest === undefined ? undefined : [longest];
      break;
    }
    case 'any': {
      const parts = formula.items.map(quickWords);
      result = parts.every((p) => p !== undefined)
        ? [...new Set(parts.flatMap((p) => p as readonly string[]))]
        : undefined;
      break;
    }
    case 'all': {
      const parts = formula.items
        .map((f) =>
          f.kind === 'pattern' || f.kind === 'any' || f.kind === 'all'
            ? quickWords(f)
            : f.kind === 'inside'
              ? quickWords(f.formula)
              : undefined,
        )
        .filter((p): p is readonly string[] => p !== undefined);
      result = parts.sort((a, b) => a.length - b.length)[0];
      break;
    }
    default:
      result = undefined;
  }
  quickCache.set(formula, result ?? null);
  return result;
}

/**
 * The rule that finds a statement sequence (`a(); ...; b();`): a block holding it, with
 * any statements before and after (`$$$RAMPART_PRE`, `$$$RAMPART_POST`).
 */
function sequenceRule(variant: string, python: boolean): unknown {
  const lines = variant.split('\n');
  const indent = Math.min(
    ...lines.filter((l) => l.trim() !== '').map((l) => /^\s*/.exec(l)?.[0].length ?? 0),
  );
  const body = ['$$$RAMPART_PRE', ...lines.map((l) => l.slice(indent)), '$$$RAMPART_POST'];
  return python
    ? {
        pattern: {
          context: `if __rampart:\n${body.map((l) => `    ${l}`).join('\n')}`,
          selector: 'block',
        },
      }
    : { pattern: `{\n${body.join('\n')}\n}` };
}

/** The range of the statements a sequence matched in a block: after PRE, before POST. */
function sequenceRange(
  block: SgNode,
): { start: { index: number }; end: { index: number } } | undefined {
  const pre = block.getMultipleMatches('RAMPART_PRE');
  const post = block.getMultipleMatches('RAMPART_POST');
  const after = pre.length > 0 ? (pre[pre.length - 1] as SgNode).range().end.index : -1;
  const before = post.length > 0 ? (post[0] as SgNode).range().start.index : Infinity;
  const statements = block
    .children()
    .filter((c) => c.isNamed() && c.kind() !== 'comment')
    .map((c) => c.range())
    .filter((r) => r.start.index >= after && r.end.index <= before);
  const first = statements[0];
  const last = statements[statements.length - 1];
  return first && last ? { start: first.start, end: last.end } : undefined;
}

/** `{ ..., key: $V, ... }`: braces around `key: value` entries, not a block of statements. */
function looksLikeObject(pattern: string): boolean {
  const text = pattern.trim();
  if (!text.startsWith('{') || !text.endsWith('}') || text.includes(';')) return false;
  let depth = 0;
  for (const c of text) {
    if ('{[('.includes(c)) depth++;
    else if ('}])'.includes(c)) depth--;
    else if (c === ':' && depth === 1) return true;
  }
  return false;
}

/** The name of a pattern that is one bare metavariable (`$X`), if it is one. */
function loneMetavariable(formula: Formula): string | undefined {
  if (formula.kind !== 'pattern') return undefined;
  return /^\s*\$([A-Z_][A-Z0-9_]*)\s*$/.exec(formula.pattern)?.[1];
}

/** A formula the engine cannot evaluate: never run half-way, always said. */
export class UnsupportedFormula extends Error {}

/** Normalises code for comparing two bindings: `a  +b` and `a + b` are the same code. */
function canonical(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/\s*([()[\]{},.;:+\-*/%<>=!&|?])\s*/g, '$1')
    .trim();
}

/** Two matches agree when every metavariable they both bind is bound to the same code. */
function unify(a: Match, b: Match): Map<string, Binding> | undefined {
  const merged = new Map(a.bindings);
  for (const [name, binding] of b.bindings) {
    const mine = merged.get(name);
    if (mine === undefined) merged.set(name, binding);
    else if (canonical(mine.text) !== canonical(binding.text)) return undefined;
  }
  return merged;
}

const within = (inner: Match, outer: Match) => outer.start <= inner.start && inner.end <= outer.end;
const overlaps = (a: Match, b: Match) => a.start < b.end && b.start < a.end;

/** Evaluates formulas over one parsed file. Each distinct pattern is searched once. */
export class FileEvaluator {
  private readonly cache = new Map<string, Match[]>();

  private readonly source: string;
  private wordSet: Set<string> | undefined;
  private plainTree: TreeNode | undefined;
  private readonly possible = new Map<Formula, boolean>();
  private readonly regexPossible = new Map<string, boolean>();
  /** Pattern variants that are statement sequences, searched as blocks. */
  private readonly sequences = new Set<string>();

  constructor(private readonly file: ParsedFile) {
    this.source = file.source;
  }

  /** The file's tree as plain objects (made once, shared with the taint engine). */
  tree(): TreeNode {
    this.plainTree ??= copyTree(this.file.root);
    return this.plainTree;
  }

  /** The identifier-like words of the file (in code, strings and comments alike). */
  private words(): Set<string> {
    this.wordSet ??= new Set(this.source.match(/[A-Za-z_][A-Za-z0-9_]*/g));
    return this.wordSet;
  }

  private mayMatchPattern(pattern: string): boolean {
    const { words, texts } = anchorsOf(pattern);
    const fileWords = this.words();
    return (
      words.every((word) => fileWords.has(word)) &&
      texts.every((text) => this.source.includes(text))
    );
  }

  private mayMatchRegex(regex: string): boolean {
    // Rules share their source definitions: test each regex once per file.
    const known = this.regexPossible.get(regex);
    if (known !== undefined) return known;
    const literals = requiredLiterals(regex);
    const words = this.words();
    const result =
      literals === undefined ||
      (literals.wholeWords
        ? literals.wholeWords.some((alt) => alt.every((w) => words.has(w)))
        : literals.finder.test(this.source));
    this.regexPossible.set(regex, result);
    return result;
  }

  /**
   * False when the file cannot hold a match of `formula`: a pattern it needs has a word or
   * string the file lacks, or a `metavariable-regex` needs one of a few words the file
   * lacks. Checked before any tree search: most rules do not apply to most files.
   */
  mayMatch(formula: Formula): boolean {
    const known = this.possible.get(formula);
    if (known !== undefined) return known;
    let result: boolean;
    const quick = quickWords(formula);
    if (quick !== undefined && !quick.some((w) => this.words().has(w))) {
      this.possible.set(formula, false);
      return false;
    }
    switch (formula.kind) {
      case 'pattern':
        result = this.mayMatchPattern(formula.pattern);
        break;
      case 'regex':
        result = this.mayMatchRegex(formula.regex);
        break;
      case 'any':
        result = formula.items.some((f) => this.mayMatch(f));
        break;
      case 'all':
        result = formula.items.every((f) => {
          switch (f.kind) {
            case 'pattern':
            case 'any':
            case 'all':
              return this.mayMatch(f);
            case 'inside':
              return this.mayMatch(f.formula);
            case 'metavariable-regex':
            case 'regex':
              return this.mayMatchRegex(f.regex);
            default:
              return true;
          }
        });
        break;
      default:
        result = true;
    }
    this.possible.set(formula, result);
    return result;
  }

  /** Every match of `formula` in the file, in file order, without duplicates. */
  evaluate(formula: Formula): Match[] {
    if (!this.mayMatch(formula)) return [];
    const out = this.eval(formula);
    const seen = new Set<string>();
    return out
      .filter((m) => {
        const key = `${m.start}:${m.end}:${[...m.bindings].map(([k, v]) => `${k}=${v.start}`).join(',')}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      })
      .sort((a, b) => a.start - b.start || a.end - b.end);
  }

  private eval(formula: Formula): Match[] {
    switch (formula.kind) {
      case 'pattern':
        return this.pattern(formula.pattern);
      case 'regex':
        return this.regex(formula.regex);
      case 'any':
        return formula.items.flatMap((f) => this.eval(f));
      case 'all':
        return this.mayMatch(formula) ? this.conjunction(formula.items) : [];
      default:
        throw new UnsupportedFormula(`"${formula.kind}" is only allowed inside "patterns"`);
    }
  }

  private pattern(
    pattern: string,
    constraints?: ReadonlyMap<string, string>,
    checked: ReadonlySet<string> = new Set(),
  ): Match[] {
    const cacheKey =
      (constraints && constraints.size > 0) || checked.size > 0
        ? `${pattern}\u0000${[...(constraints ?? [])].map(([k, v]) => `${k}=${v}`).join('\u0000')}\u0000${[...checked].join(',')}`
        : pattern;
    const cached = this.cache.get(cacheKey);
    if (cached) return cached;
    const lone = /^\s*\$([A-Z_][A-Z0-9_]*)\s*$/.exec(pattern);
    if (lone) {
      // Every node: read from the plain copy of the tree rather than node by node natively.
      const name = lone[1] as string;
      const all: Match[] = [];
      const stack = [this.tree()];
      while (stack.length > 0) {
        const node = stack.pop() as TreeNode;
        if (node.kind !== 'comment' && node.parent !== undefined) {
          const binding = {
            text: this.source.slice(node.start, node.end),
            start: node.start,
            end: node.end,
          };
          all.push({ start: node.start, end: node.end, bindings: new Map([[name, binding]]) });
        }
        stack.push(...node.children);
      }
      this.cache.set(pattern, all);
      return all;
    }
    const matches: Match[] = [];
    if (!this.mayMatchPattern(pattern)) {
      this.cache.set(cacheKey, matches);
      return matches;
    }
    // metavariable-regex filters the engine can hand to ast-grep, which then builds far
    // fewer nodes (`$REQ.$PROP` with PROP in query|body: a few matches, not every member).
    const native: Record<string, { regex: string }> = {};
    for (const [name, regex] of constraints ?? []) native[name] = { regex };
    const names = metavariablesOf(pattern).filter((n) => !n.startsWith(PLACEHOLDER_PREFIX));
    const seen = new Set<string>();
    const python = this.file.language === 'python';
    for (const search of planPattern(pattern, this.file.imports, this.source, checked, python)) {
      let found: SgNode[];
      const lone =
        search.placeholders.length === 1 &&
        search.astGrep.length === 1 &&
        search.astGrep[0] === `$${search.placeholders[0]?.name}`;
      try {
        // A pattern that is only a string ("...") would visit every node: ask for strings.
        found =
          lone && search.placeholders[0]?.kind === 'string'
            ? this.file.root.findAll({
                rule:
                  this.file.language === 'python'
                    ? { kind: 'string' }
                    : { any: [{ kind: 'string' }, { kind: 'template_string' }] },
              })
            : this.search(search.astGrep, native);
      } catch (err) {
        // Several statements: Semgrep's statement sequence. Search the blocks holding them.
        if (!/Multiple AST nodes/.test((err as Error).message) || lone) {
          throw new UnsupportedFormula(`the pattern does not parse: ${(err as Error).message}`);
        }
        for (const v of search.astGrep) this.sequences.add(v);
        try {
          found = this.search(search.astGrep, native);
        } catch (again) {
          throw new UnsupportedFormula(`the pattern does not parse: ${(again as Error).message}`);
        }
      }
      const sequence = search.astGrep.some((v) => this.sequences.has(v));
      for (const node of found) {
        const range = sequence ? sequenceRange(node) : node.range();
        if (!range) continue;
        const base = new Map<string, Binding>();
        if (lone) {
          // The node is the placeholder's binding itself.
          const p = search.placeholders[0] as Placeholder;
          if (p.kind === 'string' && !this.stringMatches(node, p)) continue;
          if (p.kind === 'string') {
            matches.push({ start: range.start.index, end: range.end.index, bindings: base });
            continue;
          }
        }
        for (const name of names) {
          const binding = this.binding(node, name);
          if (binding) base.set(name, binding);
        }
        for (const bindings of this.placeholders(node, search.placeholders, base)) {
          const key = `${range.start.index}:${range.end.index}:${[...bindings].map(([k, v]) => `${k}=${v.start}-${v.end}`).join(',')}`;
          if (seen.has(key)) continue;
          seen.add(key);
          matches.push({ start: range.start.index, end: range.end.index, bindings });
        }
      }
    }
    this.cache.set(cacheKey, matches);
    return matches;
  }

  /**
   * One walk of the tree for all the variants of a pattern, with the regex constraints
   * ast-grep can apply itself; constraints it refuses (a regex feature the Rust engine
   * lacks) are dropped, since the evaluator applies every metavariable-regex again anyway.
   */
  private search(
    variants: readonly string[],
    constraints: Readonly<Record<string, { regex: string }>>,
  ): SgNode[] {
    const one = (variant: string) =>
      this.file.language !== 'python' && looksLikeObject(variant)
        ? // `{ a: $X }` alone parses as a block: read it as the object of an assignment.
          { pattern: { context: `__rampart = ${variant}`, selector: 'object' } }
        : this.sequences.has(variant)
          ? sequenceRule(variant, this.file.language === 'python')
          : { pattern: variant };
    const rule = variants.length === 1 ? one(variants[0] as string) : { any: variants.map(one) };
    // ast-grep checks constraints after matching, without trying other bindings: a
    // metavariable after a `$$$` would be checked on one binding only. Leave those out.
    const safe = Object.fromEntries(
      Object.entries(constraints).filter(
        ([name]) =>
          !variants.some((v) => new RegExp(`\\$\\$\\$[\\s\\S]*\\$${name}(?![A-Z0-9_])`).test(v)),
      ),
    );
    if (Object.keys(safe).length > 0) {
      try {
        return this.file.root.findAll({ rule, constraints: safe } as never);
      } catch {
        // fall through without constraints
      }
    }
    return this.file.root.findAll({ rule } as never);
  }

  /** What `name` is bound to in an ast-grep match: one node, or the span of a `$$$` list. */
  private binding(node: SgNode, name: string): Binding | undefined {
    let single = node.getMatch(name);
    // A TypeScript parameter binds as its name, without `: Type`, as in Semgrep.
    const kind = single?.kind();
    if (single && (kind === 'required_parameter' || kind === 'optional_parameter')) {
      const named = single.field('pattern' as never) as SgNode | null;
      if (named && single.children().every((c) => c.kind() !== 'decorator')) single = named;
    }
    if (single) {
      const r = single.range();
      return {
        text: this.source.slice(r.start.index, r.end.index),
        start: r.start.index,
        end: r.end.index,
      };
    }
    const many = node.getMultipleMatches(name).filter((n) => n.text().trim() !== ',');
    const first = many[0];
    const last = many[many.length - 1];
    if (!first || !last) return undefined;
    const start = first.range().start.index;
    const end = last.range().end.index;
    return { text: this.source.slice(start, end), start, end };
  }

  /** Whether a node is a string literal as a `"..."`, `"=~/re/"` or `"text"` placeholder asks. */
  private stringMatches(node: SgNode, p: Extract<Placeholder, { kind: 'string' }>): boolean {
    if (!isPlainString(node)) return false;
    const content = stringContent(node.text());
    if (p.content !== undefined && content !== p.content && content !== `node:${p.content}`)
      return false;
    return p.regex === undefined || p.regex.test(content);
  }

  /**
   * The bindings under which a node satisfies its placeholders' checks: string literals
   * by content, deep expressions by containing a match of their inner pattern (whose
   * metavariables then join the bindings, once per way of matching).
   */
  private placeholders(
    node: SgNode,
    placeholders: readonly Placeholder[],
    base: Map<string, Binding>,
  ): Map<string, Binding>[] {
    let results = [base];
    for (const p of placeholders) {
      const bound = node.getMatch(p.name);
      if (!bound) return [];
      if (p.kind === 'string') {
        if (!this.stringMatches(bound, p)) return [];
        continue;
      }
      const r = bound.range();
      const outer = {
        start: r.start.index,
        end: r.end.index,
        bindings: new Map<string, Binding>(),
      };
      const inner = /^\$([A-Z_][A-Z0-9_]*)$/.exec(p.inner);
      const candidates: Match[] = inner
        ? descendants(bound).map((d) => {
            const dr = d.range();
            const b: Binding = {
              text: this.source.slice(dr.start.index, dr.end.index),
              start: dr.start.index,
              end: dr.end.index,
            };
            return { start: b.start, end: b.end, bindings: new Map([[inner[1] as string, b]]) };
          })
        : this.pattern(p.inner).filter((m) => within(m, outer));
      results = results.flatMap((bindings) =>
        candidates.flatMap((c) => {
          const merged = unify({ start: 0, end: 0, bindings }, c);
          return merged ? [merged] : [];
        }),
      );
      if (results.length === 0) return [];
    }
    return results;
  }

  private regex(source: string): Match[] {
    const re = compileRegex(source, 'gm');
    const out: Match[] = [];
    for (const m of this.source.matchAll(re)) {
      if (m[0] === '') continue;
      const bindings = new Map<string, Binding>();
      out.push({ start: m.index, end: m.index + m[0].length, bindings });
    }
    return out;
  }

  /**
   * Semgrep's `patterns`: the positive terms intersect (same range, bindings agree);
   * `pattern-inside` keeps matches inside one of its matches; `pattern-not` and
   * `pattern-not-inside` remove; metavariable conditions filter; `focus-metavariable`
   * narrows the range to the binding.
   */
  private conjunction(items: readonly Formula[]): Match[] {
    const positive = items.filter(
      (f) => f.kind === 'pattern' || f.kind === 'any' || f.kind === 'all' || f.kind === 'regex',
    );
    const insides = items.filter((f) => f.kind === 'inside');
    let result: Match[];
    if (positive.length > 0) {
      // A bare `$X` next to other positive terms only names their match: bind, don't search.
      const bare = positive.filter((f) => loneMetavariable(f) !== undefined);
      const searched =
        positive.length > bare.length ? positive.filter((f) => !bare.includes(f)) : positive;
      const constraints = nativeConstraints(items);
      const tested = testedMetavariables(items);
      const run = (f: Formula): Match[] =>
        f.kind === 'pattern'
          ? this.pattern(
              f.pattern,
              constraintsFor(f.pattern, constraints),
              new Set(
                [...tested].filter((n) => new RegExp(`\\$${n}(?![A-Z0-9_])`).test(f.pattern)),
              ),
            )
          : f.kind === 'any' && (constraints.size > 0 || tested.size > 0)
            ? f.items.filter((i) => this.mayMatch(i)).flatMap(run)
            : this.eval(f);
      const [first, ...rest] = searched as [Formula, ...Formula[]];
      result = run(first);
      for (const term of rest) {
        const byRange = new Map<string, Match[]>();
        for (const o of run(term)) {
          const key = `${o.start}:${o.end}`;
          byRange.set(key, [...(byRange.get(key) ?? []), o]);
        }
        result = result.flatMap((m) => {
          for (const o of byRange.get(`${m.start}:${m.end}`) ?? []) {
            const bindings = unify(m, o);
            if (bindings) return [{ ...m, bindings }];
          }
          return [];
        });
      }
      if (searched !== positive) {
        for (const term of bare) {
          const name = loneMetavariable(term) as string;
          result = result.flatMap((m) => {
            const self: Match = {
              start: m.start,
              end: m.end,
              bindings: new Map([
                [name, { text: this.source.slice(m.start, m.end), start: m.start, end: m.end }],
              ]),
            };
            const bindings = unify(m, self);
            return bindings ? [{ ...m, bindings }] : [];
          });
        }
      }
    } else if (insides.length > 0) {
      const [first] = insides;
      result = first?.kind === 'inside' ? this.eval(first.formula) : [];
    } else {
      throw new UnsupportedFormula(
        '"patterns" needs a positive term (pattern, pattern-either, pattern-inside, pattern-regex)',
      );
    }
    // pattern-inside binds metavariables, so it goes first; the filters commute, so the
    // cheap ones go next and an empty result stops the rest; focus-metavariable changes the
    // range and comes after every filter.
    const cost = (f: Formula) =>
      f.kind === 'inside'
        ? 0
        : f.kind === 'metavariable-regex' || f.kind === 'metavariable-comparison'
          ? 1
          : f.kind === 'focus'
            ? 4
            : f.kind === 'metavariable-pattern'
              ? 3
              : 2;
    const ordered = [...items].sort((a, b) => cost(a) - cost(b));
    for (const item of ordered) {
      if (result.length === 0) break;
      switch (item.kind) {
        case 'pattern':
        case 'any':
        case 'all':
        case 'regex':
          break;
        case 'inside': {
          if (positive.length === 0 && item === insides[0]) break;
          const outer = this.eval(item.formula);
          result = result.flatMap((m) => {
            for (const o of outer) {
              if (!within(m, o)) continue;
              const bindings = unify(m, o);
              if (bindings) return [{ ...m, bindings }];
            }
            return [];
          });
          break;
        }
        case 'not': {
          const excluded = new Map<string, Match[]>();
          for (const e of this.eval(item.formula)) {
            const key = `${e.start}:${e.end}`;
            excluded.set(key, [...(excluded.get(key) ?? []), e]);
          }
          result = result.filter(
            (m) => !(excluded.get(`${m.start}:${m.end}`) ?? []).some((e) => unify(m, e)),
          );
          break;
        }
        case 'not-inside': {
          const excluded = this.eval(item.formula);
          result = result.filter((m) => !excluded.some((e) => within(m, e) && unify(m, e)));
          break;
        }
        case 'not-regex': {
          const excluded = this.regex(item.regex);
          result = result.filter((m) => !excluded.some((e) => overlaps(m, e)));
          break;
        }
        case 'metavariable-regex': {
          // Semgrep anchors the regex at the start of the bound text (Python's re.match).
          const inline = /^\(\?[imsx]+\)/.exec(item.regex)?.[0] ?? '';
          // No `m` flag: `^` is the start of the bound code only, as with Python's re.match.
          const re = compileRegex(`${inline}^(?:${item.regex.slice(inline.length)})`);
          result = result.filter((m) => {
            const b = m.bindings.get(item.metavariable.slice(1));
            return b !== undefined && re.test(b.text);
          });
          break;
        }
        case 'metavariable-pattern': {
          // Another language's metavariable-pattern is refused when the rule is loaded.
          const inner = this.eval(item.formula);
          const name = item.metavariable.slice(1);
          result = result.filter((m) => {
            const b = m.bindings.get(name);
            return (
              b !== undefined &&
              inner.some((i) => within(i, { start: b.start, end: b.end, bindings: new Map() }))
            );
          });
          break;
        }
        case 'metavariable-comparison': {
          const compare = comparison(item.comparison);
          result = result.filter((m) => compare(m.bindings));
          break;
        }
        case 'focus': {
          result = result.flatMap((m) => {
            const b = m.bindings.get((item.metavariables[0] as string).slice(1));
            return b === undefined ? [] : [{ ...m, start: b.start, end: b.end }];
          });
          break;
        }
      }
    }
    return result;
  }
}

/**
 * The common forms of `metavariable-comparison`: `$X OP literal` or `literal OP $X` with
 * OP one of `< <= > >= == !=`, comparing numbers when both sides are numeric, else strings.
 * Anything else (Python expressions, `int($X)`, `and`/`or`) is unsupported.
 */
export function comparison(
  expression: string,
): (bindings: ReadonlyMap<string, Binding>) => boolean {
  const m =
    /^\s*(\$[A-Z_][A-Z0-9_]*|[^\s<>=!]+)\s*(<=|>=|==|!=|<|>)\s*(\$[A-Z_][A-Z0-9_]*|[^\s<>=!]+)\s*$/.exec(
      expression,
    );
  if (!m)
    throw new UnsupportedFormula(
      `metavariable-comparison "${expression}" is not a supported form ($X OP literal)`,
    );
  const [, left = '', op = '', right = ''] = m;
  const value = (
    side: string,
    bindings: ReadonlyMap<string, Binding>,
  ): string | number | undefined => {
    const raw = side.startsWith('$') ? bindings.get(side.slice(1))?.text : side;
    if (raw === undefined) return undefined;
    const unquoted = /^(["']).*\1$/s.test(raw) ? raw.slice(1, -1) : raw;
    const n = Number(unquoted.replace(/_/g, ''));
    return unquoted.trim() !== '' && Number.isFinite(n) ? n : unquoted;
  };
  return (bindings) => {
    const a = value(left, bindings);
    const b = value(right, bindings);
    if (a === undefined || b === undefined) return false;
    if (typeof a !== typeof b) return op === '!=';
    switch (op) {
      case '<':
        return a < b;
      case '<=':
        return a <= b;
      case '>':
        return a > b;
      case '>=':
        return a >= b;
      case '==':
        return a === b;
      default:
        return a !== b;
    }
  };
}
