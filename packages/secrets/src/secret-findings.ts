import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import {
  type FindingDraft,
  maskSecretIn,
  packageVersion,
  redactSecret,
  secretInfo,
} from '@rampart/core';
import { detectorRuleId } from './detector.js';
import { decodeBase64Text } from './engine/checksums.js';
import type { SecretMatch, SecretMatcher } from './engine/matcher.js';
import type { SecretsOptions } from './secrets-options.js';

const VERSION: string = packageVersion(import.meta.url);

/** Comments other tools use to mark a line as a known non-secret; honoured for teams migrating. */
const FOREIGN_ALLOW_MARKERS = ['gitleaks:allow', 'pragma: allowlist secret'] as const;

/** base64 runs long enough to hide a credential; decoded once, never recursively. */
/** 1 for the characters of base64 (`A–Z a–z 0–9 + /`), by char code. */
const BASE64_CHAR = (() => {
  const table = new Uint8Array(128);
  for (const ch of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/')
    table[ch.charCodeAt(0)] = 1;
  return table;
})();
/** Shortest base64 run worth decoding: 24 bytes of text. */
const MIN_BASE64_RUN = 32;

/**
 * The runs of base64 characters of at least 32 characters (with their `=` padding), found
 * with one pass of a lookup table: a regex for this was the costliest step of a scan.
 */
export function base64Runs(text: string): { index: number; run: string }[] {
  const runs: { index: number; run: string }[] = [];
  const n = text.length;
  let start = -1;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? text.charCodeAt(i) : 0;
    if (c < 128 && BASE64_CHAR[c] === 1) {
      if (start < 0) start = i;
      continue;
    }
    if (start >= 0 && i - start >= MIN_BASE64_RUN) {
      let end = i;
      while (end < n && end - i < 2 && text.charCodeAt(end) === 61 /* = */) end++;
      runs.push({ index: start, run: text.slice(start, end) });
    }
    start = -1;
  }
  return runs;
}
const MAX_SNIPPET = 240;

/**
 * A cheap test, before decoding, that a base64 run can encode ASCII text: each 4-character
 * group starts with the top 6 bits of an ASCII byte, so its first character is one of
 * `A–Z a–f` (values 0–31). Random base64, hashes and source-map VLQ fail within a few groups.
 */
function mayEncodeText(run: string): boolean {
  const limit = Math.min(run.length, 256);
  for (let i = 0; i < limit; i += 4) {
    const c = run.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

/** Line starts of a text, computed once per file and only when it has a match. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function lineOf(starts: readonly number[], index: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= index) lo = mid;
    else hi = mid - 1;
  }
  return lo; // 0-based
}

function lineText(text: string, starts: readonly number[], line: number): string {
  const start = starts[line] as number;
  const next = starts[line + 1];
  return text.slice(start, next === undefined ? text.length : next - 1).replace(/\r$/, '');
}

/** True when a decoded text holds control bytes other than tab and line breaks: binary, not text. */
function hasControlBytes(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return true;
  }
  return false;
}

/** A match with where it is reported: the secret's own span, or the base64 run that hides it. */
interface Located {
  readonly match: SecretMatch;
  readonly index: number;
  readonly length: number;
  readonly encoded: boolean;
}

/** Every secret in a text, including those inside base64-encoded text. */
export function findSecrets(
  text: string,
  matcher: SecretMatcher,
  decodeBase64: boolean,
): Located[] {
  const found: Located[] = matcher
    .scan(text)
    .map((match) => ({ match, index: match.index, length: match.secret.length, encoded: false }));
  if (decodeBase64) {
    for (const { index, run } of base64Runs(text)) {
      if (!mayEncodeText(run)) continue;
      const decoded = decodeBase64Text(run);
      // Only text: binary (hashes, images) decodes with replacement characters or control bytes.
      if (decoded === undefined || decoded.length < 16 || hasControlBytes(decoded)) continue;
      for (const match of matcher.scan(decoded)) {
        found.push({ match, index, length: run.length, encoded: true });
      }
    }
  }
  return found;
}

/** Builds the finding for one located secret; the secret itself never leaves this function. */
function toDraft(
  path: string,
  text: string,
  starts: readonly number[],
  hit: Located,
  options: SecretsOptions,
  lineNumbers: readonly number[] | undefined,
): FindingDraft {
  const { detector, secret } = hit.match;
  const first = lineOf(starts, hit.index);
  const last = lineOf(starts, hit.index + hit.length - 1);
  const startColumn = hit.index - (starts[first] as number) + 1;
  const endColumn = hit.index + hit.length - (starts[last] as number) + 1;
  let snippet = lineText(text, starts, first);
  snippet = hit.encoded
    ? snippet.slice(0, startColumn - 1) +
      redactSecret(text.slice(hit.index, hit.index + hit.length)) +
      snippet.slice(startColumn - 1 + hit.length)
    : maskSecretIn(snippet, secret.split('\n')[0] ?? secret);
  // A secret may continue on later lines (a private key): never show more than its first line.
  snippet = maskSecretIn(snippet, secret);
  if (snippet.length > MAX_SNIPPET) {
    const from = Math.max(0, startColumn - 1 - MAX_SNIPPET / 2);
    snippet = `${from > 0 ? '…' : ''}${snippet.slice(from, from + MAX_SNIPPET)}…`;
  }
  const info = secretInfo(secret, options.hashSalt);
  return {
    ruleId: detectorRuleId(detector),
    scanner: 'secrets',
    tool: { name: 'rampart', version: VERSION },
    title: detector.title,
    message: `${detector.title} (${info.preview})${hit.encoded ? ' inside base64-encoded text' : ''}. Revoke and rotate it: deleting it from the code does not make it safe, it stays in the git history.`,
    severity: detector.severity,
    confidence: detector.confidence ?? 'high',
    cwe: [...(detector.cwe ?? ['CWE-798'])],
    owasp: 'A07:2021',
    location: {
      kind: 'code',
      path,
      region: {
        startLine: lineNumbers?.[first] ?? first + 1,
        startColumn,
        endLine: lineNumbers?.[last] ?? last + 1,
        endColumn,
      },
      snippet,
    },
    remediation: detector.remediation,
    references: [...(detector.references ?? [])],
    tags: ['secret', detector.provider],
    secret: info,
    properties: {
      provider: detector.provider,
      detector: detector.id,
      ...(hit.encoded ? { encoding: 'base64' } : {}),
    },
  };
}

function allowed(hit: Located, line: string, options: SecretsOptions): boolean {
  if (FOREIGN_ALLOW_MARKERS.some((marker) => line.includes(marker))) return true;
  return options.allow.some(
    (a) =>
      (a.detector === undefined || a.detector === hit.match.detector.id) &&
      (a.regex.test(hit.match.secret) || a.regex.test(line)),
  );
}

/**
 * Finds the secrets of one file's text as finding drafts. For a diff's added lines joined
 * into one text, `lineNumbers[i]` is the file line number of the text's line `i`.
 */
export function scanTextForSecrets(
  path: string,
  text: string,
  matcher: SecretMatcher,
  options: SecretsOptions,
  place: TextPlace = {},
): FindingDraft[] {
  const hits = findSecrets(text, matcher, options.decodeBase64);
  if (hits.length === 0) return [];
  const starts = lineStarts(text);
  const from = place.from ?? 0;
  const to = place.to ?? Number.POSITIVE_INFINITY;
  const lineNumbers =
    place.lineNumbers ??
    (place.lineOffset ? starts.map((_, i) => i + 1 + (place.lineOffset as number)) : undefined);
  const drafts: FindingDraft[] = [];
  for (const hit of hits) {
    if (hit.index < from || hit.index >= to) continue;
    const line = lineText(text, starts, lineOf(starts, hit.index));
    if (allowed(hit, line, options)) continue;
    drafts.push(toDraft(path, text, starts, hit, options, lineNumbers));
  }
  return drafts;
}

/** Where a text sits in its file, for texts that are not a whole file. */
export interface TextPlace {
  /** For a diff's added lines joined into one text: the file line number of each text line. */
  readonly lineNumbers?: readonly number[];
  /** For a chunk of a large file: how many lines of the file come before the text. */
  readonly lineOffset?: number;
  /** Report only secrets that start at or after this offset of the text… */
  readonly from?: number;
  /** …and before this one (chunks overlap; each secret is reported by one chunk). */
  readonly to?: number;
}

/** Files larger than this are read and scanned in chunks, never whole. */
export const LARGE_FILE_BYTES = 16 * 1024 * 1024;
const CHUNK_BYTES = 8 * 1024 * 1024;
/** Context kept on each side of a chunk boundary: longer than any secret a detector reports. */
const OVERLAP_CHARS = 64 * 1024;

/**
 * Scans a file of any size with bounded memory: 8 MiB chunks, each scanned with 64 KiB of
 * the previous one in front and reporting only the secrets that start in its own middle part,
 * so a secret across a boundary is found exactly once.
 */
export function scanLargeFile(
  absolutePath: string,
  path: string,
  matcher: SecretMatcher,
  options: SecretsOptions,
  chunkBytes = CHUNK_BYTES,
  overlap = OVERLAP_CHARS,
): FindingDraft[] {
  const drafts: FindingDraft[] = [];
  const decoder = new StringDecoder('utf8');
  const buffer = Buffer.alloc(chunkBytes);
  const fd = openSync(absolutePath, 'r');
  try {
    let carry = '';
    let carryLines = 0; // lines of the file before `carry` starts
    let first = true;
    for (;;) {
      const read = readSync(fd, buffer, 0, chunkBytes, null);
      const last = read === 0;
      let fresh = last ? decoder.end() : decoder.write(buffer.subarray(0, read));
      if (first && fresh.charCodeAt(0) === 0xfeff) fresh = fresh.slice(1);
      const text = carry + fresh;
      const from = first ? 0 : overlap;
      const to = last ? text.length : Math.max(from, text.length - overlap);
      drafts.push(
        ...scanTextForSecrets(path, text, matcher, options, { lineOffset: carryLines, from, to }),
      );
      if (last) break;
      const keep = Math.min(text.length, 2 * overlap);
      const dropped = text.slice(0, text.length - keep);
      for (let i = dropped.indexOf('\n'); i >= 0; i = dropped.indexOf('\n', i + 1)) carryLines++;
      carry = text.slice(text.length - keep);
      first = false;
    }
  } finally {
    closeSync(fd);
  }
  return drafts;
}
