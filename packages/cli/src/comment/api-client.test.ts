import { createMemoryLogger } from '@rampart/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type ApiClientOptions,
  checkApiUrl,
  createApiClient,
  ForgeApiError,
  rateLimitWait,
} from './api-client.js';
import { type FakeForge, type FakeUser, startFakeForge } from './test-support/fake-forge.js';

/** Built at run time, so that the repository's own secret scan stays clean. */
const TOKEN = ['ghp', 'k'.repeat(36)].join('_');
const BOT: FakeUser = { id: 7, login: 'rampart-bot', type: 'Bot' };
const T0 = Date.parse('2026-03-01T10:00:00Z');
const PR = '/repos/acme/shop/issues/12/comments';

let forge: FakeForge;
let slept: number[];
let logger: ReturnType<typeof createMemoryLogger>;

beforeEach(async () => {
  forge = await startFakeForge();
  forge.addUser(TOKEN, BOT);
  forge.addPull({
    number: 12,
    headSha: 'a'.repeat(40),
    baseSha: 'b'.repeat(40),
    startSha: 'c'.repeat(40),
    files: [],
  });
  slept = [];
  logger = createMemoryLogger();
});
afterEach(() => forge.close());

function client(more: Partial<ApiClientOptions> = {}) {
  return createApiClient({
    flavour: 'github',
    baseUrl: forge.url,
    token: TOKEN,
    userAgent: 'rampart/test',
    logger,
    notFound: 'PR #12 not found in acme/shop (or the token cannot see it)',
    permissionHint: 'needs pull-requests: write',
    sleep: async (ms) => {
      slept.push(ms);
    },
    now: () => T0,
    ...more,
  });
}

async function failure(promise: Promise<unknown>): Promise<ForgeApiError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof ForgeApiError) return err;
    throw err;
  }
  throw new Error('expected a ForgeApiError');
}

describe('the forge API client', () => {
  it("sends GitHub's headers: bearer token, JSON media type, API version, user agent", async () => {
    await client().request({ method: 'GET', path: PR });
    const [req] = forge.requests;
    expect(req?.auth).toBe('Bearer');
    expect(req?.headers.accept).toBe('application/vnd.github+json');
    expect(req?.headers['x-github-api-version']).toBe('2022-11-28');
    expect(req?.headers['user-agent']).toBe('rampart/test');
  });

  it('sends GitLab a PRIVATE-TOKEN header and no Authorization', async () => {
    const gitlab = client({ flavour: 'gitlab', baseUrl: `${forge.url}/api/v4` });
    const res = await gitlab.request({ method: 'GET', path: '/user' });
    expect(res.data).toEqual({ id: 7, username: 'rampart-bot' });
    expect(forge.requests[0]?.auth).toBe('PRIVATE-TOKEN');
  });

  it('waits once for a 429 with retry-after, then gets the answer', async () => {
    forge.faults.push({
      path: /comments$/,
      status: 429,
      headers: { 'retry-after': '3' },
      times: 1,
    });
    const res = await client().request({ method: 'GET', path: PR });
    expect(res.status).toBe(200);
    expect(slept).toEqual([3000]);
    expect(forge.requests).toHaveLength(2);
    expect(logger.records.map((r) => r.message)).toContain(
      `rate limited by ${new URL(forge.url).host}; waiting 3 s before trying again`,
    );
  });

  it("waits for GitHub's primary limit to reset when that is soon (403, remaining 0)", async () => {
    forge.faults.push({
      path: /comments$/,
      status: 403,
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(T0 / 1000 + 30) },
      body: { message: 'API rate limit exceeded' },
      times: 1,
    });
    await client().request({ method: 'GET', path: PR });
    expect(slept).toEqual([30_000]);
  });

  it('does not wait for a reset an hour away: says when the limit resets', async () => {
    forge.faults.push({
      path: /comments$/,
      status: 403,
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(T0 / 1000 + 3600) },
      body: { message: 'API rate limit exceeded' },
      times: 1,
    });
    const err = await failure(client().request({ method: 'GET', path: PR }));
    expect(slept).toEqual([]);
    expect(err.message).toBe(
      `rate limit reached: GET ${PR}: HTTP 403 (API rate limit exceeded); it resets at 2026-03-01T11:00:00.000Z (in 60 min)`,
    );
  });

  it("waits only once: limited again, it fails with GitLab's reset time", async () => {
    forge.faults.push({
      path: /user$/,
      status: 429,
      headers: { 'ratelimit-reset': String(T0 / 1000 + 10) },
      times: 2,
    });
    const gitlab = client({ flavour: 'gitlab', baseUrl: `${forge.url}/api/v4` });
    const err = await failure(gitlab.request({ method: 'GET', path: '/user' }));
    expect(slept).toEqual([10_000]);
    expect(err.message).toMatch(
      /^rate limit reached: GET \/user: HTTP 429 .*resets at 2026-03-01T10:00:10\.000Z/,
    );
  });

  it('reads a 403 without a rate limit as a missing permission, even with GitHub’s usual headers', async () => {
    forge.faults.push({
      path: /comments$/,
      status: 403,
      headers: { 'x-ratelimit-remaining': '4990', 'x-ratelimit-reset': String(T0 / 1000 + 60) },
      body: { message: 'Resource not accessible by integration' },
      times: 1,
    });
    const err = await failure(client().request({ method: 'POST', path: PR, body: { body: 'x' } }));
    expect(err.status).toBe(403);
    expect(err.message).toBe(
      `the token lacks permission: POST ${PR}: HTTP 403 (Resource not accessible by integration)`,
    );
    expect(err.hint).toBe('needs pull-requests: write');
    expect(slept).toEqual([]);
  });

  it('names the pull request on 404 and the method, path and status on other errors', async () => {
    const err = await failure(
      client().request({ method: 'GET', path: '/repos/acme/shop/issues/99/comments' }),
    );
    expect(err.message).toBe(
      'PR #12 not found in acme/shop (or the token cannot see it): GET /repos/acme/shop/issues/99/comments: HTTP 404 (Not Found)',
    );
    forge.faults.push({
      path: /comments$/,
      status: 502,
      body: { message: 'Server Error' },
      times: 1,
    });
    const bad = await failure(client().request({ method: 'GET', path: PR }));
    expect(bad.message).toBe(`GET ${PR}: HTTP 502 (Server Error)`);
  });

  it('says when the token is refused (401) without printing it', async () => {
    const other = ['ghp', 'z'.repeat(36)].join('_');
    const err = await failure(client({ token: other }).request({ method: 'GET', path: PR }));
    expect(err.message).toBe(`the token was refused: GET ${PR}: HTTP 401 (Bad credentials)`);
    expect(`${err.message} ${err.hint}`).not.toContain(other);
  });

  it('masks the token even when the API repeats it', async () => {
    forge.faults.push({
      path: /comments$/,
      status: 400,
      body: { message: `bad token ${TOKEN}` },
      times: 1,
    });
    const err = await failure(client().request({ method: 'GET', path: PR }));
    expect(err.message).toBe(`GET ${PR}: HTTP 400 (bad token ***)`);
  });

  it('gives up on a request that takes too long', async () => {
    forge.hold = new Promise(() => {});
    const err = await failure(client({ timeoutMs: 200 }).request({ method: 'GET', path: PR }));
    expect(err.message).toBe(`GET ${PR} timed out after 1 s`);
    expect(err.status).toBe(0);
  });

  it("follows GitHub's Link header and GitLab's x-next-page through every page", async () => {
    forge.pageSize = 2;
    for (let i = 0; i < 5; i++) forge.comment('github', 12, BOT, `c${i}`);
    const items = (await client().list(PR)) as { body: string }[];
    expect(items.map((c) => c.body)).toEqual(['c0', 'c1', 'c2', 'c3', 'c4']);
    expect(forge.requests.map((r) => r.path)).toEqual([
      `${PR}?per_page=100`,
      `${PR}?per_page=100&page=2`,
      `${PR}?per_page=100&page=3`,
    ]);

    forge.requests.length = 0;
    for (let i = 0; i < 3; i++) forge.comment('gitlab', 12, BOT, `n${i}`);
    const gitlab = client({ flavour: 'gitlab', baseUrl: `${forge.url}/api/v4` });
    const notes = (await gitlab.list('/projects/42/merge_requests/12/notes?sort=asc')) as {
      body: string;
    }[];
    expect(notes.map((n) => n.body)).toEqual(['n0', 'n1', 'n2']);
    expect(forge.requests.map((r) => r.path)).toEqual([
      '/api/v4/projects/42/merge_requests/12/notes?sort=asc&per_page=100',
      '/api/v4/projects/42/merge_requests/12/notes?sort=asc&per_page=100&page=2',
    ]);
  });

  it('never follows a next page or a redirect to another host (the token would go there)', async () => {
    forge.faults.push({
      path: /comments$/,
      status: 200,
      body: [],
      headers: {
        link: '<http://127.0.0.2:9/repos/acme/shop/issues/12/comments?page=2>; rel="next"',
      },
      times: 1,
    });
    expect((await failure(client().list(PR))).message).toBe(
      "the API's next page is on another host (http://127.0.0.2:9)",
    );
    forge.faults.push({
      path: /comments$/,
      status: 302,
      headers: { location: 'http://127.0.0.2:9/steal' },
      times: 1,
    });
    expect((await failure(client().request({ method: 'GET', path: PR }))).message).toBe(
      `GET ${PR} was redirected to http://127.0.0.2:9/steal; not followed`,
    );
    expect(forge.requests).toHaveLength(2);
  });

  it('follows a redirect on the same host (a renamed repository)', async () => {
    forge.faults.push({
      path: /^\/repos\/acme\/old-name\//,
      status: 301,
      headers: { location: `${forge.url}${PR}` },
      times: 1,
    });
    const res = await client().request({
      method: 'GET',
      path: '/repos/acme/old-name/issues/12/comments',
    });
    expect(res.status).toBe(200);
    expect(forge.requests.map((r) => [r.path, r.auth])).toEqual([
      ['/repos/acme/old-name/issues/12/comments', 'Bearer'],
      [PR, 'Bearer'],
    ]);
  });
});

describe('rateLimitWait', () => {
  const h = (headers: Record<string, string>) => new Headers(headers);
  it.each([
    [429, {}, 60_000],
    [429, { 'retry-after': '2' }, 2000],
    [403, { 'retry-after': '5' }, 5000],
    [429, { 'retry-after': new Date(T0 + 7000).toUTCString() }, 7000],
    [403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(T0 / 1000 + 42) }, 42_000],
    [429, { 'ratelimit-reset': String(T0 / 1000 + 9) }, 9000],
  ])('reads %i %j as a wait of %i ms', (status, headers, wait) => {
    expect(rateLimitWait(status, h(headers), T0)).toEqual({ waitMs: wait });
  });
  it('does not read a 403 with quota left, or a 404, as a rate limit', () => {
    expect(rateLimitWait(403, h({ 'x-ratelimit-remaining': '12' }), T0)).toBeUndefined();
    expect(rateLimitWait(403, h({}), T0)).toBeUndefined();
    expect(rateLimitWait(404, h({ 'retry-after': '1' }), T0)).toBeUndefined();
  });
});

describe('checkApiUrl', () => {
  it('accepts https and loopback http; refuses clear http elsewhere and embedded credentials', () => {
    expect(checkApiUrl('https://api.github.com', 'GITHUB_API_URL').host).toBe('api.github.com');
    expect(checkApiUrl('http://127.0.0.1:8080/api/v4', 'CI_API_V4_URL').port).toBe('8080');
    expect(() => checkApiUrl('http://gitlab.example.com/api/v4', 'CI_API_V4_URL')).toThrow(
      'CI_API_V4_URL must be an https URL (http only to 127.0.0.1 or localhost): http://gitlab.example.com',
    );
    expect(() => checkApiUrl('https://u:p@gitlab.example.com', 'CI_API_V4_URL')).toThrow(
      'must not carry credentials',
    );
    expect(() => checkApiUrl('not a url', 'GITHUB_API_URL')).toThrow(
      'GITHUB_API_URL is not a valid URL',
    );
  });
});
