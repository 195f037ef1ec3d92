import { createHmac } from 'node:crypto';
import { createMemoryLogger } from '@rampart/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { HubDatabase } from '../db/database.js';
import { seedProject } from '../ingest/ingest-test-support.js';
import { freshDatabase, TEST_DIALECTS } from '../test-support/databases.js';
import { enqueueWebhookEvents, type OutgoingEvent } from './outbox.js';
import {
  createWebhookSender,
  MAX_ATTEMPTS,
  pruneDeliveries,
  RETRY_DELAYS_MS,
  retryDelay,
} from './sender.js';
import { verifyWebhook } from './signature.js';
import { webhookDb } from './tables.js';
import {
  addWebhook,
  deliveriesOf,
  type LoopbackReceiver,
  startReceiver,
} from './webhook-test-support.js';

const T0 = Date.parse('2026-03-02T10:00:00Z');

function breach(teamId: string, n = 1): OutgoingEvent {
  return {
    event: {
      event: 'sla.breach',
      occurredAt: new Date(T0).toISOString(),
      project: { id: 'p', name: 'shop' },
      team: { id: teamId, slug: 'payments', name: 'Payments' },
      finding: {
        id: `f${n}`,
        title: `Finding ${n}`,
        ruleId: 'js.sqli',
        scanner: 'sast',
        severity: 'high',
        location: 'src/db.js:3',
        firstSeenAt: new Date(T0 - 40 * 86_400_000).toISOString(),
        firstSeenStage: 'main',
      },
      sla: {
        days: 30,
        openedAt: new Date(T0 - 40 * 86_400_000).toISOString(),
        dueAt: new Date(T0 - 10 * 86_400_000).toISOString(),
        daysOverdue: 10,
      },
      link: `/findings/f${n}`,
    },
    teamId,
    severity: 'high',
  };
}

describe('retryDelay', () => {
  it('waits 30 s, 2 min, 10 min, 1 h, 6 h, each with up to 20 % of jitter', () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelay(n, () => 0))).toEqual([...RETRY_DELAYS_MS]);
    expect(retryDelay(1, () => 0.999_999)).toBe(36_000);
    expect(MAX_ATTEMPTS).toBe(6);
  });
});

describe.each(TEST_DIALECTS)('the webhook sender on %s', (dialect) => {
  let hub: HubDatabase;
  let drop: () => Promise<void>;
  let receiver: LoopbackReceiver;
  let teamId: string;
  const logger = createMemoryLogger();
  const sender = createWebhookSender({ logger, random: () => 0 });

  beforeAll(async () => {
    ({ hub, drop } = await freshDatabase(dialect));
    ({ teamId } = await seedProject(hub));
  });
  afterAll(() => drop());
  beforeEach(async () => {
    await receiver?.close();
    receiver = await startReceiver();
    // Each test starts with an empty outbox.
    await webhookDb(hub.db).deleteFrom('webhooks').execute();
  });
  afterAll(() => receiver.close());

  const queue = async (events: readonly OutgoingEvent[], at = T0) =>
    enqueueWebhookEvents(webhookDb(hub.db), events, at);

  it('POSTs the Slack-shaped body, signed, with the event, delivery id and timestamp headers', async () => {
    const hook = await addWebhook(hub, receiver.url);
    expect(await queue([breach(teamId)])).toBe(1);
    expect(await sender.deliverDue(hub, T0 + 1000)).toEqual({
      delivered: 1,
      retried: 0,
      failed: 0,
      disabled: 0,
    });
    expect(receiver.requests).toHaveLength(1);
    const [request] = receiver.requests;
    const [delivery] = await deliveriesOf(hub, hook.id);
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/hook');
    expect(request?.headers).toMatchObject({
      'content-type': 'application/json',
      'x-rampart-event': 'sla.breach',
      'x-rampart-delivery': delivery?.id,
      'x-rampart-timestamp': String(Math.floor((T0 + 1000) / 1000)),
    });
    const body = request?.body ?? '';
    const timestamp = String(request?.headers['x-rampart-timestamp']);
    const mac = createHmac('sha256', hook.secret).update(`${timestamp}.${body}`).digest('hex');
    expect(request?.headers['x-rampart-signature']).toBe(`sha256=${mac}`);
    expect(
      verifyWebhook(
        hook.secret,
        { signature: String(request?.headers['x-rampart-signature']), timestamp },
        body,
        Math.floor((T0 + 2000) / 1000),
      ),
    ).toBe(true);
    const json = JSON.parse(body);
    expect(typeof json.text).toBe('string');
    expect(json.blocks[0]).toMatchObject({ type: 'section', text: { type: 'mrkdwn' } });
    expect(json.rampart).toMatchObject({
      event: 'sla.breach',
      finding: { id: 'f1', ruleId: 'js.sqli', severity: 'high', location: 'src/db.js:3' },
      team: { id: teamId },
      sla: { daysOverdue: 10 },
      link: '/findings/f1',
    });
    expect(body).not.toContain(hook.secret);
    expect(delivery).toMatchObject({
      status: 'delivered',
      attempts: 1,
      last_status_code: 200,
      last_error: null,
      delivered_at: T0 + 1000,
      claim_token: null,
    });
    // Delivered is delivered: nothing is sent again.
    await sender.deliverDue(hub, T0 + 10 * 60_000);
    expect(receiver.requests).toHaveLength(1);
  });

  it('retries a failing receiver with backoff, then delivers once it answers 2xx', async () => {
    // The path after the first segment may be a credential (as Slack's are): never logged.
    const pathToken = ['T0', 'b'.repeat(24)].join('/');
    const hook = await addWebhook(hub, `${receiver.url}/${pathToken}`);
    await queue([breach(teamId)]);
    receiver.answer(500, 503);
    expect(await sender.deliverDue(hub, T0)).toMatchObject({ retried: 1, delivered: 0 });
    let [row] = await deliveriesOf(hub, hook.id);
    expect(row).toMatchObject({
      status: 'pending',
      attempts: 1,
      last_status_code: 500,
      next_attempt_at: T0 + 30_000,
    });
    expect(row?.last_error).toMatch(/^HTTP 500: receiver says no \(500\) x+$/);
    expect(row?.last_error?.length).toBe(500);

    // Not due yet: nothing is sent.
    expect(await sender.deliverDue(hub, T0 + 29_999)).toMatchObject({ retried: 0, delivered: 0 });
    expect(receiver.requests).toHaveLength(1);

    await sender.deliverDue(hub, T0 + 30_000);
    [row] = await deliveriesOf(hub, hook.id);
    expect(row).toMatchObject({
      status: 'pending',
      attempts: 2,
      last_status_code: 503,
      next_attempt_at: T0 + 30_000 + 120_000,
    });
    expect(await sender.deliverDue(hub, T0 + 150_000)).toMatchObject({ delivered: 1 });
    [row] = await deliveriesOf(hub, hook.id);
    expect(row).toMatchObject({ status: 'delivered', attempts: 3, last_error: null });
    // The same delivery each time: receivers deduplicate by its id.
    expect(new Set(receiver.requests.map((r) => r.headers['x-rampart-delivery'])).size).toBe(1);
    expect(receiver.requests).toHaveLength(3);
    expect(logger.records.map((r) => r.message)).toContain('webhook delivery failed; will retry');
    expect(JSON.stringify(logger.records)).not.toContain(hook.secret);
    expect(JSON.stringify(logger.records)).not.toContain(pathToken);
    expect(logger.records[0]?.fields).toMatchObject({ url: `${receiver.url}/…` });
  });

  it(`gives up after ${MAX_ATTEMPTS} attempts`, async () => {
    const hook = await addWebhook(hub, receiver.url);
    await queue([breach(teamId)]);
    receiver.answer(...Array.from({ length: 10 }, () => 500));
    let at = T0;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const outcome = await sender.deliverDue(hub, at);
      expect(outcome).toMatchObject(
        attempt < MAX_ATTEMPTS ? { retried: 1, failed: 0 } : { retried: 0, failed: 1 },
      );
      const [row] = await deliveriesOf(hub, hook.id);
      at = row?.next_attempt_at ?? at;
    }
    const [row] = await deliveriesOf(hub, hook.id);
    expect(row).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, last_status_code: 500 });
    // The attempts came at T0 + 30 s, + 2 min, + 10 min, + 1 h, + 6 h.
    expect(at - T0).toBe(RETRY_DELAYS_MS.reduce((a, b) => a + b, 0));
    await sender.deliverDue(hub, at + 7 * 24 * 3_600_000);
    expect(receiver.requests).toHaveLength(MAX_ATTEMPTS);
  });

  it('disables a webhook whose receiver answers 410 Gone, and sends it nothing more', async () => {
    const hook = await addWebhook(hub, receiver.url);
    await queue([breach(teamId, 1)]);
    receiver.answer(410);
    expect(await sender.deliverDue(hub, T0)).toMatchObject({ disabled: 1 });
    const webhook = await webhookDb(hub.db)
      .selectFrom('webhooks')
      .select(['active', 'updated_at'])
      .where('id', '=', hook.id)
      .executeTakeFirstOrThrow();
    expect(webhook).toEqual({ active: 0, updated_at: T0 });
    const [row] = await deliveriesOf(hub, hook.id);
    expect(row).toMatchObject({ status: 'failed', attempts: 1, last_status_code: 410 });
    expect(row?.last_error).toContain('(webhook disabled)');
    const audit = await hub.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'webhook.disable')
      .where('target_id', '=', hook.id)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actor_id).toBeNull();

    // A delivery queued for it before (a race) waits; an inactive webhook gets no new ones.
    await webhookDb(hub.db)
      .insertInto('webhook_deliveries')
      .values({
        id: 'late',
        webhook_id: hook.id,
        event: 'sla.breach',
        payload: JSON.stringify(breach(teamId, 2).event),
        status: 'pending',
        attempts: 0,
        next_attempt_at: T0,
        claimed_until: null,
        claim_token: null,
        last_status_code: null,
        last_error: null,
        created_at: T0,
        delivered_at: null,
      })
      .execute();
    expect(await queue([breach(teamId, 3)])).toBe(0);
    await sender.deliverDue(hub, T0 + 3_600_000);
    expect(receiver.requests).toHaveLength(1);
  });

  it('fails a delivery whose stored event cannot be read, without sending it', async () => {
    const hook = await addWebhook(hub, receiver.url);
    await queue([breach(teamId)]);
    await webhookDb(hub.db)
      .updateTable('webhook_deliveries')
      .set({ payload: '{broken' })
      .where('webhook_id', '=', hook.id)
      .execute();
    expect(await sender.deliverDue(hub, T0)).toMatchObject({ failed: 1 });
    const [row] = await deliveriesOf(hub, hook.id);
    expect(row).toMatchObject({ status: 'failed', last_error: 'the stored event cannot be read' });
    expect(receiver.requests).toHaveLength(0);
  });

  it('does not follow redirects: a 3xx is a failed attempt', async () => {
    const hook = await addWebhook(hub, receiver.url);
    await queue([breach(teamId)]);
    receiver.answer(302);
    expect(await sender.deliverDue(hub, T0)).toMatchObject({ retried: 1 });
    const [row] = await deliveriesOf(hub, hook.id);
    expect(row).toMatchObject({ status: 'pending', last_status_code: 302 });
    expect(row?.last_error).toContain('redirects are not followed');
    expect(receiver.requests.map((r) => r.path)).toEqual(['/hook']);
  });

  it('gives up on a receiver that does not answer in time', async () => {
    const slow = await startReceiver({ delayMs: 500 });
    try {
      const hook = await addWebhook(hub, slow.url);
      await queue([breach(teamId)]);
      const impatient = createWebhookSender({ timeoutMs: 50, random: () => 0 });
      expect(await impatient.deliverDue(hub, T0)).toMatchObject({ retried: 1 });
      const [row] = await deliveriesOf(hub, hook.id);
      expect(row).toMatchObject({ status: 'pending', last_status_code: null });
      expect(row?.last_error).toBe('no answer within 0.05 s');
    } finally {
      await slow.close();
    }
  });

  it('records a refused connection and retries it', async () => {
    await receiver.close();
    const hook = await addWebhook(hub, receiver.url);
    await queue([breach(teamId)]);
    expect(await sender.deliverDue(hub, T0)).toMatchObject({ retried: 1 });
    const [row] = await deliveriesOf(hub, hook.id);
    expect(row?.last_error).toContain('ECONNREFUSED');
    expect(row?.last_error).not.toContain('/hook');
  });

  it('never sends one delivery twice when two senders run at once', async () => {
    const slow = await startReceiver({ delayMs: 15 });
    try {
      await addWebhook(hub, slow.url);
      await addWebhook(hub, slow.url);
      await queue(Array.from({ length: 8 }, (_, i) => breach(teamId, i)));
      const other = createWebhookSender({ concurrency: 3 });
      const outcomes = await Promise.all([
        sender.deliverDue(hub, T0),
        other.deliverDue(hub, T0),
        sender.deliverDue(hub, T0),
      ]);
      expect(outcomes.reduce((n, o) => n + o.delivered, 0)).toBe(16);
      const ids = slow.requests.map((r) => r.headers['x-rampart-delivery']);
      expect(ids).toHaveLength(16);
      expect(new Set(ids).size).toBe(16);
      expect((await deliveriesOf(hub)).every((d) => d.status === 'delivered')).toBe(true);
    } finally {
      await slow.close();
    }
  });

  it('filters events by team and minimum severity', async () => {
    const all = await addWebhook(hub, receiver.url);
    const mine = await addWebhook(hub, receiver.url, { teamId });
    const other = await addWebhook(hub, receiver.url, { teamId: (await seedProject(hub)).teamId });
    const critical = await addWebhook(hub, receiver.url, { minSeverity: 'critical' });
    const high = await addWebhook(hub, receiver.url, { minSeverity: 'high' });
    const newOnly = await addWebhook(hub, receiver.url, { events: ['finding.new_critical'] });
    expect(await queue([breach(teamId)])).toBe(3);
    const by = async (id: string) => (await deliveriesOf(hub, id)).length;
    expect(await by(all.id)).toBe(1);
    expect(await by(mine.id)).toBe(1);
    expect(await by(other.id)).toBe(0);
    expect(await by(critical.id)).toBe(0);
    expect(await by(high.id)).toBe(1);
    expect(await by(newOnly.id)).toBe(0);
  });

  it('prunes finished deliveries after 30 days, never pending ones', async () => {
    const hook = await addWebhook(hub, receiver.url);
    await queue([breach(teamId, 1), breach(teamId, 2)], T0);
    await sender.deliverDue(hub, T0);
    await queue([breach(teamId, 3)], T0);
    await webhookDb(hub.db)
      .updateTable('webhooks')
      .set({ active: 0 })
      .where('id', '=', hook.id)
      .execute();
    expect(await pruneDeliveries(hub, T0 + 29 * 86_400_000)).toBe(0);
    expect(await pruneDeliveries(hub, T0 + 31 * 86_400_000)).toBe(2);
    expect((await deliveriesOf(hub, hook.id)).map((d) => d.status)).toEqual(['pending']);
  });
});
