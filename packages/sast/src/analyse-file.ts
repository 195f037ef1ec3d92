import type { FindingDraft } from '@rampart/core';
import { packageVersion, redactSecret } from '@rampart/core';
import ignore from 'ignore';
import { FileEvaluator, type Match, UnsupportedFormula } from './engine/evaluate.js';
import {
  MAX_ERROR_COVERAGE,
  type ParseProblem,
  parseFile,
  parseProblem,
} from './engine/parse-file.js';
import { TaintAnalysis, type TaintFlow } from './engine/taint.js';
import type { Formula, Rule } from './rules/rule.js';

const TOOL = { name: 'rampart', version: packageVersion(import.meta.url) };

/** Semgrep's language names for each language a file is read as. */
const LANGUAGE_NAMES: Readonly<Record<string, readonly string[]>> = {
  javascript: ['javascript', 'js', 'jsx'],
  typescript: ['typescript', 'ts'],
  tsx: ['tsx', 'typescript', 'ts'],
  python: ['python', 'py', 'python3'],
};

/** A rule ready to run: its languages and path filters compiled once. */
export interface CompiledRule {
  readonly rule: Rule;
  readonly languages: ReadonlySet<string>;
  readonly include: ReturnType<typeof ignore> | undefined;
  readonly exclude: ReturnType<typeof ignore> | undefined;
}

/** Compiles a rule's language and path filters. */
export function compileRule(rule: Rule): CompiledRule {
  return {
    rule,
    languages: new Set(rule.languages.map((l) => l.toLowerCase())),
    include: rule.paths.include.length > 0 ? ignore().add([...rule.paths.include]) : undefined,
    exclude: rule.paths.exclude.length > 0 ? ignore().add([...rule.paths.exclude]) : undefined,
  };
}

/** True when a rule is written for files read as `language`. */
export function ruleReads(c: CompiledRule, language: string): boolean {
  return (LANGUAGE_NAMES[language] ?? []).some((name) => c.languages.has(name));
}

/** True when a rule runs on a file read as `language` at `path` (relative, `/`-separated). */
export function ruleApplies(c: CompiledRule, language: string, path: string): boolean {
  if (!ruleReads(c, language)) return false;
  if (c.include !== undefined && !c.include.ignores(path)) return false;
  return !(c.exclude?.ignores(path) ?? false);
}

/** One rule's match in a file, before it becomes a finding. */
export interface RuleMatch {
  readonly rule: Rule;
  readonly match: Match;
  /** Set for taint rules: where the data came from. */
  readonly flow?: TaintFlow;
}

/** What analysing one file gave. */
export interface FileAnalysis {
  readonly matches: RuleMatch[];
  /** Rules that cannot run (an unsupported pattern), by id, with why: skipped from now on. */
  readonly unsupported: { readonly ruleId: string; readonly message: string }[];
  /** Set when the file is too broken to analyse: it was skipped. */
  readonly parseProblem?: ParseProblem;
  /** Set when the file has a few syntax errors: the rest of it was analysed. */
  readonly partialParse?: ParseProblem;
}

const anyCache = new WeakMap<readonly Formula[], Formula>();

/**
 * A taint spec's list as one `pattern-either` formula, made once per scan: the evaluator's
 * caches and prefilters are keyed by formula, so the same object must come back each file.
 */
const any = (items: readonly Formula[], at: Rule['at']): Formula => {
  let formula = anyCache.get(items);
  if (!formula) {
    formula = { kind: 'any', items, at };
    anyCache.set(items, formula);
  }
  return formula;
};

/**
 * Runs rules over one file's text: parses it once, evaluates every search rule, and for
 * each taint rule with a source and a sink in the file, follows the data. A file with more
 * than a tenth of its text in syntax errors is not analysed (its problem is returned).
 */
export function analyseFile(
  source: string,
  language: string,
  rules: readonly Rule[],
): FileAnalysis {
  const file = parseFile(language, source);
  const problem = parseProblem(file);
  if (problem && problem.coverage > MAX_ERROR_COVERAGE)
    return { matches: [], unsupported: [], parseProblem: problem };
  const evaluator = new FileEvaluator(file);
  const matches: RuleMatch[] = [];
  const unsupported: FileAnalysis['unsupported'] = [];
  for (const rule of rules) {
    try {
      if (rule.mode === 'search' && rule.formula) {
        for (const match of evaluator.evaluate(rule.formula)) matches.push({ rule, match });
        continue;
      }
      const spec = rule.taint;
      if (!spec) continue;
      const sources = evaluator.evaluate(any(spec.sources, rule.at));
      if (sources.length === 0) continue;
      const sinks = evaluator.evaluate(any(spec.sinks, rule.at));
      if (sinks.length === 0) continue;
      const propagators = spec.propagators.flatMap((p) =>
        evaluator.evaluate(p.formula).flatMap((m) => {
          const from = m.bindings.get(p.from.replace(/^\$/, ''));
          const to = m.bindings.get(p.to.replace(/^\$/, ''));
          return from && to ? [{ from, to }] : [];
        }),
      );
      const follow = (sanitizers: Match[]) =>
        new TaintAnalysis(evaluator.tree(), source, {
          sources,
          sinks,
          sanitizers,
          propagators,
        }).run();
      // Sanitizers only remove flows: search for them only when there is a flow to remove.
      let flows = follow([]);
      if (flows.length > 0 && spec.sanitizers.length > 0)
        flows = follow(evaluator.evaluate(any(spec.sanitizers, rule.at)));
      for (const flow of flows) matches.push({ rule, match: flow.sink, flow });
    } catch (err) {
      if (!(err instanceof UnsupportedFormula)) throw err;
      unsupported.push({ ruleId: rule.id, message: err.message });
    }
  }
  return { matches, unsupported, ...(problem ? { partialParse: problem } : {}) };
}

/** Line starts of a text, for offset → line/column. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** 1-based line and column of a UTF-16 offset. */
export function positionOf(
  starts: readonly number[],
  offset: number,
): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - (starts[lo] as number) + 1 };
}

const short = (text: string, max = 60) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

/** `$X` in a rule message becomes the code bound to it. */
function interpolate(message: string, match: Match): string {
  return message.replace(/\$([A-Z_][A-Z0-9_]*)/g, (whole, name: string) => {
    const text = match.bindings.get(name)?.text;
    return text === undefined ? whole : short(text, 80);
  });
}

function owaspId(values: readonly string[]): string | undefined {
  for (const v of values) {
    const m = /\bA(0[1-9]|10):2021\b/.exec(v);
    if (m) return m[0];
  }
  return undefined;
}

/** The sentence that says where tainted data comes from and where it goes. */
function flowSentence(flow: TaintFlow, source: string, starts: readonly number[]): string {
  const line = (offset: number) => positionOf(starts, offset).line;
  const first = flow.sources[0];
  if (!first) return '';
  const from = `\`${short(source.slice(first.start, first.end))}\` (line ${line(first.start)})`;
  const more = flow.sources.length > 1 ? ` and ${flow.sources.length - 1} more source(s)` : '';
  const via = flow.via.map((at) => ` via the call on line ${line(at)}`).join('');
  const to = `\`${short(source.slice(flow.sink.start, flow.sink.end))}\` (line ${line(flow.sink.start)})`;
  return `Data flows from ${from}${more}${via} to ${to}.`;
}

/** Weaknesses whose findings show a credential: their string literals are masked. */
const CREDENTIAL_CWES = new Set(['CWE-798', 'CWE-259', 'CWE-321', 'CWE-547', 'CWE-522']);

/**
 * Masks the string literals of a text (`'hunter2-db'` → `'hunt******'`), as the secrets
 * scanner does: a hard-coded credential rule must not print the credential it found.
 */
export function maskStrings(text: string): string {
  return text.replace(/(["'`])((?:\\.|(?!\1)[^\\\n])*)\1/g, (whole, quote: string, body: string) =>
    body.length < 4 ? whole : `${quote}${redactSecret(body)}${quote}`,
  );
}

/** A readable title from a rule id: `js-sql-injection-pg` → `SQL injection (pg)`. */
export function titleOf(id: string): string {
  const words = id.replace(/^(js|py)-/, '').split('-');
  const upper = new Set([
    'sql',
    'nosql',
    'xss',
    'ssrf',
    'ssti',
    'xxe',
    'jwt',
    'tls',
    'ssl',
    'cors',
    'csrf',
    'rsa',
    'ecb',
    'iv',
    'dom',
    'vm',
    'md5',
    'sha1',
    'kdf',
    'api',
    'url',
    'os',
    'xml',
    'yaml',
    'db',
    'html',
    'http',
    'id',
    'pbkdf2',
  ]);
  const text = words.map((w) => (upper.has(w) ? w.toUpperCase() : w)).join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Turns a file's matches into finding drafts. */
export function findingsOf(
  path: string,
  language: string,
  source: string,
  matches: readonly RuleMatch[],
): FindingDraft[] {
  const starts = lineStarts(source);
  return matches.map(({ rule, match, flow }) => {
    const from = positionOf(starts, match.start);
    const to = positionOf(starts, Math.max(match.start, match.end));
    const owasp = owaspId(rule.metadata.owasp);
    const lineEnd = source.indexOf('\n', match.start);
    const credential = rule.metadata.cwe.some((c) => CREDENTIAL_CWES.has(c));
    const shown = credential ? maskStrings : (text: string) => text;
    const message = shown(interpolate(rule.message, match).trim());
    const remediation = rule.metadata.extra.remediation;
    const fix =
      rule.fix === undefined ? undefined : `Suggested fix: \`${interpolate(rule.fix, match)}\``;
    const advice = [typeof remediation === 'string' ? remediation.trim() : undefined, fix]
      .filter((s): s is string => s !== undefined && s !== '')
      .join(' ');
    return {
      ruleId: rule.id,
      scanner: 'sast',
      tool: TOOL,
      title:
        typeof rule.metadata.extra.title === 'string'
          ? rule.metadata.extra.title
          : titleOf(rule.id),
      message: flow ? `${message} ${shown(flowSentence(flow, source, starts))}` : message,
      severity: rule.severity,
      confidence: rule.metadata.confidence ?? 'medium',
      cwe: [...rule.metadata.cwe],
      ...(owasp === undefined ? {} : { owasp }),
      location: {
        kind: 'code',
        path,
        region: {
          startLine: from.line,
          startColumn: from.column,
          endLine: to.line,
          endColumn: to.column,
        },
        snippet: shown(
          source.slice(starts[from.line - 1], lineEnd === -1 ? undefined : lineEnd).slice(0, 300),
        ),
      },
      ...(advice === '' ? {} : { remediation: advice }),
      references: [...rule.metadata.references],
      tags: ['sast', language, ...(rule.mode === 'taint' ? ['taint'] : [])],
    } satisfies FindingDraft;
  });
}

/** What scanning one file's text gave, for the scanner or a worker to pass on. */
export interface FileOutcome {
  readonly drafts: FindingDraft[];
  /** Set when the file does not parse: the line of the first syntax error. */
  readonly unparsableAt?: number;
  /** Set when the file has a few syntax errors (analysed anyway): the first one's line. */
  readonly partialAt?: number;
  readonly unsupported: FileAnalysis['unsupported'];
}

/**
 * Scans one file's text with the rules that apply to it (by language and paths), leaving
 * out rules in `broken` (found unsupported earlier) and adding newly broken ones to it.
 */
export function scanText(
  path: string,
  language: string,
  source: string,
  rules: readonly CompiledRule[],
  broken: Set<string>,
): FileOutcome {
  const applicable = rules
    .filter((c) => !broken.has(c.rule.id) && ruleApplies(c, language, path))
    .map((c) => c.rule);
  if (applicable.length === 0) return { drafts: [], unsupported: [] };
  const result = analyseFile(source, language, applicable);
  if (result.parseProblem)
    return { drafts: [], unparsableAt: result.parseProblem.line, unsupported: [] };
  for (const u of result.unsupported) broken.add(u.ruleId);
  const working = result.matches.filter((m) => !broken.has(m.rule.id));
  return {
    drafts: mostSpecific(findingsOf(path, language, source, working)),
    unsupported: result.unsupported,
    ...(result.partialParse ? { partialAt: result.partialParse.line } : {}),
  };
}

const SEVERITY_RANK: Readonly<Record<string, number>> = {
  critical: 4,
  high: 3,
  medium: 2,
  low: 1,
  info: 0,
};
const CONFIDENCE_RANK: Readonly<Record<string, number>> = { high: 2, medium: 1, low: 0 };

/**
 * One finding per weakness per line: when several rules report the same CWE on the same
 * line (a taint rule and the broader audit rule for the same bug), only the most specific
 * is kept: the most severe, then a taint flow over a pattern, then the most confident.
 */
export function mostSpecific(drafts: readonly FindingDraft[]): FindingDraft[] {
  const rank = (d: FindingDraft) => [
    SEVERITY_RANK[d.severity] ?? 0,
    d.tags?.includes('taint') ? 1 : 0,
    CONFIDENCE_RANK[d.confidence ?? 'medium'] ?? 0,
  ];
  const better = (a: FindingDraft, b: FindingDraft) => {
    const [x, y] = [rank(a), rank(b)];
    for (let i = 0; i < x.length; i++)
      if ((x[i] as number) !== (y[i] as number)) return (x[i] as number) > (y[i] as number);
    return false;
  };
  const kept: FindingDraft[] = [];
  for (const draft of drafts) {
    const line = draft.location.kind === 'code' ? draft.location.region?.startLine : undefined;
    const cwe = new Set(draft.cwe ?? []);
    const rival = kept.findIndex(
      (k) =>
        k.location.kind === 'code' &&
        k.location.region?.startLine === line &&
        (k.cwe ?? []).some((c) => cwe.has(c)),
    );
    if (rival === -1) kept.push(draft);
    else if (better(draft, kept[rival] as FindingDraft)) kept[rival] = draft;
  }
  return kept;
}
