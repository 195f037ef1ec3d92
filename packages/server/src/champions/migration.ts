import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { Dialect } from '../db/database.js';

/**
 * Migration 0013-champion-expertise: the expertise tags of a team's champions, one row per
 * membership and tag. The rows hang off the membership (a composite foreign key with
 * cascade), so removing someone from a team drops their tags there. A champion demoted to
 * developer keeps the rows, but the directory only reads champions, so they do not show.
 */
export function championExpertiseMigration(dialect: Dialect): Migration {
  const millis = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('champion_expertise')
        .addColumn('team_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('tag', 'text', (c) =>
          c.notNull().check(sql`length(tag) between 1 and 32 and tag = lower(tag)`),
        )
        .addColumn('created_at', millis, (c) => c.notNull())
        .addPrimaryKeyConstraint('champion_expertise_pk', ['team_id', 'user_id', 'tag'])
        .addForeignKeyConstraint(
          'champion_expertise_membership_fk',
          ['team_id', 'user_id'],
          'memberships',
          ['team_id', 'user_id'],
          (fk) => fk.onDelete('cascade'),
        )
        .execute();
      // The directory's `?expertise=` filter looks champions up by tag.
      await db.schema
        .createIndex('champion_expertise_tag')
        .on('champion_expertise')
        .column('tag')
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('champion_expertise').execute();
    },
  };
}
