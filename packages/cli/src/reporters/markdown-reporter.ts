import { type Finding, type ScanReport, SEVERITIES } from '@rampart/core';
import { safeHttpUrl } from './escape.js';
import {
  countBy,
  cweLabel,
  gateStatus,
  hasNovelty,
  locationLabel,
  notGatingReason,
  owaspLabel,
  plural,
  SEVERITY_EMOJI,
  SEVERITY_LABEL,
  scannerKinds,
  trainingPointers,
} from './finding-facts.js';
import { htmlCode, htmlText, mdCode, mdFence, mdInline, mdLink, mdText } from './markdown-text.js';
import type { RenderContext, Reporter } from './reporter.js';

/** GitHub refuses comment bodies longer than this many characters. */
export const GITHUB_COMMENT_LIMIT = 65_536;
/**
 * The default size budget: GitHub's limit less room for what `rampart comment` adds around
 * the body (a hidden marker to find and update its comment, a footer).
 */
export const DEFAULT_MARKDOWN_BUDGET = GITHUB_COMMENT_LIMIT - 1_536;

/** How long finding text may be in a comment before it is cut (one finding cannot fill it). */
const LIMITS = { title: 200, message: 1_500, remediation: 1_500, snippet: 1_200, location: 400 };
const SNIPPET_LINES = 10;

/** Options of {@link renderMarkdown}. */
export interface MarkdownOptions {
  /** The most characters the comment may have (default {@link DEFAULT_MARKDOWN_BUDGET}). */
  readonly maxLength?: number;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

const LANGUAGES: Readonly<Record<string, string>> = {
  js: 'js',
  mjs: 'js',
  cjs: 'js',
  jsx: 'jsx',
  ts: 'ts',
  mts: 'ts',
  cts: 'ts',
  tsx: 'tsx',
  py: 'python',
  rb: 'ruby',
  go: 'go',
  java: 'java',
  kt: 'kotlin',
  cs: 'csharp',
  php: 'php',
  yml: 'yaml',
  yaml: 'yaml',
  json: 'json',
  tf: 'hcl',
  hcl: 'hcl',
  sh: 'shell',
  bash: 'shell',
  env: 'shell',
};

function languageOf(path: string): string {
  const name = path.split('/').pop() ?? '';
  if (/^dockerfile/i.test(name) || /\.dockerfile$/i.test(name)) return 'dockerfile';
  if (name.startsWith('.env')) return 'shell';
  return LANGUAGES[name.split('.').pop()?.toLowerCase() ?? ''] ?? '';
}

/** Where the finding is, as a code span: file:line, package@version in manifest, METHOD url. */
function whereText(f: Finding): string {
  const loc = f.location;
  switch (loc.kind) {
    case 'code':
      return `${loc.path}:${loc.region.startLine}`;
    case 'package':
      return `${loc.name}@${loc.version} in ${loc.manifestPath}${loc.line ? `:${loc.line}` : ''}`;
    case 'url':
      return locationLabel(f);
  }
}

interface Facts {
  readonly report: ScanReport;
  readonly ctx: RenderContext;
  readonly failing: ReadonlySet<string>;
}

/** One finding as a collapsed `<details>` block. */
function findingBlock(f: Finding, facts: Facts): string {
  const status = gateStatus(f, facts.report, facts.failing);
  const summary = [
    `${SEVERITY_EMOJI[f.severity]} <b>${SEVERITY_LABEL[f.severity]}</b>`,
    htmlText(clip(f.title, LIMITS.title)),
    `<code>${htmlCode(clip(whereText(f), LIMITS.location))}</code>`,
    ...(status === 'fails' ? ['❌ fails the gate'] : []),
  ].join(' · ');

  const facts1 = [
    `**Rule** ${mdCode(f.ruleId)}`,
    `**Scanner** ${mdText(f.scanner)}`,
    ...f.cwe.map((id) => mdText(cweLabel(id))),
    ...(f.owasp ? [mdText(owaspLabel(f.owasp))] : []),
    ...(f.cvss ? [`CVSS ${f.cvss.score}`] : []),
  ];
  const body: string[] = [facts1.join(' · '), mdInline(clip(f.message, LIMITS.message))];

  const loc = f.location;
  body.push(`**Location:** ${mdCode(clip(whereText(f), LIMITS.location))}`);
  if (loc.kind === 'code' && loc.snippet) {
    const lines = loc.snippet.split(/\r?\n/);
    const shown = clip(lines.slice(0, SNIPPET_LINES).join('\n'), LIMITS.snippet);
    body.push(mdFence(shown, languageOf(loc.path)));
  }
  if (loc.kind === 'package') {
    body.push(
      loc.fixedVersions.length > 0
        ? `**Fixed in:** ${loc.fixedVersions.slice(0, 10).map(mdCode).join(', ')}`
        : '**Fixed in:** no fixed version yet',
    );
    if (loc.dependencyPath && loc.dependencyPath.length > 1) {
      body.push(
        `**Brought in by:** ${mdText(clip(loc.dependencyPath.join(' → '), LIMITS.location))}`,
      );
    }
  }
  if (loc.kind === 'url' && loc.evidence?.proof) {
    body.push(`**Evidence:**\n\n${mdFence(clip(loc.evidence.proof, LIMITS.snippet))}`);
  }
  if (f.remediation)
    body.push(`**Fix:** ${mdInline(clip(f.remediation.trim(), LIMITS.remediation))}`);
  for (const t of trainingPointers(f.cwe, facts.ctx)) {
    const label = t.label.startsWith('CWE-') ? cweLabel(t.label) : t.label;
    body.push(
      t.url
        ? `📚 ${mdLink(`Training: ${mdText(label)}`, t.url)}`
        : `📚 Training: ${mdText(label)}, run \`${t.command}\``,
    );
  }
  if (status !== 'fails') body.push(`<sub>${mdText(notGatingReason(status, facts.report))}</sub>`);
  return `<details>\n<summary>${summary}</summary>\n\n${body.join('\n\n')}\n\n</details>`;
}

function summaryTables(report: ScanReport, novelty: boolean): string {
  const head = novelty ? '| New | Existing | Total |' : '| Findings |';
  const rule = novelty ? '| --: | --: | --: |' : '| --: |';
  const row = (label: string, r: { total: number; new: number; existing: number }) =>
    novelty ? `| ${label} | ${r.new} | ${r.existing} | ${r.total} |` : `| ${label} | ${r.total} |`;
  const bySeverity = countBy(report.findings, (f) => f.severity, SEVERITIES)
    .filter((r) => r.total > 0)
    .map((r) => row(`${SEVERITY_EMOJI[r.key]} ${SEVERITY_LABEL[r.key]}`, r));
  const byScanner = countBy(report.findings, (f) => f.scanner, scannerKinds(report)).map((r) =>
    row(mdText(r.key), r),
  );
  return [
    `| Severity ${head}`,
    `| :-- ${rule}`,
    ...bySeverity,
    '',
    `| Scanner ${head}`,
    `| :-- ${rule}`,
    ...byScanner,
  ].join('\n');
}

function headline(report: ScanReport, ctx: RenderContext, novelty: boolean): string[] {
  const gate = report.gate.passed ? '✅ Rampart: gate passed' : '❌ Rampart: gate failed';
  const scanners = report.scan.scanners.map((s) => s.kind).join(', ') || 'no scanners';
  const where = [
    `${plural(report.scan.filesScanned, 'file')} scanned with ${scanners}`,
    ...(report.scan.git?.commit ? [`commit ${report.scan.git.commit.slice(0, 12)}`] : []),
    ...(report.scan.diffBase ? [`compared with ${report.scan.diffBase}`] : []),
  ];
  const out = [
    `## ${gate}`,
    '',
    `**${mdText(report.gate.summary)}**`,
    '',
    mdText(where.join(' · ')),
  ];
  for (const run of report.scan.scanners) {
    if (run.error) {
      out.push(
        '',
        `⚠️ Scanner ${mdCode(run.kind)} failed: ${mdText(clip(run.error, 300))}; its results are incomplete.`,
      );
    }
  }
  if (report.findings.length === 0) {
    out.push('', 'No findings. 🎉');
  } else {
    out.push('', summaryTables(report, novelty));
  }
  if (report.summary.suppressed > 0) {
    out.push(
      '',
      `<sub>${plural(report.summary.suppressed, 'finding')} suppressed (inline, baseline, rule settings or the hub's triage).</sub>`,
    );
  }
  const champion = ctx.team?.champion;
  if (champion) {
    // The champion comes from the repository's own rampart.yml, which says "@alice" is meant
    // to mention them: it is escaped but its mentions are kept.
    const name = mdText(champion, { allowMentions: true });
    const url = ctx.team?.championUrl ? safeHttpUrl(ctx.team.championUrl) : undefined;
    const team = ctx.team?.name ? ` of ${mdText(ctx.team.name, { allowMentions: true })}` : '';
    out.push(
      '',
      `🛡️ Questions about these findings? Ask the security champion${team}: ${url ? mdLink(name, url) : name}.`,
    );
  }
  return out;
}

/**
 * Renders the pull request comment: a headline with the gate result, tables by severity and
 * by scanner (new and existing counted apart when a baseline or diff base was used), then the
 * findings, new ones first and existing ones collapsed, each in a `<details>` block with its
 * severity, title, location, code, fix, training link; the security champion is named when
 * rampart.yml sets one.
 *
 * Text from the scanned repository cannot add Markdown or HTML, nor mention anyone. The
 * comment stays within `options.maxLength` characters (GitHub takes at most 65,536): when the
 * findings do not fit, it ends after a whole finding with a note of how many were left out.
 * (Only a headline longer than that, which no real report has, could exceed it.) The output
 * depends only on the report and the context: no clock, no randomness.
 */
export function renderMarkdown(
  report: ScanReport,
  ctx: RenderContext,
  options: MarkdownOptions = {},
): string {
  const maxLength = options.maxLength ?? DEFAULT_MARKDOWN_BUDGET;
  const novelty = hasNovelty(report);
  const facts: Facts = { report, ctx, failing: new Set(report.gate.failing) };
  const fresh = novelty
    ? report.findings.filter((f) => f.novelty !== 'existing')
    : [...report.findings];
  const existing = novelty ? report.findings.filter((f) => f.novelty === 'existing') : [];
  const ordered = [...fresh, ...existing];
  const blocks = ordered.map((f) => findingBlock(f, facts));
  const head = headline(report, ctx, novelty).join('\n');
  const footer = `<sub>Rampart ${mdText(report.tool.version)} · stage ${report.scan.stage}</sub>`;

  /** The whole comment with the first `shown` findings. */
  const assemble = (shown: number): string => {
    const parts = [head];
    const freshShown = Math.min(shown, fresh.length);
    const existingShown = Math.max(0, shown - fresh.length);
    if (freshShown > 0) {
      parts.push(`### ${novelty ? 'New findings' : 'Findings'} (${fresh.length})`);
      parts.push(...blocks.slice(0, freshShown));
    }
    if (existingShown > 0) {
      parts.push(
        `<details>\n<summary><b>Existing findings (${existing.length})</b>: already there before this change; the gate does not count them</summary>`,
        ...blocks.slice(fresh.length, fresh.length + existingShown),
        '</details>',
      );
    }
    const left = ordered.slice(shown);
    if (left.length > 0) {
      const leftNew = left.filter((f) => f.novelty === 'new').length;
      parts.push(
        `**… and ${plural(left.length, 'more finding')}${novelty ? ` (${leftNew} new)` : ''} not shown**; see the full report in the job's artifacts or the ${mdCode('rampart scan')} output.`,
      );
    }
    parts.push(footer);
    return `${parts.join('\n\n')}\n`;
  };

  if (assemble(blocks.length).length <= maxLength) return assemble(blocks.length);
  // The longest prefix of whole findings that fits (lengths grow with every finding added).
  let lo = 0;
  let hi = blocks.length;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (assemble(mid).length <= maxLength) lo = mid;
    else hi = mid;
  }
  return assemble(lo);
}

/** `--format markdown`: the PR comment, as a file. */
export const markdownReporter: Reporter = {
  format: 'markdown',
  description: 'Markdown for pull request comments',
  machine: true,
  render: (report, ctx) => renderMarkdown(report, ctx),
};
