import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addTeam,
  buildTestHub,
  buildTestOrg,
  fakePassword,
  signIn,
  type TestClock,
  type TestOrg,
  testClock,
} from '../auth/test-org.js';
import type { HubDatabase } from '../db/database.js';
import { ingestScan } from '../ingest/ingest-scan.js';
import { codeFinding, reportBody } from '../ingest/ingest-test-support.js';
import { lifecycleDb } from '../lifecycle/tables.js';
import { freshDatabase, TEST_DIALECTS } from '../test-support/databases.js';

describe.each(TEST_DIALECTS)('teams, users, projects and SLA policies on %s', (dialect) => {
  let hub: HubDatabase;
  let drop: () => Promise<void>;
  let clock: TestClock;
  let org: TestOrg;
  let app: FastifyInstance;

  beforeAll(async () => {
    ({ hub, drop } = await freshDatabase(dialect));
    clock = testClock();
    org = await buildTestOrg(hub, clock.now());
    app = await buildTestHub(hub, clock);
  });
  afterAll(async () => {
    await app.close();
    await drop();
  });

  const as =
    (token: string) =>
    (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
      app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${token}` },
        ...(payload ? { payload } : {}),
      });

  async function lastAudit() {
    return hub.db
      .selectFrom('audit_log')
      .selectAll()
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
  }

  it('lets an admin build a team: create it, add a user with a one-time password, make them champion', async () => {
    const admin = as(org.admin.token);
    const team = await admin('POST', '/api/v1/teams', { slug: 'identity', name: 'Identity' });
    expect(team.statusCode).toBe(201);
    const teamId = team.json().id;
    expect(await lastAudit()).toMatchObject({
      actor_id: org.admin.id,
      action: 'team.create',
      target_type: 'team',
      target_id: teamId,
    });
    const dup = await admin('POST', '/api/v1/teams', { slug: 'identity', name: 'Again' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('TEAM_EXISTS');

    const user = await admin('POST', '/api/v1/users', { username: 'Iris', displayName: 'Iris N.' });
    expect(user.statusCode).toBe(201);
    const { id: userId, password, username, mustChangePassword } = user.json();
    expect({ username, mustChangePassword }).toEqual({
      username: 'iris',
      mustChangePassword: true,
    });
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(
      JSON.stringify(await hub.db.selectFrom('audit_log').selectAll().execute()),
    ).not.toContain(password);
    const again = await admin('GET', `/api/v1/users/${userId}`);
    expect(again.json().password).toBeUndefined();

    const member = await admin('PUT', `/api/v1/teams/${teamId}/members/${userId}`, {
      role: 'developer',
    });
    expect(member.json()).toEqual({ teamId, userId, role: 'developer' });
    await admin('PUT', `/api/v1/teams/${teamId}/members/${userId}`, { role: 'champion' });
    const detail = await admin('GET', `/api/v1/teams/${teamId}`);
    expect(detail.json().members).toEqual([
      { userId, username: 'iris', displayName: 'Iris N.', role: 'champion' },
    ]);
    expect(await lastAudit()).toMatchObject({ action: 'membership.set', target_id: teamId });

    // The new champion signs in, must change the one-time password, then runs the team.
    const session = await signIn(app, { username: 'iris', password });
    const headers = { cookie: session.cookie, 'x-csrf-token': session.csrf };
    expect((await app.inject({ method: 'GET', url: '/api/v1/projects', headers })).statusCode).toBe(
      403,
    );
    await app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers,
      payload: { currentPassword: password, newPassword: fakePassword() },
    });
    const project = await app.inject({
      method: 'POST',
      url: '/api/v1/projects',
      headers,
      payload: { name: 'sso', teamId, repository: 'https://git.example.com/sso.git' },
    });
    expect(project.statusCode).toBe(201);
    expect(project.json()).toMatchObject({ name: 'sso', teamId, defaultBranch: 'main' });
    const mine = await app.inject({ method: 'GET', url: '/api/v1/projects', headers });
    expect(mine.json().projects.map((p: { name: string }) => p.name)).toEqual(['sso']);

    // A team with projects cannot be deleted.
    const del = await admin('DELETE', `/api/v1/teams/${teamId}`);
    expect(del.statusCode).toBe(409);
    expect(del.json().error.code).toBe('TEAM_NOT_EMPTY');
  });

  it('shows champions and developers their own teams and projects only', async () => {
    const teams = await as(org.developer.token)('GET', '/api/v1/teams');
    expect(teams.json().teams.map((t: { id: string }) => t.id)).toEqual([org.teamA]);
    // Each team names its champions (the dashboard's teams page), not its developers.
    expect(teams.json().teams[0].champions).toEqual([
      { id: org.champion.id, username: org.champion.username, displayName: org.champion.username },
    ]);
    const projects = await as(org.outsider.token)('GET', '/api/v1/projects');
    expect(projects.json().projects.map((p: { id: string }) => p.id)).toEqual([org.projectB]);
    const filtered = await as(org.outsider.token)('GET', `/api/v1/projects?teamId=${org.teamA}`);
    expect(filtered.json().projects).toEqual([]);
    const all = await as(org.auditor.token)('GET', `/api/v1/projects?teamId=${org.teamA}`);
    expect(all.json().projects.map((p: { id: string }) => p.id)).toEqual([org.projectA]);
    const bad = await as(org.auditor.token)('GET', '/api/v1/projects?color=blue');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION');
  });

  it('moves a project only into a team the mover manages', async () => {
    const admin = as(org.admin.token);
    const spare = await addTeam(hub, clock.now(), 'spare');
    const p = (
      await admin('POST', '/api/v1/projects', { name: 'mover', teamId: org.teamA })
    ).json();
    // A finding of the project, so its intervals (what the metrics count by team) move too.
    await ingestScan(hub, {
      projectId: p.id,
      body: reportBody({ findings: [codeFinding('moved')], stage: 'main', at: clock.now() }),
    });
    const teamsOfIntervals = async () =>
      (
        await lifecycleDb(hub.db)
          .selectFrom('finding_intervals')
          .select('team_id')
          .where('project_id', '=', p.id)
          .execute()
      ).map((r) => r.team_id);
    expect(await teamsOfIntervals()).toEqual([org.teamA]);
    const byChampion = await as(org.champion.token)('PATCH', `/api/v1/projects/${p.id}`, {
      teamId: spare,
    });
    expect(byChampion.statusCode).toBe(404);
    const renamed = await as(org.champion.token)('PATCH', `/api/v1/projects/${p.id}`, {
      name: 'mover-2',
      repository: null,
    });
    expect(renamed.json()).toMatchObject({ name: 'mover-2', repository: null, teamId: org.teamA });
    const moved = await as(org.security.token)('PATCH', `/api/v1/projects/${p.id}`, {
      teamId: spare,
    });
    expect(moved.json().teamId).toBe(spare);
    expect(await teamsOfIntervals()).toEqual([spare]);
    expect(await lastAudit()).toMatchObject({
      actor_id: org.security.id,
      action: 'project.update',
      target_id: p.id,
    });
    const clash = await admin('PATCH', `/api/v1/projects/${p.id}`, { name: 'shop' });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().error.code).toBe('PROJECT_EXISTS');
  });

  it('keeps at least one enabled admin', async () => {
    const admin = as(org.admin.token);
    for (const change of [{ globalRole: null }, { globalRole: 'auditor' }, { disabled: true }]) {
      const res = await admin('PATCH', `/api/v1/users/${org.admin.id}`, change);
      expect(res.statusCode).toBe(409);
      expect(res.json().error.code).toBe('LAST_ADMIN');
    }
    expect((await admin('DELETE', `/api/v1/users/${org.admin.id}`)).json().error.code).toBe(
      'LAST_ADMIN',
    );
    const second = (
      await admin('POST', '/api/v1/users', { username: 'root2', globalRole: 'admin' })
    ).json();
    expect(
      (await admin('PATCH', `/api/v1/users/${second.id}`, { disabled: true })).statusCode,
    ).toBe(200);
    expect((await admin('DELETE', `/api/v1/users/${org.admin.id}`)).json().error.code).toBe(
      'LAST_ADMIN',
    );
    expect((await admin('DELETE', `/api/v1/users/${second.id}`)).statusCode).toBe(204);
  });

  it('disabling a user ends their sessions; a password reset unlocks them', async () => {
    const admin = as(org.admin.token);
    const created = (
      await admin('POST', '/api/v1/users', { username: 'temp', password: fakePassword() })
    ).json();
    expect(created.password).toBeUndefined();
    await hub.db
      .updateTable('users')
      .set({ locked_until: clock.now() + 60_000, failed_logins: 3 })
      .where('id', '=', created.id)
      .execute();
    expect((await admin('GET', `/api/v1/users/${created.id}`)).json().locked).toBe(true);
    const fresh = fakePassword();
    const reset = await admin('PATCH', `/api/v1/users/${created.id}`, { password: fresh });
    expect(reset.json()).toMatchObject({ locked: false, mustChangePassword: true });
    expect(await lastAudit()).toMatchObject({ action: 'user.update', target_id: created.id });
    expect((await lastAudit()).data).not.toContain(fresh);
    const session = await signIn(app, { username: 'temp', password: fresh });
    await admin('PATCH', `/api/v1/users/${created.id}`, { disabled: true });
    const sessions = await hub.db
      .selectFrom('sessions')
      .select('id_hash')
      .where('user_id', '=', created.id)
      .execute();
    expect(sessions).toEqual([]);
    const me = await app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { cookie: session.cookie },
    });
    expect(me.statusCode).toBe(401);
  });

  it('lets security manage SLA policies, one per team and severity, and everyone read theirs', async () => {
    const security = as(org.security.token);
    const orgDefault = await security('POST', '/api/v1/sla-policies', {
      teamId: null,
      severity: 'critical',
      days: 7,
    });
    expect(orgDefault.statusCode).toBe(201);
    const teamA = await security('POST', '/api/v1/sla-policies', {
      teamId: org.teamA,
      severity: 'critical',
      days: 3,
    });
    const teamB = await security('POST', '/api/v1/sla-policies', {
      teamId: org.teamB,
      severity: 'high',
      days: 20,
    });
    expect(teamB.statusCode).toBe(201);
    for (const teamId of [null, org.teamA]) {
      const dup = await security('POST', '/api/v1/sla-policies', {
        teamId,
        severity: 'critical',
        days: 5,
      });
      expect(dup.statusCode).toBe(409);
      expect(dup.json().error.code).toBe('SLA_POLICY_EXISTS');
    }
    const info = await security('POST', '/api/v1/sla-policies', {
      teamId: null,
      severity: 'info',
      days: 5,
    });
    expect(info.statusCode).toBe(400);
    const seen = await as(org.developer.token)('GET', '/api/v1/sla-policies');
    expect(seen.json().policies.map((p: { id: string }) => p.id)).toEqual([
      orgDefault.json().id,
      teamA.json().id,
    ]);
    const patched = await security('PATCH', `/api/v1/sla-policies/${teamA.json().id}`, { days: 2 });
    expect(patched.json()).toMatchObject({ days: 2, teamId: org.teamA, severity: 'critical' });
    expect(await lastAudit()).toMatchObject({
      actor_id: org.security.id,
      action: 'sla_policy.update',
      target_type: 'sla_policy',
      target_id: teamA.json().id,
    });
    const zero = await security('PATCH', `/api/v1/sla-policies/${teamA.json().id}`, { days: 0 });
    expect(zero.json().error.message).toMatch(/^body\.days:/);
  });
});
