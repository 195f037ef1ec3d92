import type { Kysely } from 'kysely';
import type { UserPrincipal } from '../auth/principal.js';
import {
  type ChallengeRow,
  eventChallenges,
  type HintRow,
  hintsOf,
  prerequisiteIds,
} from './challenge-store.js';
import { type CtfEventRow, canManageCtf, participantKeyOf, seesLiveBoard } from './ctf-access.js';
import {
  type ChallengeScoring,
  challengeValue,
  computeScores,
  firstBloodBonus,
  type ScoredSolve,
} from './scoring.js';
import type { CtfDatabase } from './tables.js';

/** Who is looking at an event, and how. */
export interface Viewer {
  readonly principal: UserPrincipal;
  /** The participant they play as, if they may play. */
  readonly key: string | null;
  /** Security and admin: unpublished challenges, locked descriptions. */
  readonly manager: boolean;
  /** Sees solves after the freeze (org readers). */
  readonly live: boolean;
}

/** The viewer of an event. */
export function viewerOf(principal: UserPrincipal, event: CtfEventRow): Viewer {
  return {
    principal,
    key: participantKeyOf(principal, event),
    manager: canManageCtf(principal),
    live: seesLiveBoard(principal),
  };
}

/** What the viewer may see of an event's play at `now`. */
export interface Board {
  readonly event: CtfEventRow;
  readonly viewer: Viewer;
  /** Whether solves after the freeze are hidden from this viewer (their own excepted). */
  readonly frozen: boolean;
  /** The challenges the viewer may see (published ones, or all for managers). */
  readonly challenges: readonly ChallengeRow[];
  readonly hints: readonly HintRow[];
  readonly solves: readonly ScoredSolve[];
  /** Hint unlocks the viewer may see (cost included). */
  readonly unlocks: readonly { participantKey: string; hintId: string; cost: number }[];
  /** Solves counted per challenge id, in what the viewer sees. */
  readonly solveCounts: ReadonlyMap<string, number>;
}

/**
 * Loads what the viewer may see of an event: after `freeze_at`, a viewer who does not see
 * the live board sees solves and hint unlocks from before the freeze, plus their own.
 */
export async function loadBoard(
  db: Kysely<CtfDatabase>,
  event: CtfEventRow,
  viewer: Viewer,
  now: number,
): Promise<Board> {
  const frozen = !viewer.live && event.freeze_at !== null && now >= event.freeze_at;
  const freezeAt = event.freeze_at ?? 0;
  const key = viewer.key ?? '';
  const challenges = (await eventChallenges(db, event.id)).filter(
    (c) => viewer.manager || c.published === 1,
  );
  const hints = await hintsOf(
    db,
    challenges.map((c) => c.id),
  );
  let solveQuery = db
    .selectFrom('ctf_solves')
    .select(['challenge_id', 'participant_key', 'at', 'first_blood'])
    .where('event_id', '=', event.id);
  if (frozen)
    solveQuery = solveQuery.where((eb) =>
      eb.or([eb('at', '<', freezeAt), eb('participant_key', '=', key)]),
    );
  const solves = (await solveQuery.orderBy('at').execute()).map((s) => ({
    challengeId: s.challenge_id,
    participantKey: s.participant_key,
    at: Number(s.at),
    firstBlood: s.first_blood === 1,
  }));
  let unlockQuery = db
    .selectFrom('ctf_hint_unlocks as u')
    .innerJoin('ctf_hints as h', 'h.id', 'u.hint_id')
    .select(['u.participant_key', 'u.hint_id', 'h.cost', 'h.challenge_id'])
    .where('u.event_id', '=', event.id);
  if (frozen)
    unlockQuery = unlockQuery.where((eb) =>
      eb.or([eb('u.at', '<', freezeAt), eb('u.participant_key', '=', key)]),
    );
  const visible = new Set(challenges.map((c) => c.id));
  const unlocks = (await unlockQuery.execute())
    .filter((u) => visible.has(u.challenge_id))
    .map((u) => ({ participantKey: u.participant_key, hintId: u.hint_id, cost: u.cost }));
  const solveCounts = new Map<string, number>();
  for (const s of solves) solveCounts.set(s.challengeId, (solveCounts.get(s.challengeId) ?? 0) + 1);
  return { event, viewer, frozen, challenges, hints, solves, unlocks, solveCounts };
}

/** A challenge's scoring fields. */
export function scoringOf(c: ChallengeRow): ChallengeScoring {
  return { scoring: c.scoring, points: c.points, minimum: c.minimum, decay: c.decay };
}

/** Whether the participant has solved every prerequisite of the challenge. */
export function prerequisitesMet(
  challenge: ChallengeRow,
  solvedByKey: ReadonlySet<string>,
): boolean {
  return prerequisiteIds(challenge).every((id) => solvedByKey.has(id));
}

/** A challenge as the API shows it: never its flag. */
export interface ChallengeView {
  readonly id: string;
  readonly eventId: string;
  readonly slug: string;
  readonly title: string;
  readonly category: string;
  /** Markdown; null while the challenge is locked (for players). */
  readonly description: string | null;
  readonly scoring: 'static' | 'dynamic';
  /** The current value (what every solver of it scores now). */
  readonly value: number;
  readonly points: number;
  readonly minimum: number | null;
  readonly decay: number | null;
  readonly firstBloodBonus: number;
  readonly solves: number;
  readonly solvedByMe: boolean;
  /** Whether the viewer still has prerequisites to solve. */
  readonly locked: boolean;
  /** Slugs of the prerequisites. */
  readonly prerequisites: readonly string[];
  readonly hints: readonly {
    readonly id: string;
    readonly cost: number;
    readonly unlocked: boolean;
    /** Shown once unlocked (and to managers). */
    readonly text: string | null;
  }[];
  /** Managers only. */
  readonly published?: boolean;
  readonly position?: number;
  readonly flagKind?: string;
}

/** The challenges of a board as the viewer sees them. */
export function challengeViews(board: Board): ChallengeView[] {
  const { viewer } = board;
  const mine = new Set(
    board.solves.filter((s) => s.participantKey === viewer.key).map((s) => s.challengeId),
  );
  const myHints = new Set(
    board.unlocks.filter((u) => u.participantKey === viewer.key).map((u) => u.hintId),
  );
  const slugOf = new Map(board.challenges.map((c) => [c.id, c.slug]));
  return board.challenges.map((c) => {
    const locked = !prerequisitesMet(c, mine);
    const hidden = locked && !viewer.manager;
    const solves = board.solveCounts.get(c.id) ?? 0;
    return {
      id: c.id,
      eventId: c.event_id,
      slug: c.slug,
      title: c.title,
      category: c.category,
      description: hidden ? null : c.description,
      scoring: c.scoring,
      value: challengeValue(scoringOf(c), solves),
      points: c.points,
      minimum: c.minimum,
      decay: c.decay,
      firstBloodBonus: firstBloodBonus(scoringOf(c)),
      solves,
      solvedByMe: mine.has(c.id),
      locked,
      prerequisites: prerequisiteIds(c).map((id) => slugOf.get(id) ?? id),
      hints: board.hints
        .filter((h) => h.challenge_id === c.id)
        .map((h) => {
          const unlocked = myHints.has(h.id);
          return {
            id: h.id,
            cost: h.cost,
            unlocked,
            text: unlocked || viewer.manager ? h.text : null,
          };
        }),
      ...(viewer.manager
        ? { published: c.published === 1, position: c.position, flagKind: c.flag_kind }
        : {}),
    };
  });
}

/** One line of the scoreboard. */
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

/** The scoreboard of a board: ranked, with the participants' names. */
export async function scoreboard(
  db: Kysely<CtfDatabase>,
  board: Board,
): Promise<ScoreboardEntry[]> {
  const scoring = new Map(
    board.challenges.filter((c) => c.published === 1).map((c) => [c.id, scoringOf(c)]),
  );
  const lines = computeScores(scoring, board.solves, board.unlocks);
  const keys = lines.map((l) => l.participantKey);
  const team = board.event.mode === 'team';
  const names = new Map<string, string>();
  if (keys.length > 0) {
    const rows = team
      ? await db.selectFrom('teams').select(['id', 'name']).where('id', 'in', keys).execute()
      : await db
          .selectFrom('users')
          .select(['id', 'display_name as name'])
          .where('id', 'in', keys)
          .execute();
    for (const r of rows) names.set(r.id, r.name);
  }
  return lines.map((l, i) => ({
    rank: i + 1,
    participant: {
      kind: team ? 'team' : 'user',
      id: l.participantKey,
      name: names.get(l.participantKey) ?? '(deleted)',
    },
    score: l.score,
    solves: l.solves,
    firstBloods: l.firstBloods,
    hintCost: l.hintCost,
    lastSolveAt: l.lastSolveAt === null ? null : new Date(l.lastSolveAt).toISOString(),
  }));
}
