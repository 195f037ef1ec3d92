import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HubDatabase, openDatabase } from '../db/database.js';
import { migrate } from '../db/migrations.js';
import { createHub } from '../hub.js';

let work: string;
let database: HubDatabase;
let direct: FastifyInstance;
let proxied: FastifyInstance;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'rampart-headers-'));
  const dist = join(work, 'dist');
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Rampart</title>');
  writeFileSync(join(dist, 'assets', 'index-Ab12.js'), 'export {};');
  database = openDatabase(join(work, 'hub.db'));
  await migrate(database);
  direct = createHub({ database, logger: false, dashboard: { root: dist } });
  proxied = createHub({ database, logger: false, trustProxy: true, dashboard: { root: dist } });
});

afterAll(async () => {
  await Promise.all([direct.close(), proxied.close()]);
  await database.close();
  rmSync(work, { recursive: true, force: true });
});

const EXPECTED = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
};

describe('security headers', () => {
  it.each([
    ['a dashboard page', 'GET', '/findings', { accept: 'text/html' }, 200],
    ['a dashboard asset', 'GET', '/assets/index-Ab12.js', {}, 200],
    ['a missing asset', 'GET', '/assets/nope.js', {}, 404],
    ['the API', 'GET', '/healthz', {}, 200],
    ['the OpenAPI document', 'GET', '/api/docs', {}, 200],
    ['an API error', 'GET', '/api/v1/auth/me', {}, 401],
    ['a refused body', 'POST', '/api/v1/auth/login', { 'content-type': 'application/json' }, 400],
    ['an unknown route', 'DELETE', '/nothing', {}, 404],
    // Fastify rejects an undecodable URL before any hook: frameworkErrors in app.ts answers.
    ['an undecodable URL', 'GET', '/api/v1/%', {}, 400],
  ] as const)('are on %s', async (_, method, url, headers, status) => {
    const res = await direct.inject({
      method,
      url,
      headers,
      ...(method === 'POST' ? { payload: '{' } : {}),
    });
    expect(res.statusCode).toBe(status);
    expect(res.headers).toMatchObject(EXPECTED);
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('allow no inline script or style, and no other host', () => {
    const csp = EXPECTED['content-security-policy'];
    expect(csp).not.toMatch(/unsafe-|\*|https?:/);
  });

  it('add HSTS only to a request that came over HTTPS through a trusted proxy', async () => {
    const forwarded = { 'x-forwarded-proto': 'https' };
    const viaProxy = await proxied.inject({ method: 'GET', url: '/healthz', headers: forwarded });
    expect(viaProxy.headers['strict-transport-security']).toBe('max-age=31536000');
    const page = await proxied.inject({
      method: 'GET',
      url: '/',
      headers: { ...forwarded, accept: 'text/html' },
    });
    expect(page.headers['strict-transport-security']).toBe('max-age=31536000');
    const plain = await proxied.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-forwarded-proto': 'http' },
    });
    expect(plain.headers['strict-transport-security']).toBeUndefined();
    // Without trustProxy, anyone could send the header: it proves nothing.
    const untrusted = await direct.inject({ method: 'GET', url: '/healthz', headers: forwarded });
    expect(untrusted.headers['strict-transport-security']).toBeUndefined();
  });
});
