import { isSecurityOrAdmin, roleInTeam } from '../api/permissions.js';
import type { Me } from '../api/types.js';

// Who may do what on the question desk: the hub's rules (server `desk/desk-access.ts`),
// mirrored only to decide which forms and buttons to show. The hub enforces them.

interface QuestionFacts {
  readonly teamId: string;
  readonly author: { readonly id: string } | null;
}

const isAsker = (me: Me, q: QuestionFacts) => q.author !== null && q.author.id === me.id;

/** Ask a question of the team: its members, security and admin. */
export function canAskDesk(me: Me, teamId: string): boolean {
  return isSecurityOrAdmin(me) || roleInTeam(me, teamId) !== undefined;
}

/** Answer: the team's champions, security and admin. */
export function canAnswerDesk(me: Me, teamId: string): boolean {
  return isSecurityOrAdmin(me) || roleInTeam(me, teamId) === 'champion';
}

/** Follow up: the asker, the team's members, security and admin (not auditors). */
export function canFollowUpDesk(me: Me, q: QuestionFacts): boolean {
  return isSecurityOrAdmin(me) || roleInTeam(me, q.teamId) !== undefined || isAsker(me, q);
}

/** Accept an answer, close or reopen: the asker, the team's champions, security and admin. */
export function canSettleDesk(me: Me, q: QuestionFacts): boolean {
  return isAsker(me, q) || canAnswerDesk(me, q.teamId);
}

/** Make it private or public: the asker, security and admin. */
export function canSetPrivateDesk(me: Me, q: QuestionFacts): boolean {
  return isAsker(me, q) || isSecurityOrAdmin(me);
}

/** Whether "Waiting for me" means anything: champions of a team, security and admin. */
export function mayWaitForMe(me: Me): boolean {
  return isSecurityOrAdmin(me) || me.teams.some((t) => t.role === 'champion');
}
