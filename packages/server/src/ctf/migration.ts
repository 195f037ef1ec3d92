import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { Dialect } from '../db/database.js';

/**
 * Migration 0020-ctf: capture-the-flag events, their challenges, hints, submissions and
 * solves (docs/hub-ctf.md). Points are never stored per solve: the scoreboard is computed
 * from the solves, so concurrent submissions cannot leave a wrong total behind. A solve is
 * unique per challenge and participant (a user, or a team in team mode), and a partial
 * unique index allows one first blood per challenge.
 */
export function ctfMigration(dialect: Dialect): Migration {
  const millis = dialect === 'postgres' ? 'bigint' : 'integer';
  const serial = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('ctf_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('starts_at', millis, (c) => c.notNull())
        .addColumn('ends_at', millis, (c) => c.notNull())
        .addColumn('freeze_at', millis)
        .addColumn('visibility', 'text', (c) =>
          c.notNull().check(sql`visibility in ('draft', 'organisation', 'teams')`),
        )
        .addColumn('mode', 'text', (c) => c.notNull().check(sql`mode in ('individual', 'team')`))
        .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('created_at', millis, (c) => c.notNull())
        .addColumn('updated_at', millis, (c) => c.notNull())
        .addCheckConstraint('ctf_events_window', sql`ends_at > starts_at`)
        .execute();
      await db.schema
        .createTable('ctf_event_teams')
        .addColumn('event_id', 'text', (c) =>
          c.notNull().references('ctf_events.id').onDelete('cascade'),
        )
        .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id').onDelete('cascade'))
        .addPrimaryKeyConstraint('ctf_event_teams_pk', ['event_id', 'team_id'])
        .execute();
      await db.schema
        .createTable('ctf_challenges')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('event_id', 'text', (c) =>
          c.notNull().references('ctf_events.id').onDelete('cascade'),
        )
        .addColumn('slug', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('scoring', 'text', (c) =>
          c.notNull().check(sql`scoring in ('static', 'dynamic')`),
        )
        // Static: the value; dynamic: the initial value.
        .addColumn('points', 'integer', (c) => c.notNull().check(sql`points >= 0`))
        .addColumn('minimum', 'integer')
        .addColumn('decay', 'integer')
        .addColumn('flag_kind', 'text', (c) =>
          c.notNull().check(sql`flag_kind in ('static', 'case_insensitive', 'regex')`),
        )
        // argon2id PHC string (salt and parameters included) for static/case-insensitive flags.
        .addColumn('flag_hash', 'text')
        // The anchored pattern of a regex flag: a server-side secret (it cannot be hashed).
        .addColumn('flag_pattern', 'text')
        // JSON array of challenge ids of the same event.
        .addColumn('prerequisites', 'text', (c) => c.notNull())
        .addColumn('published', 'integer', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('created_at', millis, (c) => c.notNull())
        .addColumn('updated_at', millis, (c) => c.notNull())
        .addUniqueConstraint('ctf_challenges_event_slug_unique', ['event_id', 'slug'])
        .addCheckConstraint(
          'ctf_challenges_flag_shape',
          sql`(flag_kind = 'regex' and flag_pattern is not null and flag_hash is null) or (flag_kind <> 'regex' and flag_hash is not null and flag_pattern is null)`,
        )
        .addCheckConstraint(
          'ctf_challenges_scoring_shape',
          sql`(scoring = 'static' and minimum is null and decay is null) or (scoring = 'dynamic' and minimum is not null and decay is not null and minimum >= 0 and minimum <= points and decay > 0)`,
        )
        .execute();
      await db.schema
        .createTable('ctf_hints')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('challenge_id', 'text', (c) =>
          c.notNull().references('ctf_challenges.id').onDelete('cascade'),
        )
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('cost', 'integer', (c) => c.notNull().check(sql`cost >= 0`))
        .addUniqueConstraint('ctf_hints_challenge_position_unique', ['challenge_id', 'position'])
        .execute();
      await db.schema
        .createTable('ctf_hint_unlocks')
        .addColumn('hint_id', 'text', (c) =>
          c.notNull().references('ctf_hints.id').onDelete('cascade'),
        )
        .addColumn('participant_key', 'text', (c) => c.notNull())
        .addColumn('event_id', 'text', (c) =>
          c.notNull().references('ctf_events.id').onDelete('cascade'),
        )
        .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('at', millis, (c) => c.notNull())
        .addPrimaryKeyConstraint('ctf_hint_unlocks_pk', ['hint_id', 'participant_key'])
        .execute();
      await db.schema
        .createIndex('ctf_hint_unlocks_event')
        .on('ctf_hint_unlocks')
        .columns(['event_id', 'participant_key'])
        .execute();
      await db.schema
        .createTable('ctf_submissions')
        .addColumn('id', serial, (c) =>
          dialect === 'postgres'
            ? c.primaryKey().generatedAlwaysAsIdentity()
            : c.primaryKey().autoIncrement(),
        )
        .addColumn('event_id', 'text', (c) =>
          c.notNull().references('ctf_events.id').onDelete('cascade'),
        )
        .addColumn('challenge_id', 'text', (c) =>
          c.notNull().references('ctf_challenges.id').onDelete('cascade'),
        )
        .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('participant_key', 'text', (c) => c.notNull())
        // Only whether it was right: the submitted text is never stored.
        .addColumn('correct', 'integer', (c) => c.notNull())
        .addColumn('at', millis, (c) => c.notNull())
        .execute();
      // The rate limit counts a participant's recent wrong submissions to a challenge.
      await db.schema
        .createIndex('ctf_submissions_rate')
        .on('ctf_submissions')
        .columns(['challenge_id', 'participant_key', 'correct', 'at'])
        .execute();
      await db.schema
        .createTable('ctf_solves')
        .addColumn('event_id', 'text', (c) =>
          c.notNull().references('ctf_events.id').onDelete('cascade'),
        )
        .addColumn('challenge_id', 'text', (c) =>
          c.notNull().references('ctf_challenges.id').onDelete('cascade'),
        )
        .addColumn('participant_key', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('at', millis, (c) => c.notNull())
        .addColumn('first_blood', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('ctf_solves_pk', ['challenge_id', 'participant_key'])
        .execute();
      await sql`create unique index ctf_solves_first_blood on ctf_solves (challenge_id) where first_blood = 1`.execute(
        db,
      );
      await db.schema.createIndex('ctf_solves_event').on('ctf_solves').column('event_id').execute();
    },
    async down(db: Kysely<unknown>) {
      for (const table of [
        'ctf_solves',
        'ctf_submissions',
        'ctf_hint_unlocks',
        'ctf_hints',
        'ctf_challenges',
        'ctf_event_teams',
        'ctf_events',
      ]) {
        await db.schema.dropTable(table).execute();
      }
    },
  };
}
