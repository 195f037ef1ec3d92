import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildTestHub,
  buildTestOrg,
  type TestOrg,
  type TestUser,
  testClock,
} from '../auth/test-org.js';
import { POINTS } from '../champions/points.js';
import type { HubDatabase } from '../db/database.js';
import { acceptAnswer, addPost, askQuestion } from '../desk/desk-store.js';
import { ingestScan } from '../ingest/ingest-scan.js';
import { codeFinding, reportBody } from '../ingest/ingest-test-support.js';
import { triageFinding } from '../lifecycle/triage-actions.js';
import { freshDatabase, TEST_DIALECTS } from '../test-support/databases.js';

const DAY = 24 * 60 * 60 * 1000;

interface HomeFindingJson {
  findingId: string;
  title: string;
  severity: string;
  dueAt?: string;
}
interface Metrics {
  fixed: number;
  mttrMeanDays: number | null;
  mttrMedianDays: number | null;
  slaCompliance: number | null;
  open: number;
  breaches: number;
}
interface HomeJson {
  teamId: string;
  triage: { total: number; items: HomeFindingJson[] };
  slaDueSoon: { total: number; items: HomeFindingJson[] };
  slaBreached: { total: number; items: HomeFindingJson[] };
  questions: {
    total: number;
    items: { questionId: string; status: string; waitingSince: string }[];
  };
  metrics: { team: Metrics; organisation: Metrics };
}

// Team A's project, scanned 20 and 10 days ago: `soon` (high, due in 10 days), `medium`,
// `low`, `fixed` (high, gone from the second scan: fixed in 10 days) and `critical` (new in
// the second scan: due 3 days ago). Team B's project has one critical, 10 days old. The
// champion commented on `medium`; the developer was assigned `low`.
describe.each(TEST_DIALECTS)('the champion home page and points on %s', (dialect) => {
  let hub: HubDatabase;
  let drop: () => Promise<void>;
  let app: FastifyInstance;
  let org: TestOrg;
  const clock = testClock();
  const now = clock.now();
  const ids = new Map<string, string>();

  const as = (user: TestUser) => ({ authorization: `Bearer ${user.token}` });
  const home = async (user: TestUser, teamId = org.teamA): Promise<HomeJson> => {
    const res = await app.inject({
      method: 'GET',
      url: `/api/v1/teams/${teamId}/champion-home`,
      headers: as(user),
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as HomeJson;
  };
  const scan = async (
    projectId: string,
    at: number,
    keys: [string, 'critical' | 'high' | 'medium' | 'low'][],
  ) =>
    ingestScan(hub, {
      projectId,
      body: reportBody({
        at,
        findings: keys.map(([key, severity]) => codeFinding(key, { severity })),
      }),
      now: at,
    });

  beforeAll(async () => {
    ({ hub, drop } = await freshDatabase(dialect));
    org = await buildTestOrg(hub, now - 60 * DAY);
    app = await buildTestHub(hub, clock);
    await scan(org.projectA, now - 20 * DAY, [
      ['soon', 'high'],
      ['medium', 'medium'],
      ['low', 'low'],
      ['fixed', 'high'],
    ]);
    await scan(org.projectA, now - 10 * DAY, [
      ['soon', 'high'],
      ['medium', 'medium'],
      ['low', 'low'],
      ['critical', 'critical'],
    ]);
    await scan(org.projectB, now - 10 * DAY, [['other', 'critical']]);
    const rows = await hub.db.selectFrom('findings').select(['id', 'fingerprint']).execute();
    for (const r of rows) ids.set(r.fingerprint.replace(/^fp-/, ''), r.id);
    await triageFinding(
      hub,
      ids.get('medium') as string,
      { action: 'comment', text: 'looked at it: the input is a constant' },
      org.champion.id,
      now - 5 * DAY,
    );
    await triageFinding(
      hub,
      ids.get('low') as string,
      { action: 'assign', assigneeId: org.developer.id },
      org.developer.id,
      now - 5 * DAY,
    );
  });
  afterAll(async () => {
    await app.close();
    await drop();
  });

  it('lists the untriaged findings, critical first, and leaves out the commented and the assigned', async () => {
    const page = await home(org.champion);
    expect(page.teamId).toBe(org.teamA);
    expect(page.triage.total).toBe(2);
    expect(page.triage.items.map((f) => f.findingId)).toEqual([
      ids.get('critical'),
      ids.get('soon'),
    ]);
    expect(page.triage.items[0]?.severity).toBe('critical');
  });

  it('shows the SLA due dates coming up within 14 days and those passed, from the policy days', async () => {
    const page = await home(org.champion);
    expect(page.slaDueSoon.total).toBe(1);
    expect(page.slaDueSoon.items[0]).toMatchObject({
      findingId: ids.get('soon'),
      dueAt: new Date(now + 10 * DAY).toISOString(),
    });
    expect(page.slaBreached.total).toBe(1);
    expect(page.slaBreached.items[0]).toMatchObject({
      findingId: ids.get('critical'),
      dueAt: new Date(now - 3 * DAY).toISOString(),
    });
  });

  it("puts the team's numbers next to the organisation's", async () => {
    const { team, organisation } = (await home(org.developer)).metrics;
    expect(team).toEqual({
      fixed: 1,
      mttrMeanDays: 10,
      mttrMedianDays: 10,
      slaCompliance: 1,
      open: 4,
      breaches: 1,
    });
    expect(organisation).toMatchObject({ fixed: 1, open: 5, breaches: 2 });
  });

  it('gives points for triaged findings and team fixes in the directory', async () => {
    const res = await app.inject({
      method: 'GET',
      url: `/api/v1/champions?teamId=${org.teamA}`,
      headers: as(org.developer),
    });
    const [entry] = (res.json() as { champions: { userId: string; points: unknown }[] }).champions;
    expect(entry?.userId).toBe(org.champion.id);
    expect(entry?.points).toEqual({
      total: POINTS.triagedFinding + POINTS.teamFix,
      triage: POINTS.triagedFinding,
      fixes: POINTS.teamFix,
      answers: 0,
    });
  });

  it("lists the team's desk questions waiting for an answer, and an accepted answer earns the champion points", async () => {
    const ask = (title: string, at: number) =>
      askQuestion(hub, {
        teamId: org.teamA,
        projectId: null,
        findingId: null,
        authorId: org.developer.id,
        title,
        body: 'Is this safe?',
        tags: [],
        private: false,
        now: at,
      });
    const older = await ask('Is eval on a constant string safe?', now - 3 * DAY);
    const newer = await ask('Which hash for passwords?', now - 2 * DAY);
    let page = await home(org.champion);
    expect(page.questions.total).toBe(2);
    expect(page.questions.items.map((q) => q.questionId)).toEqual([older.id, newer.id]);
    expect(page.questions.items[0]).toMatchObject({
      status: 'open',
      waitingSince: new Date(now - 3 * DAY).toISOString(),
    });

    const answer = await addPost(hub, {
      questionId: newer.id,
      kind: 'answer',
      body: 'argon2id, with the library our paved road lists.',
      authorId: org.champion.id,
      now: now - DAY,
    });
    await acceptAnswer(hub, {
      questionId: newer.id,
      answerId: answer.id,
      actorId: org.developer.id,
      now: now - DAY,
    });
    page = await home(org.champion);
    expect(page.questions.items.map((q) => q.questionId)).toEqual([older.id]);
    const res = await app.inject({
      method: 'GET',
      url: `/api/v1/champions?teamId=${org.teamA}`,
      headers: as(org.developer),
    });
    const [entry] = (res.json() as { champions: { points: { answers: number; total: number } }[] })
      .champions;
    expect(entry?.points.answers).toBe(POINTS.acceptedAnswer);
    expect(entry?.points.total).toBe(
      POINTS.triagedFinding + POINTS.teamFix + POINTS.acceptedAnswer,
    );
  });

  it('drops an accepted risk from the breaches and the triage queue', async () => {
    await triageFinding(
      hub,
      ids.get('critical') as string,
      {
        action: 'accept_risk',
        reason: 'behind the VPN until the rewrite',
        expiresAt: now + 30 * DAY,
      },
      org.champion.id,
      now - DAY,
    );
    const page = await home(org.champion);
    expect(page.slaBreached.total).toBe(0);
    expect(page.triage.items.map((f) => f.findingId)).toEqual([ids.get('soon')]);
  });

  it('refuses the page to those who may not read the team, and answers 404 for an unknown team', async () => {
    for (const [user, status] of [
      [org.outsider, 404],
      [org.auditor, 200],
      [org.security, 200],
    ] as const) {
      const res = await app.inject({
        method: 'GET',
        url: `/api/v1/teams/${org.teamA}/champion-home`,
        headers: as(user),
      });
      expect(res.statusCode, user.username).toBe(status);
    }
    const ci = await app.inject({
      method: 'GET',
      url: `/api/v1/teams/${org.teamA}/champion-home`,
      headers: { authorization: `Bearer ${org.ciToken}` },
    });
    expect(ci.statusCode).toBe(403);
    const unknown = await app.inject({
      method: 'GET',
      url: '/api/v1/teams/no-such-team/champion-home',
      headers: as(org.admin),
    });
    expect(unknown.statusCode).toBe(404);
  });
});

describe.each(TEST_DIALECTS)('appointing champions on %s', (dialect) => {
  let hub: HubDatabase;
  let drop: () => Promise<void>;
  let app: FastifyInstance;
  let org: TestOrg;
  const clock = testClock();

  const call = (method: 'PUT' | 'DELETE', user: TestUser, teamId: string, userId: string) =>
    app.inject({
      method,
      url: `/api/v1/teams/${teamId}/champions/${userId}`,
      headers: { authorization: `Bearer ${user.token}` },
    });
  const roleOf = async (teamId: string, userId: string) =>
    (
      await hub.db
        .selectFrom('memberships')
        .select('role')
        .where('team_id', '=', teamId)
        .where('user_id', '=', userId)
        .executeTakeFirst()
    )?.role;

  beforeAll(async () => {
    ({ hub, drop } = await freshDatabase(dialect));
    org = await buildTestOrg(hub, clock.now());
    app = await buildTestHub(hub, clock);
  });
  afterAll(async () => {
    await app.close();
    await drop();
  });

  it('lets security appoint a member, or someone from another team, and says when nothing changed', async () => {
    const first = await call('PUT', org.security, org.teamA, org.developer.id);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({
      teamId: org.teamA,
      userId: org.developer.id,
      role: 'champion',
      changed: true,
    });
    expect(await roleOf(org.teamA, org.developer.id)).toBe('champion');
    const again = await call('PUT', org.admin, org.teamA, org.developer.id);
    expect(again.json()).toMatchObject({ changed: false });

    const outsider = await call('PUT', org.security, org.teamA, org.outsider.id);
    expect(outsider.statusCode).toBe(200);
    expect(await roleOf(org.teamA, org.outsider.id)).toBe('champion');
    expect(await roleOf(org.teamB, org.outsider.id)).toBe('developer');

    const audit = await hub.db
      .selectFrom('audit_log')
      .select(['action', 'data'])
      .where('action', '=', 'champion.appoint')
      .execute();
    expect(audit).toHaveLength(2);
    expect(JSON.parse(audit[1]?.data ?? '{}')).toMatchObject({
      userId: org.outsider.id,
      previousRole: null,
    });
  });

  it('ends the role: the champion stays a developer; a second dismissal is 404', async () => {
    const res = await call('DELETE', org.security, org.teamA, org.outsider.id);
    expect(res.statusCode).toBe(204);
    expect(await roleOf(org.teamA, org.outsider.id)).toBe('developer');
    expect((await call('DELETE', org.security, org.teamA, org.outsider.id)).statusCode).toBe(404);
  });

  it('refuses champions and developers, and answers 404 for unknown or disabled users and teams', async () => {
    expect((await call('PUT', org.champion, org.teamA, org.outsider.id)).statusCode).toBe(403);
    expect((await call('DELETE', org.developer, org.teamA, org.champion.id)).statusCode).toBe(403);
    expect((await call('PUT', org.security, 'no-such-team', org.outsider.id)).statusCode).toBe(404);
    expect((await call('PUT', org.security, org.teamA, 'no-such-user')).statusCode).toBe(404);
    await hub.db
      .updateTable('users')
      .set({ disabled: 1 })
      .where('id', '=', org.auditor.id)
      .execute();
    expect((await call('PUT', org.security, org.teamB, org.auditor.id)).statusCode).toBe(404);
    expect(await roleOf(org.teamB, org.auditor.id)).toBeUndefined();
  });
});
