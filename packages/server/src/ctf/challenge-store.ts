import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable, Transaction } from 'kysely';
import { ApiError } from '../api-error.js';
import { recordAudit } from '../auth/audit.js';
import { isUniqueViolation, notFound } from '../auth/input.js';
import type { HubDatabase } from '../db/database.js';
import type { Database } from '../db/schema.js';
import type { StoredFlag } from './flags.js';
import {
  type CtfChallengeTable,
  type CtfDatabase,
  type CtfHintTable,
  type CtfScoring,
  ctfDb,
} from './tables.js';

/** A challenge row. */
export type ChallengeRow = Selectable<CtfChallengeTable>;
/** A hint row. */
export type HintRow = Selectable<CtfHintTable>;

/** A challenge as its organisers write it (create, edit, import). */
export interface ChallengeSpec {
  /** Set to edit that challenge (its slug may change); otherwise matched by slug. */
  readonly id?: string;
  readonly slug: string;
  readonly title: string;
  readonly category: string;
  readonly description: string;
  readonly scoring: CtfScoring;
  readonly points: number;
  readonly minimum: number | null;
  readonly decay: number | null;
  /** The flag to store; null keeps the challenge's flag (a new challenge needs one). */
  readonly flag: StoredFlag | null;
  /** The hints in order; undefined keeps them. Matched by position: an edit keeps unlocks. */
  readonly hints?: readonly { readonly text: string; readonly cost: number }[];
  /** Slugs of challenges of the same event to solve first; undefined keeps them. */
  readonly prerequisites?: readonly string[];
  readonly published: boolean;
  readonly position: number;
}

/** A problem with the `index`-th spec, at `field` (import turns it into a file position). */
export class ChallengeSpecError extends Error {
  constructor(
    readonly index: number,
    readonly field: readonly (string | number)[],
    message: string,
  ) {
    super(message);
    this.name = 'ChallengeSpecError';
  }
}

type Db = Kysely<CtfDatabase> | Transaction<CtfDatabase>;

/** The prerequisite ids stored on a challenge. */
export function prerequisiteIds(row: { readonly prerequisites: string }): string[] {
  const parsed: unknown = JSON.parse(row.prerequisites);
  return Array.isArray(parsed) ? parsed.filter((p): p is string => typeof p === 'string') : [];
}

/** Loads a challenge; undefined when there is none. */
export function findChallenge(db: Db, challengeId: string): Promise<ChallengeRow | undefined> {
  return db
    .selectFrom('ctf_challenges')
    .selectAll()
    .where('id', '=', challengeId)
    .executeTakeFirst();
}

/** The challenges of an event in their order (position, then slug). */
export function eventChallenges(db: Db, eventId: string): Promise<ChallengeRow[]> {
  return db
    .selectFrom('ctf_challenges')
    .selectAll()
    .where('event_id', '=', eventId)
    .orderBy('position')
    .orderBy('slug')
    .execute();
}

/** The hints of the challenges, in order. */
export async function hintsOf(db: Db, challengeIds: readonly string[]): Promise<HintRow[]> {
  if (challengeIds.length === 0) return [];
  return db
    .selectFrom('ctf_hints')
    .selectAll()
    .where('challenge_id', 'in', [...challengeIds])
    .orderBy('challenge_id')
    .orderBy('position')
    .execute();
}

function checkScoring(spec: ChallengeSpec, index: number): void {
  if (spec.scoring === 'static') {
    if (spec.minimum !== null || spec.decay !== null)
      throw new ChallengeSpecError(
        index,
        ['minimum'],
        'a static challenge has no minimum or decay',
      );
    return;
  }
  if (spec.minimum === null || spec.decay === null)
    throw new ChallengeSpecError(index, ['scoring'], 'a dynamic challenge needs minimum and decay');
  if (spec.minimum > spec.points)
    throw new ChallengeSpecError(index, ['minimum'], 'minimum must not exceed points');
}

/** Whether the prerequisite graph has a cycle (a challenge nobody could ever open). */
function hasCycle(graph: ReadonlyMap<string, readonly string[]>): string | undefined {
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (node: string): boolean => {
    const s = state.get(node);
    if (s === 'done') return false;
    if (s === 'visiting') return true;
    state.set(node, 'visiting');
    for (const next of graph.get(node) ?? []) if (visit(next)) return true;
    state.set(node, 'done');
    return false;
  };
  for (const node of graph.keys()) if (visit(node)) return node;
  return undefined;
}

/** What {@link applyChallenges} did. */
export interface ApplyOutcome {
  readonly created: readonly string[];
  readonly updated: readonly string[];
  /** The ids of the specs' challenges, in the specs' order. */
  readonly ids: readonly string[];
}

/**
 * Creates or edits challenges of an event inside the caller's transaction: a spec with an
 * id edits that challenge, otherwise the challenge with its slug, otherwise a new one.
 * Hints are matched by position (an edited hint keeps its unlocks; extra ones are removed).
 * Prerequisites are resolved by slug once every spec is written, so they may name a
 * challenge later in the list; a cycle is refused. Throws {@link ChallengeSpecError}.
 */
export async function applyChallenges(
  trx: Transaction<CtfDatabase>,
  eventId: string,
  specs: readonly ChallengeSpec[],
  now: number,
): Promise<ApplyOutcome> {
  const existing = await eventChallenges(trx, eventId);
  const created: string[] = [];
  const updated: string[] = [];
  const ids: string[] = [];
  const slugs = new Set<string>();
  for (const [index, spec] of specs.entries()) {
    if (slugs.has(spec.slug))
      throw new ChallengeSpecError(index, ['slug'], `slug "${spec.slug}" appears twice`);
    slugs.add(spec.slug);
    checkScoring(spec, index);
    const current =
      spec.id !== undefined
        ? existing.find((c) => c.id === spec.id)
        : existing.find((c) => c.slug === spec.slug);
    if (spec.id !== undefined && current === undefined) throw notFound('challenge');
    const values = {
      slug: spec.slug,
      title: spec.title,
      category: spec.category,
      description: spec.description,
      scoring: spec.scoring,
      points: spec.points,
      minimum: spec.minimum,
      decay: spec.decay,
      published: spec.published ? 1 : 0,
      position: spec.position,
      updated_at: now,
      ...(spec.flag === null
        ? {}
        : {
            flag_kind: spec.flag.kind,
            flag_hash: spec.flag.hash,
            flag_pattern: spec.flag.pattern,
          }),
    };
    let id: string;
    try {
      if (current === undefined) {
        if (spec.flag === null)
          throw new ChallengeSpecError(index, ['flag'], 'a new challenge needs a flag');
        id = randomUUID();
        await trx
          .insertInto('ctf_challenges')
          .values({
            ...values,
            id,
            event_id: eventId,
            flag_kind: spec.flag.kind,
            flag_hash: spec.flag.hash,
            flag_pattern: spec.flag.pattern,
            prerequisites: '[]',
            created_at: now,
          })
          .execute();
        created.push(spec.slug);
      } else {
        id = current.id;
        await trx.updateTable('ctf_challenges').set(values).where('id', '=', id).execute();
        updated.push(spec.slug);
      }
    } catch (error) {
      if (isUniqueViolation(error))
        throw new ChallengeSpecError(index, ['slug'], `slug "${spec.slug}" is taken in this event`);
      throw error;
    }
    ids.push(id);
    if (spec.hints !== undefined) await writeHints(trx, id, spec.hints);
  }

  const all = await eventChallenges(trx, eventId);
  const bySlug = new Map(all.map((c) => [c.slug, c.id]));
  const graph = new Map(all.map((c) => [c.id, prerequisiteIds(c)]));
  for (const [index, spec] of specs.entries()) {
    if (spec.prerequisites === undefined) continue;
    const id = ids[index] as string;
    const resolved: string[] = [];
    for (const [i, slug] of spec.prerequisites.entries()) {
      const target = bySlug.get(slug);
      if (target === undefined)
        throw new ChallengeSpecError(
          index,
          ['prerequisites', i],
          `no challenge "${slug}" in this event`,
        );
      if (target === id)
        throw new ChallengeSpecError(
          index,
          ['prerequisites', i],
          'a challenge cannot require itself',
        );
      if (!resolved.includes(target)) resolved.push(target);
    }
    graph.set(id, resolved);
    await trx
      .updateTable('ctf_challenges')
      .set({ prerequisites: JSON.stringify(resolved) })
      .where('id', '=', id)
      .execute();
  }
  const cyclic = hasCycle(graph);
  if (cyclic !== undefined) {
    const index = Math.max(0, ids.indexOf(cyclic));
    throw new ChallengeSpecError(index, ['prerequisites'], 'the prerequisites form a cycle');
  }
  return { created, updated, ids };
}

async function writeHints(
  trx: Transaction<CtfDatabase>,
  challengeId: string,
  hints: readonly { readonly text: string; readonly cost: number }[],
): Promise<void> {
  const current = await hintsOf(trx, [challengeId]);
  for (const [position, hint] of hints.entries()) {
    const row = current.find((h) => h.position === position);
    if (row === undefined)
      await trx
        .insertInto('ctf_hints')
        .values({ id: randomUUID(), challenge_id: challengeId, position, ...hint })
        .execute();
    else await trx.updateTable('ctf_hints').set(hint).where('id', '=', row.id).execute();
  }
  await trx
    .deleteFrom('ctf_hints')
    .where('challenge_id', '=', challengeId)
    .where('position', '>=', hints.length)
    .execute();
}

/** A {@link ChallengeSpecError} as the API's 400 (or 409 for a taken slug). */
export function specErrorToApi(error: unknown): unknown {
  if (!(error instanceof ChallengeSpecError)) return error;
  const field = ['body', ...error.field.map(String)].join('.');
  return new ApiError(
    error.message.includes('is taken') ? 409 : 400,
    error.message.includes('is taken') ? 'CONFLICT' : 'VALIDATION',
    `${field}: ${error.message}`,
  );
}

/** Creates or edits one challenge through the API, audit-logged; returns its id. */
export async function saveChallenge(
  database: HubDatabase,
  eventId: string,
  spec: ChallengeSpec,
  actorId: string,
  now: number,
): Promise<string> {
  try {
    return await ctfDb(database.db)
      .transaction()
      .execute(async (trx) => {
        if (spec.id === undefined) {
          const clash = await trx
            .selectFrom('ctf_challenges')
            .select('id')
            .where('event_id', '=', eventId)
            .where('slug', '=', spec.slug)
            .executeTakeFirst();
          if (clash !== undefined)
            throw new ChallengeSpecError(0, ['slug'], `slug "${spec.slug}" is taken in this event`);
        }
        const outcome = await applyChallenges(trx, eventId, [spec], now);
        const id = outcome.ids[0] as string;
        await recordAudit(trx as unknown as Transaction<Database>, now, {
          actorId,
          action: spec.id === undefined ? 'ctf.challenge.create' : 'ctf.challenge.update',
          targetType: 'ctf_challenge',
          targetId: id,
          data: {
            eventId,
            slug: spec.slug,
            flagChanged: spec.flag !== null,
            hintsChanged: spec.hints !== undefined,
          },
        });
        return id;
      });
  } catch (error) {
    throw specErrorToApi(error);
  }
}

/** Deletes a challenge with its hints, submissions and solves, audit-logged. */
export async function deleteChallenge(
  database: HubDatabase,
  challenge: ChallengeRow,
  actorId: string,
  now: number,
): Promise<void> {
  await ctfDb(database.db)
    .transaction()
    .execute(async (trx) => {
      await trx.deleteFrom('ctf_challenges').where('id', '=', challenge.id).execute();
      // Other challenges of the event no longer wait for it.
      for (const other of await eventChallenges(trx, challenge.event_id)) {
        const ids = prerequisiteIds(other);
        if (ids.includes(challenge.id))
          await trx
            .updateTable('ctf_challenges')
            .set({ prerequisites: JSON.stringify(ids.filter((i) => i !== challenge.id)) })
            .where('id', '=', other.id)
            .execute();
      }
      await recordAudit(trx as unknown as Transaction<Database>, now, {
        actorId,
        action: 'ctf.challenge.delete',
        targetType: 'ctf_challenge',
        targetId: challenge.id,
        data: { eventId: challenge.event_id, slug: challenge.slug },
      });
    });
}
