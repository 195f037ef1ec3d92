import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Webhook secrets start with this, so secret scanners and people recognise them. */
export const WEBHOOK_SECRET_PREFIX = 'rmp_whsec_';

/** A new webhook secret: the prefix and 32 random bytes, base64url. */
export function newWebhookSecret(): string {
  return WEBHOOK_SECRET_PREFIX + randomBytes(32).toString('base64url');
}

/**
 * The `X-Rampart-Signature` of a delivery: `sha256=` and the hex HMAC-SHA256, keyed by the
 * webhook's secret (the whole string, as UTF-8), of `<timestamp>.<body>`, where timestamp
 * is the `X-Rampart-Timestamp` header (Unix seconds). Signing the timestamp lets a receiver
 * refuse replays of old deliveries.
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
  return `sha256=${mac}`;
}

/**
 * Checks a delivery the way a receiver should: the signature matches (compared in constant
 * time) and the timestamp is within `toleranceSeconds` of `nowSeconds`.
 */
export function verifyWebhook(
  secret: string,
  headers: { readonly signature: string; readonly timestamp: string },
  body: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  const timestamp = Number(headers.timestamp);
  if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > toleranceSeconds)
    return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, body), 'utf8');
  const actual = Buffer.from(headers.signature, 'utf8');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
