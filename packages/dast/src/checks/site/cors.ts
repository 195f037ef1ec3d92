import type { DastIssue, DastRule, Exchange, SiteCheck, SiteContext } from '../../types.js';
import { Prober } from './probe.js';

/** URLs tested (the start page and API-looking ones). */
const MAX_URLS = 10;

/** An origin that cannot belong to anyone (`.invalid` is reserved). */
export const FOREIGN_ORIGIN = 'https://rampart-cors-check.invalid';

const REMEDIATION = [
  "Only allow origins you trust, from a fixed list; never copy the request's `Origin` into `Access-Control-Allow-Origin`, and never allow `null` (sandboxed iframes and `data:` pages send it, so any attacker can).",
  '',
  "- Express `cors`: `cors({ origin: ['https://app.example.com'], credentials: true })`, not `origin: true` or a callback that accepts everything.",
  '- nginx: map allowed origins explicitly: `map $http_origin $cors { default ""; "https://app.example.com" $http_origin; }` then `add_header Access-Control-Allow-Origin $cors;`.',
  '- Spring: `@CrossOrigin(origins = "https://app.example.com")`, not `allowedOriginPatterns("*")` with credentials.',
  '',
  'With `Access-Control-Allow-Credentials: true`, a reflected origin lets any website read what the logged-in user can read. Without credentials it still exposes responses that depend on the network (intranet, IP allow-lists). Add `Vary: Origin` when the header depends on the origin.',
].join('\n');

const REFERENCES = [
  'https://portswigger.net/web-security/cors',
  'https://developer.mozilla.org/en-US/docs/Web/HTTP/CORS',
  'https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_Testing/11-Client-side_Testing/07-Testing_Cross_Origin_Resource_Sharing',
  'https://cwe.mitre.org/data/definitions/942.html',
];

/** Any origin is allowed to read responses. */
export const CORS_REFLECTED_ORIGIN: DastRule = {
  id: 'dast/cors-reflected-origin',
  title: 'CORS allows any origin (Origin reflected)',
  severity: 'high',
  cwe: ['CWE-942'],
  owasp: 'A05:2021',
  remediation: REMEDIATION,
  references: REFERENCES,
};

/** The `null` origin is allowed to read responses. */
export const CORS_NULL_ORIGIN: DastRule = {
  id: 'dast/cors-null-origin',
  title: 'CORS allows the null origin',
  severity: 'high',
  cwe: ['CWE-942'],
  owasp: 'A05:2021',
  remediation: REMEDIATION,
  references: REFERENCES,
};

/** Whether a path looks like an API (where CORS is usually configured). */
function looksLikeApi(url: URL): boolean {
  return /\/(?:api|graphql|rest|v\d+)(?:\/|$)|\.json$/i.test(url.pathname);
}

/** The start page, the root and API-looking URLs seen during discovery (one per path). */
export function corsTargets(site: SiteContext): string[] {
  const out = new Map<string, string>();
  const add = (href: string) => {
    const url = new URL(href);
    url.hash = '';
    if (!out.has(url.pathname) && out.size < MAX_URLS) out.set(url.pathname, url.href);
  };
  add(`${site.origin}/`);
  const parsed = site.urls.flatMap((href) => {
    try {
      const url = new URL(href);
      return url.origin === site.origin ? [url] : [];
    } catch {
      return [];
    }
  });
  if (parsed[0]) add(parsed[0].href);
  for (const url of parsed) if (looksLikeApi(url)) add(url.href);
  return [...out.values()];
}

function allowed(exchange: Exchange, origin: string): { credentials: boolean } | undefined {
  const acao = exchange.response.headers.get('access-control-allow-origin')?.trim();
  if (acao === undefined || acao.toLowerCase() !== origin.toLowerCase()) return undefined;
  const acac = exchange.response.headers.get('access-control-allow-credentials')?.trim();
  return { credentials: acac?.toLowerCase() === 'true' };
}

/**
 * Sends requests with a foreign `Origin` and with `Origin: null` to the start page and
 * API-looking URLs, and reports when the response allows that origin. With
 * `Access-Control-Allow-Credentials: true` it is high; without, low (only data readable
 * without the user's cookies is exposed).
 */
export const corsCheck: SiteCheck = {
  id: 'cors',
  rules: [CORS_REFLECTED_ORIGIN, CORS_NULL_ORIGIN],
  async *run(site: SiteContext): AsyncGenerator<DastIssue> {
    const prober = new Prober(site);
    for (const url of corsTargets(site)) {
      for (const [rule, origin] of [
        [CORS_REFLECTED_ORIGIN, FOREIGN_ORIGIN],
        [CORS_NULL_ORIGIN, 'null'],
      ] as const) {
        if (prober.stopped) return;
        const exchange = await prober.get(url, { origin });
        const allow = exchange && allowed(exchange, origin);
        if (!exchange || !allow) continue;
        const path = new URL(url).pathname;
        const who = origin === 'null' ? 'the null origin' : `any origin (it echoed ${origin})`;
        yield {
          ruleId: rule.id,
          method: 'GET',
          url,
          parameter: 'origin',
          payload: origin,
          confidence: 'high',
          ...(allow.credentials ? {} : { severity: 'low' as const }),
          exchange,
          proof: `access-control-allow-origin: ${origin}`,
          groupKey: `${site.origin}${path}`,
          message: allow.credentials
            ? `${path} lets ${who} read responses with the user's credentials (Access-Control-Allow-Credentials: true).`
            : `${path} lets ${who} read responses (without credentials).`,
          details: { origin, credentials: allow.credentials },
        };
      }
    }
  },
};
