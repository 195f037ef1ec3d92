import { type Logger, RampartError, UsageError } from '@rampart/core';

/** How long one request may take before it is abandoned. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
/** The longest rate-limit wait that is sat out (once per request) rather than reported. */
export const MAX_RATE_LIMIT_WAIT_MS = 60_000;
/** A listing longer than this many pages is refused rather than followed for ever. */
const MAX_PAGES = 100;
const MAX_REDIRECTS = 3;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** How the token is sent: GitHub takes a bearer token, GitLab a `PRIVATE-TOKEN` header. */
export type ApiFlavour = 'github' | 'gitlab';

/** What a forge client needs. */
export interface ApiClientOptions {
  readonly flavour: ApiFlavour;
  /** The REST API root, e.g. `https://api.github.com` or `https://gitlab.example.com/api/v4`. */
  readonly baseUrl: string;
  /** Sent only to `baseUrl`'s origin and never printed. */
  readonly token: string;
  readonly userAgent: string;
  readonly logger: Logger;
  /** What a 404 means to the user, e.g. "PR #12 not found in acme/shop (…)". */
  readonly notFound: string;
  /** What the token needs, for a 403 that is not a rate limit. */
  readonly permissionHint: string;
  readonly signal?: AbortSignal | undefined;
  readonly timeoutMs?: number | undefined;
  readonly maxWaitMs?: number | undefined;
  readonly fetch?: typeof fetch | undefined;
  /** Injected so that tests do not really wait. */
  readonly sleep?: ((ms: number) => Promise<void>) | undefined;
  readonly now?: (() => number) | undefined;
}

/** A request the forge refused or that did not complete; `status` is 0 without an answer. */
export class ForgeApiError extends RampartError {
  readonly status: number;

  constructor(status: number, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super('RAMPART_IO', message, options);
    this.name = 'ForgeApiError';
    this.status = status;
  }
}

/** One request. */
export interface ApiRequest {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Below the API root, with its query: `/repos/acme/shop/issues/12/comments?per_page=100`. */
  readonly path: string;
  readonly body?: unknown;
  /** Statuses returned to the caller instead of raised (e.g. 404 on a DELETE). */
  readonly accept?: readonly number[];
}

/** A response: its status and parsed JSON body (undefined when empty). */
export interface ApiResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly data: unknown;
}

/** The REST client of `rampart comment`: timeouts, rate limits, pagination, clear errors. */
export interface ApiClient {
  request(req: ApiRequest): Promise<ApiResponse>;
  /** Every item of a paginated listing, following GitHub's `Link` or GitLab's `x-next-page`. */
  list(path: string): Promise<unknown[]>;
}

/** Checks an API root: https, or http to this machine only (the token travels with it). */
export function checkApiUrl(url: string, variable: string): URL {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new UsageError(`${variable} is not a valid URL: ${url}`);
  }
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && LOOPBACK.has(u.hostname))) {
    throw new UsageError(
      `${variable} must be an https URL (http only to 127.0.0.1 or localhost): ${u.origin}`,
      { hint: 'the token is sent to it, so it must not travel in clear' },
    );
  }
  if (u.username || u.password) throw new UsageError(`${variable} must not carry credentials`);
  return u;
}

/** The first line of the API's own explanation (`message`, `error`), for error messages. */
function apiMessage(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const record = data as Record<string, unknown>;
  const raw = record.message ?? record.error;
  const text = typeof raw === 'string' ? raw : raw === undefined ? undefined : JSON.stringify(raw);
  if (!text) return undefined;
  // The answer is printed in a CI log: one line, no control characters, not a novel.
  const line = text.replace(/[\p{Cc}]+/gu, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

/** A rate-limit answer and how long to wait (GitHub primary and secondary limits, GitLab). */
export function rateLimitWait(
  status: number,
  headers: Headers,
  now: number,
): { readonly waitMs: number } | undefined {
  const retryAfter = headers.get('retry-after');
  const remaining = headers.get('x-ratelimit-remaining') ?? headers.get('ratelimit-remaining');
  const reset = headers.get('x-ratelimit-reset') ?? headers.get('ratelimit-reset');
  // GitHub sends x-ratelimit-* on every answer: a 403 is a limit only when it says so.
  const limited =
    status === 429 || (status === 403 && (retryAfter !== null || remaining?.trim() === '0'));
  if (!limited) return undefined;
  if (retryAfter !== null) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds) && seconds >= 0) return { waitMs: Math.ceil(seconds * 1000) };
    const date = Date.parse(retryAfter);
    if (Number.isFinite(date)) return { waitMs: Math.max(0, date - now) };
  }
  if (reset !== null && /^\d+$/.test(reset.trim())) {
    return { waitMs: Math.max(0, Number(reset) * 1000 - now) };
  }
  // No hint: GitHub asks to wait at least a minute before retrying.
  return { waitMs: 60_000 };
}

function describeWait(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 120) return `${seconds} s`;
  return `${Math.ceil(seconds / 60)} min`;
}

/** The next page's path, from a GitHub `Link` header; only on the API's own origin. */
function nextFromLink(link: string | null, base: URL): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(',')) {
    const m = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (!m?.[1]) continue;
    const next = new URL(m[1], base);
    if (next.origin !== base.origin) {
      throw new ForgeApiError(0, `the API's next page is on another host (${next.origin})`, {
        hint: 'the token is sent only to the API it was given for',
      });
    }
    const root = base.pathname.replace(/\/$/, '');
    const path = next.pathname.startsWith(root) ? next.pathname.slice(root.length) : next.pathname;
    return `${path}${next.search}`;
  }
  return undefined;
}

function withQuery(path: string, params: Record<string, string>): string {
  const [p, q = ''] = path.split('?', 2) as [string, string?];
  const search = new URLSearchParams(q);
  for (const [k, v] of Object.entries(params)) search.set(k, v);
  return `${p}?${search.toString()}`;
}

/** Creates the client. Every message it raises has the token masked, whatever the API said. */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const base = new URL(options.baseUrl);
  const root = `${base.origin}${base.pathname.replace(/\/$/, '')}`;
  const doFetch = options.fetch ?? fetch;
  const sleep =
    options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const maxWaitMs = options.maxWaitMs ?? MAX_RATE_LIMIT_WAIT_MS;
  const mask = (text: string) =>
    options.token.length > 0 ? text.split(options.token).join('***') : text;
  const fail = (status: number, message: string, hint?: string, cause?: unknown) =>
    new ForgeApiError(status, mask(message), {
      ...(hint === undefined ? {} : { hint: mask(hint) }),
      ...(cause === undefined ? {} : { cause }),
    });
  const headers: Record<string, string> =
    options.flavour === 'github'
      ? {
          authorization: `Bearer ${options.token}`,
          accept: 'application/vnd.github+json',
          'x-github-api-version': '2022-11-28',
          'user-agent': options.userAgent,
        }
      : {
          'private-token': options.token,
          accept: 'application/json',
          'user-agent': options.userAgent,
        };

  /** One exchange, following same-origin redirects by hand so the token never leaves. */
  async function send(req: ApiRequest): Promise<Response> {
    let url = `${root}${req.path}`;
    for (let hop = 0; ; hop++) {
      const timeout = AbortSignal.timeout(timeoutMs);
      const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
      let res: Response;
      try {
        res = await doFetch(url, {
          method: req.method,
          headers: {
            ...headers,
            ...(req.body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(req.body === undefined ? {} : { body: JSON.stringify(req.body) }),
          redirect: 'manual',
          signal,
        });
      } catch (err) {
        if (options.signal?.aborted) throw err;
        if (timeout.aborted) {
          throw fail(
            0,
            `${req.method} ${req.path} timed out after ${describeWait(timeoutMs)}`,
            `check that ${base.origin} can be reached from the CI runner`,
          );
        }
        const cause = (err as { cause?: { message?: string } }).cause?.message;
        throw fail(
          0,
          `${req.method} ${req.path}: cannot reach ${base.origin} (${(err as Error).message}${cause ? `: ${cause}` : ''})`,
          undefined,
          err,
        );
      }
      const location = res.headers.get('location');
      if (res.status < 300 || res.status >= 400 || !location) return res;
      await res.body?.cancel();
      const target = new URL(location, url);
      const keepsMethod = req.method === 'GET' || res.status === 307 || res.status === 308;
      if (target.origin !== base.origin || !keepsMethod || hop >= MAX_REDIRECTS) {
        throw fail(
          res.status,
          `${req.method} ${req.path} was redirected to ${target.origin}${target.pathname}; not followed`,
          'if the repository or project was renamed or moved, run in its new place',
        );
      }
      url = target.href;
    }
  }

  async function readJson(res: Response, req: ApiRequest): Promise<unknown> {
    const text = await res.text();
    if (text.trim() === '') return undefined;
    try {
      return JSON.parse(text);
    } catch {
      if (res.ok)
        throw fail(
          res.status,
          `${req.method} ${req.path}: the answer is not JSON (HTTP ${res.status})`,
        );
      return undefined;
    }
  }

  async function request(req: ApiRequest): Promise<ApiResponse> {
    for (let attempt = 0; ; attempt++) {
      const res = await send(req);
      const limit = res.ok ? undefined : rateLimitWait(res.status, res.headers, now());
      if (!limit && (res.ok || req.accept?.includes(res.status))) {
        return { status: res.status, headers: res.headers, data: await readJson(res, req) };
      }
      const data = await readJson(res, req);
      const said = apiMessage(data);
      const what = `${req.method} ${req.path}: HTTP ${res.status}${said ? ` (${said})` : ''}`;
      if (limit) {
        if (attempt === 0 && limit.waitMs <= maxWaitMs) {
          options.logger.info(
            `rate limited by ${base.host}; waiting ${describeWait(limit.waitMs)} before trying again`,
          );
          await sleep(limit.waitMs);
          continue;
        }
        const at = new Date(now() + limit.waitMs).toISOString();
        throw fail(
          res.status,
          `rate limit reached: ${what}; it resets at ${at} (in ${describeWait(limit.waitMs)})`,
          'run the job again after the reset',
        );
      }
      if (res.status === 401) {
        throw fail(401, `the token was refused: ${what}`, 'the token is invalid or has expired');
      }
      if (res.status === 403) {
        throw fail(403, `the token lacks permission: ${what}`, options.permissionHint);
      }
      if (res.status === 404) throw fail(404, `${options.notFound}: ${what}`);
      throw fail(res.status, what);
    }
  }

  async function list(path: string): Promise<unknown[]> {
    const items: unknown[] = [];
    let next: string | undefined = withQuery(path, { per_page: '100' });
    for (let page = 1; next !== undefined; page++) {
      if (page > MAX_PAGES) {
        throw fail(0, `GET ${path}: more than ${MAX_PAGES} pages; stopped`);
      }
      const res = await request({ method: 'GET', path: next });
      if (!Array.isArray(res.data)) {
        throw fail(res.status, `GET ${next}: expected a list, got ${typeof res.data}`);
      }
      items.push(...res.data);
      if (options.flavour === 'github') next = nextFromLink(res.headers.get('link'), base);
      else {
        const nextPage = res.headers.get('x-next-page')?.trim();
        next =
          nextPage && /^\d+$/.test(nextPage)
            ? withQuery(path, { per_page: '100', page: nextPage })
            : undefined;
      }
    }
    return items;
  }

  return { request, list };
}
