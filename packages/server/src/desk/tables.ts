import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';

// The tables of migration 0014-question-desk, as Kysely sees them. They extend the hub's
// schema here, so the desk code is typed without touching the shared schema file.

/** Epoch milliseconds. */
type Millis = number;

/** Where a question stands. */
export const QUESTION_STATUSES = ['open', 'escalated', 'answered', 'closed'] as const;
/** Where a question stands. */
export type QuestionStatus = (typeof QUESTION_STATUSES)[number];
/** Why a question went to the central security team. */
export type EscalationReason = 'timeout' | 'no_champion';
/** An answer (champions, security, admin) or a follow-up (anyone who may post). */
export type PostKind = 'answer' | 'follow_up';

/** A question of the desk. */
export interface DeskQuestionTable {
  id: string;
  /** The team that owns it: its champions answer first. */
  team_id: string;
  /** The asker; null once their account is deleted. */
  author_id: string | null;
  title: string;
  /** Markdown, at most 20 000 characters. */
  body: string;
  project_id: string | null;
  finding_id: string | null;
  status: QuestionStatus;
  /** 1: never in the knowledge base (its team still reads it). */
  private: number;
  created_at: Millis;
  updated_at: Millis;
  /** When it last started waiting for an answer (asked, or reopened). */
  waiting_since: Millis;
  /** When it was (last) escalated; null: never. */
  escalated_at: Millis | null;
  escalation_reason: EscalationReason | null;
  /** When its accepted answer was accepted; null with `accepted_answer_id`. */
  answered_at: Millis | null;
  accepted_answer_id: string | null;
  closed_at: Millis | null;
}

/** One tag of a question. */
export interface DeskQuestionTagTable {
  question_id: string;
  tag: string;
}

/** An answer or a follow-up. */
export interface DeskAnswerTable {
  id: string;
  question_id: string;
  author_id: string | null;
  kind: PostKind;
  body: string;
  created_at: Millis;
  edited_at: Millis | null;
}

/** The desk's settings: one row, id 1. */
export interface DeskSettingsTable {
  id: number;
  escalate_after_hours: number;
  updated_at: Millis | null;
  updated_by: string | null;
}

/** The database as the desk sees it (the dialect-specific search tables are raw SQL). */
export type DeskDatabase = Database & {
  desk_questions: DeskQuestionTable;
  desk_question_tags: DeskQuestionTagTable;
  desk_answers: DeskAnswerTable;
  desk_settings: DeskSettingsTable;
};

/** A query builder or transaction over {@link DeskDatabase}. */
export type DeskDb = Kysely<DeskDatabase> | Transaction<DeskDatabase>;

/** The hub's Kysely instance, typed with the desk tables. */
export function deskDb(db: Kysely<Database>): Kysely<DeskDatabase> {
  return db as unknown as Kysely<DeskDatabase>;
}
