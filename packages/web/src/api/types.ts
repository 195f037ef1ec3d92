/** The shapes of the hub's answers the dashboard reads (see /api/docs). */

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const STATUSES = ['open', 'fixed', 'false_positive', 'risk_accepted'] as const;
export type Status = (typeof STATUSES)[number];
export const SCANNERS = ['sast', 'secrets', 'sca', 'iac', 'dast'] as const;
export const STAGES = ['dev', 'pr', 'main', 'production'] as const;
export const ROLES = ['admin', 'security', 'champion', 'developer', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export interface TeamMembership {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly role: Role;
}

export interface Me {
  readonly id: string;
  readonly username: string;
  readonly displayName: string | null;
  readonly globalRole: 'admin' | 'security' | 'auditor' | null;
  readonly mustChangePassword: boolean;
  readonly teams: readonly TeamMembership[];
}

export interface Team {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  /** In `GET /api/v1/teams` only. */
  readonly champions?: readonly {
    readonly id: string;
    readonly username: string;
    readonly displayName: string | null;
  }[];
}

export interface WindowRef {
  readonly from: string;
  readonly to: string;
}
export interface WeekRef {
  readonly week: string;
  readonly weekStart: string;
}
export interface TeamRef {
  readonly teamId: string;
  readonly teamSlug: string;
  readonly teamName: string;
}
export interface DurationSummary {
  readonly count: number;
  readonly mean: number | null;
  readonly median: number | null;
  readonly p90: number | null;
}
export interface MttrReport {
  readonly window: WindowRef;
  readonly unit: 'days';
  readonly overall: DurationSummary;
  readonly bySeverity: readonly ({ readonly severity: string } & DurationSummary)[];
  readonly byTeam: readonly (TeamRef & DurationSummary)[];
  readonly byScanner: readonly ({ readonly scanner: string } & DurationSummary)[];
  readonly byWeek: readonly (WeekRef & DurationSummary)[];
}
export interface EscapeCounts {
  readonly findings: number;
  readonly escaped: number;
  readonly rate: number | null;
  readonly lateDisclosures: number;
}
export interface EscapeRateReport extends EscapeCounts {
  readonly window: WindowRef;
  readonly byTeam: readonly (TeamRef & EscapeCounts)[];
  readonly bySeverity: readonly ({ readonly severity: string } & EscapeCounts)[];
  readonly byWeek: readonly (WeekRef & EscapeCounts)[];
}
export interface SlaCounts {
  readonly fixed: number;
  readonly withinSla: number;
  readonly compliance: number | null;
}
export interface SlaBreach {
  readonly findingId: string;
  readonly title: string;
  readonly projectId: string;
  readonly projectName: string;
  readonly teamId: string;
  readonly severity: string;
  readonly assigneeId: string | null;
  readonly openedAt: string;
  readonly slaDays: number;
  readonly dueAt: string;
  readonly daysOverdue: number;
}
export interface SlaReport extends SlaCounts {
  readonly window: WindowRef;
  readonly bySeverity: readonly ({ readonly severity: string } & SlaCounts)[];
  readonly byTeam: readonly (TeamRef & SlaCounts)[];
  readonly breaches: { readonly total: number; readonly items: readonly SlaBreach[] };
}
export interface OpenAgeReport {
  readonly window: WindowRef;
  readonly total: number;
  readonly buckets: readonly {
    readonly bucket: string;
    readonly count: number;
    readonly bySeverity: Readonly<Record<string, number>>;
  }[];
  readonly bySeverity: readonly { readonly severity: string; readonly count: number }[];
}
export interface PreventedCounts {
  readonly prevented: number;
  readonly pending: number;
}
export interface PreventedReport extends PreventedCounts {
  readonly window: WindowRef;
  readonly byTeam: readonly (TeamRef & PreventedCounts)[];
  readonly bySeverity: readonly ({ readonly severity: string } & PreventedCounts)[];
}
export interface TrendReport {
  readonly window: WindowRef;
  readonly openAtStart: number;
  readonly weeks: readonly (WeekRef & {
    readonly opened: number;
    readonly fixed: number;
    readonly openAtEnd: number;
  })[];
}

export type Location =
  | {
      readonly kind: 'code';
      readonly path: string;
      readonly region: {
        readonly startLine: number;
        readonly startColumn: number;
        readonly endLine: number;
        readonly endColumn: number;
      };
      readonly snippet?: string;
    }
  | {
      readonly kind: 'package';
      readonly purl: string;
      readonly ecosystem: string;
      readonly name: string;
      readonly version: string;
      readonly manifestPath: string;
      readonly line?: number;
      readonly fixedVersions: readonly string[];
      readonly dependencyPath?: readonly string[];
      readonly direct?: boolean;
      readonly dev?: boolean;
    }
  | {
      readonly kind: 'url';
      readonly method: string;
      readonly url: string;
      readonly parameter?: string;
      readonly evidence?: {
        readonly request?: string;
        readonly response?: string;
        readonly proof?: string;
      };
    };

export interface FindingSummary {
  readonly id: string;
  readonly projectId: string;
  readonly projectName?: string;
  readonly teamId?: string;
  readonly fingerprint: string;
  readonly ruleId: string;
  readonly scanner: string;
  readonly title: string;
  readonly severity: Severity;
  readonly reportedSeverity: Severity;
  readonly severityOverride: Severity | null;
  readonly status: Status;
  readonly firstSeenAt: string;
  readonly firstSeenStage: string;
  readonly lastSeenAt: string;
  readonly fixedAt: string | null;
  readonly seenAtStages: readonly string[];
  readonly assigneeId: string | null;
  readonly acceptedUntil: string | null;
  readonly triageRuleId: string | null;
  readonly location: Location | null;
}

export interface FindingEvent {
  readonly id: number;
  readonly type: string;
  readonly at: string;
  readonly actorId: string | null;
  /** The person who acted, by name (null for a scan or the hub itself). */
  readonly actor?: { readonly username: string; readonly displayName: string | null } | null;
  readonly scanId: string | null;
  readonly stage: string | null;
  readonly data: unknown;
}

export interface FindingDetail extends Omit<FindingSummary, 'projectName' | 'teamId'> {
  readonly projectName: string;
  readonly teamId: string;
  readonly finding: {
    readonly message?: string;
    readonly remediation?: string;
    readonly references?: readonly string[];
    readonly cwe?: readonly string[];
    readonly owasp?: string;
    readonly confidence?: string;
    readonly tool?: { readonly name: string; readonly version: string };
    readonly tags?: readonly string[];
    readonly cvss?: { readonly version: string; readonly vector: string; readonly score: number };
  } | null;
  readonly events: readonly FindingEvent[];
}
