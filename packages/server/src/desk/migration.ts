import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { Dialect } from '../db/database.js';

/** The default of `desk_settings.escalate_after_hours`. */
export const DEFAULT_ESCALATE_AFTER_HOURS = 48;

/**
 * Migration 0014-question-desk: the question desk. Questions (`desk_questions`) belong to a
 * team; their tags sit in `desk_question_tags` (one row per tag, for filtering); answers and
 * follow-ups share `desk_answers` (`kind`). One settings row (`desk_settings`, id 1).
 *
 * Full-text search differs per database: PostgreSQL keeps a `search` tsvector column on the
 * question (title, body, then every answer and follow-up, weighted A/B/C) with a GIN index;
 * SQLite an FTS5 table `desk_search` (porter stemming) whose rowid comes from
 * `desk_search_rows` (an INTEGER PRIMARY KEY, so it survives VACUUM). Both are rewritten in
 * the transaction of every write (desk/desk-search.ts).
 */
export function questionDeskMigration(dialect: Dialect): Migration {
  const millis = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>) {
      let questions = db.schema
        .createTable('desk_questions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id').onDelete('cascade'))
        .addColumn('author_id', 'text', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('title', 'text', (c) => c.notNull().check(sql`length(title) between 1 and 200`))
        .addColumn('body', 'text', (c) => c.notNull().check(sql`length(body) <= 20000`))
        .addColumn('project_id', 'text', (c) => c.references('projects.id').onDelete('set null'))
        .addColumn('finding_id', 'text', (c) => c.references('findings.id').onDelete('set null'))
        .addColumn('status', 'text', (c) =>
          c.notNull().check(sql`status in ('open', 'escalated', 'answered', 'closed')`),
        )
        .addColumn('private', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', millis, (c) => c.notNull())
        .addColumn('updated_at', millis, (c) => c.notNull())
        .addColumn('waiting_since', millis, (c) => c.notNull())
        .addColumn('escalated_at', millis)
        .addColumn('escalation_reason', 'text', (c) =>
          c.check(sql`escalation_reason in ('timeout', 'no_champion')`),
        )
        .addColumn('answered_at', millis)
        .addColumn('accepted_answer_id', 'text')
        .addColumn('closed_at', millis)
        .addCheckConstraint(
          'desk_questions_accepted',
          sql`(accepted_answer_id is null) = (answered_at is null) and (status <> 'answered' or accepted_answer_id is not null)`,
        );
      if (dialect === 'postgres') questions = questions.addColumn('search', sql`tsvector`);
      await questions.execute();
      for (const [name, columns] of [
        ['desk_questions_team_status', ['team_id', 'status', 'created_at']],
        ['desk_questions_status_waiting', ['status', 'waiting_since']],
        ['desk_questions_author', ['author_id', 'created_at']],
        ['desk_questions_created', ['created_at']],
      ] as const) {
        await db.schema
          .createIndex(name)
          .on('desk_questions')
          .columns([...columns])
          .execute();
      }
      await db.schema
        .createTable('desk_question_tags')
        .addColumn('question_id', 'text', (c) =>
          c.notNull().references('desk_questions.id').onDelete('cascade'),
        )
        .addColumn('tag', 'text', (c) =>
          c.notNull().check(sql`length(tag) between 1 and 32 and tag = lower(tag)`),
        )
        .addPrimaryKeyConstraint('desk_question_tags_pk', ['question_id', 'tag'])
        .execute();
      await db.schema
        .createIndex('desk_question_tags_tag')
        .on('desk_question_tags')
        .columns(['tag', 'question_id'])
        .execute();
      await db.schema
        .createTable('desk_answers')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('question_id', 'text', (c) =>
          c.notNull().references('desk_questions.id').onDelete('cascade'),
        )
        .addColumn('author_id', 'text', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('answer', 'follow_up')`))
        .addColumn('body', 'text', (c) => c.notNull().check(sql`length(body) between 1 and 20000`))
        .addColumn('created_at', millis, (c) => c.notNull())
        .addColumn('edited_at', millis)
        .execute();
      await db.schema
        .createIndex('desk_answers_question')
        .on('desk_answers')
        .columns(['question_id', 'created_at'])
        .execute();
      // Recognition reads answers by author: "answers by X", "accepted answers by X".
      await db.schema
        .createIndex('desk_answers_author')
        .on('desk_answers')
        .columns(['author_id', 'kind', 'created_at'])
        .execute();
      await db.schema
        .createTable('desk_settings')
        .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
        .addColumn('escalate_after_hours', 'integer', (c) =>
          c.notNull().check(sql`escalate_after_hours between 1 and 720`),
        )
        .addColumn('updated_at', millis)
        .addColumn('updated_by', 'text')
        .execute();
      await sql`insert into desk_settings (id, escalate_after_hours) values (1, ${sql.lit(DEFAULT_ESCALATE_AFTER_HOURS)})`.execute(
        db,
      );
      if (dialect === 'postgres') {
        await sql`create index desk_questions_search on desk_questions using gin (search)`.execute(
          db,
        );
      } else {
        await db.schema
          .createTable('desk_search_rows')
          .addColumn('id', 'integer', (c) => c.primaryKey())
          .addColumn('question_id', 'text', (c) =>
            c.notNull().unique().references('desk_questions.id').onDelete('cascade'),
          )
          .execute();
        await sql`create virtual table desk_search using fts5(title, body, answers, tokenize = 'porter unicode61')`.execute(
          db,
        );
        // A question deleted (with its team) leaves no text behind in the index.
        await sql`create trigger desk_search_rows_delete after delete on desk_search_rows begin delete from desk_search where rowid = old.id; end`.execute(
          db,
        );
      }
    },
    async down(db: Kysely<unknown>) {
      if (dialect === 'sqlite') {
        await sql`drop table desk_search`.execute(db);
        await db.schema.dropTable('desk_search_rows').execute();
      }
      await db.schema.dropTable('desk_settings').execute();
      await db.schema.dropTable('desk_answers').execute();
      await db.schema.dropTable('desk_question_tags').execute();
      await db.schema.dropTable('desk_questions').execute();
    },
  };
}
