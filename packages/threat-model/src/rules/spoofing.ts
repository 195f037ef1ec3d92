import type { ThreatRule } from '../types.js';
import { carries, cheatSheet, isThirdParty, receives } from './conditions.js';

/** Spoofing: someone or something pretends to be a user, a service or a server. */
export const SPOOFING_RULES: readonly ThreatRule[] = [
  {
    id: 'TM-S-001',
    title: 'Anyone on the internet can call an unauthenticated process',
    stride: 'spoofing',
    severity: 'high',
    target: 'element',
    elementTypes: ['process'],
    description:
      'The process is `internetFacing: true` and states `authenticates: false`: it cannot tell ' +
      'who is calling, so every caller on the internet can act as any user or service the ' +
      'process trusts, and everything it does on their behalf is unattributable.',
    mitigations: [
      'Require authentication (OIDC/OAuth 2 for people, mTLS or signed tokens for services) on every non-public route.',
      'Put the process behind an authenticating gateway or identity-aware proxy, and deny by default.',
      'If parts are meant to be public, split them into a separate process and model it on its own.',
    ],
    cwe: ['CWE-306'],
    capec: ['CAPEC-115'],
    references: [cheatSheet('Authentication')],
    applies: ({ element: { attributes: a } }) =>
      a.internetFacing === true && a.authenticates === false,
  },
  {
    id: 'TM-S-002',
    title: 'Unauthenticated flow crosses a trust boundary',
    stride: 'spoofing',
    severity: 'high',
    target: 'flow',
    description:
      'The flow crosses a trust boundary and states `authenticated: false`: the receiver takes ' +
      'the sender on trust, so anything able to reach the receiver from the less trusted side ' +
      'can send the same messages and be treated as the legitimate sender. (Flows from ' +
      '`thirdParty` senders are covered by TM-S-006.)',
    mitigations: [
      'Authenticate the sender on every call: mTLS with pinned client certificates, or short-lived signed service tokens verified by the receiver.',
      'Restrict who can reach the receiver at the network level (private networking, security groups, network policies) as a second layer.',
      'Reject messages whose sender identity does not match the one the flow is meant to come from.',
    ],
    cwe: ['CWE-287', 'CWE-290'],
    capec: ['CAPEC-151'],
    references: [cheatSheet('Microservices_Security'), cheatSheet('Authentication')],
    applies: ({ flow, source, target, crossesBoundary }) =>
      crossesBoundary &&
      flow.authenticated === false &&
      !isThirdParty(source) &&
      target.type !== 'external-entity',
  },
  {
    id: 'TM-S-003',
    title: 'Administrative interface accepts a password alone',
    stride: 'spoofing',
    severity: 'high',
    target: 'element',
    elementTypes: ['process'],
    description:
      'The process is an administrative interface (`isAdminInterface: true`) and states ' +
      '`mfa: false`: one phished, reused or guessed password gives an attacker full ' +
      'administrative control.',
    mitigations: [
      'Require phishing-resistant MFA (WebAuthn/passkeys or hardware keys) for every administrative login.',
      'Sign administrators in through the organisation identity provider so MFA and offboarding are enforced centrally.',
      'Re-authenticate with MFA before especially dangerous actions (granting roles, exporting data, deleting tenants).',
    ],
    cwe: ['CWE-308'],
    capec: ['CAPEC-560', 'CAPEC-600'],
    references: [cheatSheet('Multifactor_Authentication')],
    applies: ({ element: { attributes: a } }) => a.isAdminInterface === true && a.mfa === false,
  },
  {
    id: 'TM-S-004',
    title: 'Passwords can be guessed without limit',
    stride: 'spoofing',
    severity: 'high',
    target: 'element',
    elementTypes: ['process'],
    description:
      'The process receives `credentials` on an inbound flow and states `rateLimited: false`: ' +
      'an attacker can try passwords as fast as the process answers, and will eventually find ' +
      'weak or reused ones.',
    mitigations: [
      'Limit failed logins per account and per source (exponential back-off or temporary lockout), and alert on spikes.',
      'Check new passwords against breached-password lists and enforce a minimum length.',
      'Offer or require MFA so a guessed password alone is not enough.',
    ],
    cwe: ['CWE-307'],
    capec: ['CAPEC-49', 'CAPEC-16'],
    references: [cheatSheet('Authentication'), cheatSheet('Credential_Stuffing_Prevention')],
    applies: (view) =>
      view.element.attributes.rateLimited === false && receives(view, 'credentials'),
  },
  {
    id: 'TM-S-005',
    title: 'Session tokens travel in clear text and can be replayed',
    stride: 'spoofing',
    severity: 'high',
    target: 'flow',
    description:
      'The flow carries `tokens` and states `encrypted: false`: anyone on the network path ' +
      'can copy a session or bearer token and replay it to act as its owner until it expires.',
    mitigations: [
      'Send the flow over TLS only (HTTPS with HSTS for browsers); refuse plain-text connections.',
      'Mark session cookies `Secure`, `HttpOnly` and `SameSite`, and keep tokens short-lived.',
      'Bind tokens to the client (DPoP, mTLS-bound tokens) so a copied token is useless elsewhere.',
    ],
    cwe: ['CWE-294', 'CWE-319'],
    capec: ['CAPEC-593', 'CAPEC-60'],
    references: [cheatSheet('Session_Management'), cheatSheet('Transport_Layer_Security')],
    applies: ({ flow }) => flow.encrypted === false && carries(flow, 'tokens'),
  },
  {
    id: 'TM-S-006',
    title: 'Forged callbacks from a third-party service are accepted',
    stride: 'spoofing',
    severity: 'high',
    target: 'flow',
    description:
      'The flow comes from a `thirdParty` element into a process and states ' +
      '`authenticated: false`: anyone who knows the endpoint can send messages that look like ' +
      'the provider (payment confirmations, webhooks, identity assertions) and the process will act on them.',
    mitigations: [
      'Verify the provider signature (HMAC or public-key) on every message with a constant-time comparison, and reject unsigned ones.',
      'Reject stale or repeated messages using the signed timestamp and a nonce or event id.',
      'Confirm high-impact events by calling the provider API back before acting on them.',
    ],
    cwe: ['CWE-345', 'CWE-347'],
    capec: ['CAPEC-151', 'CAPEC-148'],
    references: [cheatSheet('Web_Service_Security')],
    applies: ({ flow, source, target }) =>
      isThirdParty(source) && target.type === 'process' && flow.authenticated === false,
  },
  {
    id: 'TM-S-007',
    title: 'Cross-site request forgery against a cookie-authenticated web UI',
    stride: 'spoofing',
    severity: 'high',
    target: 'element',
    elementTypes: ['process'],
    description:
      'The process serves a web UI (`servesWebUi: true`) with session cookies ' +
      '(`usesCookies: true`) and states `csrfProtection: false`: a page on another site can ' +
      'make a logged-in user’s browser send state-changing requests that the process ' +
      'accepts as the user’s own.',
    mitigations: [
      'Require a synchronizer or double-submit CSRF token on every state-changing request.',
      'Set session cookies `SameSite=Lax` or `Strict`, and verify `Origin`/`Sec-Fetch-Site` headers server-side.',
      'Never change state on GET requests.',
    ],
    cwe: ['CWE-352', 'CWE-1275'],
    capec: ['CAPEC-62'],
    references: [cheatSheet('Cross-Site_Request_Forgery_Prevention')],
    applies: ({ element: { attributes: a } }) =>
      a.servesWebUi === true && a.usesCookies === true && a.csrfProtection === false,
  },
  {
    id: 'TM-S-008',
    title: 'Data store accepts connections from any client',
    stride: 'spoofing',
    severity: 'high',
    target: 'element',
    elementTypes: ['data-store'],
    description:
      'The data store states `authenticates: false`: any process or host that can reach it on ' +
      'the network can connect as if it were the application and read or write what the ' +
      'application can.',
    mitigations: [
      'Enable authentication on the data store and give each client its own credential (or IAM/workload identity).',
      'Bind the data store to private networks only and allow-list the clients that may connect.',
      'Rotate client credentials and keep them in a secret manager.',
    ],
    cwe: ['CWE-306'],
    capec: ['CAPEC-115'],
    references: [cheatSheet('Database_Security')],
    applies: ({ element: { attributes: a } }) => a.authenticates === false,
  },
  {
    id: 'TM-S-009',
    title: 'An impostor can stand in for a third-party service',
    stride: 'spoofing',
    severity: 'medium',
    target: 'flow',
    description:
      'The flow goes to a `thirdParty` element and states `encrypted: false`: without TLS the ' +
      'sender cannot verify the server it reaches, so DNS spoofing or an on-path attacker can ' +
      'answer in the provider’s place, collect what is sent and return forged responses.',
    mitigations: [
      'Call the provider over TLS with certificate and hostname verification enabled (never disabled "for testing").',
      'Use the provider’s official SDK or endpoint list rather than configurable hosts.',
      'Treat responses as untrusted input and validate them before acting on them.',
    ],
    cwe: ['CWE-923', 'CWE-300'],
    capec: ['CAPEC-94', 'CAPEC-142'],
    references: [cheatSheet('Transport_Layer_Security'), cheatSheet('Pinning')],
    applies: ({ flow, target }) => isThirdParty(target) && flow.encrypted === false,
  },
  {
    id: 'TM-S-010',
    title: 'User accounts can be taken over with stolen passwords',
    stride: 'spoofing',
    severity: 'medium',
    target: 'element',
    elementTypes: ['process'],
    description:
      'The process receives `credentials` directly from an external entity and states ' +
      '`mfa: false`: passwords leaked elsewhere and reused by users (credential stuffing) or ' +
      'phished log an attacker straight in. (Administrative interfaces are covered by TM-S-003.)',
    mitigations: [
      'Offer MFA to all users and require it for sensitive accounts and actions.',
      'Detect credential stuffing: breached-password checks, device and IP reputation, login anomaly alerts.',
      'Notify users of new-device logins and let them revoke sessions.',
    ],
    cwe: ['CWE-308', 'CWE-1390'],
    capec: ['CAPEC-600', 'CAPEC-560'],
    references: [
      cheatSheet('Credential_Stuffing_Prevention'),
      cheatSheet('Multifactor_Authentication'),
    ],
    applies: ({ element: { attributes: a }, inbound }) =>
      a.mfa === false &&
      a.isAdminInterface !== true &&
      inbound.some((f) => f.source.type === 'external-entity' && carries(f.flow, 'credentials')),
  },
];
