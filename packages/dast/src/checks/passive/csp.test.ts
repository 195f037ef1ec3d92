import { describe, expect, it } from 'vitest';
import { CSP_MISSING, CSP_WEAK, cspCheck, parsePolicy, scriptWeaknesses } from './csp.js';
import { exchange, issuesOf, PAGE } from './test-support.js';

const html = (headers: Record<string, string>, body = PAGE) =>
  exchange({ url: 'https://app.test/page', headers, body });

describe('dast/csp-missing', () => {
  it('reports an HTML page without a policy, grouped by origin', () => {
    const [issue, ...rest] = issuesOf(cspCheck, CSP_MISSING.id, html({}));
    expect(rest).toEqual([]);
    expect(issue).toMatchObject({
      groupKey: 'https://app.test',
      parameter: 'content-security-policy',
      confidence: 'high',
    });
    expect(issue?.message).toMatch(/without a Content-Security-Policy/);
  });

  it('says so when only a report-only policy is sent', () => {
    const [issue] = issuesOf(
      cspCheck,
      CSP_MISSING.id,
      html({ 'content-security-policy-report-only': "default-src 'self'" }),
    );
    expect(issue?.message).toMatch(/Report-Only/);
  });

  it.each([
    ['a strict header', html({ 'content-security-policy': "default-src 'self'" })],
    [
      'a meta policy',
      html(
        {},
        `<html><head><meta http-equiv="Content-Security-Policy" content="default-src 'self'"></head></html>`,
      ),
    ],
    ['a JSON response', exchange({ body: '{"a":1}', contentType: 'application/json' })],
    ['a redirect', exchange({ status: 302, body: '<html></html>' })],
  ])('does not report %s', (_name, ex) => {
    expect(issuesOf(cspCheck, CSP_MISSING.id, ex)).toEqual([]);
    expect(issuesOf(cspCheck, CSP_WEAK.id, ex)).toEqual([]);
  });
});

describe('dast/csp-weak', () => {
  it.each([
    ["script-src 'self' 'unsafe-inline'", /'unsafe-inline' without a nonce/],
    ["default-src 'self' 'unsafe-inline'", /default-src allows 'unsafe-inline'/],
    ['default-src *', /any source \(\*\)/],
    ["script-src 'self' https:", /any source \(https:\)/],
    ["frame-ancestors 'none'", /neither default-src nor script-src/],
  ])('reports %s', (policy, message) => {
    const [issue] = issuesOf(cspCheck, CSP_WEAK.id, html({ 'content-security-policy': policy }));
    expect(issue?.message).toMatch(message);
    expect(issue?.proof).toBe(`content-security-policy: ${policy}`);
    expect(issuesOf(cspCheck, CSP_MISSING.id, html({ 'content-security-policy': policy }))).toEqual(
      [],
    );
  });

  it.each([
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline' 'nonce-abc123'",
    "script-src 'unsafe-inline' 'sha256-AAAA'",
    "script-src 'nonce-abc' 'strict-dynamic' https: 'unsafe-inline'",
    // script-src is strict: a lax default-src does not matter for scripts.
    "default-src *; script-src 'self'",
  ])('accepts %s', (policy) => {
    expect(issuesOf(cspCheck, CSP_WEAK.id, html({ 'content-security-policy': policy }))).toEqual(
      [],
    );
  });

  it('accepts two policies when one of them restricts scripts', () => {
    const ex = html({ 'content-security-policy': "frame-ancestors 'none', script-src 'self'" });
    expect(cspCheck.inspect(ex)).toEqual([]);
  });

  it('reads the first directive when one is repeated', () => {
    expect(scriptWeaknesses(parsePolicy("script-src 'self'; script-src *"))).toEqual([]);
  });
});
