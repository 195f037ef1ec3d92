import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UsageError } from '@rampart/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HttpClient } from '../http/http-client.js';
import { parseAuthConfig } from './auth-config.js';
import { createAuthenticator } from './authenticator.js';

/** How many protected requests a session or token allows before it expires. */
let sessionLife = 1000;
let logins = 0;
const sessions = new Map<string, number>();
const tokens = new Map<string, number>();

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let data = '';
    req.on('data', (chunk: Buffer) => {
      data += chunk.toString('utf8');
    });
    req.on('end', () => resolve(data));
  });
}

function useSession(map: Map<string, number>, key: string | undefined): boolean {
  const left = key === undefined ? undefined : map.get(key);
  if (key === undefined || left === undefined || left <= 0) return false;
  map.set(key, left - 1);
  return true;
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://x');
  const body = await readBody(req);
  const sid = /(?:^|;\s*)sid=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
  if (url.pathname === '/login' && req.method === 'POST') {
    logins++;
    const form = new URLSearchParams(body);
    if (req.headers['x-tenant'] !== 'acme') {
      res.writeHead(400).end('tenant header missing');
    } else if (form.get('username') === 'alice' && form.get('password') === 's3cret') {
      const id = randomUUID();
      sessions.set(id, sessionLife);
      res.writeHead(302, { location: '/home', 'set-cookie': `sid=${id}; Path=/; HttpOnly` }).end();
    } else {
      res.writeHead(302, { location: '/login?error=1' }).end();
    }
    return;
  }
  if (url.pathname === '/login') {
    res.writeHead(200, { 'content-type': 'text/html' }).end('<form>Please log in</form>');
    return;
  }
  if (url.pathname === '/private') {
    if (!useSession(sessions, sid)) {
      res.writeHead(302, { location: '/login' }).end();
    } else if (req.headers.cookie?.includes('lang=en') !== true) {
      res.writeHead(400).end('lang cookie missing');
    } else {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>Welcome alice</h1>');
    }
    return;
  }
  if (url.pathname === '/soft-private') {
    // Some apps answer 200 with the login form instead of a status.
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(useSession(sessions, sid) ? 'Welcome alice' : '<form>Please log in</form>');
    return;
  }
  if (url.pathname === '/api/login' && req.method === 'POST') {
    logins++;
    const credentials = JSON.parse(body) as { user?: { name?: string }; password?: string };
    if (credentials.user?.name === 'bob' && credentials.password === 'hunter2') {
      const token = randomUUID();
      tokens.set(token, sessionLife);
      res.writeHead(200, { 'content-type': 'application/json', 'x-auth-token': token });
      res.end(JSON.stringify({ data: { token } }));
    } else {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"bad credentials"}');
    }
    return;
  }
  if (url.pathname === '/api/me') {
    const auth = req.headers.authorization ?? req.headers['x-api-token'];
    const token = typeof auth === 'string' ? auth.replace(/^Bearer /, '') : undefined;
    if (useSession(tokens, token)) res.writeHead(200).end('{"name":"bob"}');
    else res.writeHead(401).end('{"error":"unauthenticated"}');
    return;
  }
  res.writeHead(404).end('not found');
}

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    handle(req, res).catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  sessionLife = 1000;
  logins = 0;
  sessions.clear();
  tokens.clear();
});

function client(): HttpClient {
  return new HttpClient({
    maxRequests: 100,
    rate: 0,
    concurrency: 2,
    timeoutMs: 5000,
    maxBodyBytes: 1 << 20,
    allowDestructive: false,
    inScope: (url) => url.startsWith(base),
  });
}

const FORM_AUTH = `
login:
  url: /login
  type: form
  body: { username: alice, password: "\${PASSWORD}" }
headers: { X-Tenant: acme }
cookies: { lang: en }
`;

const JSON_AUTH = `
login:
  url: /api/login
  type: json
  body:
    user: { name: bob }
    password: \${API_PASSWORD}
  token:
    from: json
    path: data.token
`;

describe('form login with a session cookie', () => {
  it('logs in and reaches the protected page', async () => {
    const http = client();
    const config = parseAuthConfig(FORM_AUTH, 'auth.yml', { PASSWORD: 's3cret' });
    await http.authenticate(createAuthenticator(config, base));
    const exchange = await http.send({ method: 'GET', url: `${base}/private` });
    expect(exchange.response.status).toBe(200);
    expect(exchange.response.body).toContain('Welcome alice');
    expect(logins).toBe(1);
  });

  it('is redirected to the login page without the authenticator', async () => {
    const exchange = await client().send({ method: 'GET', url: `${base}/private` });
    expect(exchange.response.status).toBe(302);
  });

  it('logs in again when the session expires, and the request then succeeds', async () => {
    sessionLife = 2;
    const http = client();
    const config = parseAuthConfig(FORM_AUTH, 'auth.yml', { PASSWORD: 's3cret' });
    await http.authenticate(createAuthenticator(config, base));
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      statuses.push((await http.send({ method: 'GET', url: `${base}/private` })).response.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    expect(http.stats.relogins).toBe(2);
    expect(logins).toBe(3);
  });

  it('recognises a logged-out page by its text when configured', async () => {
    sessionLife = 1;
    const http = client();
    const config = parseAuthConfig(
      `${FORM_AUTH}loggedOut: { bodyContains: "Please log in" }\n`,
      'auth.yml',
      { PASSWORD: 's3cret' },
    );
    await http.authenticate(createAuthenticator(config, base));
    const first = await http.send({ method: 'GET', url: `${base}/soft-private` });
    const second = await http.send({ method: 'GET', url: `${base}/soft-private` });
    expect([first.response.body, second.response.body]).toEqual(['Welcome alice', 'Welcome alice']);
    expect(http.stats.relogins).toBe(1);
  });

  it('does not treat the login page itself as a lost session', async () => {
    const http = client();
    const config = parseAuthConfig(
      `${FORM_AUTH}loggedOut: { bodyContains: "Please log in" }\n`,
      'auth.yml',
      { PASSWORD: 's3cret' },
    );
    await http.authenticate(createAuthenticator(config, base));
    await http.send({ method: 'GET', url: `${base}/login` });
    expect(http.stats.relogins).toBe(0);
  });

  it('fails clearly on a wrong password, without showing it', async () => {
    const http = client();
    const config = parseAuthConfig(FORM_AUTH, 'auth.yml', { PASSWORD: 'wrong-pass' });
    const error = await http.authenticate(createAuthenticator(config, base)).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toBe(
      'login failed: HTTP 302 (a redirect back to the login page) from POST /login',
    );
    expect(
      JSON.stringify({ ...(error as UsageError), message: (error as UsageError).message }),
    ).not.toContain('wrong-pass');
    expect(logins).toBe(1);
  });
});

describe('JSON login with a bearer token', () => {
  it('sends the token from the JSON body as a bearer header', async () => {
    const http = client();
    const config = parseAuthConfig(JSON_AUTH, 'auth.yml', { API_PASSWORD: 'hunter2' });
    const auth = createAuthenticator(config, base);
    await http.authenticate(auth);
    expect(auth.headers().authorization).toMatch(/^Bearer [0-9a-f-]{36}$/);
    const exchange = await http.send({ method: 'GET', url: `${base}/api/me` });
    expect(exchange.response.status).toBe(200);
    expect(exchange.request.headers.authorization).toMatch(/^Bearer /);
  });

  it('gets 401 without the token', async () => {
    const exchange = await client().send({ method: 'GET', url: `${base}/api/me` });
    expect(exchange.response.status).toBe(401);
  });

  it('renews an expired token after a 401', async () => {
    sessionLife = 1;
    const http = client();
    const auth = createAuthenticator(
      parseAuthConfig(JSON_AUTH, 'auth.yml', { API_PASSWORD: 'hunter2' }),
      base,
    );
    await http.authenticate(auth);
    const before = auth.headers().authorization;
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      statuses.push((await http.send({ method: 'GET', url: `${base}/api/me` })).response.status);
    }
    expect(statuses).toEqual([200, 200, 200]);
    expect(http.stats.relogins).toBe(2);
    expect(auth.headers().authorization).not.toBe(before);
  });

  it('reads a token from a response header into a custom header without prefix', async () => {
    const config = parseAuthConfig(
      JSON_AUTH.replace(
        /token:[\s\S]*$/,
        'token: { from: header, name: X-Auth-Token, header: X-Api-Token }\n',
      ),
      'auth.yml',
      { API_PASSWORD: 'hunter2' },
    );
    const http = client();
    const auth = createAuthenticator(config, base);
    await http.authenticate(auth);
    expect(Object.keys(auth.headers())).toEqual(['x-api-token']);
    expect(auth.headers()['x-api-token']).toMatch(/^[0-9a-f-]{36}$/);
    expect((await http.send({ method: 'GET', url: `${base}/api/me` })).response.status).toBe(200);
  });

  it('fails with the status on wrong credentials', async () => {
    const auth = createAuthenticator(
      parseAuthConfig(JSON_AUTH, 'auth.yml', { API_PASSWORD: 'nope' }),
      base,
    );
    const error = await client()
      .authenticate(auth)
      .then(
        () => undefined,
        (err: unknown) => err,
      );
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toBe('login failed: HTTP 401 from POST /api/login');
    expect((error as UsageError).hint).toMatch(/check the credentials/);
  });

  it('fails when the token is not where the config says', async () => {
    const auth = createAuthenticator(
      parseAuthConfig(JSON_AUTH.replace('data.token', 'data.jwt'), 'auth.yml', {
        API_PASSWORD: 'hunter2',
      }),
      base,
    );
    await expect(client().authenticate(auth)).rejects.toThrow(
      'login failed: no token at data.jwt in the response from POST /api/login',
    );
  });

  it('fails clearly when the login endpoint cannot be reached', async () => {
    const auth = createAuthenticator(
      parseAuthConfig(JSON_AUTH, 'auth.yml', { API_PASSWORD: 'hunter2' }),
      'http://127.0.0.1:9/',
    );
    const http = new HttpClient({ ...client().options, inScope: () => true });
    await expect(http.authenticate(auth)).rejects.toThrow(/^login failed: POST \/api\/login: /);
  });
});

describe('loggedOut', () => {
  const exchange = (
    url: string,
    status: number,
    headers: Record<string, string> = {},
    body = '',
  ) => ({
    request: { method: 'GET', url, headers: {} },
    response: {
      status,
      headers: new Map(Object.entries(headers)),
      setCookies: [],
      body,
      truncated: false,
      contentType: '',
    },
    elapsedMs: 1,
  });

  it('defaults to a 401 or a redirect to the login page', () => {
    const auth = createAuthenticator(
      parseAuthConfig('login: { url: /account/login }', 'a.yml', {}),
      'http://h.test/app',
    );
    expect(auth.loggedOut(exchange('http://h.test/x', 401))).toBe(true);
    expect(
      auth.loggedOut(exchange('http://h.test/x', 302, { location: '/account/login?next=/x' })),
    ).toBe(true);
    expect(auth.loggedOut(exchange('http://h.test/x', 302, { location: '/elsewhere' }))).toBe(
      false,
    );
    expect(auth.loggedOut(exchange('http://h.test/x', 403))).toBe(false);
    expect(auth.loggedOut(exchange('http://h.test/account/login', 401))).toBe(false);
  });

  it('follows the configured status, text and redirect', () => {
    const auth = createAuthenticator(
      parseAuthConfig(
        'login: { url: /login }\nloggedOut: { status: [403], bodyContains: "Session expired", redirectTo: /signin }',
        'a.yml',
        {},
      ),
      'http://h.test/',
    );
    expect(auth.loggedOut(exchange('http://h.test/x', 403))).toBe(true);
    expect(auth.loggedOut(exchange('http://h.test/x', 200, {}, '<p>Session expired</p>'))).toBe(
      true,
    );
    expect(
      auth.loggedOut(exchange('http://h.test/x', 303, { location: 'http://h.test/signin' })),
    ).toBe(true);
    expect(auth.loggedOut(exchange('http://h.test/x', 401))).toBe(false);
    expect(auth.loggedOut(exchange('http://h.test/x', 200, {}, 'fine'))).toBe(false);
  });

  it('never asks for a re-login when there is no login to repeat', () => {
    const auth = createAuthenticator(
      parseAuthConfig('headers: { X-Key: k }', 'a.yml', {}),
      'http://h.test/',
    );
    expect(auth.loggedOut(exchange('http://h.test/x', 401))).toBe(false);
    expect(auth.headers()).toEqual({ 'x-key': 'k' });
  });
});
