import { describe, expect, it } from 'vitest';
import { evidenceOf, redactHttp, redactUrl } from './http-evidence.js';

describe('redactHttp', () => {
  const token = ['eyJhbGciOiJIUzI1NiJ9', 'eyJzdWIiOiJzYW0ifQ', 'c2lnbmF0dXJl'].join('.');

  it('masks credential headers and keeps the scheme, cookie names and attributes', () => {
    const request = [
      'GET /api HTTP/1.1',
      `Authorization: Bearer ${token}`,
      'Cookie: sid=8f14e45fceea167a; theme=dark',
      'X-Api-Key: 0123456789abcdef',
      'Accept: */*',
    ].join('\r\n');
    expect(redactHttp(request)).toBe(
      [
        'GET /api HTTP/1.1',
        'Authorization: Bearer eyJh************',
        'Cookie: sid=8f14************; theme=d****',
        'X-Api-Key: 0123************',
        'Accept: */*',
      ].join('\r\n'),
    );
  });

  it('masks Set-Cookie values but not Path or Domain', () => {
    expect(
      redactHttp('set-cookie: session=c9f0f895fb98ab91; Path=/; Domain=shop.test; Secure'),
    ).toBe('set-cookie: session=c9f0************; Path=/; Domain=shop.test; Secure');
  });

  it('masks bearer tokens outside headers, such as in a curl command', () => {
    expect(
      redactHttp(`curl -H 'X: 1' -H "Authorization: Bearer ${token}" https://x.test`),
    ).not.toContain(token);
  });

  it('cuts long evidence after masking', () => {
    const long = `Cookie: a=${'z'.repeat(50)}\n${'y'.repeat(5000)}`;
    const kept = evidenceOf(long, 100);
    expect(kept).toHaveLength(101);
    expect(kept?.endsWith('…')).toBe(true);
    expect(kept).not.toContain('z'.repeat(20));
    expect(evidenceOf('   ')).toBeUndefined();
  });

  it('masks credential query parameters in URLs and request lines, keeping the rest', () => {
    expect(redactUrl('https://a.test/cb?code=1&access_token=eyJhbGciOiJIUzI1NiJ9&x=2')).toBe(
      'https://a.test/cb?code=1&access_token=eyJh************&x=2',
    );
    expect(redactUrl('https://a.test/p;jsessionid=0123456789ABCDEF?sid=ab')).toBe(
      'https://a.test/p;jsessionid=0123************?sid=ab',
    );
    expect(redactHttp('GET /login?user=sam&password=hunter2hunter2 HTTP/1.1')).toBe(
      'GET /login?user=sam&password=hunt********** HTTP/1.1',
    );
  });
});
