import type { Detector } from '../../detector.js';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** Application platforms: Heroku, Vercel, Netlify, Fly.io, Supabase, PlanetScale and Databricks. */
export const paasDetectors: readonly Detector[] = [
  {
    id: 'heroku-api-key',
    provider: 'Heroku',
    title: 'Heroku API key',
    severity: 'critical',
    keywords: ['HRKU-AA'],
    pattern: /\b(?<secret>HRKU-AA[0-9A-Za-z_-]{58})(?![0-9A-Za-z_-])/,
    minEntropy: 4,
    remediation:
      'The key acts as its user on every app they can reach (config vars hold more secrets). Revoke it with ' +
      '`heroku authorizations:revoke <id>` (list with `heroku authorizations`) or regenerate it at Dashboard → Account settings → ' +
      'API Key → Regenerate; create scoped, expiring tokens with `heroku authorizations:create`, ' +
      'and store the new one in a secret manager.',
    references: ['https://devcenter.heroku.com/articles/authentication'],
  },
  {
    id: 'heroku-api-key-legacy',
    provider: 'Heroku',
    title: 'Heroku API key (UUID format)',
    severity: 'critical',
    confidence: 'medium',
    keywords: ['heroku'],
    pattern: new RegExp(
      `heroku[\\w.-]{0,20}?(?:api[_-]?key|token|password)["']?\\s{0,5}(?:[:=]|=>)\\s{0,5}["']?(?<secret>${UUID})\\b`,
      'i',
    ),
    minEntropy: 3.3,
    remediation:
      'Regenerate the key at Heroku Dashboard → Account settings → API Key → Regenerate, or revoke the authorization with ' +
      '`heroku authorizations:revoke <id>`; use `heroku authorizations:create` for scoped, expiring tokens, ' +
      'and store the new one in a secret manager.',
    references: ['https://devcenter.heroku.com/articles/authentication'],
  },
  {
    id: 'vercel-access-token',
    provider: 'Vercel',
    title: 'Vercel access token',
    severity: 'high',
    confidence: 'medium',
    keywords: ['vercel'],
    pattern:
      /(?:vercel[\w.-]{0,20}?token["']?\s{0,5}(?:[:=]|=>)\s{0,5}["']?|vercel\s{1,3}[^\n]{0,80}?--token[ =]{1,3}["']?)(?<secret>[A-Za-z0-9]{24})(?![A-Za-z0-9])/i,
    minEntropy: 3.8,
    remediation:
      'Delete the token at Vercel dashboard → Account settings → Tokens, create a replacement scoped to one team with an expiry, ' +
      "review the team's audit log and deployments, and store the new one in a secret manager (or CI secret).",
    references: ['https://vercel.com/docs/rest-api#creating-an-access-token'],
  },
  {
    id: 'netlify-access-token',
    provider: 'Netlify',
    title: 'Netlify personal access token',
    severity: 'high',
    keywords: ['nfp_'],
    pattern: /\b(?<secret>nfp_[A-Za-z0-9]{36,40})\b/,
    minEntropy: 4,
    remediation:
      'Revoke the token at Netlify → User settings → Applications → Personal access tokens, create a replacement with an expiry, ' +
      'review the team audit log and recent deploys, and store the new one in a secret manager (or CI secret).',
    references: ['https://docs.netlify.com/api/get-started/#authentication'],
  },
  {
    id: 'flyio-access-token',
    provider: 'Fly.io',
    title: 'Fly.io access token',
    severity: 'critical',
    keywords: ['fo1_'],
    pattern: /\b(?<secret>fo1_[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/,
    minEntropy: 4,
    remediation:
      'Revoke the token at fly.io dashboard → Account → Access tokens (or `fly tokens revoke <id>`; list with `fly tokens list`), ' +
      'create a narrower deploy or org token with an expiry (`fly tokens create deploy --expiry 720h`), ' +
      'and store the new one in a secret manager.',
    references: ['https://fly.io/docs/security/tokens/'],
  },
  {
    id: 'flyio-macaroon-token',
    provider: 'Fly.io',
    title: 'Fly.io macaroon token (FlyV1)',
    severity: 'critical',
    keywords: ['fm1_', 'fm2_'],
    // A FlyV1 token is a comma-separated list of macaroons; the first one is the credential itself.
    pattern: /\b(?<secret>fm[12][ar]?_[A-Za-z0-9+/]{100,2000}={0,2})(?![A-Za-z0-9+/=])/,
    minEntropy: 4.5,
    remediation:
      'Revoke the token with `fly tokens revoke <id>` (find it with `fly tokens list`, per app or org) or at the dashboard → ' +
      'Tokens, create a narrower deploy token with an expiry, and store the new one in a secret manager (or CI secret).',
    references: ['https://fly.io/docs/security/tokens/'],
  },
  {
    id: 'supabase-access-token',
    provider: 'Supabase',
    title: 'Supabase personal access token',
    severity: 'critical',
    keywords: ['sbp_'],
    pattern: /\b(?<secret>sbp_[a-f0-9]{40})\b/,
    minEntropy: 3.5,
    remediation:
      'The token drives the Management API for every project of the user (databases, keys, functions). Revoke it at ' +
      'Supabase dashboard → Account → Access Tokens, create a replacement, and store the new one in a secret manager.',
    references: ['https://supabase.com/docs/reference/api/introduction'],
  },
  {
    id: 'planetscale-token',
    provider: 'PlanetScale',
    title: 'PlanetScale password, service token or OAuth token',
    severity: 'critical',
    keywords: ['pscale_pw_', 'pscale_tkn_', 'pscale_oauth_'],
    pattern: /\b(?<secret>pscale_(?:pw|tkn|oauth)_[A-Za-z0-9_.-]{32,64})(?![A-Za-z0-9_.-])/,
    minEntropy: 4,
    remediation:
      'Delete the leaked credential in the PlanetScale dashboard: a database password at the database → Settings → Passwords ' +
      '(`pscale password delete <db> <branch> <id>`), a service token at Organization settings → Service tokens ' +
      '(`pscale service-token delete <id>`). Create a replacement with the least access, and store the new one in a secret manager.',
    references: ['https://planetscale.com/docs/concepts/service-tokens'],
  },
  {
    id: 'databricks-access-token',
    provider: 'Databricks',
    title: 'Databricks personal access token',
    severity: 'high',
    keywords: ['dapi'],
    pattern: /\b(?<secret>dapi[a-f0-9]{32}(?:-\d)?)\b/,
    minEntropy: 3.5,
    remediation:
      'Revoke the token at the workspace → Settings → Developer → Access tokens (admins: `databricks token-management delete <id>`), ' +
      'check the audit logs, prefer OAuth machine-to-machine credentials for a service principal, and store the new one in a secret manager.',
    references: ['https://docs.databricks.com/en/dev-tools/auth/pat.html'],
  },
];
