import type { ThreatRule } from '../types.js';
import { cheatSheet, isExposed } from './conditions.js';

/** Protocols whose flows address files by path, where a crafted name can escape a folder. */
const FILE_PROTOCOLS: ReadonlySet<string> = new Set(['file', 'nfs', 'smb', 'ftp', 'sftp']);

/** Tampering: data or code is changed by someone who should not be able to change it. */
export const TAMPERING_RULES: readonly ThreatRule[] = [
  {
    id: 'TM-T-001',
    title: 'SQL injection through queries built from strings',
    stride: 'tampering',
    severity: 'critical',
    target: 'element',
    elementTypes: ['process'],
    description:
      'The process has a flow to a data store and states `usesParameterizedQueries: false`: ' +
      'input concatenated into a query can change the query itself, letting an attacker read, ' +
      'modify or delete any row the process’s database account can reach.',
    mitigations: [
      'Use parameterised queries or a query builder/ORM that binds values, for every query.',
      'Give the process a database account with only the privileges it needs (no DDL, no other schemas).',
      'Allow-list identifiers that cannot be parameterised (sort columns, table names).',
    ],
    cwe: ['CWE-89'],
    capec: ['CAPEC-66'],
    references: [cheatSheet('SQL_Injection_Prevention'), cheatSheet('Query_Parameterization')],
    applies: ({ element: { attributes: a }, outbound }) =>
      a.usesParameterizedQueries === false && outbound.some((f) => f.target.type === 'data-store'),
  },
  {
    id: 'TM-T-002',
    title: 'Command or code injection from untrusted input',
    stride: 'tampering',
    severity: 'critical',
    target: 'element',
    elementTypes: ['process'],
    description:
      'The process `executesCommands: true` and takes input directly from the internet or an ' +
      'external entity, without stating `validatesInput: true`: shell metacharacters or code ' +
      'fragments in that input can run arbitrary commands with the process’s rights.',
    mitigations: [
      'Call programs with an argument array (no shell) and never `eval` or template code from input.',
      'Allow-list the commands and argument values that may be used; reject everything else.',
      'Run the command in a sandbox with no network and a read-only file system.',
    ],
    cwe: ['CWE-78', 'CWE-94'],
    capec: ['CAPEC-88', 'CAPEC-242'],
    references: [cheatSheet('OS_Command_Injection_Defense'), cheatSheet('Injection_Prevention')],
    applies: (view) =>
      view.element.attributes.executesCommands === true &&
      view.element.attributes.validatesInput !== true &&
      isExposed(view),
  },
  {
    id: 'TM-T-003',
    title: 'Cross-site scripting in the web UI',
    stride: 'tampering',
    severity: 'high',
    target: 'element',
    elementTypes: ['process'],
    description:
      'The process serves a web UI (`servesWebUi: true`) and states `encodesOutput: false`: ' +
      'data an attacker stored or put in a link is rendered as HTML or script, runs in other ' +
      'users’ browsers, and can change the page, steal data or act as the user.',
    mitigations: [
      'Use a template engine or framework that encodes output by context by default, and ban raw-HTML escapes in review.',
      'Sanitise user-supplied HTML with a maintained sanitiser (DOMPurify) when rich text is required.',
      'Add a strict Content-Security-Policy (nonces, no `unsafe-inline`) as defence in depth.',
    ],
    cwe: ['CWE-79'],
    capec: ['CAPEC-63', 'CAPEC-592'],
    references: [
      cheatSheet('Cross_Site_Scripting_Prevention'),
      cheatSheet('Content_Security_Policy'),
    ],
    applies: ({ element: { attributes: a } }) =>
      a.servesWebUi === true && a.encodesOutput === false,
  },
  {
    id: 'TM-T-004',
    title: 'Deserialising untrusted data builds attacker-chosen objects',
    stride: 'tampering',
    severity: 'critical',
    target: 'element',
    elementTypes: ['process'],
    description:
      'The process `deserializesUntrustedData: true` (pickle, Java serialization, YAML tags, ' +
      '.NET BinaryFormatter): a crafted payload can instantiate arbitrary types, which commonly ' +
      'leads to remote code execution or tampered application state.',
    mitigations: [
      'Exchange plain data (JSON, protobuf) and map it to types explicitly instead of native object serialisation.',
      'If native deserialisation is unavoidable, allow-list the classes and sign the payload (HMAC) before deserialising.',
      'Use safe loaders (`yaml.safe_load`, `SafeLoader`) that do not construct arbitrary types.',
    ],
    cwe: ['CWE-502'],
    capec: ['CAPEC-586'],
    references: [cheatSheet('Deserialization')],
    applies: ({ element: { attributes: a } }) => a.deserializesUntrustedData === true,
  },
  {
    id: 'TM-T-005',
    title: 'Unrestricted file upload',
    stride: 'tampering',
    severity: 'high',
    target: 'element',
    elementTypes: ['process'],
    description:
      'The process `acceptsUploads: true` and states `validatesInput: false`: an attacker can ' +
      'upload files of any type, name and content, such as a web shell, an HTML page served ' +
      'from your origin or a file that overwrites another.',
    mitigations: [
      'Allow-list extensions and verify content types by inspecting the file, not the client-supplied header.',
      'Store uploads outside the web root under generated names, and serve them with `Content-Disposition: attachment`.',
      'Scan uploads for malware and limit their size.',
    ],
    cwe: ['CWE-434'],
    capec: ['CAPEC-650', 'CAPEC-17'],
    references: [cheatSheet('File_Upload')],
    applies: ({ element: { attributes: a } }) =>
      a.acceptsUploads === true && a.validatesInput === false,
  },
  {
    id: 'TM-T-006',
    title: 'Path traversal into the file system',
    stride: 'tampering',
    severity: 'high',
    target: 'element',
    elementTypes: ['process'],
    description:
      'The process takes input directly from the internet or an external entity, states ' +
      '`validatesInput: false`, and reads or writes files (an outbound flow over `file`, `nfs`, ' +
      '`smb`, `ftp` or `sftp`): names like `../../etc/passwd` can reach files outside the ' +
      'intended folder.',
    mitigations: [
      'Never build paths from input; map input to server-side ids or generated file names.',
      'When a name must be used, canonicalise the path and check it is still inside the base folder.',
      'Run the process with access to its own folder only (read-only where possible).',
    ],
    cwe: ['CWE-22'],
    capec: ['CAPEC-126'],
    references: [
      'https://owasp.org/www-community/attacks/Path_Traversal',
      cheatSheet('Input_Validation'),
    ],
    applies: (view) =>
      view.element.attributes.validatesInput === false &&
      isExposed(view) &&
      view.outbound.some((f) => FILE_PROTOCOLS.has(f.flow.protocol?.toLowerCase() ?? '')),
  },
  {
    id: 'TM-T-007',
    title: 'Data modified in transit across a trust boundary',
    stride: 'tampering',
    severity: 'high',
    target: 'flow',
    description:
      'The flow crosses a trust boundary and either states `integrityProtected: false`, or ' +
      'states `encrypted: false` without stating `integrityProtected: true`: an on-path ' +
      'attacker can change messages (amounts, recipients, commands) and the receiver cannot tell.',
    mitigations: [
      'Use TLS (or mTLS) for the flow, which protects integrity as well as confidentiality.',
      'Sign or MAC messages end to end when they pass through intermediaries (queues, proxies).',
      'Reject messages whose signature or MAC does not verify, and alert on it.',
    ],
    cwe: ['CWE-924', 'CWE-345'],
    capec: ['CAPEC-94', 'CAPEC-384'],
    references: [cheatSheet('Transport_Layer_Security')],
    applies: ({ flow, crossesBoundary }) =>
      crossesBoundary &&
      (flow.integrityProtected === false ||
        (flow.encrypted === false && flow.integrityProtected !== true)),
  },
  {
    id: 'TM-T-008',
    title: 'Poisoned messages from a queue are processed unchecked',
    stride: 'tampering',
    severity: 'medium',
    target: 'element',
    elementTypes: ['process'],
    description:
      'The process consumes from a queue (an inbound flow from an element with `isQueue: true`) ' +
      'and states `validatesInput: false`: any producer that can publish to the queue, or ' +
      'anyone who compromises one, can feed it malformed or malicious messages.',
    mitigations: [
      'Validate every message against a schema before acting on it, and move invalid ones to a dead-letter queue.',
      'Restrict who may publish to the queue (per-producer credentials and topic ACLs).',
      'Sign messages at the producer and verify the signature in the consumer.',
    ],
    cwe: ['CWE-20', 'CWE-345'],
    capec: ['CAPEC-153'],
    references: [cheatSheet('Input_Validation')],
    applies: ({ element: { attributes: a }, inbound }) =>
      a.validatesInput === false && inbound.some((f) => f.source.attributes.isQueue === true),
  },
  {
    id: 'TM-T-009',
    title: 'Vulnerable or malicious dependency in the build',
    stride: 'tampering',
    severity: 'medium',
    target: 'element',
    elementTypes: ['process'],
    description:
      'The process states `dependenciesScanned: false`: known-vulnerable, abandoned or ' +
      'hijacked packages in its dependency tree go unnoticed, and their code runs with the ' +
      'process’s rights.',
    mitigations: [
      'Scan dependencies (SCA) in CI and fail on known-exploitable vulnerabilities.',
      'Pin versions with a lockfile and verify integrity hashes; review new dependencies before adding them.',
      'Keep dependencies current with automated update pull requests.',
    ],
    cwe: ['CWE-1395', 'CWE-1104'],
    capec: ['CAPEC-538'],
    references: [
      cheatSheet('Vulnerable_Dependency_Management'),
      cheatSheet('Software_Supply_Chain_Security'),
    ],
    applies: ({ element: { attributes: a } }) => a.dependenciesScanned === false,
  },
  {
    id: 'TM-T-010',
    title: 'External entity writes straight into a data store',
    stride: 'tampering',
    severity: 'high',
    target: 'flow',
    description:
      'The flow goes from an `external-entity` directly to a `data-store`, with no process of ' +
      'ours in between: whatever checks the application makes are bypassed, and the data ' +
      'store holds whatever the external party chooses to write. This rule fires on the ' +
      'element types alone: the shape of the diagram is the finding.',
    mitigations: [
      'Route writes through a process that authenticates, authorises and validates them.',
      'If direct upload is intended (pre-signed URLs), scope each grant to one object, a size limit and a short expiry, and validate the object before use.',
      'Treat everything in this data store as untrusted input wherever it is read.',
    ],
    cwe: ['CWE-602', 'CWE-284'],
    capec: ['CAPEC-207'],
    references: [cheatSheet('Authorization')],
    applies: ({ source, target }) =>
      source.type === 'external-entity' && target.type === 'data-store',
  },
];
