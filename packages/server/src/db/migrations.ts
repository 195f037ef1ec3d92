import { type Kysely, sql } from 'kysely';
import { type Migration, type MigrationProvider, Migrator } from 'kysely/migration';
import { championExpertiseMigration } from '../champions/migration.js';
import { consultsMigration } from '../consults/migration.js';
import { ctfHistoryMigration } from '../ctf/history/migration.js';
import { ctfMigration } from '../ctf/migration.js';
import { questionDeskMigration } from '../desk/migration.js';
import { ruleFeedbackMigration } from '../feedback/migration.js';
import { gamificationMigration } from '../gamification/migration.js';
import { pavedRoadCatalogMigration } from '../paved-road/catalog-migration.js';
import { pavedRoadPostureMigration } from '../paved-road/posture-migration.js';
import { sbomMigration } from '../sbom/migration.js';
import { threatModelsMigration } from '../threat-models/migration.js';
import { threatModelUploadsMigration } from '../threat-models/upload-migration.js';
import { trainingAssignmentsMigration } from '../training/assignment-migration.js';
import { trainingMigration } from '../training/migration.js';
import { jobsWebhooksMigration } from '../webhooks/jobs-webhooks-migration.js';
import type { Dialect, HubDatabase } from './database.js';
import { findingListMigration } from './finding-list-migration.js';
import { ingestIndexesMigration } from './ingest-indexes-migration.js';
import { intervalsMigration } from './intervals-migration.js';
import { lateCandidatesMigration } from './late-candidates-migration.js';
import {
  detectionCellsMigration,
  fixedDurationsMigration,
  metricCellsMigration,
} from './metric-cells-migration.js';
import { dropFixedAtIndexMigration, teamIntervalsMigration } from './metrics-index-migrations.js';
import { metricsTablesMigration } from './metrics-tables-migration.js';
import { openIntervalsMigration } from './open-intervals-migration.js';
import { promotedAtMigration } from './promoted-at-migration.js';
import { scanUploaderMigration } from './scan-uploader-migration.js';

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

/**
 * Accounts: a flag on users whose password was set by someone else (the bootstrap admin's
 * one-time password, an admin's reset) and must be changed at the next sign-in; and at
 * most one SLA policy per team and severity (one organisation default per severity).
 */
function auth(): Migration {
  return {
    async up(db: Builder) {
      await db.schema
        .alterTable('users')
        .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await sql`create unique index sla_policies_team_severity_unique on sla_policies (coalesce(team_id, ''), severity)`.execute(
        db,
      );
    },
    async down(db: Builder) {
      await db.schema.dropIndex('sla_policies_team_severity_unique').execute();
      await db.schema.alterTable('users').dropColumn('must_change_password').execute();
    },
  };
}

/**
 * The finding lifecycle and triage: where each finding is open (per scope: `main`,
 * `production`, or a branch for dev/pr scans), which scans saw which findings (so a scan
 * that arrives late is applied in the time it ran), organisation-wide triage rules, and on
 * findings the stages they were seen at, their advisory ids and the rule that triaged them.
 */
function triageRules(dialect: Dialect): Migration {
  const millis = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Builder) {
      await db.schema
        .createTable('triage_rules')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) =>
          c.notNull().check(sql`kind in ('accept_advisory', 'false_positive_path')`),
        )
        .addColumn('advisory', 'text')
        .addColumn('rule_id', 'text')
        .addColumn('path', 'text')
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('author_id', 'text')
        .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('expires_at', millis)
        .addColumn('created_at', millis, (c) => c.notNull())
        .addColumn('expired_at', millis)
        .addColumn('revoked_at', millis)
        .addColumn('revoked_by', 'text')
        .addCheckConstraint(
          'triage_rules_shape',
          sql`(kind = 'accept_advisory' and advisory is not null and expires_at is not null) or (kind = 'false_positive_path' and rule_id is not null)`,
        )
        .execute();
      await db.schema
        .createTable('finding_scopes')
        .addColumn('finding_id', 'text', (c) =>
          c.notNull().references('findings.id').onDelete('cascade'),
        )
        .addColumn('project_id', 'text', (c) => c.notNull())
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('open', 'integer', (c) => c.notNull())
        .addColumn('first_seen_at', millis, (c) => c.notNull())
        .addColumn('last_seen_at', millis, (c) => c.notNull())
        .addColumn('last_scan_id', 'text', (c) => c.notNull())
        .addColumn('closed_at', millis)
        .addPrimaryKeyConstraint('finding_scopes_pk', ['finding_id', 'scope'])
        .execute();
      await db.schema
        .createIndex('finding_scopes_project_scope_open')
        .on('finding_scopes')
        .columns(['project_id', 'scope', 'open'])
        .execute();
      await db.schema
        .createTable('scan_sightings')
        .addColumn('scan_id', 'text', (c) => c.notNull().references('scans.id').onDelete('cascade'))
        .addColumn('finding_id', 'text', (c) =>
          c.notNull().references('findings.id').onDelete('cascade'),
        )
        .addPrimaryKeyConstraint('scan_sightings_pk', ['scan_id', 'finding_id'])
        .execute();
      await db.schema
        .createIndex('scan_sightings_finding')
        .on('scan_sightings')
        .column('finding_id')
        .execute();
      await db.schema
        .alterTable('scans')
        .addColumn('scope', 'text', (c) => c.notNull().defaultTo(''))
        .execute();
      await db.schema.alterTable('findings').addColumn('triage_rule_id', 'text').execute();
      await db.schema
        .alterTable('findings')
        .addColumn('seen_stages', 'text', (c) => c.notNull().defaultTo(''))
        .execute();
      await db.schema
        .alterTable('findings')
        .addColumn('advisories', 'text', (c) => c.notNull().defaultTo(''))
        .execute();
      await db.schema.createIndex('findings_rule_id').on('findings').column('rule_id').execute();
      await db.schema
        .createIndex('findings_triage_rule')
        .on('findings')
        .column('triage_rule_id')
        .execute();
    },
    async down(db: Builder) {
      await db.schema.dropIndex('findings_triage_rule').execute();
      await db.schema.dropIndex('findings_rule_id').execute();
      for (const column of ['advisories', 'seen_stages', 'triage_rule_id']) {
        await db.schema.alterTable('findings').dropColumn(column).execute();
      }
      await db.schema.alterTable('scans').dropColumn('scope').execute();
      await db.schema.dropTable('scan_sightings').execute();
      await db.schema.dropTable('finding_scopes').execute();
      await db.schema.dropTable('triage_rules').execute();
    },
  };
}

/**
 * Indexes the metrics rely on (src/metrics/metrics-sql.ts): each finding's history read by
 * event type (the start before a fix, the fix after a start, the last triage decision),
 * and the findings that may be open at a time found by their latest fix.
 */
function metricsIndexes(): Migration {
  return {
    async up(db: Builder) {
      await db.schema
        .createIndex('finding_events_finding_type_at')
        .on('finding_events')
        .columns(['finding_id', 'type', 'at'])
        .execute();
      await db.schema.createIndex('findings_fixed_at').on('findings').column('fixed_at').execute();
    },
    async down(db: Builder) {
      await db.schema.dropIndex('findings_fixed_at').execute();
      await db.schema.dropIndex('finding_events_finding_type_at').execute();
    },
  };
}

/** Every migration, by name, in order. */
export function migrations(dialect: Dialect): Record<string, Migration> {
  return {
    '0001-initial': initial(dialect),
    '0002-auth': auth(),
    '0003-triage-rules': triageRules(dialect),
    '0004-metrics-indexes': metricsIndexes(),
    '0005-jobs-webhooks': jobsWebhooksMigration(dialect),
    '0006-sboms': sbomMigration(dialect),
    '0007-finding-intervals': intervalsMigration(dialect),
    '0008-metrics-tables': metricsTablesMigration(dialect),
    '0009-team-intervals': teamIntervalsMigration(),
    '0010-drop-findings-fixed-at': dropFixedAtIndexMigration(),
    '0011-finding-list': findingListMigration(dialect),
    '0012-threat-models': threatModelsMigration(dialect),
    '0013-champion-expertise': championExpertiseMigration(dialect),
    '0014-question-desk': questionDeskMigration(dialect),
    '0015-consults': consultsMigration(dialect),
    '0016-rule-feedback': ruleFeedbackMigration(dialect),
    '0024-ingest-indexes': ingestIndexesMigration(dialect),
    '0018-threat-model-uploads': threatModelUploadsMigration(),
    '0019-training': trainingMigration(dialect),
    '0020-ctf': ctfMigration(dialect),
    '0021-training-assignments': trainingAssignmentsMigration(dialect),
    '0022-gamification': gamificationMigration(dialect),
    '0023-ctf-history': ctfHistoryMigration(dialect),
    '0025-paved-road-catalog': pavedRoadCatalogMigration(dialect),
    '0026-paved-road-posture': pavedRoadPostureMigration(dialect),
    '0027-scan-uploader': scanUploaderMigration(),
    '0028-open-intervals': openIntervalsMigration(dialect),
    '0029-promoted-at': promotedAtMigration(),
    '0030-metric-cells': metricCellsMigration(dialect),
    '0031-late-candidates': lateCandidatesMigration(),
    '0032-detection-cells': detectionCellsMigration(dialect),
    '0033-fixed-durations': fixedDurationsMigration(),
  };
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
