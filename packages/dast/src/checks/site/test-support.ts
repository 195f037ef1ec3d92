import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger } from '@rampart/core';
import { HttpClient } from '../../http/http-client.js';
import type { DastIssue, Exchange, SiteCheck, SiteContext } from '../../types.js';

/** A test server's answer: status, headers and body. */
export interface Reply {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** Routes by path; anything else gets `fallback` (a plain 404 by default). */
export interface SiteSpec {
  readonly routes: Readonly<Record<string, Reply | ((req: IncomingMessage) => Reply)>>;
  readonly fallback?: (req: IncomingMessage) => Reply;
}

/** A running test site and what it was asked. */
export interface TestSite {
  readonly origin: string;
  /** Paths requested, in order (query included). */
  readonly requests: string[];
  close(): Promise<void>;
}

/** Starts a node:http server on 127.0.0.1 serving `spec`. */
export async function startSite(spec: SiteSpec): Promise<TestSite> {
  const requests: string[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '/';
    requests.push(url);
    const path = url.split('?')[0] ?? '/';
    const route = spec.routes[path];
    const reply: Reply =
      route === undefined
        ? (spec.fallback?.(req) ?? { status: 404, body: 'Not Found' })
        : typeof route === 'function'
          ? route(req)
          : route;
    res.writeHead(reply.status ?? 200, { 'content-type': 'text/plain', ...reply.headers });
    res.end(reply.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * A site context for `site`, as the orchestrator builds it after discovery: a client with
 * generous limits scoped to the test origin, and `paths` as the URLs seen.
 */
export function siteContext(
  site: TestSite,
  paths: readonly string[],
  options: { readonly maxRequests?: number; readonly onExchange?: (e: Exchange) => void } = {},
): SiteContext {
  const inScope = (url: string) => {
    try {
      return new URL(url).origin === site.origin;
    } catch {
      return false;
    }
  };
  const client = new HttpClient({
    maxRequests: options.maxRequests ?? 500,
    rate: 0,
    concurrency: 4,
    timeoutMs: 5_000,
    maxBodyBytes: 1 << 20,
    allowDestructive: false,
    inScope,
    onExchange: options.onExchange,
  });
  return {
    client,
    logger: silentLogger,
    signal: new AbortController().signal,
    origin: site.origin,
    urls: paths.map((p) => `${site.origin}${p}`),
    inScope,
  };
}

/** Runs a site check to the end and collects its issues. */
export async function runCheck(check: SiteCheck, ctx: SiteContext): Promise<DastIssue[]> {
  const issues: DastIssue[] = [];
  for await (const issue of check.run(ctx)) issues.push(issue);
  return issues;
}

/** An SPA's index page, served for every path by a catch-all server. */
export const SPA_INDEX =
  '<!doctype html><html><head><title>Shop</title><script src="/assets/app.js"></script></head><body><div id="root"></div></body></html>';

/** A server that answers 200 with the SPA index for every path, as `serve -s` does. */
export const catchAll = (): Reply => ({
  status: 200,
  headers: { 'content-type': 'text/html' },
  body: SPA_INDEX,
});
