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
  if (source.includes('(')) {
    let changed = false;
    // Offsets are UTF-16 code units, as `split('')` gives.
    const units = source.split('');
    // The parent test runs natively: if conditions alone hold thousands of parentheses.
    const redundant = root.findAll({
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
    } as never);
    for (const node of redundant) {
      const inner = node.children().filter((c) => c.isNamed());
      if (inner.length !== 1 || KEEP_PARENS_AROUND.has(String((inner[0] as SgNode).kind())))
        continue;
      const r = node.range();
      if (units[r.start.index] !== '(' || units[r.end.index - 1] !== ')') continue;
      units[r.start.index] = ' ';
      units[r.end.index - 1] = ' ';
      changed = true;
    }
    if (changed) root = parse(lang, units.join('')).root();
  }
  const canonical = language === 'js' || language === 'jsx' ? 'javascript' : language;
  return { root, source, language: canonical, imports: importTable(root, source, canonical) };
}

/** The parse errors of a file, or undefined when it parsed cleanly. */
export function parseProblem(file: ParsedFile): ParseProblem | undefined {
  const errors = file.root.findAll({ rule: { kind: 'ERROR' } });
  const first = errors[0];
  if (first === undefined) return undefined;
  // Errors nest: count each stretch of text once.
  let covered = 0;
  let reach = -1;
  for (const e of errors) {
    const r = e.range();
    const start = Math.max(r.start.index, reach);
    if (r.end.index > start) covered += r.end.index - start;
    reach = Math.max(reach, r.end.index);
  }
  return {
    line: first.range().start.line + 1,
    errors: errors.length,
    coverage: file.source.length === 0 ? 0 : covered / file.source.length,
  };
}
