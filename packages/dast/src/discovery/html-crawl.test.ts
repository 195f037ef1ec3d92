import { silentLogger } from '@rampart/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient, type HttpClientOptions } from '../http/http-client.js';
import { type ReceivedRequest, type SiteServer, startSite } from '../test-support/site-server.js';
import type { Endpoint } from '../types.js';
import { crawlHtml } from './html-crawl.js';

let site: SiteServer;
let outside: SiteServer;

const page = (body: string) => ({ body: `<!doctype html><html><body>${body}</body></html>` });

function routes(request: ReceivedRequest) {
  const path = request.url.split('?')[0];
  switch (path) {
    case '/':
      return page(`
        <a href="/a">a</a>
        <a href="/item?id=1">one</a> <a href="/item?id=2">two</a>
        <a href="/logout">log out</a>
        <a href="${outside.origin}/trap">elsewhere</a>
        <a href="/logo.png">logo</a> <a href="mailto:x@y.test">mail</a>
        <a href="/old">moved</a>
        <script src="/js/app.js"></script>
        <script>
          document.querySelector('#login').onsubmit = () =>
            fetch('/api/login', { method: 'POST', body: JSON.stringify({ username: 'a', password: 'b' }) });
        </script>
        <form action="/search"><input name="q" value="shoes"><input type="submit"></form>
        <form action="/comment" method="post"><textarea name="text"></textarea><input type="hidden" name="csrf" value="t"></form>`);
    case '/a':
      return page('<a href="/b">b</a>');
    case '/b':
      return page('<a href="/c">c</a>');
    case '/c':
    case '/item':
    case '/search':
    case '/new':
      return page(`<p>${path}</p>`);
    case '/old':
      return { status: 302, headers: { location: '/new' } };
    case '/js/app.js':
      return {
        headers: { 'content-type': 'application/javascript' },
        body: `const ITEMS = '/api/items'; function report() { return fetch('/api/report', { method: 'POST' }); }`,
      };
    case '/api/items':
      return { headers: { 'content-type': 'application/json' }, body: '[{"id":1}]' };
    default:
      return undefined;
  }
}

beforeAll(async () => {
  outside = await startSite(() => ({ body: 'outside' }));
  site = await startSite(routes);
});
afterAll(async () => {
  await site.close();
  await outside.close();
});

function client(options: Partial<HttpClientOptions> = {}): HttpClient {
  return new HttpClient({
    maxRequests: 200,
    rate: 0,
    concurrency: 3,
    timeoutMs: 5_000,
    maxBodyBytes: 1 << 20,
    allowDestructive: false,
    inScope: (url) => url.startsWith(`${site.origin}/`),
    ...options,
  });
}

/** Runs a crawl and returns it with the requests the site received during it. */
async function crawl(options: { maxDepth?: number; maxPages?: number; client?: HttpClient } = {}) {
  const before = site.requests.length;
  const result = await crawlHtml({
    start: `${site.origin}/`,
    client: options.client ?? client(),
    logger: silentLogger,
    maxDepth: options.maxDepth ?? 5,
    maxPages: options.maxPages ?? 100,
  });
  const requests = site.requests.slice(before);
  return { result, requests, paths: requests.map((r) => r.url) };
}

function find(endpoints: readonly Endpoint[], method: string, path: string): Endpoint | undefined {
  return endpoints.find((e) => e.method === method && e.url === `${site.origin}${path}`);
}

describe('crawlHtml', () => {
  it('follows links, scripts and GET forms, and records what it cannot send', async () => {
    const { result, requests, paths } = await crawl();
    expect(result.budgetExhausted).toBe(false);
    expect(new Set(paths)).toEqual(
      new Set([
        '/',
        '/a',
        '/b',
        '/c',
        expect.stringMatching(/^\/item\?id=[12]$/),
        '/old',
        '/new',
        '/js/app.js',
        '/api/items',
        '/search?q=shoes',
      ]),
    );
    expect(paths).toHaveLength(10);
    expect(result.pages).toBe(9); // the redirect and its target are one page
    expect(requests.every((r) => r.method === 'GET')).toBe(true);
    expect(result.urls).toContain(`${site.origin}/api/items`);
    expect(result.urls).toContain(`${site.origin}/new`);
    expect(result.urls).toContain(`${site.origin}/old`);

    const e = result.endpoints;
    expect(find(e, 'GET', '/')?.source).toBe('start');
    expect(find(e, 'GET', '/search')).toMatchObject({
      params: [{ name: 'q', in: 'query', value: 'shoes' }],
    });
    expect(find(e, 'POST', '/comment')).toEqual({
      method: 'POST',
      url: `${site.origin}/comment`,
      params: [
        { name: 'text', in: 'form', value: 'rampart' },
        { name: 'csrf', in: 'form', value: 't' },
      ],
      bodyType: 'form',
      source: 'form',
    });
    expect(find(e, 'POST', '/api/login')).toEqual({
      method: 'POST',
      url: `${site.origin}/api/login`,
      params: [
        { name: 'username', in: 'json', value: 'a' },
        { name: 'password', in: 'json', value: 'b' },
      ],
      bodyType: 'json',
      source: 'script',
    });
    expect(find(e, 'POST', '/api/report')).toMatchObject({ params: [], source: 'script' });
    expect(e.filter((x) => x.url === `${site.origin}/item`)).toHaveLength(1);
    expect(find(e, 'GET', '/logout')).toBeUndefined();
  });

  it('never submits POST forms, follows logout links or leaves the scope', async () => {
    const before = outside.requests.length;
    const { paths, requests } = await crawl();
    expect(requests.filter((r) => r.method !== 'GET')).toEqual([]);
    expect(paths).not.toContain('/comment');
    expect(paths).not.toContain('/api/login');
    expect(paths).not.toContain('/logout');
    expect(paths).not.toContain('/logo.png');
    expect(outside.requests.length - before).toBe(0);
  });

  it('visits URLs that differ only in query values once', async () => {
    const { paths } = await crawl();
    expect(paths.filter((p) => p.startsWith('/item'))).toHaveLength(1);
  });

  it('stops at the depth limit', async () => {
    expect((await crawl({ maxDepth: 0 })).paths).toEqual(['/']);
    const one = (await crawl({ maxDepth: 1 })).paths;
    expect(one).toContain('/a');
    expect(one).toContain('/js/app.js');
    expect(one).toContain('/search?q=shoes');
    expect(one).not.toContain('/b');
    expect(one).not.toContain('/api/items'); // found in app.js, one level deeper
  });

  it('fetches at most maxPages pages', async () => {
    const { result, paths } = await crawl({ maxPages: 3 });
    expect(result.pages).toBe(3);
    expect(paths.filter((p) => p !== '/new')).toHaveLength(3);
  });

  it('stops quietly when the request budget runs out', async () => {
    const { result, paths } = await crawl({ client: client({ maxRequests: 2 }) });
    expect(result.budgetExhausted).toBe(true);
    expect(paths).toHaveLength(2);
    expect(result.pages).toBe(2);
  });

  it('reports nothing and sends nothing when the start URL is out of scope', async () => {
    const before = outside.requests.length;
    const result = await crawlHtml({
      start: `${outside.origin}/`,
      client: client(),
      logger: silentLogger,
      maxDepth: 3,
      maxPages: 10,
    });
    expect(result).toEqual({ endpoints: [], urls: [], pages: 0, budgetExhausted: false });
    expect(outside.requests.length).toBe(before);
  });
});
