import { type Kysely, sql } from 'kysely';
import { type Migration, type MigrationProvider, Migrator } from 'kysely/migration';
import type { Dialect, HubDatabase } from './database.js';

// Migrations are code, in order, never edited once released: a change is a new migration.
// Each gets the dialect: a few column types differ (bigint and identity columns in
// PostgreSQL, integer rowids in SQLite); everything else is written once.

type Builder = Kysely<unknown>;

function initial(dialect: Dialect): Migration {
  const millis = dialect === 'postgres' ? 'bigint' : 'integer';
  // An ever-growing integer id: the order events were written in.
  const serial = (t: string) =>
    db_(t).addColumn('id', dialect === 'postgres' ? 'bigint' : 'integer', (c) =>
      dialect === 'postgres'
        ? c.primaryKey().generatedAlwaysAsIdentity()
        : c.primaryKey().autoIncrement(),
    );
  let db_: (t: string) => ReturnType<Builder['schema']['createTable']>;
  return {
    async up(db: Builder) {
      db_ = (t) => db.schema.createTable(t);
      await db.schema
        .createTable('teams')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('created_at', millis, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('username', 'text', (c) => c.notNull().unique())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text')
        .addColumn('global_role', 'text', (c) =>
          c.check(sql`global_role in ('admin', 'security', 'auditor')`),
        )
        .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('locked_until', millis)
        .addColumn('created_at', millis, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('memberships')
        .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id').onDelete('cascade'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('champion', 'developer')`))
        .addColumn('created_at', millis, (c) => c.notNull())
        .addPrimaryKeyConstraint('memberships_pk', ['team_id', 'user_id'])
        .execute();
      await db.schema
        .createTable('projects')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('repository', 'text')
        .addColumn('default_branch', 'text', (c) => c.notNull())
        .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id'))
        .addColumn('created_at', millis, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('scans')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('project_id', 'text', (c) =>
          c.notNull().references('projects.id').onDelete('cascade'),
        )
        .addColumn('content_hash', 'text', (c) => c.notNull())
        .addColumn('commit_sha', 'text')
        .addColumn('branch', 'text')
        .addColumn('stage', 'text', (c) =>
          c.notNull().check(sql`stage in ('dev', 'pr', 'main', 'production')`),
        )
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('full', 'diff')`))
        .addColumn('tools', 'text', (c) => c.notNull())
        .addColumn('findings', 'integer', (c) => c.notNull())
        .addColumn('ran_at', millis, (c) => c.notNull())
        .addColumn('received_at', millis, (c) => c.notNull())
        .addUniqueConstraint('scans_project_content_unique', ['project_id', 'content_hash'])
        .execute();
      await db.schema
        .createIndex('scans_project_ran_at')
        .on('scans')
        .columns(['project_id', 'ran_at'])
        .execute();
      await db.schema
        .createTable('findings')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('project_id', 'text', (c) =>
          c.notNull().references('projects.id').onDelete('cascade'),
        )
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .addColumn('rule_id', 'text', (c) => c.notNull())
        .addColumn('scanner', 'text', (c) => c.notNull())
        .addColumn('severity', 'text', (c) => c.notNull())
        .addColumn('severity_override', 'text')
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) =>
          c.notNull().check(sql`status in ('open', 'fixed', 'false_positive', 'risk_accepted')`),
        )
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('first_seen_at', millis, (c) => c.notNull())
        .addColumn('first_seen_stage', 'text', (c) => c.notNull())
        .addColumn('first_scan_id', 'text', (c) => c.notNull())
        .addColumn('last_seen_at', millis, (c) => c.notNull())
        .addColumn('last_scan_id', 'text', (c) => c.notNull())
        .addColumn('fixed_at', millis)
        .addColumn('assignee_id', 'text', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('accepted_until', millis)
        .addUniqueConstraint('findings_project_fingerprint_unique', ['project_id', 'fingerprint'])
        .execute();
      for (const [name, columns] of [
        ['findings_status_severity', ['status', 'severity']],
        ['findings_project_status', ['project_id', 'status']],
        ['findings_first_seen', ['first_seen_at']],
        ['findings_fingerprint', ['fingerprint']],
      ] as const) {
        await db.schema
          .createIndex(name)
          .on('findings')
          .columns([...columns])
          .execute();
      }
      await serial('finding_events')
        .addColumn('finding_id', 'text', (c) =>
          c.notNull().references('findings.id').onDelete('cascade'),
        )
        .addColumn('project_id', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('at', millis, (c) => c.notNull())
        .addColumn('actor_id', 'text')
        .addColumn('scan_id', 'text')
        .addColumn('stage', 'text')
        .addColumn('data', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('finding_events_finding_at')
        .on('finding_events')
        .columns(['finding_id', 'at'])
        .execute();
      await db.schema
        .createIndex('finding_events_type_at')
        .on('finding_events')
        .columns(['type', 'at'])
        .execute();
      await db.schema
        .createTable('sla_policies')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('team_id', 'text', (c) => c.references('teams.id').onDelete('cascade'))
        .addColumn('severity', 'text', (c) => c.notNull())
        .addColumn('days', 'integer', (c) => c.notNull().check(sql`days > 0`))
        .addColumn('created_at', millis, (c) => c.notNull())
        .execute();
      await serial('audit_log')
        .addColumn('at', millis, (c) => c.notNull())
        .addColumn('actor_id', 'text')
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('target_type', 'text', (c) => c.notNull())
        .addColumn('target_id', 'text')
        .addColumn('data', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();
      await db.schema
        .createTable('tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('personal', 'ci')`))
        .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
        .addColumn('project_id', 'text', (c) => c.references('projects.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', millis, (c) => c.notNull())
        .addColumn('last_used_at', millis)
        .addColumn('expires_at', millis)
        .addColumn('revoked_at', millis)
        .execute();
      await db.schema
        .createTable('sessions')
        .addColumn('id_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('created_at', millis, (c) => c.notNull())
        .addColumn('expires_at', millis, (c) => c.notNull())
        .execute();
    },
    async down(db: Builder) {
      for (const table of [
        'sessions',
        'tokens',
        'audit_log',
        'sla_policies',
        'finding_events',
        'findings',
        'scans',
        'projects',
        'memberships',
        'users',
        'teams',
      ]) {
        await db.schema.dropTable(table).execute();
      }
    },
  };
}

/** Every migration, by name, in order. */
export function migrations(dialect: Dialect): Record<string, Migration> {
  return { '0001-initial': initial(dialect) };
}

/** What {@link migrate} did. */
export interface MigrationOutcome {
  /** Names of the migrations applied now (empty when the store was up to date). */
  readonly applied: readonly string[];
}

/**
 * Brings the store up to the newest schema, in one transaction per migration (PostgreSQL
 * runs the whole batch under Kysely's migration lock, so several API instances starting at
 * once migrate once). Throws with the failing migration's name.
 */
export async function migrate(hub: HubDatabase): Promise<MigrationOutcome> {
  const provider: MigrationProvider = {
    getMigrations: () => Promise.resolve(migrations(hub.dialect)),
  };
  const migrator = new Migrator({ db: hub.db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'a migration';
    throw new Error(`migration ${failed} failed on ${hub.location}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return {
    applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName),
  };
}
