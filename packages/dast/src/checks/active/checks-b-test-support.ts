import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger } from '@rampart/core';
import { createActiveContext } from '../../active-context.js';
import { HttpClient } from '../../http/http-client.js';
import type {
  ActiveCheck,
  ActiveContext,
  CallbackListener,
  DastIssue,
  Endpoint,
} from '../../types.js';

/** A test server on 127.0.0.1. */
export interface TestServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  readonly port: number;
  /** How many requests it received. */
  readonly hits: () => number;
  close(): Promise<void>;
}

/** What a test handler gets: the parsed URL and the request body as text. */
export type TestHandler = (
  req: IncomingMessage & { readonly parsed: URL; readonly text: string },
  res: ServerResponse,
) => void | Promise<void>;

/** Starts a node:http server on 127.0.0.1 (a free port) that reads the body before `handler`. */
export async function startTestServer(handler: TestHandler): Promise<TestServer> {
  let hits = 0;
  const server = createServer((req, res) => {
    hits++;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const parsed = new URL(req.url ?? '/', 'http://127.0.0.1');
      const text = Buffer.concat(chunks).toString('utf8');
      Promise.resolve(handler(Object.assign(req, { parsed, text }), res)).catch((err: unknown) => {
        res.writeHead(500);
        res.end(String(err));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    hits: () => hits,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** An active context over a real client limited to `origin`. */
export function testContext(
  origin: string,
  options: { readonly callback?: CallbackListener; readonly maxRequests?: number } = {},
): ActiveContext {
  const client = new HttpClient({
    maxRequests: options.maxRequests ?? 200,
    rate: 0,
    concurrency: 4,
    timeoutMs: 5_000,
    maxBodyBytes: 1 << 20,
    allowDestructive: false,
    inScope: (url) => url.startsWith(`${origin}/`),
  });
  return createActiveContext({ client, logger: silentLogger, callback: options.callback });
}

/** Runs a check on one endpoint and collects its issues. */
export async function runCheck(
  check: ActiveCheck,
  endpoint: Endpoint,
  ctx: ActiveContext,
): Promise<DastIssue[]> {
  const issues: DastIssue[] = [];
  for await (const issue of check.run(endpoint, ctx)) issues.push(issue);
  return issues;
}

/** A GET endpoint with query parameters. */
export function queryEndpoint(url: string, params: Readonly<Record<string, string>>): Endpoint {
  return {
    method: 'GET',
    url,
    params: Object.entries(params).map(([name, value]) => ({ name, in: 'query', value })),
    source: 'crawl',
  };
}
