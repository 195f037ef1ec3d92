import { CookieJar } from 'tough-cookie';
import type { DastRequest, DastResponse, Exchange } from '../types.js';
import {
  BudgetExhaustedError,
  RefusedRequestError,
  RequestTimeoutError,
  TransportError,
} from './errors.js';

/** Methods that change or delete state: never sent unless `allowDestructive`. */
export const DESTRUCTIVE_METHODS: ReadonlySet<string> = new Set(['DELETE', 'PUT', 'PATCH']);

/** Logs in and notices a lost session; see auth/. */
export interface Authenticator {
  /** Runs the login (called once before discovery, and again after a lost session). */
  login(client: HttpClient): Promise<void>;
  /** Headers to add to every request (e.g. a bearer token); cookies live in the jar. */
  headers(): Readonly<Record<string, string>>;
  /** Whether this response shows that the session has expired. */
  loggedOut(exchange: Exchange): boolean;
}

/** The client's hard limits and defaults. */
export interface HttpClientOptions {
  /** Hard limit on requests sent (`--max-requests`); the login counts. */
  readonly maxRequests: number;
  /** Hard limit on requests started per second (`--rate`); 0 for none. */
  readonly rate: number;
  /** Requests in flight at once. */
  readonly concurrency: number;
  /** Per request, in milliseconds. */
  readonly timeoutMs: number;
  /** Response bodies are cut after this many bytes. */
  readonly maxBodyBytes: number;
  /** Whether DELETE, PUT and PATCH may be sent. */
  readonly allowDestructive: boolean;
  /** Whether a URL may be requested; requests outside it are refused. */
  readonly inScope: (url: string) => boolean;
  /** Headers sent with every request (`--header`), lower-case names. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  readonly userAgent?: string | undefined;
  readonly signal?: AbortSignal | undefined;
  /** Called with every exchange (passive checks look at all of them). */
  readonly onExchange?: ((exchange: Exchange) => void) | undefined;
}

/** Per-call options. */
export interface SendOptions {
  /** Overrides the client's timeout (time-based checks wait longer). */
  readonly timeoutMs?: number | undefined;
  /** Follow up to this many redirects while they stay in scope (default 0: return the 3xx). */
  readonly followRedirects?: number | undefined;
  /** Leave out the session (cookies and auth headers). */
  readonly anonymous?: boolean | undefined;
  /** Do not hand the exchange to `onExchange` (probes that expect errors). */
  readonly quiet?: boolean | undefined;
  /** Whether a logged-out response triggers a login and one retry (default true; the login's own requests say false). */
  readonly relogin?: boolean | undefined;
}

/** What was sent so far. */
export interface ClientStats {
  readonly requests: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly bytesReceived: number;
  readonly relogins: number;
}

/**
 * The only way the scanner talks to the target. It enforces the hard limits (request
 * budget, rate, concurrency, timeouts, body size), scope and the destructive-method rule, keeps
 * the session's cookies, and re-logs in when a response shows the session expired.
 * @example const client = new HttpClient({ maxRequests: 100, rate: 10, concurrency: 4, timeoutMs: 10_000, maxBodyBytes: 1 << 20, allowDestructive: false, inScope: () => true });
 */
export class HttpClient {
  readonly jar = new CookieJar();
  private sent = 0;
  private errors = 0;
  private timeouts = 0;
  private bytes = 0;
  private relogins = 0;
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private nextStart = 0;
  private authenticator: Authenticator | undefined;
  private loggingIn: Promise<void> | undefined;
  /** Counts logins, so a request knows whether the session changed while it was in flight. */
  private session = 0;

  constructor(readonly options: HttpClientOptions) {}

  /** Requests left in the budget. */
  get remaining(): number {
    return Math.max(0, this.options.maxRequests - this.sent);
  }

  get stats(): ClientStats {
    return {
      requests: this.sent,
      errors: this.errors,
      timeouts: this.timeouts,
      bytesReceived: this.bytes,
      relogins: this.relogins,
    };
  }

  /** Logs in with `auth` and keeps it for re-logins. */
  async authenticate(auth: Authenticator): Promise<void> {
    this.authenticator = auth;
    await auth.login(this);
    this.session++;
  }

  /** Adds a cookie (`name=value`) for `url`'s site, as `--cookie` does. */
  async addCookie(cookie: string, url: string): Promise<void> {
    await this.jar.setCookie(cookie, url, { ignoreError: true });
  }

  /**
   * Sends one request (following in-scope redirects when asked). Throws
   * {@link BudgetExhaustedError}, {@link RefusedRequestError}, {@link RequestTimeoutError} or
   * {@link TransportError}; an HTTP error status is a normal exchange.
   */
  async send(request: DastRequest, options: SendOptions = {}): Promise<Exchange> {
    const session = this.session;
    let exchange = await this.sendOnce(request, options);
    // A request that finds the session gone logs in again, or waits for a login already
    // running for a concurrent request, or (when a login finished since it was sent) just
    // goes again; once.
    if (
      !options.anonymous &&
      options.relogin !== false &&
      this.authenticator?.loggedOut(exchange)
    ) {
      if (this.session === session) await this.relogin();
      else await this.loggingIn;
      exchange = await this.sendOnce(request, options);
    }
    let hops = options.followRedirects ?? 0;
    while (hops-- > 0 && isRedirect(exchange.response.status)) {
      const location = exchange.response.headers.get('location');
      if (!location) break;
      let next: string;
      try {
        next = new URL(location, exchange.request.url).href;
      } catch {
        break;
      }
      if (!this.options.inScope(next)) break;
      const status = exchange.response.status;
      const keepMethod = status === 307 || status === 308;
      exchange = await this.sendOnce(
        keepMethod
          ? { ...request, url: next }
          : { method: 'GET', url: next, headers: withoutContentType(request.headers) },
        options,
      );
    }
    return exchange;
  }

  private async relogin(): Promise<void> {
    const auth = this.authenticator;
    if (auth === undefined) return;
    this.loggingIn ??= (async () => {
      this.relogins++;
      try {
        await auth.login(this);
        this.session++;
      } finally {
        this.loggingIn = undefined;
      }
    })();
    await this.loggingIn;
  }

  private async sendOnce(request: DastRequest, options: SendOptions): Promise<Exchange> {
    const method = request.method.toUpperCase();
    if (DESTRUCTIVE_METHODS.has(method) && !this.options.allowDestructive) {
      throw new RefusedRequestError(
        `${method} ${request.url}: destructive methods are not sent without --allow-destructive`,
      );
    }
    if (!this.options.inScope(request.url)) {
      throw new RefusedRequestError(`${request.url} is out of scope`);
    }
    if (this.sent >= this.options.maxRequests) {
      throw new BudgetExhaustedError(this.options.maxRequests);
    }
    this.sent++;
    await this.acquire();
    try {
      await this.waitForRate();
      return await this.transmit({ ...request, method }, options);
    } finally {
      this.release();
    }
  }

  private async transmit(request: DastRequest, options: SendOptions): Promise<Exchange> {
    const headers: Record<string, string> = {
      'user-agent': this.options.userAgent ?? 'rampart-dast',
      ...this.options.headers,
    };
    if (!options.anonymous) {
      Object.assign(headers, this.authenticator?.headers());
      const cookie = await this.jar.getCookieString(request.url);
      if (cookie) headers.cookie = headers.cookie ? `${headers.cookie}; ${cookie}` : cookie;
    }
    Object.assign(headers, request.headers);
    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs;
    const signals = [AbortSignal.timeout(timeoutMs)];
    if (this.options.signal) signals.push(this.options.signal);
    const started = performance.now();
    let response: Response;
    let body: { text: string; truncated: boolean; bytes: number };
    try {
      response = await fetch(request.url, {
        method: request.method,
        headers,
        ...(request.body === undefined ? {} : { body: request.body }),
        redirect: 'manual',
        signal: AbortSignal.any(signals),
      });
      body = await readBody(response, this.options.maxBodyBytes);
    } catch (err) {
      const elapsed = performance.now() - started;
      this.options.signal?.throwIfAborted();
      if (isTimeout(err)) {
        this.timeouts++;
        throw new RequestTimeoutError(request.url, elapsed);
      }
      this.errors++;
      throw new TransportError(request.url, describeFetchError(err));
    }
    const elapsedMs = performance.now() - started;
    this.bytes += body.bytes;
    const setCookies = response.headers.getSetCookie();
    if (!options.anonymous) {
      for (const c of setCookies) await this.jar.setCookie(c, request.url, { ignoreError: true });
    }
    const map = new Map<string, string>();
    response.headers.forEach((value, name) => {
      if (name !== 'set-cookie') map.set(name, value);
    });
    const dastResponse: DastResponse = {
      status: response.status,
      headers: map,
      setCookies,
      body: body.text,
      truncated: body.truncated,
      contentType: (map.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '',
    };
    const exchange: Exchange = {
      request: { method: request.method, url: request.url, headers, body: request.body },
      response: dastResponse,
      elapsedMs,
    };
    if (!options.quiet) this.options.onExchange?.(exchange);
    return exchange;
  }

  private acquire(): Promise<void> {
    if (this.active < this.options.concurrency) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }

  /** Spaces request starts at least 1/rate seconds apart. */
  private async waitForRate(): Promise<void> {
    if (this.options.rate <= 0) return;
    const interval = 1000 / this.options.rate;
    const now = performance.now();
    const start = Math.max(now, this.nextStart);
    this.nextStart = start + interval;
    if (start > now) await new Promise((r) => setTimeout(r, start - now));
  }
}

/** A redirect that turns into a GET sends no body, so no body's content type either. */
function withoutContentType(
  headers: Readonly<Record<string, string>> | undefined,
): Record<string, string> | undefined {
  if (headers === undefined) return undefined;
  const { 'content-type': _, ...rest } = headers;
  return rest;
}

/** Whether a status is a redirect with a Location. */
export function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

async function readBody(
  response: Response,
  limit: number,
): Promise<{ text: string; truncated: boolean; bytes: number }> {
  if (!response.body) return { text: '', truncated: false, bytes: 0 };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (size + value.byteLength > limit) {
      chunks.push(value.subarray(0, limit - size));
      size = limit;
      truncated = true;
      await reader.cancel();
      break;
    }
    chunks.push(value);
    size += value.byteLength;
  }
  const buffer = Buffer.concat(chunks);
  return { text: buffer.toString('utf8'), truncated, bytes: size };
}

function isTimeout(err: unknown): boolean {
  return err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
}

function describeFetchError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause instanceof Error ? err.cause : undefined;
  const code = (cause as { code?: string } | undefined)?.code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND') return 'host not found';
  // Node's fetch refuses the Fetch standard's "bad ports" (1, 6000, 6667, 10080…).
  if ((cause?.message ?? err.message) === 'bad port') {
    return "the port is on the Fetch standard's list of blocked ports; serve the app on another port";
  }
  return cause?.message ?? err.message;
}
