import { randomUUID } from 'node:crypto';
import { ApiError } from '../api-error.js';
import type { HubDatabase } from '../db/database.js';
import { ATTEMPT_WINDOW_MS, type Grade, MAX_ATTEMPTS_PER_WINDOW } from './quiz.js';
import { trainingDb } from './tables.js';

// Quiz attempts and completions. Attempts are a person's own learning record, not changes
// to the organisation, so they are stored here and not audit-logged.

/** What a stored attempt needs. */
export interface NewAttempt {
  readonly userId: string;
  readonly moduleId: string;
  readonly answers: readonly number[];
  readonly grade: Grade;
  readonly now: number;
}

/**
 * Stores an attempt, and for a passing one the completion (the first pass sets
 * `completed_at`; a better pass raises `best_score`). At most
 * {@link MAX_ATTEMPTS_PER_WINDOW} attempts per person and module in a rolling hour:
 * beyond, 429 TOO_MANY_ATTEMPTS and nothing is stored. The person's user row is locked
 * first, so two attempts sent at once are counted one after the other. A pass also
 * completes the person's open assignment of the module.
 */
export async function recordAttempt(database: HubDatabase, attempt: NewAttempt): Promise<string> {
  const db = trainingDb(database.db);
  return db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set((eb) => ({ username: eb.ref('username') }))
      .where('id', '=', attempt.userId)
      .execute();
    const recent = await trx
      .selectFrom('training_attempts')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('created_at').as('oldest')])
      .where('user_id', '=', attempt.userId)
      .where('module_id', '=', attempt.moduleId)
      .where('created_at', '>', attempt.now - ATTEMPT_WINDOW_MS)
      .executeTakeFirstOrThrow();
    if (Number(recent.n) >= MAX_ATTEMPTS_PER_WINDOW) {
      const retryAt = Number(recent.oldest) + ATTEMPT_WINDOW_MS;
      const minutes = Math.max(1, Math.ceil((retryAt - attempt.now) / 60_000));
      throw new ApiError(
        429,
        'TOO_MANY_ATTEMPTS',
        `at most ${MAX_ATTEMPTS_PER_WINDOW} attempts at a module per hour: read the module again and retry in ${minutes} minute${minutes === 1 ? '' : 's'}`,
      );
    }
    const id = randomUUID();
    const { grade } = attempt;
    await trx
      .insertInto('training_attempts')
      .values({
        id,
        user_id: attempt.userId,
        module_id: attempt.moduleId,
        answers: JSON.stringify(attempt.answers),
        correct: grade.correct,
        total: grade.total,
        score: grade.score,
        passed: grade.passed ? 1 : 0,
        created_at: attempt.now,
      })
      .execute();
    if (grade.passed) {
      await trx
        .insertInto('training_completions')
        .values({
          user_id: attempt.userId,
          module_id: attempt.moduleId,
          completed_at: attempt.now,
          best_score: grade.score,
        })
        .onConflict((oc) =>
          oc.columns(['user_id', 'module_id']).doUpdateSet((eb) => ({
            best_score: eb
              .case()
              .when('excluded.best_score', '>', eb.ref('training_completions.best_score'))
              .then(eb.ref('excluded.best_score'))
              .else(eb.ref('training_completions.best_score'))
              .end(),
          })),
        )
        .execute();
      // A pass completes the person's open assignment of the module (migration 0021).
      await trx
        .updateTable('training_assignments')
        .set({ completed_at: attempt.now })
        .where('user_id', '=', attempt.userId)
        .where('module_id', '=', attempt.moduleId)
        .where('completed_at', 'is', null)
        .execute();
    }
    return id;
  });
}

/** A person's standing on one module. */
export interface ModuleStatus {
  readonly completed: boolean;
  /** The best score of any attempt; null before the first. */
  readonly bestScore: number | null;
  /** When they first passed (ISO 8601); null until then. */
  readonly completedAt: string | null;
}

/** A person's standing on every module they attempted, by module id. */
export async function statusByModule(
  database: HubDatabase,
  userId: string,
): Promise<Map<string, ModuleStatus>> {
  const db = trainingDb(database.db);
  const [best, completions] = await Promise.all([
    db
      .selectFrom('training_attempts')
      .select((eb) => ['module_id', eb.fn.max('score').as('best')])
      .where('user_id', '=', userId)
      .groupBy('module_id')
      .execute(),
    db
      .selectFrom('training_completions')
      .select(['module_id', 'completed_at', 'best_score'])
      .where('user_id', '=', userId)
      .execute(),
  ]);
  const out = new Map<string, ModuleStatus>();
  for (const row of best)
    out.set(row.module_id, { completed: false, bestScore: Number(row.best), completedAt: null });
  for (const row of completions)
    out.set(row.module_id, {
      completed: true,
      bestScore: Math.max(row.best_score, out.get(row.module_id)?.bestScore ?? 0),
      completedAt: new Date(Number(row.completed_at)).toISOString(),
    });
  return out;
}

/** The status of someone who never tried a module. */
export const NOT_STARTED: ModuleStatus = { completed: false, bestScore: null, completedAt: null };

/** A person's attempts at one module, summed up. */
export interface AttemptSummary {
  readonly count: number;
  readonly passed: number;
  readonly lastAttemptAt: string | null;
  /** How many more attempts the limit allows right now. */
  readonly remainingThisHour: number;
}

/** The caller's attempts at a module. */
export async function attemptSummary(
  database: HubDatabase,
  userId: string,
  moduleId: string,
  now: number,
): Promise<AttemptSummary> {
  const rows = await trainingDb(database.db)
    .selectFrom('training_attempts')
    .select(['passed', 'created_at'])
    .where('user_id', '=', userId)
    .where('module_id', '=', moduleId)
    .execute();
  const inWindow = rows.filter((r) => Number(r.created_at) > now - ATTEMPT_WINDOW_MS).length;
  const last = rows.reduce<number | null>(
    (max, r) => (max === null || Number(r.created_at) > max ? Number(r.created_at) : max),
    null,
  );
  return {
    count: rows.length,
    passed: rows.filter((r) => r.passed === 1).length,
    lastAttemptAt: last === null ? null : new Date(last).toISOString(),
    remainingThisHour: Math.max(0, MAX_ATTEMPTS_PER_WINDOW - inWindow),
  };
}

/** A person's completed modules, the newest first. */
export async function completionsOf(database: HubDatabase, userId: string) {
  const rows = await trainingDb(database.db)
    .selectFrom('training_completions')
    .select(['module_id', 'completed_at', 'best_score'])
    .where('user_id', '=', userId)
    .orderBy('completed_at', 'desc')
    .orderBy('module_id')
    .execute();
  return rows.map((r) => ({
    moduleId: r.module_id,
    completedAt: new Date(Number(r.completed_at)).toISOString(),
    bestScore: r.best_score,
  }));
}

/** A person's latest attempts (at most `limit`), the newest first. */
export async function recentAttempts(database: HubDatabase, userId: string, limit: number) {
  const rows = await trainingDb(database.db)
    .selectFrom('training_attempts')
    .select(['id', 'module_id', 'score', 'correct', 'total', 'passed', 'created_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    moduleId: r.module_id,
    score: r.score,
    correct: r.correct,
    total: r.total,
    passed: r.passed === 1,
    createdAt: new Date(Number(r.created_at)).toISOString(),
  }));
}
