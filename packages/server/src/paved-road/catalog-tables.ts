import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

// The tables of migration 0025-paved-road-catalog, as Kysely sees them. They extend the
// hub's schema here, so the paved-road code is typed without touching the shared schema.

/** One revision of the organisation's paved-road policy (the newest is in force). */
export interface PavedRoadRevisionTable {
  /** 1, 2, 3…: the newest is the current policy. */
  revision: number;
  /** The policy text, exactly as served at `/api/v1/paved-road.yml`. */
  yaml: string;
  /** Hex SHA-256 of the UTF-8 bytes of `yaml`. */
  sha256: string;
  comment: string | null;
  author_id: string | null;
  created_at: number;
  /** Lines added and removed against the previous revision (counted when saved). */
  added: number;
  removed: number;
}

/** One version of a pipeline template. */
export interface PavedRoadTemplateTable {
  id: string;
  /** A slug: `^[a-z0-9][a-z0-9-]{0,62}$`. */
  name: string;
  /** Semver `x.y.z`. */
  version: string;
  ci: 'github' | 'gitlab' | 'any';
  description: string;
  /** JSON `[{ path, content }]`. */
  files: string;
  /** JSON: the files' paths, in order (the lists read these, never `files`). */
  paths: string;
  /** JSON: the check ids the template fixes (see `templateProvides`). */
  provides: string;
  author_id: string | null;
  created_at: number;
  /** 0 or 1. */
  deprecated: number;
}

/** The catalog's tables. */
export interface PavedRoadCatalogTables {
  paved_road_revisions: PavedRoadRevisionTable;
  paved_road_templates: PavedRoadTemplateTable;
}

/** The database as the paved-road code sees it. */
export type CatalogDatabase = Database & PavedRoadCatalogTables;

/** The hub's Kysely instance (or a transaction), typed with the catalog tables. */
export function catalogDb(db: Kysely<Database>): Kysely<CatalogDatabase> {
  return db as unknown as Kysely<CatalogDatabase>;
}
