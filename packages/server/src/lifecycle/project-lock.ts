import { setTimeout as sleep } from 'node:timers/promises';
import type { Kysely, Transaction } from 'kysely';
import { notFound } from '../auth/input.js';
import type { LifecycleDatabase } from './tables.js';

/**
 * Takes the project's write lock for the rest of the transaction and returns its team. Every
 * change to a project's findings (ingest, triage, rules, expiry) takes it first, so they are
 * applied one after another: on PostgreSQL a row lock (`update … set name = name`, and READ
 * COMMITTED statements after it see what the previous holder committed), on SQLite the
 * database's write lock. 404 when the project does not exist.
 */
export async function lockProject(
  trx: Transaction<LifecycleDatabase>,
  projectId: string,
): Promise<{ readonly id: string; readonly teamId: string }> {
  const locked = await trx
    .updateTable('projects')
    .set((eb) => ({ name: eb.ref('name') }))
    .where('id', '=', projectId)
    .executeTakeFirst();
  if (locked.numUpdatedRows === 0n) throw notFound('project');
  const row = await trx
    .selectFrom('projects')
    .select(['id', 'team_id'])
    .where('id', '=', projectId)
    .executeTakeFirstOrThrow();
  return { id: row.id, teamId: row.team_id };
}

/** Database errors worth retrying the whole transaction for. */
function isTransient(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    code === '40001' || // serialization_failure
    code === '40P01' || // deadlock_detected
    code === '23505' || // unique_violation: a concurrent writer got there first
    code === 'SQLITE_BUSY' ||
    code === 'SQLITE_BUSY_SNAPSHOT' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}

/**
 * Runs `work` in a transaction, again (up to `attempts` times, with a short random pause)
 * when the database reports a serialization failure, a deadlock, a busy database or a
 * unique conflict with a concurrent writer; the last error is thrown.
 */
export async function inTransaction<T>(
  db: Kysely<LifecycleDatabase>,
  work: (trx: Transaction<LifecycleDatabase>) => Promise<T>,
  attempts = 5,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(work);
    } catch (error) {
      if (attempt >= attempts || !isTransient(error)) throw error;
      await sleep(5 + Math.floor(Math.random() * 20 * attempt));
    }
  }
}

/** Splits a list into chunks (bound the parameters of one statement). */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
