import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  batchBySize,
  type FindingDraft,
  runWorkerPool,
  type ScanContext,
  type ScanTarget,
  type TargetFile,
} from '@rampart/core';
import { scanText } from './analyse-file.js';
import { builtInRulesDir } from './builtin-rules.js';
import { LANGUAGE_BY_EXTENSION } from './engine/languages.js';
import { loadRuleFiles } from './rules/load-rule-files.js';
import { ruleFiles } from './rules/rule-files.js';
import { parseSastOptions, type SastOptions } from './sast-options.js';
import type { SastWorkerData, SastWorkerRequest, SastWorkerResponse } from './worker/protocol.js';

/** Below this many files, starting threads costs more than it saves. */
const WORKER_MIN_FILES = 300;
const BATCH_FILES = 8;
const BATCH_BYTES = 2 * 1024 * 1024;

/**
 * The worker script: next to this module once compiled, or one folder up when this module
 * is a chunk of the bundled CLI. Undefined when running from TypeScript sources.
 */
function workerScript(): URL | undefined {
  for (const candidate of ['./worker/sast-worker.js', './sast-worker.js', '../sast-worker.js']) {
    const url = new URL(candidate, import.meta.url);
    if (existsSync(fileURLToPath(url))) return url;
  }
  return undefined;
}

/** How many worker threads to use for this many files; 0 means the main thread. */
export function sastWorkerCount(options: SastOptions, files: number): number {
  if (workerScript() === undefined) return 0;
  if (typeof options.workers === 'number') return options.workers;
  if (files < WORKER_MIN_FILES) return 0;
  return Math.min(availableParallelism(), 8);
}

/** The language each file is read as, for the files some rule may apply to. */
function sourceFiles(target: ScanTarget): { file: TargetFile; language: string }[] {
  return target.files.flatMap((file) => {
    // Declaration files hold types only: no code runs from them.
    if (/\.d\.[cm]?ts$/i.test(file.path)) return [];
    const language = LANGUAGE_BY_EXTENSION[extname(file.path).toLowerCase()];
    return language === undefined ? [] : [{ file, language }];
  });
}

/**
 * The `sast` scanner's work: the built-in rules and those of `--rules`, run by Rampart's
 * engine over JavaScript, TypeScript and Python files; each file is parsed once for all
 * its rules, on worker threads when there are many files. A rule the engine cannot run is
 * reported once and skipped; a file that does not parse is reported and skipped.
 */
export async function* scanWithRules(
  target: ScanTarget,
  ctx: ScanContext,
): AsyncIterable<FindingDraft> {
  const options = parseSastOptions(ctx.config.scannerOptions.sast, ctx.config.path);
  const files = sourceFiles(target);
  if (files.length === 0) return;
  const paths: string[] = options.builtInRules ? await ruleFiles(builtInRulesDir()) : [];
  // The user's own rule files must load: a broken one fails the scan (exit 2) rather than
  // leaving the team's rules silently unrun.
  const own = new Set<string>();
  for (const root of ctx.rulePaths) for (const file of await ruleFiles(root)) own.add(file);
  paths.push(...own);
  const reported = new Set<string>();
  const warnOnce = (key: string, message: string) => {
    if (reported.has(key)) return;
    reported.add(key);
    ctx.logger.warn(message);
  };
  const rules = loadRuleFiles(paths, (message) => warnOnce(message, message), own);
  if (rules.length === 0) {
    if (ctx.requested === true)
      ctx.logger.warn('sast: no rules to run; give rule files or folders with --rules');
    return;
  }
  const unsupported = (u: { ruleId: string; message: string }) => {
    const rule = rules.find((c) => c.rule.id === u.ruleId)?.rule;
    warnOnce(
      `unsupported:${u.ruleId}`,
      `sast: rule ${u.ruleId} skipped${rule ? ` (${rule.at.file}:${rule.at.line})` : ''}: ${u.message}`,
    );
  };
  const unparsable = (path: string, language: string, line: number) =>
    ctx.logger.warn(
      `sast: ${path} does not parse as ${language} (first syntax error on line ${line}); skipped`,
    );
  const partial = (path: string, line: number) =>
    ctx.logger.debug(
      `sast: ${path} has syntax errors from line ${line} (a syntax the parser may not know); the rest of it was analysed`,
    );
  ctx.progress.setTotal(files.length);

  const threads = sastWorkerCount(options, files.length);
  const script = workerScript();
  if (threads > 0 && script) {
    ctx.logger.debug(`sast: analysing ${files.length} files on ${threads} worker threads`);
    const languageOf = new Map(files.map(({ file, language }) => [file.path, language]));
    const requests: SastWorkerRequest[] = batchBySize(
      files.map(({ file, language }) => ({ ...file, language })),
      BATCH_FILES,
      BATCH_BYTES,
    ).map((batch, id) => ({
      id,
      files: batch.map((f) => ({
        path: f.path,
        absolutePath: f.absolutePath,
        language: f.language,
      })),
    }));
    const data: SastWorkerData = { rules: rules.map((c) => c.rule) };
    for await (const batch of runWorkerPool<SastWorkerRequest, SastWorkerResponse>(
      script,
      data,
      requests,
      threads,
      ctx.signal,
    )) {
      for (const e of batch.unreadable)
        ctx.logger.warn(`sast: cannot read ${e.path}; skipped`, { error: e.message });
      for (const p of batch.unparsable) unparsable(p.path, languageOf.get(p.path) ?? '', p.line);
      for (const p of batch.partial) partial(p.path, p.line);
      for (const u of batch.unsupported) unsupported(u);
      yield* batch.drafts;
      ctx.progress.advance(batch.files);
    }
    return;
  }

  const broken = new Set<string>();
  for (const { file, language } of files) {
    if (ctx.signal.aborted) return;
    ctx.progress.advance();
    let source: string;
    try {
      source = await target.readText(file.path);
    } catch (err) {
      ctx.logger.warn(`sast: cannot read ${file.path}; skipped`, { error: (err as Error).message });
      continue;
    }
    const outcome = scanText(file.path, language, source, rules, broken);
    if (outcome.unparsableAt !== undefined) unparsable(file.path, language, outcome.unparsableAt);
    if (outcome.partialAt !== undefined) partial(file.path, outcome.partialAt);
    for (const u of outcome.unsupported) unsupported(u);
    yield* outcome.drafts;
  }
}
