import type { DastIssue, DastRule, Exchange, PassiveCheck } from '../../types.js';
import { isHttps, originOf } from './passive-util.js';

/** A cookie lacks HttpOnly, Secure or SameSite. */
export const COOKIE_FLAGS: DastRule = {
  id: 'dast/cookie-flags',
  title: 'Cookie set without HttpOnly, Secure or SameSite',
  severity: 'medium',
  cwe: ['CWE-1004', 'CWE-614', 'CWE-1275'],
  owasp: 'A05:2021',
  remediation: [
    'Set session and authentication cookies with all three attributes:',
    '',
    '```\nSet-Cookie: sid=…; Path=/; HttpOnly; Secure; SameSite=Lax\n```',
    '',
    '- `HttpOnly`: scripts (and so XSS) cannot read the cookie.',
    '- `Secure`: the cookie is never sent over plain HTTP.',
    '- `SameSite=Lax` (or `Strict`): the cookie is not sent on cross-site requests, which blunts CSRF. `SameSite=None` requires `Secure`.',
    '',
    "Express: `session({ cookie: { httpOnly: true, secure: true, sameSite: 'lax' } })` (behind a proxy add `app.set('trust proxy', 1)`); `res.cookie(name, value, { httpOnly: true, secure: true, sameSite: 'lax' })`.",
    'Django: `SESSION_COOKIE_SECURE = True`, `SESSION_COOKIE_SAMESITE = "Lax"`. PHP: `session.cookie_httponly=1`, `session.cookie_secure=1`, `session.cookie_samesite=Lax`.',
  ].join('\n'),
  references: [
    'https://owasp.org/www-community/controls/SecureCookieAttribute',
    'https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html#cookies',
    'https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Set-Cookie',
    'https://cwe.mitre.org/data/definitions/1004.html',
    'https://cwe.mitre.org/data/definitions/614.html',
  ],
};

/** A parsed Set-Cookie header: the name, whether it has a value, and lower-cased attributes. */
export interface SetCookie {
  readonly name: string;
  readonly empty: boolean;
  readonly attributes: ReadonlyMap<string, string>;
}

/** Parses one Set-Cookie header; undefined when it has no `name=`. */
export function parseSetCookie(header: string): SetCookie | undefined {
  const [pair = '', ...rest] = header.split(';');
  const eq = pair.indexOf('=');
  if (eq <= 0) return undefined;
  const attributes = new Map<string, string>();
  for (const part of rest) {
    const at = part.indexOf('=');
    const key = (at < 0 ? part : part.slice(0, at)).trim().toLowerCase();
    if (key) attributes.set(key, at < 0 ? '' : part.slice(at + 1).trim());
  }
  return { name: pair.slice(0, eq).trim(), empty: pair.slice(eq + 1).trim() === '', attributes };
}

/**
 * Whether a cookie name looks like a session or credential. CSRF cookies are left out on
 * purpose: the double-submit pattern needs scripts to read them.
 */
export function isSessionCookie(name: string): boolean {
  if (/csrf|xsrf/i.test(name)) return false;
  return /sess|^sid$|[_.-]sid$|^sid[_.-]|token|auth|jwt|remember|login|identity|\.aspxauth/i.test(
    name,
  );
}

/** Whether the header deletes the cookie (empty value, `Max-Age<=0`, an `Expires` in the past). */
function isDeletion(cookie: SetCookie): boolean {
  if (cookie.empty) return true;
  const maxAge = cookie.attributes.get('max-age');
  if (maxAge !== undefined && Number(maxAge) <= 0) return true;
  const expires = cookie.attributes.get('expires');
  return expires !== undefined && Date.parse(expires) < Date.now();
}

/** The flags a cookie should have and lacks. */
export function missingFlags(cookie: SetCookie, https: boolean): string[] {
  const session = isSessionCookie(cookie.name);
  const secure = cookie.attributes.has('secure');
  const sameSite = cookie.attributes.get('samesite')?.toLowerCase();
  const missing: string[] = [];
  if (session && !cookie.attributes.has('httponly')) missing.push('HttpOnly');
  if (!secure && sameSite === 'none') missing.push('Secure (required by SameSite=None)');
  else if (!secure && https) missing.push('Secure');
  if (session && sameSite === undefined) missing.push('SameSite');
  return missing;
}

/**
 * Reports cookies set without the flags they need. Session-like cookies (names with sess,
 * sid, token, auth, jwt, remember, login…) need HttpOnly and SameSite, and Secure on HTTPS
 * (severity medium). Other cookies are only reported (severity low) when they lack Secure on
 * HTTPS or use SameSite=None without Secure: preference cookies are often read by scripts.
 */
export const cookieFlagsCheck: PassiveCheck = {
  id: 'cookie-flags',
  rules: [COOKIE_FLAGS],
  inspect(exchange: Exchange): DastIssue[] {
    const { response, request } = exchange;
    const issues: DastIssue[] = [];
    for (const header of response.setCookies) {
      const cookie = parseSetCookie(header);
      if (cookie === undefined || isDeletion(cookie)) continue;
      const missing = missingFlags(cookie, isHttps(exchange));
      if (missing.length === 0) continue;
      const session = isSessionCookie(cookie.name);
      const attributes = header.slice(
        header.indexOf(';') < 0 ? header.length : header.indexOf(';'),
      );
      issues.push({
        ruleId: COOKIE_FLAGS.id,
        method: request.method,
        url: request.url,
        parameter: cookie.name,
        confidence: 'high',
        severity: session ? 'medium' : 'low',
        exchange,
        proof: `set-cookie: ${cookie.name}=[redacted]${attributes}`,
        groupKey: `${originOf(request.url)} ${cookie.name}`,
        message: `${session ? 'Session cookie' : 'Cookie'} "${cookie.name}" is set without ${missing.join(', ')}.`,
        details: { cookie: cookie.name, missing, sessionLike: session },
      });
    }
    return issues;
  },
};
