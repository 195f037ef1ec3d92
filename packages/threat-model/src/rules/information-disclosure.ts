import type { ThreatRule } from '../types.js';
import { carries, cheatSheet, holdsSensitiveData, isExposed, isSensitive } from './conditions.js';

/** Information disclosure: data reaches someone who should not see it. */
export const INFORMATION_DISCLOSURE_RULES: readonly ThreatRule[] = [
  {
    id: 'TM-I-001',
    title: 'Credentials or secrets sent in clear text',
    stride: 'information-disclosure',
    severity: 'critical',
    target: 'flow',
    description:
      'The flow carries `credentials` or `secrets` and states `encrypted: false`: anyone able ' +
      'to observe the network path (shared Wi-Fi, a compromised router, a cloud neighbour, a ' +
      'mirror port) can read them and reuse them.',
    mitigations: [
      'Encrypt the flow with TLS 1.2+ (or mTLS between services) and refuse plain-text fallbacks.',
      'Prefer short-lived, scoped tokens to long-lived passwords or keys on the wire.',
      'Rotate any credential that has been sent in clear text.',
    ],
    cwe: ['CWE-319', 'CWE-523'],
    capec: ['CAPEC-157'],
    references: [cheatSheet('Transport_Layer_Security')],
    applies: ({ flow }) => flow.encrypted === false && carries(flow, 'credentials', 'secrets'),
  },
  {
    id: 'TM-I-002',
    title: 'Sensitive data sent in clear text',
    stride: 'information-disclosure',
    severity: 'high',
    target: 'flow',
    description:
      'The flow states `encrypted: false` and is classified `confidential` or `restricted`, or ' +
      'carries `pii` or `payment` data: it can be read by anyone on the network path. ' +
      '(Credentials and secrets in clear text are covered by TM-I-001.)',
    mitigations: [
      'Encrypt the flow with TLS 1.2+ and enable HSTS for browser traffic.',
      'Encrypt at the message level when the data passes through intermediaries that terminate TLS.',
      'Send only the fields the receiver needs.',
    ],
    cwe: ['CWE-319'],
    capec: ['CAPEC-157'],
    references: [
      cheatSheet('Transport_Layer_Security'),
      cheatSheet('HTTP_Strict_Transport_Security'),
    ],
    applies: ({ flow }) =>
      flow.encrypted === false &&
      !carries(flow, 'credentials', 'secrets') &&
      (isSensitive(flow.dataClassification) || carries(flow, 'pii', 'payment')),
  },
  {
    id: 'TM-I-003',
    title: 'Sensitive data stored unencrypted',
    stride: 'information-disclosure',
    severity: 'medium',
    target: 'element',
    elementTypes: ['data-store'],
    description:
      'The data store holds `confidential` or `restricted` data (stated on it or on its flows) ' +
      'and states `encryptsAtRest: false`: stolen disks, snapshots, backups or a misconfigured ' +
      'bucket expose the data in readable form.',
    mitigations: [
      'Enable storage or database encryption at rest with keys in a KMS, and encrypt backups and snapshots too.',
      'Encrypt the most sensitive fields at the application level so database access alone is not enough.',
      'Restrict and log access to the keys.',
    ],
    cwe: ['CWE-311', 'CWE-312'],
    capec: [],
    references: [cheatSheet('Cryptographic_Storage')],
    applies: (view) => view.element.attributes.encryptsAtRest === false && holdsSensitiveData(view),
  },
  {
    id: 'TM-I-004',
    title: 'Stored passwords can be cracked',
    stride: 'information-disclosure',
    severity: 'high',
    target: 'element',
    elementTypes: ['process', 'data-store'],
    description:
      'The element `storesCredentials: true` and states `hashesPasswords: false`: if the ' +
      'store leaks, passwords are readable or quickly cracked, and users’ reuse of them ' +
      'extends the breach to other services.',
    mitigations: [
      'Hash passwords with argon2id (or scrypt/bcrypt) with per-password salts and tuned cost.',
      'Re-hash on next login to migrate existing hashes; never store reversible encryption of passwords.',
      'Consider delegating authentication to an identity provider so the service stores no passwords.',
    ],
    cwe: ['CWE-916', 'CWE-256'],
    capec: ['CAPEC-55', 'CAPEC-16'],
    references: [cheatSheet('Password_Storage')],
    applies: ({ element: { attributes: a } }) =>
      a.storesCredentials === true && a.hashesPasswords === false,
  },
  {
    id: 'TM-I-005',
    title: 'Secrets kept in code or configuration files',
    stride: 'information-disclosure',
    severity: 'high',
    target: 'element',
    elementTypes: ['process', 'data-store'],
    description:
      'The element `handlesSecrets: true` and states `usesSecretManager: false`: keys, tokens ' +
      'and passwords live in source, images or config files, where every developer, build log, ' +
      'image registry and backup can read them, and rotation is hard.',
    mitigations: [
      'Move secrets to a secret manager (Vault, cloud secret manager) and inject them at runtime.',
      'Scan the repository and images for secrets in CI, and rotate any that were committed.',
      'Use workload identity instead of static keys where the platform allows it.',
    ],
    cwe: ['CWE-798', 'CWE-260'],
    capec: ['CAPEC-191'],
    references: [cheatSheet('Secrets_Management')],
    applies: ({ element: { attributes: a } }) =>
      a.handlesSecrets === true && a.usesSecretManager === false,
  },
  {
    id: 'TM-I-006',
    title: 'Error details returned to untrusted callers',
    stride: 'information-disclosure',
    severity: 'medium',
    target: 'element',
    elementTypes: ['process'],
    description:
      'The process `exposesErrorDetails: true` and is reached from the internet or by an ' +
      'external entity: stack traces and error messages reveal versions, file paths, queries ' +
      'and internal hosts that help an attacker plan the next step.',
    mitigations: [
      'Return a generic error with a correlation id to callers; keep the details in server logs.',
      'Turn off debug modes and framework error pages in production builds.',
      'Map exceptions to stable error codes in one error handler.',
    ],
    cwe: ['CWE-209'],
    capec: ['CAPEC-54'],
    references: [cheatSheet('Error_Handling')],
    applies: (view) => view.element.attributes.exposesErrorDetails === true && isExposed(view),
  },
  {
    id: 'TM-I-007',
    title: 'Sensitive data written to logs',
    stride: 'information-disclosure',
    severity: 'medium',
    target: 'element',
    elementTypes: ['process', 'data-store'],
    description:
      'The element states `logsSensitiveData: true`: tokens, passwords or personal data in ' +
      'logs are copied to log pipelines, dashboards and support tools that many more people ' +
      'can read, and are kept far longer than the data itself.',
    mitigations: [
      'Filter or mask sensitive fields in the logger (allow-list what is logged, redact known keys).',
      'Restrict access to logs and set retention to what is needed.',
      'Test that tokens and passwords never appear in log output.',
    ],
    cwe: ['CWE-532'],
    capec: ['CAPEC-215'],
    references: [cheatSheet('Logging')],
    applies: ({ element: { attributes: a } }) => a.logsSensitiveData === true,
  },
  {
    id: 'TM-I-008',
    title: 'Server-side request forgery through fetched URLs',
    stride: 'information-disclosure',
    severity: 'high',
    target: 'element',
    elementTypes: ['process'],
    description:
      'The process `fetchesUrls: true` that callers influence (webhooks, link previews, ' +
      'imports): an attacker can make it request internal services or the cloud metadata ' +
      'endpoint and read the answers, including instance credentials.',
    mitigations: [
      'Allow-list destinations where possible; otherwise resolve the host and block private, loopback, link-local and metadata addresses on every redirect.',
      'Fetch through an egress proxy that enforces the block list, and disable redirects or re-check each hop.',
      'Require IMDSv2 (or the platform equivalent) so metadata cannot be read with a simple GET.',
    ],
    cwe: ['CWE-918'],
    capec: ['CAPEC-664'],
    references: [cheatSheet('Server_Side_Request_Forgery_Prevention')],
    applies: ({ element: { attributes: a } }) => a.fetchesUrls === true,
  },
  {
    id: 'TM-I-009',
    title: 'XML external entities read local files',
    stride: 'information-disclosure',
    severity: 'high',
    target: 'element',
    elementTypes: ['process'],
    description:
      'The process `parsesXml: true` and takes input directly from the internet or an ' +
      'external entity: a document declaring external entities can make the parser read ' +
      'local files, reach internal URLs, or expand entities until memory runs out.',
    mitigations: [
      'Disable DTDs and external entity resolution in every XML parser the process uses.',
      'Prefer JSON where the format is yours to choose.',
      'Limit document size and entity expansion.',
    ],
    cwe: ['CWE-611', 'CWE-776'],
    capec: ['CAPEC-221'],
    references: [cheatSheet('XML_External_Entity_Prevention')],
    applies: (view) => view.element.attributes.parsesXml === true && isExposed(view),
  },
  {
    id: 'TM-I-010',
    title: 'Personal or confidential data disclosed to a third party',
    stride: 'information-disclosure',
    severity: 'medium',
    target: 'flow',
    description:
      'The flow sends `pii`, or data classified `confidential` or `restricted`, to a ' +
      '`thirdParty` element: the data leaves your control, and its protection now depends on ' +
      'the provider’s security, retention and sub-processors.',
    mitigations: [
      'Send only the fields the provider needs; pseudonymise or tokenise identifiers.',
      'Have a data-processing agreement and review the provider’s security attestations.',
      'Encrypt fields the provider only stores, with keys you hold.',
    ],
    cwe: ['CWE-359', 'CWE-200'],
    capec: [],
    references: [cheatSheet('User_Privacy_Protection')],
    applies: ({ flow, target }) =>
      target.attributes.thirdParty === true &&
      (isSensitive(flow.dataClassification) || carries(flow, 'pii')),
  },
  {
    id: 'TM-I-011',
    title: 'Data store reachable from the internet',
    stride: 'information-disclosure',
    severity: 'high',
    target: 'element',
    elementTypes: ['data-store'],
    description:
      'The data store is `internetFacing: true`: internet-wide scanners find exposed ' +
      'databases, caches and buckets within hours, and a single weak credential, unpatched ' +
      'flaw or permissive policy then exposes all of its data.',
    mitigations: [
      'Place the data store on a private network and reach it only through application processes.',
      'Block public access at the account level (public-access blocks, firewall default deny).',
      'Continuously check configuration for public exposure (IaC scanning, cloud posture checks).',
    ],
    cwe: ['CWE-668'],
    capec: ['CAPEC-169'],
    references: [cheatSheet('Database_Security'), cheatSheet('Secure_Cloud_Architecture')],
    applies: ({ element: { attributes: a } }) => a.internetFacing === true,
  },
];
