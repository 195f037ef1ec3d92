import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * 0009: team-first covering indexes on `finding_intervals`. A developer or champion sees
 * only their teams' metrics, so most metric queries filter by team; without these, "open at
 * a time" for one team read every open interval of the organisation.
 */
export function teamIntervalsMigration(): Migration {
  const rest = ['severity', 'scanner', 'finding_id'];
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createIndex('finding_intervals_team_ended')
        .on('finding_intervals')
        .columns(['team_id', 'ended_at', 'started_at', ...rest])
        .execute();
      await db.schema
        .createIndex('finding_intervals_team_started')
        .on('finding_intervals')
        .columns(['team_id', 'started_at', 'ended_at', ...rest])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex('finding_intervals_team_started').execute();
      await db.schema.dropIndex('finding_intervals_team_ended').execute();
    },
  };
}

/**
 * 0010: drops `findings (fixed_at)` (0004). It served the metrics' "may be open at a time"
 * filter, which reading `finding_intervals` replaced; nothing else queries it, and every
 * finding write paid for it.
 */
export function dropFixedAtIndexMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.dropIndex('findings_fixed_at').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.createIndex('findings_fixed_at').on('findings').column('fixed_at').execute();
    },
  };
}
