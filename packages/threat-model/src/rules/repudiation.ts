import type { ThreatRule } from '../types.js';
import {
  carries,
  cheatSheet,
  handles,
  holdsSensitiveData,
  isExposed,
  isSensitive,
} from './conditions.js';

/** Repudiation: someone can deny having done something, and the system cannot show otherwise. */
export const REPUDIATION_RULES: readonly ThreatRule[] = [
  {
    id: 'TM-R-001',
    title: 'Security decisions are not logged',
    stride: 'repudiation',
    severity: 'medium',
    target: 'element',
    elementTypes: ['process'],
    description:
      'The process authenticates or authorises callers (`authenticates: true` or ' +
      '`authorizes: true`) but states `logsSecurityEvents: false`: logins, failed attempts and ' +
      'denied actions leave no record, so attacks go unnoticed and users can deny what they did.',
    mitigations: [
      'Log authentication successes and failures, authorisation denials and permission changes with who, what, when and from where.',
      'Ship the logs off the host to a central store the process cannot modify.',
      'Alert on patterns that matter (bursts of failures, logins from new countries, privilege grants).',
    ],
    cwe: ['CWE-778', 'CWE-223'],
    capec: ['CAPEC-268'],
    references: [cheatSheet('Logging'), cheatSheet('Logging_Vocabulary')],
    applies: ({ element: { attributes: a } }) =>
      a.logsSecurityEvents === false && (a.authenticates === true || a.authorizes === true),
  },
  {
    id: 'TM-R-002',
    title: 'Changes to sensitive data cannot be traced',
    stride: 'repudiation',
    severity: 'medium',
    target: 'element',
    elementTypes: ['data-store'],
    description:
      'The data store holds `confidential` or `restricted` data (stated on it or on its flows) ' +
      'and states `hasAuditTrail: false`: nobody can tell who read or changed a record, or ' +
      'when, so misuse by insiders or compromised accounts cannot be investigated or proven.',
    mitigations: [
      'Enable the data store’s audit logging (e.g. pgaudit, cloud data-access logs) for reads and writes of sensitive tables.',
      'Record the acting user, not only the service account, in change history (application-level audit columns or events).',
      'Keep audit records append-only and outside the reach of the application’s credentials.',
    ],
    cwe: ['CWE-778', 'CWE-223'],
    capec: ['CAPEC-268'],
    references: [cheatSheet('Logging'), cheatSheet('Database_Security')],
    applies: (view) => view.element.attributes.hasAuditTrail === false && holdsSensitiveData(view),
  },
  {
    id: 'TM-R-003',
    title: 'Forged entries injected into security logs',
    stride: 'repudiation',
    severity: 'medium',
    target: 'element',
    elementTypes: ['process'],
    description:
      'The process logs security events (`logsSecurityEvents: true`) from input that comes ' +
      'directly from the internet or an external entity, and states `validatesInput: false`: ' +
      'newlines or control characters in that input can forge log lines, hide real ones, or ' +
      'attack the tools that read the logs.',
    mitigations: [
      'Log structured events (JSON) so input lands in fields and cannot start a new entry.',
      'Encode or strip CR/LF and control characters from untrusted values before logging them.',
      'Cap the length of logged values.',
    ],
    cwe: ['CWE-117'],
    capec: ['CAPEC-93'],
    references: [cheatSheet('Logging')],
    applies: (view) =>
      view.element.attributes.logsSecurityEvents === true &&
      view.element.attributes.validatesInput === false &&
      isExposed(view),
  },
  {
    id: 'TM-R-004',
    title: 'Administrative actions leave no audit trail',
    stride: 'repudiation',
    severity: 'high',
    target: 'element',
    elementTypes: ['process'],
    description:
      'The process is an administrative interface (`isAdminInterface: true`) and states ' +
      '`hasAuditTrail: false`: role grants, configuration changes and data exports cannot be ' +
      'attributed to the administrator who made them, and a malicious or compromised admin ' +
      'leaves no evidence.',
    mitigations: [
      'Write a tamper-evident audit record for every administrative action (actor, action, target, before/after, time).',
      'Store audit records where administrators of the interface cannot delete them (separate account, WORM storage).',
      'Review administrative audit events regularly and alert on sensitive ones.',
    ],
    cwe: ['CWE-778'],
    capec: ['CAPEC-268'],
    references: [cheatSheet('Logging')],
    applies: ({ element: { attributes: a } }) =>
      a.isAdminInterface === true && a.hasAuditTrail === false,
  },
  {
    id: 'TM-R-005',
    title: 'Payments can be disputed with no record to show',
    stride: 'repudiation',
    severity: 'high',
    target: 'element',
    elementTypes: ['process'],
    description:
      'The process handles `payment` data (on an inbound or outbound flow) and states ' +
      '`hasAuditTrail: false`: when a customer, merchant or insider denies a transaction, ' +
      'there is no tamper-evident record of who initiated it and what was approved.',
    mitigations: [
      'Record every payment state change in an append-only ledger with the actor, amounts and idempotency key.',
      'Keep the provider’s signed confirmations alongside your own records.',
      'Reconcile your records with the provider’s daily and investigate differences.',
    ],
    cwe: ['CWE-778', 'CWE-223'],
    capec: ['CAPEC-268'],
    references: [cheatSheet('Logging'), cheatSheet('Transaction_Authorization')],
    applies: (view) =>
      view.element.attributes.hasAuditTrail === false &&
      view.element.attributes.isAdminInterface !== true &&
      handles(view, 'payment'),
  },
  {
    id: 'TM-R-006',
    title: 'Sensitive data shared with a third party without a record',
    stride: 'repudiation',
    severity: 'medium',
    target: 'flow',
    description:
      'The flow sends `confidential` or `restricted` data to a `thirdParty` element from an ' +
      'element that states `hasAuditTrail: false`: you cannot show what was shared, when and ' +
      'why, which data-protection law and customers may require. (Payment flows are covered ' +
      'by TM-R-005.)',
    mitigations: [
      'Record each disclosure (what, to whom, legal basis, time) in an audit trail at the sender.',
      'Keep the provider’s acknowledgements and processing agreements with the records.',
      'Minimise what is shared so there is less to account for.',
    ],
    cwe: ['CWE-778'],
    capec: [],
    references: [cheatSheet('User_Privacy_Protection'), cheatSheet('Logging')],
    applies: ({ flow, source, target }) =>
      target.attributes.thirdParty === true &&
      isSensitive(flow.dataClassification) &&
      source.attributes.hasAuditTrail === false &&
      !carries(flow, 'payment'),
  },
  {
    id: 'TM-R-007',
    title: 'Audited changes arrive on an unauthenticated flow',
    stride: 'repudiation',
    severity: 'low',
    target: 'flow',
    description:
      'The flow states `authenticated: false` and goes to an element that keeps an audit ' +
      'trail (`hasAuditTrail: true`): the trail records that something changed but not a ' +
      'verified actor, so the record cannot hold anyone to account.',
    mitigations: [
      'Authenticate the flow so the audit trail can record a verified identity.',
      'Propagate the end user’s identity (signed token) through intermediaries, not only the service identity.',
      'Mark audit entries from unauthenticated sources as such so reviewers do not over-trust them.',
    ],
    cwe: ['CWE-223'],
    capec: [],
    references: [cheatSheet('Logging')],
    applies: ({ flow, target }) =>
      flow.authenticated === false && target.attributes.hasAuditTrail === true,
  },
];
