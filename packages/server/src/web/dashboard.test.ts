import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HubDatabase, openDatabase } from '../db/database.js';
import { migrate } from '../db/migrations.js';
import { createHub } from '../hub.js';
import { ASSET_CACHE_CONTROL, PAGE_CACHE_CONTROL } from './dashboard.js';

// A build as `vite build` writes it, inside a folder that holds a secret next to it: no
// request may ever read the secret, nor a dotfile, a folder or a symbolic link in the build.
const SECRET = 'TRAVERSAL-SECRET-do-not-serve';
const INDEX =
  '<!doctype html><html><head><script type="module" src="/assets/index-Ab12_x.js"></script></head><body><div id="root"></div></body></html>\n';
const SCRIPT = `export const rows = [${Array.from({ length: 400 }, (_, i) => `"row ${i}"`).join(',')}];\n`;

let work: string;
let dist: string;
let database: HubDatabase;
let app: FastifyInstance;
let port: number;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'rampart-dashboard-'));
  dist = join(work, 'dist');
  mkdirSync(join(dist, 'assets', 'folder'), { recursive: true });
  writeFileSync(join(work, 'package.json'), SECRET);
  writeFileSync(join(work, 'secret.js'), SECRET);
  writeFileSync(join(dist, 'index.html'), INDEX);
  writeFileSync(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(dist, '.env'), SECRET);
  writeFileSync(join(dist, 'assets', 'index-Ab12_x.js'), SCRIPT);
  writeFileSync(join(dist, 'assets', 'index-Cd34_y.css'), 'body{margin:0}');
  writeFileSync(join(dist, 'assets', '.hidden.js'), SECRET);
  writeFileSync(join(dist, 'assets', 'notes.secret'), SECRET);
  writeFileSync(join(dist, 'assets', 'folder', 'inner.js'), 'export {};');
  symlinkSync(join(work, 'secret.js'), join(dist, 'assets', 'link.js'));
  database = openDatabase(join(work, 'hub.db'));
  await migrate(database);
  app = createHub({ database, logger: false, dashboard: { root: dist } });
  await app.listen({ host: '127.0.0.1', port: 0 });
  port = (app.server.address() as { port: number }).port;
});

afterAll(async () => {
  await app.close();
  await database.close();
  rmSync(work, { recursive: true, force: true });
});

const html = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
const get = (url: string, headers: Record<string, string> = html) =>
  app.inject({ method: 'GET', url, headers });

/**
 * Sends a request line exactly as written (HTTP clients, and app.inject, normalise `..`
 * away; an attacker's raw socket does not) and returns the status and body.
 */
function rawGet(path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
    });
    let data = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      data += chunk;
    });
    socket.on('error', reject);
    socket.on('end', () => {
      const [head = '', ...body] = data.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), body: body.join('\r\n\r\n') });
    });
  });
}

describe('the dashboard pages', () => {
  it('answers / with index.html, revalidated on each load', async () => {
    const res = await get('/');
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe(INDEX);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe(PAGE_CACHE_CONTROL);
  });

  it.each([
    '/findings',
    '/findings?severity=high&team=shop',
    '/projects/6f1c0d2e/scans',
    '/teams/shop.web',
  ])('answers the deep link %s with index.html', async (url) => {
    const res = await get(url);
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe(INDEX);
  });

  it('answers a client that accepts anything with index.html for a page, 404 for a file', async () => {
    expect((await get('/findings', { accept: '*/*' })).body).toBe(INDEX);
    expect((await get('/findings', {})).body).toBe(INDEX);
    const missing = await get('/missing.js', { accept: '*/*' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('serves a file at the root of the build, revalidated', async () => {
    const res = await get('/favicon.svg', { accept: 'image/*' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/svg+xml');
    expect(res.headers['cache-control']).toBe(PAGE_CACHE_CONTROL);
  });

  it('answers If-None-Match with 304', async () => {
    const first = await get('/');
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[a-z0-9-]+"$/);
    const again = await get('/', { ...html, 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers['cache-control']).toBe(PAGE_CACHE_CONTROL);
  });

  it('serves a rebuilt index.html without a restart', async () => {
    const rebuilt = INDEX.replace('Ab12_x', 'Zz99_q');
    writeFileSync(join(dist, 'index.html'), rebuilt);
    try {
      expect((await get('/')).body).toBe(rebuilt);
    } finally {
      writeFileSync(join(dist, 'index.html'), INDEX);
    }
  });

  it('answers HEAD like GET, without a body', async () => {
    const res = await app.inject({ method: 'HEAD', url: '/findings', headers: html });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toBe('');
  });

  it('leaves other methods to the API: 404', async () => {
    const res = await app.inject({ method: 'POST', url: '/findings', headers: html });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });
});

describe('the dashboard assets', () => {
  it('serves an asset with a year-long immutable cache', async () => {
    const res = await get('/assets/index-Ab12_x.js', { accept: '*/*' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe(SCRIPT);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['cache-control']).toBe(ASSET_CACHE_CONTROL);
    expect(res.headers['cache-control']).toContain('immutable');
    const css = await get('/assets/index-Cd34_y.css', { accept: 'text/css' });
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it.each([
    ['br', brotliDecompressSync],
    ['gzip', gunzipSync],
  ] as const)('compresses text with %s when the browser accepts it', async (encoding, inflate) => {
    const res = await app.inject({
      method: 'GET',
      url: '/assets/index-Ab12_x.js',
      headers: { 'accept-encoding': encoding === 'br' ? 'gzip, deflate, br' : 'gzip' },
    });
    expect(res.headers['content-encoding']).toBe(encoding);
    expect(res.headers.vary).toContain('accept-encoding');
    expect(res.rawPayload.length).toBeLessThan(SCRIPT.length / 2);
    expect(inflate(res.rawPayload).toString()).toBe(SCRIPT);
  });

  it('answers a missing asset with a 404, never index.html', async () => {
    for (const accept of ['*/*', html.accept]) {
      const res = await get('/assets/index-Missing.js', { accept });
      expect(res.statusCode).toBe(404);
      expect(res.body).not.toContain('<div id="root">');
      expect(res.headers['cache-control']).toBeUndefined();
      expect(res.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    }
  });

  it.each([
    ['/assets/', 'the folder itself'],
    ['/assets/folder', 'a folder (no listing)'],
    ['/assets/.hidden.js', 'a dotfile'],
    ['/assets/link.js', 'a symbolic link'],
    ['/assets/notes.secret', 'a file of an unknown kind'],
  ])('refuses %s (%s) with a 404', async (url) => {
    const res = await get(url, { accept: '*/*' });
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain(SECRET);
  });

  it('never serves a dotfile at the root of the build', async () => {
    expect((await get('/.env', { accept: '*/*' })).statusCode).toBe(404);
    const page = await get('/.env');
    expect(page.body).not.toContain(SECRET);
  });
});

describe('path traversal', () => {
  it.each([
    '/assets/../../package.json',
    '/assets/../../secret.js',
    '/assets/%2e%2e/%2e%2e/package.json',
    '/assets/%2E%2E%2F%2E%2E%2Fpackage.json',
    '/assets/..%2f..%2fpackage.json',
    '/assets/..%5c..%5cpackage.json',
    '/assets/..\\..\\package.json',
    '/assets//etc/passwd',
    '/assets/%2fetc%2fpasswd',
    '/../package.json',
    '/%2e%2e/package.json',
    '/..%2fpackage.json',
    '/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    '//etc/passwd',
  ])('%s reads nothing outside the build', async (path) => {
    const res = await rawGet(path);
    expect(res.body).not.toContain(SECRET);
    expect(res.body).not.toContain('root:');
    if (path.startsWith('/assets/')) expect(res.status).toBe(404);
  });
});

describe('the API next to the dashboard', () => {
  it.each(['/api/v1/no-such-route', '/api', '/metrics/x', '/healthz/x'])(
    'answers the unknown API path %s with the JSON 404, not a page',
    async (url) => {
      const res = await get(url);
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    },
  );

  it('still serves the API routes', async () => {
    expect((await get('/healthz')).json()).toEqual({ status: 'ok' });
    expect((await get('/api/v1/auth/me')).statusCode).toBe(401);
  });
});

describe('without a build', () => {
  let empty: string;
  let bare: FastifyInstance;
  let absent: FastifyInstance;
  let apiOnly: FastifyInstance;
  beforeAll(() => {
    empty = mkdtempSync(join(tmpdir(), 'rampart-no-dashboard-'));
    bare = createHub({ database, logger: false, dashboard: { root: empty } });
    absent = createHub({ database, logger: false, dashboard: { root: undefined } });
    apiOnly = createHub({ database, logger: false });
  });
  afterAll(async () => {
    await Promise.all([bare.close(), absent.close(), apiOnly.close()]);
    rmSync(empty, { recursive: true, force: true });
  });

  it.each([
    ['a folder without index.html', () => bare],
    ['no dashboard package', () => absent],
  ])('%s: a page says to run npm run build, the API still answers', async (_, hub) => {
    const page = await hub().inject({ method: 'GET', url: '/', headers: html });
    expect(page.statusCode).toBe(503);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain('npm run build');
    expect(page.body).not.toContain(empty);
    const json = await hub().inject({ method: 'GET', url: '/findings' });
    expect(json.statusCode).toBe(503);
    expect(json.json()).toMatchObject({ error: { code: 'DASHBOARD_NOT_BUILT' } });
    expect(json.json().error.message).toContain('npm run build');
    const asset = await hub().inject({ method: 'GET', url: '/assets/index-Ab12_x.js' });
    expect(asset.statusCode).toBe(404);
    const health = await hub().inject({ method: 'GET', url: '/healthz' });
    expect(health.json()).toEqual({ status: 'ok' });
  });

  it('serves no dashboard at all when the hub is not given one', async () => {
    const res = await apiOnly.inject({ method: 'GET', url: '/', headers: html });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });
});
