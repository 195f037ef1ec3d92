import { readFileSync } from 'node:fs';
import { isRampartError } from '@rampart/core';
import { type CompiledRule, compileRule } from '../analyse-file.js';
import { loadRules } from './load-rules.js';

/**
 * Loads and compiles the rules of `files`. A rule that cannot run is passed to `warn` and
 * skipped. A file that does not load (invalid YAML, no `rules:` list) throws its
 * `ParseError` (file and line) when it is one of `strict` (the user's own `--rules`), and is
 * otherwise warned about and skipped.
 */
export function loadRuleFiles(
  files: readonly string[],
  warn: (message: string) => void = () => {},
  strict: ReadonlySet<string> = new Set(),
): CompiledRule[] {
  const compiled: CompiledRule[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    let loaded: ReturnType<typeof loadRules>;
    try {
      loaded = loadRules(readFileSync(file, 'utf8'), file);
    } catch (err) {
      if (!isRampartError(err) || strict.has(file)) throw err;
      warn(`sast: ${err.message}; rules in this file are skipped`);
      continue;
    }
    for (const issue of loaded.issues) {
      warn(
        `sast: rule ${issue.ruleId} skipped (${issue.at.file}:${issue.at.line}, ${issue.field}): ${issue.message}`,
      );
    }
    for (const rule of loaded.rules) {
      const earlier = seen.get(rule.id);
      if (earlier !== undefined) {
        warn(`sast: rule ${rule.id} in ${file} skipped: ${earlier} has a rule with that id`);
        continue;
      }
      seen.set(rule.id, file);
      compiled.push(compileRule(rule));
    }
  }
  return compiled;
}
