import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { LifecycleDatabase } from '../lifecycle/tables.js';

// The table of migration 0012-threat-models, as Kysely sees it. It extends the lifecycle's
// view of the database here, so the threat-model code is typed without touching the shared
// schema (the project lock and transactions are the lifecycle's).

/** Where a revision came from: a CI token, the dashboard (a session), or a personal API token. */
export type ThreatModelOrigin = 'ci' | 'ui' | 'api';

/** One revision of a project's threat model. */
export interface ThreatModelTable {
  id: string;
  project_id: string;
  /** 1, 2, …: unique per project; the greatest is the model. */
  revision: number;
  /** The `threatmodel.yml` as uploaded (or as the hub rewrote it for a decision). */
  source_yaml: string;
  /** sha256 of `source_yaml`: an identical upload is not stored again. */
  content_hash: string;
  /** The model's `name`. */
  name: string;
  /** JSON of `summarizeThreats` when the revision was written (with the library of then). */
  summary: string;
  created_at: number;
  /** The user id, or the CI token id when `origin` is `ci`. */
  created_by: string | null;
  origin: ThreatModelOrigin;
  /** sha256 of the file CI uploaded (CI revisions only; migration 0018). */
  upload_hash: string | null;
  /** The uploaded file when the hub merged decisions into it (else null: `source_yaml` is it). */
  uploaded_yaml: string | null;
}

/** The database as the threat-model code sees it. */
export type ThreatModelDatabase = LifecycleDatabase & { threat_models: ThreatModelTable };

/** The hub's Kysely instance, typed with the threat-model table. */
export function threatModelDb(db: Kysely<Database>): Kysely<ThreatModelDatabase> {
  return db as unknown as Kysely<ThreatModelDatabase>;
}
