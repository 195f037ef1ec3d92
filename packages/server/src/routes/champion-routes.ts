import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { canReadTeam, ensure, isSecurity, requireUser } from '../auth/authorize.js';
import { notFound, parseInput } from '../auth/input.js';
import { appointChampion, dismissChampion } from '../champions/appointment.js';
import { championHome, HOME_LIST_LIMIT } from '../champions/champion-home.js';
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
const teamParams = z.strictObject({ teamId: id });
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
 * - `PUT|DELETE /api/v1/teams/:teamId/champions/:userId`: appoint a champion (joining them
 *   to the team if needed) or end the role (they stay a developer). Security and admin.
 * - `GET /api/v1/teams/:teamId/champion-home`: the champion's home page for the team; the
 *   team's readers (others get 404).
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

  app.put(
    '/api/v1/teams/:teamId/champions/:userId',
    {
      config: docs({
        summary: 'Appoint a champion',
        description:
          "Makes a user a champion of a team: their membership's role becomes `champion`; a user who is not in the team joins it as its champion. Appointing a champion again changes nothing (`changed: false`). Security and admin only (admins also manage memberships in general). Audit-logged.",
        tags: ['champions'],
        access: 'security',
        params: expertiseParams,
        responses: {
          200: '`{ teamId, userId, role: "champion", changed }`',
          403: 'FORBIDDEN: not security or admin.',
          404: 'No such team, or no such (enabled) user.',
        },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      ensure(isSecurity(principal), 'appoint a champion');
      const { teamId, userId } = parseInput(expertiseParams, request.params, 'params');
      return appointChampion(options.database, {
        teamId,
        userId,
        actorId: principal.userId,
        now: now(),
      });
    },
  );

  app.delete(
    '/api/v1/teams/:teamId/champions/:userId',
    {
      config: docs({
        summary: "End a champion's role",
        description:
          'The champion stays in the team as a developer; their expertise tags are kept but no longer shown. Security and admin only. Audit-logged.',
        tags: ['champions'],
        access: 'security',
        params: expertiseParams,
        responses: {
          204: 'Done.',
          403: 'FORBIDDEN: not security or admin.',
          404: 'The user is not a champion of the team.',
        },
      }),
    },
    async (request, reply) => {
      const principal = requireUser(request.principal);
      ensure(isSecurity(principal), "end a champion's role");
      const { teamId, userId } = parseInput(expertiseParams, request.params, 'params');
      await dismissChampion(options.database, {
        teamId,
        userId,
        actorId: principal.userId,
        now: now(),
      });
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/v1/teams/:teamId/champion-home',
    {
      config: docs({
        summary: "A team's champion home page",
        description: `What the team's champion works from: open findings nobody has triaged since they (re)opened (no assignee, no decision, comment or severity override; critical first, then the oldest), open findings whose SLA ends within 14 days and those past it (false positives and accepted risks left out), the team's desk questions waiting for an answer, and the team's numbers over the last 90 days (fixes, MTTR mean and median in days, SLA compliance, open findings, breaches) next to the organisation's. Lists hold at most ${HOME_LIST_LIMIT} rows and give their totals. The team's readers (its members, admin, security, auditor).`,
        tags: ['champions'],
        access: 'team-reader',
        params: teamParams,
        responses: {
          200: '`{ teamId, teamName, generatedAt, triage: { total, items }, slaDueSoon: { total, items }, slaBreached: { total, items }, questions: { total, items }, metrics: { window, team, organisation } }`',
          403: 'A CI token.',
          404: 'No such team, or the caller may not read it.',
        },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      const { teamId } = parseInput(teamParams, request.params, 'params');
      if (!canReadTeam(principal, teamId)) throw notFound('team');
      return championHome(options.database, { teamId, now: now() });
    },
  );
}
