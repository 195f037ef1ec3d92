import { ApiError } from '../api-error.js';
import type { Principal, UserPrincipal } from './principal.js';

/**
 * The permission rules, in one place, as DESIGN.md states them: every route checks both the
 * role and the team. admin and security act everywhere; auditor reads everywhere and
 * changes nothing; a champion or developer acts in their own teams only; a CI token uploads
 * scans to its own project only. Denials are 403 with a stable code; a missing principal
 * is 401. A resource the principal may not read is reported as 404 by the routes (no
 * existence leak), using `canReadTeam` first.
 */

/** 401 unless someone signed in; 403 for a CI token (it may only upload). */
export function requireUser(principal: Principal | undefined): UserPrincipal {
  if (!principal) throw new ApiError(401, 'UNAUTHENTICATED', 'sign in or send an API token');
  if (principal.kind !== 'user')
    throw new ApiError(403, 'FORBIDDEN', 'a CI token may only upload scans to its project');
  return principal;
}

/** Whether the principal may read a team's projects, findings and metrics. */
export function canReadTeam(principal: Principal | undefined, teamId: string): boolean {
  if (principal?.kind !== 'user') return false;
  return principal.globalRole !== null || principal.teams.has(teamId);
}

/** Whether the principal may upload a scan to a project of the team. */
export function canUpload(
  principal: Principal | undefined,
  project: { readonly id: string; readonly teamId: string },
): boolean {
  if (!principal) return false;
  if (principal.kind === 'ci') return principal.projectId === project.id;
  if (principal.globalRole === 'admin' || principal.globalRole === 'security') return true;
  return principal.teams.has(project.teamId);
}

/** Triage actions, from the least to the most consequential. */
export type TriageAction =
  | 'comment'
  | 'assign'
  | 'reopen'
  | 'false_positive'
  | 'accept_risk'
  | 'override_severity';

/**
 * Whether the principal may take a triage action on a finding of the team: members comment,
 * assign and reopen; calling something a false positive, accepting a risk or changing a
 * severity needs the team's champion, or security/admin.
 */
export function canTriage(
  principal: Principal | undefined,
  teamId: string,
  action: TriageAction,
): boolean {
  if (principal?.kind !== 'user') return false;
  if (principal.globalRole === 'admin' || principal.globalRole === 'security') return true;
  const role = principal.teams.get(teamId);
  if (role === undefined) return false;
  if (action === 'comment' || action === 'assign' || action === 'reopen') return true;
  return role === 'champion';
}

/** Whether the principal administers the organisation (users, teams, SLA policies, rules). */
export function isAdmin(principal: Principal | undefined): boolean {
  return principal?.kind === 'user' && principal.globalRole === 'admin';
}

/** Whether the principal speaks for the central security team (or is an admin). */
export function isSecurity(principal: Principal | undefined): boolean {
  return (
    principal?.kind === 'user' &&
    (principal.globalRole === 'security' || principal.globalRole === 'admin')
  );
}

/** Whether the principal reads across the organisation (admin, security or auditor). */
export function isOrgReader(principal: Principal | undefined): boolean {
  return principal?.kind === 'user' && principal.globalRole !== null;
}

/**
 * Whether the principal manages a team's projects and their CI tokens: admin, security, or
 * the team's champion (not its developers, not an auditor).
 */
export function canManageTeam(principal: Principal | undefined, teamId: string): boolean {
  if (principal?.kind !== 'user') return false;
  if (principal.globalRole === 'admin' || principal.globalRole === 'security') return true;
  return principal.teams.get(teamId) === 'champion';
}

/** Throws 403 with a stable code unless `allowed`. */
export function ensure(allowed: boolean, what: string): void {
  if (!allowed) throw new ApiError(403, 'FORBIDDEN', `not allowed: ${what}`);
}
