import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as a {@link SiteServer} received it. */
export interface ReceivedRequest {
  readonly method: string;
  /** Path and query, as sent. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
  /** `performance.now()` when the request arrived. */
  readonly at: number;
}

/** What a site handler answers; `delayMs` holds the response back (timeouts, concurrency). */
export interface SiteReply {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string | string[]>>;
  readonly body?: string;
  readonly delayMs?: number;
}

/** A running test site on 127.0.0.1. */
export interface SiteServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** Every request received, in arrival order. */
  readonly requests: readonly ReceivedRequest[];
  /** The most requests that were being answered at the same time. */
  readonly maxInFlight: number;
  close(): Promise<void>;
}

/**
 * Starts a node:http server on a free 127.0.0.1 port that records every request and answers
 * with `handler` (a 404 when it returns undefined). Content type defaults to `text/html`.
 * @example const site = await startSite((r) => (r.url === '/' ? { body: '<a href="/a">a</a>' } : undefined));
 */
export async function startSite(
  handler: (request: ReceivedRequest) => SiteReply | undefined,
): Promise<SiteServer> {
  const requests: ReceivedRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const at = performance.now();
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const received: ReceivedRequest = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers: { ...req.headers },
        body: Buffer.concat(chunks).toString('utf8'),
        at,
      };
      requests.push(received);
      const reply = handler(received) ?? { status: 404, body: 'not found' };
      const answer = (): void => {
        inFlight--;
        if (res.destroyed) return;
        const headers: Record<string, string | string[]> = {
          'content-type': 'text/html; charset=utf-8',
          ...reply.headers,
        };
        res.writeHead(reply.status ?? 200, headers);
        // rampart-ignore: js-xss-response -- test servers answer what each test scripts, on 127.0.0.1
        res.end(reply.body ?? '');
      };
      if (reply.delayMs) setTimeout(answer, reply.delayMs);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    get maxInFlight() {
      return maxInFlight;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A 127.0.0.1 port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
