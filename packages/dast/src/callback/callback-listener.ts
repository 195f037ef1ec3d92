import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CallbackListener } from '../types.js';

/**
 * The only address the listener binds. A remote target cannot reach our loopback, so the
 * scanner starts the listener only when the target itself runs on this machine; binding a
 * public interface instead would expose an unauthenticated server to the network for the
 * whole scan, which is a risk we do not take.
 */
export const CALLBACK_HOST = '127.0.0.1';

/** How many request targets are remembered for late `received` calls. */
const MAX_REMEMBERED = 10_000;

/** What {@link startCallbackListener} takes. */
export interface CallbackListenerOptions {
  /** Must be `127.0.0.1` (the default): anything else is refused. */
  readonly host?: string | undefined;
}

/** A running callback listener. */
export interface RunningCallbackListener {
  readonly listener: CallbackListener;
  /** The listener's base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** Stops the server; pending `received` calls resolve false. */
  close(): Promise<void>;
}

/**
 * Starts the out-of-band callback server for SSRF and XXE checks: a plain HTTP server on
 * 127.0.0.1 (a free port) that records the path of every request it gets (any method) and
 * answers 200 with a tiny body. `listener.urlFor(token)` is `<url>/<token>`; a request
 * counts for a token when its path or query contains it, so a target that appends its own
 * path (`http://<host>/<token>/status`) still counts.
 * @example const cb = await startCallbackListener({ host: '127.0.0.1' }); try { ... } finally { await cb.close(); }
 */
export async function startCallbackListener(
  options: CallbackListenerOptions = {},
): Promise<RunningCallbackListener> {
  const host = options.host ?? CALLBACK_HOST;
  if (host !== CALLBACK_HOST) {
    throw new Error(
      `the callback listener only binds ${CALLBACK_HOST} (got "${host}"): it must never be reachable from the network`,
    );
  }
  const seen: string[] = [];
  const waiters = new Map<string, Set<(hit: boolean) => void>>();
  let closed = false;

  const matches = (target: string, token: string): boolean => target.includes(token);

  const record = (target: string): void => {
    seen.push(target);
    if (seen.length > MAX_REMEMBERED) seen.shift();
    for (const [token, set] of waiters) {
      if (!matches(target, token)) continue;
      waiters.delete(token);
      for (const resolve of set) resolve(true);
    }
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let target = req.url ?? '/';
    try {
      target = decodeURIComponent(target);
    } catch {
      // A malformed escape: keep the raw target, tokens are plain letters and digits anyway.
    }
    record(target);
    // The body is never needed; drain it so the connection can be reused or closed.
    req.resume();
    res.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'no-store' });
    // A comment is harmless wherever a target inlines the body (HTML, XML content, a DTD).
    res.end('<!-- rampart -->');
  });
  server.headersTimeout = 5_000;
  server.requestTimeout = 5_000;
  server.keepAliveTimeout = 1_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host}:${port}`;

  const listener: CallbackListener = {
    urlFor(token) {
      if (!/^[a-z0-9]+$/i.test(token)) {
        throw new Error(`callback tokens are letters and digits only (got "${token}")`);
      }
      return `${url}/${token}`;
    },
    received(token, waitMs) {
      if (token === '') return Promise.resolve(false);
      if (seen.some((target) => matches(target, token))) return Promise.resolve(true);
      if (closed || waitMs <= 0) return Promise.resolve(false);
      return new Promise<boolean>((resolve) => {
        const settle = (hit: boolean): void => {
          clearTimeout(timer);
          waiters.get(token)?.delete(settle);
          if (waiters.get(token)?.size === 0) waiters.delete(token);
          resolve(hit);
        };
        const timer = setTimeout(() => settle(false), waitMs);
        let set = waiters.get(token);
        if (!set) {
          set = new Set();
          waiters.set(token, set);
        }
        set.add(settle);
      });
    },
  };

  return {
    listener,
    url,
    async close() {
      if (closed) return;
      closed = true;
      for (const set of waiters.values()) for (const resolve of set) resolve(false);
      waiters.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
