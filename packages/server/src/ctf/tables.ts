import type { Generated, Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

// The tables of migration 0020-ctf, as Kysely sees them (extending the hub's schema here).

/** Who may see and play an event. */
export type CtfVisibility = 'draft' | 'organisation' | 'teams';
/** Whether people score alone or for their team. */
export type CtfMode = 'individual' | 'team';
/** How a challenge's value is computed. */
export type CtfScoring = 'static' | 'dynamic';
/** How a submitted flag is compared. */
export type CtfFlagKind = 'static' | 'case_insensitive' | 'regex';

export interface CtfEventTable {
  id: string;
  name: string;
  description: string;
  starts_at: number;
  ends_at: number;
  freeze_at: number | null;
  visibility: CtfVisibility;
  mode: CtfMode;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

export interface CtfEventTeamTable {
  event_id: string;
  team_id: string;
}

export interface CtfChallengeTable {
  id: string;
  event_id: string;
  slug: string;
  title: string;
  category: string;
  description: string;
  scoring: CtfScoring;
  points: number;
  minimum: number | null;
  decay: number | null;
  flag_kind: CtfFlagKind;
  flag_hash: string | null;
  flag_pattern: string | null;
  /** JSON array of challenge ids. */
  prerequisites: string;
  published: number;
  position: number;
  created_at: number;
  updated_at: number;
}

export interface CtfHintTable {
  id: string;
  challenge_id: string;
  position: number;
  text: string;
  cost: number;
}

export interface CtfHintUnlockTable {
  hint_id: string;
  participant_key: string;
  event_id: string;
  user_id: string | null;
  at: number;
}

export interface CtfSubmissionTable {
  id: Generated<number>;
  event_id: string;
  challenge_id: string;
  user_id: string | null;
  participant_key: string;
  correct: number;
  at: number;
}

export interface CtfSolveTable {
  event_id: string;
  challenge_id: string;
  participant_key: string;
  user_id: string | null;
  at: number;
  first_blood: number;
}

/** The database as the CTF code sees it. */
export type CtfDatabase = Database & {
  ctf_events: CtfEventTable;
  ctf_event_teams: CtfEventTeamTable;
  ctf_challenges: CtfChallengeTable;
  ctf_hints: CtfHintTable;
  ctf_hint_unlocks: CtfHintUnlockTable;
  ctf_submissions: CtfSubmissionTable;
  ctf_solves: CtfSolveTable;
};

/** The hub's Kysely instance, typed with the CTF tables. */
export function ctfDb(db: Kysely<Database>): Kysely<CtfDatabase> {
  return db as unknown as Kysely<CtfDatabase>;
}
