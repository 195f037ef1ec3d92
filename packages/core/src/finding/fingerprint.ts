import { createHash } from 'node:crypto';
import type { FindingDraft } from './finding.js';

/** The SARIF `partialFingerprints` key under which Rampart writes its fingerprint. */
export const FINGERPRINT_KEY = 'rampartFingerprint/v1';

const VERSION = 'v1';

function digest(kind: string, parts: readonly string[]): string {
  const hash = createHash('sha256');
  // Length-prefixed fields: no two different field lists can hash the same bytes.
  for (const part of [VERSION, kind, ...parts]) {
    hash.update(`${Buffer.byteLength(part)}:`);
    hash.update(part);
  }
  return hash.digest('hex').slice(0, 32);
}

/** Collapses every run of whitespace to one space and trims: re-indenting changes nothing. */
export function normalizeCode(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Fingerprint of a code finding: rule, path, the matched lines with whitespace collapsed,
 * and which occurrence this is among identical matches of the rule in the file (0-based,
 * in file order). Moving code up or down, or re-indenting it, keeps the fingerprint.
 */
export function codeFingerprint(
  ruleId: string,
  path: string,
  matchedLines: string,
  occurrence: number,
): string {
  return digest('code', [ruleId, path, normalizeCode(matchedLines), String(occurrence)]);
}

/** Fingerprint of a secret: rule, path and the secret's hash (the secret itself never). */
export function secretFingerprint(ruleId: string, path: string, secretHash: string): string {
  return digest('secret', [ruleId, path, secretHash]);
}

/**
 * A package name in the form its ecosystem compares names: PyPI names after PEP 503
 * normalisation (`Django`, `django`, `Django_REST` and `django.rest` are one), NuGet and
 * Packagist names case-insensitively, the others exactly as spelled.
 */
export function normalizePackageName(ecosystem: string, name: string): string {
  switch (ecosystem) {
    case 'PyPI':
      return name.toLowerCase().replace(/[-_.]+/g, '-');
    case 'NuGet':
    case 'Packagist':
      return name.toLowerCase();
    default:
      return name;
  }
}

/**
 * Fingerprint of a package finding: rule (the advisory), ecosystem, package name (as the
 * ecosystem compares names, so `Django` from requirements.txt and `django` from another
 * tool's report are one finding), manifest.
 */
export function packageFingerprint(
  ruleId: string,
  ecosystem: string,
  name: string,
  manifestPath: string,
): string {
  return digest('package', [
    ruleId,
    ecosystem,
    normalizePackageName(ecosystem, name),
    manifestPath,
  ]);
}

/**
 * The path of a URL with the parts that vary per record replaced by `{id}`: numbers, UUIDs,
 * long hex strings. `/users/42/orders/9f1c…` → `/users/{id}/orders/{id}`.
 */
export function urlPathTemplate(url: string): string {
  let pathname: string;
  try {
    pathname = new URL(url, 'http://placeholder.invalid').pathname;
  } catch {
    pathname = url.split(/[?#]/)[0] ?? url;
  }
  return pathname
    .split('/')
    .map((segment) =>
      /^\d+$/.test(segment) ||
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(segment) ||
      /^[0-9a-f]{16,}$/i.test(segment)
        ? '{id}'
        : segment,
    )
    .join('/');
}

/** Fingerprint of a finding in a running system: rule, method, URL path template, parameter. */
export function urlFingerprint(
  ruleId: string,
  method: string,
  url: string,
  parameter: string | undefined,
): string {
  return digest('url', [ruleId, method.toUpperCase(), urlPathTemplate(url), parameter ?? '']);
}

/** Splits a text into lines, accepting `\n` and `\r\n` endings. */
export function splitLines(text: string): string[] {
  return text.split(/\r?\n/);
}

/** The lines `startLine..endLine` (1-based, inclusive) of a file's lines. */
export function sliceLines(lines: readonly string[], startLine: number, endLine: number): string {
  return lines.slice(startLine - 1, Math.max(startLine, endLine)).join('\n');
}

/** Reads a file's text; undefined (or a rejection) when it cannot be read. */
export type ReadText = (path: string) => Promise<string | undefined>;

/** Gives a file's lines; undefined when it cannot be read. */
export type ReadLines = (path: string) => Promise<readonly string[] | undefined>;

/**
 * Wraps `readText` so each file is read and split into lines once, however many findings
 * (and pipeline steps) ask for it.
 */
export function createLineReader(readText: ReadText): ReadLines {
  const files = new Map<string, Promise<string[] | undefined>>();
  return (path) => {
    let lines = files.get(path);
    if (!lines) {
      lines = readText(path).then(
        (text) => (text === undefined ? undefined : splitLines(text)),
        () => undefined,
      );
      files.set(path, lines);
    }
    return lines;
  };
}

/**
 * Gives every draft its fingerprint (drafts that already carry one keep it). Code findings
 * read the matched lines from the file (falling back to the snippet) and are numbered among
 * identical matches of the same rule in the same file, in file order, so two identical
 * matches get different fingerprints while unrelated edits change none.
 */
export async function assignFingerprints<T extends FindingDraft>(
  drafts: readonly T[],
  linesOf: ReadLines,
): Promise<(T & { fingerprint: string })[]> {
  const out: (T & { fingerprint: string })[] = new Array(drafts.length);
  const codeGroups = new Map<
    string,
    { index: number; line: number; column: number; matched: string }[]
  >();

  for (const [index, draft] of drafts.entries()) {
    if (draft.fingerprint) {
      out[index] = { ...draft, fingerprint: draft.fingerprint };
      continue;
    }
    const loc = draft.location;
    if (draft.secret && loc.kind === 'code') {
      out[index] = {
        ...draft,
        fingerprint: secretFingerprint(draft.ruleId, loc.path, draft.secret.hash),
      };
    } else if (loc.kind === 'package') {
      out[index] = {
        ...draft,
        fingerprint: packageFingerprint(draft.ruleId, loc.ecosystem, loc.name, loc.manifestPath),
      };
    } else if (loc.kind === 'url') {
      out[index] = {
        ...draft,
        fingerprint: urlFingerprint(draft.ruleId, loc.method, loc.url, loc.parameter),
      };
    } else {
      const lines = await linesOf(loc.path);
      const matched = normalizeCode(
        lines === undefined
          ? (loc.snippet ?? '')
          : sliceLines(lines, loc.region.startLine, loc.region.endLine),
      );
      const key = `${draft.ruleId}\0${loc.path}\0${matched}`;
      let group = codeGroups.get(key);
      if (!group) {
        group = [];
        codeGroups.set(key, group);
      }
      group.push({ index, line: loc.region.startLine, column: loc.region.startColumn, matched });
    }
  }

  for (const group of codeGroups.values()) {
    group.sort((a, b) => a.line - b.line || a.column - b.column || a.index - b.index);
    for (const [occurrence, member] of group.entries()) {
      const draft = drafts[member.index] as T;
      const loc = draft.location as { path: string };
      out[member.index] = {
        ...draft,
        fingerprint: codeFingerprint(draft.ruleId, loc.path, member.matched, occurrence),
      };
    }
  }
  return out;
}
