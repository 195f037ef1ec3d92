import type { FastifyRequest } from 'fastify';

/** The session cookie's name. */
export const SESSION_COOKIE = 'rampart_session';

/** How the hub decides cookie attributes and the client address behind a proxy. */
export interface CookiePolicy {
  /** true: always mark the session cookie Secure; otherwise only when the request is HTTPS. */
  readonly secureCookies?: boolean;
  /**
   * true: the hub runs behind one reverse proxy whose `x-forwarded-proto` and
   * `x-forwarded-for` are believed (the right-most forwarded address is the client: the one
   * the proxy itself appended). Off by default, because any client can send those headers.
   */
  readonly trustProxy?: boolean;
}

/** The value of a cookie in a `Cookie` header, or undefined. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** Whether the request reached us over HTTPS (directly, or through a trusted proxy). */
export function requestIsHttps(request: FastifyRequest, policy: CookiePolicy): boolean {
  if (request.protocol === 'https') return true;
  if (!policy.trustProxy) return false;
  const proto = request.headers['x-forwarded-proto'];
  const first = (Array.isArray(proto) ? proto[0] : proto)?.split(',')[0]?.trim().toLowerCase();
  return first === 'https';
}

/** The client's address, for per-address rate limits. */
export function clientAddress(request: FastifyRequest, policy: CookiePolicy): string {
  if (policy.trustProxy) {
    const forwarded = request.headers['x-forwarded-for'];
    const list = (Array.isArray(forwarded) ? forwarded.join(',') : (forwarded ?? '')).split(',');
    const last = list[list.length - 1]?.trim();
    if (last) return last;
  }
  return request.ip;
}

/**
 * The `Set-Cookie` value of a session cookie: HttpOnly (scripts cannot read it),
 * SameSite=Lax (not sent on cross-site POSTs; still sent when someone follows a link to the
 * dashboard from chat or mail, which Strict would break, and the CSRF token covers writes),
 * Path=/, Secure over HTTPS. `maxAgeSeconds` 0 deletes it.
 */
export function sessionCookie(
  value: string,
  maxAgeSeconds: number,
  request: FastifyRequest,
  policy: CookiePolicy,
): string {
  const secure = policy.secureCookies === true || requestIsHttps(request, policy);
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure ? '; Secure' : ''}`;
}
