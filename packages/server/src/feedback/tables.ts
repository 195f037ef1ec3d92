import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

// The table of migration 0016-rule-feedback, as Kysely sees it. It extends the hub's schema
// here, so the feedback code is typed without touching the shared schema.

/** What the feedback says about the rule. */
export type RuleFeedbackKind =
  | 'noisy'
  | 'false_positive'
  | 'missed_vulnerability'
  | 'unclear_message'
  | 'other';

/** Where the feedback stands: security acknowledges it, then fixes the rule or does not. */
export type RuleFeedbackStatus = 'open' | 'acknowledged' | 'fixed' | 'wont_fix';

/** One piece of field feedback on a rule. */
export interface RuleFeedbackTable {
  id: string;
  /** The scanner kind, lower case: sast, secrets, sca, iac, dast, … */
  scanner: string;
  rule_id: string;
  team_id: string;
  author_id: string | null;
  kind: RuleFeedbackKind;
  /** Markdown, stored as written. */
  body: string;
  /** A finding of the team that shows the problem. */
  finding_id: string | null;
  status: RuleFeedbackStatus;
  /** Security's answer to the champion (markdown). */
  response: string | null;
  responded_by: string | null;
  responded_at: number | null;
  created_at: number;
  updated_at: number;
}

/** The database as the feedback code sees it. */
export type FeedbackDatabase = Database & { rule_feedback: RuleFeedbackTable };

/** The hub's Kysely instance, typed with the feedback table. */
export function feedbackDb(db: Kysely<Database>): Kysely<FeedbackDatabase> {
  return db as unknown as Kysely<FeedbackDatabase>;
}
