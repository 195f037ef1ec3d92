import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import { ApiError } from '../api-error.js';
import { recordAudit } from '../auth/audit.js';
import { notFound } from '../auth/input.js';
import type { HubDatabase } from '../db/database.js';
import { ALL_TIME, type PointsWindow } from './points.js';
import { type GamificationDb, gamificationDb, type SeasonTable } from './tables.js';

/** Without a season containing now, points are counted over the last 90 days. */
export const FALLBACK_WINDOW_DAYS = 90;
const DAY = 24 * 60 * 60 * 1000;

/** A season as the API shows it. */
export interface Season {
  readonly id: string;
  readonly name: string;
  readonly startsAt: string;
  readonly endsAt: string;
  /** Whether it contains now. */
  readonly current: boolean;
}

type SeasonRow = Selectable<SeasonTable>;

function seasonOf(row: SeasonRow, now: number): Season {
  const startsAt = Number(row.starts_at);
  const endsAt = Number(row.ends_at);
  return {
    id: row.id,
    name: row.name,
    startsAt: new Date(startsAt).toISOString(),
    endsAt: new Date(endsAt).toISOString(),
    current: startsAt <= now && now < endsAt,
  };
}

/** Every season, the oldest first. */
export async function listSeasons(database: HubDatabase, now: number): Promise<Season[]> {
  const rows = await gamificationDb(database.db)
    .selectFrom('seasons')
    .selectAll()
    .orderBy('starts_at')
    .execute();
  return rows.map((r) => seasonOf(r, now));
}

/** Which window a leaderboard or a person's points are counted over. */
export type SeasonChoice = 'current' | 'all' | { readonly seasonId: string };

/** A resolved window: the season it is (null for all time or the fallback) and its bounds. */
export interface ResolvedWindow extends PointsWindow {
  readonly kind: 'season' | 'last-90-days' | 'all-time';
  readonly season: Season | null;
}

/**
 * The window of a choice: a season by id (404 when there is none), all time, or the
 * current season: the one containing now, else the last {@link FALLBACK_WINDOW_DAYS} days
 * up to now.
 */
export async function resolveWindow(
  database: HubDatabase,
  choice: SeasonChoice,
  now: number,
): Promise<ResolvedWindow> {
  if (choice === 'all') return { kind: 'all-time', season: null, ...ALL_TIME };
  let query = gamificationDb(database.db).selectFrom('seasons').selectAll();
  query =
    choice === 'current'
      ? query.where('starts_at', '<=', now).where('ends_at', '>', now)
      : query.where('id', '=', choice.seasonId);
  const row = await query.executeTakeFirst();
  if (row === undefined) {
    if (choice !== 'current') throw notFound('season');
    return {
      kind: 'last-90-days',
      season: null,
      from: now - FALLBACK_WINDOW_DAYS * DAY,
      to: now + 1,
    };
  }
  return {
    kind: 'season',
    season: seasonOf(row, now),
    from: Number(row.starts_at),
    to: Number(row.ends_at),
  };
}

/** A season's fields as given. */
export interface SeasonInput {
  readonly name: string;
  readonly startsAt: number;
  readonly endsAt: number;
}

/**
 * Serialises season changes (PostgreSQL: a table lock, so two overlapping seasons created
 * at once cannot both pass the check; SQLite writes one at a time anyway), then refuses a
 * window that is empty or overlaps another season.
 */
async function checkWindow(
  trx: GamificationDb,
  database: HubDatabase,
  input: SeasonInput,
  exceptId: string | null,
): Promise<void> {
  if (input.endsAt <= input.startsAt)
    throw new ApiError(400, 'VALIDATION', 'body.endsAt: must be after startsAt');
  if (database.dialect === 'postgres')
    await sql`lock table seasons in share row exclusive mode`.execute(trx);
  let overlapping = trx
    .selectFrom('seasons')
    .select(['id', 'name', 'starts_at', 'ends_at'])
    .where('starts_at', '<', input.endsAt)
    .where('ends_at', '>', input.startsAt);
  if (exceptId !== null) overlapping = overlapping.where('id', '<>', exceptId);
  const clash = await overlapping.orderBy('starts_at').executeTakeFirst();
  if (clash !== undefined) {
    const field = Number(clash.starts_at) <= input.startsAt ? 'startsAt' : 'endsAt';
    throw new ApiError(
      409,
      'SEASON_OVERLAP',
      `body.${field}: the season would overlap "${clash.name}" (${new Date(Number(clash.starts_at)).toISOString()} to ${new Date(Number(clash.ends_at)).toISOString()}); seasons may not overlap`,
    );
  }
}

/** Creates a season, audit-logged; 400 for an empty window, 409 SEASON_OVERLAP. */
export async function createSeason(
  database: HubDatabase,
  input: SeasonInput & { readonly actorId: string; readonly now: number },
): Promise<Season> {
  const id = randomUUID();
  return database.db.transaction().execute(async (trx) => {
    const db = gamificationDb(trx);
    await checkWindow(db, database, input, null);
    const row: SeasonRow = {
      id,
      name: input.name,
      starts_at: input.startsAt,
      ends_at: input.endsAt,
      created_by: input.actorId,
      created_at: input.now,
      updated_at: input.now,
    };
    await db.insertInto('seasons').values(row).execute();
    await recordAudit(trx, input.now, {
      actorId: input.actorId,
      action: 'season.create',
      targetType: 'season',
      targetId: id,
      data: { name: input.name, startsAt: row.starts_at, endsAt: row.ends_at },
    });
    return seasonOf(row, input.now);
  });
}

/** Changes a season's name or window, audit-logged; 404, 400, 409 SEASON_OVERLAP. */
export async function updateSeason(
  database: HubDatabase,
  input: {
    readonly seasonId: string;
    readonly name?: string | undefined;
    readonly startsAt?: number | undefined;
    readonly endsAt?: number | undefined;
    readonly actorId: string;
    readonly now: number;
  },
): Promise<Season> {
  return database.db.transaction().execute(async (trx) => {
    const db = gamificationDb(trx);
    const row = await db
      .selectFrom('seasons')
      .selectAll()
      .where('id', '=', input.seasonId)
      .executeTakeFirst();
    if (row === undefined) throw notFound('season');
    const next: SeasonRow = {
      ...row,
      name: input.name ?? row.name,
      starts_at: input.startsAt ?? Number(row.starts_at),
      ends_at: input.endsAt ?? Number(row.ends_at),
      updated_at: input.now,
    };
    await checkWindow(
      db,
      database,
      { name: next.name, startsAt: next.starts_at, endsAt: next.ends_at },
      row.id,
    );
    await db
      .updateTable('seasons')
      .set({
        name: next.name,
        starts_at: next.starts_at,
        ends_at: next.ends_at,
        updated_at: input.now,
      })
      .where('id', '=', row.id)
      .execute();
    await recordAudit(trx, input.now, {
      actorId: input.actorId,
      action: 'season.update',
      targetType: 'season',
      targetId: row.id,
      data: { name: next.name, startsAt: next.starts_at, endsAt: next.ends_at },
    });
    return seasonOf(next, input.now);
  });
}

/** Deletes a season (points are not stored, so nothing else changes); audit-logged; 404. */
export async function deleteSeason(
  database: HubDatabase,
  input: { readonly seasonId: string; readonly actorId: string; readonly now: number },
): Promise<void> {
  await database.db.transaction().execute(async (trx) => {
    const db = gamificationDb(trx);
    const row = await db
      .deleteFrom('seasons')
      .where('id', '=', input.seasonId)
      .returning(['name'])
      .executeTakeFirst();
    if (row === undefined) throw notFound('season');
    await recordAudit(trx, input.now, {
      actorId: input.actorId,
      action: 'season.delete',
      targetType: 'season',
      targetId: input.seasonId,
      data: { name: row.name },
    });
  });
}
