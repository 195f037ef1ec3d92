import type { Detector } from '../../detector.js';
import { decodeBase64Text } from '../../engine/checksums.js';
import { hasValidBech32Checksum } from './bech32.js';

/** Secret managers, encryption keys and identity providers: Doppler, 1Password, age, Okta. */
export const secretsIdentityDetectors: readonly Detector[] = [
  {
    id: 'doppler-token',
    provider: 'Doppler',
    title: 'Doppler personal, service, service account or CLI token',
    severity: 'critical',
    keywords: ['dp.pt.', 'dp.st.', 'dp.sa.', 'dp.ct.', 'dp.scim.', 'dp.audit.'],
    // Service tokens may carry the config name: `dp.st.<config>.<secret>`.
    pattern:
      /\b(?<secret>dp\.(?:pt|st|sa|ct|scim|audit)\.(?:[a-z0-9_-]{2,35}\.)?[A-Za-z0-9]{40,44})\b/,
    minEntropy: 4,
    remediation:
      'A Doppler token reads every secret of the configs it can reach. Revoke it in the Doppler dashboard (personal and CLI tokens: ' +
      'Tokens page or `doppler configure revoke`; service tokens: the project config → Access → Service tokens; service accounts: ' +
      'Team → Service Accounts → API tokens), check the activity log, rotate the secrets it could read, and store the new one in a secret manager ' +
      "(your CI's secret store) rather than in code.",
    references: ['https://docs.doppler.com/reference/auth-token-formats'],
  },
  {
    id: 'onepassword-service-account-token',
    provider: '1Password',
    title: '1Password service account token',
    severity: 'critical',
    keywords: ['ops_eyJ'],
    pattern: /\b(?<secret>ops_eyJ[A-Za-z0-9+/_-]{250,4000}={0,2})(?![A-Za-z0-9+/=_-])/,
    minEntropy: 4.5,
    // The token is base64 of a JSON document that names the sign-in address.
    validate: (secret) => decodeBase64Text(secret.slice(4))?.includes('"signInAddress"') === true,
    remediation:
      'The token reads (and maybe writes) every vault granted to the service account. Revoke it at 1Password.com → Developer → ' +
      'Service Accounts → the account → Revoke token, rotate the items of those vaults, create a new token with the fewest vaults ' +
      "and an expiry, and store the new one in a secret manager (your CI's secret store), never in code.",
    references: ['https://developer.1password.com/docs/service-accounts/manage-service-accounts/'],
  },
  {
    id: 'age-secret-key',
    provider: 'age',
    title: 'age encryption secret key',
    severity: 'critical',
    keywords: ['AGE-SECRET-KEY-1'],
    pattern: /\b(?<secret>AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58})\b/,
    validate: hasValidBech32Checksum,
    remediation:
      'Anyone with the key decrypts every file encrypted to its public key (SOPS files, backups), including old commits. ' +
      'Generate a new identity with `age-keygen`, re-encrypt everything to the new recipient (`sops updatekeys` for SOPS), remove the ' +
      'old recipient, rotate the secrets those files held, and store the new one in a secret manager or a key file outside the repository.',
    references: ['https://github.com/FiloSottile/age#readme'],
  },
  {
    id: 'okta-api-token',
    provider: 'Okta',
    title: 'Okta API token',
    severity: 'critical',
    confidence: 'medium',
    keywords: ['okta', 'ssws'],
    pattern:
      /(?:okta[\w.-]{0,20}?(?:token|key)["']?\s{0,5}(?:[:=]|=>)\s{0,5}["']?|SSWS\s{1,3})(?<secret>00[A-Za-z0-9_-]{40})(?![A-Za-z0-9_-])/i,
    minEntropy: 4,
    remediation:
      'An API token acts as the admin who created it on the whole Okta org (users, apps, policies). Revoke it at Okta Admin Console → ' +
      'Security → API → Tokens, check the System Log for its use, prefer OAuth 2.0 service apps with scoped grants, ' +
      'and store the new one in a secret manager.',
    references: ['https://developer.okta.com/docs/guides/create-an-api-token/main/'],
  },
];
