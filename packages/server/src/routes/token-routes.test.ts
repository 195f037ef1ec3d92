import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../auth/credentials.js';
import {
  buildTestHub,
  buildTestOrg,
  signIn,
  TEST_UPLOAD_ROUTE,
  type TestClock,
  type TestOrg,
  testClock,
} from '../auth/test-org.js';
import type { HubDatabase } from '../db/database.js';
import { freshDatabase, TEST_DIALECTS } from '../test-support/databases.js';

const ME = '/api/v1/auth/me';
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe.each(TEST_DIALECTS)('API tokens on %s', (dialect) => {
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

  /** Every text value the store holds in the tokens and audit tables. */
  async function storedText(): Promise<string> {
    const tokens = await hub.db.selectFrom('tokens').selectAll().execute();
    const audit = await hub.db.selectFrom('audit_log').selectAll().execute();
    return JSON.stringify([tokens, audit]);
  }

  it('shows a personal token once, stores only its hash, and it acts as the user', async () => {
    const { cookie, csrf } = await signIn(app, org.developer);
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/me/tokens',
      headers: { cookie, 'x-csrf-token': csrf },
      payload: { name: 'laptop', expiresInDays: 30 },
    });
    expect(res.statusCode).toBe(201);
    const created = res.json();
    expect(created.token).toMatch(/^rmp_pat_[A-Za-z0-9_-]{43}$/);
    expect(created).toMatchObject({
      kind: 'personal',
      name: 'laptop',
      revokedAt: null,
      lastUsedAt: null,
    });
    expect(created.expiresAt).toBe(new Date(clock.now() + 30 * 86_400_000).toISOString());

    const stored = await storedText();
    expect(stored).not.toContain(created.token);
    expect(stored).toContain(sha256Hex(created.token));

    const list = await app.inject({ method: 'GET', url: '/api/v1/me/tokens', headers: { cookie } });
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(created.token);
    expect(list.json().tokens.map((t: { id: string }) => t.id)).toContain(created.id);

    const me = await app.inject({ method: 'GET', url: ME, headers: bearer(created.token) });
    expect(me.statusCode).toBe(200);
    expect(me.json().user.id).toBe(org.developer.id);
    expect(me.json().csrfToken).toBeUndefined();

    const audit = await hub.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'token.create')
      .where('target_id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(audit.actor_id).toBe(org.developer.id);
  });

  it('records the last use at most once a minute', async () => {
    const lastUsed = async () =>
      (
        await hub.db
          .selectFrom('tokens')
          .select('last_used_at')
          .where('token_hash', '=', sha256Hex(org.auditor.token))
          .executeTakeFirstOrThrow()
      ).last_used_at;
    const start = clock.now();
    expect(
      (await app.inject({ method: 'GET', url: ME, headers: bearer(org.auditor.token) })).statusCode,
    ).toBe(200);
    expect(await lastUsed()).toBe(start);
    clock.advance(59_000);
    await app.inject({ method: 'GET', url: ME, headers: bearer(org.auditor.token) });
    expect(await lastUsed()).toBe(start);
    clock.advance(1_000);
    await app.inject({ method: 'GET', url: ME, headers: bearer(org.auditor.token) });
    expect(await lastUsed()).toBe(start + 60_000);
  });

  it('refuses a personal token to mint another (a browser session is needed)', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/me/tokens',
      headers: bearer(org.developer.token),
      payload: { name: 'more' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('SESSION_REQUIRED');
  });

  it('revokes a token at once; another user cannot see or revoke it', async () => {
    const { cookie, csrf } = await signIn(app, org.champion);
    const headers = { cookie, 'x-csrf-token': csrf };
    const { id, token } = (
      await app.inject({
        method: 'POST',
        url: '/api/v1/me/tokens',
        headers,
        payload: { name: 'x' },
      })
    ).json();
    expect((await app.inject({ method: 'GET', url: ME, headers: bearer(token) })).statusCode).toBe(
      200,
    );
    const foreign = await app.inject({
      method: 'DELETE',
      url: `/api/v1/me/tokens/${id}`,
      headers: bearer(org.admin.token),
    });
    expect(foreign.statusCode).toBe(404);
    const list = await app.inject({
      method: 'GET',
      url: '/api/v1/me/tokens',
      headers: bearer(org.admin.token),
    });
    expect(list.json().tokens.map((t: { id: string }) => t.id)).not.toContain(id);

    expect(
      (await app.inject({ method: 'DELETE', url: `/api/v1/me/tokens/${id}`, headers })).statusCode,
    ).toBe(204);
    const after = await app.inject({ method: 'GET', url: ME, headers: bearer(token) });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('TOKEN_REVOKED');
    // Revoking again changes nothing.
    expect(
      (await app.inject({ method: 'DELETE', url: `/api/v1/me/tokens/${id}`, headers })).statusCode,
    ).toBe(204);
    const revocations = await hub.db
      .selectFrom('audit_log')
      .select('actor_id')
      .where('action', '=', 'token.revoke')
      .where('target_id', '=', id)
      .execute();
    expect(revocations).toEqual([{ actor_id: org.champion.id }]);
  });

  it('refuses expired, unknown and malformed tokens with a stable code', async () => {
    const { cookie, csrf } = await signIn(app, org.security);
    const { token } = (
      await app.inject({
        method: 'POST',
        url: '/api/v1/me/tokens',
        headers: { cookie, 'x-csrf-token': csrf },
        payload: { name: 'short-lived', expiresInDays: 1 },
      })
    ).json();
    clock.advance(86_400_000 - 1);
    expect((await app.inject({ method: 'GET', url: ME, headers: bearer(token) })).statusCode).toBe(
      200,
    );
    clock.advance(1);
    const cases: [Record<string, string>, string][] = [
      [bearer(token), 'TOKEN_EXPIRED'],
      [bearer(['rmp', 'pat', 'x'.repeat(43)].join('_')), 'INVALID_TOKEN'],
      [{ authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }, 'INVALID_TOKEN'],
      [{ authorization: 'Bearer' }, 'INVALID_TOKEN'],
    ];
    for (const [headers, code] of cases) {
      const res = await app.inject({ method: 'GET', url: ME, headers });
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe(code);
    }
    // A bad token never falls back to a session that is also sent.
    const both = await app.inject({
      method: 'GET',
      url: ME,
      headers: { cookie, ...bearer(['rmp', 'pat', 'y'.repeat(43)].join('_')) },
    });
    expect(both.statusCode).toBe(401);
  });

  it('lets a champion create a CI token that uploads to its project and does nothing else', async () => {
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/projects/${org.projectA}/tokens`,
      headers: bearer(org.champion.token),
      payload: { name: 'github actions' },
    });
    expect(res.statusCode).toBe(201);
    const created = res.json();
    expect(created.token).toMatch(/^rmp_ci_[A-Za-z0-9_-]{43}$/);
    expect(created).toMatchObject({ kind: 'ci', projectId: org.projectA, name: 'github actions' });
    expect(await storedText()).not.toContain(created.token);

    const ci = bearer(created.token);
    const upload = (projectId: string) =>
      app.inject({
        method: 'POST',
        url: TEST_UPLOAD_ROUTE.replace(':projectId', projectId),
        headers: ci,
      });
    expect((await upload(org.projectA)).statusCode).toBe(202);
    expect((await upload(org.projectB)).statusCode).toBe(403);
    for (const [method, url] of [
      ['GET', ME],
      ['GET', '/api/v1/projects'],
      ['GET', `/api/v1/projects/${org.projectA}`],
      ['GET', `/api/v1/projects/${org.projectA}/tokens`],
      ['POST', `/api/v1/projects/${org.projectA}/tokens`],
      ['GET', '/api/v1/me/tokens'],
    ] as const) {
      const denied = await app.inject({
        method,
        url,
        headers: ci,
        ...(method === 'POST' ? { payload: { name: 'x' } } : {}),
      });
      expect(denied.statusCode, `${method} ${url}`).toBe(403);
    }

    const list = await app.inject({
      method: 'GET',
      url: `/api/v1/projects/${org.projectA}/tokens`,
      headers: bearer(org.auditor.token),
    });
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(created.token);
    const revoke = await app.inject({
      method: 'DELETE',
      url: `/api/v1/projects/${org.projectA}/tokens/${created.id}`,
      headers: bearer(org.security.token),
    });
    expect(revoke.statusCode).toBe(204);
    expect((await upload(org.projectA)).json().error.code).toBe('TOKEN_REVOKED');
  });

  it('validates the token body', async () => {
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/projects/${org.projectA}/tokens`,
      headers: bearer(org.admin.token),
      payload: { name: 'x', expiresInDays: 0 },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'VALIDATION' });
    expect(res.json().error.message).toMatch(/^body\.expiresInDays:/);
  });
});
