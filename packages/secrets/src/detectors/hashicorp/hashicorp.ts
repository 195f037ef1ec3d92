import type { Detector } from '../../detector.js';

const VAULT_REVOKE =
  'Revoke it with `vault token revoke <token>` (or `vault token revoke -accessor <accessor>`; `-mode=path` revokes everything ' +
  'issued from the same auth path), check the audit device log for its use, and rotate every secret it could read. Let ' +
  'workloads log in with an auth method (Kubernetes, AppRole, OIDC/JWT) instead of a stored token; if one must be stored, ' +
  'store the new one in a secret manager.';

/** HashiCorp credentials: Vault tokens and Terraform Cloud / Enterprise API tokens. */
export const hashicorpDetectors: readonly Detector[] = [
  {
    id: 'vault-service-token',
    provider: 'HashiCorp Vault',
    title: 'HashiCorp Vault service token',
    severity: 'critical',
    keywords: ['hvs.'],
    pattern: /\b(?<secret>hvs\.[A-Za-z0-9_-]{90,200})(?![A-Za-z0-9_-])/,
    minEntropy: 4.5,
    remediation: `A Vault token reads every secret its policies allow. ${VAULT_REVOKE}`,
    references: ['https://developer.hashicorp.com/vault/docs/concepts/tokens'],
  },
  {
    id: 'vault-batch-token',
    provider: 'HashiCorp Vault',
    title: 'HashiCorp Vault batch token',
    severity: 'high',
    keywords: ['hvb.'],
    pattern: /\b(?<secret>hvb\.[A-Za-z0-9_-]{138,400})(?![A-Za-z0-9_-])/,
    minEntropy: 4.5,
    remediation:
      'A batch token cannot be revoked by itself: it lives until its TTL ends or its parent token is revoked. Revoke the parent ' +
      '(`vault token revoke` on it, or `vault token revoke -mode=path <auth path>`), shorten batch token TTLs, rotate the secrets it ' +
      'could read, and store the new one in a secret manager if a stored token is unavoidable.',
    references: ['https://developer.hashicorp.com/vault/docs/concepts/tokens#batch-tokens'],
  },
  {
    id: 'vault-legacy-token',
    provider: 'HashiCorp Vault',
    title: 'HashiCorp Vault token (pre-1.10 `s.` format)',
    severity: 'critical',
    confidence: 'medium',
    keywords: ['vault'],
    // `s.` + 24 characters is too short and plain to report without a Vault name right before it.
    pattern:
      /(?:vault[\w.-]{0,20}?token["']?\s{0,5}(?:[:=]|=>)\s{0,5}["']?|X-Vault-Token["']?\s{0,3}:\s{0,3}["']?)(?<secret>s\.[A-Za-z0-9]{24})(?![A-Za-z0-9])/i,
    minEntropy: 3.8,
    remediation: `Vault tokens in this format come from Vault before 1.10. ${VAULT_REVOKE}`,
    references: ['https://developer.hashicorp.com/vault/docs/concepts/tokens'],
  },
  {
    id: 'terraform-cloud-api-token',
    provider: 'HashiCorp Terraform',
    title: 'Terraform Cloud / Enterprise API token',
    severity: 'critical',
    keywords: ['.atlasv1.'],
    pattern: /\b(?<secret>[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70})(?![A-Za-z0-9_=-])/,
    minEntropy: 4,
    remediation:
      'The token runs plans and applies, and reads state and variables (which hold other secrets), of every workspace it can reach. ' +
      'Delete it at HCP Terraform → User settings → Tokens (team and organization tokens: the team or organization settings → API tokens), ' +
      'review workspace runs and the audit trail, create a replacement (prefer team tokens with an expiry, or dynamic provider ' +
      'credentials), run `terraform login` locally instead of writing it in `.terraformrc`, and store the new one in a secret manager.',
    references: [
      'https://developer.hashicorp.com/terraform/cloud-docs/users-teams-organizations/api-tokens',
    ],
  },
];
