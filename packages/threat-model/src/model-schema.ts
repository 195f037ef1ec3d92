import { z } from 'zod';

/** The kinds of element in a data-flow diagram. */
export const ELEMENT_TYPES = ['external-entity', 'process', 'data-store'] as const;
/** One of {@link ELEMENT_TYPES}. */
export type ElementType = (typeof ELEMENT_TYPES)[number];

/** How sensitive data is, least to most. */
export const CLASSIFICATIONS = ['public', 'internal', 'confidential', 'restricted'] as const;
/** One of {@link CLASSIFICATIONS}. */
export type Classification = (typeof CLASSIFICATIONS)[number];

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'an id: lower-case letters, digits, - and _ (at most 64)');

/**
 * What an element is and does. Every attribute is optional: a rule treats an attribute the
 * model does not state as unknown, and only conditions on what is stated (a rule that needs
 * "does not authenticate" fires on `authenticates: false`, not on silence), so a sketchy
 * model gives few threats and a precise one gives the right ones.
 */
export const ElementAttributesSchema = z.strictObject({
  /** Reachable from the internet. */
  internetFacing: z.boolean().optional(),
  /** Verifies who calls it (users or services). */
  authenticates: z.boolean().optional(),
  /** Checks what an authenticated caller may do. */
  authorizes: z.boolean().optional(),
  /** Uses multi-factor authentication for people. */
  mfa: z.boolean().optional(),
  /** Validates input (types, lengths, allow-lists) before use. */
  validatesInput: z.boolean().optional(),
  /** Encodes output for its context (HTML, SQL, shell). */
  encodesOutput: z.boolean().optional(),
  /** Builds database queries with parameters only. */
  usesParameterizedQueries: z.boolean().optional(),
  /** Runs commands or interprets code built from input. */
  executesCommands: z.boolean().optional(),
  /** Parses XML. */
  parsesXml: z.boolean().optional(),
  /** Deserialises objects from untrusted data (pickle, Java serialization, YAML tags). */
  deserializesUntrustedData: z.boolean().optional(),
  /** Fetches URLs that callers influence (webhooks, previews, imports). */
  fetchesUrls: z.boolean().optional(),
  /** Accepts file uploads. */
  acceptsUploads: z.boolean().optional(),
  /** Serves a web UI to browsers. */
  servesWebUi: z.boolean().optional(),
  /** Uses session cookies. */
  usesCookies: z.boolean().optional(),
  /** Protects state-changing browser requests against CSRF. */
  csrfProtection: z.boolean().optional(),
  /** Limits request rates per caller. */
  rateLimited: z.boolean().optional(),
  /** Holds or uses secrets (keys, tokens, passwords). */
  handlesSecrets: z.boolean().optional(),
  /** Keeps secrets in a secret manager rather than code or config files. */
  usesSecretManager: z.boolean().optional(),
  /** Stores credentials (passwords, tokens) of users. */
  storesCredentials: z.boolean().optional(),
  /** Hashes stored passwords with a slow, salted KDF (argon2id, scrypt, bcrypt). */
  hashesPasswords: z.boolean().optional(),
  /** Encrypts its data at rest. */
  encryptsAtRest: z.boolean().optional(),
  /** Logs security events (logins, permission changes, failures). */
  logsSecurityEvents: z.boolean().optional(),
  /** Keeps a tamper-evident audit trail of changes. */
  hasAuditTrail: z.boolean().optional(),
  /** Its logs may contain sensitive data (tokens, personal data) unless filtered. */
  logsSensitiveData: z.boolean().optional(),
  /** Returns detailed errors (stack traces) to callers. */
  exposesErrorDetails: z.boolean().optional(),
  /** Runs with administrative rights (root, cluster-admin). */
  runsPrivileged: z.boolean().optional(),
  /** Is an administrative interface. */
  isAdminInterface: z.boolean().optional(),
  /** Is hardened (minimal image, patched, least privilege). */
  hardened: z.boolean().optional(),
  /** Its data is backed up and the restore is tested. */
  backedUp: z.boolean().optional(),
  /** Runs as more than one instance, so one failure does not stop it. */
  redundant: z.boolean().optional(),
  /** Third-party code or service outside the organisation's control. */
  thirdParty: z.boolean().optional(),
  /** Its dependencies are scanned (SCA) and kept up to date. */
  dependenciesScanned: z.boolean().optional(),
  /** Is a message queue or event stream. */
  isQueue: z.boolean().optional(),
  /** The most sensitive data it holds or handles. */
  dataClassification: z.enum(CLASSIFICATIONS).optional(),
});
/** What an element is and does. */
export type ElementAttributes = z.infer<typeof ElementAttributesSchema>;

/** An external entity, a process or a data store. */
export const ElementSchema = z.strictObject({
  id,
  type: z.enum(ELEMENT_TYPES),
  name: z.string().min(1).max(200),
  description: z.string().max(2000).optional(),
  attributes: ElementAttributesSchema.default({}),
});
/** An element of the model. */
export type Element = z.infer<typeof ElementSchema>;

/** Data moving between two elements. */
export const FlowSchema = z.strictObject({
  id,
  from: id,
  to: id,
  name: z.string().min(1).max(200).optional(),
  /** e.g. https, http, grpc, amqp, sql, smtp, ssh, file. */
  protocol: z.string().min(1).max(40).optional(),
  /** The receiver verifies the sender. */
  authenticated: z.boolean().optional(),
  /** Encrypted in transit (TLS or equivalent). */
  encrypted: z.boolean().optional(),
  /** Integrity protected (signed, MAC, TLS). */
  integrityProtected: z.boolean().optional(),
  /** What it carries: free words; `credentials`, `tokens`, `pii`, `payment` and `secrets` are understood by the rules. */
  data: z.array(z.string().min(1).max(60)).default([]),
  /** The most sensitive data it carries. */
  dataClassification: z.enum(CLASSIFICATIONS).optional(),
});
/** A data flow of the model. */
export type Flow = z.infer<typeof FlowSchema>;

/** A trust boundary: the elements inside it. */
export const BoundarySchema = z.strictObject({
  id,
  name: z.string().min(1).max(200),
  elements: z.array(id).min(1),
});
/** A trust boundary of the model. */
export type Boundary = z.infer<typeof BoundarySchema>;

/** What the team decided about one generated threat. */
export const ThreatDecisionSchema = z.discriminatedUnion('status', [
  z.strictObject({ status: z.literal('mitigated'), evidence: z.string().min(1).max(2000) }),
  z.strictObject({ status: z.literal('accepted'), reason: z.string().min(1).max(2000) }),
  z.strictObject({ status: z.literal('open'), note: z.string().max(2000).optional() }),
]);
/** A decision about one threat. */
export type ThreatDecision = z.infer<typeof ThreatDecisionSchema>;

/** The `threatmodel.yml` document. */
export const ThreatModelSchema = z.strictObject({
  $schema: z.string().optional(),
  version: z.literal(1),
  name: z.string().min(1).max(200),
  description: z.string().max(5000).optional(),
  elements: z.array(ElementSchema).min(1),
  flows: z.array(FlowSchema).default([]),
  boundaries: z.array(BoundarySchema).default([]),
  /** Decisions by threat id (`<rule id>@<element or flow id>`). */
  threats: z.record(z.string(), ThreatDecisionSchema).default({}),
});
/** A threat model as written. */
export type ThreatModel = z.infer<typeof ThreatModelSchema>;
