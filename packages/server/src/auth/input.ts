import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { ApiError } from '../api-error.js';
import type { Database } from '../db/schema.js';

/**
 * Parses a request body, query or params with a zod schema; on failure a 400 with code
 * VALIDATION whose message names the bad field's path, e.g. `body.username: …`.
 */
export function parseInput<T extends z.ZodType>(
  schema: T,
  value: unknown,
  where: 'body' | 'query' | 'params',
): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = [where, ...(issue?.path ?? []).map(String)].join('.');
  throw new ApiError(400, 'VALIDATION', `${path}: ${issue?.message ?? 'invalid'}`);
}

/** A 404 that says the same whether the thing does not exist or may not be seen. */
export function notFound(what: string): ApiError {
  return new ApiError(404, 'NOT_FOUND', `${what} not found`);
}

/** Whether a database error is a unique-constraint violation (either database). */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    code === '23505' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}

/** 404 NOT_FOUND unless the team exists (after the caller's read access was checked). */
export async function ensureTeamExists(db: Kysely<Database>, teamId: string): Promise<void> {
  const team = await db
    .selectFrom('teams')
    .select('id')
    .where('id', '=', teamId)
    .executeTakeFirst();
  if (team === undefined) throw notFound('team');
}
