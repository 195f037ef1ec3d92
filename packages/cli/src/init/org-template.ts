import { RampartError, UsageError } from '@rampart/core';
import { type HubConnection, hubRequest } from '../hub/hub-client.js';

// `rampart init --template NAME --server URL`: an organisation's template from the hub's
// paved-road catalog (GET /api/v1/paved-road/templates/NAME), its placeholders filled in,
// its paths checked before anything is written.

/** One file of a template. */
export interface TemplateFile {
  readonly path: string;
  readonly content: string;
}

/** A template as the hub serves it (the fields init uses). */
export interface OrgTemplate {
  readonly name: string;
  readonly version: string;
  readonly ci: string;
  readonly files: readonly TemplateFile[];
}

/** What the placeholders of a template's files stand for. */
export interface TemplateValues {
  /** The hub's base URL, without a trailing slash. */
  readonly server: string;
  /** The URL of the organisation's policy: `<server>/api/v1/paved-road.yml`. */
  readonly policyUrl: string;
  /** `--project`; a template that uses `{{project}}` needs it. */
  readonly project: string | undefined;
  readonly defaultBranch: string;
}

/** A template name, as the hub's catalog allows them. */
const NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
/** The largest answer read: 50 files of 256 KiB (the hub's limits), JSON-escaped, fit. */
const MAX_ANSWER_BYTES = 32 * 1024 * 1024;
/** A template version (the catalog's are semver, `1.2.0`). */
const VERSION = /^[0-9A-Za-z][0-9A-Za-z.+-]{0,63}$/;
/** The most files a template may have (the hub's limit). */
const MAX_FILES = 50;

/** The hub's base URL as placeholders write it: no trailing slash. */
export function serverBase(server: URL): string {
  return server.href.replace(/\/+$/, '');
}

/**
 * Splits `--template NAME[@VERSION]`.
 * @throws UsageError for a name the catalog cannot hold.
 */
export function templateRef(value: string): { name: string; version: string | undefined } {
  const at = value.indexOf('@');
  const name = (at < 0 ? value : value.slice(0, at)).trim();
  const version = at < 0 ? undefined : value.slice(at + 1).trim();
  if (!NAME.test(name) || version === '')
    throw new UsageError(
      `--template ${value}: expected a template name (lower-case letters, digits and -), optionally @VERSION`,
    );
  return { name, version };
}

/**
 * Why a path from the hub must not be written, or undefined when it is a plain relative path
 * inside the repository. The hub checks paths too; the CLI does not rely on it: a path that
 * climbs out (`..`), is absolute, or lands in `.git/` (hooks there run on the next commit)
 * is refused.
 */
export function unsafePath(path: string): string | undefined {
  if (path === '' || path.length > 1024) return 'empty or too long';
  if (path.includes('\0')) return 'contains a NUL byte';
  // A newline or an escape sequence in a name would forge the lines init prints.
  if ([...path].some((c) => c < ' ' || c === '\u007f')) return 'contains a control character';
  if (path.includes('\\')) return 'contains a backslash';
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return 'is absolute';
  // On Windows `a:b` is a stream of `a` (`.git::$INDEX_ALLOCATION` is the .git folder).
  if (path.includes(':')) return 'contains a colon';
  const segments = path.split('/');
  if (segments.some((s) => s === '..')) return 'climbs out of the repository (..)';
  if (segments.some((s) => s === '' || s === '.')) return 'has an empty or "." segment';
  if (segments.some(isGitFolderName)) return 'is inside .git/';
  return undefined;
}

/**
 * Whether a path segment names the `.git` folder on some file system: in any case, with
 * trailing dots or spaces (Windows drops them), as its 8.3 short name (`GIT~1`), or with
 * code points HFS+ ignores (`.g\u200cit`), as git itself checks (CVE-2014-9390).
 */
export function isGitFolderName(segment: string): boolean {
  const name = segment
    .replace(/[\u200b-\u200f\u202a-\u202e\u206a-\u206f\ufeff]/g, '')
    .replace(/[. ]+$/, '')
    .toLowerCase();
  return name === '.git' || /^git~\d+$/.test(name);
}

/** Placeholders as written in templates; `${{ … }}` (a GitHub Actions expression) is left alone. */
const PLACEHOLDER = /(?<!\$)\{\{\s*(server|policyUrl|project|defaultBranch)\s*\}\}/g;

/** The placeholders a text uses. */
export function placeholdersIn(text: string): Set<string> {
  return new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1] as string));
}

/** Fills in `{{server}}`, `{{policyUrl}}`, `{{project}}` and `{{defaultBranch}}`. */
export function substitute(text: string, values: TemplateValues): string {
  return text.replace(PLACEHOLDER, (whole, key: string) => {
    const value = values[key as keyof TemplateValues];
    return value === undefined ? whole : value;
  });
}

const isString = (v: unknown): v is string => typeof v === 'string';

/** The hub's answer, checked: a template with files, every path safe. */
function parseTemplate(body: unknown, origin: string): OrgTemplate {
  const t = body as Partial<Record<keyof OrgTemplate, unknown>> | null;
  const files = t?.files;
  if (
    !t ||
    // Both are printed: only the characters the catalog allows (no escape sequences).
    !isString(t.name) ||
    !NAME.test(t.name) ||
    !isString(t.version) ||
    !VERSION.test(t.version) ||
    !Array.isArray(files) ||
    !files.every((f) => f && isString(f.path) && isString(f.content))
  )
    throw new RampartError('RAMPART_HUB', `${origin}: the answer is not a template`, {
      hint: 'is --server a Rampart hub?',
    });
  if (files.length > MAX_FILES)
    throw new RampartError(
      'RAMPART_HUB',
      `${origin}: template ${t.name} has ${files.length} files (at most ${MAX_FILES})`,
    );
  for (const file of files as TemplateFile[]) {
    const why = unsafePath(file.path);
    if (why)
      throw new RampartError(
        'RAMPART_HUB',
        `template ${t.name}@${t.version} from ${origin}: refused the file path ${JSON.stringify(file.path.slice(0, 200))}: it ${why}; nothing was written`,
        { hint: 'ask the security team to fix the template in the paved-road catalog' },
      );
  }
  const seen = new Set<string>();
  for (const file of files as TemplateFile[]) {
    const key = file.path.toLowerCase();
    if (seen.has(key))
      throw new RampartError(
        'RAMPART_HUB',
        `template ${t.name}@${t.version} from ${origin}: ${file.path} is listed twice`,
      );
    seen.add(key);
  }
  // A file that is also a folder of another (`a` and `a/b`) would fail half way through.
  for (const file of files as TemplateFile[]) {
    const segments = file.path.toLowerCase().split('/');
    const folder = segments
      .slice(0, -1)
      .find((_, i) => seen.has(segments.slice(0, i + 1).join('/')));
    if (folder !== undefined)
      throw new RampartError(
        'RAMPART_HUB',
        `template ${t.name}@${t.version} from ${origin}: ${file.path} is inside another of its files; nothing was written`,
      );
  }
  return {
    name: t.name,
    version: t.version,
    ci: isString(t.ci) ? t.ci : 'any',
    files: (files as TemplateFile[]).map((f) => ({ path: f.path, content: f.content })),
  };
}

/**
 * Fetches a template from the hub's catalog (latest non-deprecated version, or `version`).
 * @throws RampartError `RAMPART_HUB` when the hub cannot be reached, has no such template,
 * or answers with a template whose paths are unsafe.
 */
export async function fetchTemplate(
  hub: HubConnection,
  ref: { name: string; version: string | undefined },
  signal: AbortSignal,
  timeoutSeconds = 60,
): Promise<OrgTemplate> {
  const query = ref.version === undefined ? '' : `?version=${encodeURIComponent(ref.version)}`;
  const { body } = await hubRequest(hub, {
    method: 'GET',
    path: `api/v1/paved-road/templates/${encodeURIComponent(ref.name)}${query}`,
    what: `reading template ${ref.name}${ref.version ? `@${ref.version}` : ''} from`,
    signal,
    timeoutSeconds,
    maxBytes: MAX_ANSWER_BYTES,
    hints: {
      401: 'set RAMPART_TOKEN to a personal access token of the hub (CI tokens cannot read templates)',
      403: 'the token may not read the catalog: use a personal access token',
      404: 'check the name: the hub lists its templates on its paved-road page (GET /api/v1/paved-road/templates)',
    },
  });
  return parseTemplate(body, hub.server.origin);
}
