import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import { lateDisclosureCandidate } from '../metrics/late-disclosure.js';

/**
 * 0031: a partial index of the findings that may be late disclosures — first detected at
 * `production`, carrying an advisory publication time — by first detection. The escape
 * rate reads them one by one to decide; without it, finding them scanned every finding row
 * of the window (a year of a million findings: a sequential scan of the table), though in
 * most stores there are none or few. The condition is the one the escape rate's read
 * repeats word for word, so both databases use the index.
 */
export function lateCandidatesMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createIndex('findings_late_candidates')
        .on('findings')
        .columns(['first_seen_at', 'id'])
        .where(lateDisclosureCandidate())
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex('findings_late_candidates').execute();
    },
  };
}
