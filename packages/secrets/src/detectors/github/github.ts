import type { Detector } from '../../detector.js';
import { hasBase62Crc32Suffix } from '../../engine/checksums.js';

const REVOKE =
  'Revoke the token at https://github.com/settings/tokens (or the organisation/app settings that issued it), ' +
  'then create a new one with the least scopes it needs and store it in a secret manager or CI secret, never in code. ' +
  'Check the security log for use of the leaked token.';

/** GitHub tokens: all carry a prefix and a CRC-32 checksum in their last 6 characters. */
export const githubDetectors: readonly Detector[] = [
  {
    id: 'github-classic-pat',
    provider: 'GitHub',
    title: 'GitHub personal access token (classic)',
    severity: 'critical',
    keywords: ['ghp_'],
    pattern: /\b(?<secret>ghp_[A-Za-z0-9]{36})\b/,
    validate: (s) => hasBase62Crc32Suffix(s, 4),
    remediation: REVOKE,
    references: [
      'https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/token-expiration-and-revocation',
    ],
  },
  {
    id: 'github-fine-grained-pat',
    provider: 'GitHub',
    title: 'GitHub fine-grained personal access token',
    severity: 'critical',
    keywords: ['github_pat_'],
    pattern: /\b(?<secret>github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})\b/,
    minEntropy: 4.5,
    remediation: REVOKE,
    references: [
      'https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/managing-your-personal-access-tokens',
    ],
  },
  {
    id: 'github-oauth-token',
    provider: 'GitHub',
    title: 'GitHub OAuth access token',
    severity: 'critical',
    keywords: ['gho_'],
    pattern: /\b(?<secret>gho_[A-Za-z0-9]{36})\b/,
    validate: (s) => hasBase62Crc32Suffix(s, 4),
    remediation: `${REVOKE} For an OAuth app, revoke its tokens from the app's settings page.`,
  },
  {
    id: 'github-app-token',
    provider: 'GitHub',
    title: 'GitHub App user-to-server or server-to-server token',
    severity: 'critical',
    keywords: ['ghu_', 'ghs_'],
    pattern: /\b(?<secret>gh[us]_[A-Za-z0-9]{36})\b/,
    validate: (s) => hasBase62Crc32Suffix(s, 4),
    remediation:
      'Revoke the installation or user token through the GitHub App settings (or the REST API `DELETE /installation/token`), rotate the app private key if it leaked too, and load tokens at run time.',
  },
  {
    id: 'github-refresh-token',
    provider: 'GitHub',
    title: 'GitHub App refresh token',
    severity: 'high',
    keywords: ['ghr_'],
    pattern: /\b(?<secret>ghr_[A-Za-z0-9]{36,76})\b/,
    minEntropy: 4.5,
    remediation:
      'Revoke the GitHub App user authorization that issued the refresh token, then re-authorize; keep refresh tokens in a server-side store.',
  },
];
