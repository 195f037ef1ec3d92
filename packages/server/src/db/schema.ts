import type { ColumnType, Generated } from 'kysely';

/**
 * The hub's tables as Kysely sees them. Times are epoch milliseconds (`bigint` in
 * PostgreSQL, read back as numbers; `integer` in SQLite), ids are UUID strings, JSON is
 * text: one representation that both databases store and compare the same way.
 */

/** Epoch milliseconds. */
type Millis = number;

export interface TeamTable {
  id: string;
  slug: string;
  name: string;
  created_at: Millis;
}

/** Roles that hold across the organisation; team roles are on memberships. */
export type GlobalRole = 'admin' | 'security' | 'auditor';
/** Roles a user has in one team. */
export type TeamRole = 'champion' | 'developer';

export interface UserTable {
  id: string;
  username: string;
  display_name: string;
  /** argon2id; null for a user who cannot log in with a password. */
  password_hash: string | null;
  global_role: GlobalRole | null;
  disabled: ColumnType<number, number | undefined, number>;
  failed_logins: ColumnType<number, number | undefined, number>;
  locked_until: Millis | null;
  created_at: Millis;
  /** 1 when the password was set by someone else and must be changed at the next sign-in. */
  must_change_password: ColumnType<number, number | undefined, number>;
}

export interface MembershipTable {
  team_id: string;
  user_id: string;
  role: TeamRole;
  created_at: Millis;
}

export interface ProjectTable {
  id: string;
  name: string;
  repository: string | null;
  default_branch: string;
  team_id: string;
  created_at: Millis;
  /** Whether the service is reachable from the internet (migration 0026): decides the threat-model check. */
  exposure: ColumnType<
    'internet' | 'internal' | 'unknown',
    'internet' | 'internal' | 'unknown' | undefined
  >;
}

export interface ScanTable {
  id: string;
  project_id: string;
  /** SHA-256 of the uploaded content: the same scan sent twice is applied once. */
  content_hash: string;
  commit_sha: string | null;
  branch: string | null;
  stage: 'dev' | 'pr' | 'main' | 'production';
  kind: 'full' | 'diff';
  /** JSON array of scanner kinds and tools the scan ran. */
  tools: string;
  findings: number;
  ran_at: Millis;
  received_at: Millis;
  /** The person who uploaded the scan (migration 0027); null when unknown or deleted. */
  uploaded_by_user_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** The API token the upload came with (CI or personal; migration 0027); null without one. */
  uploaded_by_token_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export type FindingStatus = 'open' | 'fixed' | 'false_positive' | 'risk_accepted';

export interface FindingTable {
  id: string;
  project_id: string;
  fingerprint: string;
  rule_id: string;
  scanner: string;
  severity: string;
  /** A triage override of the severity, else null. */
  severity_override: string | null;
  title: string;
  status: FindingStatus;
  /** The finding as the last scan that saw it reported it (JSON). */
  data: string;
  first_seen_at: Millis;
  first_seen_stage: string;
  first_scan_id: string;
  last_seen_at: Millis;
  last_scan_id: string;
  fixed_at: Millis | null;
  assignee_id: string | null;
  /** When an accepted risk lapses back to open. */
  accepted_until: Millis | null;
}

export interface FindingEventTable {
  id: Generated<number>;
  finding_id: string;
  project_id: string;
  /** detected, seen, fixed, reopened, false_positive, risk_accepted, risk_expired, assigned, commented, severity_overridden */
  type: string;
  at: Millis;
  actor_id: string | null;
  scan_id: string | null;
  stage: string | null;
  /** Event details (JSON), e.g. the reason of a triage decision. */
  data: string;
}

export interface SlaPolicyTable {
  id: string;
  /** null: the organisation's default. */
  team_id: string | null;
  severity: string;
  days: number;
  created_at: Millis;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Millis;
  actor_id: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  data: string;
}

export interface TokenTable {
  id: string;
  kind: 'personal' | 'ci';
  user_id: string | null;
  project_id: string | null;
  name: string;
  /** SHA-256 of the token: the token itself is shown once and never stored. */
  token_hash: string;
  created_at: Millis;
  last_used_at: Millis | null;
  expires_at: Millis | null;
  revoked_at: Millis | null;
}

export interface SessionTable {
  /** SHA-256 of the session cookie's value. */
  id_hash: string;
  user_id: string;
  created_at: Millis;
  expires_at: Millis;
}

/** The whole database. */
export interface Database {
  teams: TeamTable;
  users: UserTable;
  memberships: MembershipTable;
  projects: ProjectTable;
  scans: ScanTable;
  findings: FindingTable;
  finding_events: FindingEventTable;
  sla_policies: SlaPolicyTable;
  audit_log: AuditLogTable;
  tokens: TokenTable;
  sessions: SessionTable;
}
