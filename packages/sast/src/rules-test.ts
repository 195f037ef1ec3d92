import { readdir, readFile } from 'node:fs/promises';
import { basename, extname, join, relative } from 'node:path';
import { isRampartError } from '@rampart/core';
import { analyseFile, compileRule, lineStarts, positionOf, ruleReads } from './analyse-file.js';
import { LANGUAGE_BY_EXTENSION } from './engine/languages.js';
import { loadRules } from './rules/load-rules.js';
import { ruleFiles } from './rules/rule-files.js';

/** One rule against one test file. */
export interface RuleTestResult {
  readonly ruleId: string;
  readonly ruleFile: string;
  readonly testFile: string;
  /** Lines annotated `ruleid:` that the rule did not match. */
  readonly missed: readonly number[];
  /** Lines the rule matched that are not annotated `ruleid:` (`ok:` lines among them). */
  readonly extra: readonly number[];
  /** Lines annotated `todoruleid:`/`todook:` (known gaps, not counted). */
  readonly todo: readonly number[];
  /** Set when the rule could not run at all. */
  readonly error?: string;
  readonly passed: boolean;
}

interface Annotations {
  readonly expected: Map<string, Set<number>>;
  readonly todo: Map<string, Set<number>>;
}

/**
 * Semgrep's test annotations: a comment `ruleid: a, b` (or `ok:`, `todoruleid:`, `todook:`)
 * says what the rules must do on the next line that is not itself an annotation.
 */
function annotations(text: string): Annotations {
  const expected = new Map<string, Set<number>>();
  const todo = new Map<string, Set<number>>();
  const lines = text.split('\n');
  let pending: { kind: string; ids: string[] }[] = [];
  lines.forEach((line, i) => {
    const m =
      /^\s*(?:\/\/|#|\/\*|\{\s*\/\*)\s*(todoruleid|todook|ruleid|ok)\s*:\s*(.+?)\s*(?:\*\/\s*\}?)?\s*$/.exec(
        line,
      );
    if (m) {
      const ids = (m[2] as string)
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      pending.push({ kind: m[1] as string, ids });
      return;
    }
    if (pending.length === 0) return;
    for (const { kind, ids } of pending) {
      for (const id of ids) {
        const map = kind === 'ruleid' ? expected : kind === 'ok' ? undefined : todo;
        if (map === undefined) continue;
        const set = map.get(id) ?? new Set<number>();
        set.add(i + 1);
        map.set(id, set);
      }
    }
    pending = [];
  });
  return { expected, todo };
}

/** The result of a rule that could not be tested at all. */
function failure(
  base: Pick<RuleTestResult, 'ruleId' | 'ruleFile' | 'testFile'>,
  error: string,
): RuleTestResult {
  return { ...base, missed: [], extra: [], todo: [], error, passed: false };
}

/**
 * `rampart rules test DIR`: every `NAME.yaml` rule file beside test files `NAME.<ext>`; each
 * rule must match exactly the lines annotated `ruleid: <id>` (the line after the comment)
 * and no other line (`ok: <id>` marks lines that must stay clean). `todoruleid`/`todook`
 * lines are known gaps and are not counted.
 */
export async function testRules(dir: string): Promise<RuleTestResult[]> {
  const results: RuleTestResult[] = [];
  for (const ruleFile of await ruleFiles(dir)) {
    const stem = basename(ruleFile).replace(/\.ya?ml$/i, '');
    const folder = join(ruleFile, '..');
    const tests = (await readdir(folder))
      .filter(
        (f) =>
          f.startsWith(`${stem}.`) &&
          LANGUAGE_BY_EXTENSION[extname(f)] !== undefined &&
          f.slice(stem.length + 1).split('.').length === 1,
      )
      .map((f) => join(folder, f));
    if (tests.length === 0) continue;
    let loaded: ReturnType<typeof loadRules>;
    try {
      loaded = loadRules(await readFile(ruleFile, 'utf8'), relative(dir, ruleFile));
    } catch (err) {
      if (!isRampartError(err)) throw err;
      results.push(
        failure({ ruleId: '(file)', ruleFile, testFile: tests[0] as string }, err.message),
      );
      continue;
    }
    for (const issue of loaded.issues) {
      const base = { ruleId: issue.ruleId, ruleFile, testFile: tests[0] as string };
      results.push(failure(base, `${issue.field}: ${issue.message}`));
    }
    for (const testFile of tests) {
      const language = LANGUAGE_BY_EXTENSION[extname(testFile)] as string;
      const source = await readFile(testFile, 'utf8');
      const notes = annotations(source);
      const starts = lineStarts(source);
      const lineOf = (offset: number) => positionOf(starts, offset).line;
      for (const rule of loaded.rules) {
        const base = { ruleId: rule.id, ruleFile, testFile };
        if (!ruleReads(compileRule(rule), language)) {
          if (notes.expected.has(rule.id))
            results.push(failure(base, `the test file is not a ${rule.languages.join('/')} file`));
          continue;
        }
        const analysis = analyseFile(source, language, [rule]);
        if (analysis.parseProblem) {
          results.push(
            failure(base, `the test file does not parse (line ${analysis.parseProblem.line})`),
          );
          continue;
        }
        const broken = analysis.unsupported[0];
        if (broken) {
          results.push(failure(base, broken.message));
          continue;
        }
        const matched = new Set(analysis.matches.map((m) => lineOf(m.match.start)));
        const expected = notes.expected.get(rule.id) ?? new Set<number>();
        const todo = notes.todo.get(rule.id) ?? new Set<number>();
        const missed = [...expected].filter((l) => !matched.has(l)).sort((a, b) => a - b);
        const extra = [...matched]
          .filter((l) => !expected.has(l) && !todo.has(l))
          .sort((a, b) => a - b);
        results.push({
          ...base,
          missed,
          extra,
          todo: [...todo].sort((a, b) => a - b),
          passed: missed.length === 0 && extra.length === 0,
        });
      }
    }
  }
  return results;
}
