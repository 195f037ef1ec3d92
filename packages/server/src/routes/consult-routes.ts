import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { canReadTeam, ensure, isOrgReader, isSecurity, requireUser } from '../auth/authorize.js';
import { ensureTeamExists, notFound, parseInput } from '../auth/input.js';
import type { UserPrincipal } from '../auth/principal.js';
import {
  CONSULT_KINDS,
  CONSULT_STATUSES,
  CONSULT_TRANSITIONS,
  DEFAULT_CONSULT_SLA,
} from '../consults/consult-sla.js';
import {
  type ConsultRow,
  commentOnConsult,
  consultDetail,
  createConsult,
  findConsult,
  listConsults,
  loadConsultSettings,
  saveConsultSettings,
  updateConsult,
} from '../consults/consult-store.js';
import type { HubDatabase } from '../db/database.js';
import { docs } from '../openapi/route-docs.js';
import { commaList } from './list-query.js';

/** What the consult routes need. */
export interface ConsultRoutesOptions {
  readonly database: HubDatabase;
  /** The clock (epoch ms); tests inject one. */
  readonly now?: () => number;
}

const id = z.string().min(1).max(100);
const END_OF_DAY_MS = 24 * 60 * 60 * 1000 - 1;
/** An ISO 8601 date-time with offset, or a date (`2025-03-01`: the end of that day, UTC). */
const instant = z
  .union([
    z.iso.datetime({ offset: true }).transform((s) => Date.parse(s)),
    z.iso.date().transform((s) => Date.parse(`${s}T00:00:00Z`) + END_OF_DAY_MS),
  ])
  .describe('ISO 8601 date-time with offset, or a date (the end of that day, UTC)');
const markdownText = (max: number) => z.string().trim().min(1).max(max);
const link = z
  .url({ protocol: /^https?$/ })
  .max(2000)
  .describe('an http(s) URL');

const consultParams = z.strictObject({ consultId: id });
const createBody = z.strictObject({
  teamId: id,
  projectId: id.optional(),
  kind: z.enum(CONSULT_KINDS),
  service: z.string().trim().min(1).max(120),
  description: markdownText(20_000).describe('markdown, at most 20 000 characters'),
  wantedBy: instant.optional(),
  links: z.array(link).max(10).default([]),
});
const patchBody = z
  .strictObject({
    status: z.enum(CONSULT_STATUSES).optional(),
    ownerId: id.nullable().optional(),
    dueAt: instant.nullable().optional(),
    outcome: markdownText(20_000).nullable().optional(),
    outcomeThreatModel: z
      .strictObject({ projectId: id, revision: z.number().int().positive() })
      .nullable()
      .optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'give at least one field to change');
const commentBody = z.strictObject({ text: markdownText(5000) });
const listQuery = z.strictObject({
  status: commaList(CONSULT_STATUSES).optional(),
  kind: z.enum(CONSULT_KINDS).optional(),
  teamId: id.optional(),
  owner: z.literal('me').optional().describe('`me`: the consults the caller owns'),
  open: z.enum(['true', 'false']).optional().describe('true: open only; false: closed only'),
  sort: z.enum(['urgency', 'newest']).optional(),
  limit: z
    .string()
    .regex(/^\d{1,3}$/, 'a number from 1 to 200')
    .transform(Number)
    .pipe(z.number().int().min(1).max(200))
    .optional(),
  offset: z
    .string()
    .regex(/^\d{1,6}$/, 'a number from 0')
    .transform(Number)
    .optional(),
});
const targets = z.strictObject({
  triageDays: z.number().int().min(1).max(365),
  completionDays: z.number().int().min(1).max(365),
});
const settingsBody = z
  .strictObject({ design_review: targets.optional(), threat_model: targets.optional() })
  .refine((b) => Object.keys(b).length > 0, 'give the targets of at least one kind');

const SLA_TEXT = `SLA per kind, in calendar days from the request: a first response (leaving \`requested\`) within the triage target, closure within the completion target (defaults: design_review ${DEFAULT_CONSULT_SLA.design_review.triageDays}/${DEFAULT_CONSULT_SLA.design_review.completionDays} days, threat_model ${DEFAULT_CONSULT_SLA.threat_model.triageDays}/${DEFAULT_CONSULT_SLA.threat_model.completionDays} days); a consult's \`dueAt\` overrides its completion target.`;
const TRANSITIONS_TEXT = Object.entries(CONSULT_TRANSITIONS)
  .map(([from, to]) => `${from} → ${to.length === 0 ? '(final)' : to.join(' | ')}`)
  .join('; ');

/** Whether the principal may file a consult for the team: its members, security and admin. */
function canFile(principal: UserPrincipal, teamId: string): boolean {
  return isSecurity(principal) || principal.teams.has(teamId);
}

/** Whether the principal may cancel or comment: the requester, the team's champion, security. */
function canSpeakFor(principal: UserPrincipal, consult: ConsultRow): boolean {
  return (
    isSecurity(principal) ||
    consult.requested_by === principal.userId ||
    principal.teams.get(consult.team_id) === 'champion'
  );
}

/**
 * Registers the consult routes: teams request a design review or a threat-modelling
 * session, the security team works the queue (status, owner, due date, outcome linked to
 * a threat-model revision) against an SLA per kind. Team readers read their team's
 * consults (others get 404); security, admin and auditors read the whole queue; security
 * and admin work it; the requester or the team's champion may cancel and comment. Every
 * change is audit-logged.
 */
export function registerConsultRoutes(app: FastifyInstance, options: ConsultRoutesOptions): void {
  const now = options.now ?? Date.now;
  const { database } = options;

  /** The consult, or 404 when it does not exist or the caller may not read its team. */
  const readable = async (principal: UserPrincipal, consultId: string) => {
    const consult = await findConsult(database, consultId);
    if (consult === undefined || !canReadTeam(principal, consult.team_id))
      throw notFound('consult');
    return consult;
  };

  app.post(
    '/api/v1/consults',
    {
      config: docs({
        summary: 'Request a consult',
        description: `Files a request for a design review or a threat-modelling session for a service of a team: what (\`service\`, a markdown \`description\`), when (\`wantedBy\`) and \`links\` (up to 10 http(s) URLs). The team's members, security and admin may file; the optional \`projectId\` must be one of the team's projects. The consult starts as \`requested\`. ${SLA_TEXT} Audit-logged.`,
        tags: ['consults'],
        access: 'team-writer',
        body: createBody,
        responses: {
          201: 'The consult, as `GET /api/v1/consults/:consultId` gives it.',
          400: 'VALIDATION: a bad field (the message names it), or a project of another team.',
          403: 'FORBIDDEN: a reader of the team who may not file (an auditor), or a CI token.',
          404: 'No such team, or one the caller may not read.',
        },
      }),
    },
    async (request, reply) => {
      const principal = requireUser(request.principal);
      const body = parseInput(createBody, request.body, 'body');
      if (!canReadTeam(principal, body.teamId)) throw notFound('team');
      ensure(canFile(principal, body.teamId), 'file a consult for this team');
      await ensureTeamExists(database.db, body.teamId);
      const at = now();
      const consultId = await createConsult(database, {
        ...body,
        actorId: principal.userId,
        now: at,
      });
      return reply.status(201).send(await consultDetail(database, consultId, at));
    },
  );

  app.get(
    '/api/v1/consults',
    {
      config: docs({
        summary: 'The consult queue',
        description: `Consults the caller may read (security, admin and auditors: every team's; others: their teams'), most urgent first by default: open consults by their next pending SLA deadline, then closed ones, newest closure first (\`sort=newest\`: by request time). Filters: \`status\` (comma-separated), \`kind\`, \`teamId\`, \`owner=me\`, \`open=true|false\`. Paginated with \`limit\` (default 50, at most 200) and \`offset\`. Items leave out the markdown bodies. ${SLA_TEXT}`,
        tags: ['consults'],
        access: 'user',
        query: listQuery,
        responses: {
          200: '`{ consults: [{ id, teamId, teamName, projectId, requestedBy, kind, service, wantedBy, links, status, owner, dueAt, outcomeThreatModel, createdAt, updatedAt, triagedAt, closedAt, sla: { triageDueAt, completionDueAt, breached, state } }], total, limit, offset }`',
          400: 'VALIDATION: a bad filter.',
          403: 'A CI token.',
          404: '`teamId` names a team the caller may not read.',
        },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      const q = parseInput(listQuery, request.query, 'query');
      if (q.teamId !== undefined && !canReadTeam(principal, q.teamId)) throw notFound('team');
      const limit = q.limit ?? 50;
      const offset = q.offset ?? 0;
      const page = await listConsults(database, {
        readableTeams: isOrgReader(principal) ? undefined : [...principal.teams.keys()],
        status: q.status,
        kind: q.kind,
        teamId: q.teamId,
        ownerId: q.owner === 'me' ? principal.userId : undefined,
        open: q.open === undefined ? undefined : q.open === 'true',
        sort: q.sort,
        limit,
        offset,
        now: now(),
      });
      return { ...page, limit, offset };
    },
  );

  app.get(
    '/api/v1/consults/settings',
    {
      config: docs({
        summary: 'The consult SLA targets',
        description: `The SLA targets in force per kind, and whether they are the defaults. ${SLA_TEXT} Every signed-in user may read them.`,
        tags: ['consults'],
        access: 'user',
        responses: {
          200: '`{ settings: { design_review: { triageDays, completionDays }, threat_model: { … } }, defaults: { … } }`',
          403: 'A CI token.',
        },
      }),
    },
    async (request) => {
      requireUser(request.principal);
      return { settings: await loadConsultSettings(database), defaults: DEFAULT_CONSULT_SLA };
    },
  );

  app.put(
    '/api/v1/consults/settings',
    {
      config: docs({
        summary: 'Set the consult SLA targets',
        description:
          'Sets the triage and completion targets (whole days, 1 to 365; triage not longer than completion) of one or both kinds; a kind left out keeps its targets. They apply at once to every consult, open or closed, as the API computes the SLA when read. Security and admin only. Audit-logged.',
        tags: ['consults'],
        access: 'security',
        body: settingsBody,
        responses: {
          200: '`{ settings, defaults }`: the targets now in force.',
          400: 'VALIDATION: a bad target (the message names it).',
          403: 'FORBIDDEN: not security or admin.',
        },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      ensure(isSecurity(principal), 'change the consult SLA targets');
      const body = parseInput(settingsBody, request.body, 'body');
      const settings = await saveConsultSettings(database, {
        targets: body,
        actorId: principal.userId,
        now: now(),
      });
      return { settings, defaults: DEFAULT_CONSULT_SLA };
    },
  );

  app.get(
    '/api/v1/consults/:consultId',
    {
      config: docs({
        summary: 'A consult with its history',
        description:
          "A consult with its markdown (`description`, `outcome`: raw, and rendered as `descriptionHtml`, `outcomeHtml` with raw HTML escaped), its SLA, and its append-only history (`events`: created, status, owner, due, outcome, comment; who and when), oldest first. Readable by the team's readers, security, admin and auditors.",
        tags: ['consults'],
        access: 'team-reader',
        params: consultParams,
        responses: {
          200: 'The consult: the list fields plus `description`, `descriptionHtml`, `outcome`, `outcomeHtml`, `events: [{ id, at, actor, type, data, textHtml? }]`.',
          403: 'A CI token.',
          404: 'No such consult, or one the caller may not read.',
        },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      const { consultId } = parseInput(consultParams, request.params, 'params');
      await readable(principal, consultId);
      return consultDetail(database, consultId, now());
    },
  );

  app.patch(
    '/api/v1/consults/:consultId',
    {
      config: docs({
        summary: 'Work a consult',
        description: `Changes a consult's \`status\`, \`ownerId\` (an active security or admin user; null: nobody), \`dueAt\` (null: back to the kind's target), \`outcome\` (markdown; required to close as done or declined) and \`outcomeThreatModel\` (\`{ projectId, revision }\`: a stored threat-model revision of one of the team's projects; null: no link). Allowed moves: ${TRANSITIONS_TEXT}. Security and admin may change everything; the requester and the team's champion may only cancel (\`{ "status": "cancelled" }\`). Each change is an event in the history. Audit-logged.`,
        tags: ['consults'],
        access: 'security',
        params: consultParams,
        body: patchBody,
        responses: {
          200: 'The consult, as `GET /api/v1/consults/:consultId` gives it.',
          400: 'VALIDATION: a bad field (the message names it), a missing outcome, an owner who is not security, a threat-model revision that does not exist.',
          403: 'FORBIDDEN: a reader who may not make this change.',
          404: 'No such consult, or one the caller may not read.',
          409: 'INVALID_TRANSITION: the status machine does not allow the move (the message names from and to).',
        },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      const { consultId } = parseInput(consultParams, request.params, 'params');
      const consult = await readable(principal, consultId);
      const body = parseInput(patchBody, request.body, 'body');
      const onlyCancel = Object.keys(body).length === 1 && body.status === 'cancelled';
      ensure(
        isSecurity(principal) || (onlyCancel && canSpeakFor(principal, consult)),
        onlyCancel ? 'cancel this consult' : 'change this consult',
      );
      const at = now();
      await updateConsult(database, consultId, body, principal.userId, at);
      return consultDetail(database, consultId, at);
    },
  );

  app.post(
    '/api/v1/consults/:consultId/comments',
    {
      config: docs({
        summary: 'Comment on a consult',
        description:
          "Adds a markdown comment (at most 5000 characters) to a consult's history. The requester, the team's champion, security and admin may comment. Audit-logged.",
        tags: ['consults'],
        access: 'team-writer',
        params: consultParams,
        body: commentBody,
        responses: {
          201: 'The consult, as `GET /api/v1/consults/:consultId` gives it, with the comment last in `events`.',
          400: 'VALIDATION: an empty or too long text.',
          403: 'FORBIDDEN: a reader who is not the requester, the champion, security or admin.',
          404: 'No such consult, or one the caller may not read.',
        },
      }),
    },
    async (request, reply) => {
      const principal = requireUser(request.principal);
      const { consultId } = parseInput(consultParams, request.params, 'params');
      const consult = await readable(principal, consultId);
      ensure(canSpeakFor(principal, consult), 'comment on this consult');
      const { text } = parseInput(commentBody, request.body, 'body');
      const at = now();
      await commentOnConsult(database, consultId, text, principal.userId, at);
      return reply.status(201).send(await consultDetail(database, consultId, at));
    },
  );
}
