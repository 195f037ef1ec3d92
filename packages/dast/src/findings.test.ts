import { FindingDraftSchema } from '@rampart/core';
import { describe, expect, it } from 'vitest';
import { issuesToFindings } from './findings.js';
import type { DastIssue, DastRule, Exchange } from './types.js';

const XSS: DastRule = {
  id: 'dast/xss-reflected',
  title: 'Reflected cross-site scripting',
  severity: 'high',
  cwe: ['CWE-79'],
  owasp: 'A03:2021',
  remediation: 'Encode output for its HTML context.',
  references: ['https://owasp.org/www-community/attacks/xss/'],
};
const HEADER: DastRule = {
  id: 'dast/missing-csp',
  title: 'Content-Security-Policy missing',
  severity: 'low',
  cwe: ['CWE-693'],
  remediation: 'Send a `Content-Security-Policy` header.',
  references: [],
};
const RULES = new Map([XSS, HEADER].map((r) => [r.id, r]));

const ORIGIN = 'http://127.0.0.1:3000';

function issue(init: Partial<DastIssue> = {}): DastIssue {
  return {
    ruleId: XSS.id,
    message: 'q is reflected unescaped',
    confidence: 'high',
    method: 'GET',
    url: `${ORIGIN}/search`,
    parameter: 'q',
    ...init,
  };
}

function missingCsp(path: string): DastIssue {
  return {
    ruleId: HEADER.id,
    message: 'No CSP header',
    confidence: 'high',
    method: 'GET',
    url: `${ORIGIN}${path}`,
    groupKey: ORIGIN,
  };
}

const EXCHANGE: Exchange = {
  request: {
    method: 'GET',
    url: `${ORIGIN}/search?q=%3Cscript%3E`,
    headers: { cookie: 'sid=secretcookie' },
  },
  response: {
    status: 200,
    headers: new Map([['content-type', 'text/html']]),
    setCookies: [],
    body: '<p>Results for <script>rmp1</script></p>',
    truncated: false,
    contentType: 'text/html',
  },
  elapsedMs: 3,
};

describe('issuesToFindings', () => {
  it('applies the rule metadata and builds a valid draft', () => {
    const [draft, ...rest] = issuesToFindings(
      [
        issue({
          payload: '<script>rmp1</script>',
          exchange: EXCHANGE,
          proof: '<script>rmp1</script>',
          details: { context: 'html' },
        }),
      ],
      RULES,
      '1.2.3',
    );
    expect(rest).toEqual([]);
    expect(FindingDraftSchema.parse(draft)).toEqual(draft);
    expect(draft).toMatchObject({
      ruleId: 'dast/xss-reflected',
      scanner: 'dast',
      tool: { name: 'rampart', version: '1.2.3' },
      title: XSS.title,
      message: 'q is reflected unescaped',
      severity: 'high',
      confidence: 'high',
      cwe: ['CWE-79'],
      owasp: 'A03:2021',
      remediation: XSS.remediation,
      references: XSS.references,
      tags: ['dast'],
      location: { kind: 'url', method: 'GET', url: `${ORIGIN}/search`, parameter: 'q' },
      properties: { context: 'html', payload: '<script>rmp1</script>' },
    });
    expect(draft?.location.kind === 'url' && draft.location.evidence?.proof).toBe(
      '<script>rmp1</script>',
    );
    expect(JSON.stringify(draft)).not.toContain('secretcookie');
  });

  it('lets an issue override the rule severity', () => {
    const [draft] = issuesToFindings([issue({ severity: 'critical' })], RULES, '0');
    expect(draft?.severity).toBe('critical');
  });

  it('leaves out owasp, evidence and parameter when there are none', () => {
    const [draft] = issuesToFindings(
      [{ ruleId: HEADER.id, message: 'm', confidence: 'low', method: 'GET', url: `${ORIGIN}/` }],
      RULES,
      '0',
    );
    expect(FindingDraftSchema.parse(draft)).toEqual(draft);
    expect(draft).not.toHaveProperty('owasp');
    expect(draft?.location).toEqual({ kind: 'url', method: 'GET', url: `${ORIGIN}/` });
    expect(draft?.properties).toEqual({});
  });

  it('groups issues of one rule with the same group key into one finding', () => {
    const paths = ['/c', '/a', '/b', '/a'];
    const drafts = issuesToFindings(paths.map(missingCsp), RULES, '0');
    expect(drafts).toHaveLength(1);
    const [draft] = drafts;
    expect(FindingDraftSchema.parse(draft)).toEqual(draft);
    expect(draft?.location).toMatchObject({ method: 'GET', url: `${ORIGIN}/` });
    expect(draft?.properties).toEqual({
      affectedUrls: [`${ORIGIN}/a`, `${ORIGIN}/b`, `${ORIGIN}/c`],
      affectedCount: 3,
    });
    expect(draft?.message).toBe('No CSP header (3 URLs)');
  });

  it('does not count a URL reported twice in a group as two', () => {
    const [draft] = issuesToFindings([missingCsp('/a'), missingCsp('/a')], RULES, '0');
    expect(draft?.message).toBe('No CSP header');
    expect(draft?.properties?.affectedCount).toBe(1);
  });

  it('caps the listed URLs at 20 but counts them all', () => {
    const paths = Array.from({ length: 30 }, (_, i) => `/p${String(i).padStart(2, '0')}`);
    const [draft] = issuesToFindings(paths.map(missingCsp), RULES, '0');
    const urls = draft?.properties?.affectedUrls as string[];
    expect(urls).toHaveLength(20);
    expect(urls[0]).toBe(`${ORIGIN}/p00`);
    expect(urls).toEqual([...urls].sort());
    expect(draft?.properties?.affectedCount).toBe(30);
  });

  it('keeps different group keys and rules apart', () => {
    const other = {
      ...missingCsp('/x'),
      url: 'http://127.0.0.1:4000/x',
      groupKey: 'http://127.0.0.1:4000',
    };
    const drafts = issuesToFindings([missingCsp('/a'), other, issue()], RULES, '0');
    expect(
      drafts.map((d) => `${d.ruleId} ${d.location.kind === 'url' ? d.location.url : ''}`),
    ).toEqual([
      `dast/missing-csp ${ORIGIN}/`,
      'dast/missing-csp http://127.0.0.1:4000/',
      `dast/xss-reflected ${ORIGIN}/search`,
    ]);
  });

  it('reports the same rule, method, URL and parameter once, keeping the most confident', () => {
    const drafts = issuesToFindings(
      [
        issue({ confidence: 'low', message: 'maybe' }),
        issue({ confidence: 'high', message: 'confirmed', payload: 'p-high' }),
        issue({ confidence: 'medium', message: 'likely' }),
      ],
      RULES,
      '0',
    );
    expect(drafts).toHaveLength(1);
    expect(drafts[0]?.message).toBe('confirmed');
    expect(drafts[0]?.confidence).toBe('high');
    expect(drafts[0]?.properties?.payload).toBe('p-high');
  });

  it('keeps issues at other parameters, methods or URLs separate', () => {
    const drafts = issuesToFindings(
      [
        issue(),
        issue({ parameter: 'page' }),
        issue({ method: 'POST' }),
        issue({ url: `${ORIGIN}/other` }),
      ],
      RULES,
      '0',
    );
    expect(drafts).toHaveLength(4);
  });

  it('throws on an issue of an unregistered rule', () => {
    expect(() => issuesToFindings([issue({ ruleId: 'dast/nope' })], RULES, '0')).toThrow(
      /dast\/nope/,
    );
  });
});
