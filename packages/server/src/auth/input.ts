import type { z } from 'zod';
import { ApiError } from '../api-error.js';

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
