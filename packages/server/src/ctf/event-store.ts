import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { ApiError } from '../api-error.js';
import { recordAudit } from '../auth/audit.js';
import { notFound } from '../auth/input.js';
import type { HubDatabase } from '../db/database.js';
import type { Database } from '../db/schema.js';
import type { CtfEventRow } from './ctf-access.js';
import { type CtfDatabase, type CtfMode, type CtfVisibility, ctfDb } from './tables.js';

/** An event as written by its organisers (times in epoch ms). */
export interface EventInput {
  readonly name: string;
  readonly description: string;
  readonly startsAt: number;
  readonly endsAt: number;
  readonly freezeAt: number | null;
  readonly visibility: CtfVisibility;
  readonly mode: CtfMode;
  /** The teams a `teams` event is open to (ignored otherwise). */
  readonly teamIds: readonly string[];
}

type Db = Kysely<CtfDatabase> | Transaction<CtfDatabase>;

/** Loads an event with its teams; undefined when there is none. */
export async function findEvent(db: Db, eventId: string): Promise<CtfEventRow | undefined> {
  const row = await db
    .selectFrom('ctf_events')
    .selectAll()
    .where('id', '=', eventId)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  const teams = await db
    .selectFrom('ctf_event_teams')
    .select('team_id')
    .where('event_id', '=', eventId)
    .orderBy('team_id')
    .execute();
  return { ...row, teamIds: teams.map((t) => t.team_id) };
}

/** Every event with its teams, the newest start first. */
export async function listEvents(database: HubDatabase): Promise<CtfEventRow[]> {
  const db = ctfDb(database.db);
  const rows = await db
    .selectFrom('ctf_events')
    .selectAll()
    .orderBy('starts_at', 'desc')
    .orderBy('id')
    .execute();
  const teams = await db.selectFrom('ctf_event_teams').select(['event_id', 'team_id']).execute();
  return rows.map((row) => ({
    ...row,
    teamIds: teams
      .filter((t) => t.event_id === row.id)
      .map((t) => t.team_id)
      .sort(),
  }));
}

async function checkEvent(db: Db, input: EventInput): Promise<string[]> {
  if (input.endsAt <= input.startsAt)
    throw new ApiError(400, 'VALIDATION', 'body.endsAt: must be after startsAt');
  if (input.freezeAt !== null && (input.freezeAt < input.startsAt || input.freezeAt > input.endsAt))
    throw new ApiError(400, 'VALIDATION', 'body.freezeAt: must lie between startsAt and endsAt');
  const teamIds = [...new Set(input.visibility === 'teams' ? input.teamIds : [])].sort();
  if (input.visibility === 'teams' && teamIds.length === 0)
    throw new ApiError(400, 'VALIDATION', 'body.teamIds: a `teams` event needs at least one team');
  if (teamIds.length > 0) {
    const found = await db.selectFrom('teams').select('id').where('id', 'in', teamIds).execute();
    const missing = teamIds.find((t) => !found.some((f) => f.id === t));
    if (missing !== undefined)
      throw new ApiError(400, 'VALIDATION', `body.teamIds: no such team ${missing}`);
  }
  return teamIds;
}

/** Creates an event, audit-logged; returns it. */
export async function createEvent(
  database: HubDatabase,
  input: EventInput,
  actorId: string,
  now: number,
): Promise<CtfEventRow> {
  const id = randomUUID();
  return ctfDb(database.db)
    .transaction()
    .execute(async (trx) => {
      const teamIds = await checkEvent(trx, input);
      await trx
        .insertInto('ctf_events')
        .values({
          id,
          name: input.name,
          description: input.description,
          starts_at: input.startsAt,
          ends_at: input.endsAt,
          freeze_at: input.freezeAt,
          visibility: input.visibility,
          mode: input.mode,
          created_by: actorId,
          created_at: now,
          updated_at: now,
        })
        .execute();
      if (teamIds.length > 0)
        await trx
          .insertInto('ctf_event_teams')
          .values(teamIds.map((team_id) => ({ event_id: id, team_id })))
          .execute();
      await recordAudit(trx as unknown as Transaction<Database>, now, {
        actorId,
        action: 'ctf.event.create',
        targetType: 'ctf_event',
        targetId: id,
        data: { name: input.name, visibility: input.visibility, mode: input.mode, teamIds },
      });
      return (await findEvent(trx, id)) as CtfEventRow;
    });
}

/**
 * Changes an event, audit-logged. The mode may not change once anything was played (409
 * CTF_EVENT_PLAYED): solves are keyed by user or by team.
 */
export async function updateEvent(
  database: HubDatabase,
  eventId: string,
  change: (current: EventInput) => EventInput,
  actorId: string,
  now: number,
): Promise<CtfEventRow> {
  return ctfDb(database.db)
    .transaction()
    .execute(async (trx) => {
      const current = await findEvent(trx, eventId);
      if (current === undefined) throw notFound('event');
      const input = change({
        name: current.name,
        description: current.description,
        startsAt: current.starts_at,
        endsAt: current.ends_at,
        freezeAt: current.freeze_at,
        visibility: current.visibility,
        mode: current.mode,
        teamIds: current.teamIds,
      });
      const teamIds = await checkEvent(trx, input);
      if (input.mode !== current.mode) {
        const played = await trx
          .selectFrom('ctf_submissions')
          .select('id')
          .where('event_id', '=', eventId)
          .limit(1)
          .executeTakeFirst();
        const unlocked = await trx
          .selectFrom('ctf_hint_unlocks')
          .select('hint_id')
          .where('event_id', '=', eventId)
          .limit(1)
          .executeTakeFirst();
        if (played !== undefined || unlocked !== undefined)
          throw new ApiError(
            409,
            'CTF_EVENT_PLAYED',
            'the mode of an event cannot change once people have played it',
          );
      }
      await trx
        .updateTable('ctf_events')
        .set({
          name: input.name,
          description: input.description,
          starts_at: input.startsAt,
          ends_at: input.endsAt,
          freeze_at: input.freezeAt,
          visibility: input.visibility,
          mode: input.mode,
          updated_at: now,
        })
        .where('id', '=', eventId)
        .execute();
      await trx.deleteFrom('ctf_event_teams').where('event_id', '=', eventId).execute();
      if (teamIds.length > 0)
        await trx
          .insertInto('ctf_event_teams')
          .values(teamIds.map((team_id) => ({ event_id: eventId, team_id })))
          .execute();
      await recordAudit(trx as unknown as Transaction<Database>, now, {
        actorId,
        action: 'ctf.event.update',
        targetType: 'ctf_event',
        targetId: eventId,
        data: {
          name: input.name,
          startsAt: input.startsAt,
          endsAt: input.endsAt,
          freezeAt: input.freezeAt,
          visibility: input.visibility,
          mode: input.mode,
          teamIds,
        },
      });
      return (await findEvent(trx, eventId)) as CtfEventRow;
    });
}

/** Deletes an event with everything in it, audit-logged. */
export async function deleteEvent(
  database: HubDatabase,
  eventId: string,
  actorId: string,
  now: number,
): Promise<void> {
  await ctfDb(database.db)
    .transaction()
    .execute(async (trx) => {
      const event = await findEvent(trx, eventId);
      if (event === undefined) throw notFound('event');
      await trx.deleteFrom('ctf_events').where('id', '=', eventId).execute();
      await recordAudit(trx as unknown as Transaction<Database>, now, {
        actorId,
        action: 'ctf.event.delete',
        targetType: 'ctf_event',
        targetId: eventId,
        data: { name: event.name },
      });
    });
}
