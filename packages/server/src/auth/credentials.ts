import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The secrets the hub hands out: API tokens and session cookies are 32 random bytes
 * (base64url), stored only as their SHA-256 (hex). A fast hash is right here: unlike a
 * password, a 256-bit random value cannot be guessed, so a slow hash would add nothing.
 */

/** Personal API tokens start with this, so secret scanners and people recognise them. */
export const PERSONAL_TOKEN_PREFIX = 'rmp_pat_';
/** Project-scoped CI tokens (upload only) start with this. */
export const CI_TOKEN_PREFIX = 'rmp_ci_';

/** SHA-256 of a secret, hex: what the database holds instead of the secret. */
export function sha256Hex(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** A new API token of the kind, e.g. `rmp_pat_` followed by 43 base64url characters. */
export function newApiToken(kind: 'personal' | 'ci'): string {
  const prefix = kind === 'personal' ? PERSONAL_TOKEN_PREFIX : CI_TOKEN_PREFIX;
  return prefix + randomBytes(32).toString('base64url');
}

/** A new session cookie value: 32 random bytes, base64url (43 characters). */
export function newSessionValue(): string {
  return randomBytes(32).toString('base64url');
}

/** Whether a string has the shape of a session cookie value (checked before any lookup). */
export function isSessionValue(value: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(value);
}

/**
 * The CSRF token of a session: HMAC-SHA256 keyed by the session's own secret cookie value.
 * Only a holder of the cookie can compute it, it reveals nothing about the cookie, it needs
 * no server-wide secret (so several API instances agree without sharing one) and nothing
 * extra is stored; the database holds only SHA-256 of the cookie, from which it cannot be
 * derived either.
 */
export function csrfTokenFor(sessionValue: string): string {
  return createHmac('sha256', sessionValue).update('rampart csrf v1').digest('base64url');
}

/** Compares two secrets in time independent of where they differ. */
export function secretsEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}
