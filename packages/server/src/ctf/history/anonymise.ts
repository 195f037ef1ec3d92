import {
  createSecretMatcher,
  DETECTORS,
  type SecretMatcher,
  shannonEntropy,
} from '@rampart/secrets';

/**
 * The anonymiser of "spot the bug" drafts (docs/hub-ctf.md, "Challenges from our own
 * history"). It replaces, in a snippet of code, what would tell a player where the code
 * comes from or who wrote it: secrets (Rampart's own detectors, then any long high-entropy
 * token), e-mail addresses, URLs, IP addresses, host names, file paths (keeping only the
 * extension), people's names and the organisation's identifiers (project, repository and
 * team names). It is a best effort made of patterns and known names: a human review of
 * every draft is the safeguard, and the draft says what was replaced (counts, never values).
 */

/** What the anonymiser replaces. */
export const REPLACEMENT_KINDS = [
  'secret',
  'email',
  'url',
  'ip',
  'hostname',
  'path',
  'person',
  'project',
  'repository',
  'team',
] as const;
/** One of {@link REPLACEMENT_KINDS}. */
export type ReplacementKind = (typeof REPLACEMENT_KINDS)[number];
/** How many of each kind were replaced (kinds with none are left out). */
export type ReplacementCounts = Partial<Record<ReplacementKind, number>>;

/** Names the organisation uses, to replace by neutral ones. */
export interface KnownNames {
  readonly projects: readonly string[];
  /** Repository URLs or `owner/name` forms. */
  readonly repositories: readonly string[];
  /** Team names and slugs. */
  readonly teams: readonly string[];
  /** People's display names and user names. */
  readonly people: readonly string[];
  /** The finding's own file path. */
  readonly paths?: readonly string[];
}

/** The anonymised text and what was replaced. */
export interface Anonymised {
  readonly text: string;
  readonly replacements: ReplacementCounts;
}

let matcher: SecretMatcher | undefined;
/** Rampart's secret detectors, compiled once. */
function secretMatcher(): SecretMatcher {
  matcher ??= createSecretMatcher(DETECTORS);
  return matcher;
}

/** Extensions that make a `a/b.ext` token a file path (not a division or a member access). */
const FILE_EXTENSIONS =
  'js|mjs|cjs|jsx|ts|tsx|py|rb|php|java|kt|kts|scala|go|rs|c|h|cc|cpp|hpp|cs|swift|m|sh|bash|zsh|ps1|bat|yml|yaml|json|xml|toml|ini|cfg|conf|config|env|properties|txt|log|md|html|htm|css|scss|sql|db|sqlite|pem|key|crt|cer|p12|pfx|jks|tf|tfvars|gradle|lock|csv|tsv|zip|tar|gz|jar|war|dll|so|exe|vue|svelte|erb|ejs|hbs|j2|tpl';
/** Top-level directories that make an absolute path without an extension a path. */
const ROOT_DIRS = 'home|Users|srv|var|etc|opt|tmp|usr|mnt|data|root|app|workspace|builds|runner';
/** Last labels that make `a.b.tld` a host name rather than a member access. */
const HOST_TLDS =
  'com|net|org|io|co|uk|de|fr|nl|be|ch|at|se|no|dk|fi|es|it|pl|eu|us|ca|au|jp|cn|in|br|ru|biz|cloud|internal|intranet|intra|local|localdomain|lan|corp|priv|private|svc|cluster|consul|azurewebsites|amazonaws|onion';

const EMAIL = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;
const URL_RE = /\b[a-zA-Z][a-zA-Z0-9+.-]{1,15}:\/\/[^\s'"`<>()\][{},;]+/g;
const IPV4 =
  /(?<![\d.])(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}(?![\d.])/g;
const HOSTNAME = new RegExp(
  `(?<![A-Za-z0-9_.$@/-])(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+(?:${HOST_TLDS})(?![A-Za-z0-9_-])(?!\\s*\\()`,
  'g',
);
const RELATIVE_PATH = new RegExp(
  `(?<![A-Za-z0-9_.$/\\\\-])(?:[A-Za-z]:[\\\\/]|~?[\\\\/]|\\.{1,2}[\\\\/])?(?:[A-Za-z0-9_.@-]+[\\\\/])+[A-Za-z0-9_@-][A-Za-z0-9_.@-]*\\.(?:${FILE_EXTENSIONS})(?![A-Za-z0-9_])`,
  'g',
);
const ABSOLUTE_PATH = new RegExp(
  `(?<![A-Za-z0-9_.$/-])(?:/(?:${ROOT_DIRS})(?:/[A-Za-z0-9_.@-]+)+|[A-Za-z]:\\\\(?:[A-Za-z0-9_.@-]+\\\\)*[A-Za-z0-9_.@-]+)`,
  'g',
);
/** People named in comments: `@author Jane Doe`, `TODO(jdoe)`, `FIXME(jdoe):`. */
const AUTHOR = /(?<=@author\s+)[^\s*][^\n*]*?(?=\s*(?:\*\/|$))/gm;
const TODO_NAME = /(?<=\b(?:TODO|FIXME|XXX|HACK)\()[^)\s]{1,40}(?=\))/g;
/** A long token that may be a credential: base64, hex, or URL-safe alphabets. */
const TOKEN = /(?<![A-Za-z0-9+/_=-])[A-Za-z0-9+/_=-]{20,}(?![A-Za-z0-9+/_=-])/g;
/** A secret already masked by a scanner (`AKIA****`): the visible prefix still identifies it. */
const MASKED = /(?<![A-Za-z0-9_+/=-])[A-Za-z0-9_+/=-]{2,}\*{3,}/g;

/** Whether a long token looks random enough to be a credential. */
function looksLikeSecret(token: string): boolean {
  const hasDigit = /\d/.test(token);
  const hasLetter = /[A-Za-z]/.test(token);
  if (!hasDigit || !hasLetter) return false;
  if (/^[0-9a-f]{32,}$/i.test(token)) return true; // a hex digest or key
  // An identifier (`MAX_RETRIES_FOR_PAYMENTS_2`, `getUser2FactorSettings`) is made of words;
  // random text breaks into pieces of one or two letters.
  const words = token.match(/[A-Z]?[a-z]+|[A-Z]+(?![a-z])/g) ?? [];
  const letters = words.reduce((n, w) => n + w.length, 0);
  if (words.length > 0 && letters / words.length >= 4) return false;
  return shannonEntropy(token) >= 3.5;
}

interface Span {
  readonly start: number;
  readonly end: number;
  readonly kind: ReplacementKind;
  readonly value: string;
}

/** Whether the identifier matched at [start, end) stands alone (its own word or a camelCase part). */
function standsAlone(text: string, start: number, end: number): boolean {
  const before = text[start - 1];
  const after = text[end];
  const first = text[start] ?? '';
  const last = text[end - 1] ?? '';
  const okBefore =
    before === undefined ||
    !/[A-Za-z0-9]/.test(before) ||
    (/[a-z0-9]/.test(before) && /[A-Z]/.test(first));
  const okAfter =
    after === undefined ||
    !/[A-Za-z0-9]/.test(after) ||
    (/[a-z0-9]/.test(last) && /[A-Z]/.test(after));
  return okBefore && okAfter;
}

function escapeRegex(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The shortest project, repository or team name replaced: shorter ones are ordinary words in code. */
export const MIN_NAME_LENGTH = 3;
/** The shortest person's name replaced ("dev", "ops" are user names and words of code). */
export const MIN_PERSON_LENGTH = 4;

/** The forms of a repository worth looking for: the URL, `owner/name`, and the name. */
function repositoryForms(repository: string): string[] {
  const forms = [repository];
  const m = /([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+?)(?:\.git)?\/?$/.exec(repository);
  if (m) forms.push(`${m[1]}/${m[2]}`, m[2] as string);
  return forms;
}

/**
 * A replacement for each distinct original, numbered per kind in order of appearance, so
 * that the same value reads the same wherever it occurs.
 */
function placeholderFor(kind: ReplacementKind, n: number, value: string): string {
  switch (kind) {
    case 'secret':
      return 'REDACTED_SECRET';
    case 'email':
      return `user${n}@example.com`;
    case 'url':
      return `https://service${n}.example.com`;
    case 'ip':
      return `192.0.2.${n}`;
    case 'hostname':
      return `host${n}.example.com`;
    case 'path': {
      const ext = /\.([A-Za-z0-9]{1,10})$/.exec(value)?.[1];
      return ext === undefined ? `/path/to/dir${n}` : `file${n}.${ext}`;
    }
    case 'person':
      return `person${n}`;
    case 'project':
      return `project${n}`;
    case 'repository':
      return `repo${n}`;
    case 'team':
      return `team${n}`;
  }
}

/**
 * Anonymises a snippet (see the module comment). Secrets are found on the original text
 * first; every other pattern runs on the text with earlier replacements taken out, so a
 * replacement is never replaced again.
 * @example anonymise('fetch("https://pay.acme.internal/x")', names).text === 'fetch("https://service1.example.com")'
 */
export function anonymise(text: string, names: KnownNames): Anonymised {
  // Replaced stretches become private-use markers while the next patterns run.
  const originals: Span[] = [];
  let work = text;
  const mark = (index: number) => `\uE000${index}\uE001`;

  const replaceSpans = (spans: readonly Span[]) => {
    const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
    const kept: Span[] = [];
    let lastEnd = -1;
    for (const s of sorted) {
      if (s.start < lastEnd) continue; // overlaps an earlier (longer) match
      if (/[\uE000\uE001]/.test(s.value)) continue; // would cut through a marker
      kept.push(s);
      lastEnd = s.end;
    }
    let out = '';
    let at = 0;
    for (const s of kept) {
      out += work.slice(at, s.start) + mark(originals.length);
      originals.push(s);
      at = s.end;
    }
    work = out + work.slice(at);
  };
  const byPattern = (
    pattern: RegExp,
    kind: ReplacementKind,
    keep: (value: string) => boolean = () => true,
  ) => {
    const spans: Span[] = [];
    for (const m of work.matchAll(pattern)) {
      if (m[0] === '' || !keep(m[0])) continue;
      spans.push({ start: m.index, end: m.index + m[0].length, kind, value: m[0] });
    }
    replaceSpans(spans);
  };
  const byName = (values: readonly string[], kind: ReplacementKind) => {
    const min = kind === 'person' ? MIN_PERSON_LENGTH : MIN_NAME_LENGTH;
    const unique = [...new Set(values.map((v) => v.trim()).filter((v) => v.length >= min))];
    // Longer names first, so "payments-api" goes before "payments".
    unique.sort((a, b) => b.length - a.length);
    for (const value of unique) {
      const spans: Span[] = [];
      for (const m of work.matchAll(new RegExp(escapeRegex(value), 'gi'))) {
        if (standsAlone(work, m.index, m.index + m[0].length))
          spans.push({ start: m.index, end: m.index + m[0].length, kind, value: m[0] });
      }
      replaceSpans(spans);
    }
  };

  // 1. Secrets, by Rampart's own detectors, on the original text.
  replaceSpans(
    secretMatcher()
      .scan(work)
      .map((m) => ({
        start: m.index,
        end: m.index + m.secret.length,
        kind: 'secret' as const,
        value: m.secret,
      })),
  );
  byPattern(MASKED, 'secret');
  // 2. Where things live: URLs (before e-mails: `user:pass@host`), e-mails, IPs, host names, paths.
  byName(
    names.repositories.flatMap(repositoryForms).filter((r) => r.includes('/')),
    'repository',
  );
  byPattern(URL_RE, 'url');
  byPattern(EMAIL, 'email');
  byPattern(IPV4, 'ip', (ip) => ip !== '127.0.0.1' && ip !== '0.0.0.0');
  byName(names.paths ?? [], 'path');
  byPattern(RELATIVE_PATH, 'path');
  byPattern(ABSOLUTE_PATH, 'path');
  byPattern(HOSTNAME, 'hostname');
  // 3. High-entropy tokens the detectors did not know.
  byPattern(TOKEN, 'secret', looksLikeSecret);
  // 4. People and the organisation's own names.
  byPattern(AUTHOR, 'person');
  byPattern(TODO_NAME, 'person');
  byName(names.people, 'person');
  byName(
    names.repositories.flatMap(repositoryForms).filter((r) => !r.includes('/')),
    'repository',
  );
  byName(names.projects, 'project');
  byName(names.teams, 'team');

  const numbering = new Map<string, string>();
  const perKind = new Map<ReplacementKind, number>();
  const counts: ReplacementCounts = {};
  const result = work.replace(/\uE000(\d+)\uE001/g, (_m, index: string) => {
    const span = originals[Number(index)] as Span;
    counts[span.kind] = (counts[span.kind] ?? 0) + 1;
    const key = `${span.kind}\u0000${span.value.toLowerCase()}`;
    let replacement = numbering.get(key);
    if (replacement === undefined) {
      const n = (perKind.get(span.kind) ?? 0) + 1;
      perKind.set(span.kind, n);
      replacement = placeholderFor(span.kind, n, span.value);
      numbering.set(key, replacement);
    }
    return replacement;
  });
  return { text: result, replacements: counts };
}

/** The replacement counts in words: "3 secrets, 2 host names, 1 path". */
export function describeReplacements(counts: ReplacementCounts): string {
  const words: Record<ReplacementKind, [string, string]> = {
    secret: ['secret', 'secrets'],
    email: ['e-mail address', 'e-mail addresses'],
    url: ['URL', 'URLs'],
    ip: ['IP address', 'IP addresses'],
    hostname: ['host name', 'host names'],
    path: ['path', 'paths'],
    person: ['name of a person', 'names of people'],
    project: ['project name', 'project names'],
    repository: ['repository name', 'repository names'],
    team: ['team name', 'team names'],
  };
  const parts = REPLACEMENT_KINDS.filter((k) => (counts[k] ?? 0) > 0).map((k) => {
    const n = counts[k] as number;
    return `${n} ${words[k][n === 1 ? 0 : 1]}`;
  });
  return parts.length === 0 ? 'nothing replaced' : `${parts.join(', ')} replaced`;
}
