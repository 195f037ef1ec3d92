import { hash, verify } from '@node-rs/argon2';
import { ApiError } from '../api-error.js';
import { PASSWORD_HASH_OPTIONS } from '../auth/passwords.js';
import type { CtfFlagKind } from './tables.js';

/**
 * Flags (docs/hub-ctf.md, "Flag storage"). Static and case-insensitive flags are stored
 * only as argon2id hashes (the PHC string carries its own random salt and parameters), with
 * the password parameters: a stolen database does not give the flags away cheaply, even
 * short ones. A check costs a few tens of milliseconds, which the submission rate limit
 * bounds. A regex flag cannot be hashed: its anchored pattern is kept server-side as a secret.
 */

/** Flags and submissions longer than this are refused (and regexes never run on more). */
export const MAX_FLAG_LENGTH = 200;
/** Regex flag patterns longer than this are refused. */
export const MAX_PATTERN_LENGTH = 200;

/** What a challenge stores of its flag. */
export interface StoredFlag {
  readonly kind: CtfFlagKind;
  readonly hash: string | null;
  readonly pattern: string | null;
}

/** A flag as written: surrounding white space is not part of it. */
export function normaliseFlag(kind: CtfFlagKind, flag: string): string {
  const trimmed = flag.trim();
  return kind === 'case_insensitive' ? trimmed.toLowerCase() : trimmed;
}

/** Whether a stored value looks like an argon2id PHC string (an exported hash re-imported). */
export function isFlagHash(value: string): boolean {
  return /^\$argon2id\$v=\d+\$m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/.test(value);
}

/**
 * Refuses a regex flag that is too long, does not compile, or has the shapes that make
 * backtracking explode (a quantified group that itself contains a quantifier, such as
 * `(a+)+` or `(\w*x?)*`, and back-references). The pattern is stored as written and always
 * matched anchored, `^(?:…)$`, against at most {@link MAX_FLAG_LENGTH} characters.
 */
export function checkRegexFlag(pattern: string): string {
  if (pattern.length === 0 || pattern.length > MAX_PATTERN_LENGTH)
    throw new ApiError(
      400,
      'VALIDATION',
      `flag.pattern: a regex of 1 to ${MAX_PATTERN_LENGTH} characters`,
    );
  if (/\\[1-9]|\\k</.test(pattern))
    throw new ApiError(400, 'VALIDATION', 'flag.pattern: back-references are not allowed');
  if (/\([^()]*(?:[+*]|\{\d+,?\d*\})[^()]*\)\s*(?:[+*]|\{\d+,?\d*\})/.test(pattern))
    throw new ApiError(
      400,
      'VALIDATION',
      'flag.pattern: a quantified group containing a quantifier (e.g. "(a+)+") may backtrack catastrophically',
    );
  try {
    anchoredRegex(pattern);
  } catch (error) {
    throw new ApiError(
      400,
      'VALIDATION',
      `flag.pattern: does not compile: ${(error as Error).message}`,
    );
  }
  return pattern;
}

/** The compiled, anchored form of a regex flag's pattern. */
function anchoredRegex(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$`, 'u');
}

/** What to store for a flag given in clear (hashing static and case-insensitive ones). */
export async function storeFlag(kind: CtfFlagKind, value: string): Promise<StoredFlag> {
  if (kind === 'regex') return { kind, hash: null, pattern: checkRegexFlag(value) };
  const flag = normaliseFlag(kind, value);
  if (flag.length === 0 || flag.length > MAX_FLAG_LENGTH)
    throw new ApiError(400, 'VALIDATION', `flag.value: 1 to ${MAX_FLAG_LENGTH} characters`);
  return { kind, hash: await hash(flag, PASSWORD_HASH_OPTIONS), pattern: null };
}

/** Whether a submission matches the stored flag. */
export async function flagMatches(stored: StoredFlag, submitted: string): Promise<boolean> {
  const value = submitted.trim();
  if (value.length === 0 || value.length > MAX_FLAG_LENGTH) return false;
  if (stored.kind === 'regex') {
    if (stored.pattern === null) return false;
    return anchoredRegex(stored.pattern).test(value);
  }
  if (stored.hash === null) return false;
  try {
    return await verify(stored.hash, normaliseFlag(stored.kind, value));
  } catch {
    return false; // a malformed stored hash never matches
  }
}
