import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * Migration 0027-scan-uploader: who uploaded each scan. `uploaded_by_user_id` is the person
 * (signed in, or with a personal token), `uploaded_by_token_id` the API token the upload
 * came with (a CI token, or the person's personal token); both null for scans stored before
 * this migration or ingested without a request (benchmarks, scripts, SBOM jobs). Deleting
 * the user or the token keeps the scan and forgets who sent it (`on delete set null`).
 * Both databases accept `add column … references …` because the default is null.
 */
export function scanUploaderMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('scans')
        .addColumn('uploaded_by_user_id', 'text', (c) =>
          c.references('users.id').onDelete('set null'),
        )
        .execute();
      await db.schema
        .alterTable('scans')
        .addColumn('uploaded_by_token_id', 'text', (c) =>
          c.references('tokens.id').onDelete('set null'),
        )
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('scans').dropColumn('uploaded_by_token_id').execute();
      await db.schema.alterTable('scans').dropColumn('uploaded_by_user_id').execute();
    },
  };
}
