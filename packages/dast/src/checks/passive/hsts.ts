import type { DastIssue, DastRule, Exchange, PassiveCheck } from '../../types.js';
import { headerLine, isHttps, originOf } from './passive-util.js';

/** Six months, the shortest max-age worth having (and what HSTS preload lists expect at least). */
export const MIN_HSTS_MAX_AGE = 15_552_000;

/** An HTTPS origin does not pin browsers to HTTPS. */
export const HSTS_MISSING: DastRule = {
  id: 'dast/hsts-missing',
  title: 'Strict-Transport-Security header missing or too short',
  severity: 'low',
  cwe: ['CWE-319'],
  owasp: 'A05:2021',
  remediation: [
    'Send `Strict-Transport-Security: max-age=31536000; includeSubDomains` on every HTTPS response, so browsers never fall back to plain HTTP (and an attacker on the network cannot strip TLS).',
    '',
    '- Express: `app.use(helmet())` or `helmet.hsts({ maxAge: 31536000, includeSubDomains: true })`.',
    '- nginx: `add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;`',
    '- Apache: `Header always set Strict-Transport-Security "max-age=31536000; includeSubDomains"`.',
    '',
    'Use a max-age of at least six months (15552000 s); add `preload` once every subdomain serves HTTPS.',
  ].join('\n'),
  references: [
    'https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Strict-Transport-Security',
    'https://cheatsheetseries.owasp.org/cheatsheets/HTTP_Strict_Transport_Security_Cheat_Sheet.html',
    'https://cwe.mitre.org/data/definitions/319.html',
  ],
};

/** The max-age of an HSTS header value, or undefined when it has none. */
export function hstsMaxAge(value: string): number | undefined {
  const m = /(?:^|;)\s*max-age\s*=\s*"?(\d+)"?/i.exec(value);
  return m?.[1] === undefined ? undefined : Number(m[1]);
}

/** Reports HTTPS responses without HSTS or with a max-age under six months, once per origin. */
export const hstsCheck: PassiveCheck = {
  id: 'hsts',
  rules: [HSTS_MISSING],
  inspect(exchange: Exchange): DastIssue[] {
    const { response, request } = exchange;
    if (!isHttps(exchange) || response.status >= 500) return [];
    const value = response.headers.get('strict-transport-security');
    const maxAge = value === undefined ? undefined : hstsMaxAge(value);
    if (maxAge !== undefined && maxAge >= MIN_HSTS_MAX_AGE) return [];
    const base = {
      ruleId: HSTS_MISSING.id,
      method: request.method,
      url: request.url,
      parameter: 'strict-transport-security',
      confidence: 'high' as const,
      exchange,
      groupKey: originOf(request.url),
    };
    if (value === undefined) {
      return [{ ...base, message: 'The HTTPS response has no Strict-Transport-Security header.' }];
    }
    return [
      {
        ...base,
        message:
          maxAge === undefined
            ? 'The Strict-Transport-Security header has no valid max-age, so browsers ignore it.'
            : `The Strict-Transport-Security max-age is ${maxAge} s, under six months (${MIN_HSTS_MAX_AGE} s).`,
        proof: headerLine('strict-transport-security', value),
      },
    ];
  },
};
