import { createMemoryLogger } from '@rampart/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../auth/authenticate.js';
import type { HubDatabase } from '../db/database.js';
import { ingestScan } from '../ingest/ingest-scan.js';
import {
  codeFinding,
  findingsOf,
  type ReportSpec,
  reportBody,
  seedProject,
  seedUser,
} from '../ingest/ingest-test-support.js';
import { triageFinding } from '../lifecycle/triage-actions.js';
import { freshDatabase, TEST_DIALECTS } from '../test-support/databases.js';
import { createWebhookSender } from '../webhooks/sender.js';
import { webhookDb } from '../webhooks/tables.js';
import {
  addWebhook,
  deliveriesOf,
  type LoopbackReceiver,
  startReceiver,
} from '../webhooks/webhook-test-support.js';
import { createJobRunner, defaultJobs } from './create-job-runner.js';
import { expireRisksJob } from './expire-risks-job.js';
import { InProcessJobRunner } from './in-process-runner.js';
import type { JobRunner } from './job-runner.js';
import { PgBossJobRunner } from './pg-boss-runner.js';
import { sessionCleanupJob } from './session-cleanup-job.js';
import { detectSlaBreaches, slaBreachesJob } from './sla-breaches-job.js';
import { webhookDeliveryJob } from './webhook-delivery-job.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-02-02T09:00:00Z');

describe.each(TEST_DIALECTS)('the jobs on %s', (dialect) => {
  let hub: HubDatabase;
  let drop: () => Promise<void>;
  let receiver: LoopbackReceiver;
  let runner: JobRunner;
  let clock = T0;
  const now = () => clock;
  const notifier = createWebhookSender({ random: () => 0 });

  beforeAll(async () => {
    ({ hub, drop } = await freshDatabase(dialect));
    receiver = await startReceiver();
    runner = createJobRunner(hub, { logger: createMemoryLogger(), now, notifier });
  });
  afterAll(async () => {
    await runner.stop();
    await receiver.close();
    await drop();
  });

  const ingest = (projectId: string, spec: ReportSpec, at: number) =>
    ingestScan(hub, { projectId, body: reportBody({ ...spec, at }), now: at });

  it('picks the runner for the database: in-process on SQLite, pg-boss on PostgreSQL', () => {
    expect(runner).toBeInstanceOf(dialect === 'sqlite' ? InProcessJobRunner : PgBossJobRunner);
    expect(defaultJobs().map((j) => j.name)).toEqual([
      'expire-risks',
      'sla-breaches',
      'session-cleanup',
      'webhook-delivery',
      'sbom-rematch',
      'desk-escalation',
      'training-assignments',
      'metric-cells',
    ]);
    expect(runner.status().map((s) => s.name)).toEqual(defaultJobs().map((j) => j.name));
  });

  it('expire-risks reverts an accepted risk once its expiry passed (directly and by runNow)', async () => {
    const { projectId } = await seedProject(hub);
    const security = await seedUser(hub, { globalRole: 'security' });
    await ingest(projectId, { findings: [codeFinding('a'), codeFinding('b')] }, T0);
    const rows = await findingsOf(hub, projectId);
    for (const [key, days] of [
      ['fp-a', 10],
      ['fp-b', 20],
    ] as const) {
      await triageFinding(
        hub,
        rows.get(key)?.id as string,
        { action: 'accept_risk', reason: 'reviewed', expiresAt: T0 + days * DAY },
        security.userId,
        T0 + 1000,
      );
    }
    expect(await expireRisksJob.run(hub, () => T0 + 9 * DAY, notifier)).toEqual({
      rules: 0,
      findings: 0,
    });
    expect(await expireRisksJob.run(hub, () => T0 + 11 * DAY, notifier)).toEqual({
      rules: 0,
      findings: 1,
    });
    let after = await findingsOf(hub, projectId);
    expect(after.get('fp-a')?.status).toBe('open');
    expect(after.get('fp-b')?.status).toBe('risk_accepted');

    clock = T0 + 21 * DAY;
    expect(await runner.runNow('expire-risks')).toEqual({ rules: 0, findings: 1 });
    after = await findingsOf(hub, projectId);
    expect(after.get('fp-b')?.status).toBe('open');
    expect(await runner.runNow('expire-risks')).toEqual({ rules: 0, findings: 0 });
  });

  it('sla-breaches records each breach once and notifies once; the delivery job sends it', async () => {
    await webhookDb(hub.db).deleteFrom('webhooks').execute();
    // Later than the other tests' findings: their breaches are recorded by the first run.
    const S0 = T0 + 100 * DAY;
    const { projectId, teamId } = await seedProject(hub);
    const hook = await addWebhook(hub, receiver.url, { events: ['sla.breach'], teamId });
    // Critical: 7 days by default; high: 30; info: no SLA.
    await ingest(
      projectId,
      {
        findings: [
          codeFinding('crit', { severity: 'critical' }),
          codeFinding('high', { severity: 'high' }),
          codeFinding('info', { severity: 'info' }),
        ],
      },
      S0,
    );
    const critical = (await findingsOf(hub, projectId)).get('fp-crit');

    // detectSlaBreaches looks at every project: only this project's findings are counted here.
    const breachesOf = () =>
      webhookDb(hub.db)
        .selectFrom('sla_breaches')
        .innerJoin('findings', 'findings.id', 'sla_breaches.finding_id')
        .select(['sla_breaches.finding_id', 'sla_breaches.due_at', 'sla_breaches.detected_at'])
        .where('findings.project_id', '=', projectId)
        .execute();
    await slaBreachesJob.run(hub, () => S0 + 7 * DAY - 1, notifier);
    expect(await breachesOf()).toEqual([]);
    expect(await deliveriesOf(hub, hook.id)).toHaveLength(0);

    await slaBreachesJob.run(hub, () => S0 + 8 * DAY, notifier);
    expect(await breachesOf()).toEqual([
      { finding_id: critical?.id, due_at: S0 + 7 * DAY, detected_at: S0 + 8 * DAY },
    ]);
    const queued = await deliveriesOf(hub, hook.id);
    expect(queued).toHaveLength(1);
    expect(JSON.parse(queued[0]?.payload ?? '{}')).toMatchObject({
      event: 'sla.breach',
      finding: { id: critical?.id, severity: 'critical' },
      sla: {
        days: 7,
        openedAt: new Date(S0).toISOString(),
        dueAt: new Date(S0 + 7 * DAY).toISOString(),
        daysOverdue: 1,
      },
    });
    // Again: nothing new, through runNow too.
    clock = S0 + 9 * DAY;
    expect(await runner.runNow('sla-breaches')).toEqual({ breaches: 0, deliveries: 0 });
    expect(await detectSlaBreaches(hub, S0 + 9 * DAY)).toEqual({ breaches: 0, deliveries: 0 });

    expect(await runner.runNow('webhook-delivery')).toMatchObject({ delivered: 1 });
    expect(await runner.runNow('webhook-delivery')).toMatchObject({ delivered: 0 });
    const sent = receiver.requests.filter((r) => r.headers['x-rampart-event'] === 'sla.breach');
    expect(sent).toHaveLength(1);
    expect(JSON.parse(sent[0]?.body ?? '{}').rampart.finding.id).toBe(critical?.id);

    // 31 days: the high finding breaches too (once), the critical one is not notified again.
    clock = S0 + 31 * DAY;
    expect(await runner.runNow('sla-breaches')).toEqual({ breaches: 1, deliveries: 1 });
    expect(await runner.runNow('sla-breaches')).toEqual({ breaches: 0, deliveries: 0 });
    expect((await breachesOf()).map((b) => b.due_at).sort()).toEqual([S0 + 7 * DAY, S0 + 30 * DAY]);
  });

  it('sla-breaches leaves out fixed findings and accepted risks', async () => {
    const { projectId } = await seedProject(hub);
    const security = await seedUser(hub, { globalRole: 'security' });
    await ingest(
      projectId,
      {
        findings: [
          codeFinding('fixed', { severity: 'critical' }),
          codeFinding('accepted', { severity: 'critical' }),
        ],
      },
      T0,
    );
    const accepted = (await findingsOf(hub, projectId)).get('fp-accepted');
    await triageFinding(
      hub,
      accepted?.id as string,
      { action: 'accept_risk', reason: 'reviewed', expiresAt: T0 + 400 * DAY },
      security.userId,
      T0 + 1000,
    );
    // A full scan that no longer sees `fixed` closes it.
    await ingest(projectId, { findings: [], scanners: ['sast'] }, T0 + DAY);
    expect((await findingsOf(hub, projectId)).get('fp-fixed')?.status).toBe('fixed');
    await detectSlaBreaches(hub, T0 + 60 * DAY);
    const rows = await webhookDb(hub.db)
      .selectFrom('sla_breaches')
      .innerJoin('findings', 'findings.id', 'sla_breaches.finding_id')
      .select('findings.fingerprint')
      .where('findings.project_id', '=', projectId)
      .execute();
    expect(rows).toEqual([]);
  });

  it('session-cleanup deletes ended sessions and keeps live ones', async () => {
    const user = await seedUser(hub);
    await createSession(hub.db, user.userId, T0 - 9 * 3_600_000); // idle-expired at T0 - 1 h
    await createSession(hub.db, user.userId, T0 - 3_600_000); // live until T0 + 7 h
    const live = () =>
      hub.db
        .selectFrom('sessions')
        .select('expires_at')
        .where('user_id', '=', user.userId)
        .execute();
    expect(await live()).toHaveLength(2);
    expect(await sessionCleanupJob.run(hub, () => T0, notifier)).toEqual({ sessions: 1 });
    expect(await live()).toEqual([{ expires_at: T0 + 7 * 3_600_000 }]);
    clock = T0 + 8 * 3_600_000;
    expect(await runner.runNow('session-cleanup')).toEqual({ sessions: 1 });
    expect(await live()).toEqual([]);
  });

  it('webhook-delivery sends due deliveries and prunes old finished ones', async () => {
    await webhookDb(hub.db).deleteFrom('webhooks').execute();
    const hook = await addWebhook(hub, receiver.url);
    await webhookDb(hub.db)
      .insertInto('webhook_deliveries')
      .values({
        id: `old-${dialect}`,
        webhook_id: hook.id,
        event: 'sla.breach',
        payload: '{}',
        status: 'delivered',
        attempts: 1,
        next_attempt_at: T0 - 40 * DAY,
        claimed_until: null,
        claim_token: null,
        last_status_code: 200,
        last_error: null,
        created_at: T0 - 40 * DAY,
        delivered_at: T0 - 40 * DAY,
      })
      .execute();
    expect(await webhookDeliveryJob.run(hub, () => T0, notifier)).toEqual({
      delivered: 0,
      retried: 0,
      failed: 0,
      disabled: 0,
      pruned: 1,
    });
  });

  it('runNow refuses an unknown job', async () => {
    await expect(runner.runNow('nope')).rejects.toThrow(/no job named nope/);
  });
});
