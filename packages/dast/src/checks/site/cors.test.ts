import type { IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { corsCheck, FOREIGN_ORIGIN } from './cors.js';
import {
  type Reply,
  runCheck,
  type SiteSpec,
  siteContext,
  startSite,
  type TestSite,
} from './test-support.js';

let site: TestSite | undefined;
afterEach(async () => {
  await site?.close();
  site = undefined;
});

async function scan(spec: SiteSpec, paths: string[] = ['/', '/api/users', '/about']) {
  site = await startSite(spec);
  return runCheck(corsCheck, siteContext(site, paths));
}

/** Answers every path, with CORS headers computed from the request's Origin. */
const cors =
  (allow: (origin: string | undefined) => string | undefined, credentials: boolean) =>
  (req: IncomingMessage): Reply => {
    const acao = allow(req.headers.origin);
    return {
      headers: {
        'content-type': 'application/json',
        ...(acao === undefined ? {} : { 'access-control-allow-origin': acao }),
        ...(credentials ? { 'access-control-allow-credentials': 'true' } : {}),
      },
      body: '{"ok":true}',
    };
  };

describe('dast/cors-reflected-origin and dast/cors-null-origin', () => {
  it('reports a reflected origin with credentials as high, for the root and the API', async () => {
    const issues = await scan({ routes: {}, fallback: cors((o) => o, true) });
    const reflected = issues.filter((i) => i.ruleId === 'dast/cors-reflected-origin');
    expect(reflected.map((i) => new URL(i.url).pathname)).toEqual(['/', '/api/users']);
    expect(reflected[0]?.severity).toBeUndefined();
    expect(reflected[0]).toMatchObject({
      payload: FOREIGN_ORIGIN,
      proof: `access-control-allow-origin: ${FOREIGN_ORIGIN}`,
      groupKey: `${site?.origin}/`,
    });
    // The reflection covers null too.
    expect(issues.filter((i) => i.ruleId === 'dast/cors-null-origin')).toHaveLength(2);
  });

  it('reports a reflected origin without credentials as low', async () => {
    const issues = await scan({ routes: {}, fallback: cors((o) => o, false) });
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.every((i) => i.severity === 'low')).toBe(true);
  });

  it('reports an allowed null origin only under the null rule', async () => {
    const issues = await scan({
      routes: {},
      fallback: cors((o) => (o === 'null' ? 'null' : 'https://app.example'), true),
    });
    expect(new Set(issues.map((i) => i.ruleId))).toEqual(new Set(['dast/cors-null-origin']));
  });

  it.each([
    ['a fixed allow-list', cors(() => 'https://app.example', true)],
    ['a public wildcard', cors(() => '*', false)],
    ['no CORS at all', cors(() => undefined, false)],
  ])('does not report %s', async (_name, fallback) => {
    expect(await scan({ routes: {}, fallback })).toEqual([]);
  });

  it('tests the root, the start page and API-looking URLs only', async () => {
    await scan({ routes: {} }, [
      '/home',
      '/about',
      '/api/v1/items?id=1',
      '/data.json',
      '/img/a.png',
    ]);
    expect(new Set(site?.requests)).toEqual(
      new Set(['/', '/home', '/api/v1/items?id=1', '/data.json']),
    );
  });
});
