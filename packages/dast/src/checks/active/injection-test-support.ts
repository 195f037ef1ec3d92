import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger } from '@rampart/core';
import { createActiveContext } from '../../active-context.js';
import { HttpClient } from '../../http/http-client.js';
import type { ActiveCheck, ActiveContext, DastIssue, Endpoint } from '../../types.js';

/** A request as the test handlers see it: method, path and every parameter decoded. */
export interface TestRequest {
  readonly method: string;
  readonly path: string;
  /** Query and form parameters (last value wins); JSON bodies in `json`. */
  readonly params: Readonly<Record<string, string>>;
  readonly json: Readonly<Record<string, unknown>> | undefined;
}

/** What a test handler returns. */
export interface TestResponse {
  readonly status?: number;
  readonly type?: string;
  readonly body: string;
}

/** A running test server on 127.0.0.1. */
export interface TestServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** Requests received so far. */
  readonly hits: number;
  close(): Promise<void>;
}

/**
 * Starts a node:http server on 127.0.0.1 (a free port) answering with `handler`; a thrown
 * error becomes a 500 with the error message in the body, as careless apps do.
 */
export async function startTestServer(
  handler: (request: TestRequest) => TestResponse | Promise<TestResponse>,
): Promise<TestServer> {
  let hits = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    hits++;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        let reply: TestResponse;
        try {
          reply = await handler(parseRequest(req, Buffer.concat(chunks).toString('utf8')));
        } catch (err) {
          reply = { status: 500, type: 'text/plain', body: String(err) };
        }
        res.writeHead(reply.status ?? 200, {
          'content-type': `${reply.type ?? 'text/html'}; charset=utf-8`,
        });
        res.end(reply.body);
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    get hits() {
      return hits;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function parseRequest(req: IncomingMessage, body: string): TestRequest {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const params: Record<string, string> = Object.fromEntries(url.searchParams);
  let json: Record<string, unknown> | undefined;
  const type = req.headers['content-type'] ?? '';
  if (type.startsWith('application/json') && body !== '') {
    json = JSON.parse(body) as Record<string, unknown>;
  } else if (type.startsWith('application/x-www-form-urlencoded')) {
    Object.assign(params, Object.fromEntries(new URLSearchParams(body)));
  }
  return { method: req.method ?? 'GET', path: url.pathname, params, json };
}

/** An active context over a real client with test-friendly limits. */
export function testContext(
  options: { maxRequests?: number; timeoutMs?: number } = {},
): ActiveContext {
  const client = new HttpClient({
    maxRequests: options.maxRequests ?? 500,
    rate: 0,
    concurrency: 4,
    timeoutMs: options.timeoutMs ?? 10_000,
    maxBodyBytes: 1 << 20,
    allowDestructive: false,
    inScope: () => true,
  });
  return createActiveContext({ client, logger: silentLogger });
}

/** An endpoint with query parameters (GET) or form/JSON parameters (POST). */
export function testEndpoint(
  url: string,
  params: Readonly<Record<string, string>>,
  location: 'query' | 'form' | 'json' = 'query',
): Endpoint {
  return {
    method: location === 'query' ? 'GET' : 'POST',
    url,
    params: Object.entries(params).map(([name, value]) => ({ name, in: location, value })),
    ...(location === 'query' ? {} : { bodyType: location }),
    source: 'openapi',
  };
}

/** Runs `check` on `endpoint` and collects what it reports. */
export async function runCheck(
  check: ActiveCheck,
  endpoint: Endpoint,
  ctx: ActiveContext = testContext(),
): Promise<DastIssue[]> {
  const issues: DastIssue[] = [];
  for await (const issue of check.run(endpoint, ctx)) issues.push(issue);
  return issues;
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Escapes text for HTML text and quoted attribute values. */
export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
