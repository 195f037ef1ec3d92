import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FindingDraftSchema } from './finding.js';
import { maskSecretIn, redactSecret, secretInfo } from './secret.js';

describe('secret redaction', () => {
  it('shows at most four leading characters', () => {
    expect(redactSecret('AKIAIOSFODNN7EXAMPLE')).toBe('AKIA************');
    expect(redactSecret('abc')).toBe('a****');
    expect(redactSecret('ab')).toBe('****');
  });

  it('never contains the secret, whatever it is (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 6 }).filter((s) => !s.includes('*')),
        (secret) => {
          expect(redactSecret(secret)).not.toContain(secret);
          expect(maskSecretIn(`token=${secret};`, secret)).not.toContain(secret);
        },
      ),
    );
  });

  it('keeps a hash that fits the Finding schema', () => {
    const info = secretInfo('abc');
    // SHA-256("abc") from FIPS 180-2's test vectors.
    expect(info.hash).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(FindingDraftSchema.shape.secret.safeParse(info).success).toBe(true);
  });

  it('salts the hash with HMAC-SHA-256 when given a salt', () => {
    // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
    expect(secretInfo('what do ya want for nothing?', 'Jefe').hash).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
    expect(secretInfo('abc', 'salt-a').hash).not.toBe(secretInfo('abc', 'salt-b').hash);
  });

  it('masks every occurrence in a snippet', () => {
    expect(maskSecretIn('a=XYZ123456 b=XYZ123456', 'XYZ123456')).toBe('a=XYZ****** b=XYZ******');
  });
});
