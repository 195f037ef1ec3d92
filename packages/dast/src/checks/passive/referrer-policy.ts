import type { DastIssue, DastRule, Exchange, PassiveCheck } from '../../types.js';
import { headerLine, isHtml, isSuccess, metaContents, originOf } from './passive-util.js';

/** Full URLs (with their paths and queries) may leak to other sites in the Referer header. */
export const REFERRER_POLICY_MISSING: DastRule = {
  id: 'dast/referrer-policy-missing',
  title: 'Referrer-Policy missing or unsafe',
  severity: 'low',
  cwe: ['CWE-200'],
  owasp: 'A05:2021',
  remediation: [
    'Send `Referrer-Policy: strict-origin-when-cross-origin` (or `no-referrer`, `same-origin`) on HTML responses, so paths and query strings (which may hold ids or tokens) are not sent to other sites. Never use `unsafe-url`.',
    '',
    "- Express: `app.use(helmet())` (or `helmet.referrerPolicy({ policy: 'strict-origin-when-cross-origin' })`).",
    '- nginx: `add_header Referrer-Policy strict-origin-when-cross-origin always;`',
    '- Apache: `Header always set Referrer-Policy "strict-origin-when-cross-origin"`.',
  ].join('\n'),
  references: [
    'https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Referrer-Policy',
    'https://owasp.org/www-project-secure-headers/',
    'https://cwe.mitre.org/data/definitions/200.html',
  ],
};

const KNOWN = new Set([
  'no-referrer',
  'no-referrer-when-downgrade',
  'origin',
  'origin-when-cross-origin',
  'same-origin',
  'strict-origin',
  'strict-origin-when-cross-origin',
  'unsafe-url',
]);

/** The policy a value sets: the last token browsers recognise (unknown ones are skipped). */
export function effectiveReferrerPolicy(value: string): string | undefined {
  const tokens = value
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter((t) => KNOWN.has(t));
  return tokens.at(-1);
}

/**
 * Reports HTML pages without a Referrer-Policy (header or `<meta name="referrer">`) and pages
 * whose policy is `unsafe-url`. A missing policy is only `info`: current browsers default to
 * `strict-origin-when-cross-origin`, so it matters for older browsers only.
 */
export const referrerPolicyCheck: PassiveCheck = {
  id: 'referrer-policy',
  rules: [REFERRER_POLICY_MISSING],
  inspect(exchange: Exchange): DastIssue[] {
    const { response, request } = exchange;
    if (!isHtml(response) || !isSuccess(response)) return [];
    const header = response.headers.get('referrer-policy');
    const values = [
      ...(header === undefined ? [] : [header]),
      ...metaContents(response.body, 'name', 'referrer'),
    ];
    // The meta tag comes after the header, so it wins, as in browsers.
    const policy = values
      .map(effectiveReferrerPolicy)
      .filter((p) => p !== undefined)
      .at(-1);
    const base = {
      ruleId: REFERRER_POLICY_MISSING.id,
      method: request.method,
      url: request.url,
      parameter: 'referrer-policy',
      confidence: 'high' as const,
      exchange,
      groupKey: originOf(request.url),
    };
    if (policy === undefined) {
      return [
        {
          ...base,
          severity: 'info',
          message:
            'The page sets no Referrer-Policy; older browsers send its full URL to other sites.',
        },
      ];
    }
    if (policy !== 'unsafe-url') return [];
    return [
      {
        ...base,
        // A separate group, so the worse case is not folded into the `info` one.
        groupKey: `${base.groupKey} unsafe-url`,
        message:
          'Referrer-Policy is unsafe-url: the full URL, query string included, is sent to every site the page links to or loads from.',
        ...(header === undefined ? {} : { proof: headerLine('referrer-policy', header) }),
      },
    ];
  },
};
