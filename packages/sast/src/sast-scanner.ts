import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse } from '@ast-grep/napi';
import {
  type FindingDraft,
  isRampartError,
  packageVersion,
  type ScanContext,
  type ScanTarget,
} from '@rampart/core';
import ignore from 'ignore';
import { FileEvaluator, type Match, UnsupportedFormula } from './engine/evaluate.js';
import { type EngineLanguage, engineLanguage, LANGUAGE_BY_EXTENSION } from './engine/languages.js';
import { loadRules } from './rules/load-rules.js';
import type { Rule } from './rules/rule.js';
import { ruleFiles } from './rules/rule-files.js';

const TOOL = { name: 'rampart', version: packageVersion(import.meta.url) };

/** 1-based line and column of each offset, from the line starts of a text. */
function positionOf(starts: readonly number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - (starts[lo] as number) + 1 };
}

/** `$X` in a rule message becomes the code bound to it. */
function interpolate(message: string, match: Match): string {
  return message.replace(/\$([A-Z_][A-Z0-9_]*)/g, (whole, name: string) => {
    const text = match.bindings.get(name)?.text;
    return text === undefined ? whole : text.length > 80 ? `${text.slice(0, 79)}…` : text;
  });
}

function owaspId(values: readonly string[]): string | undefined {
  for (const v of values) {
    const m = /\bA(0[1-9]|10):2021\b/.exec(v);
    if (m) return m[0];
  }
  return undefined;
}

interface CompiledRule {
  readonly rule: Rule;
  readonly languages: ReadonlySet<string>;
  readonly include: ReturnType<typeof ignore> | undefined;
  readonly exclude: ReturnType<typeof ignore> | undefined;
}

/**
 * The `sast` scanner's work: Semgrep-syntax rules from `--rules` files or folders, run by
 * Rampart's engine over JavaScript, TypeScript and Python files; each file is parsed once
 * for all its rules. Search-mode rules for now; a rule the engine cannot run is reported
 * and skipped.
 */
export async function* scanWithRules(
  target: ScanTarget,
  ctx: ScanContext,
): AsyncIterable<FindingDraft> {
  const compiled: CompiledRule[] = [];
  for (const path of ctx.rulePaths) {
    for (const file of await ruleFiles(path)) {
      let loaded: ReturnType<typeof loadRules>;
      try {
        loaded = loadRules(await readFile(file, 'utf8'), file);
      } catch (err) {
        if (!isRampartError(err)) throw err;
        ctx.logger.warn(`sast: ${err.message}; rules in this file are skipped`);
        continue;
      }
      for (const issue of loaded.issues) {
        ctx.logger.warn(
          `sast: rule ${issue.ruleId} skipped (${issue.at.file}:${issue.at.line}, ${issue.field}): ${issue.message}`,
        );
      }
      for (const rule of loaded.rules) {
        if (rule.mode === 'taint') {
          ctx.logger.warn(`sast: rule ${rule.id} skipped: taint mode is not supported yet`);
          continue;
        }
        compiled.push({
          rule,
          languages: new Set(rule.languages.map((l) => l.toLowerCase())),
          include:
            rule.paths.include.length > 0 ? ignore().add([...rule.paths.include]) : undefined,
          exclude:
            rule.paths.exclude.length > 0 ? ignore().add([...rule.paths.exclude]) : undefined,
        });
      }
    }
  }
  if (compiled.length === 0) {
    if (ctx.requested === true)
      ctx.logger.warn('sast: no rules to run; give rule files or folders with --rules');
    return;
  }
  const broken = new Set<string>();
  const files = target.files.filter(
    (f) => LANGUAGE_BY_EXTENSION[extname(f.path).toLowerCase()] !== undefined,
  );
  ctx.progress.setTotal(files.length);
  for (const file of files) {
    if (ctx.signal.aborted) return;
    const language = LANGUAGE_BY_EXTENSION[extname(file.path).toLowerCase()] as string;
    const rules = compiled.filter(
      (c) =>
        !broken.has(c.rule.id) &&
        (c.languages.has(language) ||
          (language === 'tsx' && (c.languages.has('typescript') || c.languages.has('ts'))) ||
          (language === 'javascript' && c.languages.has('js')) ||
          (language === 'typescript' && c.languages.has('ts')) ||
          (language === 'python' && c.languages.has('py'))) &&
        (c.include === undefined || c.include.ignores(file.path)) &&
        !(c.exclude?.ignores(file.path) ?? false),
    );
    ctx.progress.advance();
    if (rules.length === 0) continue;
    const lang = engineLanguage(language) as EngineLanguage;
    let source: string;
    let evaluator: FileEvaluator;
    try {
      source = await target.readText(file.path);
      evaluator = new FileEvaluator(parse(lang, source).root(), source);
    } catch (err) {
      ctx.logger.warn(`sast: cannot parse ${file.path}; skipped`, {
        error: (err as Error).message,
      });
      continue;
    }
    const starts = [0];
    for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1))
      starts.push(i + 1);
    for (const { rule } of rules) {
      let matches: Match[];
      try {
        matches = evaluator.evaluate(rule.formula as NonNullable<Rule['formula']>);
      } catch (err) {
        if (!(err instanceof UnsupportedFormula)) throw err;
        broken.add(rule.id);
        ctx.logger.warn(
          `sast: rule ${rule.id} skipped (${rule.at.file}:${rule.at.line}): ${err.message}`,
        );
        continue;
      }
      for (const m of matches) {
        const from = positionOf(starts, m.start);
        const to = positionOf(starts, Math.max(m.start, m.end));
        const owasp = owaspId(rule.metadata.owasp);
        yield {
          ruleId: rule.id,
          scanner: 'sast',
          tool: TOOL,
          title: rule.id,
          message: interpolate(rule.message, m).trim(),
          severity: rule.severity,
          confidence: rule.metadata.confidence ?? 'medium',
          cwe: [...rule.metadata.cwe],
          ...(owasp === undefined ? {} : { owasp }),
          location: {
            kind: 'code',
            path: file.path,
            region: {
              startLine: from.line,
              startColumn: from.column,
              endLine: to.line,
              endColumn: to.column,
            },
            snippet: source
              .slice(
                starts[from.line - 1],
                source.indexOf('\n', m.start) === -1 ? undefined : source.indexOf('\n', m.start),
              )
              .slice(0, 300),
          },
          ...(rule.fix === undefined
            ? {}
            : { remediation: `Suggested fix: \`${interpolate(rule.fix, m)}\`` }),
          references: [...rule.metadata.references],
          tags: ['sast', language],
        };
      }
    }
  }
}
