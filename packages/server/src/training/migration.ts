import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { Dialect } from '../db/database.js';

/**
 * Migration 0019-training: quiz attempts and completed modules.
 * - `training_attempts`: one row per submitted quiz (the answers as a JSON array, how many
 *   were right, the score as a whole percentage and whether it passed). The index
 *   `(user_id, module_id, created_at)` answers "this person's attempts at this module in
 *   the last hour" (the attempt limit) and their progress.
 * - `training_completions`: one row per person and module they passed, written by the
 *   first passing attempt (`completed_at`) and raised by better ones (`best_score`).
 * Module ids are not foreign keys: modules live in files (the catalog), not in the store.
 * Both tables hang off `users` with cascade, so deleting a user drops their record.
 */
export function trainingMigration(dialect: Dialect): Migration {
  const millis = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('training_attempts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('module_id', 'text', (c) => c.notNull())
        .addColumn('answers', 'text', (c) => c.notNull())
        .addColumn('correct', 'integer', (c) => c.notNull().check(sql`correct >= 0`))
        .addColumn('total', 'integer', (c) => c.notNull().check(sql`total > 0`))
        .addColumn('score', 'integer', (c) => c.notNull().check(sql`score between 0 and 100`))
        .addColumn('passed', 'integer', (c) => c.notNull().check(sql`passed in (0, 1)`))
        .addColumn('created_at', millis, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('training_attempts_user_module_at')
        .on('training_attempts')
        .columns(['user_id', 'module_id', 'created_at'])
        .execute();
      await db.schema
        .createTable('training_completions')
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('module_id', 'text', (c) => c.notNull())
        .addColumn('completed_at', millis, (c) => c.notNull())
        .addColumn('best_score', 'integer', (c) =>
          c.notNull().check(sql`best_score between 0 and 100`),
        )
        .addPrimaryKeyConstraint('training_completions_pk', ['user_id', 'module_id'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('training_completions').execute();
      await db.schema.dropTable('training_attempts').execute();
    },
  };
}
