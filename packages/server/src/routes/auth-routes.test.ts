import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_IDLE_MS, SESSION_MAX_MS } from '../auth/authenticate.js';
import { createAdmin, ensureAdmin } from '../auth/bootstrap.js';
import { sha256Hex } from '../auth/credentials.js';
import { LoginThrottle } from '../auth/login-throttle.js';
import {
  addUser,
  buildTestHub,
  buildTestOrg,
  fakePassword,
  signIn,
  type TestClock,
  type TestOrg,
  testClock,
} from '../auth/test-org.js';
import type { HubDatabase } from '../db/database.js';
import { freshDatabase, TEST_DIALECTS } from '../test-support/databases.js';

const LOGIN = '/api/v1/auth/login';
const ME = '/api/v1/auth/me';

describe.each(TEST_DIALECTS)('sign-in and sessions on %s', (dialect) => {
  let hub: HubDatabase;
  let drop: () => Promise<void>;
  let clock: TestClock;
  let org: TestOrg;
  let app: FastifyInstance;

  beforeAll(async () => {
    ({ hub, drop } = await freshDatabase(dialect));
    clock = testClock();
    org = await buildTestOrg(hub, clock.now());
    app = await buildTestHub(hub, clock, {
      throttle: new LoginThrottle({ now: clock.now, limit: 1000 }),
    });
  });
  afterAll(async () => {
    await app.close();
    await drop();
  });

  const login = (username: string, password: string, remoteAddress = '127.0.0.1', target = app) =>
    target.inject({ method: 'POST', url: LOGIN, payload: { username, password }, remoteAddress });

  it('signs in with the right password: an HttpOnly, SameSite=Lax cookie and a CSRF token', async () => {
    const res = await login(org.champion.username, org.champion.password);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.user).toMatchObject({
      id: org.champion.id,
      username: 'cham',
      globalRole: null,
      mustChangePassword: false,
      teams: [{ id: org.teamA, slug: 'payments', role: 'champion' }],
    });
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^rampart_session=[A-Za-z0-9_-]{43}; /);
    const attributes = cookie.split('; ').slice(1);
    expect(attributes).toEqual(
      expect.arrayContaining([
        'Path=/',
        'HttpOnly',
        'SameSite=Lax',
        `Max-Age=${SESSION_MAX_MS / 1000}`,
      ]),
    );
    expect(attributes).not.toContain('Secure'); // plain HTTP, no trusted proxy
    // The store holds the session's SHA-256 only.
    const value = cookie.split(';')[0]?.split('=')[1] as string;
    const sessions = await hub.db.selectFrom('sessions').selectAll().execute();
    expect(sessions.map((s) => s.id_hash)).toContain(sha256Hex(value));
    expect(JSON.stringify(sessions)).not.toContain(value);
    // The cookie signs in; /me gives the same CSRF token back.
    const me = await app.inject({
      method: 'GET',
      url: ME,
      headers: { cookie: cookie.split(';')[0] },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ user: { id: org.champion.id }, csrfToken: body.csrfToken });
    const audit = await hub.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'auth.login')
      .execute();
    expect(
      audit.some((a) => a.actor_id === org.champion.id && a.target_id === org.champion.id),
    ).toBe(true);
  });

  it('marks the cookie Secure over HTTPS: forced, or by x-forwarded-proto behind a trusted proxy only', async () => {
    const user = await addUser(hub, clock.now(), 'secure-cookie', null);
    const secureOf = async (options: { secureCookies?: boolean; trustProxy?: boolean }) => {
      const other = await buildTestHub(hub, clock, options);
      try {
        const res = await other.inject({
          method: 'POST',
          url: LOGIN,
          payload: { username: user.username, password: user.password },
          headers: { 'x-forwarded-proto': 'https' },
        });
        expect(res.statusCode).toBe(200);
        return String(res.headers['set-cookie']).split('; ').includes('Secure');
      } finally {
        await other.close();
      }
    };
    expect(await secureOf({})).toBe(false);
    expect(await secureOf({ trustProxy: true })).toBe(true);
    expect(await secureOf({ secureCookies: true })).toBe(true);
  });

  it('answers an unknown user and a wrong password alike (no user enumeration)', async () => {
    const wrong = await login(org.developer.username, fakePassword());
    const unknown = await login('nobody-here', fakePassword());
    const disabledUser = await addUser(hub, clock.now(), 'gone', null);
    await hub.db
      .updateTable('users')
      .set({ disabled: 1 })
      .where('id', '=', disabledUser.id)
      .execute();
    const disabled = await login(disabledUser.username, disabledUser.password);
    for (const res of [wrong, unknown, disabled]) {
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({
        error: { code: 'INVALID_CREDENTIALS', message: 'unknown username or wrong password' },
      });
      expect(res.headers['set-cookie']).toBeUndefined();
    }
  });

  it('locks an account for 15 minutes after 5 consecutive failures, and an unknown name alike', async () => {
    const user = await addUser(hub, clock.now(), 'locky', null);
    for (const name of [user.username, 'ghost-user']) {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await login(name, fakePassword())).statusCode);
      expect(statuses).toEqual([401, 401, 401, 401, 429]);
      const locked = await login(name, name === user.username ? user.password : fakePassword());
      expect(locked.statusCode).toBe(429);
      expect(locked.json().error.code).toBe('LOCKED');
      expect(Number(locked.headers['retry-after'])).toBe(15 * 60);
    }
    const row = await hub.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(row.locked_until).toBe(clock.now() + 15 * 60_000);
    clock.advance(14 * 60_000);
    expect((await login(user.username, user.password)).json().error.code).toBe('LOCKED');
    clock.advance(60_000);
    expect((await login(user.username, user.password)).statusCode).toBe(200);
    const after = await hub.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(after).toMatchObject({ failed_logins: 0, locked_until: null });
    const actions = await hub.db
      .selectFrom('audit_log')
      .select('action')
      .where('target_id', '=', user.id)
      .orderBy('id')
      .execute();
    expect(actions.map((a) => a.action)).toEqual([
      'auth.login_failed',
      'auth.login_failed',
      'auth.login_failed',
      'auth.login_failed',
      'auth.lockout',
      'auth.login',
    ]);
  });

  it('a success resets the count of consecutive failures', async () => {
    const user = await addUser(hub, clock.now(), 'forgetful', null);
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 4; i++)
        expect((await login(user.username, fakePassword())).statusCode).toBe(401);
      expect((await login(user.username, user.password)).statusCode).toBe(200);
    }
  });

  it('rate-limits sign-in per address and per username (10 a minute), with Retry-After', async () => {
    const limited = await buildTestHub(hub, clock);
    try {
      // Per address: ten names from one address, the eleventh is refused.
      for (let i = 0; i < 10; i++) {
        expect((await login(`someone-${i}`, fakePassword(), '10.0.0.1', limited)).statusCode).toBe(
          401,
        );
      }
      const refused = await login(org.auditor.username, org.auditor.password, '10.0.0.1', limited);
      expect(refused.statusCode).toBe(429);
      expect(refused.json().error.code).toBe('RATE_LIMITED');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
      // Another address is not affected.
      expect(
        (await login(org.auditor.username, org.auditor.password, '10.0.0.2', limited)).statusCode,
      ).toBe(200);
      // Per username: one name from ten addresses (right password), the eleventh is refused.
      const user = await addUser(hub, clock.now(), 'popular', null);
      for (let i = 0; i < 10; i++) {
        expect((await login(user.username, user.password, `10.1.0.${i}`, limited)).statusCode).toBe(
          200,
        );
      }
      expect(
        (await login(user.username, user.password, '10.1.0.99', limited)).json().error.code,
      ).toBe('RATE_LIMITED');
      clock.advance(60_000);
      expect((await login(user.username, user.password, '10.1.0.99', limited)).statusCode).toBe(
        200,
      );
      expect(
        (await login(org.auditor.username, org.auditor.password, '10.0.0.1', limited)).statusCode,
      ).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('validates the sign-in body and names the bad field', async () => {
    const res = await app.inject({ method: 'POST', url: LOGIN, payload: { username: 'x' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION');
    expect(res.json().error.message).toMatch(/^body\.password:/);
  });

  it('slides a session by use for up to 8 idle hours, and ends it 7 days after sign-in', async () => {
    const user = await addUser(hub, clock.now(), 'slider', null);
    const { cookie } = await signIn(app, user);
    const me = () => app.inject({ method: 'GET', url: ME, headers: { cookie } });
    for (let elapsed = 0; elapsed + SESSION_IDLE_MS - 60 * 60_000 < SESSION_MAX_MS; ) {
      clock.advance(SESSION_IDLE_MS - 60 * 60_000);
      elapsed += SESSION_IDLE_MS - 60 * 60_000;
      expect((await me()).statusCode).toBe(200);
    }
    clock.advance(SESSION_IDLE_MS - 60 * 60_000); // past the absolute limit
    const expired = await me();
    expect(expired.statusCode).toBe(401);
    expect(String(expired.headers['set-cookie'])).toMatch(/^rampart_session=; .*Max-Age=0/);

    const idle = await signIn(app, user);
    clock.advance(SESSION_IDLE_MS);
    const res = await app.inject({ method: 'GET', url: ME, headers: { cookie: idle.cookie } });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('UNAUTHENTICATED');
  });

  it('signs out: the session is deleted and the cookie cleared', async () => {
    const { cookie, csrf } = await signIn(app, org.developer);
    const out = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie, 'x-csrf-token': csrf },
    });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(
      /^rampart_session=; Path=\/; HttpOnly; SameSite=Lax; Max-Age=0/,
    );
    const value = cookie.split('=')[1] as string;
    expect(
      await hub.db
        .selectFrom('sessions')
        .select('id_hash')
        .where('id_hash', '=', sha256Hex(value))
        .executeTakeFirst(),
    ).toBeUndefined();
    expect((await app.inject({ method: 'GET', url: ME, headers: { cookie } })).statusCode).toBe(
      401,
    );
  });

  it('requires the CSRF token on writes with a session, not with an API token nor on reads', async () => {
    const { cookie, csrf } = await signIn(app, org.champion);
    const create = (headers: Record<string, string>) =>
      app.inject({
        method: 'POST',
        url: `/api/v1/projects/${org.projectA}/tokens`,
        headers,
        payload: { name: 'ci' },
      });
    for (const headers of [
      { cookie },
      { cookie, 'x-csrf-token': 'x'.repeat(43) },
      { cookie, 'x-csrf-token': '' },
    ]) {
      const res = await create(headers);
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('CSRF');
    }
    const other = await signIn(app, org.champion); // another session's token does not fit
    expect((await create({ cookie, 'x-csrf-token': other.csrf })).json().error.code).toBe('CSRF');
    expect((await create({ cookie, 'x-csrf-token': csrf })).statusCode).toBe(201);
    expect((await create({ authorization: `Bearer ${org.champion.token}` })).statusCode).toBe(201);
    expect(
      (
        await app.inject({
          method: 'GET',
          url: `/api/v1/projects/${org.projectA}/tokens`,
          headers: { cookie },
        })
      ).statusCode,
    ).toBe(200);
    const unknownRoute = (headers: Record<string, string>) =>
      app.inject({ method: 'POST', url: '/api/v1/no-such-route', headers });
    expect((await unknownRoute({ cookie })).json().error.code).toBe('CSRF');
    expect((await unknownRoute({ cookie, 'x-csrf-token': csrf })).statusCode).toBe(404);
    for (const method of ['PUT', 'PATCH', 'DELETE'] as const) {
      const res = await app.inject({
        method,
        url: `/api/v1/projects/${org.projectA}`,
        headers: { cookie },
      });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('CSRF');
    }
  });

  it('treats the session of a disabled user as anonymous, and refuses their API token', async () => {
    const user = await addUser(hub, clock.now(), 'leaver', null);
    const { cookie } = await signIn(app, user);
    await hub.db.updateTable('users').set({ disabled: 1 }).where('id', '=', user.id).execute();
    const bySession = await app.inject({ method: 'GET', url: ME, headers: { cookie } });
    expect(bySession.statusCode).toBe(401);
    expect(bySession.json().error.code).toBe('UNAUTHENTICATED');
    const byToken = await app.inject({
      method: 'GET',
      url: ME,
      headers: { authorization: `Bearer ${user.token}` },
    });
    expect(byToken.statusCode).toBe(401);
    expect(byToken.json().error.code).toBe('ACCOUNT_DISABLED');
  });

  it('changes a password: the old one stops working and other sessions end', async () => {
    const user = await addUser(hub, clock.now(), 'changer', null);
    const first = await signIn(app, user);
    const second = await signIn(app, user);
    const next = fakePassword();
    const change = (currentPassword: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/auth/password',
        headers: { cookie: first.cookie, 'x-csrf-token': first.csrf },
        payload: { currentPassword, newPassword: next },
      });
    const wrong = await change(fakePassword());
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().error.code).toBe('INVALID_CREDENTIALS');
    const short = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers: { cookie: first.cookie, 'x-csrf-token': first.csrf },
      payload: { currentPassword: user.password, newPassword: 'short' },
    });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.message).toMatch(/^body\.newPassword:/);
    expect((await change(user.password)).statusCode).toBe(204);
    expect(
      (await app.inject({ method: 'GET', url: ME, headers: { cookie: first.cookie } })).statusCode,
    ).toBe(200);
    expect(
      (await app.inject({ method: 'GET', url: ME, headers: { cookie: second.cookie } })).statusCode,
    ).toBe(401);
    expect((await login(user.username, user.password)).statusCode).toBe(401);
    expect((await login(user.username, next)).statusCode).toBe(200);
  });

  it('bootstraps one admin with a one-time argon2id password that must be changed first', async () => {
    const fresh = await freshDatabase(dialect);
    try {
      const created = await ensureAdmin(fresh.hub, clock.now);
      expect(created?.username).toBe('admin');
      expect(created?.password).toMatch(/^[A-Za-z0-9_-]{24}$/);
      expect(await ensureAdmin(fresh.hub, clock.now)).toBeNull();
      const row = await fresh.hub.db.selectFrom('users').selectAll().executeTakeFirstOrThrow();
      expect(row).toMatchObject({ global_role: 'admin', must_change_password: 1 });
      expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      expect(row.password_hash).not.toContain(created?.password);

      const freshApp = await buildTestHub(fresh.hub, clock);
      try {
        const session = await signIn(freshApp, {
          username: 'admin',
          password: created?.password as string,
        });
        const headers = { cookie: session.cookie, 'x-csrf-token': session.csrf };
        const blocked = await freshApp.inject({ method: 'GET', url: '/api/v1/teams', headers });
        expect(blocked.statusCode).toBe(403);
        expect(blocked.json().error.code).toBe('PASSWORD_CHANGE_REQUIRED');
        expect(
          (await freshApp.inject({ method: 'GET', url: ME, headers })).json().user
            .mustChangePassword,
        ).toBe(true);
        const changed = await freshApp.inject({
          method: 'POST',
          url: '/api/v1/auth/password',
          headers,
          payload: { currentPassword: created?.password, newPassword: fakePassword() },
        });
        expect(changed.statusCode).toBe(204);
        expect(
          (await freshApp.inject({ method: 'GET', url: '/api/v1/teams', headers })).statusCode,
        ).toBe(200);
      } finally {
        await freshApp.close();
      }

      const second = await createAdmin(fresh.hub, 'Root-Two', clock.now);
      expect(second.username).toBe('root-two');
      await expect(createAdmin(fresh.hub, 'root-two', clock.now)).rejects.toThrow(/already exists/);
      await expect(createAdmin(fresh.hub, 'bad name', clock.now)).rejects.toThrow(
        /invalid username/,
      );
      const audit = await fresh.hub.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'user.create')
        .execute();
      expect(audit).toHaveLength(2);
      expect(JSON.stringify(audit)).not.toContain(created?.password);
    } finally {
      await fresh.drop();
    }
  });
});
