import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { Dialect } from '../db/database.js';

/**
 * Migration 0015-consults: requests for a design review or a threat-modelling session,
 * the security team's queue. `consults` holds the current state of each request;
 * `consult_events` is its append-only history (status changes, owner, due date, outcome,
 * comments), so the queue shows who did what; `consult_settings` holds the SLA targets per
 * kind that security changed (a kind without a row uses the defaults in code).
 */
export function consultsMigration(dialect: Dialect): Migration {
  const millis = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('consults')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id').onDelete('cascade'))
        .addColumn('project_id', 'text', (c) => c.references('projects.id').onDelete('set null'))
        .addColumn('requested_by', 'text', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('kind', 'text', (c) =>
          c.notNull().check(sql`kind in ('design_review', 'threat_model')`),
        )
        .addColumn('service', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('wanted_by', millis)
        .addColumn('links', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) =>
          c
            .notNull()
            .check(
              sql`status in ('requested', 'triaged', 'scheduled', 'in_progress', 'done', 'declined', 'cancelled')`,
            ),
        )
        .addColumn('owner_id', 'text', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('due_at', millis)
        .addColumn('outcome', 'text')
        .addColumn('outcome_project_id', 'text', (c) =>
          c.references('projects.id').onDelete('set null'),
        )
        .addColumn('outcome_revision', 'integer')
        .addColumn('created_at', millis, (c) => c.notNull())
        .addColumn('updated_at', millis, (c) => c.notNull())
        // The first response: when the request first left `requested` (the triage SLA).
        .addColumn('triaged_at', millis)
        .addColumn('closed_at', millis)
        .execute();
      await db.schema
        .createIndex('consults_team_status')
        .on('consults')
        .columns(['team_id', 'status'])
        .execute();
      await db.schema.createIndex('consults_status').on('consults').column('status').execute();
      await db.schema
        .createTable('consult_events')
        .addColumn('id', millis, (c) =>
          dialect === 'postgres'
            ? c.primaryKey().generatedAlwaysAsIdentity()
            : c.primaryKey().autoIncrement(),
        )
        .addColumn('consult_id', 'text', (c) =>
          c.notNull().references('consults.id').onDelete('cascade'),
        )
        .addColumn('at', millis, (c) => c.notNull())
        .addColumn('actor_id', 'text', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('type', 'text', (c) =>
          c
            .notNull()
            .check(sql`type in ('created', 'status', 'owner', 'due', 'outcome', 'comment')`),
        )
        .addColumn('data', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('consult_events_consult')
        .on('consult_events')
        .columns(['consult_id', 'id'])
        .execute();
      await db.schema
        .createTable('consult_settings')
        .addColumn('kind', 'text', (c) =>
          c.primaryKey().check(sql`kind in ('design_review', 'threat_model')`),
        )
        .addColumn('triage_days', 'integer', (c) =>
          c.notNull().check(sql`triage_days between 1 and 365`),
        )
        .addColumn('completion_days', 'integer', (c) =>
          c.notNull().check(sql`completion_days between 1 and 365`),
        )
        .addColumn('updated_at', millis, (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.references('users.id').onDelete('set null'))
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('consult_settings').execute();
      await db.schema.dropTable('consult_events').execute();
      await db.schema.dropTable('consults').execute();
    },
  };
}
