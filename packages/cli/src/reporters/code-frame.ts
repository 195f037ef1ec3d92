import { lstatSync, readFileSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { Finding } from '@rampart/core';
import { isSecretFinding } from './finding-facts.js';

/** One line of a code frame. */
export interface FrameLine {
  /** 1-based line number in the file. */
  readonly number: number;
  readonly text: string;
  /** A line of the finding (not context). */
  readonly marked: boolean;
}

/** The lines around a finding, ready for a reporter to draw. */
export interface CodeFrame {
  readonly lines: readonly FrameLine[];
  /**
   * The columns to underline on the one marked line (0-based string indices, end exclusive),
   * when the finding is on one line and its columns can be trusted.
   */
  readonly underline?: { readonly start: number; readonly end: number } | undefined;
  /** Where the finding starts on its first line (0-based index into `text`). */
  readonly focus: number;
  /** Marked lines left out because the region is long. */
  readonly omitted: number;
  /** Where the text came from: the file on disk, or the finding's snippet. */
  readonly from: 'file' | 'snippet';
}

/** Lines of context shown above and below a finding. */
export const CONTEXT_LINES = 2;
/** At most this many lines of a finding are shown; the rest are counted. */
const MAX_MARKED_LINES = 5;
/** Lines longer than this are cut around the finding's column before a reporter sees them. */
const MAX_LINE = 2000;
/** How many files' lines are kept at once (reporters visit a file's findings together). */
const CACHED_FILES = 32;
/** Files larger than this are not read for context (the snippet is shown). */
const MAX_FILE_BYTES = 8 * 1024 * 1024;

/**
 * Reads scanned files for code frames (recent ones cached), and refuses what it must not show: files
 * that hold a secret (see `secretPaths`), paths that leave the scan root (`..`, absolute,
 * symbolic links), and files that are large, gone or unreadable.
 */
export class SourceFiles {
  private readonly cache = new Map<string, readonly string[] | undefined>();
  private readonly realRoot: string | undefined;

  constructor(
    private readonly rootDir: string | undefined,
    private readonly secretPaths: ReadonlySet<string>,
  ) {
    this.realRoot = rootDir === undefined ? undefined : tryRealpath(rootDir);
  }

  /** The lines of a file under the root, or undefined when it must not or cannot be read. */
  lines(path: string): readonly string[] | undefined {
    if (this.cache.has(path)) {
      const cached = this.cache.get(path);
      // Most recently used last, so the oldest is dropped first.
      this.cache.delete(path);
      this.cache.set(path, cached);
      return cached;
    }
    const lines = this.read(path);
    this.cache.set(path, lines);
    if (this.cache.size > CACHED_FILES) this.cache.delete(this.cache.keys().next().value as string);
    return lines;
  }

  private read(path: string): readonly string[] | undefined {
    if (this.rootDir === undefined || this.realRoot === undefined) return undefined;
    if (this.secretPaths.has(path)) return undefined;
    if (path.includes('\0') || isAbsolute(path) || path.split(/[\\/]/).includes('..'))
      return undefined;
    const real = tryRealpath(resolve(this.rootDir, path));
    if (real === undefined || !inside(this.realRoot, real)) return undefined;
    try {
      const stat = lstatSync(real);
      if (!stat.isFile() || stat.size > MAX_FILE_BYTES) return undefined;
      return readFileSync(real, 'utf8').split(/\r?\n/);
    } catch {
      return undefined;
    }
  }
}

function tryRealpath(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * Whether the file still has the snippet's first line where the finding says. A scanner that
 * masked a credential in the snippet, or a file edited since the scan, fails this check, and
 * the snippet is shown instead of the file.
 */
function fileMatchesSnippet(fileLine: string | undefined, snippet: string | undefined): boolean {
  if (fileLine === undefined) return false;
  if (snippet === undefined) return true;
  const first = collapse((snippet.split(/\r?\n/)[0] ?? '').replace(/…$/, ''));
  return collapse(fileLine).startsWith(first);
}

/**
 * The code frame of a code finding: the finding's lines and {@link CONTEXT_LINES} lines
 * around them from the file, or only the snippet when the finding is about a secret, the
 * file cannot be read or no longer matches. Secret findings never read the file: their
 * snippet is already redacted and no other line of the file is shown. Undefined when there
 * is nothing to show.
 */
export function codeFrame(f: Finding, files: SourceFiles): CodeFrame | undefined {
  const loc = f.location;
  if (loc.kind !== 'code') return undefined;
  const { startLine, endLine, startColumn, endColumn } = loc.region;
  const secret = isSecretFinding(f);
  const fileLines = secret ? undefined : files.lines(loc.path);
  const oneLine = startLine === endLine;

  if (fileLines && fileMatchesSnippet(fileLines[startLine - 1], loc.snippet)) {
    // A file that ends with a newline splits into a last empty "line" that is not there.
    const count = fileLines.at(-1) === '' ? fileLines.length - 1 : fileLines.length;
    const lastMarked = Math.min(endLine, startLine + MAX_MARKED_LINES - 1, count);
    const omitted = Math.max(0, endLine - lastMarked);
    const from = Math.max(1, startLine - CONTEXT_LINES);
    const to = omitted > 0 ? lastMarked : Math.min(count, lastMarked + CONTEXT_LINES);
    const numbers = Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
    const cut = cutLines(
      numbers.map((n) => fileLines[n - 1] ?? ''),
      startColumn - 1,
    );
    return {
      lines: numbers.map((n, i) => ({
        number: n,
        text: cut.lines[i] ?? '',
        marked: n >= startLine && n <= lastMarked,
      })),
      underline: oneLine
        ? underlineOf(fileLines[startLine - 1] ?? '', startColumn, endColumn, cut.shift)
        : undefined,
      focus: Math.max(0, startColumn - 1 - cut.shift),
      omitted,
      from: 'file',
    };
  }

  if (!loc.snippet) return undefined;
  const snippetLines = loc.snippet.split(/\r?\n/);
  const shown = snippetLines.slice(0, MAX_MARKED_LINES);
  const cut = cutLines(shown, startColumn - 1);
  return {
    lines: shown.map((_, i) => ({ number: startLine + i, text: cut.lines[i] ?? '', marked: true })),
    // A secret's snippet is masked, so its columns no longer match the file.
    underline:
      oneLine && !secret && snippetLines.length === 1
        ? underlineOf(shown[0] ?? '', startColumn, endColumn, cut.shift)
        : undefined,
    focus: secret ? 0 : Math.max(0, startColumn - 1 - cut.shift),
    omitted: Math.max(0, snippetLines.length - shown.length),
    from: 'snippet',
  };
}

/** The underline in display indices, when the columns fall inside the line. */
function underlineOf(
  line: string,
  startColumn: number,
  endColumn: number,
  shift: number,
): { start: number; end: number } | undefined {
  const start = startColumn - 1;
  if (start > line.length) return undefined;
  const end = Math.min(line.length, Math.max(start + 1, endColumn - 1));
  const shown = { start: Math.max(0, start - shift), end: Math.min(end - shift, MAX_LINE + 1) };
  return shown.end > shown.start ? shown : undefined;
}

/**
 * Cuts very long lines (minified code) to {@link MAX_LINE} characters, all at the same
 * window around `focus`, with `…` where text was cut; `shift` maps a string index of the
 * original line to the cut one (index − shift).
 */
function cutLines(texts: readonly string[], focus: number): { lines: string[]; shift: number } {
  const longest = Math.max(0, ...texts.map((t) => t.length));
  if (longest <= MAX_LINE) return { lines: [...texts], shift: 0 };
  const from = Math.max(0, Math.min(focus - MAX_LINE / 2, longest - MAX_LINE));
  const lead = from > 0 ? '…' : '';
  return {
    lines: texts.map(
      (t) => `${lead}${t.slice(from, from + MAX_LINE)}${t.length > from + MAX_LINE ? '…' : ''}`,
    ),
    shift: from - lead.length,
  };
}

/**
 * The part of frame lines a reporter of `width` characters shows: when the longest line is
 * wider, every line is cut to the same window around the underline (or the start), so the
 * lines stay aligned, with `…` where text was cut. Returns the display lines and where the
 * underline falls in them.
 */
export function windowFrame(
  frame: CodeFrame,
  width: number,
): { lines: string[]; underline?: { start: number; end: number } | undefined } {
  const w = Math.max(20, width);
  const longest = Math.max(0, ...frame.lines.map((l) => l.text.length));
  if (longest <= w) return { lines: frame.lines.map((l) => l.text), underline: frame.underline };
  const focusStart = frame.underline?.start ?? frame.focus;
  const focusEnd = frame.underline?.end ?? focusStart;
  const span = Math.min(focusEnd - focusStart, w - 2);
  // Put the underline a third of the way in, so the code before it is visible too.
  const start = Math.max(0, Math.min(focusStart - Math.floor((w - span) / 3), longest - (w - 1)));
  const lead = start > 0 ? '…' : '';
  const room = w - lead.length - 1;
  const lines = frame.lines.map(
    (l) => `${lead}${l.text.slice(start, start + room)}${l.text.length > start + room ? '…' : ''}`,
  );
  const underline = frame.underline && {
    start: frame.underline.start - start + lead.length,
    end: Math.min(frame.underline.end - start, room) + lead.length,
  };
  return { lines, underline: underline && underline.end > underline.start ? underline : undefined };
}
