import type { Detector } from '../../detector.js';

/**
 * Atlassian and Bitbucket Cloud credentials: the current API and access tokens carry an
 * `ATATT3`/`ATCTT3`/`ATBB` prefix and end in `=` plus 8 upper-case hex characters.
 */
export const bitbucketDetectors: readonly Detector[] = [
  {
    id: 'atlassian-api-token',
    provider: 'Atlassian',
    title: 'Atlassian Cloud API token (Jira, Confluence, Bitbucket)',
    severity: 'critical',
    keywords: ['ATATT3'],
    pattern: /\b(?<secret>ATATT3[\w-]{100,300}=[0-9A-F]{8})\b/,
    minEntropy: 4.5,
    remediation:
      'Revoke the token at https://id.atlassian.com/manage-profile/security/api-tokens (an organisation admin can ' +
      'also revoke user API tokens in admin.atlassian.com > Security > API tokens), create a new one with an ' +
      'expiry (and scopes, for scoped tokens), review the audit log for its use, and store the new one in a ' +
      'secret manager.',
    references: [
      'https://support.atlassian.com/atlassian-account/docs/manage-api-tokens-for-your-atlassian-account/',
    ],
  },
  {
    id: 'bitbucket-access-token',
    provider: 'Bitbucket',
    title: 'Bitbucket Cloud repository, project or workspace access token',
    severity: 'critical',
    keywords: ['ATCTT3'],
    pattern: /\b(?<secret>ATCTT3[\w-]{100,300}=[0-9A-F]{8})\b/,
    minEntropy: 4.5,
    remediation:
      'Revoke the token where it was created (Repository, Project or Workspace settings > Security > Access ' +
      'tokens > Revoke), create a new one with the fewest scopes, update the pipelines or tools that used it, ' +
      'and store the new one in a secret manager.',
    references: ['https://support.atlassian.com/bitbucket-cloud/docs/access-tokens/'],
  },
  {
    id: 'bitbucket-app-password',
    provider: 'Bitbucket',
    title: 'Bitbucket Cloud app password',
    severity: 'critical',
    keywords: ['ATBB'],
    pattern: /\b(?<secret>ATBB[A-Za-z0-9]{32})\b/,
    minEntropy: 3.8,
    remediation:
      'Revoke the app password at Bitbucket > Personal settings > App passwords > Revoke, replace it with an API ' +
      'token or an access token with the fewest scopes (app passwords are being retired), and store the new one ' +
      'in a secret manager.',
    references: ['https://support.atlassian.com/bitbucket-cloud/docs/app-passwords/'],
  },
  {
    id: 'bitbucket-oauth-client-secret',
    provider: 'Bitbucket',
    title: 'Bitbucket Cloud OAuth consumer secret',
    severity: 'high',
    confidence: 'medium',
    keywords: ['bitbucket'],
    pattern:
      /(?:bitbucket|Bitbucket|BITBUCKET)[\w.-]{0,30}?(?:secret|Secret|SECRET)[\w-]{0,10}["']?\s{0,3}(?:=|:|=>|:=)\s{0,3}["'`]?(?<secret>[A-Za-z0-9]{32})\b/,
    minEntropy: 3.8,
    remediation:
      'Delete the OAuth consumer (Workspace settings > Apps and features > OAuth consumers > the consumer > ' +
      'Delete) and add a new one, since a consumer secret cannot be rotated on its own; update the clients that ' +
      'use it and store the new one in a secret manager.',
    references: [
      'https://support.atlassian.com/bitbucket-cloud/docs/use-oauth-on-bitbucket-cloud/',
    ],
  },
];
