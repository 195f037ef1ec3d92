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

/** The database as the training code sees it. */
export type TrainingDatabase = LifecycleDatabase & {
  training_attempts: TrainingAttemptTable;
  training_completions: TrainingCompletionTable;
};

/** The hub's Kysely instance, typed with the training tables. */
export function trainingDb(db: Kysely<Database>): Kysely<TrainingDatabase> {
  return db as unknown as Kysely<TrainingDatabase>;
}
