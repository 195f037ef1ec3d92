import type { DastIssue, DastRule, Exchange, PassiveCheck } from '../../types.js';
import { parsePolicy } from './csp.js';
import { isHtml, isSuccess, originOf } from './passive-util.js';

/** Any site can frame the page and trick users into clicking it. */
export const CLICKJACKING: DastRule = {
  id: 'dast/clickjacking',
  title: 'Page can be framed by other sites (clickjacking)',
  severity: 'medium',
  cwe: ['CWE-1021'],
  owasp: 'A05:2021',
  remediation: [
    "Tell browsers who may frame the page. Prefer CSP `frame-ancestors 'none'` (or `'self'`); add `X-Frame-Options: DENY` (or `SAMEORIGIN`) for old browsers:",
    '',
    "- Express: `app.use(helmet())` sets both (`frameAncestors` in `helmet.contentSecurityPolicy`, `helmet.frameguard({ action: 'deny' })`).",
    '- nginx: `add_header Content-Security-Policy "frame-ancestors \'none\'" always;` and `add_header X-Frame-Options DENY always;`',
    '- Apache: `Header always set X-Frame-Options "DENY"`.',
    '',
    '`frame-ancestors` only works in the header, not in a `<meta>` tag; `X-Frame-Options: ALLOW-FROM` is ignored by current browsers.',
  ].join('\n'),
  references: [
    'https://owasp.org/www-community/attacks/Clickjacking',
    'https://cheatsheetseries.owasp.org/cheatsheets/Clickjacking_Defense_Cheat_Sheet.html',
    'https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Content-Security-Policy/frame-ancestors',
    'https://cwe.mitre.org/data/definitions/1021.html',
  ],
};

/** Whether a CSP header value restricts framing (any of its policies has frame-ancestors). */
function cspRestrictsFraming(header: string | undefined): boolean {
  if (header === undefined) return false;
  return header.split(',').some((policy) => {
    const sources = parsePolicy(policy).get('frame-ancestors');
    return sources !== undefined && !sources.includes('*');
  });
}

/** Reports HTML pages with neither CSP `frame-ancestors` nor `X-Frame-Options` DENY/SAMEORIGIN. */
export const clickjackingCheck: PassiveCheck = {
  id: 'clickjacking',
  rules: [CLICKJACKING],
  inspect(exchange: Exchange): DastIssue[] {
    const { response, request } = exchange;
    if (!isHtml(response) || !isSuccess(response)) return [];
    if (cspRestrictsFraming(response.headers.get('content-security-policy'))) return [];
    const xfo = response.headers.get('x-frame-options');
    const xfoValue = xfo?.trim().toUpperCase();
    if (xfoValue === 'DENY' || xfoValue === 'SAMEORIGIN') return [];
    return [
      {
        ruleId: CLICKJACKING.id,
        method: request.method,
        url: request.url,
        parameter: 'x-frame-options',
        confidence: 'high',
        exchange,
        groupKey: originOf(request.url),
        message:
          xfo === undefined
            ? 'The page sets neither CSP frame-ancestors nor X-Frame-Options, so any site can frame it.'
            : `X-Frame-Options is "${xfo}", which browsers do not honour, and CSP has no frame-ancestors.`,
      },
    ];
  },
};
