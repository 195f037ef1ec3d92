import type { CtfScoring } from './tables.js';

/** What the value of a challenge depends on. */
export interface ChallengeScoring {
  readonly scoring: CtfScoring;
  /** Static: the value; dynamic: the initial value. */
  readonly points: number;
  readonly minimum: number | null;
  readonly decay: number | null;
}

/**
 * A challenge's current value with `solves` solves so far. Static: its points. Dynamic
 * (CTFd's quadratic decay): `max(minimum, ceil(initial - (initial - minimum) * solves² /
 * decay²))`, so the value is `initial` before the first solve and reaches `minimum` at
 * `decay` solves. Every solver is scored with the current value.
 *
 * @example challengeValue({ scoring: 'dynamic', points: 500, minimum: 100, decay: 10 }, 5) // 400
 */
export function challengeValue(challenge: ChallengeScoring, solves: number): number {
  if (challenge.scoring === 'static') return challenge.points;
  const initial = challenge.points;
  const minimum = challenge.minimum ?? 0;
  const decay = Math.max(1, challenge.decay ?? 1);
  const value = Math.ceil(initial - ((initial - minimum) * solves * solves) / (decay * decay));
  return Math.max(minimum, value);
}

/** The first-blood bonus: 10 % of the challenge's (initial) points, rounded up. */
export function firstBloodBonus(challenge: ChallengeScoring): number {
  return Math.ceil(challenge.points / 10);
}

/** One solve, as the scoreboard counts it. */
export interface ScoredSolve {
  readonly challengeId: string;
  readonly participantKey: string;
  readonly at: number;
  readonly firstBlood: boolean;
}

/** One hint unlock, as the scoreboard counts it. */
export interface ScoredUnlock {
  readonly participantKey: string;
  readonly cost: number;
}

/** One participant's line on the scoreboard. */
export interface ScoreLine {
  readonly participantKey: string;
  readonly score: number;
  readonly solves: number;
  readonly firstBloods: number;
  readonly hintCost: number;
  /** When the participant last solved a challenge (epoch ms); null without solves. */
  readonly lastSolveAt: number | null;
}

/**
 * Scores every participant from the solves and hint unlocks: the sum of the current values
 * of the challenges they solved, plus first-blood bonuses, minus the cost of the hints they
 * unlocked. Ranked by score (highest first), then by the earliest last solve, then by key.
 * Solves of challenges not in `challenges` (unpublished, deleted) count for nothing.
 */
export function computeScores(
  challenges: ReadonlyMap<string, ChallengeScoring>,
  solves: readonly ScoredSolve[],
  unlocks: readonly ScoredUnlock[],
): ScoreLine[] {
  const solveCounts = new Map<string, number>();
  for (const s of solves) {
    if (challenges.has(s.challengeId))
      solveCounts.set(s.challengeId, (solveCounts.get(s.challengeId) ?? 0) + 1);
  }
  const lines = new Map<
    string,
    { score: number; solves: number; firstBloods: number; hintCost: number; last: number | null }
  >();
  const line = (key: string) => {
    let l = lines.get(key);
    if (l === undefined) {
      l = { score: 0, solves: 0, firstBloods: 0, hintCost: 0, last: null };
      lines.set(key, l);
    }
    return l;
  };
  for (const s of solves) {
    const challenge = challenges.get(s.challengeId);
    if (challenge === undefined) continue;
    const l = line(s.participantKey);
    l.score += challengeValue(challenge, solveCounts.get(s.challengeId) ?? 0);
    if (s.firstBlood) {
      l.score += firstBloodBonus(challenge);
      l.firstBloods += 1;
    }
    l.solves += 1;
    l.last = l.last === null ? s.at : Math.max(l.last, s.at);
  }
  for (const u of unlocks) {
    const l = line(u.participantKey);
    l.score -= u.cost;
    l.hintCost += u.cost;
  }
  return [...lines.entries()]
    .map(([participantKey, l]) => ({
      participantKey,
      score: l.score,
      solves: l.solves,
      firstBloods: l.firstBloods,
      hintCost: l.hintCost,
      lastSolveAt: l.last,
    }))
    .sort(
      (a, b) =>
        b.score - a.score ||
        (a.lastSolveAt ?? Number.POSITIVE_INFINITY) - (b.lastSolveAt ?? Number.POSITIVE_INFINITY) ||
        (a.participantKey < b.participantKey ? -1 : a.participantKey > b.participantKey ? 1 : 0),
    );
}
