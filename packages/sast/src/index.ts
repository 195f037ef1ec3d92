export {
  analyseFile,
  type CompiledRule,
  compileRule,
  type FileAnalysis,
  findingsOf,
  type RuleMatch,
} from './analyse-file.js';
export { builtInRulesDir } from './builtin-rules.js';
export { type LoadedRules, loadRules } from './rules/load-rules.js';
export type {
  Formula,
  Rule,
  RuleIssue,
  RuleMetadata,
  RuleSource,
  TaintSpec,
} from './rules/rule.js';
export { ruleFiles } from './rules/rule-files.js';
export { type BuiltInRule, readBuiltInRules, rulesMarkdown } from './rules-doc.js';
export { type RuleTestResult, testRules } from './rules-test.js';
export { parseSastOptions, type SastOptions, SastOptionsSchema } from './sast-options.js';
export { sastWorkerCount, scanWithRules } from './sast-scanner.js';
export { createSastScanner } from './scanner-entry.js';
