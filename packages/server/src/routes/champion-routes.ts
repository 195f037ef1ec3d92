import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ensure, isSecurity, requireUser } from '../auth/authorize.js';
import { parseInput } from '../auth/input.js';
import {
  ExpertiseTagSchema,
  listChampions,
  MAX_EXPERTISE_TAGS,
  setChampionExpertise,
} from '../champions/champion-store.js';
import type { HubDatabase } from '../db/database.js';
import { docs } from '../openapi/route-docs.js';

/** What the champion routes need. */
export interface ChampionRoutesOptions {
  readonly database: HubDatabase;
  /** The clock (epoch ms); tests inject one. */
  readonly now?: () => number;
}

const id = z.string().min(1).max(100);
const expertiseParams = z.strictObject({ teamId: id, userId: id });
const expertiseBody = z.strictObject({
  tags: z.array(ExpertiseTagSchema).max(MAX_EXPERTISE_TAGS),
});
const directoryQuery = z.strictObject({
  expertise: ExpertiseTagSchema.optional(),
  teamId: id.optional(),
});

/**
 * Registers the security champions' routes:
 * - `PUT /api/v1/teams/:teamId/champions/:userId/expertise` `{ tags }`: replaces a
 *   champion's expertise tags in that team. Security and admin only: they appoint the
 *   champions (a champion may not tag themselves). 404 when the user is not a champion
 *   of the team; audit-logged.
 * - `GET /api/v1/champions[?expertise=tag][&teamId=id]`: the directory, readable by every
 *   signed-in person (whom to ask is no secret inside the organisation), not by CI tokens.
 */
export function registerChampionRoutes(app: FastifyInstance, options: ChampionRoutesOptions): void {
  const now = options.now ?? Date.now;

  app.put(
    '/api/v1/teams/:teamId/champions/:userId/expertise',
    {
      config: docs({
        summary: "Set a champion's expertise",
        description: `Replaces the expertise tags of a team's champion (at most ${MAX_EXPERTISE_TAGS}; lower-case words joined by dashes, at most 32 characters; duplicates are dropped). Security and admin only. Audit-logged.`,
        tags: ['champions'],
        access: 'security',
        params: expertiseParams,
        body: expertiseBody,
        responses: {
          200: '`{ teamId, userId, expertise }`: the stored tags, sorted.',
          400: 'VALIDATION: a bad tag or too many.',
          403: 'FORBIDDEN: not security or admin.',
          404: 'The user is not a champion of the team (or no such team or user).',
        },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      ensure(isSecurity(principal), "set a champion's expertise");
      const { teamId, userId } = parseInput(expertiseParams, request.params, 'params');
      const { tags } = parseInput(expertiseBody, request.body, 'body');
      const expertise = await setChampionExpertise(options.database, {
        teamId,
        userId,
        tags,
        actorId: principal.userId,
        now: now(),
      });
      return { teamId, userId, expertise };
    },
  );

  app.get(
    '/api/v1/champions',
    {
      config: docs({
        summary: 'The champions directory',
        description:
          "Every team's champions (disabled accounts left out), by team name then username: who, which team, their expertise there, and their triage activity on the team's findings (`triaged90d`: false positives, accepted risks, reopens, assignments, comments and severity overrides in the last 90 days; `lastActiveAt`: the newest of these). Every signed-in user may read it.",
        tags: ['champions'],
        access: 'user',
        query: directoryQuery,
        responses: {
          200: '`{ champions: [{ userId, username, displayName, teamId, teamName, expertise, activity: { triaged90d, lastActiveAt } }] }`',
          400: 'VALIDATION: a bad filter.',
          403: 'A CI token.',
        },
      }),
    },
    async (request) => {
      requireUser(request.principal);
      const { expertise, teamId } = parseInput(directoryQuery, request.query, 'query');
      return {
        champions: await listChampions(options.database, { now: now(), expertise, teamId }),
      };
    },
  );
}
