import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubDatabase } from '../db/database.js';
import { ingestScan } from '../ingest/ingest-scan.js';
import {
  codeFinding,
  eventsOf,
  findingsOf,
  packageFinding,
  type ReportSpec,
  reportBody,
  seedProject,
  seedUser,
  store,
} from '../ingest/ingest-test-support.js';
import { freshDatabase, TEST_DIALECTS } from '../test-support/databases.js';
import { type IntervalRow, intervalEventsOf, intervalsOfEvents } from './intervals.js';
import { lifecycleDb } from './tables.js';
import { triageFinding } from './triage-actions.js';
import { periodsOfEvents } from './triage-periods.js';
import { createTriageRule, expireAcceptedRisks, revokeTriageRule } from './triage-rules.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-04-01T00:00:00Z');
const at = (day: number) => T0 + day * DAY;

const LOG4J = packageFinding('GHSA-jfh8-c2jp-5v3q', ['CVE-2021-44228'], 'log4j-core');
const LODASH = packageFinding('GHSA-35jh-r3h4-6jhm', ['CVE-2021-23337'], 'lodash');

describe.each(TEST_DIALECTS)('triage on %s', (dialect) => {
  let hub: HubDatabase;
  let drop: () => Promise<void>;
  let security: string;
  beforeAll(async () => {
    ({ hub, drop } = await freshDatabase(dialect));
    security = (await seedUser(hub, { globalRole: 'security' })).userId;
  });
  afterAll(() => drop());

  const scan = (projectId: string, spec: ReportSpec, now = at(0)) =>
    ingestScan(hub, { projectId, body: reportBody(spec), now });
  const row = async (projectId: string, fingerprint: string) => {
    const found = (await findingsOf(hub, projectId)).get(fingerprint);
    if (!found) throw new Error(`no finding ${fingerprint}`);
    return found;
  };
  const triageEvents = (projectId: string) =>
    eventsOf(hub, projectId, ['false_positive', 'risk_accepted', 'risk_expired', 'reopened']);

  /** The derived tables the metrics read are what their code derives from the stored events. */
  const expectDerivedInStep = async (projectId: string) => {
    const db = lifecycleDb(hub.db);
    const ids = [...(await findingsOf(hub, projectId)).values()].map((r) => r.id);
    const events = await db
      .selectFrom('finding_events')
      .select(['id', 'finding_id', 'type', 'at', 'scan_id'])
      .where('project_id', '=', projectId)
      .execute();
    const periods = await db
      .selectFrom('triage_periods')
      .selectAll()
      .where('finding_id', 'in', ids)
      .orderBy('finding_id')
      .orderBy('seq')
      .execute();
    const byKey = (p: { finding_id: string; seq: number }) => `${p.finding_id} ${p.seq}`;
    expect(periods).toEqual(
      periodsOfEvents(events).sort((a, b) => byKey(a).localeCompare(byKey(b))),
    );
    const intervals = await db
      .selectFrom('finding_intervals')
      .selectAll()
      .where('project_id', '=', projectId)
      .execute();
    const key = (i: IntervalRow) =>
      `${i.finding_id} ${i.seq} ${i.started_at} ${i.ended_at} ${i.team_id} ${i.severity} ${i.scanner}`;
    expect(intervals.map(key).sort()).toEqual(
      intervalsOfEvents(await intervalEventsOf(db, ids))
        .map(key)
        .sort(),
    );
  };

  it('reverts an accepted risk when it expires: open again, a risk_expired event dated at the expiry', async () => {
    const { projectId } = await seedProject(hub);
    await scan(projectId, { findings: [LODASH, codeFinding('gone')], stage: 'main', at: at(0) });
    const lodash = await row(projectId, LODASH.fingerprint);
    const gone = await row(projectId, 'fp-gone');
    for (const id of [lodash.id, gone.id]) {
      await triageFinding(
        hub,
        id,
        { action: 'accept_risk', reason: 'no exploit path', expiresAt: at(30) },
        security,
        at(1),
      );
    }
    await scan(
      projectId,
      { findings: [LODASH], stage: 'main', scanners: ['sca', 'sast'], at: at(5) },
      at(5),
    );
    expect(await row(projectId, 'fp-gone')).toMatchObject({
      status: 'risk_accepted',
      fixed_at: at(5),
    });

    expect(await expireAcceptedRisks(hub, at(29))).toEqual({ rules: 0, findings: 0 });
    expect(await row(projectId, LODASH.fingerprint)).toMatchObject({
      status: 'risk_accepted',
      accepted_until: at(30),
    });

    expect(await expireAcceptedRisks(hub, at(31))).toEqual({ rules: 0, findings: 2 });
    expect(await row(projectId, LODASH.fingerprint)).toMatchObject({
      status: 'open',
      accepted_until: null,
    });
    // A finding no longer present goes back to what its presence says: fixed.
    expect(await row(projectId, 'fp-gone')).toMatchObject({
      status: 'fixed',
      accepted_until: null,
    });
    expect(await triageEvents(projectId)).toEqual([
      [LODASH.fingerprint, 'risk_accepted', at(1), null],
      ['fp-gone', 'risk_accepted', at(1), null],
      [LODASH.fingerprint, 'risk_expired', at(30), null],
      ['fp-gone', 'risk_expired', at(30), null],
    ]);
    expect(await expireAcceptedRisks(hub, at(32))).toEqual({ rules: 0, findings: 0 });
    await expectDerivedInStep(projectId);
  });

  it('keeps the intervals of a finding at its overridden severity', async () => {
    const { projectId } = await seedProject(hub);
    await scan(projectId, { findings: [codeFinding('sev')], stage: 'main', at: at(0) });
    const found = await row(projectId, 'fp-sev');
    await triageFinding(
      hub,
      found.id,
      { action: 'override_severity', severity: 'critical' },
      security,
      at(1),
    );
    const stored = await lifecycleDb(hub.db)
      .selectFrom('finding_intervals')
      .select(['severity', 'ended_at'])
      .where('finding_id', '=', found.id)
      .execute();
    expect(stored).toEqual([{ severity: 'critical', ended_at: null }]);
    await expectDerivedInStep(projectId);
  });

  it('applies an advisory rule to existing findings in every project, and to future ones at ingest', async () => {
    const one = await seedProject(hub);
    const two = await seedProject(hub);
    const three = await seedProject(hub);
    await scan(one.projectId, { findings: [LOG4J, LODASH], stage: 'main', at: at(0) });
    await scan(two.projectId, { findings: [LOG4J], stage: 'pr', branch: 'x', at: at(0) });
    // A person's decision wins over any rule.
    await triageFinding(
      hub,
      (await row(two.projectId, LOG4J.fingerprint)).id,
      { action: 'false_positive', reason: 'not our log4j' },
      security,
      at(1),
    );
    const { rule, applied } = await createTriageRule(
      hub,
      {
        kind: 'accept_advisory',
        advisory: 'cve-2021-44228',
        reason: 'JNDI lookups are disabled platform-wide',
        priority: 0,
        expiresAt: at(60),
      },
      security,
      at(2),
    );
    expect(applied).toBe(1);
    expect(await row(one.projectId, LOG4J.fingerprint)).toMatchObject({
      status: 'risk_accepted',
      triage_rule_id: rule.id,
      accepted_until: at(60),
    });
    expect(await row(one.projectId, LODASH.fingerprint)).toMatchObject({ status: 'open' });
    expect(await row(two.projectId, LOG4J.fingerprint)).toMatchObject({
      status: 'false_positive',
      triage_rule_id: null,
    });

    // A finding seen for the first time after the rule gets it at ingest.
    await scan(three.projectId, { findings: [LOG4J], stage: 'production', at: at(3) }, at(3));
    expect(await row(three.projectId, LOG4J.fingerprint)).toMatchObject({
      status: 'risk_accepted',
      triage_rule_id: rule.id,
    });
    const events = await store(hub)
      .selectFrom('finding_events')
      .select(['type', 'actor_id', 'data'])
      .where('project_id', '=', three.projectId)
      .where('type', '=', 'risk_accepted')
      .execute();
    expect(events).toHaveLength(1);
    expect(events[0]?.actor_id).toBe(security);
    expect(JSON.parse(events[0]?.data ?? '{}')).toMatchObject({
      rule: rule.id,
      reason: 'JNDI lookups are disabled platform-wide',
      until: new Date(at(60)).toISOString(),
    });

    // At expiry the rule reverts everything it decided (and only that), with events.
    expect(await expireAcceptedRisks(hub, at(61))).toEqual({ rules: 1, findings: 2 });
    expect(await row(one.projectId, LOG4J.fingerprint)).toMatchObject({
      status: 'open',
      triage_rule_id: null,
    });
    expect(await row(three.projectId, LOG4J.fingerprint)).toMatchObject({ status: 'open' });
    expect(await row(two.projectId, LOG4J.fingerprint)).toMatchObject({ status: 'false_positive' });
    expect(await triageEvents(one.projectId)).toEqual([
      [LOG4J.fingerprint, 'risk_accepted', at(2), null],
      [LOG4J.fingerprint, 'risk_expired', at(60), null],
    ]);
    expect(await expireAcceptedRisks(hub, at(62))).toEqual({ rules: 0, findings: 0 });
    for (const p of [one, two, three]) await expectDerivedInStep(p.projectId);
  });

  it('marks a rule false positive under a path; the higher priority wins; revoking hands over or reverts', async () => {
    const { projectId } = await seedProject(hub);
    const findings = [
      codeFinding('t1', { ruleId: 'js.eval', path: 'pkg/test/fixtures/a.js' }),
      codeFinding('t2', { ruleId: 'js.eval', path: 'src/app.js' }),
      codeFinding('t3', { ruleId: 'js.other', path: 'pkg/test/b.js' }),
    ];
    await scan(projectId, { findings, stage: 'main', at: at(0) });
    const broad = await createTriageRule(
      hub,
      { kind: 'false_positive_path', ruleId: 'js.eval', reason: 'eval is sandboxed', priority: 1 },
      security,
      at(1),
    );
    const tests = await createTriageRule(
      hub,
      {
        kind: 'false_positive_path',
        ruleId: 'js.eval',
        path: '**/test/**',
        reason: 'test code',
        priority: 5,
        expiresAt: at(10),
      },
      security,
      at(2),
    );
    expect([broad.applied, tests.applied]).toEqual([2, 1]);
    expect(await row(projectId, 'fp-t1')).toMatchObject({
      status: 'false_positive',
      triage_rule_id: tests.rule.id,
    });
    expect(await row(projectId, 'fp-t2')).toMatchObject({
      status: 'false_positive',
      triage_rule_id: broad.rule.id,
    });
    expect(await row(projectId, 'fp-t3')).toMatchObject({ status: 'open' });

    // The path rule expires: its finding passes to the broad rule.
    expect(await expireAcceptedRisks(hub, at(11))).toEqual({ rules: 1, findings: 1 });
    expect(await row(projectId, 'fp-t1')).toMatchObject({
      status: 'false_positive',
      triage_rule_id: broad.rule.id,
    });

    // Revoking the broad rule reverts both, with a triage reopen (no scan) each.
    const revoked = await revokeTriageRule(hub, broad.rule.id, security, at(12));
    expect(revoked.reverted).toBe(2);
    expect(await row(projectId, 'fp-t1')).toMatchObject({ status: 'open', triage_rule_id: null });
    const reopened = await store(hub)
      .selectFrom('finding_events')
      .select(['scan_id', 'at'])
      .where('project_id', '=', projectId)
      .where('type', '=', 'reopened')
      .execute();
    expect(reopened).toEqual([
      { scan_id: null, at: at(12) },
      { scan_id: null, at: at(12) },
    ]);
    const audit = await store(hub)
      .selectFrom('audit_log')
      .select('action')
      .where('target_id', 'in', [broad.rule.id, tests.rule.id])
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'triage_rule.create',
      'triage_rule.create',
      'triage_rule.expire',
      'triage_rule.revoke',
    ]);
  });

  it('refuses rules and acceptances that have already expired', async () => {
    await expect(
      createTriageRule(
        hub,
        { kind: 'accept_advisory', advisory: 'CVE-1', reason: 'x', priority: 0, expiresAt: at(0) },
        security,
        at(1),
      ),
    ).rejects.toMatchObject({ statusCode: 400, code: 'VALIDATION' });
    const { projectId } = await seedProject(hub);
    await scan(projectId, { findings: [codeFinding('e')], at: at(0) });
    await expect(
      triageFinding(
        hub,
        (await row(projectId, 'fp-e')).id,
        { action: 'accept_risk', reason: 'x', expiresAt: at(1) },
        security,
        at(2),
      ),
    ).rejects.toMatchObject({ statusCode: 400, code: 'VALIDATION' });
  });
});
