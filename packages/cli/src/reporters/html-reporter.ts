import { createHash } from 'node:crypto';
import { type Finding, type ScanReport, SEVERITIES } from '@rampart/core';
import { type CodeFrame, codeFrame, SourceFiles } from './code-frame.js';
import { escapeHtml, jsonForScript, safeHttpUrl } from './escape.js';
import {
  countBy,
  cweLabel,
  gateStatus,
  hasNovelty,
  locationLabel,
  notGatingReason,
  owaspLabel,
  plural,
  SEVERITY_LABEL,
  scannerKinds,
  secretPaths,
  trainingPointers,
} from './finding-facts.js';
import { REPORT_CSS, REPORT_SCRIPT } from './html-assets.js';
import { splitCodeSpans } from './markdown-text.js';
import type { RenderContext, Reporter } from './reporter.js';

const h = escapeHtml;

/** `'sha256-…'` of an inline element's exact text, as a CSP source. */
function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/**
 * The policy: nothing may load or run except the inline style and script named by their
 * hashes, and images from `data:` URLs. No connections, fonts, frames, forms or base URL.
 */
export function contentSecurityPolicy(style: string, script: string): string {
  return [
    "default-src 'none'",
    `script-src ${cspHash(script)}`,
    `style-src ${cspHash(style)}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** A link when the URL is http(s); otherwise the text alone (no `javascript:` link). */
function link(url: string, label: string = url): string {
  const safe = safeHttpUrl(url);
  return safe ? `<a href="${h(safe)}" rel="noopener noreferrer">${h(label)}</a>` : h(label);
}

/** Text whose `code spans` become `<code>`, all of it escaped. */
function inline(text: string): string {
  return splitCodeSpans(text)
    .map((part) => (part.code ? `<code>${h(part.text)}</code>` : h(part.text)))
    .join('');
}

function frameHtml(path: string, frame: CodeFrame): string {
  const lines = frame.lines.map((line) => {
    let code = h(line.text);
    const u = frame.underline;
    if (line.marked && u && frame.lines.filter((l) => l.marked).length === 1) {
      code = `${h(line.text.slice(0, u.start))}<mark>${h(line.text.slice(u.start, u.end))}</mark>${h(line.text.slice(u.end))}`;
    }
    return `<span class="line ${line.marked ? 'hit' : 'ctx'}"><span class="ln">${line.number}</span>${code}</span>`;
  });
  if (frame.omitted > 0) {
    lines.push(
      `<span class="line ctx"><span class="ln">…</span>${h(`${plural(frame.omitted, 'more line')} of this finding`)}</span>`,
    );
  }
  const hasContext = frame.lines.some((l) => !l.marked);
  const toggle = hasContext
    ? '<button type="button" class="context-toggle" aria-pressed="true">Hide context</button>'
    : '';
  const source = frame.from === 'snippet' ? ' <span class="muted">(snippet)</span>' : '';
  return `<div class="frame"><div class="frame-head"><code>${h(path)}</code>${source}${toggle}</div><pre>${lines.join('')}</pre></div>`;
}

interface State {
  readonly report: ScanReport;
  readonly ctx: RenderContext;
  readonly failing: ReadonlySet<string>;
  readonly files: SourceFiles;
}

function fact(term: string, value: string): string {
  return `<dt>${h(term)}</dt><dd>${value}</dd>`;
}

function findingHtml(f: Finding, id: string, s: State): string {
  const status = gateStatus(f, s.report, s.failing);
  const tags = [
    f.novelty === 'new' ? '<span class="tag new">new</span>' : '',
    f.novelty === 'existing' ? '<span class="tag">existing</span>' : '',
    status === 'fails' ? '<span class="tag fails">fails the gate</span>' : '',
  ].join('');
  const summary = `<summary><span class="sev sev-${f.severity}">${SEVERITY_LABEL[f.severity]}</span> <span class="title">${h(f.title)}</span><code class="where">${h(locationLabel(f))}</code>${tags}</summary>`;

  const facts = [fact('Rule', `<code>${h(f.ruleId)}</code>`), fact('Scanner', h(f.scanner))];
  const loc = f.location;
  facts.push(fact('Location', `<code>${h(locationLabel(f))}</code>`));
  if (loc.kind === 'package') {
    facts.push(fact('Package', `<code>${h(loc.purl)}</code>`));
    facts.push(
      fact(
        'Fixed in',
        loc.fixedVersions.length > 0
          ? loc.fixedVersions.map((v) => `<code>${h(v)}</code>`).join(', ')
          : 'no fixed version yet',
      ),
    );
    if (loc.dependencyPath && loc.dependencyPath.length > 1)
      facts.push(fact('Brought in by', h(loc.dependencyPath.join(' → '))));
  }
  if (f.cwe.length > 0) facts.push(fact('CWE', f.cwe.map((c) => h(cweLabel(c))).join('<br>')));
  if (f.owasp) facts.push(fact('OWASP', h(owaspLabel(f.owasp))));
  if (f.cvss) facts.push(fact('CVSS', `${f.cvss.score} <code>${h(f.cvss.vector)}</code>`));
  facts.push(fact('Confidence', h(f.confidence)));
  facts.push(
    fact('Gate', status === 'fails' ? 'fails the gate' : h(notGatingReason(status, s.report))),
  );

  const body = [
    `<p class="message">${inline(f.message)}</p>`,
    `<dl class="facts">${facts.join('')}</dl>`,
  ];
  const frame = codeFrame(f, s.files);
  if (frame && loc.kind === 'code') body.push(frameHtml(loc.path, frame));
  if (loc.kind === 'url' && loc.evidence) {
    for (const [label, text] of [
      ['Request', loc.evidence.request],
      ['Response', loc.evidence.response],
      ['Proof', loc.evidence.proof],
    ] as const) {
      if (text)
        body.push(
          `<p><strong>${label}</strong></p><pre class="evidence">${h(text.slice(0, 4000))}</pre>`,
        );
    }
  }
  if (f.remediation)
    body.push(`<p class="fix"><strong>Fix:</strong> ${inline(f.remediation.trim())}</p>`);
  const training = trainingPointers(f.cwe, s.ctx);
  if (training.length > 0) {
    body.push(
      `<p>Training: ${training
        .map((t) => {
          const label = t.label.startsWith('CWE-') ? cweLabel(t.label) : t.label;
          return t.url ? link(t.url, label) : `${h(label)}, run <code>${h(t.command ?? '')}</code>`;
        })
        .join(' · ')}</p>`,
    );
  }
  if (f.references.length > 0) {
    body.push(`<ul class="refs">${f.references.map((r) => `<li>${link(r)}</li>`).join('')}</ul>`);
  }
  body.push(`<p class="muted">fingerprint <code>${h(f.fingerprint)}</code></p>`);
  // Findings that fail the gate start open: they are what the reader came for.
  const open = status === 'fails' ? ' open' : '';
  return `<details class="finding" id="${id}"${open}>${summary}<div class="body">${body.join('')}</div></details>`;
}

function countsTable(
  caption: string,
  rows: { label: string; total: number; new: number; existing: number }[],
  novelty: boolean,
): string {
  const head = novelty ? '<th>New</th><th>Existing</th><th>Total</th>' : '<th>Findings</th>';
  const body = rows
    .map((r) =>
      novelty
        ? `<tr><td>${r.label}</td><td>${r.new}</td><td>${r.existing}</td><td>${r.total}</td></tr>`
        : `<tr><td>${r.label}</td><td>${r.total}</td></tr>`,
    )
    .join('');
  return `<table class="counts"><thead><tr><th>${h(caption)}</th>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

function checkbox(name: string, value: string, label: string): string {
  return `<label><input type="checkbox" name="${name}" value="${h(value)}" checked> ${label}</label>`;
}

function header(report: ScanReport, ctx: RenderContext): string {
  const scan = report.scan;
  const meta = [
    `Rampart ${h(report.tool.version)}`,
    `stage ${h(scan.stage)}`,
    `${plural(scan.filesScanned, 'file')} scanned with ${h(scan.scanners.map((r) => r.kind).join(', ') || 'no scanners')}`,
    `${h(scan.startedAt)} (${(scan.durationMs / 1000).toFixed(1)} s)`,
    ...(scan.git?.branch ? [`branch <code>${h(scan.git.branch)}</code>`] : []),
    ...(scan.git?.commit ? [`commit <code>${h(scan.git.commit.slice(0, 12))}</code>`] : []),
    ...(scan.diffBase ? [`compared with <code>${h(scan.diffBase)}</code>`] : []),
  ];
  const out = [
    `<h1>Rampart report: ${h(scan.target)}</h1>`,
    `<p class="meta">${meta.join(' · ')}</p>`,
    `<p class="gate ${report.gate.passed ? 'passed' : 'failed'}">${report.gate.passed ? '✔' : '✖'} ${h(report.gate.summary)}</p>`,
  ];
  const champion = ctx.team?.champion;
  if (champion) {
    const team = ctx.team?.name ? ` of ${h(ctx.team.name)}` : '';
    const url = ctx.team?.championUrl;
    out.push(
      `<p>Questions about these findings? Ask the security champion${team}: ${url ? link(url, champion) : h(champion)}.</p>`,
    );
  }
  for (const run of scan.scanners) {
    if (run.error)
      out.push(
        `<p class="gate failed">Scanner ${h(run.kind)} failed: ${h(run.error)}; its results are incomplete.</p>`,
      );
  }
  return out.join('\n');
}

function appendix(report: ScanReport): string {
  const out: string[] = [];
  if (report.scan.skipped.length > 0) {
    out.push(
      `<details><summary>${plural(report.scan.skipped.length, 'file')} skipped</summary><ul>${report.scan.skipped
        .map((s) => `<li><code>${h(s.path)}</code>: ${h(s.detail)}</li>`)
        .join('')}</ul></details>`,
    );
  }
  if (report.suppressed.length > 0) {
    out.push(
      `<details><summary>${plural(report.suppressed.length, 'finding')} suppressed</summary><ul>${report.suppressed
        .map(
          (s) =>
            `<li><code>${h(s.ruleId)}</code> at <code>${h(s.location)}</code>: ${h(s.kind)}${s.reason ? ` (${h(s.reason)})` : ''}</li>`,
        )
        .join('')}</ul></details>`,
    );
  }
  return out.join('\n');
}

/**
 * Renders one self-contained HTML page: the gate, counts by severity and scanner, filters
 * (severity, scanner, new/existing, free text) and every finding with its code frame, fix,
 * CWE/OWASP, training link and references.
 *
 * It requests nothing from anywhere: the style and the script are inline, and a strict
 * Content-Security-Policy (`default-src 'none'`, the style and script allowed by their
 * SHA-256 hashes, `img-src data:`) stops anything else from loading or running. Every
 * string from the scan is HTML-escaped; links are made only of http(s) URLs; the script's
 * data is JSON in a `<script type="application/json">` element with `<`, `>`, `&`,
 * U+2028 and U+2029 escaped. Code frames read files as the text report does (never a file
 * that holds a secret).
 */
export function renderHtml(report: ScanReport, ctx: RenderContext): string {
  const novelty = hasNovelty(report);
  const state: State = {
    report,
    ctx,
    failing: new Set(report.gate.failing),
    files: new SourceFiles(ctx.rootDir, secretPaths(report)),
  };
  const ordered = novelty
    ? [
        ...report.findings.filter((f) => f.novelty !== 'existing'),
        ...report.findings.filter((f) => f.novelty === 'existing'),
      ]
    : report.findings;
  const kinds = scannerKinds(report);
  const findings = ordered.map((f, i) => ({ f, id: `f${i + 1}` }));

  const bySeverity = countBy(report.findings, (f) => f.severity, SEVERITIES)
    .filter((r) => r.total > 0)
    .map((r) => ({
      ...r,
      label: `<span class="sev sev-${r.key}">${SEVERITY_LABEL[r.key]}</span>`,
    }));
  const byScanner = countBy(report.findings, (f) => f.scanner, kinds).map((r) => ({
    ...r,
    label: h(r.key),
  }));
  const tables =
    report.findings.length === 0
      ? '<p>No findings.</p>'
      : `<div class="tables">${countsTable('Severity', bySeverity, novelty)}${countsTable('Scanner', byScanner, novelty)}</div>`;

  const filters = [
    `<fieldset><legend>Severity</legend>${SEVERITIES.filter((s) => report.summary.bySeverity[s] > 0)
      .map((s) => checkbox('severity', s, SEVERITY_LABEL[s]))
      .join('')}</fieldset>`,
    `<fieldset><legend>Scanner</legend>${kinds.map((k) => checkbox('scanner', k, h(k))).join('')}</fieldset>`,
    ...(novelty
      ? [
          `<fieldset><legend>Show</legend>${checkbox('novelty', 'new', 'new')}${checkbox('novelty', 'existing', 'existing')}</fieldset>`,
        ]
      : []),
    '<label>Search <input type="search" id="filter-text" placeholder="rule, file, text…" autocomplete="off"></label>',
    '<span><span id="shown-count">0</span> shown</span>',
    '<button type="button" id="expand-all">Expand all</button><button type="button" id="collapse-all">Collapse all</button>',
  ].join('\n');

  const data = {
    findings: findings.map(({ f, id }) => ({
      id,
      severity: f.severity,
      scanner: f.scanner,
      novelty: f.novelty ?? null,
      text: [f.title, f.ruleId, f.message, locationLabel(f), ...f.cwe, f.owasp ?? '']
        .join(' ')
        .toLowerCase(),
    })),
  };

  // Our own text (keywords, quotes and base64): nothing in it needs escaping in an attribute.
  const csp = contentSecurityPolicy(REPORT_CSS, REPORT_SCRIPT);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>Rampart report: ${h(report.scan.target)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header>
${header(report, ctx)}
</header>
<main>
<h2>Summary</h2>
${tables}
<h2>Findings (${report.findings.length})</h2>
<form id="filters">
${filters}
</form>
<p id="no-match" hidden>No finding matches these filters.</p>
<div class="findings">
${findings.map(({ f, id }) => findingHtml(f, id, state)).join('\n')}
</div>
${appendix(report)}
</main>
<footer>Generated by Rampart ${h(report.tool.version)} from the scan of ${h(report.scan.target)} started ${h(report.scan.startedAt)}.</footer>
<script type="application/json" id="rampart-data">${jsonForScript(data)}</script>
<script>${REPORT_SCRIPT}</script>
</body>
</html>
`;
}

/** `--format html`: one self-contained page to open in a browser or keep as a CI artifact. */
export const htmlReporter: Reporter = {
  format: 'html',
  description: 'one self-contained HTML page, for browsers and CI artifacts',
  machine: true,
  render: renderHtml,
};
