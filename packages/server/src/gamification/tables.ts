import type { Kysely, Transaction } from 'kysely';
import type { CtfDatabase } from '../ctf/tables.js';
import type { Database } from '../db/schema.js';
import type { DeskDatabase } from '../desk/tables.js';
import type { LifecycleDatabase } from '../lifecycle/tables.js';
import type { TrainingDatabase } from '../training/tables.js';

// The tables of migration 0022-gamification, as Kysely sees them, on top of the tables the
// points are read from (findings' intervals, the desk, training completions, CTF solves).

/** A season: points are counted over `[starts_at, ends_at)`; seasons never overlap. */
export interface SeasonTable {
  id: string;
  name: string;
  starts_at: number;
  ends_at: number;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

/** A person's gamification setting (no row: not opted out). */
export interface GamificationSettingsTable {
  user_id: string;
  /** 1: never shown on a leaderboard. */
  opted_out: number;
  updated_at: number;
}

/** The database as the gamification code sees it. */
export type GamificationDatabase = LifecycleDatabase &
  DeskDatabase &
  TrainingDatabase &
  CtfDatabase & {
    seasons: SeasonTable;
    gamification_settings: GamificationSettingsTable;
  };

/** A query builder or transaction over {@link GamificationDatabase}. */
export type GamificationDb = Kysely<GamificationDatabase> | Transaction<GamificationDatabase>;

/** The hub's Kysely instance, typed with the gamification tables. */
export function gamificationDb(db: Kysely<Database>): Kysely<GamificationDatabase> {
  return db as unknown as Kysely<GamificationDatabase>;
}
