import { boundary, entity, flow, type ModelInput, proc, store } from './rules-test-support.js';

/**
 * One case per rule: `model(true)` must give the threat on `target`, and `model(false)`, the
 * same model with one stated value changed, must not. Building both from one function keeps
 * the pair near-identical by construction.
 */
export interface RuleCase {
  /** The element or flow id the rule is checked on. */
  readonly target: string;
  readonly model: (fires: boolean) => ModelInput;
}

/** The cases, by rule id. `rules.test.ts` fails when a rule has none. */
export const RULE_CASES: Readonly<Record<string, RuleCase>> = {
  // Spoofing
  'TM-S-001': {
    target: 'api',
    model: (on) => ({ elements: [proc('api', { internetFacing: true, authenticates: !on })] }),
  },
  'TM-S-002': {
    target: 'api-db',
    model: (on) => ({
      elements: [proc('api'), store('db')],
      flows: [flow('api', 'db', { authenticated: !on })],
      boundaries: [boundary('app', ['api'])],
    }),
  },
  'TM-S-003': {
    target: 'admin',
    model: (on) => ({ elements: [proc('admin', { isAdminInterface: true, mfa: !on })] }),
  },
  'TM-S-004': {
    target: 'login',
    model: (on) => ({
      elements: [entity('user'), proc('login', { rateLimited: !on })],
      flows: [flow('user', 'login', { data: ['credentials'] })],
    }),
  },
  'TM-S-005': {
    target: 'user-web',
    model: (on) => ({
      elements: [entity('user'), proc('web')],
      flows: [flow('user', 'web', { data: ['tokens'], encrypted: !on })],
    }),
  },
  'TM-S-006': {
    target: 'psp-api',
    model: (on) => ({
      elements: [entity('psp', { thirdParty: true }), proc('api')],
      flows: [flow('psp', 'api', { authenticated: !on })],
    }),
  },
  'TM-S-007': {
    target: 'web',
    model: (on) => ({
      elements: [proc('web', { servesWebUi: true, usesCookies: true, csrfProtection: !on })],
    }),
  },
  'TM-S-008': {
    target: 'db',
    model: (on) => ({ elements: [store('db', { authenticates: !on })] }),
  },
  'TM-S-009': {
    target: 'api-mailer',
    model: (on) => ({
      elements: [proc('api'), entity('mailer', { thirdParty: true })],
      flows: [flow('api', 'mailer', { encrypted: !on })],
    }),
  },
  'TM-S-010': {
    target: 'app',
    model: (on) => ({
      elements: [entity('user'), proc('app', { mfa: !on })],
      flows: [flow('user', 'app', { data: ['credentials'] })],
    }),
  },
  // Tampering
  'TM-T-001': {
    target: 'api',
    model: (on) => ({
      elements: [proc('api', { usesParameterizedQueries: !on }), store('db')],
      flows: [flow('api', 'db', { protocol: 'sql' })],
    }),
  },
  'TM-T-002': {
    target: 'runner',
    model: (on) => ({
      elements: [entity('user'), proc('runner', { executesCommands: true, validatesInput: !on })],
      flows: [flow('user', 'runner')],
    }),
  },
  'TM-T-003': {
    target: 'web',
    model: (on) => ({ elements: [proc('web', { servesWebUi: true, encodesOutput: !on })] }),
  },
  'TM-T-004': {
    target: 'worker',
    model: (on) => ({ elements: [proc('worker', { deserializesUntrustedData: on })] }),
  },
  'TM-T-005': {
    target: 'files',
    model: (on) => ({ elements: [proc('files', { acceptsUploads: true, validatesInput: !on })] }),
  },
  'TM-T-006': {
    target: 'files',
    model: (on) => ({
      elements: [entity('user'), proc('files', { validatesInput: !on }), store('disk')],
      flows: [flow('user', 'files'), flow('files', 'disk', { protocol: 'file' })],
    }),
  },
  'TM-T-007': {
    target: 'partner-api',
    model: (on) => ({
      elements: [entity('partner'), proc('api')],
      flows: [flow('partner', 'api', { encrypted: !on })],
      boundaries: [boundary('app', ['api'])],
    }),
  },
  'TM-T-008': {
    target: 'consumer',
    model: (on) => ({
      elements: [store('events', { isQueue: true }), proc('consumer', { validatesInput: !on })],
      flows: [flow('events', 'consumer', { protocol: 'amqp' })],
    }),
  },
  'TM-T-009': {
    target: 'api',
    model: (on) => ({ elements: [proc('api', { dependenciesScanned: !on })] }),
  },
  'TM-T-010': {
    target: 'upload',
    model: (on) => ({
      elements: [entity('user'), proc('api'), store('bucket')],
      flows: [flow(on ? 'user' : 'api', 'bucket', { id: 'upload' })],
    }),
  },
  // Repudiation
  'TM-R-001': {
    target: 'api',
    model: (on) => ({
      elements: [proc('api', { authenticates: true, logsSecurityEvents: !on })],
    }),
  },
  'TM-R-002': {
    target: 'db',
    model: (on) => ({
      elements: [store('db', { dataClassification: 'restricted', hasAuditTrail: !on })],
    }),
  },
  'TM-R-003': {
    target: 'api',
    model: (on) => ({
      elements: [entity('user'), proc('api', { logsSecurityEvents: true, validatesInput: !on })],
      flows: [flow('user', 'api')],
    }),
  },
  'TM-R-004': {
    target: 'admin',
    model: (on) => ({
      elements: [proc('admin', { isAdminInterface: true, hasAuditTrail: !on })],
    }),
  },
  'TM-R-005': {
    target: 'checkout',
    model: (on) => ({
      elements: [proc('checkout', { hasAuditTrail: !on }), entity('psp', { thirdParty: true })],
      flows: [flow('checkout', 'psp', { data: ['payment'] })],
    }),
  },
  'TM-R-006': {
    target: 'crm-analytics',
    model: (on) => ({
      elements: [proc('crm', { hasAuditTrail: !on }), entity('analytics', { thirdParty: true })],
      flows: [flow('crm', 'analytics', { dataClassification: 'confidential' })],
    }),
  },
  'TM-R-007': {
    target: 'api-ledger',
    model: (on) => ({
      elements: [proc('api'), store('ledger', { hasAuditTrail: true })],
      flows: [flow('api', 'ledger', { authenticated: !on })],
    }),
  },
  // Information disclosure
  'TM-I-001': {
    target: 'api-db',
    model: (on) => ({
      elements: [proc('api'), store('db')],
      flows: [flow('api', 'db', { data: ['credentials'], encrypted: !on })],
    }),
  },
  'TM-I-002': {
    target: 'api-db',
    model: (on) => ({
      elements: [proc('api'), store('db')],
      flows: [flow('api', 'db', { data: ['pii'], encrypted: !on })],
    }),
  },
  'TM-I-003': {
    target: 'db',
    model: (on) => ({
      elements: [store('db', { dataClassification: 'confidential', encryptsAtRest: !on })],
    }),
  },
  'TM-I-004': {
    target: 'users',
    model: (on) => ({
      elements: [store('users', { storesCredentials: true, hashesPasswords: !on })],
    }),
  },
  'TM-I-005': {
    target: 'api',
    model: (on) => ({
      elements: [proc('api', { handlesSecrets: true, usesSecretManager: !on })],
    }),
  },
  'TM-I-006': {
    target: 'api',
    model: (on) => ({
      elements: [entity('user'), proc('api', { exposesErrorDetails: on })],
      flows: [flow('user', 'api')],
    }),
  },
  'TM-I-007': {
    target: 'api',
    model: (on) => ({ elements: [proc('api', { logsSensitiveData: on })] }),
  },
  'TM-I-008': {
    target: 'previewer',
    model: (on) => ({ elements: [proc('previewer', { fetchesUrls: on })] }),
  },
  'TM-I-009': {
    target: 'importer',
    model: (on) => ({
      elements: [entity('partner'), proc('importer', { parsesXml: on })],
      flows: [flow('partner', 'importer')],
    }),
  },
  'TM-I-010': {
    target: 'crm-analytics',
    model: (on) => ({
      elements: [proc('crm'), entity('analytics', { thirdParty: on })],
      flows: [flow('crm', 'analytics', { data: ['pii'] })],
    }),
  },
  'TM-I-011': {
    target: 'db',
    model: (on) => ({ elements: [store('db', { internetFacing: on })] }),
  },
  // Denial of service
  'TM-D-001': {
    target: 'api',
    model: (on) => ({ elements: [proc('api', { internetFacing: true, rateLimited: !on })] }),
  },
  'TM-D-002': {
    target: 'api',
    model: (on) => ({
      elements: [entity('user'), proc('api', { redundant: !on })],
      flows: [flow('user', 'api')],
    }),
  },
  'TM-D-003': {
    target: 'db',
    model: (on) => ({ elements: [store('db', { backedUp: !on })] }),
  },
  'TM-D-004': {
    target: 'files',
    model: (on) => ({ elements: [proc('files', { acceptsUploads: true, rateLimited: !on })] }),
  },
  'TM-D-005': {
    target: 'events',
    model: (on) => ({ elements: [store('events', { isQueue: true, rateLimited: !on })] }),
  },
  'TM-D-006': {
    target: 'auth',
    model: (on) => ({ elements: [proc('auth', { hashesPasswords: true, rateLimited: !on })] }),
  },
  'TM-D-007': {
    target: 'previewer',
    model: (on) => ({ elements: [proc('previewer', { fetchesUrls: true, rateLimited: !on })] }),
  },
  // Elevation of privilege
  'TM-E-001': {
    target: 'api',
    model: (on) => ({ elements: [proc('api', { authenticates: true, authorizes: !on })] }),
  },
  'TM-E-002': {
    target: 'agent',
    model: (on) => ({
      elements: [entity('user'), proc('agent', { runsPrivileged: on })],
      flows: [flow('user', 'agent')],
    }),
  },
  'TM-E-003': {
    target: 'web',
    model: (on) => ({ elements: [proc('web', { internetFacing: true, hardened: !on })] }),
  },
  'TM-E-004': {
    target: 'admin',
    model: (on) => ({ elements: [proc('admin', { isAdminInterface: true, internetFacing: on })] }),
  },
  'TM-E-005': {
    target: 'agent',
    model: (on) => ({ elements: [proc('agent', { thirdParty: true, runsPrivileged: on })] }),
  },
  'TM-E-006': {
    target: 'db',
    model: (on) => ({ elements: [store('db', { authorizes: !on })] }),
  },
  'TM-E-007': {
    target: 'ci',
    model: (on) => ({ elements: [proc('ci', { executesCommands: true, runsPrivileged: on })] }),
  },
};
