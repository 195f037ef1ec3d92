import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { Dialect } from '../db/database.js';

/**
 * Migration 0006-sboms: stored CycloneDX SBOMs (the document gzip-compressed, the latest of
 * each project and scope is the one re-matched) and the record of every re-match against
 * the OSV database (which database state, which scan it produced).
 */
export function sbomMigration(dialect: Dialect): Migration {
  const millis = dialect === 'postgres' ? 'bigint' : 'integer';
  const bytes = dialect === 'postgres' ? 'bytea' : 'blob';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('sboms')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('project_id', 'text', (c) =>
          c.notNull().references('projects.id').onDelete('cascade'),
        )
        .addColumn('stage', 'text', (c) =>
          c.notNull().check(sql`stage in ('dev', 'pr', 'main', 'production')`),
        )
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('branch', 'text')
        .addColumn('commit_sha', 'text')
        .addColumn('content_hash', 'text', (c) => c.notNull())
        .addColumn('spec_version', 'text', (c) => c.notNull())
        .addColumn('serial_number', 'text')
        .addColumn('component_count', 'integer', (c) => c.notNull())
        .addColumn('size_bytes', 'integer', (c) => c.notNull())
        .addColumn('document', bytes, (c) => c.notNull())
        .addColumn('uploaded_at', millis, (c) => c.notNull())
        .addColumn('uploaded_by', 'text')
        .addColumn('token_id', 'text')
        .execute();
      await db.schema
        .createIndex('sboms_project_scope_uploaded')
        .on('sboms')
        .columns(['project_id', 'scope', 'uploaded_at'])
        .execute();
      await db.schema
        .createTable('sbom_rematches')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('sbom_id', 'text', (c) => c.notNull().references('sboms.id').onDelete('cascade'))
        .addColumn('project_id', 'text', (c) => c.notNull())
        .addColumn('store_signature', 'text', (c) => c.notNull())
        .addColumn('scan_id', 'text', (c) => c.notNull())
        .addColumn('ran_at', millis, (c) => c.notNull())
        .addColumn('matched_at', millis, (c) => c.notNull())
        .addColumn('findings', 'integer', (c) => c.notNull())
        .addColumn('new_findings', 'integer', (c) => c.notNull())
        .addUniqueConstraint('sbom_rematches_sbom_signature_unique', ['sbom_id', 'store_signature'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('sbom_rematches').execute();
      await db.schema.dropTable('sboms').execute();
    },
  };
}
