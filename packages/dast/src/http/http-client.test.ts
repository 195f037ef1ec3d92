import { afterEach, describe, expect, it } from 'vitest';
import {
  closedPort,
  type SiteReply,
  type SiteServer,
  startSite,
} from '../test-support/site-server.js';
import type { Exchange } from '../types.js';
import {
  BudgetExhaustedError,
  RefusedRequestError,
  RequestTimeoutError,
  TransportError,
} from './errors.js';
import { type Authenticator, HttpClient, type HttpClientOptions } from './http-client.js';

const servers: SiteServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function site(handler: Parameters<typeof startSite>[0] = () => ({ body: 'ok' })) {
  const server = await startSite(handler);
  servers.push(server);
  return server;
}

function client(origin: string, options: Partial<HttpClientOptions> = {}): HttpClient {
  return new HttpClient({
    maxRequests: 100,
    rate: 0,
    concurrency: 4,
    timeoutMs: 5_000,
    maxBodyBytes: 1 << 20,
    allowDestructive: false,
    inScope: (url) => url.startsWith(`${origin}/`),
    ...options,
  });
}

describe('HttpClient limits', () => {
  it('never sends more requests than the budget', async () => {
    const s = await site();
    const c = client(s.origin, { maxRequests: 3 });
    for (let i = 0; i < 3; i++) await c.send({ method: 'GET', url: `${s.origin}/${i}` });
    expect(c.remaining).toBe(0);
    await expect(c.send({ method: 'GET', url: `${s.origin}/4` })).rejects.toBeInstanceOf(
      BudgetExhaustedError,
    );
    expect(s.requests.map((r) => r.url)).toEqual(['/0', '/1', '/2']);
    expect(c.stats.requests).toBe(3);
  });

  it('spends the budget exactly when requests race for it', async () => {
    const s = await site();
    const c = client(s.origin, { maxRequests: 4, concurrency: 8 });
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => c.send({ method: 'GET', url: `${s.origin}/${i}` })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(4);
    const rejected = results.filter((r) => r.status === 'rejected');
    expect(rejected).toHaveLength(6);
    for (const r of rejected) expect(r.reason).toBeInstanceOf(BudgetExhaustedError);
    expect(s.requests).toHaveLength(4);
  });

  it('spaces request starts by the rate instead of sending them all at once', async () => {
    const s = await site();
    const c = client(s.origin, { rate: 20, concurrency: 5 });
    await Promise.all(
      Array.from({ length: 5 }, (_, i) => c.send({ method: 'GET', url: `${s.origin}/${i}` })),
    );
    const times = s.requests.map((r) => r.at).sort((a, b) => a - b);
    expect(times).toHaveLength(5);
    // 20/s means starts 50 ms apart: four gaps are ~200 ms; only check it is clearly spread.
    expect((times[4] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(150);
  });

  it('keeps at most `concurrency` requests in flight', async () => {
    const s = await site(() => ({ body: 'slow', delayMs: 80 }));
    const c = client(s.origin, { concurrency: 2 });
    await Promise.all(
      Array.from({ length: 6 }, (_, i) => c.send({ method: 'GET', url: `${s.origin}/${i}` })),
    );
    expect(s.requests).toHaveLength(6);
    expect(s.maxInFlight).toBe(2);
  });

  it('turns a slow response into RequestTimeoutError', async () => {
    const s = await site((r) => (r.url === '/slow' ? { body: 'late', delayMs: 1_500 } : undefined));
    const c = client(s.origin, { timeoutMs: 100 });
    const error = await c.send({ method: 'GET', url: `${s.origin}/slow` }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect((error as RequestTimeoutError).url).toBe(`${s.origin}/slow`);
    expect(c.stats.timeouts).toBe(1);
    // A per-call timeout overrides the client's.
    const fast = await c.send({ method: 'GET', url: `${s.origin}/other` }, { timeoutMs: 2_000 });
    expect(fast.response.status).toBe(404);
  });

  it('cuts bodies at maxBodyBytes and says so', async () => {
    const s = await site((r) => ({ body: r.url === '/big' ? 'a'.repeat(100_000) : 'small' }));
    const c = client(s.origin, { maxBodyBytes: 1_000 });
    const big = await c.send({ method: 'GET', url: `${s.origin}/big` });
    expect(big.response.truncated).toBe(true);
    expect(big.response.body).toBe('a'.repeat(1_000));
    const small = await c.send({ method: 'GET', url: `${s.origin}/small` });
    expect(small.response.truncated).toBe(false);
    expect(small.response.body).toBe('small');
  });

  it('raises TransportError when nothing listens', async () => {
    const port = await closedPort();
    const origin = `http://127.0.0.1:${port}`;
    const c = client(origin);
    const error = await c.send({ method: 'GET', url: `${origin}/` }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).detail).toBe('connection refused');
    expect(c.stats.errors).toBe(1);
  });
});

describe('HttpClient safety rules', () => {
  it('refuses out-of-scope URLs without sending anything or spending budget', async () => {
    const s = await site();
    const outside = await site();
    const c = client(s.origin, { maxRequests: 5 });
    await expect(c.send({ method: 'GET', url: `${outside.origin}/` })).rejects.toBeInstanceOf(
      RefusedRequestError,
    );
    expect(outside.requests).toHaveLength(0);
    expect(c.remaining).toBe(5);
    const inside = await c.send({ method: 'GET', url: `${s.origin}/` });
    expect(inside.response.status).toBe(200);
  });

  it.each(['DELETE', 'PUT', 'PATCH', 'delete'])(
    'refuses %s unless destructive methods are allowed',
    async (method) => {
      const s = await site();
      const safe = client(s.origin);
      await expect(safe.send({ method, url: `${s.origin}/x` })).rejects.toBeInstanceOf(
        RefusedRequestError,
      );
      expect(s.requests).toHaveLength(0);
      const allowed = client(s.origin, { allowDestructive: true });
      const exchange = await allowed.send({ method, url: `${s.origin}/x` });
      expect(exchange.response.status).toBe(200);
      expect(s.requests.map((r) => r.method)).toEqual([method.toUpperCase()]);
    },
  );

  it('sends GET, POST, HEAD and OPTIONS without allowDestructive', async () => {
    const s = await site();
    const c = client(s.origin);
    for (const method of ['GET', 'POST', 'HEAD', 'OPTIONS'])
      await c.send({ method, url: `${s.origin}/` });
    expect(s.requests.map((r) => r.method)).toEqual(['GET', 'POST', 'HEAD', 'OPTIONS']);
  });
});

describe('HttpClient session', () => {
  it('keeps cookies from Set-Cookie and sends them back, but not anonymously', async () => {
    const s = await site((r) =>
      r.url === '/login'
        ? { headers: { 'set-cookie': ['sid=abc123; Path=/; HttpOnly', 'theme=dark'] }, body: 'in' }
        : { body: 'page' },
    );
    const c = client(s.origin);
    const login = await c.send({ method: 'POST', url: `${s.origin}/login` });
    expect(login.response.setCookies).toEqual(['sid=abc123; Path=/; HttpOnly', 'theme=dark']);
    expect(login.response.headers.has('set-cookie')).toBe(false);
    await c.send({ method: 'GET', url: `${s.origin}/page` });
    await c.send({ method: 'GET', url: `${s.origin}/anon` }, { anonymous: true });
    const [, page, anon] = s.requests;
    expect(page?.headers.cookie).toBe('sid=abc123; theme=dark');
    expect(anon?.headers.cookie).toBeUndefined();
  });

  it('does not store cookies set on an anonymous request', async () => {
    const s = await site((r) =>
      r.url === '/login' ? { headers: { 'set-cookie': 'sid=anon' }, body: 'in' } : { body: 'x' },
    );
    const c = client(s.origin);
    await c.send({ method: 'GET', url: `${s.origin}/login` }, { anonymous: true });
    await c.send({ method: 'GET', url: `${s.origin}/page` });
    expect(s.requests[1]?.headers.cookie).toBeUndefined();
  });

  it('adds --cookie values and the configured headers, request headers winning', async () => {
    const s = await site();
    const c = client(s.origin, {
      headers: { 'x-team': 'red', 'x-over': 'client' },
      userAgent: 'ua/1',
    });
    await c.addCookie('pre=set', `${s.origin}/`);
    await c.send({ method: 'GET', url: `${s.origin}/`, headers: { 'x-over': 'request' } });
    const [r] = s.requests;
    expect(r?.headers.cookie).toBe('pre=set');
    expect(r?.headers['x-team']).toBe('red');
    expect(r?.headers['x-over']).toBe('request');
    expect(r?.headers['user-agent']).toBe('ua/1');
  });

  it('logs in again once when a response shows the session is lost', async () => {
    let current = 0;
    const s = await site((r) => {
      if (r.url === '/login') {
        current++;
        return { headers: { 'set-cookie': `session=s${current}; Path=/` }, body: 'welcome' };
      }
      if (r.url === '/expire') {
        current++; // the server forgets the old session
        return { body: 'expired' };
      }
      return r.headers.cookie === `session=s${current}`
        ? { body: 'secret page' }
        : { status: 401, body: 'log in' };
    });
    let logins = 0;
    const auth: Authenticator = {
      async login(c) {
        logins++;
        await c.send({ method: 'POST', url: `${s.origin}/login` });
      },
      headers: () => ({ authorization: 'Bearer test-token' }),
      loggedOut: (exchange) => exchange.response.status === 401,
    };
    const c = client(s.origin);
    await c.authenticate(auth);
    expect(logins).toBe(1);
    expect((await c.send({ method: 'GET', url: `${s.origin}/private` })).response.body).toBe(
      'secret page',
    );
    await c.send({ method: 'GET', url: `${s.origin}/expire` });
    const after = await c.send({ method: 'GET', url: `${s.origin}/private` });
    expect(after.response.status).toBe(200);
    expect(after.response.body).toBe('secret page');
    expect(logins).toBe(2);
    expect(c.stats.relogins).toBe(1);
    expect(s.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST /login',
      'GET /private',
      'GET /expire',
      'GET /private',
      'POST /login',
      'GET /private',
    ]);
    expect(s.requests[1]?.headers.authorization).toBe('Bearer test-token');

    // Requests that find the session gone at the same time share one login, and all retry.
    await c.send({ method: 'GET', url: `${s.origin}/expire` });
    const together = await Promise.all(
      [1, 2, 3].map(() => c.send({ method: 'GET', url: `${s.origin}/private` })),
    );
    expect(together.map((e) => e.response.status)).toEqual([200, 200, 200]);
    expect(logins).toBe(3);

    // Anonymous requests carry no session and never trigger a re-login.
    const anon = await c.send({ method: 'GET', url: `${s.origin}/private` }, { anonymous: true });
    expect(anon.response.status).toBe(401);
    expect(s.requests.at(-1)?.headers.authorization).toBeUndefined();
    expect(logins).toBe(3);
  });
});

describe('HttpClient redirects and exchanges', () => {
  const redirects =
    (origin: () => string, outside: () => string) =>
    (r: { url: string }): SiteReply | undefined => {
      switch (r.url) {
        case '/a':
          return { status: 302, headers: { location: '/b' } };
        case '/b':
          return { body: 'landed' };
        case '/away':
          return { status: 302, headers: { location: `${outside()}/trap` } };
        case '/see-other':
          return { status: 303, headers: { location: `${origin()}/b` } };
        case '/temporary':
          return { status: 307, headers: { location: '/b' } };
        default:
          return undefined;
      }
    };

  it('returns the 3xx by default and follows in-scope redirects when asked', async () => {
    let origin = '';
    const s = await site(
      redirects(
        () => origin,
        () => '',
      ),
    );
    origin = s.origin;
    const c = client(s.origin);
    const raw = await c.send({ method: 'GET', url: `${s.origin}/a` });
    expect(raw.response.status).toBe(302);
    const followed = await c.send({ method: 'GET', url: `${s.origin}/a` }, { followRedirects: 3 });
    expect(followed.response.body).toBe('landed');
    expect(followed.request.url).toBe(`${s.origin}/b`);
  });

  it('stops at a redirect that leaves the scope', async () => {
    const outside = await site();
    const s = await site(
      redirects(
        () => '',
        () => outside.origin,
      ),
    );
    const c = client(s.origin);
    const exchange = await c.send(
      { method: 'GET', url: `${s.origin}/away` },
      { followRedirects: 5 },
    );
    expect(exchange.response.status).toBe(302);
    expect(outside.requests).toHaveLength(0);
  });

  it('turns a POST into a GET without body after 303, and keeps it after 307', async () => {
    let origin = '';
    const s = await site(
      redirects(
        () => origin,
        () => '',
      ),
    );
    origin = s.origin;
    const c = client(s.origin);
    const body = 'a=1';
    await c.send({ method: 'POST', url: `${s.origin}/see-other`, body }, { followRedirects: 2 });
    await c.send({ method: 'POST', url: `${s.origin}/temporary`, body }, { followRedirects: 2 });
    expect(s.requests.map((r) => `${r.method} ${r.url} ${r.body}`)).toEqual([
      'POST /see-other a=1',
      'GET /b ',
      'POST /temporary a=1',
      'POST /b a=1',
    ]);
  });

  it('hands every exchange to onExchange except quiet ones', async () => {
    const seen: Exchange[] = [];
    const s = await site();
    const c = client(s.origin, { onExchange: (e) => seen.push(e) });
    await c.send({ method: 'GET', url: `${s.origin}/loud` });
    await c.send({ method: 'GET', url: `${s.origin}/quiet` }, { quiet: true });
    expect(seen.map((e) => e.request.url)).toEqual([`${s.origin}/loud`]);
    expect(seen[0]?.response.contentType).toBe('text/html');
    expect(s.requests).toHaveLength(2);
  });
});
