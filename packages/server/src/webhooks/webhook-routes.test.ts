import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHub } from '../app.js';
import type { Principal } from '../auth/principal.js';
import type { HubDatabase } from '../db/database.js';
import { seedProject, seedUser, usePrincipals } from '../ingest/ingest-test-support.js';
import { freshDatabase, TEST_DIALECTS } from '../test-support/databases.js';
import { createWebhookSender } from './sender.js';
import { verifyWebhook } from './signature.js';
import { registerWebhookRoutes } from './webhook-routes.js';
import { deliveriesOf, type LoopbackReceiver, startReceiver } from './webhook-test-support.js';

const NOW = Date.parse('2026-06-01T12:00:00Z');

describe.each(TEST_DIALECTS)('webhook routes on %s', (dialect) => {
  let hub: HubDatabase;
  let drop: () => Promise<void>;
  let app: FastifyInstance;
  let receiver: LoopbackReceiver;
  let teamId: string;
  const principals = new Map<string, Principal>();

  beforeAll(async () => {
    ({ hub, drop } = await freshDatabase(dialect));
    ({ teamId } = await seedProject(hub));
    principals.set('admin', await seedUser(hub, { globalRole: 'admin' }));
    principals.set('security', await seedUser(hub, { globalRole: 'security' }));
    principals.set('auditor', await seedUser(hub, { globalRole: 'auditor' }));
    principals.set('champion', await seedUser(hub, { team: { id: teamId, role: 'champion' } }));
    principals.set('ci', { kind: 'ci', tokenId: 't', projectId: 'p' });
    receiver = await startReceiver();
    app = buildHub({ database: hub, logger: false });
    usePrincipals(app, principals);
    registerWebhookRoutes(app, {
      database: hub,
      now: () => NOW,
      sender: createWebhookSender({ random: () => 0 }),
    });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await receiver.close();
    await drop();
  });

  const call = async (
    who: string,
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    payload?: unknown,
  ) => {
    const response = await app.inject({
      method,
      url,
      headers: who ? { authorization: `Bearer ${who}` } : {},
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
    return {
      status: response.statusCode,
      body: response.body,
      json: (response.body ? response.json() : {}) as Record<string, unknown>,
    };
  };
  const create = async (body: Record<string, unknown> = {}) => {
    const res = await call('security', 'POST', '/api/v1/webhooks', {
      name: 'security channel',
      url: receiver.url,
      events: ['finding.new_critical', 'sla.breach'],
      ...body,
    });
    expect(res.status).toBe(201);
    return res.json as { id: string; secret: string };
  };

  it('creates a webhook and shows its secret once, never again', async () => {
    const slackPath = ['services', 'T0', 'B0', 'z'.repeat(24)].join('/');
    const created = await call('security', 'POST', '/api/v1/webhooks', {
      name: 'Slack #security',
      url: `https://hooks.slack.com/${slackPath}`,
      events: ['finding.new_critical'],
      teamId,
      minSeverity: 'high',
    });
    expect(created).toMatchObject({
      status: 201,
      json: {
        name: 'Slack #security',
        url: 'https://hooks.slack.com/services/…',
        events: ['finding.new_critical'],
        teamId,
        minSeverity: 'high',
        active: true,
        createdBy: (principals.get('security') as { userId: string }).userId,
        createdAt: new Date(NOW).toISOString(),
      },
    });
    const { id, secret } = created.json as { id: string; secret: string };
    expect(secret).toMatch(/^rmp_whsec_[A-Za-z0-9_-]{43}$/);

    for (const who of ['security', 'auditor', 'admin']) {
      const one = await call(who, 'GET', `/api/v1/webhooks/${id}`);
      expect(one.status).toBe(200);
      expect(one.body).not.toContain(secret);
      expect(one.body).not.toContain(slackPath);
      const list = await call(who, 'GET', '/api/v1/webhooks');
      expect((list.json.webhooks as { id: string }[]).map((w) => w.id)).toContain(id);
      expect(list.body).not.toContain(secret);
    }
    const audit = await hub.db
      .selectFrom('audit_log')
      .selectAll()
      .where('target_id', '=', id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['webhook.create']);
    expect(audit[0]?.data).not.toContain(secret);
    expect(audit[0]?.data).not.toContain(slackPath);
  });

  it('refuses bad input with the field that is wrong', async () => {
    const base = { name: 'x', url: 'https://example.com/hook', events: ['sla.breach'] };
    for (const [body, message] of [
      [{ ...base, url: 'http://example.com/hook' }, 'body.url: use https'],
      [{ ...base, url: 'https://u:p@example.com/hook' }, 'body.url: remove the credentials'],
      [{ ...base, url: 'nope' }, 'body.url: not a URL'],
      [{ ...base, events: [] }, 'body.events'],
      [{ ...base, events: ['finding.everything'] }, 'body.events.0'],
      [{ ...base, events: ['sla.breach', 'sla.breach'] }, 'body.events: list each event once'],
      [{ ...base, minSeverity: 'urgent' }, 'body.minSeverity'],
      [{ ...base, secret: 'mine' }, 'body'],
      [{ ...base, name: '' }, 'body.name'],
    ] as const) {
      expect(await call('security', 'POST', '/api/v1/webhooks', body)).toMatchObject({
        status: 400,
        json: { error: { code: 'VALIDATION', message: expect.stringContaining(message) } },
      });
    }
    expect(
      await call('security', 'POST', '/api/v1/webhooks', { ...base, teamId: 'no-such-team' }),
    ).toMatchObject({ status: 404, json: { error: { code: 'NOT_FOUND' } } });
  });

  it('lets only security and admin change webhooks; auditors read; others are refused', async () => {
    const { id } = await create();
    const body = { name: 'x', url: 'https://example.com/hook', events: ['sla.breach'] };
    for (const who of ['champion', 'auditor', 'ci']) {
      expect((await call(who, 'POST', '/api/v1/webhooks', body)).status).toBe(403);
      expect((await call(who, 'PATCH', `/api/v1/webhooks/${id}`, { active: false })).status).toBe(
        403,
      );
      expect((await call(who, 'POST', `/api/v1/webhooks/${id}/rotate-secret`)).status).toBe(403);
      expect((await call(who, 'DELETE', `/api/v1/webhooks/${id}`)).status).toBe(403);
    }
    expect((await call('champion', 'GET', '/api/v1/webhooks')).status).toBe(403);
    expect((await call('champion', 'GET', `/api/v1/webhooks/${id}/deliveries`)).status).toBe(403);
    expect((await call('', 'GET', '/api/v1/webhooks')).status).toBe(401);
    expect((await call('auditor', 'GET', `/api/v1/webhooks/${id}/deliveries`)).status).toBe(200);
  });

  it('changes a webhook, with an audit entry, and validates the change', async () => {
    const { id } = await create();
    const changed = await call('admin', 'PATCH', `/api/v1/webhooks/${id}`, {
      events: ['sla.breach'],
      minSeverity: 'critical',
      teamId: null,
      active: false,
    });
    expect(changed).toMatchObject({
      status: 200,
      json: { id, events: ['sla.breach'], minSeverity: 'critical', active: false, teamId: null },
    });
    expect((await call('admin', 'GET', `/api/v1/webhooks/${id}`)).json).toMatchObject({
      events: ['sla.breach'],
      active: false,
    });
    expect(await call('admin', 'PATCH', `/api/v1/webhooks/${id}`, {})).toMatchObject({
      status: 400,
      json: { error: { message: expect.stringContaining('change at least one field') } },
    });
    expect(
      (await call('admin', 'PATCH', `/api/v1/webhooks/${id}`, { url: 'http://10.1.1.1/' })).status,
    ).toBe(400);
    expect((await call('admin', 'PATCH', '/api/v1/webhooks/nope', { active: true })).status).toBe(
      404,
    );
    const actions = await hub.db
      .selectFrom('audit_log')
      .select('action')
      .where('target_id', '=', id)
      .orderBy('id')
      .execute();
    expect(actions.map((a) => a.action)).toEqual(['webhook.create', 'webhook.update']);
  });

  it('sends a signed test ping at once, and reports a receiver that refuses it', async () => {
    const { id, secret } = await create();
    const before = receiver.requests.length;
    const sent = await call('security', 'POST', `/api/v1/webhooks/${id}/test`);
    expect(sent).toMatchObject({
      status: 200,
      json: {
        delivery: {
          webhookId: id,
          event: 'ping',
          status: 'delivered',
          attempts: 1,
          lastStatusCode: 200,
          deliveredAt: new Date(NOW).toISOString(),
          payload: { event: 'ping', webhook: { id, name: 'security channel' } },
        },
      },
    });
    const request = receiver.requests[before];
    expect(request?.headers['x-rampart-event']).toBe('ping');
    expect(
      verifyWebhook(
        secret,
        {
          signature: String(request?.headers['x-rampart-signature']),
          timestamp: String(request?.headers['x-rampart-timestamp']),
        },
        request?.body ?? '',
        Math.floor(NOW / 1000),
      ),
    ).toBe(true);
    expect(JSON.parse(request?.body ?? '{}').text).toBe(
      'Rampart webhook test: "security channel" is set up.',
    );

    // A ping is tried once: a refusal fails it at once, with the reason.
    receiver.answer(500);
    const refused = await call('security', 'POST', `/api/v1/webhooks/${id}/test`);
    expect(refused).toMatchObject({
      status: 200,
      json: { delivery: { status: 'failed', attempts: 1, lastStatusCode: 500 } },
    });
    expect(
      ((refused.json.delivery as { lastError: string }).lastError ?? '').startsWith('HTTP 500'),
    ).toBe(true);

    await call('security', 'PATCH', `/api/v1/webhooks/${id}`, { active: false });
    expect(await call('security', 'POST', `/api/v1/webhooks/${id}/test`)).toMatchObject({
      status: 409,
      json: { error: { code: 'WEBHOOK_INACTIVE' } },
    });
  });

  it('rotates the secret: the new one signs, the old one no longer does', async () => {
    const { id, secret } = await create();
    const rotated = await call('security', 'POST', `/api/v1/webhooks/${id}/rotate-secret`);
    expect(rotated.status).toBe(200);
    const fresh = (rotated.json as { secret: string }).secret;
    expect(fresh).toMatch(/^rmp_whsec_/);
    expect(fresh).not.toBe(secret);
    const before = receiver.requests.length;
    await call('security', 'POST', `/api/v1/webhooks/${id}/test`);
    const request = receiver.requests[before];
    const headers = {
      signature: String(request?.headers['x-rampart-signature']),
      timestamp: String(request?.headers['x-rampart-timestamp']),
    };
    const now = Math.floor(NOW / 1000);
    expect(verifyWebhook(fresh, headers, request?.body ?? '', now)).toBe(true);
    expect(verifyWebhook(secret, headers, request?.body ?? '', now)).toBe(false);
    const audit = await hub.db
      .selectFrom('audit_log')
      .selectAll()
      .where('target_id', '=', id)
      .where('action', '=', 'webhook.rotate_secret')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.data).not.toContain(fresh);
  });

  it('lists deliveries newest first, filtered by status', async () => {
    const { id } = await create();
    receiver.answer(500);
    await call('security', 'POST', `/api/v1/webhooks/${id}/test`);
    await call('security', 'POST', `/api/v1/webhooks/${id}/test`);
    const all = await call('auditor', 'GET', `/api/v1/webhooks/${id}/deliveries`);
    const rows = await deliveriesOf(hub, id);
    expect(all.status).toBe(200);
    expect((all.json.deliveries as { status: string }[]).map((d) => d.status).sort()).toEqual([
      'delivered',
      'failed',
    ]);
    expect(rows).toHaveLength(2);
    const failed = await call('auditor', 'GET', `/api/v1/webhooks/${id}/deliveries?status=failed`);
    expect(failed.json.deliveries).toEqual([
      expect.objectContaining({ status: 'failed', lastStatusCode: 500, nextAttemptAt: null }),
    ]);
    const one = await call('auditor', 'GET', `/api/v1/webhooks/${id}/deliveries?limit=1`);
    expect(one.json.deliveries).toHaveLength(1);
    expect((await call('auditor', 'GET', `/api/v1/webhooks/${id}/deliveries?limit=0`)).status).toBe(
      400,
    );
    expect((await call('auditor', 'GET', '/api/v1/webhooks/nope/deliveries')).status).toBe(404);
  });

  it('deletes a webhook with its deliveries', async () => {
    const { id } = await create();
    await call('security', 'POST', `/api/v1/webhooks/${id}/test`);
    expect(await deliveriesOf(hub, id)).toHaveLength(1);
    expect((await call('security', 'DELETE', `/api/v1/webhooks/${id}`)).status).toBe(204);
    expect((await call('security', 'GET', `/api/v1/webhooks/${id}`)).status).toBe(404);
    expect(await deliveriesOf(hub, id)).toHaveLength(0);
    expect((await call('security', 'DELETE', `/api/v1/webhooks/${id}`)).status).toBe(404);
  });
});
