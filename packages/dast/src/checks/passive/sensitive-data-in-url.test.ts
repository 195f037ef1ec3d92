import { describe, expect, it } from 'vitest';
import { sensitiveDataInUrlCheck, sensitiveKind } from './sensitive-data-in-url.js';
import { exchange } from './test-support.js';

/** A made-up token, joined at run time so the repository's own secret scan stays clean. */
const JWT = ['eyJhbGciOiJIUzI1NiJ9', 'eyJzdWIiOiIxMjM0NSJ9', 'c2lnbmF0dXJlc2lnbmF0dXJl'].join('.');

describe('dast/sensitive-data-in-url', () => {
  it.each([
    ['token', 'abc123', 'token'],
    ['api_key', 'k-123', 'API key'],
    ['apikey', 'k-123', 'API key'],
    ['access_token', 'abc', 'token'],
    ['password', 'hunter2', 'password'],
    ['client_secret', 's3cr3t', 'secret'],
    ['PHPSESSID', 'abcdef', 'session id'],
    ['state', JWT, 'JSON Web Token'],
  ])('reports ?%s=…', (name, value, kind) => {
    const url = `https://a.test/cb?${name}=${encodeURIComponent(value)}&page=2`;
    const [issue, ...rest] = sensitiveDataInUrlCheck.inspect(exchange({ url }));
    expect(rest).toEqual([]);
    expect(issue).toMatchObject({
      parameter: name,
      details: { kind },
      groupKey: `https://a.test/cb ${name}`,
    });
    // The value never reaches the report: not in the URL, the message or the attached request.
    for (const text of [issue?.url, issue?.message, issue?.exchange?.request.url]) {
      expect(text).not.toContain(encodeURIComponent(value));
      expect(text).not.toContain(value);
    }
    expect(issue?.url).toBe(`https://a.test/cb?${name}=REDACTED&page=2`);
  });

  it('reports a password as high severity', () => {
    const [issue] = sensitiveDataInUrlCheck.inspect(
      exchange({ url: 'https://a.test/login?user=a&password=x' }),
    );
    expect(issue?.severity).toBe('high');
  });

  it('reports a ;jsessionid path parameter', () => {
    const [issue] = sensitiveDataInUrlCheck.inspect(
      exchange({ url: 'https://a.test/shop;jsessionid=ABCDEF123?item=1' }),
    );
    expect(issue).toMatchObject({
      parameter: 'jsessionid',
      url: 'https://a.test/shop;jsessionid=REDACTED?item=1',
    });
  });

  it.each([
    'https://a.test/search?q=token&page=2',
    'https://a.test/list?page_token=abc&next_token=def',
    'https://a.test/form?csrf_token=abc',
    'https://a.test/reset?token=',
    'https://a.test/docs/api_key-guide',
  ])('does not report %s', (url) => {
    expect(sensitiveDataInUrlCheck.inspect(exchange({ url }))).toEqual([]);
  });

  it('classifies names', () => {
    expect(sensitiveKind('X-API-Key')).toBe('API key');
    expect(sensitiveKind('keyword')).toBeUndefined();
  });
});
