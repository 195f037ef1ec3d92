/** The hub's answers that the findings pages read, beyond those in `types.ts`. */
import type { FindingSummary, Role } from './types.js';

/**
 * The stages a scan can carry, as the hub spells them (`@rampart/core` STAGES). `types.ts`
 * lists `local` where the hub says `dev`; the findings pages use this list.
 */
export const FINDING_STAGES = ['dev', 'pr', 'main', 'production'] as const;
export type FindingStage = (typeof FINDING_STAGES)[number];

/** What `GET /api/v1/findings` can sort by. */
export const FINDING_SORTS = ['firstSeen', 'lastSeen', 'severity'] as const;
export type FindingSort = (typeof FINDING_SORTS)[number];
export type SortOrder = 'asc' | 'desc';

/** A row of `GET /api/v1/findings`: a finding with its project's name and team (null when
 * the project is gone). */
export interface FindingListItem extends Omit<FindingSummary, 'projectName' | 'teamId'> {
  readonly projectName: string | null;
  readonly teamId: string | null;
}

/** `GET /api/v1/findings`: one page, and the cursor of the next (null on the last page). */
export interface FindingPage {
  readonly findings: readonly FindingListItem[];
  readonly nextCursor: string | null;
}

/** `GET /api/v1/projects/:id` (and each of `GET /api/v1/projects`). */
export interface ProjectInfo {
  readonly id: string;
  readonly name: string;
  readonly repository: string | null;
  readonly defaultBranch: string;
  readonly teamId: string;
  readonly createdAt: string;
}

/** `GET /api/v1/teams/:teamId`: the team with its members. */
export interface TeamWithMembers {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly createdAt: string;
  readonly members: readonly {
    readonly userId: string;
    readonly username: string;
    readonly displayName: string | null;
    readonly role: Role;
  }[];
}

/** What Rampart keeps of a secret: never the value, only a redacted preview. */
export interface SecretInfo {
  readonly hash: string;
  readonly preview: string;
  readonly validated?: 'valid' | 'invalid' | 'unknown';
}

/** A user as `GET /api/v1/users` lists them (admin, security and auditors only). */
export interface UserInfo {
  readonly id: string;
  readonly username: string;
  readonly displayName: string | null;
}
