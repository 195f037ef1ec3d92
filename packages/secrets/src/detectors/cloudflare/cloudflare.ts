import type { Detector } from '../../detector.js';

/** Cloudflare credentials: API tokens and global API keys (no prefix, so context is needed) and Origin CA keys. */
export const cloudflareDetectors: readonly Detector[] = [
  {
    id: 'cloudflare-api-token',
    provider: 'Cloudflare',
    title: 'Cloudflare API token',
    severity: 'high',
    confidence: 'medium',
    keywords: ['cloudflare', 'cf_api_token', 'cf_token', 'cf-api-token'],
    pattern:
      /(?:cloudflare[\w.-]{0,20}?token|(?<![a-z0-9])cf[_-](?:api[_-])?token)["']?\s{0,5}(?:[:=]|=>)\s{0,5}["']?(?<secret>[A-Za-z0-9_-]{40})(?![A-Za-z0-9_-])/i,
    minEntropy: 4,
    remediation:
      'Roll or delete the token at Cloudflare dashboard → My Profile (or Manage Account) → API Tokens → the token → Roll / Delete, ' +
      "check the account's Audit Logs, create a replacement scoped to the zones and permissions it needs (with IP filtering and a TTL), " +
      'and store the new one in a secret manager.',
    references: ['https://developers.cloudflare.com/fundamentals/api/how-to/roll-token/'],
  },
  {
    id: 'cloudflare-global-api-key',
    provider: 'Cloudflare',
    title: 'Cloudflare global API key',
    severity: 'critical',
    confidence: 'medium',
    keywords: ['cloudflare', 'cf_api_key', 'cf_key', 'x-auth-key'],
    pattern:
      /(?:(?:cloudflare[\w.-]{0,20}?|(?<![a-z0-9])cf[_-](?:api[_-])?)key["']?\s{0,5}(?:[:=]|=>)\s{0,5}["']?|X-Auth-Key["']?\s{0,3}:\s{0,3}["']?)(?<secret>[a-f0-9]{37})\b/i,
    minEntropy: 3.3,
    remediation:
      'The global API key acts as the user on every account and zone they can reach. Rotate it at Cloudflare dashboard → ' +
      'My Profile → API Tokens → Global API Key → Change (which invalidates the old one), review Audit Logs, move integrations ' +
      'to scoped API tokens, and store the new one in a secret manager if it is still needed.',
    references: ['https://developers.cloudflare.com/fundamentals/api/get-started/keys/'],
  },
  {
    id: 'cloudflare-origin-ca-key',
    provider: 'Cloudflare',
    title: 'Cloudflare Origin CA key',
    severity: 'high',
    keywords: ['v1.0-'],
    pattern: /\b(?<secret>v1\.0-[a-f0-9]{24}-[a-f0-9]{146})\b/,
    minEntropy: 3.5,
    remediation:
      'The Origin CA key issues and revokes origin certificates for your zones. Change it at Cloudflare dashboard → ' +
      'My Profile → API Tokens → Origin CA Key → Change, revoke certificates issued with it that you do not recognise ' +
      '(SSL/TLS → Origin Server), prefer an API token with the SSL and Certificates permission, and store the new one in a secret manager.',
    references: ['https://developers.cloudflare.com/fundamentals/api/get-started/ca-keys/'],
  },
];
