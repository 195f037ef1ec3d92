import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DastIssue, DastRule, Exchange, PassiveCheck } from '../../types.js';

/** What a test exchange is built from; everything but the URL has a harmless default. */
export interface ExchangeInit {
  readonly url?: string;
  readonly method?: string;
  readonly status?: number;
  /** Response headers; names are lower-cased. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly setCookies?: readonly string[];
  readonly body?: string;
  /** Defaults to `text/html` when the body looks like HTML, else `text/plain`. */
  readonly contentType?: string;
}

/**
 * Builds an {@link Exchange} as the HTTP client would, for passive-check tests.
 * @example exchange({ url: 'https://a.test/', headers: { 'x-frame-options': 'DENY' }, body: '<html></html>' })
 */
export function exchange(init: ExchangeInit = {}): Exchange {
  const body = init.body ?? '';
  const headers = new Map<string, string>();
  for (const [name, value] of Object.entries(init.headers ?? {})) {
    headers.set(name.toLowerCase(), value);
  }
  const contentType =
    init.contentType ?? (headers.has('content-type') ? undefined : guessType(body));
  if (contentType !== undefined && contentType !== '' && !headers.has('content-type')) {
    headers.set('content-type', `${contentType}; charset=utf-8`);
  }
  const declared = (headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return {
    request: { method: init.method ?? 'GET', url: init.url ?? 'https://app.test/', headers: {} },
    response: {
      status: init.status ?? 200,
      headers,
      setCookies: init.setCookies ?? [],
      body,
      truncated: false,
      contentType: declared,
    },
    elapsedMs: 1,
  };
}

function guessType(body: string): string {
  if (body === '') return '';
  return /^\s*</.test(body) ? 'text/html' : 'text/plain';
}

/** A small HTML page, as most tests need one. */
export const PAGE =
  '<!doctype html><html><head><title>Home</title></head><body><p>Hello</p></body></html>';

/** Headers that make an HTML response pass every header check. */
export const HARDENED_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': "default-src 'self'; frame-ancestors 'none'; object-src 'none'",
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'strict-origin-when-cross-origin',
};

/** The issues of one rule that a check reports for an exchange. */
export function issuesOf(check: PassiveCheck, ruleId: string, ex: Exchange): DastIssue[] {
  return check.inspect(ex).filter((i) => i.ruleId === ruleId);
}

/** The ids and metadata problems of a registry's rules (empty when every rule is complete). */
export function ruleProblems(rules: readonly DastRule[]): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const rule of rules) {
    const at = rule.id;
    if (ids.has(rule.id)) problems.push(`${at}: duplicate id`);
    ids.add(rule.id);
    if (!/^dast\/[a-z0-9]+(?:-[a-z0-9]+)*$/.test(rule.id))
      problems.push(`${at}: id is not dast/<kebab-name>`);
    if (rule.title.trim() === '') problems.push(`${at}: no title`);
    if (rule.cwe.length === 0 || rule.cwe.some((c) => !/^CWE-\d+$/.test(c)))
      problems.push(`${at}: bad CWE list`);
    if (rule.owasp === undefined || !/^A(?:0[1-9]|10):2021$/.test(rule.owasp))
      problems.push(`${at}: bad OWASP id`);
    if (rule.remediation.length < 80) problems.push(`${at}: remediation too thin`);
    if (rule.references.length === 0 || rule.references.some((r) => !r.startsWith('https://'))) {
      problems.push(`${at}: references must be https URLs`);
    }
  }
  return problems;
}

/** The check modules (by file name) that no test file beside them imports. */
export function untestedModules(dir: string, moduleNames: readonly string[]): string[] {
  const tests = readdirSync(dir)
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n');
  return moduleNames.filter((name) => !tests.includes(`from './${name}.js'`));
}
