import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  queryEndpoint,
  runCheck,
  startTestServer,
  type TestServer,
  testContext,
} from './checks-b-test-support.js';
import { OPEN_REDIRECT_RULE, openRedirectCheck } from './open-redirect.js';

function html(res: ServerResponse, body: string): void {
  res.writeHead(200, { 'content-type': 'text/html' });
  res.end(body);
}

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const servers: TestServer[] = [];
let vulnerable: TestServer;
let safe: TestServer;
let filtered: TestServer;
let meta: TestServer;
let script: TestServer;
let reflectsOnly: TestServer;

beforeAll(async () => {
  vulnerable = await startTestServer((req, res) => {
    res.writeHead(302, { location: req.parsed.searchParams.get('next') ?? '/' });
    res.end();
  });
  // Only a single-slash relative path on this site is followed.
  safe = await startTestServer((req, res) => {
    const next = req.parsed.searchParams.get('next') ?? '/';
    const ok = /^\/(?![/\\])/.test(next);
    res.writeHead(302, { location: ok ? next : '/' });
    res.end();
  });
  // Refuses absolute and protocol-relative URLs, but not `/\host`.
  filtered = await startTestServer((req, res) => {
    const next = req.parsed.searchParams.get('returnTo') ?? '/';
    const ok = !/^(?:[a-z]+:|\/\/)/i.test(next);
    res.writeHead(302, { location: ok ? next : '/' });
    res.end();
  });
  meta = await startTestServer((req, res) => {
    const url = escapeHtml(req.parsed.searchParams.get('url') ?? '/');
    html(res, `<html><head><meta http-equiv="refresh" content="0; url=${url}"></head></html>`);
  });
  script = await startTestServer((req, res) => {
    const to = JSON.stringify(req.parsed.searchParams.get('continue') ?? '/').replace(/\//g, '\\/');
    html(res, `<script>window.location.href = ${to};</script>`);
  });
  // Shows the value as text and links nowhere: not a redirect.
  reflectsOnly = await startTestServer((req, res) => {
    html(res, `<p>You came from ${escapeHtml(req.parsed.searchParams.get('next') ?? '')}</p>`);
  });
  servers.push(vulnerable, safe, filtered, meta, script, reflectsOnly);
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

describe('openRedirectCheck', () => {
  it('reports a Location header taken from the parameter', async () => {
    const endpoint = queryEndpoint(`${vulnerable.origin}/login`, { next: '/account' });
    const issues = await runCheck(openRedirectCheck, endpoint, testContext(vulnerable.origin));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      ruleId: OPEN_REDIRECT_RULE.id,
      confidence: 'high',
      parameter: 'next',
      payload: 'https://rampart-redirect-check.invalid/',
      proof: 'Location: https://rampart-redirect-check.invalid/',
    });
    // The 3xx itself is the evidence: it was not followed.
    expect(issues[0]?.exchange?.response.status).toBe(302);
  });

  it('does not report a redirect limited to paths on the same site', async () => {
    const endpoint = queryEndpoint(`${safe.origin}/login`, { next: '/account' });
    expect(await runCheck(openRedirectCheck, endpoint, testContext(safe.origin))).toEqual([]);
  });

  it('gets past a filter on schemes and // with a backslash', async () => {
    const endpoint = queryEndpoint(`${filtered.origin}/login`, { returnTo: '/home' });
    const issues = await runCheck(openRedirectCheck, endpoint, testContext(filtered.origin));
    expect(issues).toHaveLength(1);
    expect(issues[0]?.payload).toBe('/\\rampart-redirect-check.invalid/');
  });

  it('reports a meta refresh with medium confidence', async () => {
    const endpoint = queryEndpoint(`${meta.origin}/go`, { url: 'https://example.com/' });
    const issues = await runCheck(openRedirectCheck, endpoint, testContext(meta.origin));
    expect(issues).toHaveLength(1);
    expect(issues[0]?.confidence).toBe('medium');
    expect(issues[0]?.details?.kind).toBe('meta-refresh');
    expect(issues[0]?.proof).toContain('http-equiv="refresh"');
  });

  it('reports a script navigation with medium confidence', async () => {
    const endpoint = queryEndpoint(`${script.origin}/go`, { continue: '/next' });
    const issues = await runCheck(openRedirectCheck, endpoint, testContext(script.origin));
    expect(issues).toHaveLength(1);
    expect(issues[0]?.confidence).toBe('medium');
    expect(issues[0]?.details?.kind).toBe('script');
  });

  it('does not report a value that is only shown as text', async () => {
    const endpoint = queryEndpoint(`${reflectsOnly.origin}/`, { next: '/x' });
    expect(await runCheck(openRedirectCheck, endpoint, testContext(reflectsOnly.origin))).toEqual(
      [],
    );
  });

  it('leaves parameters alone that do not look like redirect targets', async () => {
    const before = vulnerable.hits();
    const endpoint = queryEndpoint(`${vulnerable.origin}/search`, { q: 'shoes', page: '2' });
    expect(await runCheck(openRedirectCheck, endpoint, testContext(vulnerable.origin))).toEqual([]);
    expect(vulnerable.hits()).toBe(before);
  });
});
