import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { Dialect } from '../db/database.js';

/**
 * Migration 0025-paved-road-catalog: the organisation's paved-road policy, one row per
 * revision (the newest is the policy in force), and the versioned pipeline templates that
 * `rampart init --template` writes into repositories.
 */
export function pavedRoadCatalogMigration(dialect: Dialect): Migration {
  const millis = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('paved_road_revisions')
        .addColumn('revision', 'integer', (c) => c.primaryKey().check(sql`revision > 0`))
        .addColumn('yaml', 'text', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('comment', 'text')
        .addColumn('author_id', 'text', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('created_at', millis, (c) => c.notNull())
        // Lines added and removed against the previous revision, counted when it is saved,
        // so the history never loads the texts.
        .addColumn('added', 'integer', (c) => c.notNull())
        .addColumn('removed', 'integer', (c) => c.notNull())
        .execute();
      // The scorecards match a scan's policy hash against the catalog's revisions.
      await db.schema
        .createIndex('paved_road_revisions_sha256')
        .on('paved_road_revisions')
        .column('sha256')
        .execute();
      await db.schema
        .createTable('paved_road_templates')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('version', 'text', (c) => c.notNull())
        .addColumn('ci', 'text', (c) => c.notNull().check(sql`ci in ('github', 'gitlab', 'any')`))
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('files', 'text', (c) => c.notNull())
        // JSON: the files' paths, so the lists never load the contents.
        .addColumn('paths', 'text', (c) => c.notNull())
        .addColumn('provides', 'text', (c) => c.notNull())
        .addColumn('author_id', 'text', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('created_at', millis, (c) => c.notNull())
        .addColumn('deprecated', 'integer', (c) => c.notNull().defaultTo(0))
        .addUniqueConstraint('paved_road_templates_name_version', ['name', 'version'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('paved_road_templates').execute();
      await db.schema.dropTable('paved_road_revisions').execute();
    },
  };
}
