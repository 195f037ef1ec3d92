import { Lang, parse, type SgNode } from '@ast-grep/napi';
import { type ImportTable, importTable } from './imports.js';
import { engineLanguage } from './languages.js';

/** A file parsed once for every rule: its tree, its text and its imports. */
export interface ParsedFile {
  readonly root: SgNode;
  readonly source: string;
  /** `javascript`, `typescript`, `tsx` or `python`. */
  readonly language: string;
  readonly imports: ImportTable;
  /** The syntax errors (ERROR nodes), in file order. */
  readonly errors: readonly {
    readonly start: number;
    readonly end: number;
    readonly line: number;
  }[];
}

/** Where the file does not parse: the first error's 1-based line, how many, how much. */
export interface ParseProblem {
  readonly line: number;
  readonly errors: number;
  /** The share of the file's text inside syntax errors, 0 to 1. */
  readonly coverage: number;
}

/**
 * Above this share of text in syntax errors a file is not analysed: the tree would be too
 * wrong to trust. Below it (a newer syntax the grammar lacks, `export type * from`), the
 * rest of the file is analysed, as Semgrep does with partial parses.
 */
export const MAX_ERROR_COVERAGE = 0.1;

/**
 * Parents under which a parenthesised expression means the same without its parentheses:
 * `f((a + b))`, `x = (y)`, `return (z)`. Elsewhere (operands, callees, conditions) the
 * parentheses carry precedence or syntax and stay.
 */
const REDUNDANT_PARENS_UNDER: Readonly<Record<'javascript' | 'python', readonly string[]>> = {
  javascript: [
    'arguments',
    'variable_declarator',
    'assignment_expression',
    'augmented_assignment_expression',
    'return_statement',
    'pair',
    'array',
    'template_substitution',
    'spread_element',
    'jsx_expression',
  ],
  python: ['argument_list', 'assignment', 'augmented_assignment', 'keyword_argument', 'list'],
};

/**
 * A cheap text test before the tree walk: an opening parenthesis where an expression starts
 * (after `(`, `,`, `=`, `:`, `[`, `{`, `...` or `return`) that is not an arrow function's
 * parameter list. Files without one (most) skip the walk; the walk itself decides.
 */
const MAY_HAVE_REDUNDANT_PARENS =
  /(?:[(,=:[{]|\.\.\.|\breturn)\s*\((?![^()]*\)\s*(?:=>|:\s*[\w<[{]))/;

/** Inner expressions that change meaning when their parentheses go (`f((a, b))`). */
const KEEP_PARENS_AROUND = new Set(['sequence_expression', 'object', 'yield']);

/**
 * Parses a file for the engine. Semgrep treats redundant parentheses as absent (pattern
 * `exec("ls " + $X)` matches `exec(("ls " + x))`); to get the same, redundant parentheses
 * are blanked to spaces and the file parsed again, which keeps every offset the same.
 */
export function parseFile(language: string, source: string): ParsedFile {
  const lang = engineLanguage(language);
  if (lang === undefined) throw new Error(`no parser for ${language}`);
  let root = parse(lang, source).root();
  // Two walks, each led by a node kind, which ast-grep filters natively and fast.
  const errors = root.findAll({ rule: { kind: 'ERROR' } }).map((node) => {
    const r = node.range();
    return { start: r.start.index, end: r.end.index, line: r.start.line + 1 };
  });
  const redundant = MAY_HAVE_REDUNDANT_PARENS.test(source)
    ? root.findAll({
        rule: {
          kind: 'parenthesized_expression',
          inside: {
            stopBy: 'neighbor',
            any: REDUNDANT_PARENS_UNDER[language === 'python' ? 'python' : 'javascript']
              // The plain TypeScript grammar has no JSX.
              .filter((kind) => lang !== Lang.TypeScript || !kind.startsWith('jsx'))
              .map((kind) => ({ kind })),
          },
        },
      } as never)
    : [];
  let units: string[] | undefined;
  for (const node of redundant) {
    const r = node.range();
    const inner = node.children().filter((c) => c.isNamed());
    if (inner.length !== 1 || KEEP_PARENS_AROUND.has(String((inner[0] as SgNode).kind()))) continue;
    // Offsets are UTF-16 code units, as `split('')` gives.
    units ??= source.split('');
    if (units[r.start.index] !== '(' || units[r.end.index - 1] !== ')') continue;
    units[r.start.index] = ' ';
    units[r.end.index - 1] = ' ';
  }
  if (units) root = parse(lang, units.join('')).root();
  const canonical = language === 'js' || language === 'jsx' ? 'javascript' : language;
  let imports: ImportTable | undefined;
  return {
    root,
    source,
    language: canonical,
    errors,
    // Read on first use: most files never need their imports.
    get imports() {
      imports ??= importTable(root, source, canonical);
      return imports;
    },
  };
}

/** The parse errors of a file, or undefined when it parsed cleanly. */
export function parseProblem(file: ParsedFile): ParseProblem | undefined {
  const first = file.errors[0];
  if (first === undefined) return undefined;
  // Errors nest: count each stretch of text once.
  let covered = 0;
  let reach = -1;
  for (const e of file.errors) {
    const start = Math.max(e.start, reach);
    if (e.end > start) covered += e.end - start;
    reach = Math.max(reach, e.end);
  }
  return {
    line: first.line,
    errors: file.errors.length,
    coverage: file.source.length === 0 ? 0 : covered / file.source.length,
  };
}
