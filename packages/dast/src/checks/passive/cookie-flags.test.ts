import { describe, expect, it } from 'vitest';
import { cookieFlagsCheck, isSessionCookie } from './cookie-flags.js';
import { exchange } from './test-support.js';

const inspect = (setCookies: string[], url = 'https://app.test/login') =>
  cookieFlagsCheck.inspect(exchange({ url, setCookies }));

describe('dast/cookie-flags', () => {
  it('reports a session cookie without any flag, listing them, with the value redacted', () => {
    const [issue, ...rest] = inspect(['connect.sid=s%3Aabc.def; Path=/']);
    expect(rest).toEqual([]);
    expect(issue).toMatchObject({
      ruleId: 'dast/cookie-flags',
      parameter: 'connect.sid',
      severity: 'medium',
      groupKey: 'https://app.test connect.sid',
      proof: 'set-cookie: connect.sid=[redacted]; Path=/',
    });
    expect(issue?.message).toBe(
      'Session cookie "connect.sid" is set without HttpOnly, Secure, SameSite.',
    );
  });

  it('does not ask for Secure over plain HTTP', () => {
    const [issue] = inspect(['sessionid=abc; HttpOnly'], 'http://app.test/');
    expect(issue?.message).toMatch(/without SameSite\.$/);
  });

  it('reports SameSite=None without Secure, even over HTTP and for any cookie', () => {
    const [issue] = inspect(['theme=dark; SameSite=None'], 'http://app.test/');
    expect(issue?.message).toMatch(/Secure \(required by SameSite=None\)/);
    expect(issue?.severity).toBe('low');
  });

  it('reports a non-session cookie only for Secure on HTTPS', () => {
    expect(inspect(['lang=en; Path=/'])[0]?.message).toBe('Cookie "lang" is set without Secure.');
    expect(inspect(['lang=en; Path=/'], 'http://app.test/')).toEqual([]);
  });

  it.each([
    ['a hardened session cookie', 'sid=abc; Path=/; HttpOnly; Secure; SameSite=Lax'],
    ['lower-case attributes', 'auth_token=abc; httponly; secure; samesite=strict'],
    ['a readable CSRF cookie', 'XSRF-TOKEN=abc; Path=/; Secure; SameSite=Strict'],
    ['a deletion by Max-Age', 'sid=gone; Max-Age=0; Path=/'],
    ['a deletion by Expires', 'sid=x; Expires=Thu, 01 Jan 1970 00:00:00 GMT'],
    ['an emptied cookie', 'session=; Path=/'],
  ])('does not report %s', (_name, header) => {
    expect(inspect([header])).toEqual([]);
  });

  it('reports each bad cookie of a response', () => {
    const issues = inspect([
      'sid=1; Secure; SameSite=Lax',
      'jwt=2; HttpOnly; Secure; SameSite=Lax',
      'token=3',
    ]);
    expect(issues.map((i) => i.parameter)).toEqual(['sid', 'token']);
  });

  it('knows session cookie names', () => {
    for (const name of [
      'PHPSESSID',
      'JSESSIONID',
      'ASP.NET_SessionId',
      'access_token',
      'remember_me',
      'sid',
    ]) {
      expect(isSessionCookie(name), name).toBe(true);
    }
    for (const name of ['theme', 'lang', 'csrftoken', '_ga', 'consider']) {
      expect(isSessionCookie(name), name).toBe(false);
    }
  });
});
