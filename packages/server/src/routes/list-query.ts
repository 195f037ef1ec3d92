import { normalizeCweId } from '@rampart/core';
import { z } from 'zod';
import { ApiError } from '../app.js';

// Query pieces the list routes share: comma-separated lists, page sizes and opaque cursors.

/** The statuses a finding can have. */
export const FINDING_STATUSES = ['open', 'fixed', 'false_positive', 'risk_accepted'] as const;

const split = (s: string) =>
  s
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');

/** A comma-separated list of some of `values` (at least one). */
export function commaList<T extends readonly [string, ...string[]]>(values: T) {
  return z
    .string()
    .transform(split)
    .pipe(z.array(z.enum(values)).min(1))
    .describe(`comma-separated, of: ${values.join(', ')}`);
}

/** A comma-separated list of ids (1 to 100). */
export const commaIds = z
  .string()
  .transform(split)
  .pipe(z.array(z.string().max(100)).min(1).max(100))
  .describe('comma-separated ids (at most 100)');

/** A comma-separated list of CWE ids (`CWE-89`, `cwe-89` or `89`), read as `CWE-<n>`. */
export const commaCwes = z
  .string()
  .transform(split)
  .pipe(
    z
      .array(
        z.string().transform((value, ctx) => {
          const id = normalizeCweId(value);
          if (id === undefined) {
            ctx.addIssue({ code: 'custom', message: `not a CWE id: use a form like CWE-89` });
            return z.NEVER;
          }
          return id;
        }),
      )
      .min(1)
      .max(50),
  )
  .describe('comma-separated CWE ids such as CWE-89 (at most 50)');

/** A page size: 1 to 500. */
export const pageLimit = z
  .string()
  .regex(/^\d{1,4}$/, 'a number from 1 to 500')
  .transform(Number)
  .pipe(z.number().int().min(1).max(500))
  .describe('page size, 1 to 500 (default 50)');

/** An opaque cursor: a list's position as a JSON value, base64url-encoded. */
export function encodeCursor(position: unknown): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/**
 * Reads a cursor {@link encodeCursor} made; `check` returns the position or undefined when
 * it is not one this list gives. 400 VALIDATION for anything else.
 */
export function decodeCursor<T>(cursor: string, check: (value: unknown) => T | undefined): T {
  let position: T | undefined;
  try {
    position = check(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    position = undefined;
  }
  if (position === undefined)
    throw new ApiError(400, 'VALIDATION', 'query.cursor: not a cursor this list gave');
  return position;
}

/** A `[time, id]` cursor position (a list in time order, ties broken by id), or undefined. */
export function timeAndId(value: unknown): { at: number; id: string } | undefined {
  if (!Array.isArray(value) || value.length !== 2) return undefined;
  const [at, id] = value as unknown[];
  return typeof at === 'number' && Number.isSafeInteger(at) && typeof id === 'string'
    ? { at, id }
    : undefined;
}
