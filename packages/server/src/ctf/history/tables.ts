import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { CtfDatabase } from '../tables.js';

// The table of migration 0023-ctf-history, as Kysely sees it.

/** Where a draft stands: only an approved draft is published. */
export type HistoryDraftStatus = 'draft' | 'approved' | 'rejected' | 'published';

export interface CtfHistoryDraftTable {
  id: string;
  finding_id: string | null;
  created_by: string | null;
  created_at: number;
  updated_at: number;
  status: HistoryDraftStatus;
  snippet: string;
  line: number;
  cwe: string;
  language: string;
  title: string;
  description: string;
  /** JSON: `{ kind: count }`. */
  replacements: string;
  /** JSON: string[]. */
  notes: string;
  reviewed_by: string | null;
  reviewed_at: number | null;
  challenge_id: string | null;
}

/** The database as the CTF history code sees it. */
export type CtfHistoryDatabase = CtfDatabase & { ctf_history_drafts: CtfHistoryDraftTable };

/** The hub's Kysely instance, typed with the CTF history table. */
export function ctfHistoryDb(db: Kysely<Database>): Kysely<CtfHistoryDatabase> {
  return db as unknown as Kysely<CtfHistoryDatabase>;
}
