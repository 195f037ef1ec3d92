import type { DastIssue, DastRule, Exchange, PassiveCheck } from '../../types.js';
import { headerLine, isHtml, isSuccess, metaContents, originOf } from './passive-util.js';

const REFERENCES = [
  'https://developer.mozilla.org/en-US/docs/Web/HTTP/CSP',
  'https://cheatsheetseries.owasp.org/cheatsheets/Content_Security_Policy_Cheat_Sheet.html',
  'https://cwe.mitre.org/data/definitions/693.html',
];

/** An HTML page is served without any enforced Content-Security-Policy. */
export const CSP_MISSING: DastRule = {
  id: 'dast/csp-missing',
  title: 'Content-Security-Policy header missing',
  severity: 'medium',
  cwe: ['CWE-693'],
  owasp: 'A05:2021',
  remediation: [
    'Send a `Content-Security-Policy` header on every HTML response. Start strict and relax only what the app needs:',
    '',
    "```\nContent-Security-Policy: default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'\n```",
    '',
    '- Express: `app.use(helmet())` (helmet sets a CSP; tune it with `helmet.contentSecurityPolicy({ directives: { … } })`).',
    "- nginx: `add_header Content-Security-Policy \"default-src 'self'; object-src 'none'; frame-ancestors 'none'\" always;`",
    '- Apache: `Header always set Content-Security-Policy "default-src \'self\'"`.',
    '',
    'Roll it out with `Content-Security-Policy-Report-Only` first if you are unsure what breaks, then switch to the enforcing header.',
  ].join('\n'),
  references: REFERENCES,
};

/** The policy exists but does not stop injected scripts. */
export const CSP_WEAK: DastRule = {
  id: 'dast/csp-weak',
  title: 'Content-Security-Policy does not restrict scripts',
  severity: 'low',
  cwe: ['CWE-693'],
  owasp: 'A05:2021',
  remediation: [
    'Make `script-src` (or `default-src` when there is no `script-src`) restrictive:',
    '',
    "- remove `'unsafe-inline'`, or pair it with nonces (`'nonce-<random per response>'`) or hashes (`'sha256-…'`), which make browsers ignore it;",
    "- do not allow every host (`*`, `https:`, `http:`, `data:`): list the origins you load scripts from, or use `'strict-dynamic'` with nonces;",
    '- always set `default-src` or `script-src`; a policy with only `frame-ancestors` or `upgrade-insecure-requests` does not restrict scripts.',
    '',
    'With helmet: generate a random nonce per response (e.g. in `res.locals.nonce`), add `\'nonce-<value>\'` to `scriptSrc` through a directive function, and put `nonce="<value>"` on your `<script>` tags.',
  ].join('\n'),
  references: [...REFERENCES, 'https://csp-evaluator.withgoogle.com/'],
};

type Policy = ReadonlyMap<string, readonly string[]>;

/** Parses one serialized policy into directive name → source list (first occurrence wins). */
export function parsePolicy(text: string): Policy {
  const directives = new Map<string, readonly string[]>();
  for (const part of text.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (!name) continue;
    const key = name.toLowerCase();
    if (!directives.has(key)) directives.set(key, values);
  }
  return directives;
}

/** Why a policy does not stop injected scripts; empty when it does. */
export function scriptWeaknesses(policy: Policy): string[] {
  const sources = policy.get('script-src') ?? policy.get('default-src');
  if (sources === undefined) return ['it has neither default-src nor script-src'];
  const directive = policy.has('script-src') ? 'script-src' : 'default-src';
  const lower = sources.map((s) => s.toLowerCase());
  const reasons: string[] = [];
  const nonceOrHash = lower.some((s) => /^'(?:nonce-|sha256-|sha384-|sha512-)/.test(s));
  if (lower.includes("'unsafe-inline'") && !nonceOrHash) {
    reasons.push(`${directive} allows 'unsafe-inline' without a nonce or hash`);
  }
  // `'strict-dynamic'` makes browsers ignore host and scheme sources, so they are harmless then.
  if (!lower.includes("'strict-dynamic'")) {
    const wide = lower.filter((s) => s === '*' || s === 'http:' || s === 'https:' || s === 'data:');
    if (wide.length > 0) reasons.push(`${directive} allows any source (${wide.join(' ')})`);
  }
  return reasons;
}

/**
 * Reports HTML pages without an enforced CSP (`dast/csp-missing`) and pages whose policy does
 * not restrict scripts (`dast/csp-weak`: `'unsafe-inline'` without nonce or hash, wildcard
 * sources, no `default-src`/`script-src`). A `<meta http-equiv>` policy counts as a policy.
 */
export const cspCheck: PassiveCheck = {
  id: 'csp',
  rules: [CSP_MISSING, CSP_WEAK],
  inspect(exchange: Exchange): DastIssue[] {
    const { response, request } = exchange;
    if (!isHtml(response) || !isSuccess(response)) return [];
    const header = response.headers.get('content-security-policy');
    const meta = metaContents(response.body, 'http-equiv', 'content-security-policy');
    const base = {
      method: request.method,
      url: request.url,
      parameter: 'content-security-policy',
      exchange,
      groupKey: originOf(request.url),
    };
    if (header === undefined && meta.length === 0) {
      const reportOnly = response.headers.has('content-security-policy-report-only');
      return [
        {
          ...base,
          ruleId: CSP_MISSING.id,
          confidence: 'high',
          message: reportOnly
            ? 'The page has only a Content-Security-Policy-Report-Only header, which enforces nothing.'
            : 'The page is served without a Content-Security-Policy header.',
        },
      ];
    }
    // Several policies are all enforced: scripts are restricted if any one of them restricts them.
    const texts = [...(header === undefined ? [] : header.split(',')), ...meta];
    const verdicts = texts.map((t) => ({
      text: t.trim(),
      reasons: scriptWeaknesses(parsePolicy(t)),
    }));
    if (verdicts.some((v) => v.reasons.length === 0)) return [];
    const first = verdicts[0];
    if (first === undefined) return [];
    return [
      {
        ...base,
        ruleId: CSP_WEAK.id,
        confidence: 'high',
        message: `The Content-Security-Policy does not restrict scripts: ${first.reasons.join('; ')}.`,
        proof: header === undefined ? first.text : headerLine('content-security-policy', header),
        details: { policy: first.text, weaknesses: first.reasons },
      },
    ];
  },
};
