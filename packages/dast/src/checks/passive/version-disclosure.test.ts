import { describe, expect, it } from 'vitest';
import { exchange } from './test-support.js';
import { hasVersion, versionDisclosureCheck } from './version-disclosure.js';

describe('dast/version-disclosure', () => {
  it.each([
    ['x-powered-by', 'Express'],
    ['x-powered-by', 'PHP/8.1.2'],
    ['server', 'Apache/2.4.1 (Ubuntu)'],
    ['server', 'nginx/1.2'],
    ['server', 'Microsoft-IIS/10.0'],
    ['server', 'Werkzeug/2.0.1 Python/3.9.7'],
    ['x-aspnet-version', '4.0.30319'],
  ])('reports %s: %s', (header, value) => {
    const [issue, ...rest] = versionDisclosureCheck.inspect(
      exchange({ url: 'http://a.test/x', headers: { [header]: value } }),
    );
    expect(rest).toEqual([]);
    expect(issue).toMatchObject({
      ruleId: 'dast/version-disclosure',
      parameter: header,
      proof: `${header}: ${value}`,
      groupKey: `http://a.test ${header}: ${value}`,
    });
  });

  it.each(['nginx', 'Apache', 'cloudflare', 'gunicorn', 'AmazonS3'])(
    'does not report Server: %s without a version',
    (value) => {
      expect(versionDisclosureCheck.inspect(exchange({ headers: { server: value } }))).toEqual([]);
    },
  );

  it('reports both headers when both disclose', () => {
    const ex = exchange({ headers: { server: 'nginx/1.25.3', 'x-powered-by': 'Next.js' } });
    expect(versionDisclosureCheck.inspect(ex).map((i) => i.parameter)).toEqual([
      'server',
      'x-powered-by',
    ]);
  });

  it('tells versions from names', () => {
    expect(hasVersion('openresty/1.21.4.1')).toBe(true);
    expect(hasVersion('Kestrel')).toBe(false);
  });
});
