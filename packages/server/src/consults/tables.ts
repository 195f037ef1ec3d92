import type { Generated, Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { ThreatModelTable } from '../threat-models/tables.js';

// The tables of migration 0015-consults, as Kysely sees them. They extend the hub's schema
// here (with the threat models an outcome links to), so the consult code is typed without
// touching the shared schema.

/** What a consult asks for. */
export type ConsultKind = 'design_review' | 'threat_model';

/** Where a consult is in the queue. */
export type ConsultStatus =
  | 'requested'
  | 'triaged'
  | 'scheduled'
  | 'in_progress'
  | 'done'
  | 'declined'
  | 'cancelled';

/** One consult request. */
export interface ConsultTable {
  id: string;
  team_id: string;
  project_id: string | null;
  requested_by: string | null;
  kind: ConsultKind;
  service: string;
  /** Markdown, stored as written. */
  description: string;
  wanted_by: number | null;
  /** JSON array of http(s) URLs. */
  links: string;
  status: ConsultStatus;
  owner_id: string | null;
  due_at: number | null;
  /** Markdown summary; required for done and declined. */
  outcome: string | null;
  outcome_project_id: string | null;
  outcome_revision: number | null;
  created_at: number;
  updated_at: number;
  /** When the consult first left `requested`: the first response. */
  triaged_at: number | null;
  closed_at: number | null;
}

/** What a consult event records. */
export type ConsultEventType = 'created' | 'status' | 'owner' | 'due' | 'outcome' | 'comment';

/** One entry of a consult's append-only history. */
export interface ConsultEventTable {
  id: Generated<number>;
  consult_id: string;
  at: number;
  actor_id: string | null;
  type: ConsultEventType;
  /** JSON details: `{ from, to }`, `{ text }`, … */
  data: string;
}

/** The SLA targets of a kind, when security changed them from the defaults. */
export interface ConsultSettingsTable {
  kind: ConsultKind;
  triage_days: number;
  completion_days: number;
  updated_at: number;
  updated_by: string | null;
}

/** The database as the consult code sees it. */
export type ConsultDatabase = Database & {
  consults: ConsultTable;
  consult_events: ConsultEventTable;
  consult_settings: ConsultSettingsTable;
  threat_models: ThreatModelTable;
};

/** The hub's Kysely instance, typed with the consult tables. */
export function consultDb(db: Kysely<Database>): Kysely<ConsultDatabase> {
  return db as unknown as Kysely<ConsultDatabase>;
}
