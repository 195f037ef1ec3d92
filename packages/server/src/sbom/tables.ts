import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { LifecycleDatabase } from '../lifecycle/tables.js';

// The tables of migration 0006-sboms, as Kysely sees them. They extend the lifecycle's view
// of the database here, so the SBOM code is typed without touching the shared schema.

/** Epoch milliseconds. */
type Millis = number;

/** One stored CycloneDX SBOM of a project. */
export interface SbomTable {
  id: string;
  project_id: string;
  stage: 'dev' | 'pr' | 'main' | 'production';
  /** The lifecycle scope the SBOM describes (`main`, `production`, `branch:<name>`). */
  scope: string;
  branch: string | null;
  commit_sha: string | null;
  /** sha256 of the document as received (after gunzip). */
  content_hash: string;
  spec_version: string;
  serial_number: string | null;
  /** Components in the document, nested ones included. */
  component_count: number;
  /** Size of the document in bytes (uncompressed). */
  size_bytes: number;
  /** The document, gzip-compressed. */
  document: Buffer;
  uploaded_at: Millis;
  /** The user who uploaded it; null for a CI token. */
  uploaded_by: string | null;
  /** The CI token that uploaded it; null for a user. */
  token_id: string | null;
}

/** One re-match of a stored SBOM against one state of the OSV database. */
export interface SbomRematchTable {
  id: string;
  sbom_id: string;
  project_id: string;
  /** Identifies the OSV database's content the SBOM was matched against. */
  store_signature: string;
  /** The scan the re-match ingested. */
  scan_id: string;
  /** The time the scan is dated (see rematch.ts). */
  ran_at: Millis;
  /** When the re-match ran. */
  matched_at: Millis;
  /** Vulnerability findings the re-match reported. */
  findings: number;
  /** Of those, findings the project did not have before. */
  new_findings: number;
}

/** The database as the SBOM code sees it. */
export type SbomDatabase = LifecycleDatabase & {
  sboms: SbomTable;
  sbom_rematches: SbomRematchTable;
};

/** The hub's Kysely instance, typed with the SBOM tables. */
export function sbomDb(db: Kysely<Database>): Kysely<SbomDatabase> {
  return db as unknown as Kysely<SbomDatabase>;
}
