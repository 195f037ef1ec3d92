/**
 * The shapes of the hub's organisation answers the projects and teams pages read
 * (`packages/server/src/routes/org-routes.ts`, `scan-routes.ts`, `metrics-routes.ts`).
 */
import type { Role, Severity, Team } from './types.js';

/** A project (`GET /api/v1/projects/:id`). */
export interface Project {
  readonly id: string;
  readonly name: string;
  /** Free text the project's managers typed: a URL only when SafeLink says so. */
  readonly repository: string | null;
  readonly defaultBranch: string;
  readonly teamId: string;
  readonly createdAt: string;
}

/** Open findings by effective severity (`total` is their sum where the hub sends it). */
export type OpenBySeverity = Readonly<Partial<Record<Severity | 'total', number>>>;

/** A scanner that ran in a scan, and its tool. */
export interface ScanTool {
  readonly scanner: string;
  readonly tool: string;
  readonly version: string;
}

/** One scan of a project (`GET /api/v1/projects/:id/scans`, `describeScan` in the hub). */
export interface Scan {
  readonly id: string;
  readonly projectId: string;
  readonly ranAt: string;
  readonly receivedAt: string;
  readonly stage: string;
  readonly kind: 'full' | 'diff' | string;
  readonly branch: string | null;
  readonly commit: string | null;
  /** `main`, `production` or `branch:<name>`: what a full scan may close. */
  readonly scope: string | null;
  readonly tools: readonly ScanTool[];
  /** Findings the report held. */
  readonly findings: number;
  /** Who uploaded it; null when unknown (older scans) or the user or token was deleted. */
  readonly uploadedBy: ScanUploader | null;
}

/** Who uploaded a scan: a person (session or personal token) or a project's CI token. */
export type ScanUploader =
  | { readonly kind: 'user'; readonly id: string; readonly displayName: string }
  | { readonly kind: 'ci-token'; readonly id: string; readonly name: string };

/** A page of a project's scan history, the latest run first. */
export interface ScanPage {
  readonly scans: readonly Scan[];
  readonly nextCursor: string | null;
}

/** A project's risk at a glance (`summary` of `GET /api/v1/projects?include=summary`). */
export interface ProjectSummary {
  /** Open findings (not triaged away) by effective severity, and `total`. */
  readonly open: OpenBySeverity;
  /** Findings whose risk is accepted and not yet expired. */
  readonly riskAccepted: number;
  /** The scan that ran last, or null before the first upload. */
  readonly lastScan: Scan | null;
}

/** A project with its risk summary (`GET /api/v1/projects?include=summary`). */
export interface ProjectWithSummary extends Project {
  /** Absent from a hub that does not know `include=summary`. */
  readonly summary?: ProjectSummary;
}

/** A member of a team, with their role there. */
export interface TeamMember {
  readonly userId: string;
  readonly username: string;
  readonly displayName: string | null;
  readonly role: Extract<Role, 'champion' | 'developer'>;
}

/** A team and its members (`GET /api/v1/teams/:teamId`). */
export interface TeamDetail extends Team {
  readonly createdAt: string;
  readonly members: readonly TeamMember[];
}

/** One CWE of the top-CWEs report. */
export interface CweCount {
  /** `CWE-<n>`. */
  readonly cwe: string;
  /** MITRE's name for it, when the hub knows it. */
  readonly name: string | null;
  /** Findings first detected in the window that name it. */
  readonly findings: number;
  /** Of those, still open at the window's end. */
  readonly open: number;
}

/** The CWEs of the findings first detected in a window (`GET /api/v1/metrics/top-cwes`). */
export interface TopCwesReport {
  readonly window: { readonly from: string; readonly to: string };
  readonly findings: number;
  readonly open: number;
  readonly withCwe: number;
  readonly cweCount: number;
  readonly cwes: readonly CweCount[];
}
