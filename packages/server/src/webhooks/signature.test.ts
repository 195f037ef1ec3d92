import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newWebhookSecret, signWebhook, verifyWebhook } from './signature.js';

describe('webhook signatures', () => {
  const secret = newWebhookSecret();
  const body = JSON.stringify({ text: 'hello', rampart: { event: 'ping' } });

  it('signs "<timestamp>.<body>" with HMAC-SHA256 keyed by the secret, as hex', () => {
    const expected = createHmac('sha256', secret).update(`1700000000.${body}`).digest('hex');
    expect(signWebhook(secret, 1_700_000_000, body)).toBe(`sha256=${expected}`);
  });

  it('makes secrets of the prefix and 32 random bytes in base64url, never twice the same', () => {
    expect(secret).toMatch(/^rmp_whsec_[A-Za-z0-9_-]{43}$/);
    expect(newWebhookSecret()).not.toBe(secret);
  });

  it('verifies a good signature and refuses a changed body, another secret or an old timestamp', () => {
    const signature = signWebhook(secret, 1_700_000_000, body);
    const headers = { signature, timestamp: '1700000000' };
    expect(verifyWebhook(secret, headers, body, 1_700_000_100)).toBe(true);
    expect(verifyWebhook(secret, headers, `${body} `, 1_700_000_100)).toBe(false);
    expect(verifyWebhook(newWebhookSecret(), headers, body, 1_700_000_100)).toBe(false);
    expect(verifyWebhook(secret, headers, body, 1_700_000_301)).toBe(false);
    expect(verifyWebhook(secret, { signature, timestamp: '1700000001' }, body, 1_700_000_000)).toBe(
      false,
    );
    expect(
      verifyWebhook(
        secret,
        { signature: 'sha256=00', timestamp: '1700000000' },
        body,
        1_700_000_000,
      ),
    ).toBe(false);
  });
});
