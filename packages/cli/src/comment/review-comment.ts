import { cweUrl, type Finding } from '@rampart/core';
import { visibleControls } from '../reporters/escape.js';
import {
  cweLabel,
  SEVERITY_EMOJI,
  SEVERITY_LABEL,
  trainingPointers,
} from '../reporters/finding-facts.js';
import type { TrainingLookup } from '../reporters/reporter.js';
import { findingMarker } from './markers.js';

// Everything CommonMark may read as syntax; a backslash before ASCII punctuation is always
// a literal character.
const MARKDOWN_PUNCTUATION = /[\\`*_{}[\]()#+\-.!|~<>&"]/g;
// `@name` and `@org/team` notify people on GitHub and GitLab; a zero-width space after the
// `@` keeps the text readable and mentions nobody.
const MENTION = /@(?=[\p{L}\p{N}_-])/gu;

/**
 * Text from a scanned repository (a message, a title) as inert markdown: one line, every
 * markdown character escaped, control and bidirectional characters made visible, and no
 * `@mention` that would notify someone.
 * @example markdownText('<img src=x> @alice') // '\\<img src=x\\> @\u200balice'
 */
export function markdownText(text: string): string {
  return visibleControls(text)
    .replace(/\s*\n\s*/g, ' ')
    .replace(MARKDOWN_PUNCTUATION, (c) => `\\${c}`)
    .replace(MENTION, '@\u200b');
}

/** Text as an inline code span, fenced by more backticks than it holds (paths, rule ids). */
export function codeSpan(text: string): string {
  const flat = visibleControls(text).replace(/\s*\n\s*/g, ' ');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** Neutralises one line outside code: raw HTML (and so hidden markers) and mentions. */
function inertLine(line: string): string {
  let out = '';
  let rest = line;
  for (;;) {
    const open = /`+/.exec(rest);
    if (!open) break;
    const close = rest.indexOf(open[0], open.index + open[0].length);
    // A code span ends at the same number of backticks; its content is shown literally.
    if (close === -1 || rest[close + open[0].length] === '`') {
      out += inertText(rest.slice(0, open.index + open[0].length));
      rest = rest.slice(open.index + open[0].length);
      continue;
    }
    out += inertText(rest.slice(0, open.index)) + rest.slice(open.index, close + open[0].length);
    rest = rest.slice(close + open[0].length);
  }
  return out + inertText(rest);
}

function inertText(text: string): string {
  return text.replace(/</g, '&lt;').replace(MENTION, '@\u200b');
}

/**
 * Markdown written by a rule (its remediation) kept as markdown, but inert: outside code
 * blocks and code spans, `<` is written `&lt;` (no raw HTML, no hidden marker) and
 * `@mentions` notify nobody. A remediation can come from a `--rules` file in the pull
 * request itself, so it is not trusted.
 */
export function inertMarkdown(markdown: string): string {
  let fence: string | undefined;
  return visibleControls(markdown)
    .split('\n')
    .map((line) => {
      const m = FENCE.exec(line);
      if (fence !== undefined) {
        if (m?.[1] && m[1][0] === fence[0] && m[1].length >= fence.length) fence = undefined;
        return line;
      }
      if (m?.[1]) {
        fence = m[1];
        return line;
      }
      return inertLine(line);
    })
    .join('\n');
}

/** What a review comment says besides the finding. */
export interface ReviewCommentContext {
  /** rampart.yml `training.url` (`{module}` or `{cwe}`). */
  readonly trainingUrl?: string | undefined;
  /** The training module of a finding's CWEs (training-lookup.ts). */
  readonly training?: TrainingLookup | undefined;
  /** What happens to the comment once the finding is fixed, in the forge's words. */
  readonly onFix: string;
}

/**
 * The body of the review comment on a finding's line: the finding marker (hidden), severity,
 * title, rule, message, how to fix it, and its CWE and training links.
 */
export function renderReviewComment(finding: Finding, ctx: ReviewCommentContext): string {
  const lines = [
    findingMarker(finding.fingerprint),
    `${SEVERITY_EMOJI[finding.severity]} **${SEVERITY_LABEL[finding.severity]}** · **${markdownText(finding.title)}** · ${codeSpan(finding.ruleId)}`,
    '',
    markdownText(finding.message),
  ];
  if (finding.remediation?.trim()) {
    lines.push('', `**How to fix:** ${inertMarkdown(finding.remediation.trim())}`);
  }
  const links = finding.cwe.map((cwe) => `[${markdownText(cweLabel(cwe))}](${cweUrl(cwe)})`);
  for (const t of trainingPointers(finding.cwe, ctx)) {
    links.push(
      t.url
        ? `[Training: ${t.label.startsWith('CWE-') ? t.label : markdownText(t.label)}](${t.url.replace(/\(/g, '%28').replace(/\)/g, '%29')})`
        : `Training: ${markdownText(t.label)}, run ${codeSpan(t.command ?? '')}`,
    );
  }
  if (links.length > 0) lines.push('', links.join(' · '));
  lines.push('', `<sub>Rampart · ${markdownText(ctx.onFix)}</sub>`, '');
  return lines.join('\n');
}
