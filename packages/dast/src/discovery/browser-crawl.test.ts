import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger, UsageError } from '@rampart/core';
import { afterAll, describe, expect, it } from 'vitest';
import { endpointKey } from '../endpoint.js';
import { HttpClient } from '../http/http-client.js';
import { createScope } from '../scope.js';
import type { Endpoint } from '../types.js';
import { browserCrawl, resolveChromium } from './browser-crawl.js';

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly body: string;
  readonly userAgent: string;
  readonly cookie: string;
}

async function listen(
  handler: (req: IncomingMessage, body: string, res: ServerResponse) => void,
): Promise<{ server: Server; origin: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString('utf8');
    });
    req.on('end', () => {
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        body,
        userAgent: req.headers['user-agent'] ?? '',
        cookie: req.headers.cookie ?? '',
      });
      handler(req, body, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, origin: `http://127.0.0.1:${port}`, seen };
}

/** The SPA: links, a form and API calls exist only once app.js ran. */
function appJs(outside: string): string {
  return `
document.cookie = 'theme=dark; path=/';
const nav = document.createElement('nav');
const add = (href, text) => { const a = document.createElement('a'); a.href = href; a.textContent = text; nav.appendChild(a); };
add('/about', 'About');
add('#/settings', 'Settings');
add('/old', 'Old');
document.body.appendChild(nav);
fetch('/api/items?x=1');
fetch('/api/moved');
fetch('${outside}/track').catch(() => {});
if (location.hash === '#/settings') {
  const view = document.createElement('div');
  view.innerHTML = '<form action="/api/profile" method="post"><input name="nick" value="bob">' +
    '<input type="hidden" name="csrf" value="t0k"><button>Save</button></form>' +
    '<a href="/reports?year=2024">Reports</a>';
  document.body.appendChild(view);
} else if (location.pathname === '/about') {
  add('/contact', 'Contact');
} else {
  fetch('/api/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: 'a', remember: true }) });
  fetch('/api/search', { method: 'POST', body: new URLSearchParams({ q: 'z' }) });
  fetch('/api/items/7', { method: 'DELETE' }).catch(() => {});
}`;
}

const hasChromium = existsSync('/usr/bin/chromium');

interface Spa {
  readonly app: Awaited<ReturnType<typeof listen>>;
  readonly outside: Awaited<ReturnType<typeof listen>>;
  /** Called when app.js is requested (to abort a scan mid-page). */
  onScript?: (() => void) | undefined;
  client(maxRequests: number, signal?: AbortSignal): HttpClient;
  find(endpoints: readonly Endpoint[], method: string, path: string): Endpoint | undefined;
  close(): void;
}

/** A fresh SPA and out-of-scope server per test, so the tests can run side by side. */
async function startSpa(): Promise<Spa> {
  const outside = await listen((_req, _body, res) => res.end('// outside'));
  const spa: { onScript?: (() => void) | undefined } = {};
  const app = await listen((req, _body, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/app.js') {
      spa.onScript?.();
      res.setHeader('content-type', 'application/javascript');
      res.end(appJs(outside.origin));
    } else if (path === '/old' || path === '/api/moved') {
      res.statusCode = 302;
      res.setHeader('location', path === '/old' ? '/about?from=old' : '/api/items?x=2');
      res.end();
    } else if (path.startsWith('/api/')) {
      res.setHeader('content-type', 'application/json');
      res.end('{"ok":true}');
    } else if (path === '/reports' || path === '/contact') {
      res.setHeader('content-type', 'text/html');
      res.end('<p>static</p>');
    } else {
      // History-API fallback: every other path is the app's shell.
      res.setHeader('content-type', 'text/html');
      res.setHeader('set-cookie', 'sid=abc; Path=/');
      res.end(
        `<!doctype html><html><head><script src="${outside.origin}/evil.js"></script></head>` +
          `<body><img src="/logo.png"><a href="${outside.origin}/page">elsewhere</a>` +
          '<script src="/app.js"></script></body></html>',
      );
    }
  });
  return Object.assign(spa, {
    app,
    outside,
    client: (maxRequests: number, signal?: AbortSignal) =>
      new HttpClient({
        maxRequests,
        rate: 0,
        concurrency: 4,
        timeoutMs: 5000,
        maxBodyBytes: 1 << 20,
        allowDestructive: false,
        inScope: createScope({ start: app.origin }),
        signal,
      }),
    find: (endpoints: readonly Endpoint[], method: string, path: string) =>
      endpoints.find((e) => e.method === method && e.url === `${app.origin}${path}`),
    close: () => {
      app.server.close();
      outside.server.close();
    },
  });
}

const params = (e: Endpoint | undefined) => e?.params.map((p) => `${p.in}:${p.name}=${p.value}`);

// Concurrent: most of each test is Chromium starting and pages settling, not CPU.
// Generous timeout: Chromium starts slowly on a loaded machine.
describe.skipIf(!hasChromium)(
  'browserCrawl (Chromium)',
  { concurrent: true, timeout: 60_000 },
  () => {
    const spas: Spa[] = [];
    afterAll(() => {
      for (const spa of spas) spa.close();
    });
    async function spa(): Promise<Spa> {
      const s = await startSpa();
      spas.push(s);
      return s;
    }

    it('finds JS-rendered links, forms and API calls, sending everything through the client', async ({
      expect,
    }) => {
      const { app, outside, client, find } = await spa();
      const http = client(500);
      const result = await browserCrawl({
        start: `${app.origin}/`,
        client: http,
        maxPages: 20,
        maxDepth: 3,
        logger: silentLogger,
      });
      const { endpoints } = result;

      expect(params(find(endpoints, 'GET', '/api/items'))).toEqual(['query:x=1']);
      const login = find(endpoints, 'POST', '/api/login');
      expect(login?.bodyType).toBe('json');
      expect(login?.params).toEqual([
        { name: 'user', in: 'json', value: 'a' },
        { name: 'remember', in: 'json', value: 'true', json: true },
      ]);
      const search = find(endpoints, 'POST', '/api/search');
      expect(search?.bodyType).toBe('form');
      expect(params(search)).toEqual(['form:q=z']);
      // Only rendered on the #/settings hash route, so hash routes were crawled as pages.
      const profile = find(endpoints, 'POST', '/api/profile');
      expect(profile?.bodyType).toBe('form');
      expect(params(profile)).toEqual(['form:nick=bob', 'form:csrf=t0k']);
      expect(params(find(endpoints, 'GET', '/reports'))).toEqual(['query:year=2024']);
      // Redirects are followed through the client: a navigation and a fetch.
      expect(endpoints.filter((e) => e.url === `${app.origin}/about`).map(params)).toContainEqual([
        'query:from=old',
      ]);
      expect(app.seen.some((s) => s.url === '/api/items?x=2')).toBe(true);
      // The page sent the DELETE; it is recorded but was never sent on.
      expect(find(endpoints, 'DELETE', '/api/items/7')).toBeDefined();
      expect(endpoints.every((e) => e.source === 'browser')).toBe(true);
      expect(new Set(endpoints.map(endpointKey)).size).toBe(endpoints.length);

      // /about is a JS-rendered link; /contact is only rendered on /about (a history route).
      expect(result.urls).toEqual(
        expect.arrayContaining([
          `${app.origin}/about`,
          `${app.origin}/contact`,
          `${app.origin}/app.js`,
        ]),
      );
      expect(result.pages).toBeGreaterThanOrEqual(5);
      expect(result.pages).toBeLessThanOrEqual(20);

      // Every request the target saw came from the client: same count, the client's user agent.
      expect(http.stats.requests).toBeGreaterThan(0);
      expect(app.seen.length).toBe(http.stats.requests);
      expect(app.seen.every((s) => s.userAgent === 'rampart-dast')).toBe(true);
      expect(app.seen.some((s) => s.method === 'DELETE')).toBe(false);
      expect(app.seen.some((s) => s.url === '/logo.png')).toBe(false);
      const sentLogin = app.seen.find((s) => s.url === '/api/login');
      expect(JSON.parse(sentLogin?.body ?? '{}')).toEqual({ user: 'a', remember: true });
      // The session cookie from the client's jar and the cookie a script set both travel.
      const api = app.seen.find((s) => s.url === '/api/items?x=1');
      expect(api?.cookie).toContain('sid=abc');
      expect(api?.cookie).toContain('theme=dark');
      expect(outside.seen).toEqual([]);
    });

    it('stops without throwing when the budget is spent', async ({ expect }) => {
      const { app, outside, client } = await spa();
      const http = client(3);
      const result = await browserCrawl({
        start: `${app.origin}/`,
        client: http,
        maxPages: 20,
        maxDepth: 3,
        logger: silentLogger,
        idleMs: 1000,
      });
      expect(http.stats.requests).toBe(3);
      expect(app.seen.length).toBe(3);
      expect(result.pages).toBeLessThan(5);
      expect(outside.seen).toEqual([]);
    });

    it('opens no more than maxPages pages', async ({ expect }) => {
      const { app, client, find } = await spa();
      const result = await browserCrawl({
        start: `${app.origin}/`,
        client: client(100),
        maxPages: 1,
        maxDepth: 3,
        logger: silentLogger,
        idleMs: 1000,
      });
      expect(result.pages).toBe(1);
      expect(app.seen.some((s) => s.url === '/about')).toBe(false);
      expect(find(result.endpoints, 'POST', '/api/login')).toBeDefined();
    });

    it('stops without throwing when the scan is aborted mid-crawl', async ({ expect }) => {
      const s = await spa();
      const controller = new AbortController();
      s.onScript = () => controller.abort();
      const result = await browserCrawl({
        start: `${s.app.origin}/`,
        client: s.client(100, controller.signal),
        maxPages: 20,
        maxDepth: 3,
        logger: silentLogger,
        signal: controller.signal,
        idleMs: 1000,
      });
      expect(result.pages).toBe(1);
      expect(s.app.seen.some((x) => x.url === '/about')).toBe(false);
    });

    it('returns at once when the scan was already aborted', async ({ expect }) => {
      const { app, client } = await spa();
      const http = client(100);
      const result = await browserCrawl({
        start: `${app.origin}/`,
        client: http,
        maxPages: 5,
        maxDepth: 3,
        logger: silentLogger,
        signal: AbortSignal.abort(),
      });
      expect(result).toEqual({ endpoints: [], urls: [], pages: 0 });
      expect(http.stats.requests).toBe(0);
    });
  },
);

describe('resolveChromium', () => {
  it('explains how to install Chromium when it is missing', () => {
    expect(() => resolveChromium('/nonexistent/chromium')).toThrow(UsageError);
    expect(() => resolveChromium('/nonexistent/chromium')).toThrow(
      expect.objectContaining({ hint: expect.stringContaining('apt-get install chromium') }),
    );
    expect(() => resolveChromium(undefined, { RAMPART_CHROMIUM: '/nonexistent/c' })).toThrow(
      /not found at \/nonexistent\/c/,
    );
  });

  it('rejects browserCrawl before launching anything', async () => {
    const http = new HttpClient({
      maxRequests: 1,
      rate: 0,
      concurrency: 1,
      timeoutMs: 1000,
      maxBodyBytes: 1024,
      allowDestructive: false,
      inScope: () => true,
    });
    await expect(
      browserCrawl({
        start: 'http://127.0.0.1:1/',
        client: http,
        maxPages: 1,
        maxDepth: 1,
        logger: silentLogger,
        executablePath: '/nonexistent/chromium',
      }),
    ).rejects.toMatchObject({ code: 'RAMPART_USAGE' });
    expect(http.stats.requests).toBe(0);
  });
});
