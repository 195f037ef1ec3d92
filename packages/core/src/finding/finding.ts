import { z } from 'zod';
import { SeveritySchema } from './severity.js';

/** The scanner families. Importers map another tool's report to the family it belongs to. */
export const SCANNER_KINDS = ['sast', 'secrets', 'sca', 'iac', 'dast'] as const;
/** Runtime schema for {@link ScannerKind}. */
export const ScannerKindSchema = z.enum(SCANNER_KINDS);
/** One of {@link SCANNER_KINDS}. */
export type ScannerKind = z.infer<typeof ScannerKindSchema>;

/** How sure the rule is that a match is a real problem. */
export const ConfidenceSchema = z.enum(['high', 'medium', 'low']);
/** One of high, medium, low. */
export type Confidence = z.infer<typeof ConfidenceSchema>;

/** OWASP Top 10 (2021) category ids, A01:2021 … A10:2021. */
export const OwaspCategorySchema = z
  .string()
  .regex(/^A(0[1-9]|10):2021$/, 'an OWASP Top 10 2021 id such as A03:2021');

/** A CWE id written `CWE-<number>`. */
export const CweIdSchema = z.string().regex(/^CWE-[1-9][0-9]*$/, 'a CWE id such as CWE-79');

const line = z.number().int().min(1);
const column = z.number().int().min(1);

/**
 * A span of a text file. Lines and columns are 1-based; `endColumn` is exclusive
 * (the column after the last character), as in SARIF.
 */
export const RegionSchema = z.strictObject({
  startLine: line,
  startColumn: column,
  endLine: line,
  endColumn: column,
});
/** A span of a text file. */
export type Region = z.infer<typeof RegionSchema>;

/** A finding in a file: path relative to the scan root, with `/` separators. */
export const CodeLocationSchema = z.strictObject({
  kind: z.literal('code'),
  path: z.string().min(1),
  region: RegionSchema,
  /** The matched source lines, redacted for secrets, trimmed to a sane length. */
  snippet: z.string().optional(),
});

/** A vulnerable or otherwise notable package, where a manifest or lockfile brings it in. */
export const PackageLocationSchema = z.strictObject({
  kind: z.literal('package'),
  purl: z.string().min(1),
  ecosystem: z.string().min(1),
  name: z.string().min(1),
  version: z.string(),
  manifestPath: z.string().min(1),
  /** The manifest line that declares the package, when the parser knows it. */
  line: line.optional(),
  fixedVersions: z.array(z.string()),
  /** root → a → b: the chain of packages that brings this one in. */
  dependencyPath: z.array(z.string()).optional(),
  direct: z.boolean().optional(),
  dev: z.boolean().optional(),
});

/** Evidence of a finding in a running system: what was sent and what came back. */
export const HttpEvidenceSchema = z.strictObject({
  request: z.string().optional(),
  response: z.string().optional(),
  /** The part of the response that proves the finding. */
  proof: z.string().optional(),
});

/** Evidence of a finding in a running system. */
export type HttpEvidence = z.infer<typeof HttpEvidenceSchema>;

/** A finding in a running application or API. */
export const UrlLocationSchema = z.strictObject({
  kind: z.literal('url'),
  method: z.string().min(1),
  url: z.string().min(1),
  parameter: z.string().optional(),
  evidence: HttpEvidenceSchema.optional(),
});

/** Where a finding is: in code, in a package, or at a URL. */
export const LocationSchema = z.discriminatedUnion('kind', [
  CodeLocationSchema,
  PackageLocationSchema,
  UrlLocationSchema,
]);
/** Where a finding is. */
export type Location = z.infer<typeof LocationSchema>;
/** A location in a file. */
export type CodeLocation = z.infer<typeof CodeLocationSchema>;
/** A location in a dependency graph. */
export type PackageLocation = z.infer<typeof PackageLocationSchema>;
/** A location in a running system. */
export type UrlLocation = z.infer<typeof UrlLocationSchema>;

/**
 * A secret is never stored or printed in clear: only this. `hash` is the hex SHA-256 of the
 * secret value; `preview` shows at most its first few characters followed by `*`.
 */
export const SecretInfoSchema = z.strictObject({
  hash: z.string().regex(/^[0-9a-f]{64}$/, 'a hex SHA-256'),
  preview: z.string(),
  /** Whether the secret was verified to be live, and how; absent when not checked. */
  validated: z.enum(['valid', 'invalid', 'unknown']).optional(),
});
/** What Rampart keeps of a secret. */
export type SecretInfo = z.infer<typeof SecretInfoSchema>;

/** A CVSS vector with its computed base score. */
export const CvssInfoSchema = z.strictObject({
  version: z.enum(['3.0', '3.1', '4.0']),
  vector: z.string(),
  score: z.number().min(0).max(10),
});

/** Whether a finding is introduced by the change under review or was there already. */
export const NoveltySchema = z.enum(['new', 'existing']);
/** new or existing. */
export type Novelty = z.infer<typeof NoveltySchema>;

/** A JSON value, for scanner-specific extras. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue };
const JsonValueSchema: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(JsonValueSchema),
    z.record(z.string(), JsonValueSchema),
  ]),
);

const findingShape = {
  /** Stable id of the rule, detector, check or advisory that produced the finding. */
  ruleId: z.string().min(1),
  scanner: ScannerKindSchema,
  /** The tool that produced it: `rampart` for our scanners, the other tool for imports. */
  tool: z.strictObject({ name: z.string().min(1), version: z.string() }),
  /** A short, general title of the problem (the rule's name). */
  title: z.string().min(1),
  /** What is wrong here, specifically. */
  message: z.string().min(1),
  severity: SeveritySchema,
  confidence: ConfidenceSchema,
  cwe: z.array(CweIdSchema),
  owasp: OwaspCategorySchema.optional(),
  location: LocationSchema,
  /** How to fix it, in markdown. */
  remediation: z.string().optional(),
  /** Links to advisories, docs, training. */
  references: z.array(z.string()),
  tags: z.array(z.string()),
  secret: SecretInfoSchema.optional(),
  cvss: CvssInfoSchema.optional(),
  /** Scanner-specific extras (advisory aliases, rule metadata…); JSON only. */
  properties: z.record(z.string(), JsonValueSchema).optional(),
};

/** What a scanner produces: a finding before the pipeline fingerprints it. */
export const FindingDraftSchema = z.strictObject({
  ...findingShape,
  fingerprint: z.string().min(1).optional(),
});
/** A finding before fingerprinting. */
export type FindingDraft = z.infer<typeof FindingDraftSchema>;

/** The one shared type: a finding as every reporter, the gate and the hub see it. */
export const FindingSchema = z.strictObject({
  ...findingShape,
  /** Stable identity across runs: see DESIGN.md and `fingerprint.ts`. */
  fingerprint: z.string().min(1),
  /** Set when a baseline or a diff base was given. */
  novelty: NoveltySchema.optional(),
});
/** A fingerprinted finding. */
export type Finding = z.infer<typeof FindingSchema>;
