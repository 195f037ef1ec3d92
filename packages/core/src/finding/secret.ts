import { createHash, createHmac } from 'node:crypto';
import type { SecretInfo } from './finding.js';

/** How many leading characters of a secret a preview may show (never more than a third). */
const PREVIEW_CHARS = 4;

/**
 * A redacted preview of a secret: at most its first 4 characters (and never more than a
 * third of it), then `*` for the rest, capped so the length leaks little.
 * @example redactSecret('AKIAIOSFODNN7EXAMPLE') // 'AKIA************'
 */
export function redactSecret(value: string): string {
  const shown = Math.min(PREVIEW_CHARS, Math.floor(value.length / 3));
  return `${value.slice(0, shown)}${'*'.repeat(Math.min(12, Math.max(4, value.length - shown)))}`;
}

/**
 * What a Finding keeps of a secret: a hash and a redacted preview, never the value. With a
 * `salt` the hash is HMAC-SHA-256 keyed by it, so a leaked report cannot be checked against
 * a list of known credentials without the salt; without one it is plain SHA-256.
 */
export function secretInfo(value: string, salt?: string): SecretInfo {
  const hash =
    salt === undefined
      ? createHash('sha256').update(value, 'utf8').digest('hex')
      : createHmac('sha256', salt).update(value, 'utf8').digest('hex');
  return { hash, preview: redactSecret(value) };
}

/** Replaces every occurrence of `value` in `text` (a snippet, a message) by its preview. */
export function maskSecretIn(text: string, value: string): string {
  return value.length === 0 ? text : text.split(value).join(redactSecret(value));
}
