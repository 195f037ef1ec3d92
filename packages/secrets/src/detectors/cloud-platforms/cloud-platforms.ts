import type { Detector } from '../../detector.js';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const ALIBABA_KEY_ID = /\bLTAI[A-Za-z0-9]{12,20}\b/;

/** Credentials of other cloud providers: Alibaba Cloud, IBM Cloud, Linode (Akamai), Scaleway and Fastly. */
export const cloudPlatformsDetectors: readonly Detector[] = [
  {
    id: 'alibaba-access-key-id',
    provider: 'Alibaba Cloud',
    title: 'Alibaba Cloud AccessKey ID',
    severity: 'high',
    keywords: ['LTAI'],
    pattern: /\b(?<secret>LTAI[A-Za-z0-9]{12,20})\b/,
    minEntropy: 3.3,
    remediation:
      'The AccessKey ID names a live key whose secret is usually nearby. In the RAM console → Users → the user → Authentication → ' +
      'AccessKey, create a new AccessKey, move clients to it, then disable and delete the leaked one ' +
      '(`aliyun ram DeleteAccessKey --UserAccessKeyId <id>`). Check ActionTrail for its use, prefer RAM roles and STS tokens, ' +
      'and store the new one in a secret manager.',
    references: ['https://www.alibabacloud.com/help/en/ram/user-guide/create-an-accesskey-pair'],
  },
  {
    id: 'alibaba-access-key-secret',
    provider: 'Alibaba Cloud',
    title: 'Alibaba Cloud AccessKey secret (with its AccessKey ID)',
    severity: 'critical',
    keywords: [
      'alibaba',
      'aliyun',
      'alicloud',
      'accesskeysecret',
      'access_key_secret',
      'access-key-secret',
    ],
    pattern:
      /(?:(?:alibaba|aliyun|alicloud)[\w.-]{0,20}?secret[\w.-]{0,10}?|access[_-]?key[_-]?secret)["']?\s{0,5}(?:[:=]|=>)\s{0,5}["']?(?<secret>[A-Za-z0-9]{30})(?![A-Za-z0-9])/i,
    minEntropy: 4,
    requires: { pattern: ALIBABA_KEY_ID, lines: 5 },
    remediation:
      'The pair signs API calls as the RAM user. In the RAM console → Users → the user → Authentication → AccessKey, disable and ' +
      'delete the leaked key after creating a replacement; check ActionTrail, prefer RAM roles and STS tokens, ' +
      'and store the new one in a secret manager.',
    references: ['https://www.alibabacloud.com/help/en/ram/user-guide/create-an-accesskey-pair'],
  },
  {
    id: 'ibm-cloud-api-key',
    provider: 'IBM Cloud',
    title: 'IBM Cloud API key',
    severity: 'critical',
    confidence: 'medium',
    keywords: ['ibm', 'ic_api_key'],
    pattern:
      /(?:ibm[\w.-]{0,25}?api[_-]?key["']?\s{0,5}(?:[:=]|=>)\s{0,5}["']?|(?<![a-z0-9])ic[_-]api[_-]?key["']?\s{0,5}(?:[:=]|=>)\s{0,5}["']?|ibmcloud\s{1,3}login[^\n]{0,80}?--apikey[ =]{1,3}["']?)(?<secret>[A-Za-z0-9_-]{44})(?![A-Za-z0-9_-])/i,
    minEntropy: 4,
    remediation:
      'Delete the key at IBM Cloud console → Manage → Access (IAM) → API keys (or `ibmcloud iam api-key-delete <name>`; service ID ' +
      'keys under Service IDs), check Activity Tracker for its use, create a replacement for a service ID with the least access ' +
      '(`ibmcloud iam service-api-key-create`), and store the new one in a secret manager (Secrets Manager).',
    references: ['https://cloud.ibm.com/docs/account?topic=account-userapikey'],
  },
  {
    id: 'linode-api-token',
    provider: 'Linode (Akamai)',
    title: 'Linode personal access token',
    severity: 'critical',
    confidence: 'medium',
    keywords: ['linode'],
    pattern:
      /linode[\w.-]{0,20}?(?:token|key|pat)["']?\s{0,5}(?:[:=]|=>)\s{0,5}["']?(?<secret>[a-f0-9]{64})\b/i,
    minEntropy: 3.5,
    remediation:
      'Revoke the token at Akamai Cloud Manager → profile → API Tokens → Revoke (or `linode-cli profile token-delete <id>`), ' +
      "check the account's Events for its use, create a replacement with only the scopes it needs and an expiry, " +
      'and store the new one in a secret manager.',
    references: ['https://techdocs.akamai.com/cloud-computing/docs/manage-personal-access-tokens'],
  },
  {
    id: 'scaleway-access-key',
    provider: 'Scaleway',
    title: 'Scaleway API access key',
    severity: 'high',
    keywords: ['SCW'],
    pattern: /\b(?<secret>SCW[A-Z0-9]{17})\b/,
    minEntropy: 3,
    remediation:
      'The access key names an API key whose secret is usually nearby. Delete the API key at Scaleway console → IAM → API keys ' +
      '(or `scw iam api-key delete <access-key>`), create a replacement for an IAM application with the least policies and an ' +
      'expiry, and store the new one in a secret manager.',
    references: ['https://www.scaleway.com/en/docs/iam/how-to/create-api-keys/'],
  },
  {
    id: 'scaleway-secret-key',
    provider: 'Scaleway',
    title: 'Scaleway API secret key',
    severity: 'critical',
    confidence: 'medium',
    keywords: ['scw', 'scaleway'],
    pattern: new RegExp(
      `(?:(?<![a-z0-9])scw|scaleway)[\\w.-]{0,20}?secret[\\w.-]{0,10}?["']?\\s{0,5}(?:[:=]|=>)\\s{0,5}["']?(?<secret>${UUID})\\b`,
      'i',
    ),
    minEntropy: 3.3,
    remediation:
      'Delete the API key at Scaleway console → IAM → API keys (or `scw iam api-key delete <access-key>`), check the audit trail, ' +
      'create a replacement for an IAM application with the least policies and an expiry, and store the new one in a secret manager.',
    references: ['https://www.scaleway.com/en/docs/iam/how-to/create-api-keys/'],
  },
  {
    id: 'fastly-api-token',
    provider: 'Fastly',
    title: 'Fastly API token',
    severity: 'high',
    confidence: 'medium',
    keywords: ['fastly'],
    pattern:
      /fastly[\w.-]{0,20}?(?:token|key)["']?\s{0,5}(?:[:=]|=>)\s{0,5}["']?(?<secret>[A-Za-z0-9_-]{32})(?![A-Za-z0-9_-])/i,
    minEntropy: 4,
    remediation:
      'Delete the token at Fastly control panel → Account → Personal API tokens (or `fastly auth-token delete`; automation tokens ' +
      "under Account → Automation tokens), review the account's audit log for configuration changes, create a replacement " +
      'scoped to the services it needs with an expiry, and store the new one in a secret manager.',
    references: ['https://docs.fastly.com/en/guides/using-api-tokens'],
  },
];
