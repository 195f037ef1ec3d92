import { isRedirect } from '../../http/http-client.js';
import type { ActiveCheck, DastIssue, DastRule, Endpoint, Exchange, Param } from '../../types.js';
import { createProbe, looksLikeUrl, nameLooksLike } from './checks-b-support.js';

/** The open redirect rule. */
export const OPEN_REDIRECT_RULE: DastRule = {
  id: 'dast/open-redirect',
  title: 'Open redirect: a parameter sends users to any site',
  severity: 'medium',
  cwe: ['CWE-601'],
  owasp: 'A01:2021',
  remediation: [
    'Do not redirect to a URL taken from the request as is. Redirect to a relative path only',
    'after checking it starts with a single `/` (not `//` or `/\\`), or look the target up in',
    'an allowlist of known destinations or hosts:',
    '',
    '```ts',
    "const target = new URL(next, 'https://app.example.com');",
    "if (target.origin !== 'https://app.example.com') next = '/';",
    '```',
    '',
    'The same applies to `<meta http-equiv="refresh">` and `location = ...` in scripts.',
  ].join('\n'),
  references: [
    'https://cheatsheetseries.owasp.org/cheatsheets/Unvalidated_Redirects_and_Forwards_Cheat_Sheet.html',
    'https://cwe.mitre.org/data/definitions/601.html',
    'https://developer.mozilla.org/en-US/docs/Web/HTTP/Redirections',
  ],
};

/** A reserved name (RFC 2606 `.invalid`): it can never resolve, so a followed redirect goes nowhere. */
export const REDIRECT_CHECK_HOST = 'rampart-redirect-check.invalid';

const PAYLOADS: readonly string[] = [
  `https://${REDIRECT_CHECK_HOST}/`,
  `//${REDIRECT_CHECK_HOST}/`,
  // Browsers (and WHATWG URL) read `/\` as `//`, so filters that only refuse `//` miss it.
  `/\\${REDIRECT_CHECK_HOST}/`,
  // A scheme without slashes: on an http page this is an absolute https URL.
  `https:${REDIRECT_CHECK_HOST}`,
];

const REDIRECT_NAMES = new Set(['r', 'u', 'to', 'rurl', 'ru', 'go', 'out', 'view', 'ref']);
const REDIRECT_WORDS = new Set([
  'next',
  'url',
  'uri',
  'redirect',
  'redir',
  'return',
  'returnto',
  'returnurl',
  'continue',
  'dest',
  'destination',
  'target',
  'goto',
  'forward',
  'callback',
  'success',
  'back',
  'link',
  'location',
  'redirecturl',
  'redirecturi',
]);

function looksLikeRedirect(param: Param): boolean {
  if (nameLooksLike(param.name, REDIRECT_NAMES, REDIRECT_WORDS)) return true;
  const value = param.value.trim();
  // An absolute URL or a site path (`/account`), not a bare word.
  return looksLikeUrl(value) || /^\/[^/\\\s]?/.test(value);
}

function pointsToCheckHost(target: string, base: string): boolean {
  try {
    return new URL(target.trim(), base).hostname === REDIRECT_CHECK_HOST;
  } catch {
    return false;
  }
}

function decodeHtml(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);?/gi, (_m, hex: string) =>
      String.fromCodePoint(Number.parseInt(hex, 16)),
    )
    .replace(/&#(\d+);?/g, (_m, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&quot;/gi, '"')
    .replace(/&apos;/gi, "'")
    .replace(/&sol;/gi, '/')
    .replace(/&bsol;/gi, '\\')
    .replace(/&colon;/gi, ':')
    .replace(/&amp;/gi, '&');
}

interface Redirect {
  readonly kind: 'location' | 'refresh-header' | 'meta-refresh' | 'script';
  readonly proof: string;
}

const META_REFRESH = /<meta\b[^>]*http-equiv\s*=\s*["']?refresh["']?[^>]*>/gi;
const SCRIPT_NAVIGATION =
  /(?:\blocation(?:\.href)?\s*=|\blocation\.(?:assign|replace)\s*\()\s*(["'`])((?:\\.|(?!\1).)*)\1/g;

/** Finds where a response sends the browser to the check host, without following it. */
function findRedirect(exchange: Exchange): Redirect | undefined {
  const { response, request } = exchange;
  const base = request.url;
  const location = response.headers.get('location');
  if (isRedirect(response.status) && location && pointsToCheckHost(location, base)) {
    return { kind: 'location', proof: `Location: ${location}` };
  }
  const refresh = response.headers.get('refresh');
  const refreshUrl = refresh ? /url\s*=\s*['"]?([^'"]+)/i.exec(refresh)?.[1] : undefined;
  if (refresh && refreshUrl && pointsToCheckHost(refreshUrl, base)) {
    return { kind: 'refresh-header', proof: `Refresh: ${refresh}` };
  }
  // Neither form below can point there when the host is not in the body in clear.
  if (!response.body.toLowerCase().includes(REDIRECT_CHECK_HOST)) return undefined;
  for (const tag of response.body.matchAll(META_REFRESH)) {
    const content = /content\s*=\s*(["'])(.*?)\1/i.exec(tag[0])?.[2];
    const url = content ? /url\s*=\s*['"]?([^'"]+)/i.exec(decodeHtml(content))?.[1] : undefined;
    if (url && pointsToCheckHost(url, base)) return { kind: 'meta-refresh', proof: tag[0] };
  }
  for (const m of response.body.matchAll(SCRIPT_NAVIGATION)) {
    const literal = (m[2] ?? '').replace(/\\(.)/g, '$1');
    if (pointsToCheckHost(literal, base)) return { kind: 'script', proof: m[0] };
  }
  return undefined;
}

/**
 * Sends URLs on a reserved, unresolvable host (absolute, protocol-relative, `/\` and
 * scheme-only forms) to parameters that look like redirect targets (by name, or by a
 * value that is a URL or a path) and reports a response that sends the browser there: a
 * 3xx Location or a Refresh header (high confidence), or a meta refresh or script
 * navigation in the page (medium). Redirects are never followed.
 */
export const openRedirectCheck: ActiveCheck = {
  id: 'open-redirect',
  rules: [OPEN_REDIRECT_RULE],
  async *run(endpoint: Endpoint, ctx) {
    const probe = createProbe(endpoint, ctx);
    for (const param of endpoint.params.filter(looksLikeRedirect)) {
      for (const payload of PAYLOADS) {
        if (probe.stopped) return;
        const exchange = await probe.send(ctx.inject(endpoint, param, payload));
        if (!exchange) continue;
        const redirect = findRedirect(exchange);
        if (!redirect) continue;
        const inPage = redirect.kind === 'meta-refresh' || redirect.kind === 'script';
        const how = {
          location: 'redirects (Location header)',
          'refresh-header': 'redirects (Refresh header)',
          'meta-refresh': 'sends the browser (meta refresh)',
          script: 'sends the browser (script)',
        }[redirect.kind];
        const issue: DastIssue = {
          ruleId: OPEN_REDIRECT_RULE.id,
          message: `Parameter "${param.name}" ${how} to any site: "${payload}" leads to ${REDIRECT_CHECK_HOST}.`,
          confidence: inPage ? 'medium' : 'high',
          method: endpoint.method,
          url: endpoint.url,
          parameter: param.name,
          payload,
          exchange,
          proof: redirect.proof,
          details: { kind: redirect.kind, location: param.in },
        };
        yield issue;
        break;
      }
    }
  },
};
