import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { Dialect } from '../db/database.js';

/**
 * Migration 0026-paved-road-posture: what each full Rampart scan said about the
 * repository's set-up (`posture_snapshots`, one row per scan that carried a `posture`
 * section), with the score and check results the hub computed from it when it arrived (the
 * trend is read from these); and each project's exposure (`internet`, `internal` or
 * `unknown`), which decides whether the threat-model check applies.
 */
export function pavedRoadPostureMigration(dialect: Dialect): Migration {
  const millis = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('posture_snapshots')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('project_id', 'text', (c) =>
          c.notNull().references('projects.id').onDelete('cascade'),
        )
        // One snapshot per scan: a scan is stored once (content hash), and so is its posture.
        .addColumn('scan_id', 'text', (c) =>
          c.notNull().unique().references('scans.id').onDelete('cascade'),
        )
        .addColumn('taken_at', millis, (c) => c.notNull())
        .addColumn('stage', 'text', (c) => c.notNull())
        .addColumn('facts', 'text', (c) => c.notNull())
        .addColumn('paved_road', 'text')
        .addColumn('score', 'integer', (c) => c.check(sql`score between 0 and 100`))
        .addColumn('results', 'text', (c) => c.notNull())
        .execute();
      // The latest snapshot of a project, and a project's trend.
      await db.schema
        .createIndex('posture_snapshots_project_taken_at')
        .on('posture_snapshots')
        .columns(['project_id', 'taken_at'])
        .execute();
      await db.schema
        .alterTable('projects')
        .addColumn('exposure', 'text', (c) =>
          c
            .notNull()
            .defaultTo('unknown')
            .check(sql`exposure in ('internet', 'internal', 'unknown')`),
        )
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('projects').dropColumn('exposure').execute();
      await db.schema.dropTable('posture_snapshots').execute();
    },
  };
}
