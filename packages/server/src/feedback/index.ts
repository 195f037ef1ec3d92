// Field feedback on scanner rules, and the per-rule false-positive rates.

export {
  createRuleFeedback,
  FEEDBACK_TRANSITIONS,
  listRuleFeedback,
  RULE_FEEDBACK_KINDS,
  RULE_FEEDBACK_STATUSES,
  type RuleFeedbackPatch,
  type RuleFeedbackView,
  ruleFeedbackView,
  updateRuleFeedback,
} from './feedback-store.js';
export { ruleFeedbackMigration } from './migration.js';
export {
  LOW_SAMPLE_FINDINGS,
  RULE_STATS_WINDOW_MS,
  type RuleStats,
  type RuleStatsOptions,
  ruleStats,
} from './rule-stats.js';
export type { RuleFeedbackKind, RuleFeedbackStatus } from './tables.js';
