import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

// The table of migration 0013-champion-expertise, as Kysely sees it. It extends the hub's
// schema here, so the champion code is typed without touching the shared schema.

/** One expertise tag of a champion in one team (a champion of two teams has two sets). */
export interface ChampionExpertiseTable {
  team_id: string;
  user_id: string;
  /** Lower-case words joined by dashes, at most 32 characters: `crypto`, `owasp-top-10`. */
  tag: string;
  created_at: number;
}

/** The database as the champion code sees it. */
export type ChampionDatabase = Database & { champion_expertise: ChampionExpertiseTable };

/** The hub's Kysely instance, typed with the champion table. */
export function championDb(db: Kysely<Database>): Kysely<ChampionDatabase> {
  return db as unknown as Kysely<ChampionDatabase>;
}
