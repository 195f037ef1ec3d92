import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

// The table of migration 0026-paved-road-posture, as Kysely sees it (the `exposure` column
// it adds to projects is on the shared ProjectTable).

/** Whether a project's service is reachable from the internet. */
export const EXPOSURES = ['internet', 'internal', 'unknown'] as const;
export type Exposure = (typeof EXPOSURES)[number];

/** A check's result as stored in a snapshot (fixes are computed when read). */
export interface StoredCheckResult {
  readonly id: string;
  readonly status: 'pass' | 'fail' | 'not-applicable';
  readonly summary: string;
}

/** The posture a full scan reported, and the score the hub gave it when it arrived. */
export interface PostureSnapshotTable {
  id: string;
  project_id: string;
  /** The scan that carried it (one snapshot per scan). */
  scan_id: string;
  /** The scan's run time (epoch ms). */
  taken_at: number;
  stage: string;
  /** JSON RepositoryFacts. */
  facts: string;
  /** JSON PavedRoadOutcome, null when the scan evaluated no policy. */
  paved_road: string | null;
  /** 0–100, computed at ingest with the hub's evidence of then. */
  score: number | null;
  /** JSON StoredCheckResult[]. */
  results: string;
}

/** The database as the scorecard code sees it. */
export type PostureDatabase = Database & { posture_snapshots: PostureSnapshotTable };

/** The hub's Kysely instance, typed with the posture table. */
export function postureDb(db: Kysely<Database>): Kysely<PostureDatabase> {
  return db as unknown as Kysely<PostureDatabase>;
}
