import { sql } from 'kysely';
import { z } from 'zod';
import { recordAudit } from '../auth/audit.js';
import { notFound } from '../auth/input.js';
import type { HubDatabase } from '../db/database.js';
import { type ChampionPoints, championKey, championPoints } from './points.js';
import { championDb } from './tables.js';
import { TRIAGE_EVENT_TYPES } from './triage-events.js';

export { TRIAGE_EVENT_TYPES };

const NO_POINTS: ChampionPoints = { total: 0, triage: 0, fixes: 0, answers: 0 };

/** At most this many expertise tags per champion and team: a directory, not a CV. */
export const MAX_EXPERTISE_TAGS = 10;

/** One expertise tag: lower-case words (letters, digits) joined by single dashes, ≤ 32 characters. */
export const ExpertiseTagSchema = z
  .string()
  .min(1)
  .max(32)
  .regex(
    /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/,
    'lower-case words joined by dashes, starting with a letter (e.g. "owasp-top-10")',
  );

/** The activity window of the directory: 90 days. */
export const ACTIVITY_WINDOW_MS = 90 * 24 * 60 * 60 * 1000;

/** What {@link setChampionExpertise} needs. */
export interface SetExpertiseOptions {
  readonly teamId: string;
  readonly userId: string;
  /** The new set (validated with {@link ExpertiseTagSchema}); duplicates are dropped. */
  readonly tags: readonly string[];
  /** Who made the change, for the audit log. */
  readonly actorId: string;
  readonly now: number;
}

/**
 * Replaces the expertise tags of a team's champion, with an audit-log entry, in one
 * transaction. 404 NOT_FOUND when the user is not a champion of the team (a developer has
 * no expertise to show: appoint them first). Returns the stored set, sorted.
 */
export async function setChampionExpertise(
  database: HubDatabase,
  options: SetExpertiseOptions,
): Promise<string[]> {
  const tags = [...new Set(options.tags)].sort();
  return database.db.transaction().execute(async (trx) => {
    const db = championDb(trx);
    const membership = await db
      .selectFrom('memberships')
      .select('role')
      .where('team_id', '=', options.teamId)
      .where('user_id', '=', options.userId)
      .executeTakeFirst();
    if (membership?.role !== 'champion') throw notFound('champion');
    const previous = (
      await db
        .selectFrom('champion_expertise')
        .select('tag')
        .where('team_id', '=', options.teamId)
        .where('user_id', '=', options.userId)
        .orderBy('tag')
        .execute()
    ).map((r) => r.tag);
    await db
      .deleteFrom('champion_expertise')
      .where('team_id', '=', options.teamId)
      .where('user_id', '=', options.userId)
      .execute();
    if (tags.length > 0) {
      await db
        .insertInto('champion_expertise')
        .values(
          tags.map((tag) => ({
            team_id: options.teamId,
            user_id: options.userId,
            tag,
            created_at: options.now,
          })),
        )
        .execute();
    }
    await recordAudit(trx, options.now, {
      actorId: options.actorId,
      action: 'champion.expertise.set',
      targetType: 'team',
      targetId: options.teamId,
      data: { userId: options.userId, tags, previous },
    });
    return tags;
  });
}

/** A champion's recent triage work in their team. */
export interface ChampionActivity {
  /** Triage events by the champion on the team's findings in the 90 days up to `now`. */
  readonly triaged90d: number;
  /** The newest such event (any age up to `now`), ISO 8601; null if none. */
  readonly lastActiveAt: string | null;
}

/** One entry of the champions directory: a champion in one team. */
export interface ChampionEntry {
  readonly userId: string;
  readonly username: string;
  readonly displayName: string;
  readonly teamId: string;
  readonly teamName: string;
  readonly expertise: readonly string[];
  readonly activity: ChampionActivity;
  /** Recognition points in the team over the last 90 days (see points.ts). */
  readonly points: ChampionPoints;
}

/** Filters of {@link listChampions}. */
export interface ListChampionsOptions {
  /** The clock: the activity window ends here, and later events are not counted. */
  readonly now: number;
  /** Only champions with this expertise tag. */
  readonly expertise?: string | undefined;
  /** Only champions of this team. */
  readonly teamId?: string | undefined;
}

/**
 * The champions directory: every champion of every team (disabled accounts left out: the
 * directory says whom to ask), by team name then username, with their expertise in that
 * team, their triage activity on the team's findings and their recognition points. A person
 * championing two teams has an entry per team. A few aggregate queries, whatever the number
 * of champions.
 */
export async function listChampions(
  database: HubDatabase,
  options: ListChampionsOptions,
): Promise<ChampionEntry[]> {
  const db = championDb(database.db);
  const { expertise, teamId, now } = options;
  let champions = db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .innerJoin('teams as t', 't.id', 'm.team_id')
    .select([
      'm.team_id',
      'm.user_id',
      'u.username',
      'u.display_name',
      't.name as team_name',
      't.slug as team_slug',
    ])
    .where('m.role', '=', 'champion')
    .where('u.disabled', '=', 0)
    .orderBy('t.name')
    .orderBy('t.slug')
    .orderBy('u.username');
  if (teamId !== undefined) champions = champions.where('m.team_id', '=', teamId);
  if (expertise !== undefined)
    champions = champions.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('champion_expertise as e')
          .select('e.tag')
          .whereRef('e.team_id', '=', 'm.team_id')
          .whereRef('e.user_id', '=', 'm.user_id')
          .where('e.tag', '=', expertise),
      ),
    );
  const rows = await champions.execute();
  if (rows.length === 0) return [];

  let tagQuery = db
    .selectFrom('champion_expertise as e')
    .innerJoin('memberships as m', (j) =>
      j.onRef('m.team_id', '=', 'e.team_id').onRef('m.user_id', '=', 'e.user_id'),
    )
    .select(['e.team_id', 'e.user_id', 'e.tag'])
    .where('m.role', '=', 'champion');
  if (teamId !== undefined) tagQuery = tagQuery.where('e.team_id', '=', teamId);

  const since = now - ACTIVITY_WINDOW_MS;
  let activityQuery = db
    .selectFrom('finding_events as fe')
    .innerJoin('projects as p', 'p.id', 'fe.project_id')
    .innerJoin('memberships as m', (j) =>
      j.onRef('m.team_id', '=', 'p.team_id').onRef('m.user_id', '=', 'fe.actor_id'),
    )
    .select([
      'm.team_id',
      'm.user_id',
      sql<number>`count(case when ${sql.ref('fe.at')} > ${since} then 1 end)`.as('triaged'),
      sql<number | null>`max(${sql.ref('fe.at')})`.as('last_at'),
    ])
    .where('m.role', '=', 'champion')
    .where('fe.type', 'in', [...TRIAGE_EVENT_TYPES])
    .where('fe.at', '<=', now)
    .groupBy(['m.team_id', 'm.user_id']);
  if (teamId !== undefined) activityQuery = activityQuery.where('p.team_id', '=', teamId);

  const [tags, activity, points] = await Promise.all([
    tagQuery.execute(),
    activityQuery.execute(),
    championPoints(database, { from: since, to: now + 1 }, { teamId }),
  ]);
  const key = (team: string, user: string) => `${team}\u0000${user}`;
  const tagsOf = new Map<string, string[]>();
  for (const t of tags) {
    const k = key(t.team_id, t.user_id);
    tagsOf.set(k, [...(tagsOf.get(k) ?? []), t.tag]);
  }
  const activityOf = new Map(activity.map((a) => [key(a.team_id, a.user_id), a]));
  return rows.map((r) => {
    const k = key(r.team_id, r.user_id);
    const a = activityOf.get(k);
    const last = a?.last_at === null || a?.last_at === undefined ? null : Number(a.last_at);
    return {
      userId: r.user_id,
      username: r.username,
      displayName: r.display_name,
      teamId: r.team_id,
      teamName: r.team_name,
      // Sorted here, not by the database: the same order whatever its collation.
      expertise: (tagsOf.get(k) ?? []).sort(),
      activity: {
        triaged90d: Number(a?.triaged ?? 0),
        lastActiveAt: last === null ? null : new Date(last).toISOString(),
      },
      points: points.get(championKey(r.team_id, r.user_id)) ?? NO_POINTS,
    };
  });
}
