import { UsageError } from '@rampart/core';
import { RefusedRequestError, RequestTimeoutError, TransportError } from '../http/errors.js';
import { type Authenticator, type HttpClient, isRedirect } from '../http/http-client.js';
import type { Exchange } from '../types.js';
import type { AuthConfig } from './auth-config.js';

/**
 * An {@link Authenticator} driven by an auth config: it sets the configured cookies, sends
 * the login request (keeping the session cookies it gets), picks up a token, and recognises
 * an expired session so the client logs in again. Messages never contain credentials.
 * @example await client.authenticate(createAuthenticator(await loadAuthConfig('auth.yml'), 'http://127.0.0.1:3000'));
 */
export function createAuthenticator(config: AuthConfig, targetUrl: string): Authenticator {
  return new ConfiguredAuthenticator(config, targetUrl);
}

class ConfiguredAuthenticator implements Authenticator {
  private token: string | undefined;
  private readonly loginUrl: URL | undefined;
  private readonly loggedOutUrl: URL | undefined;
  private readonly staticHeaders: Readonly<Record<string, string>>;

  constructor(
    private readonly config: AuthConfig,
    private readonly targetUrl: string,
  ) {
    // Bad URLs fail here, before any request, not at the first re-login.
    this.loginUrl = config.login
      ? resolveOnTarget(config.login.url, targetUrl, 'login.url')
      : undefined;
    this.loggedOutUrl = config.loggedOut?.redirectTo
      ? resolveOnTarget(config.loggedOut.redirectTo, targetUrl, 'loggedOut.redirectTo')
      : this.loginUrl;
    this.staticHeaders = Object.fromEntries(
      Object.entries(config.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
    );
  }

  async login(client: HttpClient): Promise<void> {
    for (const [name, value] of Object.entries(this.config.cookies ?? {})) {
      await client.addCookie(`${name}=${value}`, this.targetUrl);
    }
    const login = this.config.login;
    const url = this.loginUrl;
    if (login === undefined || url === undefined) return;
    // A stale token must not ride along on the login request.
    this.token = undefined;
    const label = `${login.method} ${url.pathname}`;
    const headers: Record<string, string> = Object.fromEntries(
      Object.entries(login.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
    );
    let body: string | undefined;
    const target = new URL(url);
    if (login.method === 'GET' || login.method === 'HEAD') {
      for (const [key, value] of Object.entries(login.body)) {
        target.searchParams.append(key, typeof value === 'string' ? value : JSON.stringify(value));
      }
    } else if (login.type === 'json') {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(login.body);
    } else {
      const form = new URLSearchParams();
      for (const [key, value] of Object.entries(login.body)) {
        form.append(key, typeof value === 'string' ? value : JSON.stringify(value));
      }
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = form.toString();
    }
    let exchange: Exchange;
    try {
      exchange = await client.send(
        {
          method: login.method,
          url: target.href,
          headers,
          ...(body === undefined ? {} : { body }),
        },
        { anonymous: false, relogin: false },
      );
    } catch (cause) {
      if (
        cause instanceof TransportError ||
        cause instanceof RequestTimeoutError ||
        cause instanceof RefusedRequestError
      ) {
        const reason =
          cause instanceof TransportError
            ? cause.detail
            : cause instanceof RequestTimeoutError
              ? 'timed out'
              : cause.message;
        throw new UsageError(`login failed: ${label}: ${reason}`, { cause });
      }
      throw cause;
    }
    const failure = this.loginFailure(exchange);
    if (failure !== undefined) {
      throw new UsageError(`login failed: ${failure} from ${label}`, {
        hint: 'check the credentials (and the environment variables they come from) and the login settings in the auth config',
      });
    }
    if (login.token !== undefined) {
      const found = extractToken(exchange, login.token);
      if ('problem' in found)
        throw new UsageError(`login failed: ${found.problem} in the response from ${label}`);
      const prefix =
        login.token.prefix ??
        (login.token.header.toLowerCase() === 'authorization' ? 'Bearer ' : '');
      this.token =
        prefix !== '' && found.token.startsWith(prefix) ? found.token : prefix + found.token;
    }
  }

  headers(): Readonly<Record<string, string>> {
    const header = this.config.login?.token?.header;
    if (header === undefined || this.token === undefined) return this.staticHeaders;
    return { ...this.staticHeaders, [header.toLowerCase()]: this.token };
  }

  loggedOut(exchange: Exchange): boolean {
    // Without a login there is nothing to renew; and the login page itself is no sign of expiry.
    if (this.loginUrl === undefined || samePage(exchange.request.url, this.loginUrl)) return false;
    const { status, body } = exchange.response;
    const rule = this.config.loggedOut;
    if (rule === undefined) return status === 401 || this.redirectsTo(exchange, this.loginUrl);
    return (
      (rule.status?.includes(status) ?? false) ||
      (rule.bodyContains !== undefined && body.includes(rule.bodyContains)) ||
      (rule.redirectTo !== undefined &&
        this.loggedOutUrl !== undefined &&
        this.redirectsTo(exchange, this.loggedOutUrl))
    );
  }

  /** What is wrong with the login response (`HTTP 401`), or `undefined` when it succeeded. */
  private loginFailure(exchange: Exchange): string | undefined {
    const { status, body } = exchange.response;
    const success = this.config.login?.success;
    if (success?.status !== undefined) {
      if (!success.status.includes(status)) return `HTTP ${status}`;
    } else {
      if (status >= 400) return `HTTP ${status}`;
      if (this.loginUrl !== undefined && this.redirectsTo(exchange, this.loginUrl)) {
        return `HTTP ${status} (a redirect back to the login page)`;
      }
      const marker = this.config.loggedOut?.bodyContains;
      if (marker !== undefined && body.includes(marker)) {
        return `HTTP ${status} (the response still shows the logged-out text)`;
      }
    }
    if (success?.bodyContains !== undefined && !body.includes(success.bodyContains)) {
      return `HTTP ${status} (the response lacks the success text)`;
    }
    return undefined;
  }

  private redirectsTo(exchange: Exchange, page: URL): boolean {
    if (!isRedirect(exchange.response.status)) return false;
    const location = exchange.response.headers.get('location');
    if (!location) return false;
    try {
      return samePage(new URL(location, exchange.request.url).href, page);
    } catch {
      return false;
    }
  }
}

/** Whether `href` is the same origin and path as `page` (query and trailing slash ignored). */
function samePage(href: string, page: URL): boolean {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return false;
  }
  const path = (u: URL): string => u.pathname.replace(/\/+$/, '') || '/';
  return url.origin === page.origin && path(url) === path(page);
}

function resolveOnTarget(value: string, targetUrl: string, field: string): URL {
  try {
    return new URL(value, targetUrl);
  } catch {
    throw new UsageError(`auth config: ${field} "${value.slice(0, 200)}" is not a valid URL`);
  }
}

type TokenConfig = NonNullable<NonNullable<AuthConfig['login']>['token']>;

/** Finds the token in the login response; the problem is phrased without the token's value. */
function extractToken(
  exchange: Exchange,
  token: TokenConfig,
): { token: string } | { problem: string } {
  const { response } = exchange;
  if (token.from === 'header') {
    const name = token.name ?? '';
    const value = response.headers.get(name.toLowerCase());
    return value ? { token: value } : { problem: `no ${name} header` };
  }
  if (token.from === 'cookie') {
    const name = token.name ?? '';
    for (const line of response.setCookies) {
      const pair = line.split(';')[0] ?? '';
      const eq = pair.indexOf('=');
      if (eq > 0 && pair.slice(0, eq).trim() === name) {
        const value = pair.slice(eq + 1).trim();
        if (value !== '') return { token: value };
      }
    }
    return { problem: `no ${name} cookie` };
  }
  const path = token.path ?? '';
  let current: unknown;
  try {
    current = JSON.parse(response.body);
  } catch {
    return { problem: `no JSON body to read token.path ${path} from` };
  }
  for (const key of path.split('.')) {
    if (Array.isArray(current) && /^\d+$/.test(key)) current = current[Number(key)];
    else if (typeof current === 'object' && current !== null && Object.hasOwn(current, key)) {
      current = (current as Record<string, unknown>)[key];
    } else current = undefined;
  }
  if (typeof current === 'string' && current !== '') return { token: current };
  if (typeof current === 'number') return { token: String(current) };
  return { problem: `no token at ${path}` };
}
