import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { Dialect } from '../db/database.js';

type Builder = Kysely<unknown>;

/**
 * Migration 0005-jobs-webhooks: outgoing webhooks, their delivery outbox (indexed for the
 * sender: the pending deliveries in due order) and the SLA breaches the breach job has
 * recorded (one per finding and due date, so it notifies once).
 */
export function jobsWebhooksMigration(dialect: Dialect): Migration {
  const millis = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Builder) {
      await db.schema
        .createTable('webhooks')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('secret', 'text', (c) => c.notNull())
        .addColumn('events', 'text', (c) => c.notNull())
        .addColumn('team_id', 'text', (c) => c.references('teams.id').onDelete('cascade'))
        .addColumn('min_severity', 'text')
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('created_at', millis, (c) => c.notNull())
        .addColumn('updated_at', millis, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('webhook_deliveries')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('webhook_id', 'text', (c) =>
          c.notNull().references('webhooks.id').onDelete('cascade'),
        )
        .addColumn('event', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) =>
          c.notNull().check(sql`status in ('pending', 'delivered', 'failed')`),
        )
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', millis, (c) => c.notNull())
        .addColumn('claimed_until', millis)
        .addColumn('claim_token', 'text')
        .addColumn('last_status_code', 'integer')
        .addColumn('last_error', 'text')
        .addColumn('created_at', millis, (c) => c.notNull())
        .addColumn('delivered_at', millis)
        .execute();
      await db.schema
        .createIndex('webhook_deliveries_due')
        .on('webhook_deliveries')
        .columns(['status', 'next_attempt_at'])
        .execute();
      await db.schema
        .createIndex('webhook_deliveries_webhook_created')
        .on('webhook_deliveries')
        .columns(['webhook_id', 'created_at'])
        .execute();
      await db.schema
        .createTable('sla_breaches')
        .addColumn('finding_id', 'text', (c) =>
          c.notNull().references('findings.id').onDelete('cascade'),
        )
        .addColumn('due_at', millis, (c) => c.notNull())
        .addColumn('detected_at', millis, (c) => c.notNull())
        .addColumn('notified_at', millis)
        .addPrimaryKeyConstraint('sla_breaches_pk', ['finding_id', 'due_at'])
        .execute();
    },
    async down(db: Builder) {
      await db.schema.dropTable('sla_breaches').execute();
      await db.schema.dropTable('webhook_deliveries').execute();
      await db.schema.dropTable('webhooks').execute();
    },
  };
}
