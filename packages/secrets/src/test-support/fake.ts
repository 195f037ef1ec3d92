import { createHash } from 'node:crypto';
import { crc32, toBase62 } from '../engine/checksums.js';

/** Character sets for fake credentials. */
export const CHARSETS = {
  base62: '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
  base64: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/',
  base64url: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_',
  hex: '0123456789abcdef',
  HEX: '0123456789ABCDEF',
  upperDigits: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
  lowerDigits: 'abcdefghijklmnopqrstuvwxyz0123456789',
  base32: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567',
} as const;

/**
 * Deterministic random-looking text for test fixtures: the same `seed` always gives the same
 * string, so fixtures are stable, and no real credential is ever stored in the repository.
 * @example fake('base62', 36, 'github-classic')
 */
export function fake(
  charset: keyof typeof CHARSETS | string,
  length: number,
  seed: string,
): string {
  const chars = charset in CHARSETS ? CHARSETS[charset as keyof typeof CHARSETS] : charset;
  let out = '';
  let counter = 0;
  while (out.length < length) {
    const block = createHash('sha256').update(`${seed}:${counter++}`).digest();
    for (const byte of block) {
      if (out.length === length) break;
      out += chars[byte % chars.length];
    }
  }
  return out;
}

/** A GitHub or npm style token: prefix, 30 random base62 characters, and the CRC-32 checksum in base62. */
export function checksummedToken(prefix: string, seed: string, randomLength = 30): string {
  const body = fake('base62', randomLength, seed);
  return `${prefix}${body}${toBase62(crc32(body), 6)}`;
}

/** Base64url of a JSON value, without padding (for JWT fixtures). */
export function base64urlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
