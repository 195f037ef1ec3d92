import { ApiError } from '../api-error.js';
import { notFound } from '../auth/input.js';
import type { UserPrincipal } from '../auth/principal.js';
import type { HubDatabase } from '../db/database.js';
import { prerequisitesMet, scoringOf } from './board.js';
import { type ChallengeRow, findChallenge } from './challenge-store.js';
import {
  type CtfEventRow,
  canManageCtf,
  canReadEvent,
  requireParticipant,
  requireRunning,
} from './ctf-access.js';
import { findEvent } from './event-store.js';
import { flagMatches } from './flags.js';
import { challengeValue, firstBloodBonus } from './scoring.js';
import { ctfDb } from './tables.js';

/** Wrong submissions allowed per participant and challenge in a minute (the 11th is refused). */
export const RATE_LIMIT = { wrong: 10, windowMs: 60_000 } as const;
/** This many wrong submissions within the window lock the challenge for the participant. */
export const LOCKOUT = { wrong: 20, windowMs: 10 * 60_000, durationMs: 10 * 60_000 } as const;

/** A challenge with its event, if the principal may see it (404 otherwise). */
export async function visibleChallenge(
  database: HubDatabase,
  principal: UserPrincipal,
  challengeId: string,
): Promise<{ challenge: ChallengeRow; event: CtfEventRow }> {
  const db = ctfDb(database.db);
  const challenge = await findChallenge(db, challengeId);
  if (challenge === undefined) throw notFound('challenge');
  const event = await findEvent(db, challenge.event_id);
  if (event === undefined || !canReadEvent(principal, event)) throw notFound('challenge');
  if (challenge.published !== 1 && !canManageCtf(principal)) throw notFound('challenge');
  return { challenge, event };
}

async function solvedIds(
  database: HubDatabase,
  eventId: string,
  key: string,
): Promise<Set<string>> {
  const rows = await ctfDb(database.db)
    .selectFrom('ctf_solves')
    .select('challenge_id')
    .where('event_id', '=', eventId)
    .where('participant_key', '=', key)
    .execute();
  return new Set(rows.map((r) => r.challenge_id));
}

function requireUnlocked(challenge: ChallengeRow, solved: ReadonlySet<string>): void {
  if (!prerequisitesMet(challenge, solved))
    throw new ApiError(403, 'CHALLENGE_LOCKED', 'solve the prerequisites of this challenge first');
}

/**
 * 429 when the participant sent too many wrong flags for the challenge: RATE_LIMITED after
 * {@link RATE_LIMIT} wrong in a minute, SUBMISSION_LOCKED for {@link LOCKOUT} once 20 were
 * wrong within 10 minutes. Counted in the database, so it holds across API instances.
 * Refused submissions are not recorded (they do not extend the lockout).
 */
async function checkRateLimit(
  database: HubDatabase,
  challengeId: string,
  key: string,
  now: number,
): Promise<void> {
  const since = now - LOCKOUT.windowMs - LOCKOUT.durationMs;
  const wrong = (
    await ctfDb(database.db)
      .selectFrom('ctf_submissions')
      .select('at')
      .where('challenge_id', '=', challengeId)
      .where('participant_key', '=', key)
      .where('correct', '=', 0)
      .where('at', '>', since)
      .where('at', '<=', now)
      .orderBy('at')
      .execute()
  ).map((r) => Number(r.at));
  // Locked until 10 minutes after the latest wrong submission that was the 20th in 10 minutes.
  let lockedUntil = 0;
  for (let i = LOCKOUT.wrong - 1; i < wrong.length; i++) {
    const at = wrong[i] as number;
    if (at - (wrong[i - LOCKOUT.wrong + 1] as number) < LOCKOUT.windowMs)
      lockedUntil = at + LOCKOUT.durationMs;
  }
  if (now < lockedUntil)
    throw retryLater(
      'SUBMISSION_LOCKED',
      `too many wrong flags: this challenge is locked for you until ${new Date(lockedUntil).toISOString()}`,
      lockedUntil - now,
    );
  const recent = wrong.filter((at) => at > now - RATE_LIMIT.windowMs);
  if (recent.length >= RATE_LIMIT.wrong) {
    const oldest = recent[recent.length - RATE_LIMIT.wrong] as number;
    throw retryLater(
      'RATE_LIMITED',
      `at most ${RATE_LIMIT.wrong} wrong flags a minute per challenge`,
      oldest + RATE_LIMIT.windowMs - now,
    );
  }
}

/** A 429 that carries its Retry-After (seconds). */
export class RetryLaterError extends ApiError {
  constructor(
    code: string,
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(429, code, message);
  }
}

function retryLater(code: string, message: string, ms: number): RetryLaterError {
  return new RetryLaterError(code, message, Math.max(1, Math.ceil(ms / 1000)));
}

/** The answer to a flag submission. */
export interface SubmissionResult {
  readonly correct: boolean;
  /** A correct flag: the challenge's value now, plus the first-blood bonus if it was one. */
  readonly points?: number;
  readonly firstBlood?: boolean;
  /** A correct flag for a challenge already solved (by the participant or their team). */
  readonly alreadySolved?: boolean;
}

/**
 * Checks a submitted flag. Order of refusals: 404 (not visible), 403 (may not play), 409
 * EVENT_NOT_RUNNING, 403 CHALLENGE_LOCKED, 429 rate limit. Every checked submission is
 * recorded (correct or not, never its text). A correct one writes the solve in a
 * transaction that first locks the challenge row, so concurrent solvers are serialised:
 * the first solve is the only first blood, a participant solves once.
 */
export async function submitFlag(
  database: HubDatabase,
  principal: UserPrincipal,
  challengeId: string,
  flag: string,
  now: number,
): Promise<SubmissionResult> {
  const { challenge, event } = await visibleChallenge(database, principal, challengeId);
  const key = requireParticipant(principal, event);
  requireRunning(event, now);
  requireUnlocked(challenge, await solvedIds(database, event.id, key));
  await checkRateLimit(database, challenge.id, key, now);
  const correct = await flagMatches(
    { kind: challenge.flag_kind, hash: challenge.flag_hash, pattern: challenge.flag_pattern },
    flag,
  );
  const db = ctfDb(database.db);
  if (!correct) {
    await db
      .insertInto('ctf_submissions')
      .values({
        event_id: event.id,
        challenge_id: challenge.id,
        user_id: principal.userId,
        participant_key: key,
        correct: 0,
        at: now,
      })
      .execute();
    return { correct: false };
  }
  return db.transaction().execute(async (trx) => {
    // The row lock: PostgreSQL serialises solvers of this challenge here; SQLite's write lock does.
    const locked = await trx
      .updateTable('ctf_challenges')
      .set((eb) => ({ position: eb.ref('position') }))
      .where('id', '=', challenge.id)
      .executeTakeFirst();
    if (locked.numUpdatedRows === 0n) throw notFound('challenge');
    await trx
      .insertInto('ctf_submissions')
      .values({
        event_id: event.id,
        challenge_id: challenge.id,
        user_id: principal.userId,
        participant_key: key,
        correct: 1,
        at: now,
      })
      .execute();
    const solves = await trx
      .selectFrom('ctf_solves')
      .select(['participant_key'])
      .where('challenge_id', '=', challenge.id)
      .execute();
    if (solves.some((s) => s.participant_key === key))
      return { correct: true, alreadySolved: true };
    const firstBlood = solves.length === 0;
    await trx
      .insertInto('ctf_solves')
      .values({
        event_id: event.id,
        challenge_id: challenge.id,
        participant_key: key,
        user_id: principal.userId,
        at: now,
        first_blood: firstBlood ? 1 : 0,
      })
      .execute();
    const scoring = scoringOf(challenge);
    return {
      correct: true,
      points:
        challengeValue(scoring, solves.length + 1) + (firstBlood ? firstBloodBonus(scoring) : 0),
      firstBlood,
      alreadySolved: false,
    };
  });
}

/** The answer to a hint unlock. */
export interface HintUnlock {
  readonly hintId: string;
  readonly challengeId: string;
  readonly text: string;
  readonly cost: number;
  /** Unlocked before: it cost nothing now. */
  readonly alreadyUnlocked: boolean;
}

/**
 * Unlocks a hint for the principal's participant (their team in team mode): its cost is
 * taken from their score, once. Only while the event runs and the challenge is open to them.
 */
export async function unlockHint(
  database: HubDatabase,
  principal: UserPrincipal,
  hintId: string,
  now: number,
): Promise<HintUnlock> {
  const db = ctfDb(database.db);
  const hint = await db
    .selectFrom('ctf_hints')
    .selectAll()
    .where('id', '=', hintId)
    .executeTakeFirst();
  if (hint === undefined) throw notFound('hint');
  const { challenge, event } = await visibleChallenge(database, principal, hint.challenge_id).catch(
    () => {
      throw notFound('hint');
    },
  );
  const key = requireParticipant(principal, event);
  requireRunning(event, now);
  requireUnlocked(challenge, await solvedIds(database, event.id, key));
  const inserted = await db
    .insertInto('ctf_hint_unlocks')
    .values({
      hint_id: hint.id,
      participant_key: key,
      event_id: event.id,
      user_id: principal.userId,
      at: now,
    })
    .onConflict((oc) => oc.columns(['hint_id', 'participant_key']).doNothing())
    .executeTakeFirst();
  return {
    hintId: hint.id,
    challengeId: challenge.id,
    text: hint.text,
    cost: hint.cost,
    alreadyUnlocked: (inserted.numInsertedOrUpdatedRows ?? 0n) === 0n,
  };
}
