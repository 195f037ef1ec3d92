import type { Detector } from '../../detector.js';

const REVOKE =
  'Delete the token at DigitalOcean control panel → API → Tokens (or `doctl auth remove` for a local context), ' +
  "create a new one with custom scopes and an expiry, check the team's Security History for its use, " +
  'and store the new one in a secret manager.';

/** DigitalOcean tokens: `do<kind>_v1_` + 64 hex. */
export const digitaloceanDetectors: readonly Detector[] = [
  {
    id: 'digitalocean-personal-access-token',
    provider: 'DigitalOcean',
    title: 'DigitalOcean personal access token',
    severity: 'critical',
    keywords: ['dop_v1_'],
    pattern: /\b(?<secret>dop_v1_[a-f0-9]{64})\b/,
    minEntropy: 3.5,
    remediation: `A full-access token can create and destroy droplets, databases and DNS records. ${REVOKE}`,
    references: ['https://docs.digitalocean.com/reference/api/create-personal-access-token/'],
  },
  {
    id: 'digitalocean-oauth-token',
    provider: 'DigitalOcean',
    title: 'DigitalOcean OAuth access token',
    severity: 'critical',
    keywords: ['doo_v1_'],
    pattern: /\b(?<secret>doo_v1_[a-f0-9]{64})\b/,
    minEntropy: 3.5,
    remediation:
      'Revoke the token with `curl -X POST https://cloud.digitalocean.com/v1/oauth/revoke -d token=<token>` (authenticated as ' +
      'the app), or remove the application at control panel → Settings → Applications & API → Authorized applications; ' +
      're-authorize to get a new token and store the new one in a secret manager.',
    references: ['https://docs.digitalocean.com/reference/api/oauth/'],
  },
  {
    id: 'digitalocean-refresh-token',
    provider: 'DigitalOcean',
    title: 'DigitalOcean OAuth refresh token',
    severity: 'high',
    keywords: ['dor_v1_'],
    pattern: /\b(?<secret>dor_v1_[a-f0-9]{64})\b/,
    minEntropy: 3.5,
    remediation:
      "A refresh token mints new access tokens. Revoke the application's authorization at control panel → Settings → " +
      'Applications & API → Authorized applications (or the `/v1/oauth/revoke` endpoint), re-authorize, ' +
      'and store the new one in a secret manager on the server side only.',
    references: ['https://docs.digitalocean.com/reference/api/oauth/'],
  },
];
