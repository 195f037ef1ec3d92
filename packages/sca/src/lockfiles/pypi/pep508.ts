/**
 * Just enough of PEP 508 (dependency specifiers) and PEP 503 (name normalisation) for the
 * PyPI parsers: a requirement's name, extras, version clauses, URL and marker.
 */

/** A PEP 508 requirement, as written. */
export interface Pep508Requirement {
  /** The name as written (the display name). */
  readonly name: string;
  readonly extras: readonly string[];
  /** Version clauses, e.g. `[{ op: '>=', version: '1.0' }]`. */
  readonly specifiers: readonly { readonly op: string; readonly version: string }[];
  /** The direct reference of `name @ url`. */
  readonly url?: string;
  /** The environment marker after `;`, unevaluated. */
  readonly marker?: string;
}

/** Why a string is not a PEP 508 requirement, and where (0-based offset). */
export interface Pep508Error {
  readonly error: string;
  readonly offset: number;
}

const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?/;
const CLAUSE = /^(===|==|~=|!=|<=|>=|<|>)\s*(\S+)$/;
const VERSION = /^[A-Za-z0-9._+!*-]+$/;

/**
 * The PEP 503 normalised form of a project name: the identity PyPI uses.
 * @example normalizePypiName('Flask_SQLAlchemy') // 'flask-sqlalchemy'
 */
export function normalizePypiName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** Whether `text` is a valid PyPI project name. */
export function isPypiName(text: string): boolean {
  const m = NAME.exec(text);
  return m !== null && m[0].length === text.length;
}

/**
 * Parses one PEP 508 requirement (no pip options, no comments).
 * @example parsePep508('requests[socks]>=2.0; python_version<"3.8"')
 */
export function parsePep508(text: string): Pep508Requirement | Pep508Error {
  const m = NAME.exec(text);
  if (m === null) return { error: 'expected a package name', offset: 0 };
  const name = m[0];
  let i = skipSpace(text, name.length);
  let extras: string[] = [];
  if (text[i] === '[') {
    const close = text.indexOf(']', i);
    if (close === -1) return { error: 'unclosed "[" of extras', offset: i };
    extras = text
      .slice(i + 1, close)
      .split(',')
      .map((e) => e.trim())
      .filter((e) => e !== '');
    const bad = extras.find((e) => !isPypiName(e));
    if (bad !== undefined) return { error: `invalid extra "${bad}"`, offset: i + 1 };
    i = skipSpace(text, close + 1);
  }
  let url: string | undefined;
  const specifiers: { op: string; version: string }[] = [];
  if (text[i] === '@') {
    i = skipSpace(text, i + 1);
    const start = i;
    while (i < text.length && !/\s/.test(text[i] as string)) i++;
    url = text.slice(start, i);
    if (!/[:/]/.test(url)) return { error: 'expected a URL after "@"', offset: start };
    i = skipSpace(text, i);
  } else if (i < text.length && text[i] !== ';') {
    let spec: string;
    const start = i;
    if (text[i] === '(') {
      const close = text.indexOf(')', i);
      if (close === -1) return { error: 'unclosed "(" of version specifiers', offset: i };
      spec = text.slice(i + 1, close);
      i = skipSpace(text, close + 1);
    } else {
      const semi = text.indexOf(';', i);
      const end = semi === -1 ? text.length : semi;
      spec = text.slice(i, end);
      i = end;
    }
    for (const clause of spec.split(',')) {
      const c = CLAUSE.exec(clause.trim());
      if (c === null)
        return { error: `invalid version specifier "${clause.trim()}"`, offset: start };
      const op = c[1] as string;
      const version = c[2] as string;
      if (op !== '===' && !VERSION.test(version)) {
        return { error: `invalid version "${version}"`, offset: start };
      }
      specifiers.push({ op, version });
    }
  }
  let marker: string | undefined;
  if (text[i] === ';') {
    marker = text.slice(i + 1).trim();
    if (marker === '') return { error: 'empty environment marker after ";"', offset: i };
    i = text.length;
  }
  if (i < text.length) return { error: `unexpected "${text[i]}"`, offset: i };
  return {
    name,
    extras,
    specifiers,
    ...(url === undefined ? {} : { url }),
    ...(marker === undefined ? {} : { marker }),
  };
}

/** Whether `parsePep508` failed. */
export function isPep508Error(value: Pep508Requirement | Pep508Error): value is Pep508Error {
  return 'error' in value;
}

/**
 * The exact version a requirement pins (`==1.2` or `===1.2`, not `==1.*`), or `undefined`
 * for ranges and unpinned requirements.
 */
export function pinnedVersion(req: Pep508Requirement): string | undefined {
  for (const { op, version } of req.specifiers) {
    if (op === '===' || (op === '==' && !version.includes('*'))) return version;
  }
  return undefined;
}

function skipSpace(text: string, i: number): number {
  let j = i;
  while (j < text.length && (text[j] === ' ' || text[j] === '\t')) j++;
  return j;
}
