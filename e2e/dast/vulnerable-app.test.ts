import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startVulnerableApp,
  type VulnerableApp,
} from '../../examples/vulnerable-web-app/server.mjs';

// Proves that every planted vulnerability of the example app really is exploitable under
// /vuln/ and fixed under /safe/, with plain fetch: the DAST end-to-end test relies on both.

const appDir = fileURLToPath(new URL('../../examples/vulnerable-web-app/', import.meta.url));

interface Expected {
  readonly findings: readonly {
    readonly ruleId: string;
    readonly method: string;
    readonly path: string;
    readonly parameter: string | null;
  }[];
  readonly safePrefix: string;
}

let app: VulnerableApp;
let listener: Server;
let listenerUrl: string;
const hits: string[] = [];

beforeAll(async () => {
  app = await startVulnerableApp();
  listener = createServer((req, res) => {
    hits.push(req.url ?? '');
    res.end('listener says hi');
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  listenerUrl = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await app?.close();
  await new Promise((resolve) => listener?.close(resolve));
});

function get(path: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(new URL(path, app.url), { headers, redirect: 'manual' });
}

function post(path: string, contentType: string, body: string): Promise<Response> {
  return fetch(new URL(path, app.url), {
    method: 'POST',
    headers: { 'content-type': contentType },
    body,
  });
}

async function text(path: string): Promise<string> {
  return (await get(path)).text();
}

async function timed(path: string): Promise<number> {
  const start = performance.now();
  await text(path);
  return performance.now() - start;
}

const q = encodeURIComponent;

describe('the example app', () => {
  it('listens on 127.0.0.1 only and refuses other addresses', async () => {
    expect(new URL(app.url).hostname).toBe('127.0.0.1');
    await expect(startVulnerableApp({ host: '0.0.0.0' })).rejects.toThrow(/loopback/);
  });

  it('links every GET endpoint of both halves from HTML and the JSON ones from script', async () => {
    const home = await text('/');
    expect(home).toContain('href="/vuln/"');
    expect(home).toContain('href="/safe/"');
    for (const half of ['vuln', 'safe']) {
      const index = await text(`/${half}/`);
      for (const path of ['search?q=laptop', 'product?id=1', 'ping?host=127.0.0.1', 'files/']) {
        expect(index).toContain(`href="/${half}/${path}"`);
      }
      expect(index).toContain(`<form action="/${half}/search" method="get">`);
      expect(index).toContain(`fetch('/${half}/api/login', { method: 'POST'`);
      expect(index).toContain(`fetch('/${half}/xml', { method: 'POST'`);
    }
  });

  it('serves an up-to-date openapi.json describing both halves alike', async () => {
    // Fails when endpoints.mjs changed and openapi.json was not regenerated.
    execFileSync(process.execPath, [`${appDir}openapi.mjs`, '--check']);
    const served = (await (await get('/openapi.json')).json()) as {
      paths: Record<string, unknown>;
    };
    expect(served).toEqual(JSON.parse(readFileSync(`${appDir}openapi.json`, 'utf8')));
    const paths = Object.keys(served.paths);
    const vuln = paths.filter((p) => p.startsWith('/vuln/')).map((p) => p.slice(6));
    const safe = paths.filter((p) => p.startsWith('/safe/')).map((p) => p.slice(6));
    expect(vuln).toEqual(safe);
    expect(vuln).toEqual(expect.arrayContaining(['api/login', 'api/products/search', 'xml']));
  });

  it('lists every rule id once at least in expected.json, each on a /vuln/ path', () => {
    const expected = JSON.parse(readFileSync(`${appDir}expected.json`, 'utf8')) as Expected;
    expect(expected.safePrefix).toBe('/safe/');
    expect(new Set(expected.findings.map((f) => f.ruleId)).size).toBe(24);
    for (const f of expected.findings) expect(f.path.startsWith('/vuln/')).toBe(true);
    const docs = readFileSync(`${appDir}VULNERABILITIES.md`, 'utf8');
    for (const f of expected.findings) expect(docs).toContain(`\`${f.ruleId}\``);
  });
});

describe('reflected XSS', () => {
  it('reflects markup raw in text, attribute and script contexts in /vuln only', async () => {
    const tag = '<script>alert(1)</script>';
    expect(await text(`/vuln/search?q=${q(tag)}`)).toContain(`Results for: ${tag}`);
    const safeSearch = await text(`/safe/search?q=${q(tag)}`);
    expect(safeSearch).not.toContain(tag);
    expect(safeSearch).toContain('&lt;script&gt;');

    const attr = '"><svg onload=alert(1)>';
    expect(await text(`/vuln/greet?name=${q(attr)}`)).toContain(`value="${attr}"`);
    expect(await text(`/safe/greet?name=${q(attr)}`)).toContain('value="&quot;&gt;&lt;svg');

    const js = "';alert(1);//";
    expect(await text(`/vuln/track?ref=${q(js)}`)).toContain(`var ref = '${js}'`);
    const breakout = '</script><script>alert(1)</script>';
    expect(await text(`/vuln/track?ref=${q(breakout)}`)).toContain(breakout);
    expect(await text(`/safe/track?ref=${q(js)}`)).toContain(`var ref = "${js}"`);
    const safeTrack = await text(`/safe/track?ref=${q(breakout)}`);
    expect(safeTrack).not.toContain(breakout);
    expect(safeTrack).toContain('\\u003c/script\\u003e');
  });
});

describe('SQL injection', () => {
  it('shows the SQLite error in /vuln (query string and JSON body), nothing in /safe', async () => {
    const vuln = await get(`/vuln/product?id=${q("1'")}`);
    expect(vuln.status).toBe(500);
    expect(await vuln.text()).toMatch(/SQLITE_ERROR: unrecognized token/);
    const safe = await text(`/safe/product?id=${q("1'")}`);
    expect(safe).not.toMatch(/SQLITE|syntax|token/i);
    expect(safe).toContain('No such product.');
    expect(await text('/safe/product?id=1')).toContain('Laptop Pro 14');

    const jsonVuln = await post('/vuln/api/products/search', 'application/json', '{"name":"\'"}');
    expect(jsonVuln.status).toBe(500);
    expect(await jsonVuln.text()).toContain('SQLITE_ERROR');
    const jsonSafe = await post('/safe/api/products/search', 'application/json', '{"name":"\'"}');
    expect(await jsonSafe.json()).toEqual({ results: [] });
  });

  it('answers a true and a false condition differently in /vuln only (boolean-based)', async () => {
    const yes = `/user?name=${q("nobody' OR '1'='1")}`;
    const no = `/user?name=${q("nobody' AND '1'='2")}`;
    expect(await text(`/vuln${yes}`)).toContain('User found.');
    expect(await text(`/vuln${no}`)).toContain('User not found.');
    // An error is swallowed: the same page as "not found", no error text.
    expect(await text(`/vuln/user?name=${q("'")}`)).toContain('User not found.');
    expect(await text(`/safe${yes}`)).toContain('User not found.');
    expect(await text(`/safe${no}`)).toContain('User not found.');
  });

  it('can be slowed down by a heavy recursive CTE in /vuln only (time-based)', async () => {
    // SQLite has no sleep(): the payload counts to N. N doubles until the delay is clear
    // on this machine, then the same payload must not slow the safe twin.
    const payload = (n: number) =>
      `/stock?sku=${q(`' OR (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x<${n}) SELECT count(*) FROM c) > 0 --`)}`;
    expect(await text(`/vuln${payload(1)}`)).toBe(await text('/vuln/stock?sku=SKU-1001'));
    let n = 5_000_000;
    let slow = await timed(`/vuln${payload(n)}`);
    while (slow < 1000 && n < 80_000_000) {
      n *= 2;
      slow = await timed(`/vuln${payload(n)}`);
    }
    expect(slow).toBeGreaterThanOrEqual(900);
    expect(await timed(`/safe${payload(n)}`)).toBeLessThan(500);
  });
});

describe('NoSQL operator injection', () => {
  it('signs in with {"$ne": null} as the password in /vuln, refuses it in /safe', async () => {
    const attack = JSON.stringify({ username: 'alice', password: { $ne: null } });
    const vuln = await post('/vuln/api/login', 'application/json', attack);
    expect(vuln.status).toBe(200);
    expect(await vuln.json()).toMatchObject({ ok: true, user: { username: 'alice' } });
    const regex = JSON.stringify({ username: { $regex: '^b' }, password: { $gt: '' } });
    expect(await (await post('/vuln/api/login', 'application/json', regex)).json()).toMatchObject({
      ok: true,
      user: { username: 'bob' },
    });
    const wrong = JSON.stringify({ username: 'alice', password: 'nope' });
    expect((await post('/vuln/api/login', 'application/json', wrong)).status).toBe(401);

    expect((await post('/safe/api/login', 'application/json', attack)).status).toBe(400);
    const right = JSON.stringify({ username: 'alice', password: 'wonderland' });
    expect((await post('/safe/api/login', 'application/json', right)).status).toBe(200);
  });
});

describe('OS command injection', () => {
  it('runs an injected sleep in /vuln (blind, timing only), refuses the host in /safe', async () => {
    const baseline = await text('/vuln/ping?host=127.0.0.1');
    const attack = `/ping?host=${q('127.0.0.1; sleep 1')}`;
    const start = performance.now();
    expect(await text(`/vuln${attack}`)).toBe(baseline);
    expect(performance.now() - start).toBeGreaterThanOrEqual(900);
    const safeStart = performance.now();
    const safe = await get(`/safe${attack}`);
    expect(performance.now() - safeStart).toBeLessThan(500);
    expect(safe.status).toBe(400);
    expect((await get('/safe/ping?host=127.0.0.1')).status).toBe(200);
  });
});

describe('path traversal', () => {
  it('reads /etc/passwd through ../ in /vuln, refuses it in /safe', async () => {
    const attack = `/file?name=${q('../../../../../../../../../etc/passwd')}`;
    expect(await text(`/vuln${attack}`)).toMatch(/^root:.*:0:0:/m);
    const safe = await get(`/safe${attack}`);
    expect(safe.status).toBe(400);
    expect(await safe.text()).not.toContain('root:');
    expect(await text('/safe/file?name=welcome.txt')).toContain('Welcome to Rampart Shop');
  });
});

describe('open redirect', () => {
  it('redirects off-site in /vuln, only to local paths in /safe', async () => {
    for (const target of ['https://evil.example/', '//evil.example/']) {
      const vuln = await get(`/vuln/redirect?next=${q(target)}`);
      expect(vuln.status).toBe(302);
      expect(vuln.headers.get('location')).toBe(target);
      const safe = await get(`/safe/redirect?next=${q(target)}`);
      expect(safe.status).toBe(400);
      expect(safe.headers.get('location')).toBeNull();
    }
    expect((await get(`/safe/redirect?next=${q('/\\evil.example')}`)).status).toBe(400);
    expect((await get('/safe/redirect?next=/safe/')).headers.get('location')).toBe('/safe/');
  });
});

describe('server-side template injection', () => {
  it('evaluates {{7*7}} in /vuln, prints it literally in /safe', async () => {
    expect(await text(`/vuln/hello?name=${q('{{7*7}}')}`)).toContain('Hello, 49!');
    const safe = await text(`/safe/hello?name=${q('{{7*7}}')}`);
    expect(safe).toContain('Hello, {{7*7}}!');
    expect(safe).not.toContain('49');
  });
});

describe('SSRF', () => {
  it('fetches a local listener in /vuln, refuses before any request in /safe', async () => {
    const vuln = await text(`/vuln/fetch?url=${q(`${listenerUrl}/ssrf-vuln`)}`);
    expect(hits).toContain('/ssrf-vuln');
    expect(vuln).toContain('Status 200, 16 characters');
    const safe = await get(`/safe/fetch?url=${q(`${listenerUrl}/ssrf-safe`)}`);
    expect(safe.status).toBe(400);
    expect(hits).not.toContain('/ssrf-safe');
  });
});

describe('XXE', () => {
  const doc = (uri: string) =>
    `<?xml version="1.0"?>\n<!DOCTYPE order [<!ENTITY xxe SYSTEM "${uri}">]>\n<order><item>&xxe;</item></order>`;

  it('expands file:// and http:// external entities in /vuln, refuses any DOCTYPE in /safe', async () => {
    const vuln = await post('/vuln/xml', 'application/xml', doc('file:///etc/passwd'));
    expect(await vuln.text()).toMatch(/root:[^"]*:0:0:/);
    await post('/vuln/xml', 'application/xml', doc(`${listenerUrl}/xxe-vuln`));
    expect(hits).toContain('/xxe-vuln');

    const safe = await post('/safe/xml', 'application/xml', doc('file:///etc/passwd'));
    expect(safe.status).toBe(400);
    expect(await safe.text()).not.toContain('root:');
    await post('/safe/xml', 'application/xml', doc(`${listenerUrl}/xxe-safe`));
    expect(hits).not.toContain('/xxe-safe');
    const plain = '<order><item>USB-C Dock</item><quantity>2</quantity></order>';
    expect(await (await post('/safe/xml', 'application/xml', plain)).json()).toEqual({
      imported: { order: { item: 'USB-C Dock', quantity: 2 } },
    });
  });
});

describe('passive issues', () => {
  it('sends no security headers and a version banner in /vuln, strict headers in /safe', async () => {
    const vuln = (await get('/vuln/')).headers;
    for (const name of [
      'content-security-policy',
      'x-content-type-options',
      'x-frame-options',
      'referrer-policy',
    ]) {
      expect(vuln.get(name)).toBeNull();
    }
    expect(vuln.get('x-powered-by')).toBe('Express');
    expect(vuln.get('server')).toMatch(/^Express\/\d+\.\d+\.\d+$/);

    for (const path of ['/safe/', '/']) {
      const safe = (await get(path)).headers;
      expect(safe.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(safe.get('content-security-policy')).not.toContain('unsafe-inline');
      expect(safe.get('x-content-type-options')).toBe('nosniff');
      expect(safe.get('x-frame-options')).toBe('DENY');
      expect(safe.get('referrer-policy')).toBe('no-referrer');
      expect(safe.get('x-powered-by')).toBeNull();
      expect(safe.get('server')).toBeNull();
    }
  });

  it('sets the session cookie without HttpOnly and SameSite in /vuln only', async () => {
    const vuln = (await get('/vuln/login-page')).headers.getSetCookie();
    expect(vuln).toHaveLength(1);
    expect(vuln[0]).toMatch(/^session=/);
    expect(vuln[0]).not.toMatch(/HttpOnly|SameSite/i);
    const safe = (await get('/safe/login-page')).headers.getSetCookie();
    expect(safe[0]).toMatch(/^session=.*; HttpOnly; SameSite=Lax$/);
  });

  it('reflects any Origin, null included, with credentials in /vuln only', async () => {
    for (const origin of ['https://evil.example', 'null']) {
      const vuln = (await get('/vuln/api/me', { origin })).headers;
      expect(vuln.get('access-control-allow-origin')).toBe(origin);
      expect(vuln.get('access-control-allow-credentials')).toBe('true');
      const safe = (await get('/safe/api/me', { origin })).headers;
      expect(safe.get('access-control-allow-origin')).toBeNull();
    }
    const allowed = (await get('/safe/api/me', { origin: 'https://app.example.org' })).headers;
    expect(allowed.get('access-control-allow-origin')).toBe('https://app.example.org');
  });

  it('shows a stack trace in /vuln, a generic page in /safe', async () => {
    const vuln = await get('/vuln/crash');
    expect(vuln.status).toBe(500);
    expect(await vuln.text()).toMatch(/TypeError: .*\n\s+at .*vuln\.mjs:\d+:\d+/);
    const safe = await get('/safe/crash');
    expect(safe.status).toBe(500);
    expect(await safe.text()).not.toMatch(/TypeError|\.mjs|\bat /);
  });

  it('lists a directory, puts a key in a URL and exposes a source map in /vuln only', async () => {
    expect(await text('/vuln/files/')).toContain('<title>Index of /vuln/files/</title>');
    expect((await get('/safe/files/')).status).toBe(404);
    expect(await text('/safe/files/welcome.txt')).toContain('Welcome');

    expect(await text('/vuln/')).toMatch(/href="\/vuln\/account\?api_key=\w{20,}"/);
    expect(await text('/safe/')).not.toMatch(/api_key|token=/);

    expect(await text('/vuln/static/app.js')).toContain('//# sourceMappingURL=app.js.map');
    const map = (await (await get('/vuln/static/app.js.map')).json()) as { version: number };
    expect(map.version).toBe(3);
    expect(await text('/safe/static/app.js')).not.toContain('sourceMappingURL');
    expect((await get('/safe/static/app.js.map')).status).toBe(404);
  });

  it('serves .git, .env and a backup file in /vuln, 404 for the same probes in /safe', async () => {
    const probes: [string, RegExp][] = [
      ['.git/HEAD', /^ref: refs\/heads\//],
      ['.git/config', /\[core\][\s\S]*repositoryformatversion/],
      ['.env', /^[A-Z_]+=/m],
      ['static/app.js.bak', /password/],
    ];
    for (const [path, body] of probes) {
      const vuln = await get(`/vuln/${path}`);
      expect(vuln.status, path).toBe(200);
      expect(await vuln.text()).toMatch(body);
      expect((await get(`/safe/${path}`)).status, path).toBe(404);
    }
  });
});
