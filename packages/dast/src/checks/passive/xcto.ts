import type { DastIssue, DastRule, Exchange, PassiveCheck } from '../../types.js';
import { headerLine, isSuccess, originOf } from './passive-util.js';

/** Browsers may sniff a response into a different (executable) type. */
export const XCTO_MISSING: DastRule = {
  id: 'dast/xcto-missing',
  title: 'X-Content-Type-Options: nosniff missing',
  severity: 'low',
  cwe: ['CWE-693'],
  owasp: 'A05:2021',
  remediation: [
    'Send `X-Content-Type-Options: nosniff` on every response, so browsers trust the declared `Content-Type` instead of guessing (an uploaded text file is then never run as script or HTML).',
    '',
    '- Express: `app.use(helmet())` (or `helmet.noSniff()`).',
    '- nginx: `add_header X-Content-Type-Options nosniff always;`',
    '- Apache: `Header always set X-Content-Type-Options "nosniff"`.',
  ].join('\n'),
  references: [
    'https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/X-Content-Type-Options',
    'https://owasp.org/www-project-secure-headers/',
    'https://cwe.mitre.org/data/definitions/693.html',
  ],
};

/** Reports successful responses with a body but without `X-Content-Type-Options: nosniff`. */
export const xctoCheck: PassiveCheck = {
  id: 'xcto',
  rules: [XCTO_MISSING],
  inspect(exchange: Exchange): DastIssue[] {
    const { response, request } = exchange;
    if (!isSuccess(response) || response.body === '') return [];
    const value = response.headers.get('x-content-type-options');
    if (value !== undefined && value.trim().toLowerCase() === 'nosniff') return [];
    return [
      {
        ruleId: XCTO_MISSING.id,
        method: request.method,
        url: request.url,
        parameter: 'x-content-type-options',
        confidence: 'high',
        exchange,
        groupKey: originOf(request.url),
        message:
          value === undefined
            ? 'The response has no X-Content-Type-Options: nosniff header.'
            : `X-Content-Type-Options is "${value}" instead of "nosniff".`,
        ...(value === undefined ? {} : { proof: headerLine('x-content-type-options', value) }),
      },
    ];
  },
};
