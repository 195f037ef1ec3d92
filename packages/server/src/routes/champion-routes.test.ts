import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addUser,
  buildTestHub,
  buildTestOrg,
  type TestOrg,
  type TestUser,
  testClock,
} from '../auth/test-org.js';
import { ACTIVITY_WINDOW_MS } from '../champions/champion-store.js';
import { championDb } from '../champions/tables.js';
import type { HubDatabase } from '../db/database.js';
import { triageFinding } from '../lifecycle/triage-actions.js';
import { freshDatabase, TEST_DIALECTS } from '../test-support/databases.js';

const DAY = 24 * 60 * 60 * 1000;

interface Entry {
  userId: string;
  username: string;
  displayName: string;
  teamId: string;
  teamName: string;
  expertise: string[];
  activity: { triaged90d: number; lastActiveAt: string | null };
}

describe.each(TEST_DIALECTS)('champion routes on %s', (dialect) => {
  let hub: HubDatabase;
  let drop: () => Promise<void>;
  let app: FastifyInstance;
  let org: TestOrg;
  /** Champion of team B (the org's `champion` is team A's). */
  let chloe: TestUser;
  let findingA: string;
  let findingB: string;
  const clock = testClock();
  const now = clock.now();

  const as = (user: TestUser | string) => ({
    authorization: `Bearer ${typeof user === 'string' ? user : user.token}`,
  });
  const put = (user: TestUser | string, teamId: string, userId: string, payload: unknown) =>
    app.inject({
      method: 'PUT',
      url: `/api/v1/teams/${teamId}/champions/${userId}/expertise`,
      headers: as(user),
      payload: payload as object,
    });
  const directory = async (query = '', user: TestUser = org.developer): Promise<Entry[]> => {
    const res = await app.inject({
      method: 'GET',
      url: `/api/v1/champions${query}`,
      headers: as(user),
    });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { champions: Entry[] }).champions;
  };
  const addFinding = async (projectId: string) => {
    const id = randomUUID();
    await hub.db
      .insertInto('findings')
      .values({
        id,
        project_id: projectId,
        fingerprint: randomUUID(),
        rule_id: 'js-eval',
        scanner: 'sast',
        severity: 'high',
        severity_override: null,
        title: 'eval',
        status: 'open',
        data: '{}',
        first_seen_at: now - 200 * DAY,
        first_seen_stage: 'main',
        first_scan_id: 's1',
        last_seen_at: now - 200 * DAY,
        last_scan_id: 's1',
        fixed_at: null,
        assignee_id: null,
        accepted_until: null,
      })
      .execute();
    return id;
  };
  const addEvent = async (
    findingId: string,
    projectId: string,
    type: string,
    at: number,
    actorId: string | null,
  ) => {
    await hub.db
      .insertInto('finding_events')
      .values({
        finding_id: findingId,
        project_id: projectId,
        type,
        at,
        actor_id: actorId,
        scan_id: null,
        stage: null,
        data: '{}',
      })
      .execute();
  };

  beforeAll(async () => {
    ({ hub, drop } = await freshDatabase(dialect));
    org = await buildTestOrg(hub, now);
    chloe = await addUser(hub, now, 'chloe', null, { id: org.teamB, role: 'champion' });
    app = await buildTestHub(hub, clock);
    findingA = await addFinding(org.projectA);
    findingB = await addFinding(org.projectB);
  });
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  it('lets security set a champion’s expertise, shown in the directory and audit-logged', async () => {
    const res = await put(org.security, org.teamA, org.champion.id, {
      tags: ['owasp-top-10', 'crypto', 'crypto', 'k8s'],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      teamId: org.teamA,
      userId: org.champion.id,
      expertise: ['crypto', 'k8s', 'owasp-top-10'],
    });
    const entry = (await directory()).find((e) => e.userId === org.champion.id);
    expect(entry).toMatchObject({
      username: 'cham',
      displayName: 'cham',
      teamId: org.teamA,
      teamName: 'payments',
      expertise: ['crypto', 'k8s', 'owasp-top-10'],
    });
    const audit = await hub.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'champion.expertise.set')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor_id: org.security.id,
      target_type: 'team',
      target_id: org.teamA,
    });
    expect(JSON.parse(audit[0]?.data ?? '{}')).toEqual({
      userId: org.champion.id,
      tags: ['crypto', 'k8s', 'owasp-top-10'],
      previous: [],
    });
  });

  it('replaces the whole set (admin too), and an empty list clears it', async () => {
    expect((await put(org.admin, org.teamB, chloe.id, { tags: ['authn', 'web'] })).statusCode).toBe(
      200,
    );
    expect(
      (await put(org.admin, org.teamB, chloe.id, { tags: ['authn', 'supply-chain'] })).json(),
    ).toMatchObject({
      expertise: ['authn', 'supply-chain'],
    });
    const rows = await championDb(hub.db)
      .selectFrom('champion_expertise')
      .select('tag')
      .where('user_id', '=', chloe.id)
      .orderBy('tag')
      .execute();
    expect(rows.map((r) => r.tag)).toEqual(['authn', 'supply-chain']);
    const temp = await addUser(hub, now, 'temp-champ', null, { id: org.teamB, role: 'champion' });
    await put(org.security, org.teamB, temp.id, { tags: ['x'] });
    expect((await put(org.security, org.teamB, temp.id, { tags: [] })).json()).toMatchObject({
      expertise: [],
    });
    expect((await directory()).find((e) => e.userId === temp.id)?.expertise).toEqual([]);
  });

  it('refuses developers, champions, auditors and CI tokens (403), anonymous callers (401)', async () => {
    for (const user of [org.developer, org.champion, org.outsider, org.auditor, chloe]) {
      const res = await put(user, org.teamA, org.champion.id, { tags: ['crypto'] });
      expect(res.statusCode, user.username).toBe(403);
      expect(res.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    }
    expect(
      (await put(org.ciToken, org.teamA, org.champion.id, { tags: ['crypto'] })).statusCode,
    ).toBe(403);
    const anonymous = await app.inject({
      method: 'PUT',
      url: `/api/v1/teams/${org.teamA}/champions/${org.champion.id}/expertise`,
      payload: { tags: [] },
    });
    expect(anonymous.statusCode).toBe(401);
  });

  it('answers 404 for someone who is not a champion of that team', async () => {
    for (const [teamId, userId] of [
      [org.teamA, org.developer.id], // a developer of the team
      [org.teamB, org.champion.id], // a champion of another team
      [org.teamA, randomUUID()], // no such user
      [randomUUID(), org.champion.id], // no such team
    ] as const) {
      const res = await put(org.security, teamId, userId, { tags: ['crypto'] });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    }
  });

  it('rejects bad tags with 400 VALIDATION and keeps the stored set', async () => {
    const eleven = Array.from({ length: 11 }, (_, i) => `tag-${i}`);
    for (const payload of [
      { tags: ['Crypto'] },
      { tags: ['two words'] },
      { tags: ['-lead'] },
      { tags: ['trail-'] },
      { tags: ['double--dash'] },
      { tags: ['9lives'] },
      { tags: [''] },
      { tags: ['a'.repeat(33)] },
      { tags: eleven },
      { tags: 'crypto' },
      { tags: [1] },
      {},
      { tags: [], extra: true },
    ]) {
      const res = await put(org.security, org.teamA, org.champion.id, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json()).toMatchObject({ error: { code: 'VALIDATION' } });
    }
    const ok = await put(org.security, org.teamA, org.champion.id, {
      tags: ['a'.repeat(32), ...Array.from({ length: 9 }, (_, i) => `t${i}`)],
    });
    expect(ok.statusCode).toBe(200);
    await put(org.security, org.teamA, org.champion.id, {
      tags: ['crypto', 'k8s', 'owasp-top-10'],
    });
    const entry = (await directory()).find((e) => e.userId === org.champion.id);
    expect(entry?.expertise).toEqual(['crypto', 'k8s', 'owasp-top-10']);
  });

  it("counts a champion's triage events on their team's findings in the last 90 days", async () => {
    const cham = org.champion.id;
    // Counted: triage types by the champion on team A's findings within the window.
    for (const [type, ago] of [
      ['false_positive', 89 * DAY],
      ['risk_accepted', 30 * DAY],
      ['reopened', 20 * DAY],
      ['assigned', 10 * DAY],
      ['severity_overridden', 5 * DAY],
    ] as const) {
      await addEvent(findingA, org.projectA, type, now - ago, cham);
    }
    // A real comment through the triage code: its event type is one the directory counts.
    await triageFinding(hub, findingA, { action: 'comment', text: 'looking' }, cham, now - DAY);
    // Not counted: older than 90 days, not a triage type, another user, the scan's reopen,
    // another team's finding, and after `now`.
    await addEvent(findingA, org.projectA, 'commented', now - ACTIVITY_WINDOW_MS, cham);
    await addEvent(findingA, org.projectA, 'assigned', now - 120 * DAY, cham);
    await addEvent(findingA, org.projectA, 'seen', now - 2 * DAY, cham);
    await addEvent(findingA, org.projectA, 'commented', now - 2 * DAY, org.developer.id);
    await addEvent(findingA, org.projectA, 'reopened', now - 2 * DAY, null);
    await addEvent(findingB, org.projectB, 'commented', now - 2 * DAY, cham);
    await addEvent(findingA, org.projectA, 'commented', now + 60_000, cham);
    // Team B's champion: only old work.
    await addEvent(findingB, org.projectB, 'false_positive', now - 100 * DAY, chloe.id);

    const entries = await directory();
    const mine = entries.find((e) => e.userId === cham);
    expect(mine?.activity).toEqual({
      triaged90d: 6,
      lastActiveAt: new Date(now - DAY).toISOString(),
    });
    expect(entries.find((e) => e.userId === chloe.id)?.activity).toEqual({
      triaged90d: 0,
      lastActiveAt: new Date(now - 100 * DAY).toISOString(),
    });
    // Developers are not in the directory at all.
    expect(entries.some((e) => e.userId === org.developer.id)).toBe(false);
  });

  it('filters by expertise and team, and validates the filters', async () => {
    const byTag = await directory('?expertise=crypto');
    expect(byTag.map((e) => e.userId)).toEqual([org.champion.id]);
    const byTeam = await directory(`?teamId=${org.teamB}`);
    expect(new Set(byTeam.map((e) => e.teamId))).toEqual(new Set([org.teamB]));
    expect(byTeam.map((e) => e.userId)).toContain(chloe.id);
    expect(byTeam.find((e) => e.userId === chloe.id)?.activity.triaged90d).toBe(0);
    expect(await directory(`?teamId=${org.teamB}&expertise=crypto`)).toEqual([]);
    expect((await directory(`?teamId=${org.teamA}&expertise=k8s`)).map((e) => e.username)).toEqual([
      'cham',
    ]);
    expect(await directory('?expertise=nobody-knows')).toEqual([]);
    for (const query of [
      '?expertise=Crypto',
      '?expertise=',
      '?colour=red',
      `?teamId=${'x'.repeat(101)}`,
    ]) {
      const res = await app.inject({
        method: 'GET',
        url: `/api/v1/champions${query}`,
        headers: as(org.developer),
      });
      expect(res.statusCode, query).toBe(400);
      expect(res.json()).toMatchObject({ error: { code: 'VALIDATION' } });
    }
  });

  it('is read by every signed-in user, not by CI tokens or anonymous callers', async () => {
    for (const user of [
      org.admin,
      org.security,
      org.auditor,
      org.champion,
      org.developer,
      org.outsider,
    ]) {
      expect((await directory('', user)).length).toBeGreaterThanOrEqual(2);
    }
    const ci = await app.inject({
      method: 'GET',
      url: '/api/v1/champions',
      headers: as(org.ciToken),
    });
    expect(ci.statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/v1/champions' })).statusCode).toBe(401);
  });

  it('orders by team name then username, and leaves out demoted, removed and disabled champions', async () => {
    const extra = await addUser(hub, now, 'aaron', null, { id: org.teamA, role: 'champion' });
    await put(org.security, org.teamA, extra.id, { tags: ['crypto'] });
    let entries = await directory();
    expect(entries.map((e) => e.teamName)).toEqual([...entries.map((e) => e.teamName)].sort());
    const teamA = entries.filter((e) => e.teamId === org.teamA).map((e) => e.username);
    expect(teamA).toEqual(['aaron', 'cham']);

    // Demoted: gone from the directory, and no expertise can be set.
    await hub.db
      .updateTable('memberships')
      .set({ role: 'developer' })
      .where('team_id', '=', org.teamA)
      .where('user_id', '=', extra.id)
      .execute();
    entries = await directory('?expertise=crypto');
    expect(entries.map((e) => e.userId)).toEqual([org.champion.id]);
    expect((await put(org.security, org.teamA, extra.id, { tags: ['crypto'] })).statusCode).toBe(
      404,
    );

    // Removed from the team: the tags go with the membership.
    await hub.db
      .deleteFrom('memberships')
      .where('team_id', '=', org.teamA)
      .where('user_id', '=', extra.id)
      .execute();
    const left = await championDb(hub.db)
      .selectFrom('champion_expertise')
      .select('tag')
      .where('user_id', '=', extra.id)
      .execute();
    expect(left).toEqual([]);

    // Disabled account: not someone to ask.
    await hub.db.updateTable('users').set({ disabled: 1 }).where('id', '=', chloe.id).execute();
    expect((await directory()).some((e) => e.userId === chloe.id)).toBe(false);
    await hub.db.updateTable('users').set({ disabled: 0 }).where('id', '=', chloe.id).execute();
  });
});
