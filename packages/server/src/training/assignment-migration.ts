import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { Dialect } from '../db/database.js';

/**
 * Migration 0021-training-assignments: rules that assign training modules, and the
 * assignments.
 * - `training_rules`: "a finding of this CWE, at least this severity, in this team (or any
 *   team when `team_id` is null) assigns this module, due in `due_days`". `checked_until`
 *   is the job's watermark per rule (when it last looked at the rule's findings).
 * - `training_assignments`: a module assigned to a person, by a rule (`rule_id`, null once
 *   the rule is deleted or for a manual assignment) because of a finding of their team
 *   (`finding_id`); `completed_at` is set when they pass the module (or had already).
 *   At most one OPEN assignment per person and module: a partial unique index on
 *   `(user_id, module_id) where completed_at is null` (SQLite and PostgreSQL both have
 *   partial indexes), so the job inserts with `on conflict do nothing` and two instances
 *   never assign twice.
 * Module ids are not foreign keys: modules live in files (the catalog).
 */
export function trainingAssignmentsMigration(dialect: Dialect): Migration {
  const millis = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('training_rules')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('cwe', 'text', (c) => c.notNull())
        .addColumn('min_severity', 'text', (c) =>
          c.notNull().check(sql`min_severity in ('critical', 'high', 'medium', 'low')`),
        )
        .addColumn('module_id', 'text', (c) => c.notNull())
        .addColumn('team_id', 'text', (c) => c.references('teams.id').onDelete('cascade'))
        .addColumn('due_days', 'integer', (c) => c.notNull().check(sql`due_days between 1 and 365`))
        .addColumn('active', 'integer', (c) => c.notNull().check(sql`active in (0, 1)`))
        .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('created_at', millis, (c) => c.notNull())
        .addColumn('updated_at', millis, (c) => c.notNull())
        .addColumn('checked_until', millis)
        .execute();
      await db.schema
        .createTable('training_assignments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('rule_id', 'text', (c) => c.references('training_rules.id').onDelete('set null'))
        .addColumn('module_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('team_id', 'text', (c) => c.references('teams.id').onDelete('cascade'))
        .addColumn('finding_id', 'text', (c) => c.references('findings.id').onDelete('set null'))
        .addColumn('assigned_at', millis, (c) => c.notNull())
        .addColumn('due_at', millis, (c) => c.notNull())
        .addColumn('completed_at', millis)
        .execute();
      await sql`create unique index training_assignments_open_unique on training_assignments (user_id, module_id) where completed_at is null`.execute(
        db,
      );
      await db.schema
        .createIndex('training_assignments_user')
        .on('training_assignments')
        .columns(['user_id', 'assigned_at'])
        .execute();
      await db.schema
        .createIndex('training_assignments_team')
        .on('training_assignments')
        .column('team_id')
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('training_assignments').execute();
      await db.schema.dropTable('training_rules').execute();
    },
  };
}
