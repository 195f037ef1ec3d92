import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { Dialect } from './database.js';

/**
 * Migration 0024-ingest-indexes: indexes every ingest paid for and no query needs (each new
 * finding, each finding a scan sees again, each event wrote an entry in every one of them).
 *
 * - `findings (fingerprint)` (0001): every query by fingerprint names the project too, and
 *   the unique `(project_id, fingerprint)` index serves it.
 * - `findings (triage_rule_id)` (0003) becomes partial, `where triage_rule_id is not null`:
 *   it is read only as `triage_rule_id = ?` (the findings a rule decided, when it is revoked
 *   or expires), which both databases answer from the partial index, and the findings no
 *   rule decided (nearly all of them) no longer have an entry.
 * - `finding_events (finding_id, at)` (0001): `finding_events (finding_id, type, at)` (0004)
 *   leads with the finding too, and a finding has a handful of events: every query by
 *   finding (its history, the metrics' "an event of the finding before a time") reads them
 *   through that one.
 *
 * And on PostgreSQL `finding_scopes` keeps half of each page free (`fillfactor = 50`, for
 * the pages written from now on): every scan rewrites the scope row of every finding it
 * sees (its last sighting), and with room on the row's page the new version is a HOT
 * update (no new entry in the table's two indexes): a third less time for that statement
 * of a 10,000-finding scan, for a narrow table twice the size.
 */
export function ingestIndexesMigration(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (dialect === 'postgres')
        await sql`alter table finding_scopes set (fillfactor = 50)`.execute(db);
      await db.schema.dropIndex('findings_fingerprint').execute();
      await db.schema.dropIndex('findings_triage_rule').execute();
      await sql`create index findings_triage_rule on findings (triage_rule_id)
        where triage_rule_id is not null`.execute(db);
      await db.schema.dropIndex('finding_events_finding_at').execute();
    },
    async down(db: Kysely<unknown>) {
      if (dialect === 'postgres')
        await sql`alter table finding_scopes reset (fillfactor)`.execute(db);
      await db.schema
        .createIndex('finding_events_finding_at')
        .on('finding_events')
        .columns(['finding_id', 'at'])
        .execute();
      await db.schema.dropIndex('findings_triage_rule').execute();
      await db.schema
        .createIndex('findings_triage_rule')
        .on('findings')
        .column('triage_rule_id')
        .execute();
      await db.schema
        .createIndex('findings_fingerprint')
        .on('findings')
        .column('fingerprint')
        .execute();
    },
  };
}
