import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';

// The tables and columns of migration 0003-triage-rules, as Kysely sees them. They extend
// `Database` here so that the lifecycle code is typed without touching the shared schema.

/** Epoch milliseconds. */
type Millis = number;

/** An organisation-wide triage rule. */
export interface TriageRuleTable {
  id: string;
  /** `accept_advisory`: accept advisory X everywhere until D; `false_positive_path`: rule R under path P is a false positive. */
  kind: 'accept_advisory' | 'false_positive_path';
  advisory: string | null;
  rule_id: string | null;
  /** A path prefix (`src/legacy`) or glob (`**\/test/**`); null: every path. */
  path: string | null;
  reason: string;
  author_id: string | null;
  /** Higher wins when several rules match one finding. */
  priority: number;
  expires_at: Millis | null;
  created_at: Millis;
  /** When the expiry job reverted its findings; null while it applies. */
  expired_at: Millis | null;
  revoked_at: Millis | null;
  revoked_by: string | null;
}

/** Where a finding is present: one row per finding and scope (`main`, `production`, `branch:<name>`). */
export interface FindingScopeTable {
  finding_id: string;
  project_id: string;
  scope: string;
  /** 1 while the scope's last full scan (or a later sighting) has it; 0 once a full scan of the scope closed it. */
  open: number;
  first_seen_at: Millis;
  last_seen_at: Millis;
  last_scan_id: string;
  closed_at: Millis | null;
}

/** An open interval of a finding (see intervals.ts): derived from its events. */
export interface FindingIntervalTable {
  finding_id: string;
  /** Its place among the finding's intervals, from 0. */
  seq: number;
  project_id: string;
  started_at: Millis;
  /** The fix that closed it; null while open. */
  ended_at: Millis | null;
  /** The finding's project's team, effective severity and scanner (kept in step). */
  team_id: string;
  severity: string;
  scanner: string;
}

/** A period a triage verdict was in force (see triage-periods.ts): derived from events. */
export interface TriagePeriodTable {
  finding_id: string;
  seq: number;
  verdict: 'false_positive' | 'risk_accepted';
  started_at: Millis;
  /** The next decision's time; null while in force. */
  ended_at: Millis | null;
}

/** Which scan saw which finding: the record a late scan is replayed from. */
export interface ScanSightingTable {
  scan_id: string;
  finding_id: string;
}

/**
 * A CWE of a finding (migration 0011): one row per finding and CWE id (`CWE-79`), taken
 * from the finding as last reported and kept in step by ingest (lifecycle/finding-cwes.ts).
 */
export interface FindingCweTable {
  finding_id: string;
  cwe: string;
  /** The finding's project (a finding never changes project). */
  project_id: string;
}

/**
 * The text the findings list's free-text search looks in (migration 0011): a finding's title,
 * rule id and location (path, package name or URL), one per line (lifecycle/finding-search.ts).
 */
export interface FindingSearchTable {
  finding_id: string;
  project_id: string;
  text: string;
}

/** The lifecycle's columns on findings. */
export interface FindingLifecycleColumns {
  /** The organisation rule that decided the finding's triage status; null for a person's decision. */
  triage_rule_id: string | null;
  /** The stages the finding was ever seen at, as `,pr,main,`. */
  seen_stages: string;
  /**
   * When the finding was first seen at `main` or `production` (epoch ms; null: never):
   * the time of its first event at either stage, kept by the lifecycle (migration 0029), so
   * "prevented" need not look for such events among all of them.
   */
  promoted_at: number | null;
  /** Advisory ids of a dependency finding (its rule id, advisory and aliases), as `|GHSA-…|CVE-…|`. */
  advisories: string;
}

/** The lifecycle's columns on scans. */
export interface ScanLifecycleColumns {
  /** The scope the scan covers (see `scopeOf`). */
  scope: string;
}

/** The whole database as the lifecycle code sees it. */
export type LifecycleDatabase = Omit<Database, 'findings' | 'scans'> & {
  findings: Database['findings'] & FindingLifecycleColumns;
  scans: Database['scans'] & ScanLifecycleColumns;
  triage_rules: TriageRuleTable;
  finding_scopes: FindingScopeTable;
  scan_sightings: ScanSightingTable;
  finding_intervals: FindingIntervalTable;
  triage_periods: TriagePeriodTable;
  finding_cwes: FindingCweTable;
  finding_search: FindingSearchTable;
};

/** A query builder or transaction over {@link LifecycleDatabase}. */
export type LifecycleDb = Kysely<LifecycleDatabase> | Transaction<LifecycleDatabase>;

/** The hub's Kysely instance, typed with the lifecycle tables. */
export function lifecycleDb(db: Kysely<Database>): Kysely<LifecycleDatabase> {
  return db as unknown as Kysely<LifecycleDatabase>;
}
