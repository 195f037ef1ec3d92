import type { Selectable } from 'kysely';
import { ApiError } from '../api-error.js';
import { isOrgReader, isSecurity } from '../auth/authorize.js';
import type { UserPrincipal } from '../auth/principal.js';
import type { CtfEventTable } from './tables.js';

// Who may do what with a CTF event (docs/hub-ctf.md, "Permissions"), in one place.

/** An event row with the teams a `teams` event is open to. */
export type CtfEventRow = Selectable<CtfEventTable> & { readonly teamIds: readonly string[] };

/** Whether the principal creates and edits events and challenges: security and admin. */
export function canManageCtf(principal: UserPrincipal): boolean {
  return isSecurity(principal);
}

/**
 * Whether the principal may see an event: admin, security and auditors every event (drafts
 * included); others `organisation` events, and `teams` events of a team of theirs.
 */
export function canReadEvent(principal: UserPrincipal, event: CtfEventRow): boolean {
  if (isOrgReader(principal)) return true;
  if (event.visibility === 'organisation') return true;
  if (event.visibility === 'teams') return event.teamIds.some((t) => principal.teams.has(t));
  return false;
}

/** Whether the viewer sees the scoreboard live after the freeze (org readers, who do not play or run the event). */
export function seesLiveBoard(principal: UserPrincipal): boolean {
  return isOrgReader(principal);
}

/** The teams the principal may play an event for: theirs, among the event's in a `teams` event. */
function eligibleTeams(principal: UserPrincipal, event: CtfEventRow): string[] {
  const mine = [...principal.teams.keys()];
  const teams = event.visibility === 'teams' ? mine.filter((t) => event.teamIds.includes(t)) : mine;
  return teams.sort();
}

/**
 * Who the principal plays as in the event: their user id (individual mode) or their team's
 * id (team mode; a person in several eligible teams plays for the first by id), or null
 * when they may not play (auditors, or no team in team mode). The caller has checked
 * {@link canReadEvent}.
 */
export function participantKeyOf(principal: UserPrincipal, event: CtfEventRow): string | null {
  if (principal.globalRole === 'auditor') return null;
  if (event.mode === 'individual') return principal.userId;
  return eligibleTeams(principal, event)[0] ?? null;
}

/** {@link participantKeyOf}, or 403 FORBIDDEN saying why not. */
export function requireParticipant(principal: UserPrincipal, event: CtfEventRow): string {
  const key = participantKeyOf(principal, event);
  if (key !== null) return key;
  throw new ApiError(
    403,
    'FORBIDDEN',
    principal.globalRole === 'auditor'
      ? 'not allowed: auditors read CTF events, they do not play'
      : 'not allowed: this is a team event, and you are in none of its teams',
  );
}

/** Where the event stands at `now`. */
export type CtfEventStatus = 'draft' | 'upcoming' | 'running' | 'ended';

/** The event's status at `now`: running in [startsAt, endsAt). */
export function eventStatus(event: CtfEventRow, now: number): CtfEventStatus {
  if (event.visibility === 'draft') return 'draft';
  if (now < event.starts_at) return 'upcoming';
  return now < event.ends_at ? 'running' : 'ended';
}

/** 409 EVENT_NOT_RUNNING unless the event is running (drafts never are). */
export function requireRunning(event: CtfEventRow, now: number): void {
  const status = eventStatus(event, now);
  if (status !== 'running')
    throw new ApiError(409, 'EVENT_NOT_RUNNING', `the event is ${status}: nothing can be played`);
}
