import type { HttpEvidence } from '@rampart/core';
import type { Exchange } from './types.js';

/** Request headers whose values are credentials. */
const SECRET_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'x-api-key',
  'x-auth-token',
  'x-csrf-token',
  'x-xsrf-token',
]);

const REQUEST_BODY_LIMIT = 600;
const RESPONSE_CONTEXT = 300;
const RESPONSE_HEAD_LIMIT = 600;

/**
 * Redacts what looks like a credential in free text: JWTs, bearer tokens, and the values
 * of password/token/secret/api key parameters and JSON properties.
 */
export function redactText(text: string): string {
  return (
    text
      .replace(/\beyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]*/g, 'eyJ…[redacted]')
      .replace(/\b(Bearer|Basic)\s+[\w.~+/=-]{8,}/gi, '$1 [redacted]')
      // user:password@ in URLs (connection strings in .env files, links).
      .replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^:/@\s]+:)([^@\s/]+)@/gi, '$1[redacted]@')
      // KEY=value, "key": "value", key: value where the key, or one of its `_`/`-`/`.` parts,
      // names a credential (SESSION_SECRET, db_password, X-Api-Key, accessToken), but not
      // words that merely contain one (author, secretary, tokenizer).
      // A quoted value is redacted up to its closing quote (spaces and commas included).
      .replace(
        /((?:"|\b)(?:[\w.-]*[_.-])?(?:pass(?:word|wd|phrase)?|pwd|secret|token|api[_-]?key|apikey|session(?:id)?|sid|credentials?|private[_-]?key|(?:access|refresh|id|auth|csrf|xsrf|bearer)[_-]?token|client[_-]?secret|auth)(?:[_.-][\w.-]*)?"?\s*[:=]\s*)(?:(["'])(?:(?!\2)[^\\\n]|\\.){1,200}\2|(["']?)[^"'&\s,;}]+)/gi,
        (_, key: string, quote: string | undefined, open: string | undefined) =>
          quote ? `${key}${quote}[redacted]${quote}` : `${key}${open ?? ''}[redacted]`,
      )
  );
}

function redactCookieValue(setCookie: string): string {
  const eq = setCookie.indexOf('=');
  if (eq < 0) return setCookie;
  const semi = setCookie.indexOf(';', eq);
  return `${setCookie.slice(0, eq + 1)}[redacted]${semi < 0 ? '' : setCookie.slice(semi)}`;
}

function trim(text: string, limit: number): string {
  return text.length <= limit
    ? text
    : `${text.slice(0, limit)}… [${text.length - limit} more characters]`;
}

/** The request as text (request line, headers, body), credentials redacted, trimmed. */
export function formatRequest(exchange: Exchange): string {
  const { request } = exchange;
  const url = new URL(request.url);
  const lines = [
    `${request.method} ${redactText(url.pathname + url.search)} HTTP/1.1`,
    `host: ${url.host}`,
  ];
  for (const [name, value] of Object.entries(request.headers)) {
    lines.push(`${name}: ${SECRET_HEADERS.has(name) ? '[redacted]' : redactText(value)}`);
  }
  let text = lines.join('\n');
  if (request.body) text += `\n\n${trim(redactText(request.body), REQUEST_BODY_LIMIT)}`;
  return text;
}

/**
 * The response as text: status, headers (cookie values redacted) and the part of the body
 * around `proof` (or its start), credentials redacted.
 */
export function formatResponse(exchange: Exchange, proof?: string): string {
  const { response } = exchange;
  const lines = [`HTTP/1.1 ${response.status}`];
  for (const [name, value] of response.headers) lines.push(`${name}: ${redactText(value)}`);
  for (const c of response.setCookies) lines.push(`set-cookie: ${redactCookieValue(c)}`);
  let text = lines.join('\n');
  // Redact before cutting: an excerpt starting inside `SECRET=value` or a JWT would lose the
  // part that marks the rest as a secret.
  const body = redactText(response.body);
  if (body) {
    const at = proof ? findProof(body, proof) : -1;
    let excerpt: string;
    if (at < 0) excerpt = trim(body, RESPONSE_HEAD_LIMIT);
    else {
      const from = Math.max(0, at - RESPONSE_CONTEXT);
      const to = Math.min(body.length, at + (proof?.length ?? 0) + RESPONSE_CONTEXT);
      excerpt = `${from > 0 ? '… ' : ''}${body.slice(from, to)}${to < body.length ? ' …' : ''}`;
    }
    text += `\n\n${excerpt}`;
  }
  return text;
}

/** Where `proof` is in the redacted body (it may be redacted itself, or not at all). */
function findProof(redactedBody: string, proof: string): number {
  const at = redactedBody.indexOf(redactText(proof));
  return at >= 0 ? at : redactedBody.indexOf(proof);
}

/** The evidence of a finding: request, response excerpt and the proof. */
export function evidenceOf(exchange: Exchange, proof?: string): HttpEvidence {
  return {
    request: formatRequest(exchange),
    response: formatResponse(exchange, proof),
    ...(proof ? { proof: trim(redactText(proof), 300) } : {}),
  };
}
