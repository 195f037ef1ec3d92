import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type RunningCallbackListener,
  startCallbackListener,
} from '../../callback/callback-listener.js';
import {
  queryEndpoint,
  runCheck,
  startTestServer,
  type TestServer,
  testContext,
} from './checks-b-test-support.js';
import { SSRF_RULE, ssrfCheck } from './ssrf.js';

const HOME = '<html><head><title>Acme Shop Home</title></head><body>Welcome</body></html>';

function html(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/html' });
  res.end(body);
}

/** Fetches `url` for the vulnerable twins, but never anything off this machine. */
async function fetchLocal(url: string): Promise<string> {
  const parsed = new URL(url);
  if (parsed.hostname !== '127.0.0.1') throw new Error('tests only fetch 127.0.0.1');
  const res = await fetch(parsed, { signal: AbortSignal.timeout(2_000) });
  return res.text();
}

const servers: TestServer[] = [];
let callback: RunningCallbackListener;
let vulnerable: TestServer;
let hostJoin: TestServer;
let safe: TestServer;
let alwaysHome: TestServer;

beforeAll(async () => {
  callback = await startCallbackListener({ host: '127.0.0.1' });
  // A link preview that fetches whatever it is given.
  vulnerable = await startTestServer(async (req, res) => {
    if (req.parsed.pathname === '/') return html(res, 200, HOME);
    try {
      const text = await fetchLocal(req.parsed.searchParams.get('url') ?? '');
      html(res, 200, `<pre>${text.replace(/</g, '&lt;')}</pre>`);
    } catch (err) {
      html(res, 502, `could not fetch: ${String(err)}`);
    }
  });
  // Builds `http://<host>/status` from a host parameter.
  hostJoin = await startTestServer(async (req, res) => {
    try {
      await fetchLocal(`http://${req.parsed.searchParams.get('host') ?? ''}/status`);
      html(res, 200, 'up');
    } catch {
      html(res, 200, 'down');
    }
  });
  // Only fetches from an allowlisted host; everything else is refused before any request.
  safe = await startTestServer(async (req, res) => {
    if (req.parsed.pathname === '/') return html(res, 200, HOME);
    const url = req.parsed.searchParams.get('url') ?? '';
    let host = '';
    try {
      host = new URL(url).host;
    } catch {}
    if (host !== 'images.example.com') return html(res, 400, 'host not allowed');
    html(res, 200, 'fetched');
  });
  // Shows the home page whatever the parameter: no fetch at all.
  alwaysHome = await startTestServer((_req, res) => html(res, 200, HOME));
  servers.push(vulnerable, hostJoin, safe, alwaysHome);
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await callback.close();
});

describe('ssrfCheck with the callback listener', () => {
  it('reports a URL parameter the server fetches', async () => {
    const endpoint = queryEndpoint(`${vulnerable.origin}/preview`, {
      url: 'https://example.com/a.png',
    });
    const ctx = testContext(vulnerable.origin, { callback: callback.listener });
    const issues = await runCheck(ssrfCheck, endpoint, ctx);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      ruleId: SSRF_RULE.id,
      confidence: 'high',
      parameter: 'url',
    });
    expect(issues[0]?.payload).toMatch(new RegExp(`^${callback.url}/rmp[a-z0-9]+z$`));
    expect(issues[0]?.exchange?.response.status).toBe(200);
  });

  it('reports a host parameter through the host:port/token form', async () => {
    const endpoint = queryEndpoint(`${hostJoin.origin}/health`, { host: 'status.example.com' });
    const ctx = testContext(hostJoin.origin, { callback: callback.listener });
    const issues = await runCheck(ssrfCheck, endpoint, ctx);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.payload).toMatch(/^127\.0\.0\.1:\d+\/rmp[a-z0-9]+z$/);
  });

  it('does not report a server that refuses hosts outside its allowlist', async () => {
    const endpoint = queryEndpoint(`${safe.origin}/preview`, { url: 'https://example.com/' });
    const ctx = testContext(safe.origin, { callback: callback.listener });
    expect(await runCheck(ssrfCheck, endpoint, ctx)).toEqual([]);
  });

  it('leaves parameters alone that do not look like URLs or hosts', async () => {
    const before = vulnerable.hits();
    const endpoint = queryEndpoint(`${vulnerable.origin}/search`, { q: 'shoes' });
    const ctx = testContext(vulnerable.origin, { callback: callback.listener });
    expect(await runCheck(ssrfCheck, endpoint, ctx)).toEqual([]);
    expect(vulnerable.hits()).toBe(before);
  });
});

describe('ssrfCheck without a listener', () => {
  it("reports, with low confidence, a fetch that returns the site's own home page", async () => {
    const endpoint = queryEndpoint(`${vulnerable.origin}/preview`, {
      url: 'https://example.com/a.png',
    });
    const issues = await runCheck(ssrfCheck, endpoint, testContext(vulnerable.origin));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      confidence: 'low',
      parameter: 'url',
      payload: `http://127.0.0.1:${vulnerable.port}/`,
      proof: 'Acme Shop Home',
    });
  });

  it('does not report a server that refuses the URL', async () => {
    const endpoint = queryEndpoint(`${safe.origin}/preview`, { url: 'https://example.com/' });
    expect(await runCheck(ssrfCheck, endpoint, testContext(safe.origin))).toEqual([]);
  });

  it('does not report a page that shows the home page title anyway', async () => {
    const endpoint = queryEndpoint(`${alwaysHome.origin}/preview`, { url: 'https://x.test/' });
    expect(await runCheck(ssrfCheck, endpoint, testContext(alwaysHome.origin))).toEqual([]);
  });
});
