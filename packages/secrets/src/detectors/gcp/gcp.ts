import type { Detector } from '../../detector.js';

/** The base64 DER body of a PEM key that a service-account JSON holds, with its `\n` escapes removed. */
function pemBody(secret: string): string {
  return secret.replace(/-----(?:BEGIN|END) PRIVATE KEY-----/g, '').replace(/\\n|\s/g, '');
}

/** Google Cloud credentials: service-account key files, API keys and OAuth client secrets. */
export const gcpDetectors: readonly Detector[] = [
  {
    id: 'gcp-service-account-key',
    provider: 'Google Cloud',
    title: 'Google Cloud service account key (JSON key file)',
    severity: 'critical',
    keywords: ['service_account'],
    pattern:
      /"private_key"\s{0,3}:\s{0,3}"(?<secret>-----BEGIN PRIVATE KEY-----[A-Za-z0-9+/=\\\s]{100,4000}-----END PRIVATE KEY-----)/,
    // A PKCS#8 key is a DER SEQUENCE with a two-byte length: its base64 always starts `MII`.
    validate: (secret) => pemBody(secret).startsWith('MII'),
    requires: { pattern: /"type"\s{0,3}:\s{0,3}"service_account"/, lines: 15 },
    remediation:
      'Delete the key at Google Cloud console → IAM & Admin → Service accounts → the account → Keys ' +
      '(its id is the `private_key_id` of the file), or `gcloud iam service-accounts keys delete <private_key_id> --iam-account=<client_email>`. ' +
      'Check Cloud Audit Logs for the account, prefer attached service accounts or Workload Identity Federation to key files; ' +
      'if a key is unavoidable, create one with `gcloud iam service-accounts keys create` and store the new one in a secret manager.',
    references: ['https://cloud.google.com/iam/docs/keys-create-delete'],
  },
  {
    id: 'google-api-key',
    provider: 'Google',
    title: 'Google API key',
    severity: 'high',
    keywords: ['AIza'],
    pattern: /\b(?<secret>AIza[0-9A-Za-z_-]{35})(?![0-9A-Za-z_-])/,
    minEntropy: 4,
    remediation:
      'Some API keys are meant for browsers (Maps, Firebase), but a key without restrictions can be billed for any enabled API ' +
      '(Gemini, Places…). At Google Cloud console → APIs & Services → Credentials, regenerate the key (or delete it with ' +
      '`gcloud services api-keys delete`), add application and API restrictions to the new one, ' +
      'and store the new one in a secret manager unless it is a restricted browser key.',
    references: ['https://cloud.google.com/docs/authentication/api-keys'],
  },
  {
    id: 'gcp-oauth-client-secret',
    provider: 'Google Cloud',
    title: 'Google OAuth client secret',
    severity: 'high',
    keywords: ['GOCSPX-'],
    pattern: /\b(?<secret>GOCSPX-[A-Za-z0-9_-]{28})(?![A-Za-z0-9_-])/,
    minEntropy: 4,
    remediation:
      'At Google Cloud console → APIs & Services → Credentials → the OAuth client, add a new secret, deploy it, then disable ' +
      'and delete the leaked one (or use "Reset secret"). Review the consent screen and authorized redirect URIs, ' +
      'and store the new one in a secret manager.',
    references: ['https://support.google.com/cloud/answer/15549257'],
  },
];
