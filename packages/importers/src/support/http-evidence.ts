import { redactSecret } from '@rampart/core';

/** Longest request or response kept as evidence, in characters. */
export const MAX_EVIDENCE = 4000;

// Headers whose values are credentials or sessions, whatever the tool or the application.
const SECRET_HEADERS =
  /^([ \t]*(?:authorization|proxy-authorization|cookie|set-cookie|x-api-key|api-key|x-auth-token|x-access-token|x-csrf-token|x-xsrf-token)[ \t]*:[ \t]*)(.*?)([ \t]*)$/gim;
const BEARER = /\b(Bearer|Basic|Token)[ \t]+([A-Za-z0-9\-._~+/]{8,}=*)/g;
// Query parameters that carry credentials or sessions.
const SECRET_QUERY =
  /([?&;](?:access_token|id_token|refresh_token|api[-_]?key|apikey|token|auth|password|passwd|pwd|secret|client_secret|session|sessionid|jsessionid|phpsessid|sid|signature|sig|x-amz-signature|x-amz-credential)=)([^&#;?\s"'<>]+)/gi;

/**
 * A URL with the values of credential-like query parameters masked (`?token=abcd…` →
 * `?token=abcd********`); the path and the other parameters are unchanged, so the finding's
 * URL fingerprint (method, path template, parameter) does not move.
 * @example redactUrl('https://a.test/cb?code=1&access_token=eyJhbGciOi') // 'https://a.test/cb?code=1&access_token=eyJ*******'
 */
export function redactUrl(url: string): string {
  return url.replace(SECRET_QUERY, (_whole, name: string, value: string) =>
    value.length < 4 ? `${name}${value}` : `${name}${redactSecret(value)}`,
  );
}

/**
 * Masks the credentials an HTTP message carries before it is kept as evidence: the values
 * of `Authorization`, `Cookie`, `Set-Cookie`, API-key and CSRF headers (anywhere a header
 * line is), `Bearer …`/`Basic …` tokens elsewhere (a curl command, a body), and
 * credential-like query parameters (see {@link redactUrl}).
 * @example redactHttp('GET / HTTP/1.1\nCookie: sid=abcdef123456') // 'GET / HTTP/1.1\nCookie: sid=********'
 */
export function redactHttp(text: string): string {
  return text
    .replace(SECRET_HEADERS, (_whole, name: string, value: string, tail: string) =>
      value === '' ? `${name}${tail}` : `${name}${maskHeaderValue(name, value)}${tail}`,
    )
    .replace(BEARER, (_whole, scheme: string, token: string) => `${scheme} ${redactSecret(token)}`)
    .replace(SECRET_QUERY, (_whole, name: string, value: string) =>
      value.length < 4 ? `${name}${value}` : `${name}${redactSecret(value)}`,
    );
}

function maskHeaderValue(name: string, value: string): string {
  const header = name.replace(':', '').trim().toLowerCase();
  if (header.startsWith('cookie') || header.startsWith('set-cookie')) {
    // Keep cookie names and attributes (they say what the finding is about), mask values.
    return value
      .split(';')
      .map((part, i) => {
        const eq = part.indexOf('=');
        if (eq === -1) return part;
        const key = part.slice(0, eq);
        const val = part.slice(eq + 1);
        const attribute = i > 0 && /^\s*(path|domain|expires|max-age|samesite)$/i.test(key);
        return attribute || val.trim() === '' ? part : `${key}=${redactSecret(val.trim())}`;
      })
      .join(';');
  }
  const scheme = /^(\w+)[ \t]+(.+)$/.exec(value);
  if (scheme?.[1] !== undefined && scheme[2] !== undefined && header.endsWith('authorization')) {
    return `${scheme[1]} ${redactSecret(scheme[2])}`;
  }
  return redactSecret(value);
}

/** Evidence as a finding keeps it: credentials masked, cut at `max` characters with `…`. */
export function evidenceOf(
  text: string | undefined | null,
  max = MAX_EVIDENCE,
): string | undefined {
  if (text === undefined || text === null || text.trim() === '') return undefined;
  const masked = redactHttp(text);
  return masked.length > max ? `${masked.slice(0, max)}…` : masked;
}
