import {
  type Finding,
  type ScanReport,
  SEVERITIES,
  type Severity,
  severityRank,
} from '@rampart/core';
import { type CodeFrame, codeFrame, SourceFiles, windowFrame } from './code-frame.js';
import { visibleControls } from './escape.js';
import {
  cweLabel,
  gateStatus,
  hasNovelty,
  locationLabel,
  owaspLabel,
  plural,
  secretPaths,
  trainingPointers,
} from './finding-facts.js';
import type { RenderContext, Reporter } from './reporter.js';

// SGR codes (on, off). Written here rather than with util.styleText, whose behaviour differs
// between Node versions (newer ones drop colours when process.stdout is not a TTY).
const SGR = {
  bold: [1, 22],
  dim: [2, 22],
  underline: [4, 24],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  cyan: [36, 39],
  gray: [90, 39],
  white: [97, 39],
  bgRed: [41, 49],
} as const;
type Style = keyof typeof SGR;
type Paint = (style: Style | readonly Style[], text: string) => string;

function painter(color: boolean): Paint {
  if (!color) return (_style, text) => text;
  return (style, text) => {
    const styles = typeof style === 'string' ? [style] : style;
    const on = styles.map((s) => `\x1b[${SGR[s][0]}m`).join('');
    const off = styles.map((s) => `\x1b[${SGR[s][1]}m`).join('');
    return `${on}${text}${off}`;
  };
}

const SEVERITY_STYLE: Readonly<Record<Severity, readonly Style[]>> = {
  critical: ['bgRed', 'white', 'bold'],
  high: ['red', 'bold'],
  medium: ['yellow'],
  low: ['cyan'],
  info: ['gray'],
};

/** One line of attacker-controlled text for the terminal: no control sequences, no newlines. */
const oneLine = (text: string) => visibleControls(text).replace(/\s*\n\s*/g, ' ');

/** A group of findings: one file, one manifest, or one host. */
interface Group {
  readonly heading: string;
  readonly findings: Finding[];
}

function groupKey(f: Finding): string {
  const loc = f.location;
  switch (loc.kind) {
    case 'code':
      return loc.path;
    case 'package':
      return loc.manifestPath;
    case 'url':
      try {
        return new URL(loc.url).host || loc.url;
      } catch {
        return loc.url;
      }
  }
}

/** Groups by file, manifest or host; the group with the worst finding first, then by name. */
function groupFindings(findings: readonly Finding[]): Group[] {
  const groups = new Map<string, Group>();
  for (const f of findings) {
    const key = `${f.location.kind}\0${groupKey(f)}`;
    const group = groups.get(key) ?? { heading: groupKey(f), findings: [] };
    group.findings.push(f);
    groups.set(key, group);
  }
  const worst = (g: Group) => Math.max(...g.findings.map((f) => severityRank(f.severity)));
  for (const g of groups.values()) g.findings.sort(byPosition);
  return [...groups.values()].sort(
    (a, b) => worst(b) - worst(a) || (a.heading < b.heading ? -1 : a.heading > b.heading ? 1 : 0),
  );
}

function byPosition(a: Finding, b: Finding): number {
  const la = a.location;
  const lb = b.location;
  if (la.kind === 'code' && lb.kind === 'code') {
    return (
      la.region.startLine - lb.region.startLine || la.region.startColumn - lb.region.startColumn
    );
  }
  return severityRank(b.severity) - severityRank(a.severity);
}

/** The short position in the finding's heading: `2:10`, `lodash@4.17.15`, `GET /path`. */
function position(f: Finding): string {
  const loc = f.location;
  switch (loc.kind) {
    case 'code':
      return `${loc.region.startLine}:${loc.region.startColumn}`;
    case 'package':
      return `${loc.name}@${loc.version}`;
    case 'url': {
      let path = loc.url;
      try {
        const url = new URL(loc.url);
        path = `${url.pathname}${url.search}`;
      } catch {}
      return `${loc.method} ${path}`;
    }
  }
}

const INDENT = '    ';
const MAX_POSITION = 30;

function frameLines(frame: CodeFrame, width: number, paint: Paint): string[] {
  const gutter = String(Math.max(...frame.lines.map((l) => l.number))).length;
  // Room for the code: the indent, the marker, the gutter and ' │ '.
  const shown = windowFrame(frame, width - INDENT.length - gutter - 5);
  const out: string[] = [];
  frame.lines.forEach((line, i) => {
    const text = visibleControls(shown.lines[i] ?? '');
    const mark = line.marked ? paint(['red', 'bold'], '>') : ' ';
    const gutterText = paint('dim', `${String(line.number).padStart(gutter)} │`);
    out.push(`${INDENT.slice(2)}${mark} ${gutterText}${text ? ` ${text}` : ''}`);
    const underline = shown.underline;
    if (line.marked && underline && frame.lines.filter((l) => l.marked).length === 1) {
      const raw = shown.lines[i] ?? '';
      // Widths after making control characters visible, tabs kept so the caret lines up.
      const pad = visibleControls(raw.slice(0, underline.start)).replace(/[^\t]/g, ' ');
      const span = visibleControls(raw.slice(underline.start, underline.end)).length;
      out.push(
        `${INDENT.slice(2)}  ${paint('dim', `${' '.repeat(gutter)} │`)} ${pad}${paint('red', '^'.repeat(Math.max(1, span)))}`,
      );
    }
  });
  if (frame.omitted > 0) {
    out.push(`${INDENT}${paint('dim', `… ${plural(frame.omitted, 'more line')} of this finding`)}`);
  }
  return out;
}

function where(f: Finding): string {
  const loc = f.location;
  switch (loc.kind) {
    case 'code':
      return `${loc.path}:${loc.region.startLine}:${loc.region.startColumn}`;
    case 'package': {
      const facts = [
        loc.direct === undefined ? undefined : loc.direct ? 'direct' : 'transitive',
        loc.dev ? 'dev' : undefined,
      ].filter(Boolean);
      const via =
        loc.dependencyPath && loc.dependencyPath.length > 1
          ? ` via ${loc.dependencyPath.join(' → ')}`
          : '';
      return `${loc.manifestPath}${loc.line ? `:${loc.line}` : ''} · ${loc.name}@${loc.version}${facts.length > 0 ? ` (${facts.join(', ')})` : ''}${via}`;
    }
    case 'url':
      return locationLabel(f);
  }
}

interface RenderState {
  readonly report: ScanReport;
  readonly ctx: RenderContext;
  readonly paint: Paint;
  readonly failing: ReadonlySet<string>;
  readonly files: SourceFiles;
  readonly width: number;
  readonly novelty: boolean;
}

function renderFinding(f: Finding, posWidth: number, s: RenderState): string[] {
  const { paint } = s;
  const pos = oneLine(position(f));
  const shortPos = pos.length > MAX_POSITION ? `${pos.slice(0, MAX_POSITION - 1)}…` : pos;
  const sev = paint(SEVERITY_STYLE[f.severity], f.severity.toUpperCase().padEnd(8));
  const tags = [
    s.novelty && f.novelty === 'new' ? paint(['green', 'bold'], 'new') : undefined,
    s.novelty && f.novelty === 'existing' ? paint('dim', 'existing') : undefined,
    gateStatus(f, s.report, s.failing) === 'fails' ? paint('red', '✖ fails gate') : undefined,
  ].filter(Boolean);
  const out = [
    `  ${paint('dim', shortPos.padEnd(posWidth))}  ${sev}  ${paint('bold', oneLine(f.title))}  ${paint('dim', oneLine(f.ruleId))}${tags.length > 0 ? `  ${tags.join('  ')}` : ''}`,
  ];
  out.push(...wrap(visibleControls(f.message), INDENT, s.ctx.columns));
  out.push(`${INDENT}${paint('dim', `at ${oneLine(where(f))}`)}`);

  const frame = codeFrame(f, s.files);
  if (frame) out.push(...frameLines(frame, s.width, paint));
  const loc = f.location;
  if (loc.kind === 'package') {
    out.push(
      `${INDENT}${loc.fixedVersions.length > 0 ? `fixed in: ${oneLine(loc.fixedVersions.join(', '))}` : 'no fixed version yet'}`,
    );
  }
  if (loc.kind === 'url') {
    const evidence = loc.evidence?.proof ?? loc.evidence?.response?.split('\n')[0];
    if (evidence)
      out.push(`${INDENT}${paint('dim', `evidence: ${cut(oneLine(evidence), s.width)}`)}`);
  }
  if (f.cvss)
    out.push(`${INDENT}${paint('dim', `CVSS ${f.cvss.score} ${oneLine(f.cvss.vector)}`)}`);
  if (f.remediation) {
    const lines = wrap(`fix: ${visibleControls(f.remediation.trim())}`, INDENT, s.ctx.columns);
    lines[0] = (lines[0] ?? '').replace('fix:', paint('green', 'fix:'));
    out.push(...lines.map((line, i) => (i === 0 ? line : `     ${line}`)));
  }
  const taxonomy = [...f.cwe.map(cweLabel), ...(f.owasp ? [owaspLabel(f.owasp)] : [])];
  if (taxonomy.length > 0) out.push(`${INDENT}${paint('dim', taxonomy.join(' · '))}`);
  for (const t of trainingPointers(f.cwe, s.ctx)) {
    out.push(`${INDENT}${paint('cyan', `learn: ${t.label}: ${t.url ?? t.command}`)}`);
  }
  if (f.references[0]) out.push(`${INDENT}${paint('dim', `see: ${oneLine(f.references[0])}`)}`);
  return out;
}

/**
 * Indents prose, one output line per line of `text`; with a known terminal width, also wraps
 * it at spaces (a word longer than the width stays whole). Without one (a pipe, a CI log),
 * lines are left for the viewer to wrap.
 */
function wrap(text: string, indent: string, columns: number | undefined): string[] {
  const room =
    columns === undefined ? Number.POSITIVE_INFINITY : Math.max(40, columns - indent.length - 5);
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ')) {
      if (line !== '' && line.length + 1 + word.length > room) {
        out.push(`${indent}${line}`);
        line = word;
      } else {
        line = line === '' ? word : `${line} ${word}`;
      }
    }
    out.push(`${indent}${line}`);
  }
  return out;
}

function cut(text: string, width: number): string {
  const room = Math.max(20, width - INDENT.length - 10);
  return text.length > room ? `${text.slice(0, room - 1)}…` : text;
}

function summaryLines(s: RenderState): string[] {
  const { report, paint } = s;
  const sum = report.summary;
  const bySeverity = SEVERITIES.filter((sev) => sum.bySeverity[sev] > 0)
    .map((sev) => paint(SEVERITY_STYLE[sev], `${sum.bySeverity[sev]} ${sev}`))
    .join(', ');
  let counts = sum.total === 0 ? 'no findings' : `${plural(sum.total, 'finding')} (${bySeverity})`;
  if (s.novelty) {
    const fresh = report.findings.filter((f) => f.novelty === 'new').length;
    counts += ` · ${fresh} new, ${report.findings.length - fresh} existing`;
  }
  const scanners = report.scan.scanners.map((x) => x.kind).join(', ') || 'no scanners';
  const seconds = (report.scan.durationMs / 1000).toFixed(1);
  const parts = [
    counts,
    `${plural(report.scan.filesScanned, 'file')} scanned with ${scanners} in ${seconds}s`,
  ];
  // The hub's triage suppressions are listed: they are decisions made elsewhere, and the
  // reason (who accepted what, until when) is what a reader of the CI log needs to see.
  const byHub = report.suppressed.filter((x) => x.kind === 'hub');
  if (sum.suppressed > 0)
    parts.push(
      `${sum.suppressed} suppressed${byHub.length > 0 ? ` (${byHub.length} by the hub's triage)` : ''}`,
    );
  if (report.scan.skipped.length > 0)
    parts.push(`${plural(report.scan.skipped.length, 'file')} skipped`);

  const out = [parts.join(' · ')];
  for (const skipped of report.scan.skipped.slice(0, 5)) {
    out.push(paint('dim', `  skipped ${oneLine(skipped.path)}: ${oneLine(skipped.detail)}`));
  }
  if (report.scan.skipped.length > 5)
    out.push(paint('dim', `  … and ${report.scan.skipped.length - 5} more (see --format json)`));
  for (const hub of byHub.slice(0, 10)) {
    out.push(
      paint(
        'dim',
        `  suppressed by the hub: ${oneLine(hub.ruleId)} at ${oneLine(hub.location)}: ${oneLine(hub.reason ?? '')}`,
      ),
    );
  }
  if (byHub.length > 10)
    out.push(paint('dim', `  … and ${byHub.length - 10} more (see --format json)`));
  for (const run of report.scan.scanners) {
    if (run.error)
      out.push(
        paint(
          'red',
          `scanner ${run.kind} failed: ${oneLine(run.error)}; its results are incomplete`,
        ),
      );
  }
  out.push(
    report.gate.passed
      ? paint('green', `✔ ${report.gate.summary}`)
      : paint('red', `✖ ${report.gate.summary}`),
  );
  return out;
}

/**
 * Renders the human report, for the terminal: findings grouped by file (by manifest for
 * packages, by host for URLs), each with its severity, position, title, rule, message, a
 * code frame, the fix, CWE/OWASP and the training link; then one summary line and the gate.
 *
 * Code frames show {@link CONTEXT_LINES} lines around the finding read from the file under
 * `ctx.rootDir`, except for files that hold a secret: those show only the redacted snippet.
 * Everything from the scanned repository is printed with control characters made visible,
 * so a file cannot drive the terminal.
 */
export function renderText(report: ScanReport, ctx: RenderContext): string {
  const state: RenderState = {
    report,
    ctx,
    paint: painter(ctx.color),
    failing: new Set(report.gate.failing),
    files: new SourceFiles(ctx.rootDir, secretPaths(report)),
    width: ctx.columns ?? 120,
    novelty: hasNovelty(report),
  };
  const out: string[] = [];
  for (const group of groupFindings(report.findings)) {
    out.push(state.paint(['bold', 'underline'], oneLine(group.heading)));
    const posWidth = Math.min(
      MAX_POSITION,
      Math.max(...group.findings.map((f) => oneLine(position(f)).length)),
    );
    for (const f of group.findings) {
      out.push(...renderFinding(f, posWidth, state), '');
    }
  }
  out.push(...summaryLines(state));
  return `${out.join('\n')}\n`;
}

/** Human-readable output for the terminal. */
export const textReporter: Reporter = {
  format: 'text',
  description: 'human-readable, for the terminal (default)',
  machine: false,
  render: renderText,
};
