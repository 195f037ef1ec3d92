import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ConfigError, createMemoryLogger } from '@rampart/core';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_POLICY_MAX_AGE_MS,
  DEFAULT_POLICY_MAX_STALE_MS,
  displayUrl,
  isPolicyUrl,
  type LoadPolicyOptions,
  loadPolicy,
} from './load-policy.js';

const POLICY = `version: 1
name: Acme paved road
libraries:
  npm:
    banned:
      - name: request
`;
const POLICY_V2 = POLICY.replace('Acme paved road', 'Acme paved road v2');
/** A policy with a mistyped key on line 2. */
const INVALID = 'version: 1\nbaseImage:\n  registries: [registry.acme.example]\n';
/** Built at run time, so that the repository's own secret scan stays clean. */
const TOKEN = ['rp', 'hub', 'token', 'f3a9c1'].join('-');
const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const HINT = 'check the URL and the network, or point pavedRoad at a local file';

/** What the test server answers. */
type Behaviour =
  | { kind: 'policy'; body: string; etag?: string; lastModified?: string }
  | { kind: 'status'; status: number }
  | { kind: 'huge'; declared: boolean }
  /** Declares a Content-Length, sends a few bytes and never ends the body. */
  | { kind: 'declares'; length: number }
  | { kind: 'redirect'; location: string; status?: number }
  /** Never answers. */
  | { kind: 'hang' }
  /** A behaviour per path (query left out); 404 for any other path. */
  | { kind: 'routes'; routes: Record<string, Behaviour> };

interface RecordedRequest {
  readonly method: string | undefined;
  readonly url: string | undefined;
  readonly headers: IncomingHttpHeaders;
}

interface TestServer {
  /** `http://127.0.0.1:<port>`. */
  base: string;
  readonly requests: RecordedRequest[];
  /** What it answers next; tests switch it. */
  behaviour: Behaviour;
  /** Responses the client hung up on before their end. */
  hangUps: number;
  close(): Promise<void>;
}

const servers: TestServer[] = [];

/** A real HTTP server on 127.0.0.1 that records requests and answers as `behaviour` says. */
async function startServer(behaviour: Behaviour): Promise<TestServer> {
  const answer = (b: Behaviour, req: IncomingMessage, res: ServerResponse): void => {
    switch (b.kind) {
      case 'policy': {
        if (b.etag && req.headers['if-none-match'] === b.etag) {
          res.writeHead(304, { etag: b.etag }).end();
          return;
        }
        if (b.lastModified && req.headers['if-modified-since'] === b.lastModified) {
          res.writeHead(304).end();
          return;
        }
        res
          .writeHead(200, {
            'content-type': 'application/yaml',
            'content-length': Buffer.byteLength(b.body),
            ...(b.etag ? { etag: b.etag } : {}),
            ...(b.lastModified ? { 'last-modified': b.lastModified } : {}),
          })
          .end(b.body);
        return;
      }
      case 'status':
        res.writeHead(b.status, { 'content-type': 'text/plain' }).end('no policy here');
        return;
      case 'huge': {
        const chunk = Buffer.alloc(64 * 1024, '#');
        const chunks = 17; // 1 MiB and 64 KiB
        // Without Content-Length the body is chunked: its size is known only by reading it.
        res.writeHead(200, b.declared ? { 'content-length': chunk.length * chunks } : {});
        for (let i = 0; i < chunks; i++) res.write(chunk);
        res.end();
        return;
      }
      case 'declares':
        res.writeHead(200, { 'content-length': b.length }).write('version: 1\n');
        return;
      case 'redirect':
        // rampart-ignore: js-open-redirect-location-header -- a loopback test server that redirects where the test says
        res.writeHead(b.status ?? 302, { location: b.location }).end();
        return;
      case 'hang':
        return;
      case 'routes': {
        const route = b.routes[new URL(req.url ?? '/', 'http://x').pathname];
        if (route) answer(route, req, res);
        else res.writeHead(404).end();
        return;
      }
    }
  };
  const server = createServer((req, res) => {
    test.requests.push({ method: req.method, url: req.url, headers: req.headers });
    res.on('error', () => {}); // the client hangs up on an oversized body
    res.on('close', () => {
      if (!res.writableFinished) test.hangUps++;
    });
    answer(test.behaviour, req, res);
  });
  const test: TestServer = {
    base: '',
    requests: [],
    behaviour,
    hangUps: 0,
    close: () =>
      new Promise<void>((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  test.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  servers.push(test);
  return test;
}

let cacheDir: string;
let work: string;
let clock: number;
let logger: ReturnType<typeof createMemoryLogger>;

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'rampart-paved-road-load-'));
  cacheDir = join(work, 'cache');
  clock = T0;
  logger = createMemoryLogger();
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  rmSync(work, { recursive: true, force: true });
});

const options = (more: Partial<LoadPolicyOptions> = {}): LoadPolicyOptions => ({
  cacheDir,
  logger,
  now: () => clock,
  ...more,
});

/** The cached copies in `<cacheDir>/paved-road/`, parsed. */
function cachedCopies(): { url: string; fetchedAt: number; etag?: string; text: string }[] {
  let names: string[];
  try {
    names = readdirSync(join(cacheDir, 'paved-road'));
  } catch {
    return [];
  }
  return names.map((name) => {
    expect(name).toMatch(/^[0-9a-f]{32}\.json$/);
    return JSON.parse(readFileSync(join(cacheDir, 'paved-road', name), 'utf8'));
  });
}

/** The raw text of every file under the cache folder. */
function cacheText(): string {
  const dir = join(cacheDir, 'paved-road');
  return readdirSync(dir)
    .map((name) => readFileSync(join(dir, name), 'utf8'))
    .join('\n');
}

const warnings = () => logger.records.filter((r) => r.level === 'warn').map((r) => r.message);

/** The ConfigError `promise` rejects with. */
async function rejection(promise: Promise<unknown>): Promise<ConfigError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadPolicy from a URL, through the cache', () => {
  it('fetches the policy, returns it named by its URL and caches it with its ETag', async () => {
    const server = await startServer({ kind: 'policy', body: POLICY, etag: '"v1"' });
    const url = `${server.base}/paved-road.yml`;
    const policy = await loadPolicy(url, options());
    expect(policy.source).toBe(url);
    expect(policy.file.name).toBe('Acme paved road');
    expect(policy.banned.map((b) => [b.ecosystem, b.name, b.line])).toEqual([
      ['npm', 'request', 6],
    ]);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({ method: 'GET', url: '/paved-road.yml' });
    expect(server.requests[0]?.headers.accept).toContain('application/yaml');
    expect(server.requests[0]?.headers['if-none-match']).toBeUndefined();
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
    expect(cachedCopies()).toEqual([{ url, fetchedAt: T0, etag: '"v1"', text: POLICY }]);
  });

  it('uses a fresh cached copy without asking the server', async () => {
    const server = await startServer({ kind: 'policy', body: POLICY, etag: '"v1"' });
    const url = `${server.base}/paved-road.yml`;
    await loadPolicy(url, options({ maxAgeMs: 10 * MINUTE }));
    server.behaviour = { kind: 'status', status: 500 }; // would fail if asked
    clock = T0 + 10 * MINUTE - 1;
    const policy = await loadPolicy(url, options({ maxAgeMs: 10 * MINUTE }));
    expect(policy.file.name).toBe('Acme paved road');
    expect(policy.source).toBe(url);
    expect(server.requests).toHaveLength(1);
    expect(warnings()).toEqual([]);
    expect(logger.records).toContainEqual({
      level: 'debug',
      message: 'paved-road policy from the cache',
      fields: { url },
    });
  });

  it('keeps a copy an hour by default', async () => {
    expect(DEFAULT_POLICY_MAX_AGE_MS).toBe(60 * MINUTE);
    const server = await startServer({ kind: 'policy', body: POLICY, etag: '"v1"' });
    const url = `${server.base}/paved-road.yml`;
    await loadPolicy(url, options());
    clock = T0 + 59 * MINUTE;
    await loadPolicy(url, options());
    expect(server.requests).toHaveLength(1);
    clock = T0 + 61 * MINUTE;
    await loadPolicy(url, options());
    expect(server.requests).toHaveLength(2);
  });

  it('revalidates a stale copy with If-None-Match and keeps it on 304, for another maxAge', async () => {
    const server = await startServer({ kind: 'policy', body: POLICY, etag: '"v1"' });
    const url = `${server.base}/paved-road.yml`;
    await loadPolicy(url, options({ maxAgeMs: 10 * MINUTE }));
    clock = T0 + 10 * MINUTE;
    const policy = await loadPolicy(url, options({ maxAgeMs: 10 * MINUTE }));
    expect(policy.file.name).toBe('Acme paved road');
    expect(server.requests.map((r) => r.headers['if-none-match'])).toEqual([undefined, '"v1"']);
    expect(cachedCopies()).toEqual([
      { url, fetchedAt: T0 + 10 * MINUTE, etag: '"v1"', text: POLICY },
    ]);
    // Revalidated: fresh again for maxAge from the 304.
    clock = T0 + 19 * MINUTE;
    await loadPolicy(url, options({ maxAgeMs: 10 * MINUTE }));
    expect(server.requests).toHaveLength(2);
    expect(warnings()).toEqual([]);
  });

  it('revalidates with If-Modified-Since when the server sends Last-Modified only', async () => {
    const lastModified = 'Wed, 31 Dec 2025 12:00:00 GMT';
    const server = await startServer({ kind: 'policy', body: POLICY, lastModified });
    const url = `${server.base}/paved-road.yml`;
    await loadPolicy(url, options());
    const policy = await loadPolicy(url, options({ refresh: true }));
    expect(policy.file.name).toBe('Acme paved road');
    expect(server.requests[1]?.headers['if-modified-since']).toBe(lastModified);
    expect(server.requests[1]?.headers['if-none-match']).toBeUndefined();
  });

  it('replaces the cached copy when the server has a new policy', async () => {
    const server = await startServer({ kind: 'policy', body: POLICY, etag: '"v1"' });
    const url = `${server.base}/paved-road.yml`;
    await loadPolicy(url, options());
    server.behaviour = { kind: 'policy', body: POLICY_V2, etag: '"v2"' };
    clock = T0 + 2 * DEFAULT_POLICY_MAX_AGE_MS;
    const policy = await loadPolicy(url, options());
    expect(policy.file.name).toBe('Acme paved road v2');
    expect(server.requests[1]?.headers['if-none-match']).toBe('"v1"');
    expect(cachedCopies()).toEqual([{ url, fetchedAt: clock, etag: '"v2"', text: POLICY_V2 }]);
  });

  it('asks the server despite a fresh copy when refresh is set', async () => {
    const server = await startServer({ kind: 'policy', body: POLICY, etag: '"v1"' });
    const url = `${server.base}/paved-road.yml`;
    await loadPolicy(url, options());
    const same = await loadPolicy(url, options({ refresh: true }));
    expect(same.file.name).toBe('Acme paved road');
    expect(server.requests.map((r) => r.headers['if-none-match'])).toEqual([undefined, '"v1"']);
    server.behaviour = { kind: 'policy', body: POLICY_V2, etag: '"v2"' };
    const updated = await loadPolicy(url, options({ refresh: true }));
    expect(updated.file.name).toBe('Acme paved road v2');
  });

  it('keeps one cached copy per URL, query included, and names the URL without its query', async () => {
    const server = await startServer({ kind: 'policy', body: POLICY, etag: '"v1"' });
    const main = await loadPolicy(`${server.base}/paved-road.yml?ref=main`, options());
    await loadPolicy(`${server.base}/paved-road.yml?ref=next#top`, options());
    expect(main.source).toBe(`${server.base}/paved-road.yml`);
    expect(server.requests.map((r) => r.url)).toEqual([
      '/paved-road.yml?ref=main',
      '/paved-road.yml?ref=next',
    ]);
    expect(cachedCopies()).toHaveLength(2);
  });

  it('fetches again when the cached copy is corrupt', async () => {
    const server = await startServer({ kind: 'policy', body: POLICY, etag: '"v1"' });
    const url = `${server.base}/paved-road.yml`;
    await loadPolicy(url, options());
    const dir = join(cacheDir, 'paved-road');
    for (const name of readdirSync(dir)) writeFileSync(join(dir, name), '{"text": 12');
    const policy = await loadPolicy(url, options());
    expect(policy.file.name).toBe('Acme paved road');
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]?.headers['if-none-match']).toBeUndefined();
  });

  it.skipIf(process.platform === 'win32')('keeps the cache private to the user', async () => {
    const server = await startServer({ kind: 'policy', body: POLICY, etag: '"v1"' });
    await loadPolicy(`${server.base}/paved-road.yml`, options());
    const dir = join(cacheDir, 'paved-road');
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    for (const name of readdirSync(dir)) {
      expect(statSync(join(dir, name)).mode & 0o777).toBe(0o600);
    }
  });
});

describe('loadPolicy when the server fails', () => {
  it('goes on with the stale copy, with a warning, when the server answers 5xx', async () => {
    const server = await startServer({ kind: 'policy', body: POLICY, etag: '"v1"' });
    const url = `${server.base}/paved-road.yml`;
    await loadPolicy(url, options());
    server.behaviour = { kind: 'status', status: 503 };
    clock = T0 + 2 * DEFAULT_POLICY_MAX_AGE_MS;
    const policy = await loadPolicy(url, options());
    expect(policy.file.name).toBe('Acme paved road');
    expect(policy.source).toBe(url);
    expect(server.requests).toHaveLength(2);
    expect(warnings()).toEqual([
      `paved road: ${url} answered HTTP 503; using the copy fetched 2026-01-01T00:00:00.000Z`,
    ]);
    // The stale copy is not refreshed by a failure: the next run asks again.
    expect(cachedCopies()[0]?.fetchedAt).toBe(T0);
  });

  it('fails on 5xx without a cached copy, with a hint', async () => {
    const server = await startServer({ kind: 'status', status: 500 });
    const url = `${server.base}/paved-road.yml`;
    const err = await rejection(loadPolicy(url, options()));
    expect(err.code).toBe('RAMPART_CONFIG_INVALID');
    expect(err.message).toBe(`pavedRoad: ${url} answered HTTP 500`);
    expect(err.hint).toBe(HINT);
    expect(warnings()).toEqual([]);
    expect(cachedCopies()).toEqual([]);
  });

  it.each([500, 502, 503, 504])('falls back on HTTP %i, naming the status', async (status) => {
    const server = await startServer({ kind: 'policy', body: POLICY });
    const url = `${server.base}/paved-road.yml`;
    await loadPolicy(url, options());
    server.behaviour = { kind: 'status', status };
    const policy = await loadPolicy(url, options({ refresh: true }));
    expect(policy.file.name).toBe('Acme paved road');
    expect(warnings()).toEqual([
      `paved road: ${url} answered HTTP ${status}; using the copy fetched 2026-01-01T00:00:00.000Z`,
    ]);
  });

  it('keeps a stale copy for 7 days by default, and not a millisecond more', async () => {
    expect(DEFAULT_POLICY_MAX_STALE_MS).toBe(7 * DAY);
    const server = await startServer({ kind: 'policy', body: POLICY, etag: '"v1"' });
    const url = `${server.base}/paved-road.yml`;
    await loadPolicy(url, options());
    server.behaviour = { kind: 'status', status: 503 };
    clock = T0 + DEFAULT_POLICY_MAX_STALE_MS;
    expect((await loadPolicy(url, options())).file.name).toBe('Acme paved road');
    expect(warnings()).toEqual([
      `paved road: ${url} answered HTTP 503; using the copy fetched 2026-01-01T00:00:00.000Z`,
    ]);
    clock = T0 + DEFAULT_POLICY_MAX_STALE_MS + 1;
    const err = await rejection(loadPolicy(url, options()));
    expect(err.code).toBe('RAMPART_CONFIG_INVALID');
    expect(err.message).toBe(
      `pavedRoad: ${url} answered HTTP 503; the cached copy (2026-01-01T00:00:00.000Z) is too old to use`,
    );
    expect(err.hint).toBe(HINT);
    expect(warnings()).toHaveLength(1);
    // The old copy stays: the server may come back with a 304 for it.
    expect(cachedCopies()).toEqual([{ url, fetchedAt: T0, etag: '"v1"', text: POLICY }]);
    server.behaviour = { kind: 'policy', body: POLICY, etag: '"v1"' };
    expect((await loadPolicy(url, options())).file.name).toBe('Acme paved road');
    expect(server.requests.at(-1)?.headers['if-none-match']).toBe('"v1"');
    expect(cachedCopies()[0]?.fetchedAt).toBe(clock);
  });

  it('takes the oldest usable copy from maxStaleMs', async () => {
    const server = await startServer({ kind: 'policy', body: POLICY });
    const url = `${server.base}/paved-road.yml`;
    await loadPolicy(url, options());
    server.behaviour = { kind: 'status', status: 500 };
    clock = T0 + 2 * DEFAULT_POLICY_MAX_AGE_MS;
    const maxStaleMs = 2 * DEFAULT_POLICY_MAX_AGE_MS;
    expect((await loadPolicy(url, options({ maxStaleMs }))).file.name).toBe('Acme paved road');
    const err = await rejection(loadPolicy(url, options({ maxStaleMs: maxStaleMs - 1 })));
    expect(err.message).toBe(
      `pavedRoad: ${url} answered HTTP 500; the cached copy (2026-01-01T00:00:00.000Z) is too old to use`,
    );
    // maxStaleMs 0: a failing server is never replaced by a copy, however recent.
    clock = T0 + 1;
    await expect(loadPolicy(url, options({ maxStaleMs: 0, refresh: true }))).rejects.toThrow(
      /too old to use$/,
    );
    expect(warnings()).toHaveLength(1);
  });

  it('fails on a 4xx answer even with a cached copy', async () => {
    const server = await startServer({ kind: 'policy', body: POLICY, etag: '"v1"' });
    const url = `${server.base}/paved-road.yml`;
    await loadPolicy(url, options());
    server.behaviour = { kind: 'status', status: 404 };
    const err = await rejection(loadPolicy(url, options({ refresh: true })));
    expect(err.message).toBe(`pavedRoad: ${url} answered HTTP 404 Not Found`);
    expect(warnings()).toEqual([]);
  });

  it.each([
    [401, 'Unauthorized'],
    [403, 'Forbidden'],
    [410, 'Gone'],
    [429, 'Too Many Requests'],
  ])('fails on HTTP %i with its status text, never falling back', async (status, text) => {
    const server = await startServer({ kind: 'policy', body: POLICY });
    const url = `${server.base}/paved-road.yml`;
    await loadPolicy(url, options());
    server.behaviour = { kind: 'status', status };
    const err = await rejection(loadPolicy(url, options({ refresh: true })));
    expect(err.message).toBe(`pavedRoad: ${url} answered HTTP ${status} ${text}`);
    expect(err.hint).toBeUndefined();
    expect(warnings()).toEqual([]);
  });

  it('goes on with the cached copy, with a warning, when the server has stopped', async () => {
    const server = await startServer({ kind: 'policy', body: POLICY, etag: '"v1"' });
    const url = `${server.base}/paved-road.yml`;
    await loadPolicy(url, options());
    await server.close();
    clock = T0 + 2 * DEFAULT_POLICY_MAX_AGE_MS;
    const policy = await loadPolicy(url, options());
    expect(policy.file.name).toBe('Acme paved road');
    const [warning, ...more] = warnings();
    expect(more).toEqual([]);
    expect(warning).toMatch(
      /^paved road: cannot reach http:\/\/127\.0\.0\.1:\d+\/paved-road\.yml \(.+\); using the copy fetched 2026-01-01T00:00:00\.000Z$/,
    );
    expect(warning).toContain('ECONNREFUSED');
  });

  it('fails with a hint when the server cannot be reached and nothing is cached', async () => {
    const server = await startServer({ kind: 'policy', body: POLICY });
    const url = `${server.base}/paved-road.yml`;
    await server.close();
    const err = await rejection(loadPolicy(url, options()));
    expect(err.code).toBe('RAMPART_CONFIG_INVALID');
    expect(err.message).toMatch(
      /^pavedRoad: cannot reach http:\/\/127\.0\.0\.1:\d+\/paved-road\.yml \(fetch failed: .*ECONNREFUSED.*\)$/,
    );
    expect(err.hint).toBe(HINT);
    expect(warnings()).toEqual([]);
  });

  it('fails when the server cannot be reached and the cached copy is too old', async () => {
    const server = await startServer({ kind: 'policy', body: POLICY });
    const url = `${server.base}/paved-road.yml`;
    await loadPolicy(url, options());
    await server.close();
    clock = T0 + 8 * DAY;
    const err = await rejection(loadPolicy(url, options()));
    expect(err.message).toMatch(
      /^pavedRoad: cannot reach http:\/\/127\.0\.0\.1:\d+\/paved-road\.yml \(fetch failed: .*ECONNREFUSED.*\); the cached copy \(2026-01-01T00:00:00\.000Z\) is too old to use$/,
    );
    expect(err.hint).toBe(HINT);
    expect(warnings()).toEqual([]);
    expect(cachedCopies()).toHaveLength(1);
  });

  it("rethrows the caller's abort as is, never falling back to the cached copy", async () => {
    const server = await startServer({ kind: 'policy', body: POLICY });
    const url = `${server.base}/paved-road.yml`;
    await loadPolicy(url, options());
    server.behaviour = { kind: 'hang' };
    const controller = new AbortController();
    const reason = new Error('stopped by the user');
    const loading = loadPolicy(url, options({ refresh: true, signal: controller.signal }));
    await vi.waitFor(() => expect(server.requests).toHaveLength(2));
    controller.abort(reason);
    await expect(loading).rejects.toBe(reason);
    expect(warnings()).toEqual([]);
  });

  it('rethrows an abort that came before the request, sending nothing', async () => {
    const server = await startServer({ kind: 'policy', body: POLICY });
    const url = `${server.base}/paved-road.yml`;
    await loadPolicy(url, options());
    const controller = new AbortController();
    controller.abort();
    const err = await loadPolicy(url, options({ refresh: true, signal: controller.signal })).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).not.toBeInstanceOf(ConfigError);
    expect(err).toBe(controller.signal.reason);
    expect((err as Error).name).toBe('AbortError');
    expect(server.requests).toHaveLength(1);
    expect(warnings()).toEqual([]);
  });

  it('returns the fetched policy with a warning when the cache cannot be written', async () => {
    const server = await startServer({ kind: 'policy', body: POLICY, etag: '"v1"' });
    const url = `${server.base}/paved-road.yml`;
    // The cache folder would be under a regular file: mkdir fails.
    const blocker = join(work, 'not-a-folder');
    writeFileSync(blocker, 'a file');
    const unwritable = options({ cacheDir: join(blocker, 'cache') });
    const policy = await loadPolicy(url, unwritable);
    expect(policy.file.name).toBe('Acme paved road');
    expect(policy.source).toBe(url);
    const [warning, ...more] = warnings();
    expect(more).toEqual([]);
    expect(warning).toMatch(/^paved road: cannot cache the policy \(.+\)$/);
    if (process.platform !== 'win32') expect(warning).toContain('ENOTDIR');
    expect(readFileSync(blocker, 'utf8')).toBe('a file');
    // Nothing was kept: the next run asks the server again, unconditionally.
    await loadPolicy(url, unwritable);
    expect(server.requests.map((r) => r.headers['if-none-match'])).toEqual([undefined, undefined]);
  });

  it('rejects an invalid policy, naming the URL and line, and does not cache it', async () => {
    const server = await startServer({ kind: 'policy', body: INVALID, etag: '"bad"' });
    const url = `${server.base}/paved-road.yml`;
    const err = await rejection(loadPolicy(url, options()));
    expect(err.position).toEqual({ file: url, line: 2, column: 1 });
    const expected = `${url}:2:1: unknown key "baseImage" (did you mean "baseImages"?)`;
    expect(err.message.slice(0, expected.length)).toBe(expected);
    expect(cachedCopies()).toEqual([]);
  });

  it('rejects invalid YAML from the server', async () => {
    const server = await startServer({ kind: 'policy', body: 'version: 1\nscanners: [sast\n' });
    const url = `${server.base}/paved-road.yml`;
    const err = await rejection(loadPolicy(url, options()));
    expect(err.message).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/paved-road\.yml:\d+:\d+: invalid YAML: /,
    );
  });

  it('never replaces a good cached copy by a broken upload', async () => {
    const server = await startServer({ kind: 'policy', body: POLICY, etag: '"v1"' });
    const url = `${server.base}/paved-road.yml`;
    await loadPolicy(url, options());
    const before = cachedCopies();
    server.behaviour = { kind: 'policy', body: INVALID, etag: '"bad"' };
    const err = await rejection(loadPolicy(url, options({ refresh: true })));
    expect(err.message).toMatch(/:2:1: unknown key "baseImage"/);
    expect(cachedCopies()).toEqual(before);
    // Fixed on the server: the next run gets it.
    server.behaviour = { kind: 'policy', body: POLICY_V2, etag: '"v2"' };
    expect((await loadPolicy(url, options({ refresh: true }))).file.name).toBe(
      'Acme paved road v2',
    );
    expect(server.requests.map((r) => r.headers['if-none-match'])).toEqual([
      undefined,
      '"v1"',
      '"v1"',
    ]);
  });

  it.each([
    ['with Content-Length', true],
    ['chunked', false],
  ])('refuses a policy larger than 1 MiB (%s), caching nothing', async (_label, declared) => {
    const server = await startServer({ kind: 'huge', declared });
    const url = `${server.base}/paved-road.yml`;
    const err = await rejection(loadPolicy(url, options()));
    expect(err.message).toBe(`${url}: the policy is larger than 1 MiB`);
    expect(cachedCopies()).toEqual([]);
  });

  it('refuses a declared length over 1 MiB without reading the body, and hangs up', async () => {
    const server = await startServer({ kind: 'policy', body: POLICY });
    const url = `${server.base}/paved-road.yml`;
    await loadPolicy(url, options());
    const before = cachedCopies();
    // The body never ends: only the declared length can refuse it.
    server.behaviour = { kind: 'declares', length: 1024 * 1024 + 1 };
    const err = await rejection(loadPolicy(url, options({ refresh: true })));
    expect(err.message).toBe(`${url}: the policy is larger than 1 MiB`);
    // Not a server failure: the cached copy does not stand in for it.
    expect(warnings()).toEqual([]);
    expect(cachedCopies()).toEqual(before);
    await vi.waitFor(() => expect(server.hangUps).toBe(1));
  });

  it('accepts a policy of exactly 1 MiB', async () => {
    const head = 'version: 1\nname: big\n# ';
    const body = `${head}${'x'.repeat(1024 * 1024 - head.length - 1)}\n`;
    expect(Buffer.byteLength(body)).toBe(1024 * 1024);
    const server = await startServer({ kind: 'policy', body });
    const policy = await loadPolicy(`${server.base}/paved-road.yml`, options());
    expect(policy.file.name).toBe('big');
  });
});

describe('loadPolicy, what a URL may be', () => {
  it('refuses plain http to another host before any request', async () => {
    const fetchSpy = vi.fn<typeof fetch>();
    const err = await rejection(
      loadPolicy('http://example.com/paved-road.yml', options({ fetch: fetchSpy })),
    );
    expect(err.message).toBe(
      'pavedRoad: http://example.com/paved-road.yml must be an https URL (http only to 127.0.0.1 or localhost)',
    );
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(cachedCopies()).toEqual([]);
  });

  it('refuses plain http to a host that only starts like a loopback address', async () => {
    const fetchSpy = vi.fn<typeof fetch>();
    for (const url of ['http://127.0.0.1.nip.io/p.yml', 'http://localhost.acme.example/p.yml']) {
      const err = await rejection(loadPolicy(url, options({ fetch: fetchSpy })));
      expect(err.message).toMatch(/must be an https URL/);
    }
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('allows plain http to localhost and [::1] (a local hub)', async () => {
    const asked: string[] = [];
    const fakeFetch: typeof fetch = async (input) => {
      asked.push(String(input));
      return new Response(POLICY, { status: 200 });
    };
    for (const url of ['http://localhost:4999/p.yml', 'http://[::1]:4999/p.yml']) {
      const policy = await loadPolicy(url, options({ fetch: fakeFetch }));
      expect(policy.source).toBe(url);
    }
    expect(asked).toEqual(['http://localhost:4999/p.yml', 'http://[::1]:4999/p.yml']);
  });

  it('refuses credentials in the URL without showing them, before any request', async () => {
    const fetchSpy = vi.fn<typeof fetch>();
    const password = ['pw', 'not', 'real'].join('-');
    for (const url of [
      `https://user:${password}@127.0.0.1/paved-road.yml`,
      `http://user:${password}@127.0.0.1:4999/paved-road.yml`,
      `https://${TOKEN}@127.0.0.1/paved-road.yml`,
    ]) {
      const err = await rejection(loadPolicy(url, options({ fetch: fetchSpy })));
      expect(err.message).toMatch(
        /^pavedRoad: https?:\/\/127\.0\.0\.1(:4999)?\/paved-road\.yml carries credentials in the URL; set RAMPART_PAVED_ROAD_TOKEN instead$/,
      );
      expect(err.message).not.toContain(password);
      expect(err.message).not.toContain(TOKEN);
    }
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('refuses a URL that does not parse', async () => {
    const err = await rejection(loadPolicy('https://', options()));
    expect(err.message).toBe('pavedRoad: "https://" is not a valid URL');
  });

  it('follows a redirect to another loopback server, and names the URL it was given', async () => {
    const target = await startServer({ kind: 'policy', body: POLICY_V2 });
    const server = await startServer({
      kind: 'redirect',
      location: `${target.base}/v2/paved-road.yml`,
    });
    const policy = await loadPolicy(`${server.base}/paved-road.yml`, options());
    expect(policy.file.name).toBe('Acme paved road v2');
    expect(policy.source).toBe(`${server.base}/paved-road.yml`);
    expect(target.requests.map((r) => r.url)).toEqual(['/v2/paved-road.yml']);
  });

  it('does not send the token on to another origin after a redirect', async () => {
    const target = await startServer({ kind: 'policy', body: POLICY });
    const server = await startServer({
      kind: 'redirect',
      location: `${target.base}/paved-road.yml`,
    });
    await loadPolicy(`${server.base}/paved-road.yml`, options({ token: TOKEN }));
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(target.requests).toHaveLength(1);
    expect(target.requests[0]?.headers.authorization).toBeUndefined();
  });

  it.each([301, 302, 303, 307, 308])(
    'follows a %i redirect, relative or absolute',
    async (status) => {
      const server = await startServer({
        kind: 'routes',
        routes: {
          '/old.yml': { kind: 'redirect', status, location: 'new/paved-road.yml?v=2' },
          '/new/paved-road.yml': { kind: 'policy', body: POLICY_V2 },
        },
      });
      const policy = await loadPolicy(`${server.base}/old.yml`, options());
      expect(policy.file.name).toBe('Acme paved road v2');
      expect(server.requests.map((r) => r.url)).toEqual(['/old.yml', '/new/paved-road.yml?v=2']);
    },
  );

  /**
   * fetch that sends only to 127.0.0.1 and answers anything else itself (with POLICY_V2),
   * recording each call: the URL, whether it carried a token and how redirects were asked.
   */
  function loopbackOnly() {
    const calls: { url: string; authorization: string | null; redirect: string | undefined }[] = [];
    const fetchSpy: typeof fetch = async (input, init) => {
      const url = String(input);
      calls.push({
        url,
        authorization: new Headers(init?.headers).get('authorization'),
        redirect: init?.redirect,
      });
      if (new URL(url).hostname === '127.0.0.1') return fetch(input, init);
      return new Response(POLICY_V2, { status: 200 });
    };
    return { fetch: fetchSpy, calls };
  }

  it('refuses a redirect to plain http on another host before asking it, even with a cached copy', async () => {
    const server = await startServer({ kind: 'policy', body: POLICY, etag: '"v1"' });
    const url = `${server.base}/paved-road.yml`;
    await loadPolicy(url, options());
    server.behaviour = { kind: 'redirect', location: 'http://example.com/paved-road.yml?x=1' };
    const spy = loopbackOnly();
    const err = await rejection(loadPolicy(url, options({ refresh: true, fetch: spy.fetch })));
    expect(err.message).toBe(
      'pavedRoad: http://example.com/paved-road.yml must be an https URL (http only to 127.0.0.1 or localhost)',
    );
    // Only the server it was given was asked, and it was asked not to follow redirects.
    expect(spy.calls).toEqual([{ url, authorization: null, redirect: 'manual' }]);
    expect(warnings()).toEqual([]);
    expect(cachedCopies()).toEqual([{ url, fetchedAt: T0, etag: '"v1"', text: POLICY }]);
  });

  it('refuses a redirect to a URL with credentials, without showing them', async () => {
    const target = await startServer({ kind: 'policy', body: POLICY_V2 });
    const password = ['pw', 'not', 'real'].join('-');
    const server = await startServer({
      kind: 'redirect',
      location: target.base.replace('//', `//user:${password}@`),
    });
    const err = await rejection(loadPolicy(`${server.base}/paved-road.yml`, options()));
    expect(err.message).toBe(
      `pavedRoad: ${target.base}/ carries credentials in the URL; set RAMPART_PAVED_ROAD_TOKEN instead`,
    );
    expect(err.message).not.toContain(password);
    expect(target.requests).toEqual([]);
  });

  it('accepts a redirect to https on another host, without the token', async () => {
    const server = await startServer({
      kind: 'redirect',
      location: 'https://cdn.acme.example/paved-road.yml',
    });
    const url = `${server.base}/paved-road.yml`;
    const spy = loopbackOnly();
    const policy = await loadPolicy(url, options({ fetch: spy.fetch, token: TOKEN }));
    expect(policy.file.name).toBe('Acme paved road v2');
    expect(policy.source).toBe(url);
    expect(spy.calls).toEqual([
      { url, authorization: `Bearer ${TOKEN}`, redirect: 'manual' },
      { url: 'https://cdn.acme.example/paved-road.yml', authorization: null, redirect: 'manual' },
    ]);
  });

  it('sends the token on a redirect within the same origin', async () => {
    const server = await startServer({
      kind: 'routes',
      routes: {
        '/paved-road.yml': { kind: 'redirect', location: '/v2/paved-road.yml' },
        '/v2/paved-road.yml': { kind: 'policy', body: POLICY_V2 },
      },
    });
    await loadPolicy(`${server.base}/paved-road.yml`, options({ token: TOKEN }));
    expect(server.requests.map((r) => [r.url, r.headers.authorization])).toEqual([
      ['/paved-road.yml', `Bearer ${TOKEN}`],
      ['/v2/paved-road.yml', `Bearer ${TOKEN}`],
    ]);
  });

  it('sends the token only to the origin it was given for, through a round trip', async () => {
    // Both on 127.0.0.1: the other port is another origin.
    const other = await startServer({ kind: 'redirect', location: '' });
    const server = await startServer({
      kind: 'routes',
      routes: {
        '/start.yml': { kind: 'redirect', location: `${other.base}/hop.yml` },
        '/final.yml': { kind: 'policy', body: POLICY_V2 },
      },
    });
    other.behaviour = { kind: 'redirect', location: `${server.base}/final.yml` };
    const policy = await loadPolicy(`${server.base}/start.yml`, options({ token: TOKEN }));
    expect(policy.file.name).toBe('Acme paved road v2');
    expect(other.requests.map((r) => [r.url, r.headers.authorization])).toEqual([
      ['/hop.yml', undefined],
    ]);
    expect(server.requests.map((r) => [r.url, r.headers.authorization])).toEqual([
      ['/start.yml', `Bearer ${TOKEN}`],
      ['/final.yml', `Bearer ${TOKEN}`],
    ]);
  });

  /** /r0 → /r1 → … → /r<n>, which serves the policy. */
  const chain = (n: number): Behaviour => ({
    kind: 'routes',
    routes: Object.fromEntries([
      ...Array.from({ length: n }, (_, i) => [
        `/r${i}`,
        { kind: 'redirect', location: `/r${i + 1}` } as Behaviour,
      ]),
      [`/r${n}`, { kind: 'policy', body: POLICY_V2 } as Behaviour],
    ]),
  });

  it('follows up to 5 redirects', async () => {
    const server = await startServer(chain(5));
    const policy = await loadPolicy(`${server.base}/r0`, options());
    expect(policy.file.name).toBe('Acme paved road v2');
    expect(server.requests).toHaveLength(6);
  });

  it('refuses a 6th redirect without following it, even with a cached copy', async () => {
    const server = await startServer({ kind: 'policy', body: POLICY });
    const url = `${server.base}/r0`;
    await loadPolicy(url, options());
    server.behaviour = chain(6);
    const err = await rejection(loadPolicy(url, options({ refresh: true })));
    expect(err.message).toBe(`pavedRoad: ${url} redirects more than 5 times`);
    expect(server.requests.slice(1).map((r) => r.url)).toEqual([
      '/r0',
      '/r1',
      '/r2',
      '/r3',
      '/r4',
      '/r5',
    ]);
    expect(warnings()).toEqual([]);
  });

  it('stops a redirect loop', async () => {
    const server = await startServer({ kind: 'redirect', location: '/paved-road.yml' });
    const url = `${server.base}/paved-road.yml`;
    const err = await rejection(loadPolicy(url, options()));
    expect(err.message).toBe(`pavedRoad: ${url} redirects more than 5 times`);
    expect(server.requests).toHaveLength(6);
  });

  it('falls back to the cached copy when a redirect target cannot be reached', async () => {
    const gone = await startServer({ kind: 'policy', body: POLICY_V2 });
    await gone.close();
    const server = await startServer({ kind: 'policy', body: POLICY });
    const url = `${server.base}/paved-road.yml`;
    await loadPolicy(url, options());
    server.behaviour = { kind: 'redirect', location: `${gone.base}/paved-road.yml` };
    const policy = await loadPolicy(url, options({ refresh: true }));
    expect(policy.file.name).toBe('Acme paved road');
    const [warning, ...more] = warnings();
    expect(more).toEqual([]);
    // Named by the URL it was given, not by where it was sent.
    expect(warning?.startsWith(`paved road: cannot reach ${url} (fetch failed: `)).toBe(true);
    expect(warning).toMatch(/ECONNREFUSED.*\); using the copy fetched 2026-01-01T00:00:00\.000Z$/);
  });
});

describe('loadPolicy with a token', () => {
  it('sends it as a bearer token and never writes it to the cache or the log', async () => {
    const server = await startServer({ kind: 'policy', body: POLICY, etag: '"v1"' });
    const url = `${server.base}/paved-road.yml`;
    await loadPolicy(url, options({ token: TOKEN }));
    await loadPolicy(url, options({ token: TOKEN, refresh: true }));
    server.behaviour = { kind: 'status', status: 502 };
    await loadPolicy(url, options({ token: TOKEN, refresh: true }));
    expect(server.requests.map((r) => r.headers.authorization)).toEqual([
      `Bearer ${TOKEN}`,
      `Bearer ${TOKEN}`,
      `Bearer ${TOKEN}`,
    ]);
    expect(cacheText()).not.toContain(TOKEN);
    expect(cacheText()).toContain('Acme paved road');
    expect(warnings()).toHaveLength(1);
    expect(JSON.stringify(logger.records)).not.toContain(TOKEN);
  });
});

describe('loadPolicy from a file', () => {
  it('reads a policy by absolute path, named by that path', async () => {
    const path = join(work, 'paved-road.yml');
    writeFileSync(path, POLICY);
    const policy = await loadPolicy(path, options());
    expect(policy.source).toBe(path);
    expect(policy.banned.map((b) => b.name)).toEqual(['request']);
    expect(cachedCopies()).toEqual([]);
  });

  it('reads a policy by a path relative to the working folder', async () => {
    mkdirSync(join(work, 'policies'));
    writeFileSync(join(work, 'policies', 'paved-road.yml'), POLICY_V2);
    const path = relative(process.cwd(), join(work, 'policies', 'paved-road.yml'));
    expect(path).not.toMatch(/^\//);
    const policy = await loadPolicy(path, options());
    expect(policy.file.name).toBe('Acme paved road v2');
    expect(policy.source).toBe(path);
  });

  it('fails with RAMPART_CONFIG_NOT_FOUND for a missing file', async () => {
    const path = join(work, 'nope', 'paved-road.yml');
    const err = await rejection(loadPolicy(path, options()));
    expect(err.code).toBe('RAMPART_CONFIG_NOT_FOUND');
    expect(err.message).toBe(`pavedRoad: cannot read the policy ${path}`);
    expect((err.cause as NodeJS.ErrnoException).code).toBe('ENOENT');
  });

  it('points at the file, line and column of a problem', async () => {
    const path = join(work, 'paved-road.yml');
    writeFileSync(path, INVALID);
    const err = await rejection(loadPolicy(path, options()));
    expect(err.code).toBe('RAMPART_CONFIG_INVALID');
    expect(err.position).toEqual({ file: path, line: 2, column: 1 });
  });

  it('reads a file:// reference as a path, not a URL', async () => {
    const path = join(work, 'paved-road.yml');
    writeFileSync(path, POLICY);
    const err = await rejection(loadPolicy(`file://${path}`, options()));
    expect(err.code).toBe('RAMPART_CONFIG_NOT_FOUND');
  });
});

describe('isPolicyUrl and displayUrl', () => {
  it('calls only http(s) references URLs', () => {
    expect(isPolicyUrl('https://hub.acme.example/api/v1/paved-road.yml')).toBe(true);
    expect(isPolicyUrl('HTTP://127.0.0.1:8080/p.yml')).toBe(true);
    expect(isPolicyUrl('./paved-road.yml')).toBe(false);
    expect(isPolicyUrl('/etc/rampart/paved-road.yml')).toBe(false);
    expect(isPolicyUrl('file:///etc/rampart/paved-road.yml')).toBe(false);
    expect(isPolicyUrl('https-policies/paved-road.yml')).toBe(false);
    expect(isPolicyUrl('C:\\policies\\paved-road.yml')).toBe(false);
  });

  it('shows a URL without credentials, query or fragment', () => {
    expect(displayUrl('https://u:p@hub.acme.example:8443/api/paved-road.yml?t=1#x')).toBe(
      'https://hub.acme.example:8443/api/paved-road.yml',
    );
    expect(displayUrl('not a url')).toBe('(invalid URL)');
  });

  it('never shows the credentials, query or fragment of any URL', () => {
    const secret = fc.stringMatching(/^[A-Za-z0-9]{12,20}$/);
    fc.assert(
      fc.property(
        fc.webUrl({ withQueryParameters: true, withFragments: true }),
        secret,
        secret,
        (url, user, password) => {
          const u = new URL(url);
          u.username = user;
          u.password = password;
          u.search = `?key=${password}`;
          const shown = displayUrl(u.href);
          expect(shown).not.toContain(password);
          expect(shown).not.toContain(`${user}:`);
          expect(shown).not.toMatch(/[?#]/);
          expect(shown.startsWith(`${u.protocol}//${u.host}`)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
