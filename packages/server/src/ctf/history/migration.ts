import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { Dialect } from '../../db/database.js';

/**
 * Migration 0023-ctf-history: drafts of "spot the bug" challenges generated from fixed
 * findings (docs/hub-ctf.md, "Challenges from our own history"). A draft holds only the
 * anonymised snippet, never the original; `replacements` counts what the anonymiser replaced
 * per kind, never the values. One draft per finding (the candidates list leaves used ones out).
 */
export function ctfHistoryMigration(dialect: Dialect): Migration {
  const millis = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('ctf_history_drafts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('finding_id', 'text', (c) =>
          c.references('findings.id').onDelete('set null').unique(),
        )
        .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('created_at', millis, (c) => c.notNull())
        .addColumn('updated_at', millis, (c) => c.notNull())
        .addColumn('status', 'text', (c) =>
          c.notNull().check(sql`status in ('draft', 'approved', 'rejected', 'published')`),
        )
        // The anonymised snippet only: the original is never stored here.
        .addColumn('snippet', 'text', (c) => c.notNull())
        .addColumn('line', 'integer', (c) => c.notNull().check(sql`line >= 1`))
        .addColumn('cwe', 'text', (c) => c.notNull())
        // The code block's language, from the file's extension (the path itself is dropped).
        .addColumn('language', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        // JSON: counts per kind of what was replaced, never the originals.
        .addColumn('replacements', 'text', (c) => c.notNull())
        // JSON: notes for the reviewer (e.g. the stored snippet is a single line).
        .addColumn('notes', 'text', (c) => c.notNull())
        .addColumn('reviewed_by', 'text', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('reviewed_at', millis)
        .addColumn('challenge_id', 'text', (c) =>
          c.references('ctf_challenges.id').onDelete('set null'),
        )
        .execute();
      await db.schema
        .createIndex('ctf_history_drafts_created')
        .on('ctf_history_drafts')
        .column('created_at')
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('ctf_history_drafts').execute();
    },
  };
}
