/** The hub's CTF answers (docs/hub-ctf.md, routes in `ctf-routes.ts`). */

export type CtfStatus = 'draft' | 'upcoming' | 'running' | 'ended';
export type CtfVisibility = 'draft' | 'organisation' | 'teams';
export type CtfMode = 'individual' | 'team';
export type FlagKind = 'static' | 'case_insensitive' | 'regex';

export interface CtfEvent {
  readonly id: string;
  readonly name: string;
  /** Markdown as written (the hub does not render it): shown as text. */
  readonly description: string;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly freezeAt: string | null;
  readonly visibility: CtfVisibility;
  readonly mode: CtfMode;
  readonly teamIds: readonly string[];
  readonly status: CtfStatus;
  readonly canPlay: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface CtfHint {
  readonly id: string;
  readonly cost: number;
  readonly unlocked: boolean;
  /** Null until unlocked (managers always see it). */
  readonly text: string | null;
}

export interface CtfChallenge {
  readonly id: string;
  readonly eventId: string;
  readonly slug: string;
  readonly title: string;
  readonly category: string;
  /** Markdown as written; null while locked by prerequisites. */
  readonly description: string | null;
  readonly scoring: 'static' | 'dynamic';
  readonly value: number;
  readonly points: number;
  readonly minimum: number | null;
  readonly decay: number | null;
  readonly firstBloodBonus: number;
  readonly solves: number;
  readonly solvedByMe: boolean;
  readonly locked: boolean;
  /** Slugs. */
  readonly prerequisites: readonly string[];
  readonly hints: readonly CtfHint[];
  /** Managers only. */
  readonly published?: boolean;
  readonly position?: number;
  readonly flagKind?: FlagKind;
}

export interface CtfChallengeList {
  readonly eventId: string;
  readonly status: CtfStatus;
  readonly frozen: boolean;
  readonly challenges: readonly CtfChallenge[];
}

export interface ScoreboardEntry {
  readonly rank: number;
  readonly participant: {
    readonly kind: 'user' | 'team';
    readonly id: string;
    readonly name: string;
  };
  readonly score: number;
  readonly solves: number;
  readonly firstBloods: number;
  readonly hintCost: number;
  readonly lastSolveAt: string | null;
}

export interface Scoreboard {
  readonly eventId: string;
  readonly mode: CtfMode;
  readonly frozen: boolean;
  readonly freezeAt: string | null;
  readonly generatedAt: string;
  readonly entries: readonly ScoreboardEntry[];
}

export interface SubmissionResult {
  readonly correct: boolean;
  readonly points?: number;
  readonly firstBlood?: boolean;
  readonly alreadySolved?: boolean;
}

export interface HintUnlock {
  readonly hintId: string;
  readonly challengeId: string;
  readonly text: string;
  readonly cost: number;
  readonly alreadyUnlocked: boolean;
}

export interface EventInput {
  readonly name: string;
  readonly description: string;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly freezeAt?: string | null;
  readonly visibility: CtfVisibility;
  readonly mode: CtfMode;
  readonly teamIds: readonly string[];
}

/** What the authoring form sends; `flag` only when set (on edit, none keeps the old one). */
export interface ChallengeInput {
  readonly slug: string;
  readonly title: string;
  readonly category: string;
  readonly description: string;
  readonly scoring: 'static' | 'dynamic';
  readonly points: number;
  readonly minimum?: number | null;
  readonly decay?: number | null;
  readonly flag?:
    | { kind: 'static' | 'case_insensitive'; value: string }
    | { kind: 'regex'; pattern: string };
  readonly hints: readonly { text: string; cost: number }[];
  readonly prerequisites: readonly string[];
  readonly published: boolean;
}
