import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { Dialect } from '../db/database.js';

/**
 * Migration 0022-gamification: the seasons points are counted over, and each person's
 * leaderboard opt-out. Points and badges themselves are never stored: they are worked out
 * from the recorded history on every read (gamification/points.ts), so they cannot drift.
 * Seasons do not overlap; the store checks it (a check constraint cannot see other rows).
 */
export function gamificationMigration(dialect: Dialect): Migration {
  const millis = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('seasons')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().check(sql`length(name) between 1 and 100`))
        .addColumn('starts_at', millis, (c) => c.notNull())
        .addColumn('ends_at', millis, (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('created_at', millis, (c) => c.notNull())
        .addColumn('updated_at', millis, (c) => c.notNull())
        .addCheckConstraint('seasons_window', sql`starts_at < ends_at`)
        .execute();
      await db.schema
        .createIndex('seasons_starts_at')
        .on('seasons')
        .columns(['starts_at', 'ends_at'])
        .execute();
      await db.schema
        .createTable('gamification_settings')
        .addColumn('user_id', 'text', (c) =>
          c.primaryKey().references('users.id').onDelete('cascade'),
        )
        .addColumn('opted_out', 'integer', (c) => c.notNull().check(sql`opted_out in (0, 1)`))
        .addColumn('updated_at', millis, (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('gamification_settings').execute();
      await db.schema.dropTable('seasons').execute();
    },
  };
}
