import type { Detector } from '../../detector.js';

const KEY_ID = /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}\b/;

const ROTATE_KEY =
  'Deactivate and delete the key in the IAM console (Users → the user → Security credentials → Access keys) ' +
  'or with `aws iam update-access-key --status Inactive` then `aws iam delete-access-key --access-key-id <id>`; ' +
  'create a replacement with `aws iam create-access-key` only if a long-lived key is really needed ' +
  '(prefer IAM roles, IAM Identity Center or OIDC federation for CI). Review CloudTrail for calls made with the key, ' +
  'and store the new one in a secret manager.';

/** AWS credentials: access key ids, secret access keys (next to their id), STS session tokens and MWS tokens. */
export const awsDetectors: readonly Detector[] = [
  {
    id: 'aws-access-key-id',
    provider: 'AWS',
    title: 'AWS access key id',
    severity: 'high',
    keywords: ['AKIA', 'ASIA', 'ABIA', 'ACCA'],
    // The 16 characters after the prefix are base32 (A–Z, 2–7). ASIA ids belong to temporary STS credentials.
    pattern: /\b(?<secret>(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})\b/,
    minEntropy: 3,
    remediation:
      'An access key id alone cannot sign requests, but it names a live key and its secret is usually close by. ' +
      `${ROTATE_KEY} For an \`ASIA\` (temporary) id, revoke the role's active sessions (IAM console → Roles → the role → Revoke sessions).`,
    references: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html',
    ],
  },
  {
    id: 'aws-secret-access-key',
    provider: 'AWS',
    title: 'AWS secret access key (with its access key id)',
    severity: 'critical',
    keywords: [
      'secret_access_key',
      'secretaccesskey',
      'secret-access-key',
      'aws_secret_key',
      'aws-secret-key',
      'awssecretkey',
    ],
    pattern:
      /(?:secret[_-]?access[_-]?key|aws[_-]?secret[_-]?key)["']?\s{0,5}(?:[:=]|=>)?\s{0,5}["']?(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/i,
    minEntropy: 4.2,
    requires: { pattern: KEY_ID, lines: 5 },
    remediation: `The key pair signs requests as its IAM user with all of that user's permissions. ${ROTATE_KEY}`,
    references: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html#rotating_access_keys_console',
    ],
  },
  {
    id: 'aws-session-token',
    provider: 'AWS',
    title: 'AWS STS session token',
    severity: 'medium',
    keywords: [
      'aws_session_token',
      'awssessiontoken',
      'aws-session-token',
      'IQoJb3JpZ2lu',
      'FwoGZXIvYXdz',
    ],
    // STS tokens are long base64 that start with `IQoJb3JpZ2lu` (current) or `FwoGZXIvYXdz` (older).
    pattern:
      /(?:aws[_-]?session[_-]?token["']?\s{0,5}(?:[:=]|=>)?\s{0,5}["']?|(?<![A-Za-z0-9/+])(?=IQoJb3JpZ2lu|FwoGZXIvYXdz))(?<secret>[A-Za-z0-9/+]{100,2000}={0,2})(?![A-Za-z0-9/+=])/i,
    minEntropy: 4.5,
    remediation:
      'A session token works only with its `ASIA` key id and secret, and expires (15 minutes to 36 hours), but until then it ' +
      "carries the role's permissions. Revoke the role's active sessions (IAM console → Roles → the role → Revoke sessions), " +
      'find how the token got into the file (a copied `aws sts` output, a CI log), and load temporary credentials at run time ' +
      'from a credential provider instead; if a long-lived secret is still needed, store the new one in a secret manager.',
    references: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_revoke-sessions.html',
    ],
  },
  {
    id: 'aws-mws-auth-token',
    provider: 'AWS',
    title: 'Amazon Marketplace Web Service (MWS) auth token',
    severity: 'high',
    keywords: ['amzn.mws.'],
    pattern:
      /\b(?<secret>amzn\.mws\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/,
    minEntropy: 3.3,
    remediation:
      'Revoke the developer authorization in Seller Central (Settings → User Permissions → Third-party developer and apps → Revoke), ' +
      're-authorize the application to get a new token, move to the Selling Partner API (MWS is retired), ' +
      'and store the new one in a secret manager.',
    references: [
      'https://developer-docs.amazon.com/sp-api/docs/authorizing-selling-partner-api-applications',
    ],
  },
];
