import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * Migration 0018-threat-model-uploads: what CI uploaded, beside what the hub stored. A CI
 * upload is merged with the decisions recorded in the hub since the previous upload (see
 * merge-upload.ts), so the stored document can differ from the repository's file; the
 * next upload is compared with, and merged against, the file as it was uploaded.
 * `upload_hash`: sha256 of the uploaded file (CI revisions only). `uploaded_yaml`: the
 * uploaded file when it differs from `source_yaml` (null when they are the same).
 */
export function threatModelUploadsMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('threat_models').addColumn('upload_hash', 'text').execute();
      await db.schema.alterTable('threat_models').addColumn('uploaded_yaml', 'text').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('threat_models').dropColumn('uploaded_yaml').execute();
      await db.schema.alterTable('threat_models').dropColumn('upload_hash').execute();
    },
  };
}
