/**
 * The shapes of the hub's account and administration answers (org-routes.ts, token-routes.ts,
 * webhooks/webhook-routes.ts). The hub's zod schemas are the truth; these mirror them.
 */

/** An organisation-wide role, or none (a team member only). */
export type GlobalRole = 'admin' | 'security' | 'auditor';
export const GLOBAL_ROLES: readonly GlobalRole[] = ['admin', 'security', 'auditor'];

/** A role inside a team. */
export type TeamRole = 'champion' | 'developer';
export const TEAM_ROLES: readonly TeamRole[] = ['champion', 'developer'];

/** The severities an SLA policy applies to. */
export const SLA_SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type SlaSeverity = (typeof SLA_SEVERITIES)[number];
/** The hub's days to fix when neither the team nor the organisation has a policy (metrics/sla-policy.ts). */
export const BUILT_IN_SLA_DAYS: Readonly<Record<SlaSeverity, number>> = {
  critical: 7,
  high: 30,
  medium: 90,
  low: 180,
};

/** Passwords: 12 to 256 characters (auth-routes.ts `newPasswordSchema`). */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

/** A user as `GET /api/v1/users` lists them. */
export interface AdminUser {
  readonly id: string;
  readonly username: string;
  readonly displayName: string | null;
  readonly globalRole: GlobalRole | null;
  readonly disabled: boolean;
  readonly locked: boolean;
  readonly mustChangePassword: boolean;
  readonly createdAt: string;
}

/** `GET /api/v1/users/:userId`: the user and their memberships. */
export interface AdminUserDetail extends AdminUser {
  readonly teams: readonly { readonly teamId: string; readonly role: TeamRole }[];
}

/** `POST /api/v1/users`: the user, and the generated one-time password when none was given. */
export interface CreatedUser extends AdminUser {
  readonly password?: string;
}

/** A team as `GET /api/v1/teams` lists it. */
export interface AdminTeam {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly createdAt: string;
}

export interface TeamMember {
  readonly userId: string;
  readonly username: string;
  readonly displayName: string | null;
  readonly role: TeamRole;
}

/** `GET /api/v1/teams/:teamId`. */
export interface AdminTeamDetail extends AdminTeam {
  readonly members: readonly TeamMember[];
}

/** A project as `GET /api/v1/projects` lists it. */
export interface AdminProject {
  readonly id: string;
  readonly name: string;
  readonly repository: string | null;
  readonly defaultBranch: string;
  readonly teamId: string;
  readonly createdAt: string;
}

/** A personal or CI token, never the token itself. */
export interface ApiTokenInfo {
  readonly id: string;
  readonly kind: 'personal' | 'ci';
  readonly name: string;
  readonly projectId?: string | null;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly expiresAt: string | null;
  readonly revokedAt: string | null;
}

/** The answer that creates a token: the only time `token` is shown. */
export interface CreatedToken extends ApiTokenInfo {
  readonly token: string;
}

export interface SlaPolicy {
  readonly id: string;
  readonly teamId: string | null;
  readonly severity: SlaSeverity;
  readonly days: number;
  readonly createdAt: string;
}

/** The events a webhook can subscribe to (webhooks/tables.ts). */
export const WEBHOOK_EVENTS = ['finding.new_critical', 'sla.breach'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
export const WEBHOOK_EVENT_LABELS: Record<WebhookEvent, string> = {
  'finding.new_critical': 'A new critical finding',
  'sla.breach': 'An SLA breach',
};

/** A webhook: its URL masked after the first path segment, never its secret. */
export interface Webhook {
  readonly id: string;
  readonly name: string;
  readonly url: string;
  readonly events: readonly string[] | null;
  readonly teamId: string | null;
  readonly minSeverity: string | null;
  readonly active: boolean;
  readonly createdBy: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface CreatedWebhook extends Webhook {
  readonly secret: string;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';
export const DELIVERY_STATUSES: readonly DeliveryStatus[] = ['pending', 'delivered', 'failed'];

export interface WebhookDelivery {
  readonly id: string;
  readonly webhookId: string;
  readonly event: string;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly nextAttemptAt: string | null;
  readonly lastStatusCode: number | null;
  readonly lastError: string | null;
  readonly createdAt: string;
  readonly deliveredAt: string | null;
  readonly payload: unknown;
}
