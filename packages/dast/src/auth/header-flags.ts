import { UsageError } from '@rampart/core';
import { HTTP_TOKEN } from './auth-config.js';

/**
 * Parses `--header "Name: value"` flags into lower-case header names; a repeated header's
 * values are joined with `, ` as HTTP does. Messages name the flag by position and header
 * name, never its value (it is often a token).
 * @example parseHeaderFlags(['Authorization: Bearer abc']) // { authorization: 'Bearer abc' }
 */
export function parseHeaderFlags(flags: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  flags.forEach((flag, index) => {
    const which = `--header #${index + 1}`;
    const colon = flag.indexOf(':');
    if (colon < 0) {
      throw new UsageError(`${which}: expected "Name: value" (there is no ":")`);
    }
    const name = flag.slice(0, colon).trim();
    if (!HTTP_TOKEN.test(name)) {
      throw new UsageError(
        `${which}: "${name.slice(0, 60)}" is not a valid header name (letters, digits and -_.!#$%&'*+^\`|~)`,
      );
    }
    const value = flag.slice(colon + 1).trim();
    if (/[\r\n\0]/.test(value)) {
      throw new UsageError(`${which} (${name}): the value contains a line break or NUL`);
    }
    const key = name.toLowerCase();
    headers[key] = headers[key] === undefined ? value : `${headers[key]}, ${value}`;
  });
  return headers;
}

/**
 * Parses `--cookie "name=value"` flags (several may share one flag as `a=1; b=2`, as copied
 * from a browser) into `name → value`; a later cookie of the same name wins.
 * @example parseCookieFlags(['session=abc; lang=en']) // { session: 'abc', lang: 'en' }
 */
export function parseCookieFlags(flags: readonly string[]): Record<string, string> {
  const cookies: Record<string, string> = {};
  flags.forEach((flag, index) => {
    const which = `--cookie #${index + 1}`;
    const pairs = flag
      .split(';')
      .map((p) => p.trim())
      .filter((p) => p !== '');
    if (pairs.length === 0) throw new UsageError(`${which}: expected "name=value", got nothing`);
    for (const pair of pairs) {
      const eq = pair.indexOf('=');
      if (eq < 0) throw new UsageError(`${which}: expected "name=value" (there is no "=")`);
      const name = pair.slice(0, eq).trim();
      if (!HTTP_TOKEN.test(name)) {
        throw new UsageError(`${which}: "${name.slice(0, 60)}" is not a valid cookie name`);
      }
      let value = pair.slice(eq + 1).trim();
      if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
        value = value.slice(1, -1);
      }
      if (/[\s",\\\0]/.test(value)) {
        throw new UsageError(
          `${which} (${name}): the value contains a space, quote, comma or backslash; URL-encode it`,
        );
      }
      cookies[name] = value;
    }
  });
  return cookies;
}
