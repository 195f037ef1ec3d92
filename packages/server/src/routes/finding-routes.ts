import { SCANNER_KINDS, SEVERITIES, STAGES } from '@rampart/core';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { z } from 'zod';
import { ApiError } from '../app.js';
import { canReadTeam, canTriage, requireUser, type TriageAction } from '../auth/authorize.js';
import { notFound, parseInput } from '../auth/input.js';
import type { UserPrincipal } from '../auth/principal.js';
import type { HubDatabase } from '../db/database.js';
import { lifecycleDb } from '../lifecycle/tables.js';
import { type TriageRequest, triageFinding } from '../lifecycle/triage-actions.js';
import {
  describeEvent,
  describeFinding,
  describeFindingDetail,
  instantSchema,
} from '../lifecycle/views.js';
import { docs } from '../openapi/route-docs.js';
import {
  commaList,
  decodeCursor,
  encodeCursor,
  FINDING_STATUSES,
  pageLimit,
  timeAndId,
} from './list-query.js';

/** What the finding routes need. */
export interface FindingRoutesOptions {
  readonly database: HubDatabase;
  /** The clock (epoch ms); tests inject one. */
  readonly now?: () => number;
}

const params = z.strictObject({ id: z.string().min(1).max(100) });
const listQuery = z.strictObject({
  status: commaList(FINDING_STATUSES).optional(),
  severity: commaList(SEVERITIES).optional(),
  scanner: commaList(SCANNER_KINDS).optional(),
  /** The stage the finding was first detected at. */
  stage: commaList(STAGES).optional(),
  /** A stage the finding was ever seen at. */
  seenAt: z.enum(STAGES).optional(),
  cursor: z.string().max(200).optional(),
  limit: pageLimit.optional(),
});
const reason = z.string().trim().min(1).max(2000);
const falsePositiveBody = z.strictObject({ reason });
const acceptRiskBody = z.strictObject({ reason, expiresAt: instantSchema });
const reopenBody = z.strictObject({ reason: reason.optional() }).optional();
const assignBody = z.strictObject({ assigneeId: z.string().min(1).max(100).nullable() });
const commentBody = z.strictObject({ text: z.string().trim().min(1).max(10_000) });
const severityBody = z.strictObject({
  severity: z.enum(SEVERITIES).nullable(),
  reason: reason.optional(),
});

/**
 * Registers findings and their triage:
 * - `GET /api/v1/projects/:id/findings`: the project's findings, newest first detection
 *   first; filters `status`, `severity` (the severity that counts, override included),
 *   `scanner`, `stage` (of first detection; each comma-separated) and `seenAt` (a stage it
 *   was ever seen at); cursor pagination (`limit` ≤ 500, `cursor` from `nextCursor`).
 * - `GET /api/v1/findings/:id`: one finding, as last reported, with its event timeline.
 * - `POST /api/v1/findings/:id/false-positive` `{ reason }`, `/accept-risk` `{ reason,
 *   expiresAt }`, `/reopen` `{ reason? }`, `/assign` `{ assigneeId | null }`, `/comments`
 *   `{ text }`, `/severity` `{ severity | null, reason? }`: each an event with its actor and
 *   details (and an audit entry). Members of the team comment, assign and reopen; a false
 *   positive, an accepted risk and a severity override need the team's champion, security
 *   or admin (`canTriage`). A finding the caller may not read is 404.
 */
export function registerFindingRoutes(app: FastifyInstance, options: FindingRoutesOptions): void {
  const now = options.now ?? Date.now;
  const db = lifecycleDb(options.database.db);

  async function readableFinding(principal: UserPrincipal, findingId: string) {
    const row = await db
      .selectFrom('findings')
      .innerJoin('projects', 'projects.id', 'findings.project_id')
      .selectAll('findings')
      .select(['projects.team_id as team_id', 'projects.name as project_name'])
      .where('findings.id', '=', findingId)
      .executeTakeFirst();
    if (row === undefined || !canReadTeam(principal, row.team_id)) throw notFound('finding');
    return row;
  }

  app.get(
    '/api/v1/projects/:id/findings',
    {
      config: docs({
        summary: "List a project's findings",
        description:
          'Newest first detection first. `status`, `severity` (effective, override included), `scanner` and `stage` (of first detection) take comma-separated values; `seenAt` is a stage the finding was ever seen at. Pages of `limit` (default 50, at most 500); pass `nextCursor` back as `cursor`.',
        tags: ['findings'],
        access: 'team-reader',
        params,
        query: listQuery,
        responses: {
          200: '`{ findings, nextCursor }`',
          404: 'No such project, or not readable by the caller',
        },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      const { id } = parseInput(params, request.params, 'params');
      const query = parseInput(listQuery, request.query, 'query');
      const project = await db
        .selectFrom('projects')
        .select(['id', 'team_id'])
        .where('id', '=', id)
        .executeTakeFirst();
      if (project === undefined || !canReadTeam(principal, project.team_id))
        throw notFound('project');
      const limit = query.limit ?? 50;
      let q = db.selectFrom('findings').selectAll().where('project_id', '=', id);
      if (query.status) q = q.where('status', 'in', query.status);
      if (query.severity)
        q = q.where(sql<string>`coalesce(severity_override, severity)`, 'in', query.severity);
      if (query.scanner) q = q.where('scanner', 'in', query.scanner);
      if (query.stage) q = q.where('first_seen_stage', 'in', query.stage);
      if (query.seenAt) q = q.where('seen_stages', 'like', `%,${query.seenAt},%`);
      if (query.cursor !== undefined) {
        const cursor = decodeCursor(query.cursor, timeAndId);
        q = q.where((eb) =>
          eb.or([
            eb('first_seen_at', '<', cursor.at),
            eb.and([eb('first_seen_at', '=', cursor.at), eb('id', '<', cursor.id)]),
          ]),
        );
      }
      const rows = await q
        .orderBy('first_seen_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit + 1)
        .execute();
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        findings: page.map(describeFinding),
        nextCursor:
          rows.length > limit && last !== undefined
            ? encodeCursor([last.first_seen_at, last.id])
            : null,
      };
    },
  );

  app.get(
    '/api/v1/findings/:id',
    {
      config: docs({
        summary: 'A finding and its history',
        description: 'The finding as last reported, with its event timeline.',
        tags: ['findings'],
        access: 'team-reader',
        params,
        responses: {
          200: 'The finding with its `projectName`, `teamId` and `events` (each with its `actor`: `{ username, displayName }` or null for a scan)',
          404: 'No such finding, or not readable by the caller',
        },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      const { id } = parseInput(params, request.params, 'params');
      const {
        team_id: teamId,
        project_name: projectName,
        ...row
      } = await readableFinding(principal, id);
      const events = await db
        .selectFrom('finding_events')
        .leftJoin('users', 'users.id', 'finding_events.actor_id')
        .selectAll('finding_events')
        .select(['users.username as actor_username', 'users.display_name as actor_display_name'])
        .where('finding_id', '=', id)
        .orderBy('at')
        .orderBy('finding_events.id')
        .execute();
      return {
        ...describeFindingDetail(row),
        projectName,
        teamId,
        events: events.map(({ actor_username, actor_display_name, ...event }) => ({
          ...describeEvent(event),
          // Who acted, by name: the people working a finding need to know who decided.
          actor:
            actor_username === null
              ? null
              : { username: actor_username, displayName: actor_display_name },
        })),
      };
    },
  );

  const actions: readonly {
    path: string;
    action: TriageAction;
    summary: string;
    description: string;
    body: z.ZodType;
    toRequest: (body: unknown) => TriageRequest;
  }[] = [
    {
      path: 'false-positive',
      action: 'false_positive',
      summary: 'Mark a false positive',
      description:
        "Marks the finding a false positive (it stays closed across scans until reopened). The team's champion, security or admin.",
      body: falsePositiveBody,
      toRequest: (body) => ({
        action: 'false_positive',
        ...parseInput(falsePositiveBody, body, 'body'),
      }),
    },
    {
      path: 'accept-risk',
      action: 'accept_risk',
      summary: 'Accept the risk',
      description:
        "Accepts the risk until `expiresAt`, when the finding reverts. The team's champion, security or admin.",
      body: acceptRiskBody,
      toRequest: (body) => ({ action: 'accept_risk', ...parseInput(acceptRiskBody, body, 'body') }),
    },
    {
      path: 'reopen',
      action: 'reopen',
      summary: 'Reopen',
      description:
        "Undoes a false positive or an accepted risk. The team's members, security or admin.",
      body: reopenBody,
      toRequest: (body) => ({ action: 'reopen', ...(parseInput(reopenBody, body, 'body') ?? {}) }),
    },
    {
      path: 'assign',
      action: 'assign',
      summary: 'Assign',
      description:
        "Assigns the finding to a user (null: unassigns). The team's members, security or admin.",
      body: assignBody,
      toRequest: (body) => ({ action: 'assign', ...parseInput(assignBody, body, 'body') }),
    },
    {
      path: 'comments',
      action: 'comment',
      summary: 'Comment',
      description:
        "Adds a comment to the finding's history. The team's members, security or admin.",
      body: commentBody,
      toRequest: (body) => ({ action: 'comment', ...parseInput(commentBody, body, 'body') }),
    },
    {
      path: 'severity',
      action: 'override_severity',
      summary: 'Override the severity',
      description:
        "Overrides the severity (null: back to the reported one); metrics and SLAs use the override. The team's champion, security or admin.",
      body: severityBody,
      toRequest: (body) => ({
        action: 'override_severity',
        ...parseInput(severityBody, body, 'body'),
      }),
    },
  ];

  for (const { path, action, summary, description, body, toRequest } of actions) {
    const config = docs({
      summary,
      description,
      tags: ['findings'],
      access: 'team-writer',
      params,
      body,
      responses: {
        200: 'The finding',
        403: 'FORBIDDEN: may read the finding but not take this action',
        404: 'No such finding, or not readable by the caller',
        ...(action === 'reopen'
          ? { 409: 'NOT_TRIAGED: only a false positive or an accepted risk can be reopened' }
          : {}),
      },
    });
    app.post(`/api/v1/findings/:id/${path}`, { config }, async (request) => {
      const principal = requireUser(request.principal);
      const { id } = parseInput(params, request.params, 'params');
      const finding = await readableFinding(principal, id);
      if (!canTriage(principal, finding.team_id, action))
        throw new ApiError(
          403,
          'FORBIDDEN',
          `not allowed: ${action.replace('_', ' ')} on this finding`,
        );
      const triage = toRequest(request.body);
      const row = await triageFinding(options.database, id, triage, principal.userId, now());
      return describeFinding(row);
    });
  }
}
