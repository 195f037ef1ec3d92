import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { issuesToFindings } from '../../findings.js';
import { PASSIVE_CHECKS } from './index.js';
import { exchange, PAGE, ruleProblems, untestedModules } from './test-support.js';

describe('PASSIVE_CHECKS', () => {
  const rules = PASSIVE_CHECKS.flatMap((c) => c.rules);

  it('has complete, unique rule metadata', () => {
    expect(ruleProblems(rules)).toEqual([]);
  });

  it('registers every rule the issue asks for', () => {
    expect(rules.map((r) => r.id).sort()).toEqual([
      'dast/clickjacking',
      'dast/cookie-flags',
      'dast/csp-missing',
      'dast/csp-weak',
      'dast/directory-listing',
      'dast/hsts-missing',
      'dast/referrer-policy-missing',
      'dast/sensitive-data-in-url',
      'dast/stack-trace',
      'dast/version-disclosure',
      'dast/xcto-missing',
    ]);
  });

  it('has a test beside every check module (named after the check id)', () => {
    const dir = fileURLToPath(new URL('.', import.meta.url));
    expect(
      untestedModules(
        dir,
        PASSIVE_CHECKS.map((c) => c.id),
      ),
    ).toEqual([]);
  });

  it('reports only its own rules', () => {
    // A response that trips nearly everything.
    const ex = {
      request: { method: 'GET', url: 'https://a.test/x?token=abc', headers: {} },
      response: {
        status: 200,
        headers: new Map([
          ['content-type', 'text/html'],
          ['x-powered-by', 'PHP/8'],
        ]),
        setCookies: ['sid=1'],
        body: '<html><head><title>Index of /x</title></head><h1>Index of /x</h1></html>',
        truncated: false,
        contentType: 'text/html',
      },
      elapsedMs: 1,
    };
    for (const check of PASSIVE_CHECKS) {
      const own = new Set(check.rules.map((r) => r.id));
      for (const issue of check.inspect(ex))
        expect(own.has(issue.ruleId), `${check.id} ${issue.ruleId}`).toBe(true);
    }
  });

  it('groups header findings per origin when turned into findings', () => {
    const issues = ['/', '/a', '/b?x=1'].flatMap((path) =>
      PASSIVE_CHECKS.flatMap((c) =>
        c.inspect(exchange({ url: `https://a.test${path}`, body: PAGE })),
      ),
    );
    const drafts = issuesToFindings(issues, new Map(rules.map((r) => [r.id, r])), '0.0.0');
    const csp = drafts.filter((d) => d.ruleId === 'dast/csp-missing');
    expect(csp).toHaveLength(1);
    expect(csp[0]?.properties?.affectedCount).toBe(3);
    expect(new Set(drafts.map((d) => d.ruleId))).toEqual(
      new Set([
        'dast/csp-missing',
        'dast/hsts-missing',
        'dast/xcto-missing',
        'dast/clickjacking',
        'dast/referrer-policy-missing',
      ]),
    );
  });
});
