import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { canReadTeam, ensure, isSecurity, requireUser } from '../auth/authorize.js';
import { notFound, parseInput } from '../auth/input.js';
import type { HubDatabase } from '../db/database.js';
import { peopleLeaderboard, teamLeaderboard } from '../gamification/leaderboards.js';
import { myGamification } from '../gamification/my-gamification.js';
import { ALL_TIME } from '../gamification/points.js';
import {
  createSeason,
  deleteSeason,
  listSeasons,
  type ResolvedWindow,
  resolveWindow,
  type SeasonChoice,
  updateSeason,
} from '../gamification/seasons.js';
import { setOptOut } from '../gamification/settings.js';
import { docs } from '../openapi/route-docs.js';

/** What the gamification routes need. */
export interface GamificationRoutesOptions {
  readonly database: HubDatabase;
  /** The clock (epoch ms); tests inject one. */
  readonly now?: () => number;
}

const id = z.string().min(1).max(100);
const instant = z.iso.datetime({ offset: true }).transform((s) => Date.parse(s));
const name = z.string().trim().min(1).max(100);
const seasonBody = z.strictObject({ name, startsAt: instant, endsAt: instant });
const seasonPatch = z
  .strictObject({ name: name.optional(), startsAt: instant.optional(), endsAt: instant.optional() })
  .refine((b) => Object.keys(b).length > 0, { message: 'give at least one field' });
const seasonParams = z.strictObject({ seasonId: id });
const optOutBody = z.strictObject({ optOut: z.boolean() });
/** `current` (default), `all`, or a season id. */
const season = z.string().min(1).max(100).optional();
const peopleQuery = z.strictObject({
  season,
  teamId: id.optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});
const teamsQuery = z.strictObject({ season });

const SEASON_HELP =
  '`season`: `current` (default: the season containing now, else the last 90 days), `all` (all time), or a season id.';

function choiceOf(value: string | undefined): SeasonChoice {
  if (value === undefined || value === 'current') return 'current';
  if (value === 'all') return 'all';
  return { seasonId: value };
}

function windowRef(w: ResolvedWindow) {
  return {
    kind: w.kind,
    season: w.season,
    from: new Date(w.from).toISOString(),
    to: new Date(Math.min(w.to, ALL_TIME.to)).toISOString(),
  };
}

/**
 * Registers the gamification routes (docs/hub-gamification.md):
 * - `GET|PUT /api/v1/me/gamification`: my points, rank and badges; my leaderboard opt-out.
 * - `GET|POST /api/v1/seasons`, `PATCH|DELETE /api/v1/seasons/:seasonId`: seasons, read by
 *   every signed-in person, managed by security and admin (audit-logged).
 * - `GET /api/v1/leaderboards/people`, `GET /api/v1/leaderboards/teams`: the boards, read
 *   by every signed-in person; a team's people board needs read access to the team (404).
 * CI tokens are refused everywhere (403).
 */
export function registerGamificationRoutes(
  app: FastifyInstance,
  options: GamificationRoutesOptions,
): void {
  const now = options.now ?? Date.now;
  const { database } = options;

  app.get(
    '/api/v1/me/gamification',
    {
      config: docs({
        summary: 'My points and badges',
        description:
          'The caller’s points in the current season (the season containing now, else the last 90 days) and over all time, split into fixes, answers, training and ctf; their rank on the organisation’s people leaderboard for that window (null when they opted out or have no points; ties share a rank); every badge with whether and when it was earned and the progress towards it; and their opt-out setting. Points are computed from the recorded history on every read.',
        tags: ['gamification'],
        access: 'user',
        responses: {
          200: '`{ window: { kind, season, from, to }, points: { season, allTime }, rank, rankedPeople, badges: [{ id, name, description, earned, earnedAt, progress: { count, threshold } }], optOut }`',
          403: 'A CI token.',
        },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      return myGamification(database, principal.userId, now());
    },
  );

  app.put(
    '/api/v1/me/gamification',
    {
      config: docs({
        summary: 'Opt out of (or back into) the leaderboards',
        description:
          'With `optOut: true` the caller never appears on any leaderboard (neither name nor rank); they still see their own points and badges, and their points still count in their teams’ totals. Audit-logged.',
        tags: ['gamification'],
        access: 'user',
        body: optOutBody,
        responses: {
          200: '`{ optOut }`',
          400: 'VALIDATION: `optOut` is not a boolean.',
          403: 'A CI token.',
        },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      const { optOut } = parseInput(optOutBody, request.body, 'body');
      await setOptOut(database, { userId: principal.userId, optOut, now: now() });
      return { optOut };
    },
  );

  app.get(
    '/api/v1/seasons',
    {
      config: docs({
        summary: 'The seasons',
        description:
          'Every season, oldest first, with `current` true for the one containing now. Every signed-in person may read them (the leaderboards’ season picker).',
        tags: ['gamification'],
        access: 'user',
        responses: {
          200: '`{ seasons: [{ id, name, startsAt, endsAt, current }] }`',
          403: 'A CI token.',
        },
      }),
    },
    async (request) => {
      requireUser(request.principal);
      return { seasons: await listSeasons(database, now()) };
    },
  );

  app.post(
    '/api/v1/seasons',
    {
      config: docs({
        summary: 'Create a season',
        description:
          'A season counts points over `[startsAt, endsAt)`. Seasons may not overlap. Security and admin only. Audit-logged.',
        tags: ['gamification'],
        access: 'security',
        body: seasonBody,
        responses: {
          201: 'The season: `{ id, name, startsAt, endsAt, current }`.',
          400: 'VALIDATION: a bad field, or `endsAt` not after `startsAt`.',
          403: 'FORBIDDEN: not security or admin.',
          409: 'SEASON_OVERLAP: it would overlap another season (the message names the field and the season).',
        },
      }),
    },
    async (request, reply) => {
      const principal = requireUser(request.principal);
      ensure(isSecurity(principal), 'manage seasons');
      const body = parseInput(seasonBody, request.body, 'body');
      const created = await createSeason(database, {
        ...body,
        actorId: principal.userId,
        now: now(),
      });
      return reply.status(201).send(created);
    },
  );

  app.patch(
    '/api/v1/seasons/:seasonId',
    {
      config: docs({
        summary: 'Change a season',
        description:
          'Renames a season or moves its window (points are recomputed on read, so nothing else changes). Seasons may not overlap. Security and admin only. Audit-logged.',
        tags: ['gamification'],
        access: 'security',
        params: seasonParams,
        body: seasonPatch,
        responses: {
          200: 'The season.',
          400: 'VALIDATION: a bad field, or `endsAt` not after `startsAt`.',
          403: 'FORBIDDEN: not security or admin.',
          404: 'No such season.',
          409: 'SEASON_OVERLAP: it would overlap another season.',
        },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      ensure(isSecurity(principal), 'manage seasons');
      const { seasonId } = parseInput(seasonParams, request.params, 'params');
      const body = parseInput(seasonPatch, request.body, 'body');
      return updateSeason(database, { seasonId, ...body, actorId: principal.userId, now: now() });
    },
  );

  app.delete(
    '/api/v1/seasons/:seasonId',
    {
      config: docs({
        summary: 'Delete a season',
        description:
          'Deletes a season; no points are lost (they are computed from the history). Security and admin only. Audit-logged.',
        tags: ['gamification'],
        access: 'security',
        params: seasonParams,
        responses: {
          204: 'Done.',
          403: 'FORBIDDEN: not security or admin.',
          404: 'No such season.',
        },
      }),
    },
    async (request, reply) => {
      const principal = requireUser(request.principal);
      ensure(isSecurity(principal), 'manage seasons');
      const { seasonId } = parseInput(seasonParams, request.params, 'params');
      await deleteSeason(database, { seasonId, actorId: principal.userId, now: now() });
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/v1/leaderboards/people',
    {
      config: docs({
        summary: 'The people leaderboard',
        description: `The people with points in the window, best first; equal totals share a rank (then by username). The organisation, or with \`teamId\` the members of one team (the caller must be able to read the team). People who opted out and disabled accounts are left out entirely, and the board does not say how many opted out. ${SEASON_HELP} \`limit\` (default 100, at most 500) cuts the list; \`total\` counts everyone on it.`,
        tags: ['gamification'],
        access: 'user',
        query: peopleQuery,
        responses: {
          200: '`{ window, teamId, total, entries: [{ rank, userId, username, displayName, points: { total, fixes, answers, training, ctf } }] }`',
          400: 'VALIDATION: a bad parameter.',
          403: 'A CI token.',
          404: 'No such season, or a team the caller may not read.',
        },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      const query = parseInput(peopleQuery, request.query, 'query');
      if (query.teamId !== undefined && !canReadTeam(principal, query.teamId))
        throw notFound('team');
      const window = await resolveWindow(database, choiceOf(query.season), now());
      const board = await peopleLeaderboard(database, window, {
        teamId: query.teamId,
        limit: query.limit ?? 100,
      });
      return { window: windowRef(window), teamId: query.teamId ?? null, ...board };
    },
  );

  app.get(
    '/api/v1/leaderboards/teams',
    {
      config: docs({
        summary: 'The team leaderboard',
        description: `Every team ranked by points per enabled member (so a big team does not win by its size); equal values share a rank. A team’s points: the fix points of its findings fixed within SLA in the window, whoever they were assigned to, plus the desk, training and CTF points of its enabled members. ${SEASON_HELP}`,
        tags: ['gamification'],
        access: 'user',
        query: teamsQuery,
        responses: {
          200: '`{ window, teams: [{ rank, teamId, slug, name, members, points, pointsPerMember, breakdown: { fixes, answers, training, ctf } }] }`',
          400: 'VALIDATION: a bad parameter.',
          403: 'A CI token.',
          404: 'No such season.',
        },
      }),
    },
    async (request) => {
      requireUser(request.principal);
      const query = parseInput(teamsQuery, request.query, 'query');
      const window = await resolveWindow(database, choiceOf(query.season), now());
      return { window: windowRef(window), teams: await teamLeaderboard(database, window) };
    },
  );
}
