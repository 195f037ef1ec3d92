import type { Me } from './types.js';

/**
 * What the dashboard offers a user: the same rules as the hub's `authorize.ts`. The hub
 * enforces them; these only decide which buttons to show.
 */
export type TriageAction =
  | 'comment'
  | 'assign'
  | 'reopen'
  | 'false_positive'
  | 'accept_risk'
  | 'override_severity';

export function roleInTeam(me: Me, teamId: string) {
  return me.teams.find((t) => t.id === teamId)?.role;
}

export function isOrgReader(me: Me): boolean {
  return me.globalRole !== null;
}

export function isAdmin(me: Me): boolean {
  return me.globalRole === 'admin';
}

export function isSecurityOrAdmin(me: Me): boolean {
  return me.globalRole === 'admin' || me.globalRole === 'security';
}

export function canTriage(me: Me, teamId: string, action: TriageAction): boolean {
  if (isSecurityOrAdmin(me)) return true;
  const role = roleInTeam(me, teamId);
  if (role === undefined) return false;
  if (action === 'comment' || action === 'assign' || action === 'reopen') return true;
  return role === 'champion';
}

export function canManageTeam(me: Me, teamId: string): boolean {
  return isSecurityOrAdmin(me) || roleInTeam(me, teamId) === 'champion';
}

/**
 * Whether `me` may record a threat-model decision with `status` for a project of team
 * `teamId`: the team's members, security and admin change the model; accepting a threat
 * needs the team's champion, security or admin (as accepting a finding's risk does).
 */
export function canDecideThreat(
  me: Me,
  teamId: string,
  status: 'open' | 'mitigated' | 'accepted',
): boolean {
  return canTriage(me, teamId, status === 'accepted' ? 'accept_risk' : 'reopen');
}
