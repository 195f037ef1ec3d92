/**
 * Markdown building blocks that keep hostile text inert on GitHub and GitLab: it renders as
 * the same characters, cannot open links, emphasis, HTML or blocks, and cannot mention anyone.
 */
import { escapeHtml, visibleControls } from './escape.js';

const ZWJ = '\u200d';

/**
 * Stops `@name` from mentioning (and notifying) anyone: a zero-width joiner after every `@`
 * leaves the text readable but no longer a mention. Also for `@org/team`.
 */
export function noMentions(text: string): string {
  return text.replaceAll('@', `@${ZWJ}`);
}

// What can start or end inline Markdown on GitHub or GitLab (emphasis, code, links and
// images through their brackets, strikethrough, table cells, math, GitLab's {+ +} diffs):
// backslash-escaped. `<`, `>` and `&` (HTML, autolinks, entities) become entities.
const INLINE_SPECIAL = /[\\`*_[\]|~{}$]/g;
const ENTITY: Readonly<Record<string, string>> = { '<': '&lt;', '>': '&gt;', '&': '&amp;' };

/**
 * One line of plain text for Markdown prose (a paragraph, a table cell): inline syntax is
 * escaped, `<`, `>`, `&` become entities, line breaks become spaces, mentions are disarmed,
 * control characters are made visible, and the start cannot begin a block (heading, list,
 * quote, thematic break). Plain URLs may still be autolinked, as in any comment.
 */
export function mdText(text: string, options: { allowMentions?: boolean } = {}): string {
  const line = visibleControls(text)
    .replace(/\s*\n\s*/g, ' ')
    .trim();
  const escaped = line
    .replace(/[<>&]/g, (c) => ENTITY[c] ?? c)
    .replace(INLINE_SPECIAL, (c) => `\\${c}`)
    .replace(/^[#+=-]/, (c) => `\\${c}`)
    .replace(/^(\d+)([.)])/, '$1\\$2');
  return options.allowMentions ? escaped : noMentions(escaped);
}

/** A Markdown code span that shows `text` exactly, whatever backticks it contains. */
export function mdCode(text: string): string {
  const body = visibleControls(text).replace(/\s*\n\s*/g, ' ');
  if (body.trim() === '') return mdText(body) || '&nbsp;';
  const fence = '`'.repeat(longestRun(body, '`') + 1);
  // A space inside each end lets a span start or end with a backtick (CommonMark strips one).
  const pad = /^[`\s]|[`\s]$/.test(body) ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}

/** A piece of text that may hold `code spans`: plain text or the content of a span. */
export interface InlinePart {
  readonly code: boolean;
  readonly text: string;
}

/**
 * Splits text into plain parts and `code span` contents, as CommonMark reads them: a span
 * opens with a run of backticks and closes at the next run of exactly as many; a run that
 * is never closed is plain text. Line breaks become spaces.
 */
export function splitCodeSpans(text: string): InlinePart[] {
  const flat = text.replace(/\s*\n\s*/g, ' ');
  const runs = [...flat.matchAll(/`+/g)].map((m) => ({ at: m.index, length: m[0].length }));
  const parts: InlinePart[] = [];
  let plainFrom = 0;
  for (let i = 0; i < runs.length; i++) {
    const open = runs[i] as { at: number; length: number };
    if (open.at < plainFrom) continue;
    const j = runs.findIndex((r, k) => k > i && r.length === open.length);
    if (j === -1) continue;
    const close = runs[j] as { at: number; length: number };
    if (open.at > plainFrom) parts.push({ code: false, text: flat.slice(plainFrom, open.at) });
    parts.push({ code: true, text: flat.slice(open.at + open.length, close.at).trim() });
    plainFrom = close.at + close.length;
    i = j;
  }
  if (plainFrom < flat.length) parts.push({ code: false, text: flat.slice(plainFrom) });
  return parts;
}

/**
 * Text that may hold `code spans` (messages, remediation): the spans stay code, shown with
 * {@link mdCode}; everything else is plain text ({@link mdText}). Any other Markdown (links,
 * emphasis, HTML) is shown as written, not rendered.
 */
export function mdInline(text: string): string {
  return splitCodeSpans(text)
    .map((part) => (part.code ? mdCode(part.text) : mdTextKeepSpaces(part.text)))
    .join('')
    .trim();
}

/** {@link mdText} that keeps the spaces at its ends (it sits between code spans). */
function mdTextKeepSpaces(text: string): string {
  const lead = /^\s/.test(text) ? ' ' : '';
  const trail = /\s$/.test(text) && text.trim() !== '' ? ' ' : '';
  return `${lead}${mdText(text)}${trail}`;
}

/**
 * A fenced code block: the fence is longer than any backtick run inside, so no line of the
 * code can close it. The language is given only when it is a plain word.
 */
export function mdFence(code: string, language = ''): string {
  const body = visibleControls(code).replace(/\n+$/, '');
  const fence = '`'.repeat(Math.max(3, longestRun(body, '`') + 1));
  const lang = /^[a-z0-9]+$/.test(language) ? language : '';
  return `${fence}${lang}\n${body}\n${fence}`;
}

/**
 * Text for raw HTML inside Markdown (`<summary>`): HTML-escaped, without mentions, and with
 * Markdown punctuation written as character references, so it stays text even where a
 * renderer reads Markdown inside HTML.
 */
export function htmlText(text: string): string {
  return noMentions(htmlCode(text));
}

/**
 * Text for a raw `<code>` element: as {@link htmlText} but with `@` left alone (GitHub and
 * GitLab never mention anyone from inside code, and `name@1.2.3` must read as written).
 */
export function htmlCode(text: string): string {
  return escapeHtml(text.replace(/\s*\n\s*/g, ' ')).replace(
    /[[\]`*_~|$\\]/g,
    (c) => `&#${c.charCodeAt(0)};`,
  );
}

/** A link with a destination that cannot end early (`<…>` form; the URL is already checked). */
export function mdLink(label: string, url: string): string {
  return `[${label}](<${url.replace(/[<>\s]/g, encodeURIComponent)}>)`;
}

function longestRun(text: string, char: string): number {
  let longest = 0;
  let run = 0;
  for (const c of text) {
    run = c === char ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  return longest;
}
