import { describe, expect, it } from 'vitest';
import { CLICKJACKING, clickjackingCheck } from './clickjacking.js';
import { HSTS_MISSING, hstsCheck } from './hsts.js';
import { REFERRER_POLICY_MISSING, referrerPolicyCheck } from './referrer-policy.js';
import { exchange, HARDENED_HEADERS, issuesOf, PAGE } from './test-support.js';
import { XCTO_MISSING, xctoCheck } from './xcto.js';

describe('dast/hsts-missing', () => {
  it('reports an HTTPS response without HSTS', () => {
    const [issue] = issuesOf(hstsCheck, HSTS_MISSING.id, exchange({ url: 'https://a.test/x' }));
    expect(issue).toMatchObject({
      groupKey: 'https://a.test',
      parameter: 'strict-transport-security',
    });
  });

  it.each(['max-age=86400', 'max-age=0', 'includeSubDomains'])('reports "%s"', (value) => {
    const ex = exchange({ headers: { 'strict-transport-security': value } });
    const [issue] = issuesOf(hstsCheck, HSTS_MISSING.id, ex);
    expect(issue?.proof).toBe(`strict-transport-security: ${value}`);
  });

  it.each([
    ['six months', exchange({ headers: { 'strict-transport-security': 'max-age=15552000' } })],
    [
      'a year, quoted',
      exchange({ headers: { 'strict-transport-security': 'max-age="31536000"; preload' } }),
    ],
    ['plain HTTP', exchange({ url: 'http://a.test/' })],
  ])('does not report %s', (_name, ex) => {
    expect(issuesOf(hstsCheck, HSTS_MISSING.id, ex)).toEqual([]);
  });
});

describe('dast/xcto-missing', () => {
  it('reports a response with a body and no nosniff', () => {
    const ex = exchange({ body: 'console.log(1)', contentType: 'text/javascript' });
    expect(issuesOf(xctoCheck, XCTO_MISSING.id, ex)).toHaveLength(1);
  });

  it('reports a wrong value', () => {
    const ex = exchange({ body: PAGE, headers: { 'x-content-type-options': 'sniff' } });
    expect(issuesOf(xctoCheck, XCTO_MISSING.id, ex)[0]?.message).toMatch(/"sniff"/);
  });

  it.each([
    ['nosniff', exchange({ body: PAGE, headers: { 'x-content-type-options': 'NoSniff' } })],
    ['an empty body', exchange({ status: 204 })],
    ['a 404', exchange({ status: 404, body: 'not found' })],
  ])('does not report %s', (_name, ex) => {
    expect(issuesOf(xctoCheck, XCTO_MISSING.id, ex)).toEqual([]);
  });
});

describe('dast/clickjacking', () => {
  it('reports a page without frame-ancestors or X-Frame-Options', () => {
    const ex = exchange({
      body: PAGE,
      headers: { 'content-security-policy': "default-src 'self'" },
    });
    expect(issuesOf(clickjackingCheck, CLICKJACKING.id, ex)).toHaveLength(1);
  });

  it.each(['ALLOW-FROM https://x.test', 'allowall'])('reports X-Frame-Options %s', (xfo) => {
    const ex = exchange({ body: PAGE, headers: { 'x-frame-options': xfo } });
    expect(issuesOf(clickjackingCheck, CLICKJACKING.id, ex)[0]?.message).toMatch(/do not honour/);
  });

  it('reports frame-ancestors *', () => {
    const ex = exchange({
      body: PAGE,
      headers: { 'content-security-policy': 'frame-ancestors *' },
    });
    expect(issuesOf(clickjackingCheck, CLICKJACKING.id, ex)).toHaveLength(1);
  });

  it.each([
    ['DENY', { 'x-frame-options': 'DENY' }],
    ['sameorigin', { 'x-frame-options': 'sameorigin' }],
    [
      'frame-ancestors',
      { 'content-security-policy': "default-src 'self'; frame-ancestors 'self'" },
    ],
  ])('does not report %s', (_name, headers) => {
    expect(issuesOf(clickjackingCheck, CLICKJACKING.id, exchange({ body: PAGE, headers }))).toEqual(
      [],
    );
  });

  it('ignores responses that are not HTML', () => {
    const ex = exchange({ body: '{}', contentType: 'application/json' });
    expect(issuesOf(clickjackingCheck, CLICKJACKING.id, ex)).toEqual([]);
  });
});

describe('dast/referrer-policy-missing', () => {
  it('reports a page without a policy, as info', () => {
    const [issue] = issuesOf(
      referrerPolicyCheck,
      REFERRER_POLICY_MISSING.id,
      exchange({ body: PAGE }),
    );
    expect(issue?.severity).toBe('info');
  });

  it('reports unsafe-url at the rule severity, in its own group', () => {
    const ex = exchange({ body: PAGE, headers: { 'referrer-policy': 'unsafe-url' } });
    const [issue] = issuesOf(referrerPolicyCheck, REFERRER_POLICY_MISSING.id, ex);
    expect(issue?.severity).toBeUndefined();
    expect(issue?.groupKey).toBe('https://app.test unsafe-url');
  });

  it.each([
    ['a header', exchange({ body: PAGE, headers: { 'referrer-policy': 'no-referrer' } })],
    [
      'a fallback list',
      exchange({
        body: PAGE,
        headers: { 'referrer-policy': 'no-referrer, strict-origin-when-cross-origin' },
      }),
    ],
    [
      'a meta tag',
      exchange({ body: '<html><head><meta name="referrer" content="same-origin"></head></html>' }),
    ],
  ])('accepts %s', (_name, ex) => {
    expect(issuesOf(referrerPolicyCheck, REFERRER_POLICY_MISSING.id, ex)).toEqual([]);
  });

  it('lets a meta tag override the header, as browsers do', () => {
    const ex = exchange({
      body: '<html><head><meta content="unsafe-url" name="referrer"></head></html>',
      headers: { 'referrer-policy': 'no-referrer' },
    });
    expect(issuesOf(referrerPolicyCheck, REFERRER_POLICY_MISSING.id, ex)).toHaveLength(1);
  });
});

describe('a hardened response', () => {
  it('passes every header check', () => {
    const ex = exchange({ body: PAGE, headers: HARDENED_HEADERS });
    for (const check of [hstsCheck, xctoCheck, clickjackingCheck, referrerPolicyCheck]) {
      expect(check.inspect(ex)).toEqual([]);
    }
  });
});
