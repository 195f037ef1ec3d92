import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { Dialect } from '../db/database.js';

/**
 * Migration 0016-rule-feedback: field feedback on a scanner rule from a team's champions
 * ("this rule is noisy here"), and the security team's answer. One row per piece of
 * feedback; the per-rule statistics are computed from `findings` when read, so nothing
 * else is stored.
 */
export function ruleFeedbackMigration(dialect: Dialect): Migration {
  const millis = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('rule_feedback')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('scanner', 'text', (c) =>
          c.notNull().check(sql`length(scanner) between 1 and 32 and scanner = lower(scanner)`),
        )
        .addColumn('rule_id', 'text', (c) =>
          c.notNull().check(sql`length(rule_id) between 1 and 200`),
        )
        .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id').onDelete('cascade'))
        .addColumn('author_id', 'text', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('kind', 'text', (c) =>
          c
            .notNull()
            .check(
              sql`kind in ('noisy', 'false_positive', 'missed_vulnerability', 'unclear_message', 'other')`,
            ),
        )
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('finding_id', 'text', (c) => c.references('findings.id').onDelete('set null'))
        .addColumn('status', 'text', (c) =>
          c.notNull().check(sql`status in ('open', 'acknowledged', 'fixed', 'wont_fix')`),
        )
        .addColumn('response', 'text')
        .addColumn('responded_by', 'text', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('responded_at', millis)
        .addColumn('created_at', millis, (c) => c.notNull())
        .addColumn('updated_at', millis, (c) => c.notNull())
        .execute();
      // The per-rule view and the statistics group feedback by rule.
      await db.schema
        .createIndex('rule_feedback_rule')
        .on('rule_feedback')
        .columns(['scanner', 'rule_id'])
        .execute();
      await db.schema
        .createIndex('rule_feedback_team_status')
        .on('rule_feedback')
        .columns(['team_id', 'status'])
        .execute();
      // The statistics count findings per rule by the time they were first seen.
      await db.schema
        .createIndex('findings_scanner_rule_first_seen')
        .on('findings')
        .columns(['scanner', 'rule_id', 'first_seen_at'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex('findings_scanner_rule_first_seen').execute();
      await db.schema.dropTable('rule_feedback').execute();
    },
  };
}
