import {
  type FindingDraft,
  normalizeCweId,
  type OwaspCategoryId,
  owaspCategory,
  owaspForCwe,
  type Region,
  redactSecret,
} from '@rampart/core';

/** The `tool` of a draft: the other tool's name and the version its report states ('' when none). */
export type ToolInfo = FindingDraft['tool'];

/**
 * A report's file path as a finding path: `/`-separated, without leading `./`.
 * Absolute paths stay absolute: the report does not say what its root was.
 * @example reportPath('.\\src\\app.py') // 'src/app.py'
 */
export function reportPath(path: string): string {
  const slashed = path.replace(/\\/g, '/').replace(/^(?:\.\/)+/, '');
  return slashed === '' ? path : slashed;
}

/**
 * A rule id that cannot collide with Rampart's own: the tool's id behind `<tool>/`.
 * @example toolRuleId('bandit', 'B602') // 'bandit/B602'
 */
export function toolRuleId(tool: string, id: string): string {
  return id.startsWith(`${tool}/`) ? id : `${tool}/${id}`;
}

/**
 * The CWE ids among `values` (numbers, `'79'`, `'cwe-79'`, `'CWE-79: …'`, MITRE URLs) as
 * distinct `CWE-<n>`, in first-seen order; anything else (ZAP's `-1`, Bandit's `0`) is dropped.
 */
export function cweIds(values: readonly unknown[]): string[] {
  const out = new Set<string>();
  for (const value of values) {
    if (typeof value !== 'string' && typeof value !== 'number') continue;
    const id = normalizeCweId(value);
    if (id !== undefined) out.add(id);
  }
  return [...out];
}

/**
 * The OWASP Top 10 (2021) category a tool names (`'A03:2021 - Injection'`), else the one
 * OWASP's own mapping gives the first CWE it maps; undefined when neither says.
 */
export function owaspOf(
  named: readonly unknown[],
  cwe: readonly string[],
): OwaspCategoryId | undefined {
  for (const value of named) {
    if (typeof value !== 'string') continue;
    const category = owaspCategory(value);
    if (category !== undefined) return category.id;
  }
  for (const id of cwe) {
    const category = owaspForCwe(id);
    if (category !== undefined) return category.id;
  }
  return undefined;
}

/**
 * A region from what a report gives, made valid: lines and columns at least 1, the end not
 * before the start. An unknown end is the start line and an empty span at the start column.
 */
export function region(
  startLine: number,
  startColumn?: number,
  endLine?: number,
  endColumn?: number,
): Region {
  const sl = Math.max(1, Math.trunc(startLine));
  const sc = Math.max(1, Math.trunc(startColumn ?? 1));
  const el = Math.max(sl, Math.trunc(endLine ?? sl));
  const ec = Math.max(1, Math.trunc(endColumn ?? (el === sl ? sc : 1)));
  return {
    startLine: sl,
    startColumn: sc,
    endLine: el,
    endColumn: el === sl ? Math.max(sc, ec) : ec,
  };
}

/** Longest snippet or evidence kept from a report, in characters. */
export const MAX_SNIPPET = 1000;

/**
 * A snippet as a finding keeps it: trailing line breaks dropped, cut at `max` characters
 * with `…`; undefined when there is nothing to show.
 */
export function snippetOf(text: string | undefined | null, max = MAX_SNIPPET): string | undefined {
  if (text === undefined || text === null) return undefined;
  const trimmed = text.replace(/[\r\n]+$/, '');
  if (trimmed.trim() === '') return undefined;
  return trimmed.length > max ? `${trimmed.slice(0, max)}…` : trimmed;
}

/** CWEs of hard-coded credentials: findings of these show no string literal in clear. */
export const CREDENTIAL_CWES: ReadonlySet<string> = new Set([
  'CWE-798',
  'CWE-259',
  'CWE-321',
  'CWE-547',
  'CWE-522',
]);

/**
 * Masks the string literals of a text (`'hunter2-db'` → `'hunt******'`), as Rampart's own
 * SAST does for hard-coded credential rules: an imported finding must not carry the
 * credential its tool found.
 */
export function maskStringLiterals(text: string): string {
  return text.replace(/(["'`])((?:\\.|(?!\1)[^\\\n])*)\1/g, (whole, quote: string, body: string) =>
    body.length < 4 ? whole : `${quote}${redactSecret(body)}${quote}`,
  );
}

const ACRONYMS = new Set([
  'api',
  'aws',
  'cors',
  'csrf',
  'dns',
  'gcp',
  'html',
  'http',
  'https',
  'id',
  'iam',
  'jwt',
  'ldap',
  'npm',
  'pat',
  'rce',
  'rsa',
  'sql',
  'ssh',
  'ssl',
  'ssrf',
  'tls',
  'uri',
  'url',
  'xml',
  'xss',
  'xxe',
]);

/**
 * A readable title from a rule id's last part, acronyms in capitals:
 * `python.flask.security.injection.tainted-sql-string` → `Tainted SQL string`.
 */
export function titleFromId(id: string): string {
  const last =
    id
      .split(/[./]/)
      .filter((part) => part !== '')
      .pop() ?? id;
  const words = last
    .split(/[-_\s]+/)
    .filter((word) => word !== '')
    .map((word) => (ACRONYMS.has(word.toLowerCase()) ? word.toUpperCase() : word));
  if (words.length === 0) return id;
  const [first = '', ...rest] = words;
  return [`${first[0]?.toUpperCase() ?? ''}${first.slice(1)}`, ...rest].join(' ');
}

/** The distinct non-blank strings of `values`, trimmed, in first-seen order. */
export function distinctStrings(values: readonly unknown[]): string[] {
  const out = new Set<string>();
  for (const value of values) {
    if (typeof value === 'string' && value.trim() !== '') out.add(value.trim());
  }
  return [...out];
}

/** A value that may be one item or a list of them, as a list (null and undefined: empty). */
export function listOf<T>(value: T | readonly T[] | null | undefined): T[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? [...(value as readonly T[])] : [value as T];
}
