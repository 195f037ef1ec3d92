import { ConfigError, parseYamlWithSchema } from '@rampart/core';
import type { Transaction } from 'kysely';
import { stringify } from 'yaml';
import { z } from 'zod';
import { ApiError } from '../api-error.js';
import { recordAudit } from '../auth/audit.js';
import type { HubDatabase } from '../db/database.js';
import type { Database } from '../db/schema.js';
import {
  applyChallenges,
  type ChallengeSpec,
  ChallengeSpecError,
  eventChallenges,
  hintsOf,
  prerequisiteIds,
} from './challenge-store.js';
import { isFlagHash, MAX_FLAG_LENGTH, type StoredFlag, storeFlag } from './flags.js';
import { ctfDb } from './tables.js';

// Challenges as YAML (docs/hub-ctf.md, "YAML format"): one file per event, hints inline,
// prerequisites by slug. Flags leave the hub only with `includeSecrets` (admins), and even
// then static flags leave as their argon2id hash: the hub never had them in clear since.

/** A slug: lower-case words joined by dashes. */
export const SlugSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lower-case letters and digits joined by dashes');

/** A flag in a YAML file: in clear (`value`), as an exported hash, or a regex `pattern`. */
export const YamlFlagSchema = z
  .strictObject({
    kind: z.enum(['static', 'case_insensitive', 'regex']),
    value: z.string().min(1).max(MAX_FLAG_LENGTH).optional(),
    hash: z.string().max(512).optional(),
    pattern: z.string().min(1).max(200).optional(),
  })
  .refine(
    (f) =>
      f.kind === 'regex'
        ? f.pattern !== undefined && f.value === undefined && f.hash === undefined
        : f.pattern === undefined && (f.value === undefined) !== (f.hash === undefined),
    'a regex flag has `pattern`; a static or case_insensitive flag has `value` or `hash` (not both)',
  )
  .refine((f) => f.hash === undefined || isFlagHash(f.hash), 'hash: not an argon2id hash');

const YamlChallengeSchema = z.strictObject({
  slug: SlugSchema,
  title: z.string().min(1).max(200),
  category: z.string().min(1).max(64),
  description: z.string().max(20_000).default(''),
  scoring: z.enum(['static', 'dynamic']).default('static'),
  points: z.number().int().min(0).max(100_000),
  minimum: z.number().int().min(0).max(100_000).optional(),
  decay: z.number().int().min(1).max(100_000).optional(),
  flag: YamlFlagSchema.optional(),
  hints: z
    .array(
      z.strictObject({
        text: z.string().min(1).max(5_000),
        cost: z.number().int().min(0).max(100_000),
      }),
    )
    .max(20)
    .default([]),
  prerequisites: z.array(SlugSchema).max(50).default([]),
  published: z.boolean().default(true),
  position: z.number().int().min(0).max(100_000).optional(),
});

/** The YAML file of an event's challenges. */
export const ChallengeFileSchema = z.strictObject({
  challenges: z.array(YamlChallengeSchema).max(500),
});

/** What a file's flag becomes in storage (hashing a flag given in clear). */
async function flagOf(
  flag: z.infer<typeof YamlFlagSchema> | undefined,
): Promise<StoredFlag | null> {
  if (flag === undefined) return null;
  if (flag.kind === 'regex') return storeFlag('regex', flag.pattern as string);
  if (flag.hash !== undefined) return { kind: flag.kind, hash: flag.hash, pattern: null };
  return storeFlag(flag.kind, flag.value as string);
}

/** What an import did. */
export interface ImportOutcome {
  readonly created: readonly string[];
  readonly updated: readonly string[];
}

/**
 * Imports a YAML file of challenges into an event, all or nothing, in one transaction:
 * a challenge whose slug exists is updated (without `flag` it keeps its flag), others are
 * created (they need a flag). Every problem is a 400 VALIDATION `file:line:column: …`.
 * Audit-logged (slugs only).
 */
export async function importChallenges(
  database: HubDatabase,
  eventId: string,
  text: string,
  actorId: string,
  now: number,
): Promise<ImportOutcome> {
  const file = 'challenges.yml';
  let parsed: ReturnType<typeof parseYamlWithSchema<typeof ChallengeFileSchema>>;
  try {
    parsed = parseYamlWithSchema(text, file, ChallengeFileSchema);
  } catch (error) {
    if (error instanceof ConfigError) throw new ApiError(400, 'VALIDATION', error.message);
    throw error;
  }
  const at = (index: number, field: readonly (string | number)[]) => {
    const { line, column } = parsed.positionOf(['challenges', index, ...field]);
    return `${file}:${line}:${column}`;
  };
  const specs: ChallengeSpec[] = [];
  for (const [index, c] of parsed.data.challenges.entries()) {
    let flag: StoredFlag | null;
    try {
      flag = await flagOf(c.flag);
    } catch (error) {
      if (error instanceof ApiError)
        throw new ApiError(400, 'VALIDATION', `${at(index, ['flag'])}: ${error.message}`);
      throw error;
    }
    specs.push({
      slug: c.slug,
      title: c.title,
      category: c.category,
      description: c.description,
      scoring: c.scoring,
      points: c.points,
      minimum: c.minimum ?? null,
      decay: c.decay ?? null,
      flag,
      hints: c.hints,
      prerequisites: c.prerequisites,
      published: c.published,
      position: c.position ?? index,
    });
  }
  try {
    return await ctfDb(database.db)
      .transaction()
      .execute(async (trx) => {
        const outcome = await applyChallenges(trx, eventId, specs, now);
        await recordAudit(trx as unknown as Transaction<Database>, now, {
          actorId,
          action: 'ctf.challenges.import',
          targetType: 'ctf_event',
          targetId: eventId,
          data: { created: outcome.created, updated: outcome.updated },
        });
        return { created: outcome.created, updated: outcome.updated };
      });
  } catch (error) {
    if (error instanceof ChallengeSpecError)
      throw new ApiError(400, 'VALIDATION', `${at(error.index, error.field)}: ${error.message}`);
    throw error;
  }
}

/**
 * The YAML file of an event's challenges, in order. Without `includeSecrets` it has no
 * flags; with it, static and case-insensitive flags as their argon2id hash and regex flags
 * as their pattern (re-importable into this or another hub). Audit-logged with secrets.
 */
export async function exportChallenges(
  database: HubDatabase,
  eventId: string,
  options: { readonly includeSecrets: boolean; readonly actorId: string; readonly now: number },
): Promise<string> {
  const db = ctfDb(database.db);
  const challenges = await eventChallenges(db, eventId);
  const hints = await hintsOf(
    db,
    challenges.map((c) => c.id),
  );
  const slugOf = new Map(challenges.map((c) => [c.id, c.slug]));
  const document = {
    challenges: challenges.map((c) => ({
      slug: c.slug,
      title: c.title,
      category: c.category,
      description: c.description,
      scoring: c.scoring,
      points: c.points,
      ...(c.scoring === 'dynamic' ? { minimum: c.minimum, decay: c.decay } : {}),
      ...(options.includeSecrets
        ? {
            flag:
              c.flag_kind === 'regex'
                ? { kind: c.flag_kind, pattern: c.flag_pattern }
                : { kind: c.flag_kind, hash: c.flag_hash },
          }
        : {}),
      hints: hints
        .filter((h) => h.challenge_id === c.id)
        .map((h) => ({ text: h.text, cost: h.cost })),
      prerequisites: prerequisiteIds(c).map((id) => slugOf.get(id) ?? id),
      published: c.published === 1,
      position: c.position,
    })),
  };
  if (options.includeSecrets)
    await recordAudit(database.db, options.now, {
      actorId: options.actorId,
      action: 'ctf.challenges.export_secrets',
      targetType: 'ctf_event',
      targetId: eventId,
      data: { challenges: challenges.length },
    });
  return stringify(document, { lineWidth: 0 });
}
