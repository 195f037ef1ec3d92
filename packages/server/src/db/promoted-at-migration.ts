import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';

/** The columns of `findings_first_seen` before this migration (0011's). */
const FIRST_SEEN_COLUMNS = [
  'first_seen_at',
  'id',
  'first_seen_stage',
  'project_id',
  'severity',
  'severity_override',
  'scanner',
];

/**
 * 0029: `findings.promoted_at`, when a finding was first seen at `main` or `production`
 * (null: never), filled from the events (the earliest event at either stage) and kept by
 * the lifecycle from then on. "Prevented" (first seen in a pull request and never at `main`
 * or `production` before the window's end) looked for such events among all of them: for a
 * million findings it hashed 1.3 million events on every call. The covering index the
 * metrics read findings by first detection through carries the column too.
 */
export function promotedAtMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('findings').addColumn('promoted_at', 'bigint').execute();
      // One grouped pass over the events (UPDATE … FROM: PostgreSQL, SQLite ≥ 3.33).
      await sql`update findings set promoted_at = m.at
        from (select finding_id, min(at) as at from finding_events
          where stage in ('main', 'production') group by finding_id) m
        where m.finding_id = findings.id`.execute(db);
      await db.schema.dropIndex('findings_first_seen').execute();
      await db.schema
        .createIndex('findings_first_seen')
        .on('findings')
        .columns([...FIRST_SEEN_COLUMNS, 'promoted_at'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex('findings_first_seen').execute();
      await db.schema
        .createIndex('findings_first_seen')
        .on('findings')
        .columns(FIRST_SEEN_COLUMNS)
        .execute();
      await db.schema.alterTable('findings').dropColumn('promoted_at').execute();
    },
  };
}
