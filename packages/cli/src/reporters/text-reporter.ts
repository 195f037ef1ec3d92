import { styleText } from 'node:util';
import {
  cweName,
  type Finding,
  owaspCategory,
  type ScanReport,
  type Severity,
} from '@rampart/core';
import type { Reporter } from './reporter.js';

type Style = Parameters<typeof styleText>[0];

const SEVERITY_STYLE: Readonly<Record<Severity, Style>> = {
  critical: ['bgRed', 'white', 'bold'],
  high: ['red', 'bold'],
  medium: 'yellow',
  low: 'cyan',
  info: 'gray',
};

function locationText(f: Finding): string {
  const loc = f.location;
  switch (loc.kind) {
    case 'code':
      return `${loc.path}:${loc.region.startLine}:${loc.region.startColumn}`;
    case 'package':
      return `${loc.name}@${loc.version} (${loc.manifestPath}${loc.line ? `:${loc.line}` : ''})`;
    case 'url':
      return `${loc.method} ${loc.url}${loc.parameter ? ` [${loc.parameter}]` : ''}`;
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Renders the human report: findings grouped by severity, then a summary and the gate. */
export function renderText(report: ScanReport, color: boolean): string {
  const paint = (style: Style, text: string) => (color ? styleText(style, text) : text);
  const failing = new Set(report.gate.failing);
  const out: string[] = [];

  for (const f of report.findings) {
    const sev = paint(SEVERITY_STYLE[f.severity], ` ${f.severity.toUpperCase()} `);
    const marker = failing.has(f.fingerprint) ? paint('red', ' ✖ fails gate') : '';
    out.push(`${sev} ${paint('bold', f.title)} ${paint('dim', `[${f.ruleId}]`)}${marker}`);
    out.push(`  ${paint('underline', locationText(f))}`);
    out.push(`  ${f.message}`);
    const loc = f.location;
    if (loc.kind === 'code' && loc.snippet) {
      const lines = loc.snippet.split('\n').slice(0, 5);
      lines.forEach((text, i) => {
        out.push(paint('dim', `  ${String(loc.region.startLine + i).padStart(5)} │ `) + text);
      });
    }
    if (loc.kind === 'package' && loc.fixedVersions.length > 0) {
      out.push(`  fixed in: ${loc.fixedVersions.join(', ')}`);
    }
    const taxonomy = [
      ...f.cwe.map((id) => {
        const name = cweName(id);
        return name ? `${id} ${name}` : id;
      }),
      ...(f.owasp ? [`OWASP ${f.owasp} ${owaspCategory(f.owasp)?.name ?? ''}`.trim()] : []),
    ];
    if (taxonomy.length > 0) out.push(paint('dim', `  ${taxonomy.join(' · ')}`));
    if (f.remediation) out.push(`  ${paint('green', 'fix:')} ${f.remediation.split('\n')[0]}`);
    if (f.references[0]) out.push(paint('dim', `  see: ${f.references[0]}`));
    out.push('');
  }

  const s = report.summary;
  const bySeverity = (Object.entries(s.bySeverity) as [Severity, number][])
    .filter(([, n]) => n > 0)
    .map(([sev, n]) => paint(SEVERITY_STYLE[sev], `${n} ${sev}`))
    .join(', ');
  const scanners = report.scan.scanners.map((x) => x.kind).join(', ') || 'no scanners';
  const seconds = (report.scan.durationMs / 1000).toFixed(1);
  const summaryParts = [
    `Scanned ${plural(report.scan.filesScanned, 'file')} with ${scanners} in ${seconds}s`,
    s.total === 0 ? 'no findings' : `${plural(s.total, 'finding')} (${bySeverity})`,
  ];
  if (s.suppressed > 0) summaryParts.push(`${s.suppressed} suppressed`);
  if (report.scan.skipped.length > 0)
    summaryParts.push(`${plural(report.scan.skipped.length, 'file')} skipped`);
  out.push(summaryParts.join(' · '));
  for (const skipped of report.scan.skipped.slice(0, 5)) {
    out.push(paint('dim', `  skipped ${skipped.path}: ${skipped.detail}`));
  }
  if (report.scan.skipped.length > 5)
    out.push(paint('dim', `  … and ${report.scan.skipped.length - 5} more (see --format json)`));
  for (const run of report.scan.scanners) {
    if (run.error)
      out.push(
        paint('red', `scanner ${run.kind} failed: ${run.error}; its results are incomplete`),
      );
  }
  out.push(
    report.gate.passed
      ? paint('green', `✔ ${report.gate.summary}`)
      : paint('red', `✖ ${report.gate.summary}`),
  );
  return `${out.join('\n')}\n`;
}

/** Human-readable output for the terminal. */
export const textReporter: Reporter = {
  format: 'text',
  description: 'human-readable, for the terminal (default)',
  machine: false,
  render(report, ctx) {
    return renderText(report, ctx.color);
  },
};
