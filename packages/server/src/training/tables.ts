import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { LifecycleDatabase } from '../lifecycle/tables.js';

// The tables of migration 0019-training, as Kysely sees them. They extend the lifecycle's
// view of the schema (the recommendations read `finding_cwes` and `finding_search`), so the
// training code is typed without touching the shared schema.

/** One submitted quiz. */
export interface TrainingAttemptTable {
  id: string;
  user_id: string;
  module_id: string;
  /** The chosen choice per question, as a JSON array of indexes. */
  answers: string;
  correct: number;
  total: number;
  /** `round(100 × correct / total)`. */
  score: number;
  /** 1 when the attempt reached the pass mark. */
  passed: number;
  created_at: number;
}

/** A module someone passed. */
export interface TrainingCompletionTable {
  user_id: string;
  module_id: string;
  /** The first passing attempt's time. */
  completed_at: number;
  /** The best score of the passing attempts. */
  best_score: number;
}

/** A rule that assigns a module (migration 0021-training-assignments). */
export interface TrainingRuleTable {
  id: string;
  name: string;
  /** A CWE id, upper case (`CWE-89`). */
  cwe: string;
  min_severity: 'critical' | 'high' | 'medium' | 'low';
  module_id: string;
  /** Null: every team. */
  team_id: string | null;
  due_days: number;
  /** 1 when the job applies it. */
  active: number;
  created_by: string | null;
  created_at: number;
  updated_at: number;
  /** The assignment job's watermark: when it last looked at this rule's findings. */
  checked_until: number | null;
}

/** A module assigned to a person. */
export interface TrainingAssignmentTable {
  id: string;
  /** The rule that assigned it; null for a manual one or once the rule is deleted. */
  rule_id: string | null;
  module_id: string;
  user_id: string;
  team_id: string | null;
  /** The finding that triggered it. */
  finding_id: string | null;
  assigned_at: number;
  due_at: number;
  /** When the person passed the module; null while open. */
  completed_at: number | null;
}

/** The database as the training code sees it. */
export type TrainingDatabase = LifecycleDatabase & {
  training_attempts: TrainingAttemptTable;
  training_completions: TrainingCompletionTable;
  training_rules: TrainingRuleTable;
  training_assignments: TrainingAssignmentTable;
};

/** The hub's Kysely instance, typed with the training tables. */
export function trainingDb(db: Kysely<Database>): Kysely<TrainingDatabase> {
  return db as unknown as Kysely<TrainingDatabase>;
}
