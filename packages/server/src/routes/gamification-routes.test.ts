import { randomUUID } from 'node:crypto';
import type { Severity } from '@rampart/core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addUser,
  buildTestHub,
  buildTestOrg,
  signIn,
  type TestOrg,
  type TestUser,
  testClock,
} from '../auth/test-org.js';
import { ctfDb } from '../ctf/tables.js';
import type { HubDatabase } from '../db/database.js';
import { acceptAnswer, addPost, askQuestion } from '../desk/desk-store.js';
import { pointsFor } from '../gamification/points.js';
import { ingestScan } from '../ingest/ingest-scan.js';
import { codeFinding, reportBody } from '../ingest/ingest-test-support.js';
import { triageFinding } from '../lifecycle/triage-actions.js';
import { freshDatabase, TEST_DIALECTS } from '../test-support/databases.js';
import { recordAttempt } from '../training/attempt-store.js';

const DAY = 24 * 60 * 60 * 1000;

interface Points {
  total: number;
  fixes: number;
  answers: number;
  training: number;
  ctf: number;
}
interface PersonEntry {
  rank: number;
  userId: string;
  username: string;
  points: Points;
}
interface TeamEntry {
  rank: number;
  teamId: string;
  members: number;
  points: number;
  pointsPerMember: number;
  breakdown: Omit<Points, 'total'>;
}
interface Badge {
  id: string;
  earned: boolean;
  earnedAt: string | null;
  progress: { count: number; threshold: number };
}
interface Mine {
  window: { kind: string; season: { id: string; name: string } | null; from: string; to: string };
  points: { season: Points; allTime: Points };
  rank: number | null;
  rankedPeople: number;
  badges: Badge[];
  optOut: boolean;
}

const pts = (fixes: number, answers: number, training: number, ctf: number): Points => ({
  total: fixes + answers + training + ctf,
  fixes,
  answers,
  training,
  ctf,
});

describe.each(TEST_DIALECTS)('gamification routes on %s', (dialect) => {
  let hub: HubDatabase;
  let drop: () => Promise<void>;
  let app: FastifyInstance;
  let org: TestOrg;
  /** Team A developers: dana earns points, gina none; hal is disabled. */
  let dana: TestUser;
  let gina: TestUser;
  /** Team B developer. */
  let erin: TestUser;
  let season0: string;
  const clock = testClock();
  const T0 = clock.now();

  const as = (user: TestUser) => ({ authorization: `Bearer ${user.token}` });
  const get = async <T>(user: TestUser, url: string, status = 200): Promise<T> => {
    const res = await app.inject({ method: 'GET', url, headers: as(user) });
    expect(res.statusCode, res.body).toBe(status);
    return res.json() as T;
  };
  const board = async (query: string, user: TestUser = org.developer) =>
    (
      await get<{ entries: PersonEntry[]; total: number }>(
        user,
        `/api/v1/leaderboards/people${query}`,
      )
    ).entries;
  const ranks = (entries: readonly PersonEntry[]) =>
    entries.map((e) => [e.username, e.rank, e.points.total]);
  const mine = (user: TestUser) => get<Mine>(user, '/api/v1/me/gamification');

  const findingId = async (projectId: string, key: string) => {
    const row = await hub.db
      .selectFrom('findings')
      .select('id')
      .where('project_id', '=', projectId)
      .where('fingerprint', '=', `fp-${key}`)
      .executeTakeFirstOrThrow();
    return row.id;
  };
  const scan = (projectId: string, at: number, findings: [string, Severity][]) =>
    ingestScan(hub, {
      projectId,
      body: reportBody({
        findings: findings.map(([k, severity]) => codeFinding(k, { severity })),
        at,
      }),
      now: at,
    });
  const assign = async (projectId: string, key: string, user: TestUser) =>
    triageFinding(
      hub,
      await findingId(projectId, key),
      { action: 'assign', assigneeId: user.id },
      org.security.id,
      T0 - 39 * DAY,
    );
  const pass = (user: TestUser, moduleId: string, at: number) =>
    recordAttempt(hub, {
      userId: user.id,
      moduleId,
      answers: [0],
      grade: { score: 100, correct: 1, total: 1, passed: true, results: [] },
      now: at,
    });
  const ctfEvent = async (visibility: 'draft' | 'organisation') => {
    const db = ctfDb(hub.db);
    const eventId = randomUUID();
    await db
      .insertInto('ctf_events')
      .values({
        id: eventId,
        name: `ctf ${visibility}`,
        description: '',
        starts_at: T0 - 10 * DAY,
        ends_at: T0 + 10 * DAY,
        freeze_at: null,
        visibility,
        mode: 'individual',
        created_by: null,
        created_at: T0 - 10 * DAY,
        updated_at: T0 - 10 * DAY,
      })
      .execute();
    const challengeId = randomUUID();
    await db
      .insertInto('ctf_challenges')
      .values({
        id: challengeId,
        event_id: eventId,
        slug: `c-${challengeId.slice(0, 8)}`,
        title: 'warm-up',
        category: 'web',
        description: '',
        scoring: 'static',
        points: 100,
        minimum: null,
        decay: null,
        flag_kind: 'static',
        flag_hash: 'x',
        flag_pattern: null,
        prerequisites: '[]',
        published: 1,
        position: 0,
        created_at: T0 - 10 * DAY,
        updated_at: T0 - 10 * DAY,
      })
      .execute();
    return { eventId, challengeId };
  };
  const solve = async (
    c: { eventId: string; challengeId: string },
    user: TestUser,
    at: number,
    firstBlood: boolean,
  ) =>
    ctfDb(hub.db)
      .insertInto('ctf_solves')
      .values({
        event_id: c.eventId,
        challenge_id: c.challengeId,
        participant_key: `user:${user.id}`,
        user_id: user.id,
        at,
        first_blood: firstBlood ? 1 : 0,
      })
      .execute();
  const seasonBody = (name: string, from: number, to: number) => ({
    name,
    startsAt: new Date(from).toISOString(),
    endsAt: new Date(to).toISOString(),
  });
  const postSeason = (user: TestUser, payload: object) =>
    app.inject({ method: 'POST', url: '/api/v1/seasons', headers: as(user), payload });

  beforeAll(async () => {
    ({ hub, drop } = await freshDatabase(dialect));
    org = await buildTestOrg(hub, T0 - 100 * DAY);
    dana = await addUser(hub, T0 - 100 * DAY, 'dana', null, { id: org.teamA, role: 'developer' });
    gina = await addUser(hub, T0 - 100 * DAY, 'gina', null, { id: org.teamA, role: 'developer' });
    erin = await addUser(hub, T0 - 100 * DAY, 'erin', null, { id: org.teamB, role: 'developer' });
    const hal = await addUser(hub, T0 - 100 * DAY, 'hal', null, {
      id: org.teamA,
      role: 'developer',
    });
    await hub.db.updateTable('users').set({ disabled: 1 }).where('id', '=', hal.id).execute();
    // Team A allows 60 days for high findings (the organisation default is 30).
    await hub.db
      .insertInto('sla_policies')
      .values({
        id: randomUUID(),
        team_id: org.teamA,
        severity: 'high',
        days: 60,
        created_at: T0 - 100 * DAY,
      })
      .execute();
    app = await buildTestHub(hub, clock);

    // Project A: detected 40 days ago; c1, h1, m1, i1 fixed 29 days later, h2 38 days later.
    const a = org.projectA;
    await scan(a, T0 - 40 * DAY, [
      ['c1', 'critical'],
      ['h1', 'high'],
      ['h2', 'high'],
      ['m1', 'medium'],
      ['i1', 'info'],
    ]);
    await assign(a, 'c1', org.developer);
    await assign(a, 'h1', org.developer);
    await assign(a, 'h2', org.champion);
    await assign(a, 'i1', org.developer);
    await scan(a, T0 - 11 * DAY, [['h2', 'high']]);
    await scan(a, T0 - 2 * DAY, []);
    // Project B: c3 fixed within 5 days (critical: 7), h3 within 20 (high: 30), h4 open.
    const b = org.projectB;
    await scan(b, T0 - 40 * DAY, [
      ['c3', 'critical'],
      ['h3', 'high'],
      ['h4', 'high'],
    ]);
    await assign(b, 'c3', erin);
    await assign(b, 'h3', org.outsider);
    await assign(b, 'h4', erin);
    await scan(b, T0 - 35 * DAY, [
      ['h3', 'high'],
      ['h4', 'high'],
    ]);
    await scan(b, T0 - 20 * DAY, [['h4', 'high']]);

    // Desk: the champion answers q1 (not accepted) and q2 (accepted); security's answer to
    // q1 is accepted; the developer answering their own question earns nothing.
    const ask = (title: string) =>
      askQuestion(hub, {
        teamId: org.teamA,
        projectId: null,
        findingId: null,
        authorId: org.developer.id,
        title,
        body: 'how?',
        tags: [],
        private: false,
        now: T0 - 6 * DAY,
      });
    const answer = async (questionId: string, user: TestUser) =>
      (
        await addPost(hub, {
          questionId,
          kind: 'answer',
          body: 'like this',
          authorId: user.id,
          now: T0 - 5 * DAY,
        })
      ).id;
    const q1 = (await ask('q1')).id;
    const q2 = (await ask('q2')).id;
    await answer(q1, org.champion);
    await answer(q1, org.champion);
    const bySecurity = await answer(q1, org.security);
    await answer(q2, org.developer);
    const byChampion = await answer(q2, org.champion);
    for (const [questionId, answerId] of [
      [q1, bySecurity],
      [q2, byChampion],
    ] as const)
      await acceptAnswer(hub, {
        questionId,
        answerId,
        actorId: org.developer.id,
        now: T0 - 4 * DAY,
      });

    // Training: the developer passes two modules (one twice), dana four, the outsider one.
    await pass(org.developer, 'sql-injection', T0 - 3 * DAY);
    await pass(org.developer, 'sql-injection', T0 - 3 * DAY + 1000);
    await pass(org.developer, 'xss', T0 - 3 * DAY);
    for (const m of ['a', 'b', 'c', 'd']) await pass(dana, `module-${m}`, T0 - 3 * DAY);
    await pass(org.outsider, 'xss', T0 - 3 * DAY);

    // CTF: erin's first blood, the outsider's solve; security's solve in a draft is no score.
    const live = await ctfEvent('organisation');
    await solve(live, erin, T0 - 2 * DAY, true);
    await solve(live, org.outsider, T0 - 2 * DAY + 1000, false);
    await solve(await ctfEvent('draft'), org.security, T0 - 2 * DAY, true);
  });
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  it('counts points from the history: SLA fixes to assignees, desk, training, CTF', async () => {
    const points = await pointsFor(hub, { from: 0, to: T0 + 1 });
    expect(Object.fromEntries(points)).toEqual({
      // h1 within team A's 60 days (high 10); c1 late (critical 7 days); i1 has no SLA.
      [org.developer.id]: pts(10, 0, 10, 0),
      // h2 fixed after 38 days: within team A's policy. Answers: q1 (3) + q2 accepted (10).
      [org.champion.id]: pts(10, 13, 0, 0),
      [org.security.id]: pts(0, 10, 0, 0),
      [dana.id]: pts(0, 0, 20, 0),
      [org.outsider.id]: pts(10, 0, 5, 2),
      // c3 fixed in 5 days (critical 20); first blood 2 + 5.
      [erin.id]: pts(20, 0, 0, 7),
    });
    const teamA = await pointsFor(hub, { from: 0, to: T0 + 1 }, { teamId: org.teamA });
    expect([...teamA.keys()].sort()).toEqual([org.developer.id, org.champion.id, dana.id].sort());
    const some = await pointsFor(hub, { from: 0, to: T0 + 1 }, { userIds: [erin.id] });
    expect([...some.keys()]).toEqual([erin.id]);
  });

  it('uses the last 90 days without a season', async () => {
    const me = await mine(org.champion);
    expect(me.window).toEqual({
      kind: 'last-90-days',
      season: null,
      from: new Date(T0 - 90 * DAY).toISOString(),
      to: new Date(T0 + 1).toISOString(),
    });
    expect(me.points.season).toEqual(pts(10, 13, 0, 0));
    expect(me.rank).toBe(2);
  });

  it('lets security manage non-overlapping seasons, audit-logged', async () => {
    let res = await postSeason(org.security, seasonBody('Winter', T0 - 60 * DAY, T0 - 15 * DAY));
    expect(res.statusCode, res.body).toBe(201);
    season0 = (res.json() as { id: string }).id;
    res = await postSeason(org.admin, seasonBody('Spring', T0 - 15 * DAY, T0 + 30 * DAY));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ name: 'Spring', current: true });

    res = await postSeason(org.security, seasonBody('Clash', T0 + 29 * DAY, T0 + 40 * DAY));
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('SEASON_OVERLAP');
    expect(res.json().error.message).toMatch(/^body\.startsAt: .*"Spring"/);
    res = await postSeason(org.security, seasonBody('Early', T0 - 70 * DAY, T0 - 59 * DAY));
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toMatch(/^body\.endsAt: .*"Winter"/);
    res = await postSeason(org.security, seasonBody('Empty', T0 + 50 * DAY, T0 + 50 * DAY));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/^body\.endsAt/);
    res = await postSeason(org.security, { name: '', startsAt: 'soon', endsAt: 'later' });
    expect(res.statusCode).toBe(400);
    res = await postSeason(org.champion, seasonBody('Mine', T0 + 90 * DAY, T0 + 91 * DAY));
    expect(res.statusCode).toBe(403);

    // Moving a season onto another is refused; renaming and moving into free time is fine.
    res = await app.inject({
      method: 'PATCH',
      url: `/api/v1/seasons/${season0}`,
      headers: as(org.security),
      payload: { endsAt: new Date(T0 - 10 * DAY).toISOString() },
    });
    expect(res.statusCode).toBe(409);
    res = await app.inject({
      method: 'PATCH',
      url: `/api/v1/seasons/${season0}`,
      headers: as(org.security),
      payload: { name: 'Winter 2024' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const empty = await app.inject({
      method: 'PATCH',
      url: `/api/v1/seasons/${season0}`,
      headers: as(org.security),
      payload: {},
    });
    expect(empty.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ name: 'Winter 2024', current: false });
    const scratch = await postSeason(
      org.security,
      seasonBody('Scratch', T0 + 100 * DAY, T0 + 101 * DAY),
    );
    res = await app.inject({
      method: 'DELETE',
      url: `/api/v1/seasons/${(scratch.json() as { id: string }).id}`,
      headers: as(org.security),
    });
    expect(res.statusCode).toBe(204);
    res = await app.inject({
      method: 'DELETE',
      url: `/api/v1/seasons/${randomUUID()}`,
      headers: as(org.security),
    });
    expect(res.statusCode).toBe(404);

    const { seasons } = await get<{ seasons: { name: string; current: boolean }[] }>(
      org.developer,
      '/api/v1/seasons',
    );
    expect(seasons.map((s) => [s.name, s.current])).toEqual([
      ['Winter 2024', false],
      ['Spring', true],
    ]);
    const actions = await hub.db
      .selectFrom('audit_log')
      .select('action')
      .where('target_type', '=', 'season')
      .orderBy('id')
      .execute();
    expect(actions.map((a) => a.action)).toEqual([
      'season.create',
      'season.create',
      'season.update',
      'season.create',
      'season.delete',
    ]);
  });

  it('ranks people per season with shared ranks for ties', async () => {
    expect(ranks(await board(''))).toEqual([
      ['cham', 1, 23],
      ['dana', 2, 20],
      ['dev', 2, 20],
      ['sam', 4, 10],
      ['erin', 5, 7],
      ['otto', 5, 7],
    ]);
    expect(ranks(await board(`?season=${season0}`))).toEqual([
      ['erin', 1, 20],
      ['otto', 2, 10],
    ]);
    expect(ranks(await board('?season=all'))).toEqual([
      ['erin', 1, 27],
      ['cham', 2, 23],
      ['dana', 3, 20],
      ['dev', 3, 20],
      ['otto', 5, 17],
      ['sam', 6, 10],
    ]);
    expect(ranks(await board(`?season=all&teamId=${org.teamA}`))).toEqual([
      ['cham', 1, 23],
      ['dana', 2, 20],
      ['dev', 2, 20],
    ]);
    const cut = await get<{ total: number; entries: PersonEntry[] }>(
      org.developer,
      '/api/v1/leaderboards/people?season=all&limit=2',
    );
    expect(cut.total).toBe(6);
    expect(cut.entries.map((e) => e.username)).toEqual(['erin', 'cham']);
    await get(org.outsider, `/api/v1/leaderboards/people?teamId=${org.teamA}`, 404);
    await get(org.developer, `/api/v1/leaderboards/people?season=${randomUUID()}`, 404);
    await get(org.developer, '/api/v1/leaderboards/people?limit=0', 400);
  });

  it('ranks teams by points per enabled member', async () => {
    const { teams } = await get<{ teams: TeamEntry[] }>(
      org.developer,
      '/api/v1/leaderboards/teams?season=all',
    );
    // Team A: fixes h1 10 + m1 5 (unassigned) + h2 10, answers 13, training 10 + 20 = 68
    // over 4 enabled members (hal is disabled); team B: fixes 30, training 5, ctf 9 = 44 over 2.
    expect(teams).toEqual([
      {
        rank: 1,
        teamId: org.teamB,
        slug: 'search',
        name: 'search',
        members: 2,
        points: 44,
        pointsPerMember: 22,
        breakdown: { fixes: 30, answers: 0, training: 5, ctf: 9 },
      },
      {
        rank: 2,
        teamId: org.teamA,
        slug: 'payments',
        name: 'payments',
        members: 4,
        points: 68,
        pointsPerMember: 17,
        breakdown: { fixes: 25, answers: 13, training: 30, ctf: 0 },
      },
    ]);
    const current = await get<{ window: { season: { name: string } }; teams: TeamEntry[] }>(
      org.outsider,
      '/api/v1/leaderboards/teams',
    );
    expect(current.window.season.name).toBe('Spring');
    expect(current.teams.map((t) => [t.teamId, t.rank, t.points])).toEqual([
      [org.teamA, 1, 68],
      [org.teamB, 2, 14],
    ]);
  });

  it('shows my points, rank and badges with the dates they were earned', async () => {
    const me = await mine(org.champion);
    expect(me.window.kind).toBe('season');
    expect(me.window.season?.name).toBe('Spring');
    expect(me.points).toEqual({ season: pts(10, 13, 0, 0), allTime: pts(10, 13, 0, 0) });
    expect(me.rank).toBe(1);
    expect(me.rankedPeople).toBe(6);
    expect(me.optOut).toBe(false);
    const earned = (m: Mine) =>
      Object.fromEntries(m.badges.filter((b) => b.earned).map((b) => [b.id, b.earnedAt]));
    expect(earned(me)).toEqual({
      'first-fix': new Date(T0 - 2 * DAY).toISOString(),
      'first-answer': new Date(T0 - 5 * DAY).toISOString(),
      'first-accepted-answer': new Date(T0 - 4 * DAY).toISOString(),
    });
    expect(me.badges.find((b) => b.id === 'five-accepted-answers')?.progress).toEqual({
      count: 1,
      threshold: 5,
    });
    expect(earned(await mine(erin))).toEqual({
      'first-fix': new Date(T0 - 35 * DAY).toISOString(),
      'first-ctf-solve': new Date(T0 - 2 * DAY).toISOString(),
      'first-blood': new Date(T0 - 2 * DAY).toISOString(),
    });
    expect(earned(await mine(dana))).toEqual({
      'first-module': new Date(T0 - 3 * DAY).toISOString(),
    });
    const nobody = await mine(gina);
    expect(nobody.points.allTime).toEqual(pts(0, 0, 0, 0));
    expect(nobody.rank).toBeNull();
    expect(nobody.badges.every((b) => !b.earned && b.earnedAt === null)).toBe(true);
    const ci = await app.inject({
      method: 'GET',
      url: '/api/v1/me/gamification',
      headers: { authorization: `Bearer ${org.ciToken}` },
    });
    expect(ci.statusCode).toBe(403);
  });

  it('leaves people who opted out off every board, but shows them their points', async () => {
    const session = await signIn(app, dana);
    const put = (optOut: unknown) =>
      app.inject({
        method: 'PUT',
        url: '/api/v1/me/gamification',
        headers: { cookie: session.cookie, 'x-csrf-token': session.csrf },
        payload: { optOut },
      });
    expect((await put('yes')).statusCode).toBe(400);
    const res = await put(true);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ optOut: true });

    expect(ranks(await board(''))).toEqual([
      ['cham', 1, 23],
      ['dev', 2, 20],
      ['sam', 3, 10],
      ['erin', 4, 7],
      ['otto', 4, 7],
    ]);
    for (const query of ['?season=all', `?season=all&teamId=${org.teamA}`])
      expect((await board(query, org.admin)).map((e) => e.userId)).not.toContain(dana.id);
    const me = await mine(dana);
    expect(me).toMatchObject({ optOut: true, rank: null, rankedPeople: 5 });
    expect(me.points.season).toEqual(pts(0, 0, 20, 0));
    // The team still counts her points (an aggregate).
    const { teams } = await get<{ teams: TeamEntry[] }>(
      org.developer,
      '/api/v1/leaderboards/teams?season=all',
    );
    expect(teams.find((t) => t.teamId === org.teamA)?.points).toBe(68);

    await put(false);
    expect((await board('')).map((e) => e.username)).toContain('dana');
    const audit = await hub.db
      .selectFrom('audit_log')
      .select(['action', 'actor_id'])
      .where('action', 'like', 'gamification.%')
      .orderBy('id')
      .execute();
    expect(audit).toEqual([
      { action: 'gamification.opt_out', actor_id: dana.id },
      { action: 'gamification.opt_in', actor_id: dana.id },
    ]);
  });
});
