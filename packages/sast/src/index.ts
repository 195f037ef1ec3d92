export { type LoadedRules, loadRules } from './rules/load-rules.js';
export type {
  Formula,
  Rule,
  RuleIssue,
  RuleMetadata,
  RuleSource,
  TaintSpec,
} from './rules/rule.js';
export { type RuleTestResult, testRules } from './rules-test.js';
export { scanWithRules } from './sast-scanner.js';
export { createSastScanner } from './scanner-entry.js';
