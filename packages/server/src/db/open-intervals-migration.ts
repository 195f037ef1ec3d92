import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { Dialect } from './database.js';

/**
 * 0028: a partial index of the open intervals (`ended_at is null`), with what the metrics
 * that count "open at a time" read: open age, SLA breaches, the trend's start, pending
 * prevented findings. Organisation-wide, they read every row of `finding_intervals` (a
 * million findings: 1.1 million intervals, a third of them open) to keep the open ones; the
 * metrics now ask for the open intervals and for those fixed after the time apart, and the
 * first part is read from this index alone. It costs each ingest one more index entry per
 * new finding, and each fix the removal of one.
 *
 * PostgreSQL only: SQLite reads the same intervals as fast through the team-first index of
 * 0009 (a skip-scan on `team_id`, `ended_at is null`), measured at a million findings (270
 * ms either way), so there the index would only cost ingest.
 */
export function openIntervalsMigration(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (dialect !== 'postgres') return;
      await db.schema
        .createIndex('finding_intervals_open')
        .on('finding_intervals')
        .columns(['started_at', 'team_id', 'severity', 'scanner', 'project_id', 'finding_id'])
        .where(sql.ref('ended_at'), 'is', null)
        .execute();
    },
    async down(db: Kysely<unknown>) {
      if (dialect !== 'postgres') return;
      await db.schema.dropIndex('finding_intervals_open').execute();
    },
  };
}
