import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildTestHub,
  buildTestOrg,
  type TestClock,
  type TestOrg,
  type TestUser,
  testClock,
} from '../auth/test-org.js';
import type { HubDatabase } from '../db/database.js';
import { ingestScan } from '../ingest/ingest-scan.js';
import { codeFinding, findingsOf, reportBody } from '../ingest/ingest-test-support.js';
import { triageFinding } from '../lifecycle/triage-actions.js';
import { freshDatabase, TEST_DIALECTS } from '../test-support/databases.js';

const DAY = 24 * 60 * 60 * 1000;
const NOISY = 'sast.noisy-rule';
const GOOD = 'sast.good-rule';

interface StatsJson {
  scanner: string;
  ruleId: string;
  detected: number;
  triaged: number;
  falsePositives: number;
  acceptedRisks: number;
  fpRate: number | null;
  fpShareOfTriaged: number | null;
  sampleSize: number;
  lowSample: boolean;
  openFeedback: number;
  feedback: number;
  topTeams: { teamId: string; teamName: string; count: number }[];
}
interface FeedbackJson {
  id: string;
  status: string;
  body: string;
  bodyHtml: string;
  response: string | null;
  responseHtml: string | null;
  respondedBy: { username: string } | null;
  author: { username: string } | null;
  findingId: string | null;
  feedback: FeedbackJson[];
  total: number;
  rules: StatsJson[];
  stats: StatsJson | null;
  error?: { code: string; message: string };
}

describe.each(TEST_DIALECTS)('rule feedback routes on %s', (dialect) => {
  let hub: HubDatabase;
  let drop: () => Promise<void>;
  let clock: TestClock;
  let org: TestOrg;
  let app: FastifyInstance;
  /** Team A's findings of the noisy rule, by fingerprint. */
  let noisyA: string[];
  let goodA: string;
  let noisyB: string;

  /** Ingests findings of a rule into a project, seen a day ago; returns their ids. */
  const ingest = async (projectId: string, ruleId: string, count: number, key: string) => {
    const at = clock.now() - DAY;
    await ingestScan(hub, {
      projectId,
      body: reportBody({
        findings: Array.from({ length: count }, (_, i) => codeFinding(`${key}-${i}`, { ruleId })),
        at,
      }),
      now: at,
    });
    const rows = await findingsOf(hub, projectId);
    return Array.from({ length: count }, (_, i) => rows.get(`fp-${key}-${i}`)?.id as string);
  };

  beforeAll(async () => {
    ({ hub, drop } = await freshDatabase(dialect));
    clock = testClock();
    org = await buildTestOrg(hub, clock.now());
    app = await buildTestHub(hub, clock);
    // One scan per project: team A has 12 findings of the noisy rule and 3 of a good one,
    // team B 4 of the noisy rule.
    const idsA = await ingest(org.projectA, NOISY, 12, 'a');
    noisyA = idsA;
    goodA = (await findingsOf(hub, org.projectA)).get('fp-a-0')?.id as string;
    const at = clock.now() - DAY;
    await ingestScan(hub, {
      projectId: org.projectA,
      body: reportBody({
        findings: [
          ...Array.from({ length: 12 }, (_, i) => codeFinding(`a-${i}`, { ruleId: NOISY })),
          ...Array.from({ length: 3 }, (_, i) => codeFinding(`g-${i}`, { ruleId: GOOD })),
        ],
        at: at + 1000,
      }),
      now: at + 1000,
    });
    goodA = (await findingsOf(hub, org.projectA)).get('fp-g-0')?.id as string;
    noisyB = (await ingest(org.projectB, NOISY, 4, 'b'))[0] as string;
    const idsB = [...(await findingsOf(hub, org.projectB)).values()].map((f) => f.id);

    // Triage through the lifecycle code: team A's champion calls 6 false positives
    // (one is reopened later) and accepts 2 risks; team B's security calls 2 false positives.
    const t = clock.now() - DAY / 2;
    for (const findingId of noisyA.slice(0, 6))
      await triageFinding(
        hub,
        findingId,
        { action: 'false_positive', reason: 'test data' },
        org.champion.id,
        t,
      );
    for (const findingId of noisyA.slice(6, 8))
      await triageFinding(
        hub,
        findingId,
        { action: 'accept_risk', reason: 'internal only', expiresAt: t + 30 * DAY },
        org.champion.id,
        t,
      );
    await triageFinding(
      hub,
      noisyA[0] as string,
      { action: 'reopen', reason: 'it is real after all' },
      org.security.id,
      t + 1,
    );
    for (const findingId of idsB.slice(0, 2))
      await triageFinding(
        hub,
        findingId,
        { action: 'false_positive', reason: 'fixture' },
        org.security.id,
        t,
      );
  });
  afterAll(async () => {
    await app.close();
    await drop();
  });

  const call = async (
    who: TestUser | string,
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    payload?: object,
  ) => {
    const token = typeof who === 'string' ? who : who.token;
    const res = await app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}` },
      ...(payload === undefined ? {} : { payload }),
    });
    return { status: res.statusCode, json: res.json() as FeedbackJson };
  };
  const fileAs = (who: TestUser, body: Record<string, unknown> = {}) =>
    call(who, 'POST', '/api/v1/rule-feedback', {
      scanner: 'sast',
      ruleId: NOISY,
      teamId: org.teamA,
      kind: 'noisy',
      body: 'Fires on every **test fixture**.',
      ...body,
    });

  it('runs feedback from a champion to the per-rule view, a response, and back', async () => {
    const filed = await fileAs(org.champion, { findingId: noisyA[1] });
    expect(filed.status).toBe(201);
    expect(filed.json).toMatchObject({
      status: 'open',
      author: { username: 'cham' },
      findingId: noisyA[1],
      response: null,
    });
    expect(filed.json.bodyHtml).toContain('<strong>test fixture</strong>');

    // Security sees the rule's false-positive rate from the real triage decisions.
    const stats = await call(org.security, 'GET', '/api/v1/rules/stats');
    expect(stats.status).toBe(200);
    const [noisy, good] = stats.json.rules;
    expect(noisy).toEqual({
      scanner: 'sast',
      ruleId: NOISY,
      detected: 16,
      triaged: 9,
      falsePositives: 7, // 6 + 2 - 1 reopened
      acceptedRisks: 2,
      fpRate: 0.4375,
      fpShareOfTriaged: 0.7778,
      sampleSize: 16,
      lowSample: false,
      openFeedback: 1,
      feedback: 1,
      topTeams: [{ teamId: org.teamA, teamName: 'payments', count: 1 }],
    });
    expect(good).toMatchObject({
      ruleId: GOOD,
      detected: 3,
      triaged: 0,
      fpRate: 0,
      fpShareOfTriaged: null,
      lowSample: true,
      feedback: 0,
      topTeams: [],
    });

    const perRule = await call(org.security, 'GET', `/api/v1/rules/sast/${NOISY}/feedback`);
    expect(perRule.status).toBe(200);
    expect(perRule.json.stats).toEqual(noisy);
    expect(perRule.json.feedback.map((f) => f.id)).toEqual([filed.json.id]);

    // Closing needs a response; security acknowledges, then answers.
    const bare = await call(org.security, 'PATCH', `/api/v1/rule-feedback/${filed.json.id}`, {
      status: 'fixed',
    });
    expect(bare.status).toBe(400);
    expect(bare.json.error?.message).toMatch(/^body\.response:/);
    expect(
      (
        await call(org.champion, 'PATCH', `/api/v1/rule-feedback/${filed.json.id}`, {
          status: 'acknowledged',
        })
      ).status,
    ).toBe(403);
    clock.advance(DAY);
    const ack = await call(org.security, 'PATCH', `/api/v1/rule-feedback/${filed.json.id}`, {
      status: 'acknowledged',
    });
    expect(ack.json.status).toBe('acknowledged');
    const edit = await call(org.champion, 'PATCH', `/api/v1/rule-feedback/${filed.json.id}`, {
      body: 'Also on mocks.',
    });
    expect(edit.status).toBe(409);
    expect(edit.json.error?.code).toBe('FEEDBACK_NOT_OPEN');
    const fixed = await call(org.security, 'PATCH', `/api/v1/rule-feedback/${filed.json.id}`, {
      status: 'fixed',
      response: 'Rule now skips `test/` folders (rampart 0.2).',
    });
    expect(fixed.status).toBe(200);
    const again = await call(org.security, 'PATCH', `/api/v1/rule-feedback/${filed.json.id}`, {
      status: 'open',
    });
    expect(again.status).toBe(409);
    expect(again.json.error).toMatchObject({ code: 'INVALID_TRANSITION' });
    expect(again.json.error?.message).toContain('from fixed to open');

    // The champion (and the team's developers) read the answer.
    for (const who of [org.champion, org.developer]) {
      const seen = await call(who, 'GET', `/api/v1/rule-feedback/${filed.json.id}`);
      expect(seen.status).toBe(200);
      expect(seen.json).toMatchObject({ status: 'fixed', respondedBy: { username: 'sam' } });
      expect(seen.json.responseHtml).toContain('<code>test/</code>');
    }
    expect((await call(org.outsider, 'GET', `/api/v1/rule-feedback/${filed.json.id}`)).status).toBe(
      404,
    );
    const after = await call(org.auditor, 'GET', '/api/v1/rules/stats?scanner=sast');
    expect(after.json.rules[0]).toMatchObject({ ruleId: NOISY, openFeedback: 0, feedback: 1 });
  });

  it("scopes the statistics to a team for that team's readers only", async () => {
    expect((await call(org.champion, 'GET', '/api/v1/rules/stats')).status).toBe(403);
    expect(
      (await call(org.outsider, 'GET', `/api/v1/rules/stats?teamId=${org.teamA}`)).status,
    ).toBe(404);
    const mine = await call(org.champion, 'GET', `/api/v1/rules/stats?teamId=${org.teamA}`);
    expect(mine.status).toBe(200);
    expect(mine.json.rules[0]).toMatchObject({
      ruleId: NOISY,
      detected: 12,
      falsePositives: 5,
      acceptedRisks: 2,
      fpRate: 0.4167,
      fpShareOfTriaged: 0.7143,
    });
    const teamB = await call(org.outsider, 'GET', `/api/v1/rules/stats?teamId=${org.teamB}`);
    expect(teamB.json.rules).toMatchObject([{ ruleId: NOISY, detected: 4, falsePositives: 2 }]);
    // The per-rule view of a team member counts their teams only.
    const perRule = await call(org.outsider, 'GET', `/api/v1/rules/sast/${NOISY}/feedback`);
    expect(perRule.json.stats).toMatchObject({ detected: 4, fpRate: 0.5, lowSample: true });
    expect(perRule.json.feedback).toEqual([]);
  });

  it('counts findings first seen in the window only', async () => {
    const old = await call(
      org.security,
      'GET',
      `/api/v1/rules/stats?to=${new Date(clock.now() - 10 * DAY).toISOString()}`,
    );
    expect(old.json.rules.filter((r) => r.detected > 0)).toEqual([]);
    const bad = await call(
      org.security,
      'GET',
      '/api/v1/rules/stats?from=2025-02-01&to=2025-01-01',
    );
    expect(bad.status).toBe(400);
    expect(bad.json.error?.message).toMatch(/^query\.from:/);
    expect(
      (await call(org.security, 'GET', '/api/v1/rules/stats?minFindings=5')).json.rules.map(
        (r) => r.ruleId,
      ),
    ).toEqual([NOISY]);
  });

  it('lets champions and security file, not developers or auditors, and names bad fields', async () => {
    expect((await fileAs(org.developer)).status).toBe(403);
    expect((await fileAs(org.auditor)).status).toBe(403);
    expect((await fileAs(org.outsider)).status).toBe(404);
    expect(
      (
        await call(org.ciToken, 'POST', '/api/v1/rule-feedback', {
          scanner: 'sast',
          ruleId: NOISY,
          teamId: org.teamA,
          kind: 'noisy',
          body: 'b',
        })
      ).status,
    ).toBe(403);
    expect((await fileAs(org.security, { kind: 'unclear_message' })).status).toBe(201);
    const bad = async (body: Record<string, unknown>, field: string) => {
      const res = await fileAs(org.champion, body);
      expect(res.status, JSON.stringify(res.json)).toBe(400);
      expect(res.json.error?.message.startsWith(`body.${field}`)).toBe(true);
    };
    await bad({ scanner: 'SAST' }, 'scanner');
    await bad({ kind: 'annoying' }, 'kind');
    await bad({ body: 'x'.repeat(5001) }, 'body');
    await bad({ ruleId: '' }, 'ruleId');
    await bad({ findingId: noisyB }, 'findingId');
    await bad({ findingId: goodA }, 'findingId');
  });

  it('lets the author edit while open, lists with filters, and reads rule ids with slashes', async () => {
    const ruleId = 'semgrep/python.lang.exec';
    const filed = await fileAs(org.champion, { ruleId, kind: 'false_positive' });
    expect(filed.status).toBe(201);
    expect(
      (
        await call(org.security, 'PATCH', `/api/v1/rule-feedback/${filed.json.id}`, {
          body: 'Not mine to edit.',
        })
      ).status,
    ).toBe(403);
    const edited = await call(org.champion, 'PATCH', `/api/v1/rule-feedback/${filed.json.id}`, {
      body: 'Fires on `exec` in docs.',
    });
    expect(edited.json.body).toBe('Fires on `exec` in docs.');
    const perRule = await call(
      org.champion,
      'GET',
      `/api/v1/rules/sast/${encodeURIComponent(ruleId)}/feedback`,
    );
    expect(perRule.status).toBe(200);
    expect(perRule.json.feedback.map((f) => f.id)).toEqual([filed.json.id]);
    expect(perRule.json.stats).toMatchObject({ detected: 0, fpRate: null, openFeedback: 1 });
    const badScanner = await call(org.champion, 'GET', '/api/v1/rules/SAST/x/feedback');
    expect(badScanner.status).toBe(400);
    expect(badScanner.json.error?.message).toMatch(/^params\.scanner:/);

    const mine = await call(org.champion, 'GET', '/api/v1/rule-feedback?mine=true&status=open');
    expect(mine.json.feedback.every((f) => f.author?.username === 'cham')).toBe(true);
    expect(mine.json.feedback.map((f) => f.id)).toContain(filed.json.id);
    const byRule = await call(
      org.developer,
      'GET',
      `/api/v1/rule-feedback?ruleId=${encodeURIComponent(ruleId)}`,
    );
    expect(byRule.json.total).toBe(1);
    expect((await call(org.outsider, 'GET', '/api/v1/rule-feedback')).json.total).toBe(0);
    expect(
      (await call(org.outsider, 'GET', `/api/v1/rule-feedback?teamId=${org.teamA}`)).status,
    ).toBe(404);
    expect((await call(org.auditor, 'GET', '/api/v1/rule-feedback')).json.total).toBeGreaterThan(2);
  });
});
