import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { Dialect } from '../db/database.js';

/**
 * Migration 0012-threat-models: a project's threat model (`threatmodel.yml`), one row per
 * revision. The document is kept as uploaded (text, comments and all) because decisions
 * made in the hub are written back into it; the latest revision is the model. The
 * summary of the threats at the time of writing is kept beside it, so the revision list
 * does not parse every document again.
 */
export function threatModelsMigration(dialect: Dialect): Migration {
  const millis = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('threat_models')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('project_id', 'text', (c) =>
          c.notNull().references('projects.id').onDelete('cascade'),
        )
        .addColumn('revision', 'integer', (c) => c.notNull().check(sql`revision > 0`))
        .addColumn('source_yaml', 'text', (c) => c.notNull())
        .addColumn('content_hash', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('summary', 'text', (c) => c.notNull())
        .addColumn('created_at', millis, (c) => c.notNull())
        .addColumn('created_by', 'text')
        .addColumn('origin', 'text', (c) => c.notNull().check(sql`origin in ('ci', 'ui', 'api')`))
        // Also the index the latest revision of a project is found by.
        .addUniqueConstraint('threat_models_project_revision_unique', ['project_id', 'revision'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('threat_models').execute();
    },
  };
}
