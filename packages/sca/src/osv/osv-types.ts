import { z } from 'zod';

/**
 * The parts of an OSV record (https://ossf.github.io/osv-schema/) that Rampart reads, as
 * TypeScript types and as zod schemas that check them. The schemas keep fields they do not
 * know (OSV grows by adding fields), so a record from a newer schema version still parses.
 */

/** The range types OSV defines. */
export const OSV_RANGE_TYPES = ['SEMVER', 'ECOSYSTEM', 'GIT'] as const;

/** One of {@link OSV_RANGE_TYPES}. */
export type OsvRangeType = (typeof OSV_RANGE_TYPES)[number];

/** The keys an event may have; a valid event has exactly one of them. */
export const OSV_EVENT_KEYS = ['introduced', 'fixed', 'last_affected', 'limit'] as const;

/**
 * A point on a range's timeline. Exactly one field is present: `introduced` (`"0"` means
 * "before every version"), `fixed` (first version without the vulnerability),
 * `last_affected` (last version with it) or `limit` (`"*"` means no limit).
 */
export interface OsvEvent {
  readonly introduced?: string | undefined;
  readonly fixed?: string | undefined;
  readonly last_affected?: string | undefined;
  readonly limit?: string | undefined;
}

/** `affected[].ranges[]`: a timeline of events in one version ordering. */
export interface OsvRange {
  readonly type: OsvRangeType;
  /** The repository of a `GIT` range. */
  readonly repo?: string | undefined;
  readonly events: readonly OsvEvent[];
  readonly database_specific?: Readonly<Record<string, unknown>> | undefined;
}

/** `affected[].package`. */
export interface OsvPackage {
  /** As OSV spells it (`PyPI`, `crates.io`…), possibly with a `:suffix`. */
  readonly ecosystem: string;
  readonly name: string;
  readonly purl?: string | undefined;
}

/** A `{type, score}` severity, e.g. `CVSS_V3` and a vector. */
export interface OsvSeverity {
  readonly type: string;
  readonly score: string;
}

/**
 * `affected[]`: the versions of one package the vulnerability affects. `package` is optional
 * here because the advisory store keeps entries without it (it files them by package).
 */
export interface OsvAffected {
  readonly package?: OsvPackage | undefined;
  readonly severity?: readonly OsvSeverity[] | undefined;
  readonly ranges?: readonly OsvRange[] | undefined;
  /** Affected versions listed one by one. */
  readonly versions?: readonly string[] | undefined;
  readonly ecosystem_specific?: Readonly<Record<string, unknown>> | undefined;
  readonly database_specific?: Readonly<Record<string, unknown>> | undefined;
}

/** `references[]`. */
export interface OsvReference {
  /** `ADVISORY`, `FIX`, `WEB`…; kept as a string because OSV adds types. */
  readonly type: string;
  readonly url: string;
}

/** `credits[]`. */
export interface OsvCredit {
  readonly name: string;
  readonly contact?: readonly string[] | undefined;
  readonly type?: string | undefined;
}

/** The top-level `database_specific` object; GitHub puts a severity word (`HIGH`…) in it. */
export interface OsvDatabaseSpecific {
  readonly severity?: string | undefined;
  readonly [key: string]: unknown;
}

/** One OSV record. */
export interface OsvRecord {
  readonly schema_version?: string | undefined;
  readonly id: string;
  readonly modified: string;
  readonly published?: string | undefined;
  /** Set when the record was withdrawn: it should no longer be matched. */
  readonly withdrawn?: string | undefined;
  readonly aliases?: readonly string[] | undefined;
  readonly related?: readonly string[] | undefined;
  readonly summary?: string | undefined;
  readonly details?: string | undefined;
  readonly severity?: readonly OsvSeverity[] | undefined;
  readonly affected?: readonly OsvAffected[] | undefined;
  readonly references?: readonly OsvReference[] | undefined;
  readonly credits?: readonly OsvCredit[] | undefined;
  readonly database_specific?: OsvDatabaseSpecific | undefined;
}

const jsonObject = z.record(z.string(), z.unknown());

const severitySchema = z.looseObject({ type: z.string(), score: z.string() });

/** Checks one event: string values, exactly one of {@link OSV_EVENT_KEYS}. */
export const osvEventSchema: z.ZodType<OsvEvent> = z
  .looseObject({
    introduced: z.string().optional(),
    fixed: z.string().optional(),
    last_affected: z.string().optional(),
    limit: z.string().optional(),
  })
  .refine((e) => OSV_EVENT_KEYS.filter((k) => e[k] !== undefined).length === 1, {
    message: `an event has exactly one of ${OSV_EVENT_KEYS.join(', ')}`,
  });

/** Checks one range. */
export const osvRangeSchema: z.ZodType<OsvRange> = z.looseObject({
  type: z.enum(OSV_RANGE_TYPES),
  repo: z.string().optional(),
  events: z.array(osvEventSchema),
  database_specific: jsonObject.optional(),
});

/** Checks one `affected[]` entry (with or without its `package`). */
export const osvAffectedSchema: z.ZodType<OsvAffected> = z.looseObject({
  package: z
    .looseObject({ ecosystem: z.string(), name: z.string(), purl: z.string().optional() })
    .optional(),
  severity: z.array(severitySchema).optional(),
  ranges: z.array(osvRangeSchema).optional(),
  versions: z.array(z.string()).optional(),
  ecosystem_specific: jsonObject.optional(),
  database_specific: jsonObject.optional(),
});

/** Checks a whole record. Unknown fields are kept; a non-string database severity is dropped. */
export const osvRecordSchema: z.ZodType<OsvRecord> = z.looseObject({
  schema_version: z.string().optional(),
  id: z.string().min(1),
  modified: z.string(),
  published: z.string().optional(),
  withdrawn: z.string().optional(),
  aliases: z.array(z.string()).optional(),
  related: z.array(z.string()).optional(),
  summary: z.string().optional(),
  details: z.string().optional(),
  severity: z.array(severitySchema).optional(),
  affected: z.array(osvAffectedSchema).optional(),
  references: z.array(z.looseObject({ type: z.string(), url: z.string() })).optional(),
  credits: z
    .array(
      z.looseObject({
        name: z.string(),
        contact: z.array(z.string()).optional(),
        type: z.string().optional(),
      }),
    )
    .optional(),
  database_specific: z.looseObject({ severity: z.string().optional().catch(undefined) }).optional(),
});

/**
 * Parses an OSV record (already `JSON.parse`d). Throws an error naming the first field at
 * fault when the value is not an OSV record.
 *
 * @example parseOsvRecord(JSON.parse(text)).affected?.[0]?.ranges
 */
export function parseOsvRecord(value: unknown): OsvRecord {
  const result = osvRecordSchema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue === undefined ? '(record)' : issue.path.join('.') || '(record)';
  throw new Error(`not an OSV record: ${where}: ${issue?.message ?? 'invalid'}`, {
    cause: result.error,
  });
}
