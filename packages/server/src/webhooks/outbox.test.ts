import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubDatabase } from '../db/database.js';
import { ingestScan } from '../ingest/ingest-scan.js';
import {
  codeFinding,
  countRows,
  findingsOf,
  packageFinding,
  type ReportSpec,
  reportBody,
  seedProject,
  seedUser,
} from '../ingest/ingest-test-support.js';
import { createTriageRule } from '../lifecycle/triage-rules.js';
import { freshDatabase, TEST_DIALECTS } from '../test-support/databases.js';
import { NEW_CRITICAL_MAX_AGE_MS } from './outbox.js';
import { webhookDb } from './tables.js';
import { addWebhook, deliveriesOf } from './webhook-test-support.js';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-05-04T08:00:00Z');

describe.each(TEST_DIALECTS)('webhook events from ingest on %s', (dialect) => {
  let hub: HubDatabase;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    ({ hub, drop } = await freshDatabase(dialect));
  });
  afterAll(() => drop());

  const ingest = (projectId: string, spec: ReportSpec, now = T0) =>
    ingestScan(hub, { projectId, body: reportBody(spec), now });
  const fresh = async () => {
    await webhookDb(hub.db).deleteFrom('webhooks').execute();
    return seedProject(hub);
  };

  it('queues exactly one finding.new_critical per new critical finding, in the ingest', async () => {
    const { projectId, teamId } = await fresh();
    const hook = await addWebhook(hub, 'https://receiver.example.com/hook', {
      events: ['finding.new_critical'],
    });
    const slaOnly = await addWebhook(hub, 'https://receiver.example.com/sla', {
      events: ['sla.breach'],
    });
    const critical = {
      ...codeFinding('sqli', { severity: 'critical', path: 'src/db.js' }),
      message: 'a message that stays in the hub',
    };
    const spec = { findings: [critical, codeFinding('md5', { severity: 'high' })], at: T0 };
    const result = await ingest(projectId, spec);
    expect(result.counts.new).toBe(2);

    const deliveries = await deliveriesOf(hub, hook.id);
    expect(deliveries).toHaveLength(1);
    const row = (await findingsOf(hub, projectId)).get(critical.fingerprint);
    expect(deliveries[0]).toMatchObject({
      event: 'finding.new_critical',
      status: 'pending',
      attempts: 0,
      next_attempt_at: T0,
    });
    const payload = JSON.parse(deliveries[0]?.payload ?? '{}');
    expect(payload).toMatchObject({
      event: 'finding.new_critical',
      finding: {
        id: row?.id,
        ruleId: critical.ruleId,
        severity: 'critical',
        location: 'src/db.js:3',
        firstSeenStage: 'main',
      },
      team: { id: teamId },
      project: { id: projectId },
      scanId: result.scanId,
      link: `/findings/${row?.id}`,
    });
    // No snippet, no message: only metadata leaves the hub.
    expect(deliveries[0]?.payload).not.toContain('query(');
    expect(deliveries[0]?.payload).not.toContain(critical.message);
    expect(await deliveriesOf(hub, slaOnly.id)).toHaveLength(0);

    // The same scan again, and a new scan that sees the finding again: nothing new.
    await ingest(projectId, spec, T0 + HOUR);
    await ingest(projectId, { ...spec, at: T0 + 2 * HOUR }, T0 + 2 * HOUR);
    expect(await deliveriesOf(hub, hook.id)).toHaveLength(1);
  });

  it('queues nothing when the ingest rolls back', async () => {
    const { projectId } = await fresh();
    const hook = await addWebhook(hub, 'https://receiver.example.com/hook');
    // A failure the ingest cannot get past, in its own transaction: on PostgreSQL at commit
    // (a deferred constraint trigger, so the delivery row was written first), on SQLite as
    // the delivery is written.
    if (dialect === 'postgres') {
      await sql`create function refuse_delivery() returns trigger language plpgsql as $$
        begin raise exception 'delivery refused'; end $$`.execute(hub.db);
      await sql`create constraint trigger refuse_delivery after insert on webhook_deliveries
        deferrable initially deferred for each row execute function refuse_delivery()`.execute(
        hub.db,
      );
    } else {
      await sql`create trigger refuse_delivery after insert on webhook_deliveries
        begin select raise(abort, 'delivery refused'); end`.execute(hub.db);
    }
    try {
      await expect(
        ingest(projectId, { findings: [codeFinding('x', { severity: 'critical' })], at: T0 }),
      ).rejects.toThrow('delivery refused');
    } finally {
      await sql`drop trigger refuse_delivery${dialect === 'postgres' ? sql` on webhook_deliveries` : sql``}`.execute(
        hub.db,
      );
    }
    expect(await countRows(hub, projectId)).toMatchObject({ scans: 0, findings: 0, events: 0 });
    expect(await deliveriesOf(hub, hook.id)).toHaveLength(0);
    // And once the failure is gone, the same upload goes through and notifies.
    await ingest(projectId, { findings: [codeFinding('x', { severity: 'critical' })], at: T0 });
    expect(await deliveriesOf(hub, hook.id)).toHaveLength(1);
  });

  it('does not notify of criticals from an import of old history, or accepted at once by a rule', async () => {
    const { projectId } = await fresh();
    const hook = await addWebhook(hub, 'https://receiver.example.com/hook');
    const old = T0 - NEW_CRITICAL_MAX_AGE_MS - HOUR;
    await ingest(projectId, { findings: [codeFinding('old', { severity: 'critical' })], at: old });
    expect(await deliveriesOf(hub, hook.id)).toHaveLength(0);

    const security = await seedUser(hub, { globalRole: 'security' });
    await createTriageRule(
      hub,
      {
        kind: 'accept_advisory',
        advisory: 'CVE-2026-0001',
        reason: 'not reachable',
        priority: 0,
        expiresAt: T0 + 30 * 24 * HOUR,
      },
      security.userId,
      T0 - HOUR,
    );
    const accepted = { ...packageFinding('GHSA-xxxx-yyyy-zzzz', ['CVE-2026-0001']) };
    await ingest(
      projectId,
      { findings: [{ ...accepted, severity: 'critical' }], scanners: ['sca'], at: T0 },
      T0,
    );
    expect((await findingsOf(hub, projectId)).get(accepted.fingerprint)?.status).toBe(
      'risk_accepted',
    );
    expect(await deliveriesOf(hub, hook.id)).toHaveLength(0);
  });

  it('notifies only webhooks of the finding team when filtered, and none inactive', async () => {
    const { projectId, teamId } = await fresh();
    const other = await seedProject(hub);
    const mine = await addWebhook(hub, 'https://receiver.example.com/a', { teamId });
    const theirs = await addWebhook(hub, 'https://receiver.example.com/b', {
      teamId: other.teamId,
    });
    const off = await addWebhook(hub, 'https://receiver.example.com/c', { active: false });
    await ingest(projectId, {
      findings: [
        codeFinding('a', { severity: 'critical' }),
        codeFinding('b', { severity: 'critical' }),
      ],
      at: T0,
    });
    expect(await deliveriesOf(hub, mine.id)).toHaveLength(2);
    expect(await deliveriesOf(hub, theirs.id)).toHaveLength(0);
    expect(await deliveriesOf(hub, off.id)).toHaveLength(0);
  });
});
