import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import {
  type FindingDraft,
  isRampartError,
  type ScanContext,
  type ScanTarget,
} from '@rampart/core';
import {
  analyseFile,
  type CompiledRule,
  compileRule,
  findingsOf,
  ruleApplies,
} from './analyse-file.js';
import { LANGUAGE_BY_EXTENSION } from './engine/languages.js';
import { loadRules } from './rules/load-rules.js';
import { ruleFiles } from './rules/rule-files.js';

/** Loads the rules of `paths` (files or folders), warning about each one that cannot run. */
export async function loadRulePaths(
  paths: readonly string[],
  warn: (message: string) => void,
): Promise<CompiledRule[]> {
  const compiled: CompiledRule[] = [];
  for (const path of paths) {
    for (const file of await ruleFiles(path)) {
      let loaded: ReturnType<typeof loadRules>;
      try {
        loaded = loadRules(await readFile(file, 'utf8'), file);
      } catch (err) {
        if (!isRampartError(err)) throw err;
        warn(`sast: ${err.message}; rules in this file are skipped`);
        continue;
      }
      for (const issue of loaded.issues) {
        warn(
          `sast: rule ${issue.ruleId} skipped (${issue.at.file}:${issue.at.line}, ${issue.field}): ${issue.message}`,
        );
      }
      compiled.push(...loaded.rules.map(compileRule));
    }
  }
  return compiled;
}

/**
 * The `sast` scanner's work: Semgrep-syntax rules run by Rampart's engine over JavaScript,
 * TypeScript and Python files; each file is parsed once for all its rules. A rule the
 * engine cannot run is reported once and skipped; a file that does not parse is reported
 * and skipped.
 */
export async function* scanWithRules(
  target: ScanTarget,
  ctx: ScanContext,
): AsyncIterable<FindingDraft> {
  const warn = (message: string) => ctx.logger.warn(message);
  const compiled = await loadRulePaths(ctx.rulePaths, warn);
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
    ctx.progress.advance();
    const language = LANGUAGE_BY_EXTENSION[extname(file.path).toLowerCase()] as string;
    const rules = compiled
      .filter((c) => !broken.has(c.rule.id) && ruleApplies(c, language, file.path))
      .map((c) => c.rule);
    if (rules.length === 0) continue;
    let source: string;
    try {
      source = await target.readText(file.path);
    } catch (err) {
      ctx.logger.warn(`sast: cannot read ${file.path}; skipped`, { error: (err as Error).message });
      continue;
    }
    const result = analyseFile(source, language, rules);
    if (result.parseProblem) {
      ctx.logger.warn(
        `sast: ${file.path} does not parse as ${language} (first error on line ${result.parseProblem.line}); skipped`,
      );
      continue;
    }
    for (const u of result.unsupported) {
      if (broken.has(u.ruleId)) continue;
      broken.add(u.ruleId);
      const rule = rules.find((r) => r.id === u.ruleId);
      ctx.logger.warn(
        `sast: rule ${u.ruleId} skipped${rule ? ` (${rule.at.file}:${rule.at.line})` : ''}: ${u.message}`,
      );
    }
    yield* findingsOf(file.path, language, source, result.matches);
  }
}
