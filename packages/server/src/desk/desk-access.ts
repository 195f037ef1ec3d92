import { canReadTeam, isSecurity } from '../auth/authorize.js';
import type { Principal } from '../auth/principal.js';

// Who may do what on the question desk, in one place (the routes call these; the role
// matrix in desk-role-cases.ts pins them). A question the caller may not read is a 404.

/** What the rules need to know of a question. */
export interface QuestionAccessFacts {
  readonly teamId: string;
  readonly authorId: string | null;
  /** Whether it has an accepted answer and is not private: then it is in the knowledge base. */
  readonly inKnowledgeBase: boolean;
}

/**
 * How much of a question the principal sees: `full` for readers of its team (members,
 * admin, security, auditors); `public` for any other signed-in user when it is in the
 * knowledge base (its project and finding links hidden); null otherwise (404).
 */
export function questionView(
  principal: Principal | undefined,
  question: QuestionAccessFacts,
): 'full' | 'public' | null {
  if (principal?.kind !== 'user') return null;
  if (canReadTeam(principal, question.teamId)) return 'full';
  return question.inKnowledgeBase ? 'public' : null;
}

/** Whether the principal may ask a question of the team: its members, security and admin. */
export function canAsk(principal: Principal | undefined, teamId: string): boolean {
  if (principal?.kind !== 'user') return false;
  return isSecurity(principal) || principal.teams.has(teamId);
}

/** Whether the principal may answer: the team's champions, security and admin. */
export function canAnswer(principal: Principal | undefined, teamId: string): boolean {
  if (principal?.kind !== 'user') return false;
  return isSecurity(principal) || principal.teams.get(teamId) === 'champion';
}

/**
 * Whether the principal may post a follow-up: the asker and the team's members (champions
 * and developers), security and admin. Not auditors, and not readers from the knowledge base.
 */
export function canFollowUp(
  principal: Principal | undefined,
  question: QuestionAccessFacts,
): boolean {
  if (principal?.kind !== 'user') return false;
  return (
    isSecurity(principal) ||
    principal.teams.has(question.teamId) ||
    principal.userId === question.authorId
  );
}

/**
 * Whether the principal may accept an answer, close or reopen the question: the asker, the
 * team's champions, security and admin.
 */
export function canSettle(
  principal: Principal | undefined,
  question: QuestionAccessFacts,
): boolean {
  if (principal?.kind !== 'user') return false;
  return principal.userId === question.authorId || canAnswer(principal, question.teamId);
}

/** Whether the principal may edit the title, body and tags: the asker only. */
export function canEditQuestion(
  principal: Principal | undefined,
  question: QuestionAccessFacts,
): boolean {
  return principal?.kind === 'user' && principal.userId === question.authorId;
}

/**
 * Whether the principal may mark a question private or public: the asker, security and
 * admin (so security can pull a sensitive question out of the knowledge base).
 */
export function canSetPrivate(
  principal: Principal | undefined,
  question: QuestionAccessFacts,
): boolean {
  return canEditQuestion(principal, question) || isSecurity(principal);
}
