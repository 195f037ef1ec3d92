import { ParseError, type Severity } from '@rampart/core';
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument, type YAMLMap } from 'yaml';
import { compileRegex } from '../engine/regex.js';
import type { Formula, Rule, RuleIssue, RuleMetadata, RuleSource, TaintSpec } from './rule.js';

/** What one rule file gave: the rules that can run, and the ones that cannot, with why. */
export interface LoadedRules {
  readonly rules: Rule[];
  readonly issues: RuleIssue[];
}

const SEVERITY: Readonly<Record<string, Severity>> = {
  ERROR: 'high',
  WARNING: 'medium',
  INFO: 'low',
  CRITICAL: 'critical',
  HIGH: 'high',
  MEDIUM: 'medium',
  LOW: 'low',
};

/** Keys a rule may have; anything else is reported, never ignored. */
const RULE_KEYS = new Set([
  'id',
  'message',
  'severity',
  'languages',
  'metadata',
  'paths',
  'fix',
  'mode',
  'pattern',
  'patterns',
  'pattern-either',
  'pattern-regex',
  'pattern-sources',
  'pattern-sinks',
  'pattern-sanitizers',
  'pattern-propagators',
  // Version bounds only say which Semgrep can run the rule: nothing to do here.
  'min-version',
  'max-version',
]);

const TOP_FORMULA_KEYS = ['pattern', 'patterns', 'pattern-either', 'pattern-regex'] as const;
const CONFIDENCE = new Set(['high', 'medium', 'low']);

/** A rule-level problem: the rule is skipped and the issue reported. */
class RuleProblem extends Error {
  constructor(
    readonly field: string,
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

/**
 * Reads a Semgrep rule file (`rules:` list in YAML). A file that is not valid YAML or has no
 * `rules` list is a `ParseError` naming the file and line. A rule that is malformed or uses
 * something Rampart does not support is skipped and reported with its id, the field and
 * the line, so it is never silently mis-run.
 */
export function loadRules(text: string, file: string): LoadedRules {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const lineOf = (node: Node | null | undefined): number =>
    node?.range ? lines.linePos(node.range[0]).line : 1;
  const yamlError = doc.errors[0];
  if (yamlError !== undefined) {
    const { line, col } = lines.linePos(yamlError.pos[0]);
    throw new ParseError(
      { file, line, column: col },
      `invalid YAML: ${yamlError.message.split('\n')[0]}`,
    );
  }
  const top = doc.contents;
  if (!isMap(top))
    throw new ParseError({ file, line: lineOf(top) }, 'a rule file is a map with a `rules` list');
  const list = top.get('rules', true) as Node | undefined;
  if (!isSeq(list)) {
    throw new ParseError({ file, line: lineOf(list ?? top) }, 'a rule file needs a `rules` list');
  }

  const rules: Rule[] = [];
  const issues: RuleIssue[] = [];
  const seen = new Set<string>();
  list.items.forEach((item, index) => {
    const node = item as Node;
    const at: RuleSource = { file, line: lineOf(node) };
    const fallbackId = `rules[${index}]`;
    const id = isMap(node) ? scalarString(node.get('id', true) as Node | undefined) : undefined;
    try {
      if (!isMap(node)) throw new RuleProblem('(rule)', 'a rule is a map', at.line);
      const rule = readRule(node, file, lineOf);
      if (seen.has(rule.id))
        throw new RuleProblem(
          'id',
          `a rule with id "${rule.id}" comes earlier in this file`,
          at.line,
        );
      seen.add(rule.id);
      rules.push(rule);
    } catch (err) {
      if (!(err instanceof RuleProblem)) throw err;
      issues.push({
        ruleId: id ?? fallbackId,
        field: err.field,
        message: err.message,
        at: { file, line: err.line },
      });
    }
  });
  return { rules, issues };
}

function scalarString(node: Node | null | undefined): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

type LineOf = (node: Node | null | undefined) => number;

function readRule(map: YAMLMap, file: string, lineOf: LineOf): Rule {
  const line = lineOf(map as unknown as Node);
  const get = (key: string) => map.get(key, true) as Node | undefined;
  for (const pair of map.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!RULE_KEYS.has(key)) {
      throw new RuleProblem(
        key || '(key)',
        `"${key}" is not supported by Rampart's engine`,
        lineOf(pair.key as Node),
      );
    }
  }
  const str = (key: string, required: boolean): string | undefined => {
    const node = get(key);
    if (node === undefined) {
      if (required) throw new RuleProblem(key, `"${key}" is missing`, line);
      return undefined;
    }
    const value = scalarString(node);
    if (value === undefined || value.trim() === '')
      throw new RuleProblem(key, `"${key}" must be a non-empty string`, lineOf(node));
    return value;
  };
  const id = str('id', true) as string;
  const message = str('message', true) as string;
  const severityWord = (str('severity', true) as string).toUpperCase();
  const severity = SEVERITY[severityWord];
  if (severity === undefined) {
    throw new RuleProblem(
      'severity',
      `severity "${severityWord}" is not one of ${Object.keys(SEVERITY).join(', ')}`,
      lineOf(get('severity')),
    );
  }
  const languages = stringList(get('languages'), 'languages', lineOf, line, true);
  if (languages.length === 0)
    throw new RuleProblem(
      'languages',
      '"languages" must list at least one language',
      lineOf(get('languages')),
    );
  const mode = str('mode', false) ?? 'search';
  if (mode !== 'search' && mode !== 'taint') {
    throw new RuleProblem(
      'mode',
      `mode "${mode}" is not supported (only search and taint)`,
      lineOf(get('mode')),
    );
  }
  const fix = str('fix', false);
  const paths = readPaths(get('paths'), lineOf);
  const metadata = readMetadata(get('metadata'), lineOf);
  const at = { file, line };

  const formulaKeys = TOP_FORMULA_KEYS.filter((k) => get(k) !== undefined);
  const taintKeys = [
    'pattern-sources',
    'pattern-sinks',
    'pattern-sanitizers',
    'pattern-propagators',
  ].filter((k) => get(k) !== undefined);
  const base = {
    id,
    message,
    severity,
    languages,
    metadata,
    paths,
    ...(fix === undefined ? {} : { fix }),
    at,
  };
  if (mode === 'search') {
    if (taintKeys.length > 0)
      throw new RuleProblem(
        taintKeys[0] as string,
        `"${taintKeys[0]}" needs mode: taint`,
        lineOf(get(taintKeys[0] as string)),
      );
    if (formulaKeys.length !== 1) {
      throw new RuleProblem(
        'pattern',
        `a search rule needs exactly one of ${TOP_FORMULA_KEYS.join(', ')}`,
        line,
      );
    }
    const key = formulaKeys[0] as string;
    const formula = readFormula(key, get(key) as Node, file, lineOf);
    checkInnerLanguages([formula], languages);
    return { ...base, mode, formula };
  }
  if (formulaKeys.length > 0)
    throw new RuleProblem(
      formulaKeys[0] as string,
      `a taint rule has no "${formulaKeys[0]}"`,
      lineOf(get(formulaKeys[0] as string)),
    );
  const taint: TaintSpec = {
    sources: taintItems(get('pattern-sources'), 'pattern-sources', file, lineOf, true),
    sinks: taintItems(get('pattern-sinks'), 'pattern-sinks', file, lineOf, true),
    sanitizers: taintItems(get('pattern-sanitizers'), 'pattern-sanitizers', file, lineOf, false),
    propagators: propagatorItems(get('pattern-propagators'), file, lineOf),
  };
  checkInnerLanguages(
    [
      ...taint.sources,
      ...taint.sinks,
      ...taint.sanitizers,
      ...taint.propagators.map((p) => p.formula),
    ],
    languages,
  );
  return { ...base, mode, taint };
}

const LANGUAGE_FAMILY: Readonly<Record<string, string>> = {
  javascript: 'js',
  js: 'js',
  jsx: 'js',
  typescript: 'js',
  ts: 'js',
  tsx: 'js',
  python: 'py',
  py: 'py',
  python3: 'py',
};

/** A metavariable-pattern must read its code in the rule's own language family. */
function checkInnerLanguages(formulas: readonly Formula[], languages: readonly string[]): void {
  const families = new Set(languages.map((l) => LANGUAGE_FAMILY[l.toLowerCase()]));
  const visit = (f: Formula): void => {
    if (f.kind === 'metavariable-pattern' && f.language !== undefined) {
      const family = LANGUAGE_FAMILY[f.language.toLowerCase()];
      if (family === undefined || !families.has(family) || families.size > 1)
        throw new RuleProblem(
          'metavariable-pattern.language',
          `metavariable-pattern in language "${f.language}" is not supported (only the rule's own language)`,
          f.at.line,
        );
    }
    if ('items' in f) f.items.forEach(visit);
    if ('formula' in f) visit(f.formula);
  };
  formulas.forEach(visit);
}

function stringList(
  node: Node | undefined,
  field: string,
  lineOf: LineOf,
  line: number,
  required: boolean,
): string[] {
  if (node === undefined) {
    if (required) throw new RuleProblem(field, `"${field}" is missing`, line);
    return [];
  }
  if (isScalar(node) && typeof node.value === 'string') return [node.value];
  if (!isSeq(node))
    throw new RuleProblem(field, `"${field}" must be a list of strings`, lineOf(node));
  return node.items.map((item) => {
    const value = scalarString(item as Node);
    if (value === undefined)
      throw new RuleProblem(field, `"${field}" must be a list of strings`, lineOf(item as Node));
    return value;
  });
}

function readPaths(node: Node | undefined, lineOf: LineOf): Rule['paths'] {
  if (node === undefined) return { include: [], exclude: [] };
  if (!isMap(node))
    throw new RuleProblem('paths', '"paths" must be a map with include and exclude', lineOf(node));
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (key !== 'include' && key !== 'exclude')
      throw new RuleProblem(
        `paths.${key}`,
        `"paths.${key}" is not supported`,
        lineOf(pair.key as Node),
      );
  }
  return {
    include: stringList(
      node.get('include', true) as Node | undefined,
      'paths.include',
      lineOf,
      lineOf(node),
      false,
    ),
    exclude: stringList(
      node.get('exclude', true) as Node | undefined,
      'paths.exclude',
      lineOf,
      lineOf(node),
      false,
    ),
  };
}

/** `CWE-89: Improper Neutralization…` → `CWE-89`; a bare number gets the prefix. */
function cweId(value: string): string | undefined {
  const m = /^\s*(?:CWE-)?(\d+)\b/i.exec(value);
  return m ? `CWE-${Number(m[1])}` : undefined;
}

function readMetadata(node: Node | undefined, lineOf: LineOf): RuleMetadata {
  if (node === undefined) return { cwe: [], owasp: [], references: [], extra: {} };
  if (!isMap(node)) throw new RuleProblem('metadata', '"metadata" must be a map', lineOf(node));
  const json = node.toJSON() as Record<string, unknown>;
  const list = (value: unknown): string[] =>
    value === undefined
      ? []
      : (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
  const { cwe, owasp, confidence, references, ...extra } = json;
  const conf = typeof confidence === 'string' ? confidence.toLowerCase() : undefined;
  return {
    cwe: [...new Set(list(cwe).flatMap((c) => cweId(c) ?? []))],
    owasp: list(owasp),
    ...(conf !== undefined && CONFIDENCE.has(conf)
      ? { confidence: conf as 'high' | 'medium' | 'low' }
      : {}),
    references: list(references),
    extra,
  };
}

/** The operators allowed as items of `patterns:`. */
const CONJUNCT_KEYS = new Set([
  'pattern',
  'patterns',
  'pattern-either',
  'pattern-regex',
  'pattern-not',
  'pattern-inside',
  'pattern-not-inside',
  'pattern-not-regex',
  'metavariable-regex',
  'metavariable-pattern',
  'metavariable-comparison',
  'focus-metavariable',
]);
/** The operators allowed as items of `pattern-either:` and inside taint specs. */
const DISJUNCT_KEYS = new Set(['pattern', 'patterns', 'pattern-either', 'pattern-regex']);

function readFormula(key: string, node: Node, file: string, lineOf: LineOf): Formula {
  const at = { file, line: lineOf(node) };
  const text = (): string => {
    const value = scalarString(node);
    if (value === undefined || value.trim() === '')
      throw new RuleProblem(key, `"${key}" must be a non-empty string`, at.line);
    return value;
  };
  const items = (allowed: ReadonlySet<string>): Formula[] => {
    if (!isSeq(node) || node.items.length === 0)
      throw new RuleProblem(key, `"${key}" must be a non-empty list`, at.line);
    return node.items.map((item) => {
      const [k, v] = singleOperator(item as Node, allowed, key, lineOf);
      return readFormula(k, v, file, lineOf);
    });
  };
  switch (key) {
    case 'pattern':
      return { kind: 'pattern', pattern: text(), at };
    case 'pattern-regex':
      return { kind: 'regex', regex: checkedRegex(text(), key, at.line), at };
    case 'pattern-not-regex':
      return { kind: 'not-regex', regex: checkedRegex(text(), key, at.line), at };
    case 'pattern-not':
      return { kind: 'not', formula: { kind: 'pattern', pattern: text(), at }, at };
    case 'pattern-inside':
      return { kind: 'inside', formula: { kind: 'pattern', pattern: text(), at }, at };
    case 'pattern-not-inside':
      return { kind: 'not-inside', formula: { kind: 'pattern', pattern: text(), at }, at };
    case 'patterns':
      return { kind: 'all', items: items(CONJUNCT_KEYS), at };
    case 'pattern-either':
      return { kind: 'any', items: items(DISJUNCT_KEYS), at };
    case 'focus-metavariable': {
      const names = isSeq(node)
        ? node.items.map((i) => scalarString(i as Node))
        : [scalarString(node)];
      if (
        names.length === 0 ||
        names.some((n) => n === undefined || !/^\$[A-Z_][A-Z0-9_]*$/.test(n))
      ) {
        throw new RuleProblem(
          key,
          '"focus-metavariable" names one or more metavariables ($X)',
          at.line,
        );
      }
      return { kind: 'focus', metavariables: names as string[], at };
    }
    case 'metavariable-regex':
    case 'metavariable-pattern':
    case 'metavariable-comparison':
      return readMetavariableCondition(key, node, file, lineOf);
    default:
      throw new RuleProblem(key, `"${key}" is not supported here`, at.line);
  }
}

function readMetavariableCondition(key: string, node: Node, file: string, lineOf: LineOf): Formula {
  const at = { file, line: lineOf(node) };
  if (!isMap(node)) throw new RuleProblem(key, `"${key}" must be a map`, at.line);
  const fields = new Map<string, Node>();
  for (const pair of node.items)
    fields.set(isScalar(pair.key) ? String(pair.key.value) : '', pair.value as Node);
  const allowed: Record<string, readonly string[]> = {
    'metavariable-regex': ['metavariable', 'regex'],
    'metavariable-pattern': ['metavariable', 'language', ...DISJUNCT_KEYS],
    'metavariable-comparison': ['metavariable', 'comparison'],
  };
  for (const [name, value] of fields) {
    if (!(allowed[key] ?? []).includes(name))
      throw new RuleProblem(`${key}.${name}`, `"${key}.${name}" is not supported`, lineOf(value));
  }
  const field = (name: string, required: boolean): string | undefined => {
    const value = fields.get(name);
    if (value === undefined) {
      if (required) throw new RuleProblem(`${key}.${name}`, `"${key}" needs "${name}"`, at.line);
      return undefined;
    }
    const s = scalarString(value);
    if (s === undefined)
      throw new RuleProblem(`${key}.${name}`, `"${key}.${name}" must be a string`, lineOf(value));
    return s;
  };
  const metavariable = field('metavariable', key !== 'metavariable-comparison');
  if (metavariable !== undefined && !/^\$[A-Z_][A-Z0-9_]*$/.test(metavariable)) {
    throw new RuleProblem(
      `${key}.metavariable`,
      `"${metavariable}" is not a metavariable ($X)`,
      at.line,
    );
  }
  if (key === 'metavariable-regex') {
    return {
      kind: 'metavariable-regex',
      metavariable: metavariable as string,
      regex: checkedRegex(field('regex', true) as string, `${key}.regex`, at.line),
      at,
    };
  }
  if (key === 'metavariable-comparison') {
    return {
      kind: 'metavariable-comparison',
      ...(metavariable === undefined ? {} : { metavariable }),
      comparison: field('comparison', true) as string,
      at,
    };
  }
  const inner = [...DISJUNCT_KEYS].filter((k) => fields.has(k));
  if (inner.length !== 1)
    throw new RuleProblem(
      key,
      `"${key}" needs exactly one of ${[...DISJUNCT_KEYS].join(', ')}`,
      at.line,
    );
  const innerKey = inner[0] as string;
  const language = field('language', false);
  return {
    kind: 'metavariable-pattern',
    metavariable: metavariable as string,
    formula: readFormula(innerKey, fields.get(innerKey) as Node, file, lineOf),
    ...(language === undefined ? {} : { language }),
    at,
  };
}

function singleOperator(
  node: Node,
  allowed: ReadonlySet<string>,
  parent: string,
  lineOf: LineOf,
): [string, Node] {
  if (!isMap(node) || node.items.length !== 1) {
    throw new RuleProblem(
      parent,
      `each item of "${parent}" is a map with one operator`,
      lineOf(node),
    );
  }
  const pair = node.items[0] as { key: unknown; value: unknown };
  const key = isScalar(pair.key) ? String((pair.key as { value: unknown }).value) : '';
  if (!allowed.has(key)) {
    throw new RuleProblem(
      `${parent}.${key}`,
      `"${key}" is not supported inside "${parent}"`,
      lineOf(pair.key as Node),
    );
  }
  return [key, pair.value as Node];
}

function taintItems(
  node: Node | undefined,
  field: string,
  file: string,
  lineOf: LineOf,
  required: boolean,
): Formula[] {
  if (node === undefined) {
    if (required) throw new RuleProblem(field, `a taint rule needs "${field}"`, 1);
    return [];
  }
  if (!isSeq(node) || node.items.length === 0)
    throw new RuleProblem(field, `"${field}" must be a non-empty list`, lineOf(node));
  return node.items.map((item) => {
    const [key, value] = singleOperator(item as Node, DISJUNCT_KEYS, field, lineOf);
    return readFormula(key, value, file, lineOf);
  });
}

function propagatorItems(
  node: Node | undefined,
  file: string,
  lineOf: LineOf,
): TaintSpec['propagators'] {
  if (node === undefined) return [];
  if (!isSeq(node))
    throw new RuleProblem(
      'pattern-propagators',
      '"pattern-propagators" must be a list',
      lineOf(node),
    );
  return node.items.map((item) => {
    const map = item as Node;
    if (!isMap(map))
      throw new RuleProblem('pattern-propagators', 'a propagator is a map', lineOf(map));
    const get = (k: string) => scalarString(map.get(k, true) as Node | undefined);
    for (const pair of map.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (!['pattern', 'from', 'to'].includes(key)) {
        throw new RuleProblem(
          `pattern-propagators.${key}`,
          `"${key}" is not supported in a propagator`,
          lineOf(pair.key as Node),
        );
      }
    }
    const pattern = map.get('pattern', true) as Node | undefined;
    const from = get('from');
    const to = get('to');
    if (pattern === undefined || from === undefined || to === undefined) {
      throw new RuleProblem(
        'pattern-propagators',
        'a propagator needs pattern, from and to',
        lineOf(map),
      );
    }
    return { formula: readFormula('pattern', pattern, file, lineOf), from, to };
  });
}

function checkedRegex(source: string, field: string, line: number): string {
  try {
    compileRegex(source);
  } catch (err) {
    throw new RuleProblem(field, `not a valid regular expression: ${(err as Error).message}`, line);
  }
  return source;
}
