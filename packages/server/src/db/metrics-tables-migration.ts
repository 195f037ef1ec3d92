import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { LifecycleDatabase } from '../lifecycle/tables.js';
import { periodsOfEvents } from '../lifecycle/triage-periods.js';
import { bulkInsert } from './bulk-insert.js';
import type { Dialect } from './database.js';

/**
 * 0008: what the metrics read without touching findings row by row.
 * - `finding_intervals` gets its finding's team, effective severity and scanner, filled from
 *   the rows, and indexes that answer the metrics' windows alone (covering);
 * - `triage_periods`, the verdicts in force over time (lifecycle/triage-periods.ts), filled
 *   from the stored decisions;
 * - the index on `findings (first_seen_at)` covers what the escape rate and "prevented" read.
 */
export function metricsTablesMigration(dialect: Dialect): Migration {
  const millis = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>) {
      for (const column of ['team_id', 'severity', 'scanner'])
        await db.schema
          .alterTable('finding_intervals')
          .addColumn(column, 'text', (c) => c.notNull().defaultTo(''))
          .execute();
      await sql`update finding_intervals set
          severity = (select coalesce(f.severity_override, f.severity) from findings f
            where f.id = finding_intervals.finding_id),
          scanner = (select f.scanner from findings f where f.id = finding_intervals.finding_id),
          team_id = (select p.team_id from findings f join projects p on p.id = f.project_id
            where f.id = finding_intervals.finding_id)`.execute(db);
      await db.schema.dropIndex('finding_intervals_started').execute();
      await db.schema.dropIndex('finding_intervals_ended').execute();
      const dimensions = ['team_id', 'severity', 'scanner', 'finding_id'];
      await db.schema
        .createIndex('finding_intervals_started')
        .on('finding_intervals')
        .columns(['started_at', 'ended_at', ...dimensions])
        .execute();
      await db.schema
        .createIndex('finding_intervals_ended')
        .on('finding_intervals')
        .columns(['ended_at', 'started_at', ...dimensions])
        .execute();

      await db.schema
        .createTable('triage_periods')
        .addColumn('finding_id', 'text', (c) =>
          c.notNull().references('findings.id').onDelete('cascade'),
        )
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('verdict', 'text', (c) =>
          c.notNull().check(sql`verdict in ('false_positive', 'risk_accepted')`),
        )
        .addColumn('started_at', millis, (c) => c.notNull())
        .addColumn('ended_at', millis)
        .addPrimaryKeyConstraint('triage_periods_pk', ['finding_id', 'seq'])
        .execute();
      await db.schema
        .createIndex('triage_periods_verdict')
        .on('triage_periods')
        .columns(['verdict', 'started_at', 'ended_at', 'finding_id'])
        .execute();
      // The decisions of the findings that ever had a verdict (a few), a page at a time.
      const typed = db as unknown as Kysely<LifecycleDatabase>;
      const decided = (
        await typed
          .selectFrom('finding_events')
          .select('finding_id')
          .distinct()
          .where('type', 'in', ['false_positive', 'risk_accepted'])
          .execute()
      ).map((r) => r.finding_id);
      for (let start = 0; start < decided.length; start += 5000) {
        const events = await typed
          .selectFrom('finding_events')
          .select(['id', 'finding_id', 'type', 'at', 'scan_id'])
          .where('finding_id', 'in', decided.slice(start, start + 5000))
          .where('type', 'in', ['false_positive', 'risk_accepted', 'risk_expired', 'reopened'])
          .execute();
        await bulkInsert(
          typed,
          dialect,
          'triage_periods',
          [
            { name: 'finding_id', type: 'text' },
            { name: 'seq', type: 'integer' },
            { name: 'verdict', type: 'text' },
            { name: 'started_at', type: 'bigint' },
            { name: 'ended_at', type: 'bigint' },
          ],
          periodsOfEvents(events),
        );
      }

      await db.schema.dropIndex('findings_first_seen').execute();
      await db.schema
        .createIndex('findings_first_seen')
        .on('findings')
        .columns([
          'first_seen_at',
          'first_seen_stage',
          'project_id',
          'severity',
          'severity_override',
          'scanner',
          'id',
        ])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex('findings_first_seen').execute();
      await db.schema
        .createIndex('findings_first_seen')
        .on('findings')
        .column('first_seen_at')
        .execute();
      await db.schema.dropTable('triage_periods').execute();
      await db.schema.dropIndex('finding_intervals_started').execute();
      await db.schema.dropIndex('finding_intervals_ended').execute();
      for (const column of ['team_id', 'severity', 'scanner'])
        await db.schema.alterTable('finding_intervals').dropColumn(column).execute();
      await db.schema
        .createIndex('finding_intervals_started')
        .on('finding_intervals')
        .columns(['started_at', 'ended_at'])
        .execute();
      await db.schema
        .createIndex('finding_intervals_ended')
        .on('finding_intervals')
        .columns(['ended_at', 'started_at'])
        .execute();
    },
  };
}
