import { randomUUID } from 'node:crypto';
import { SEVERITIES } from '@rampart/core';
import type { FastifyInstance } from 'fastify';
import type { Selectable, Transaction } from 'kysely';
import { z } from 'zod';
import { ApiError } from '../app.js';
import { type AuditEntry, recordAudit } from '../auth/audit.js';
import { ensure, isOrgReader, isSecurity, requireUser } from '../auth/authorize.js';
import { notFound, parseInput } from '../auth/input.js';
import type { UserPrincipal } from '../auth/principal.js';
import type { HubDatabase } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { docs } from '../openapi/route-docs.js';
import { enqueuePing } from './outbox.js';
import { createWebhookSender, type DeliveryRow, type WebhookSender } from './sender.js';
import { newWebhookSecret } from './signature.js';
import { WEBHOOK_EVENTS, type WebhookDatabase, type WebhookTable, webhookDb } from './tables.js';
import { maskWebhookUrl, webhookUrlProblem } from './url-policy.js';

/** What the webhook routes need. */
export interface WebhookRoutesOptions {
  readonly database: HubDatabase;
  /** The clock (epoch ms); tests inject one. */
  readonly now?: () => number;
  /** Sends the test route's ping; default: a webhook sender with `publicUrl`. */
  readonly sender?: WebhookSender;
  /** The hub's public base URL, for absolute links in messages. */
  readonly publicUrl?: string | undefined;
}

const id = z.string().min(1).max(100);
const params = z.strictObject({ id });
const name = z.string().trim().min(1).max(200);
const url = z
  .string()
  .trim()
  .min(1)
  .max(2000)
  .superRefine((value, ctx) => {
    const problem = webhookUrlProblem(value);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
  });
const events = z
  .array(z.enum(WEBHOOK_EVENTS))
  .min(1)
  .refine((list) => new Set(list).size === list.length, 'list each event once');
const teamId = id.nullable();
const minSeverity = z.enum(SEVERITIES).nullable();
const createBody = z.strictObject({
  name,
  url,
  events,
  /** Only events about this team's projects; absent or null: every team. */
  teamId: teamId.optional(),
  /** Only events about findings at least this severe (SLA breaches); absent or null: any. */
  minSeverity: minSeverity.optional(),
  active: z.boolean().optional(),
});
const patchBody = z
  .strictObject({
    name: name.optional(),
    url: url.optional(),
    events: events.optional(),
    teamId: teamId.optional(),
    minSeverity: minSeverity.optional(),
    active: z.boolean().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'change at least one field');
const deliveriesQuery = z.strictObject({
  status: z.enum(['pending', 'delivered', 'failed']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** A webhook as the API shows it: never its secret, its URL masked. */
function describeWebhook(row: Selectable<WebhookTable>) {
  return {
    id: row.id,
    name: row.name,
    url: maskWebhookUrl(row.url),
    events: parseJson(row.events),
    teamId: row.team_id,
    minSeverity: row.min_severity,
    active: row.active !== 0,
    createdBy: row.created_by,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/** A delivery as the API shows it, with the structured event it carries. */
function describeDelivery(row: DeliveryRow) {
  return {
    id: row.id,
    webhookId: row.webhook_id,
    event: row.event,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.status === 'pending' ? iso(row.next_attempt_at) : null,
    lastStatusCode: row.last_status_code,
    lastError: row.last_error,
    createdAt: iso(row.created_at),
    deliveredAt: iso(row.delivered_at),
    payload: parseJson(row.payload),
  };
}

/**
 * Registers outgoing webhooks (security and admin manage them; auditors read them and their
 * deliveries; team members and CI tokens get 403):
 * - `GET /api/v1/webhooks`, `GET /api/v1/webhooks/:id`: webhooks without their secret, URLs
 *   masked after the first path segment (a Slack webhook URL is a credential).
 * - `POST /api/v1/webhooks` `{ name, url, events, teamId?, minSeverity?, active? }`: 201 with
 *   the `secret`, shown this once. URLs must be https (http only to loopback), without
 *   credentials.
 * - `PATCH /api/v1/webhooks/:id`, `DELETE /api/v1/webhooks/:id` (its deliveries go with it).
 * - `POST /api/v1/webhooks/:id/rotate-secret`: a new secret, shown once; the old one stops
 *   signing at once.
 * - `GET /api/v1/webhooks/:id/deliveries[?status=&limit=]`: the newest deliveries first.
 * - `POST /api/v1/webhooks/:id/test`: queues a `ping` and tries it at once (once: a ping is
 *   not retried); 200 with the delivery, delivered or not; 409 WEBHOOK_INACTIVE.
 * Every change writes an audit-log entry (never the secret, the URL masked).
 */
export function registerWebhookRoutes(app: FastifyInstance, options: WebhookRoutesOptions): void {
  const now = options.now ?? Date.now;
  const { database } = options;
  const db = webhookDb(database.db);
  const sender = options.sender ?? createWebhookSender({ publicUrl: options.publicUrl });

  async function change<T>(
    principal: UserPrincipal,
    at: number,
    entry: Omit<AuditEntry, 'actorId'>,
    work: (trx: Transaction<WebhookDatabase>) => Promise<T>,
  ): Promise<T> {
    return db.transaction().execute(async (trx) => {
      const result = await work(trx);
      await recordAudit(trx as unknown as Transaction<Database>, at, {
        ...entry,
        actorId: principal.userId,
      });
      return result;
    });
  }

  async function load(webhookId: string): Promise<Selectable<WebhookTable>> {
    const row = await db
      .selectFrom('webhooks')
      .selectAll()
      .where('id', '=', webhookId)
      .executeTakeFirst();
    if (row === undefined) throw notFound('webhook');
    return row;
  }

  async function ensureTeam(team: string | null | undefined): Promise<void> {
    if (team === null || team === undefined) return;
    const row = await db.selectFrom('teams').select('id').where('id', '=', team).executeTakeFirst();
    if (row === undefined) throw notFound('team');
  }

  const readers = (principal: UserPrincipal) =>
    ensure(isOrgReader(principal), 'read webhooks (admin, security or auditor)');
  const managers = (principal: UserPrincipal) =>
    ensure(isSecurity(principal), 'manage webhooks (security or admin)');

  app.get(
    '/api/v1/webhooks',
    {
      config: docs({
        summary: 'List webhooks',
        description: 'Every webhook, newest first; secrets are never shown, URLs are masked.',
        tags: ['webhooks'],
        access: 'org-reader',
        responses: { 200: '`{ webhooks }`', 403: 'FORBIDDEN' },
      }),
    },
    async (request) => {
      readers(requireUser(request.principal));
      const rows = await db
        .selectFrom('webhooks')
        .selectAll()
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .execute();
      return { webhooks: rows.map(describeWebhook) };
    },
  );

  app.post(
    '/api/v1/webhooks',
    {
      config: docs({
        summary: 'Create a webhook',
        description:
          'Subscribes a URL to `finding.new_critical` and/or `sla.breach`, optionally for one team and a minimum severity. The answer holds the signing `secret`, shown only here.',
        tags: ['webhooks'],
        access: 'security',
        body: createBody,
        responses: {
          201: 'The webhook with its `secret`',
          400: 'VALIDATION (e.g. a URL that is not https)',
          403: 'FORBIDDEN',
          404: 'No such team',
        },
      }),
    },
    async (request, reply) => {
      const principal = requireUser(request.principal);
      managers(principal);
      const body = parseInput(createBody, request.body, 'body');
      await ensureTeam(body.teamId);
      const at = now();
      const row: Selectable<WebhookTable> = {
        id: randomUUID(),
        name: body.name,
        url: body.url,
        secret: newWebhookSecret(),
        events: JSON.stringify(body.events),
        team_id: body.teamId ?? null,
        min_severity: body.minSeverity ?? null,
        active: body.active === false ? 0 : 1,
        created_by: principal.userId,
        created_at: at,
        updated_at: at,
      };
      await change(
        principal,
        at,
        {
          action: 'webhook.create',
          targetType: 'webhook',
          targetId: row.id,
          data: {
            name: row.name,
            url: maskWebhookUrl(row.url),
            events: body.events,
            teamId: row.team_id,
            minSeverity: row.min_severity,
            active: row.active !== 0,
          },
        },
        (trx) => trx.insertInto('webhooks').values(row).execute(),
      );
      return reply.status(201).send({ ...describeWebhook(row), secret: row.secret });
    },
  );

  app.get(
    '/api/v1/webhooks/:id',
    {
      config: docs({
        summary: 'A webhook',
        tags: ['webhooks'],
        access: 'org-reader',
        params,
        responses: { 200: 'The webhook (no secret)', 403: 'FORBIDDEN', 404: 'No such webhook' },
      }),
    },
    async (request) => {
      readers(requireUser(request.principal));
      const { id: webhookId } = parseInput(params, request.params, 'params');
      return describeWebhook(await load(webhookId));
    },
  );

  app.patch(
    '/api/v1/webhooks/:id',
    {
      config: docs({
        summary: 'Change a webhook',
        description:
          'Changes its name, URL, events, team filter, minimum severity or whether it is active. Deliveries of an inactive webhook wait until it is active again.',
        tags: ['webhooks'],
        access: 'security',
        params,
        body: patchBody,
        responses: {
          200: 'The webhook',
          400: 'VALIDATION',
          403: 'FORBIDDEN',
          404: 'No such webhook or team',
        },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      managers(principal);
      const { id: webhookId } = parseInput(params, request.params, 'params');
      const body = parseInput(patchBody, request.body, 'body');
      const current = await load(webhookId);
      await ensureTeam(body.teamId);
      const at = now();
      const updated: Selectable<WebhookTable> = {
        ...current,
        ...(body.name === undefined ? {} : { name: body.name }),
        ...(body.url === undefined ? {} : { url: body.url }),
        ...(body.events === undefined ? {} : { events: JSON.stringify(body.events) }),
        ...(body.teamId === undefined ? {} : { team_id: body.teamId }),
        ...(body.minSeverity === undefined ? {} : { min_severity: body.minSeverity }),
        ...(body.active === undefined ? {} : { active: body.active ? 1 : 0 }),
        updated_at: at,
      };
      await change(
        principal,
        at,
        {
          action: 'webhook.update',
          targetType: 'webhook',
          targetId: webhookId,
          data: { ...body, ...(body.url === undefined ? {} : { url: maskWebhookUrl(body.url) }) },
        },
        (trx) =>
          trx
            .updateTable('webhooks')
            .set({
              name: updated.name,
              url: updated.url,
              events: updated.events,
              team_id: updated.team_id,
              min_severity: updated.min_severity,
              active: updated.active,
              updated_at: at,
            })
            .where('id', '=', webhookId)
            .execute(),
      );
      return describeWebhook(updated);
    },
  );

  app.delete(
    '/api/v1/webhooks/:id',
    {
      config: docs({
        summary: 'Delete a webhook',
        description: 'Deletes the webhook and its deliveries, sent or not.',
        tags: ['webhooks'],
        access: 'security',
        params,
        responses: { 204: 'Deleted', 403: 'FORBIDDEN', 404: 'No such webhook' },
      }),
    },
    async (request, reply) => {
      const principal = requireUser(request.principal);
      managers(principal);
      const { id: webhookId } = parseInput(params, request.params, 'params');
      const current = await load(webhookId);
      await change(
        principal,
        now(),
        {
          action: 'webhook.delete',
          targetType: 'webhook',
          targetId: webhookId,
          data: { name: current.name, url: maskWebhookUrl(current.url) },
        },
        (trx) => trx.deleteFrom('webhooks').where('id', '=', webhookId).execute(),
      );
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/v1/webhooks/:id/rotate-secret',
    {
      config: docs({
        summary: "Rotate a webhook's secret",
        description:
          'Replaces the signing secret; the answer holds the new one, shown only here. Deliveries are signed with it from now on.',
        tags: ['webhooks'],
        access: 'security',
        params,
        responses: { 200: '`{ id, secret }`', 403: 'FORBIDDEN', 404: 'No such webhook' },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      managers(principal);
      const { id: webhookId } = parseInput(params, request.params, 'params');
      await load(webhookId);
      const at = now();
      const secret = newWebhookSecret();
      await change(
        principal,
        at,
        { action: 'webhook.rotate_secret', targetType: 'webhook', targetId: webhookId },
        (trx) =>
          trx
            .updateTable('webhooks')
            .set({ secret, updated_at: at })
            .where('id', '=', webhookId)
            .execute(),
      );
      return { id: webhookId, secret };
    },
  );

  app.get(
    '/api/v1/webhooks/:id/deliveries',
    {
      config: docs({
        summary: "A webhook's deliveries",
        description:
          'Newest first, with status, attempts, the next attempt, the last HTTP status and error (at most 500 characters) and the event sent.',
        tags: ['webhooks'],
        access: 'org-reader',
        params,
        query: deliveriesQuery,
        responses: { 200: '`{ deliveries }`', 403: 'FORBIDDEN', 404: 'No such webhook' },
      }),
    },
    async (request) => {
      readers(requireUser(request.principal));
      const { id: webhookId } = parseInput(params, request.params, 'params');
      const query = parseInput(deliveriesQuery, request.query, 'query');
      await load(webhookId);
      let q = db
        .selectFrom('webhook_deliveries')
        .selectAll()
        .where('webhook_id', '=', webhookId)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(query.limit);
      if (query.status !== undefined) q = q.where('status', '=', query.status);
      return { deliveries: (await q.execute()).map(describeDelivery) };
    },
  );

  app.post(
    '/api/v1/webhooks/:id/test',
    {
      config: docs({
        summary: 'Send a test ping',
        description:
          'Queues a `ping` delivery and sends it at once (a ping is tried only once). Answers with the delivery: `status` says whether the receiver took it, `lastError` why not.',
        tags: ['webhooks'],
        access: 'security',
        params,
        responses: {
          200: '`{ delivery }`',
          403: 'FORBIDDEN',
          404: 'No such webhook',
          409: 'WEBHOOK_INACTIVE',
        },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      managers(principal);
      const { id: webhookId } = parseInput(params, request.params, 'params');
      const webhook = await load(webhookId);
      if (webhook.active === 0)
        throw new ApiError(409, 'WEBHOOK_INACTIVE', 'activate the webhook first (PATCH active)');
      const at = now();
      const deliveryId = await change(
        principal,
        at,
        { action: 'webhook.test', targetType: 'webhook', targetId: webhookId },
        (trx) => enqueuePing(trx, webhook, at),
      );
      const delivery = await sender.deliverNow(database, deliveryId, at);
      if (delivery === undefined) throw notFound('delivery');
      return { delivery: describeDelivery(delivery) };
    },
  );
}
