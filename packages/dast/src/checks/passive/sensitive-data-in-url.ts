import type { DastIssue, DastRule, Exchange, PassiveCheck } from '../../types.js';

/** Credentials or session ids travel in a URL's query string. */
export const SENSITIVE_DATA_IN_URL: DastRule = {
  id: 'dast/sensitive-data-in-url',
  title: 'Sensitive data in URL query string',
  severity: 'medium',
  cwe: ['CWE-598'],
  owasp: 'A04:2021',
  remediation: [
    'Never put passwords, tokens, API keys or session ids in URLs: they end up in browser history, server and proxy logs, and `Referer` headers sent to other sites.',
    '',
    '- Send credentials in a POST body, or in a header (`Authorization: Bearer …`).',
    '- Keep sessions in `HttpOnly` cookies, not in `?sessionid=` or `;jsessionid=` (Java: `<tracking-mode>COOKIE</tracking-mode>` in web.xml).',
    '- Forms that take secrets must use `method="post"`.',
    '- One-time links (password reset, e-mail confirmation) should expire quickly and be single use; set `Referrer-Policy: no-referrer` on those pages.',
    '',
    'Rotate any credential that has already been sent this way.',
  ].join('\n'),
  references: [
    'https://owasp.org/www-community/vulnerabilities/Information_exposure_through_query_strings_in_url',
    'https://cwe.mitre.org/data/definitions/598.html',
  ],
};

/** What a query parameter name reveals, or undefined for harmless names. */
export function sensitiveKind(name: string): string | undefined {
  const n = name.toLowerCase().replace(/-/g, '_');
  // CSRF and pagination tokens are meant to be in URLs or are not secrets.
  if (/csrf|xsrf|page|cursor|next|continuation/.test(n)) return undefined;
  if (/^(?:pass|password|passwd|pwd|new_?password|old_?password|current_?password)$/.test(n))
    return 'password';
  if (/^(?:client_)?secret$|_secret$/.test(n)) return 'secret';
  if (/^(?:api_?key|apikey|x_api_key|key_secret)$/.test(n)) return 'API key';
  if (/^(?:access|refresh|id|auth|bearer|session|api)_?token$|^token$|^jwt$/.test(n))
    return 'token';
  if (/^(?:session_?id|sessid|sid|jsessionid|phpsessid|asp\.net_sessionid|session)$/.test(n))
    return 'session id';
  return undefined;
}

/** Whether a value is a JSON Web Token (`eyJ…`.`…`.`…`). */
export function isJwt(value: string): boolean {
  return /^eyJ[\w-]{8,}\.eyJ[\w-]{4,}\.[\w-]*$/.test(value);
}

interface Hit {
  readonly name: string;
  readonly kind: string;
  readonly jwt: boolean;
}

/** The sensitive parameters of a URL (query, and `;jsessionid=` path parameters). */
export function sensitiveParams(url: URL): Hit[] {
  const hits: Hit[] = [];
  for (const [name, value] of url.searchParams) {
    if (value === '') continue;
    const jwt = isJwt(value);
    const kind = sensitiveKind(name) ?? (jwt ? 'JSON Web Token' : undefined);
    if (kind !== undefined && !hits.some((h) => h.name === name)) hits.push({ name, kind, jwt });
  }
  const pathSession = /;(jsessionid|phpsessid|sid)=([^;/?#]+)/i.exec(url.pathname);
  if (pathSession?.[1]) hits.push({ name: pathSession[1], kind: 'session id', jwt: false });
  return hits;
}

/** The URL with the values of sensitive parameters replaced by `REDACTED`. */
export function redactUrl(url: URL, names: readonly string[]): string {
  const copy = new URL(url.href);
  for (const name of names) {
    if (copy.searchParams.has(name)) copy.searchParams.set(name, 'REDACTED');
  }
  copy.pathname = copy.pathname.replace(/;(jsessionid|phpsessid|sid)=[^;/?#]+/gi, ';$1=REDACTED');
  return copy.href;
}

/**
 * Reports requests whose URL carries a password, secret, API key, token, session id or JWT.
 * The crawler requests the links it finds, so linked URLs are seen here too. The issue's URL
 * and the attached request are redacted: the value itself never reaches the report.
 */
export const sensitiveDataInUrlCheck: PassiveCheck = {
  id: 'sensitive-data-in-url',
  rules: [SENSITIVE_DATA_IN_URL],
  inspect(exchange: Exchange): DastIssue[] {
    let url: URL;
    try {
      url = new URL(exchange.request.url);
    } catch {
      return [];
    }
    const hits = sensitiveParams(url);
    if (hits.length === 0) return [];
    const redacted = redactUrl(
      url,
      hits.map((h) => h.name),
    );
    const safeExchange: Exchange = { ...exchange, request: { ...exchange.request, url: redacted } };
    return hits.map((hit) => ({
      ruleId: SENSITIVE_DATA_IN_URL.id,
      method: exchange.request.method,
      url: redacted,
      parameter: hit.name,
      confidence: hit.jwt || hit.kind !== 'token' ? 'high' : 'medium',
      severity: hit.kind === 'password' || hit.kind === 'secret' ? 'high' : 'medium',
      exchange: safeExchange,
      groupKey: `${url.origin}${url.pathname.replace(/;.*$/, '')} ${hit.name}`,
      message: `The URL carries a ${hit.kind} in the "${hit.name}" parameter (value redacted): it leaks into logs, history and Referer headers.`,
      details: { kind: hit.kind },
    }));
  },
};
