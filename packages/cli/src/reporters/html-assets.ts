/**
 * The inline style and script of the HTML report. They are constants: the report's
 * Content-Security-Policy allows exactly these two by their SHA-256 hashes, so nothing a
 * finding contains can add a style or a script that runs.
 */

/** The report's stylesheet: system fonts only, light and dark, no external resource. */
export const REPORT_CSS = `
:root { color-scheme: light dark; --bg: #fff; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0;
  --panel: #f6f8fa; --mark: #ffd8b5; --critical: #8b0000; --high: #c42b1c; --medium: #9a6700;
  --low: #0969da; --info: #59636e; --ok: #1a7f37; --bad: #c42b1c; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --line: #3d444d; --panel: #151b23;
    --mark: #5a3a1a; --critical: #ff7b72; --high: #ff938a; --medium: #d29922; --low: #58a6ff;
    --info: #9198a1; --ok: #3fb950; --bad: #f85149; }
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 0 auto; max-width: 72rem; padding: 1.5rem; background: var(--bg); color: var(--fg);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; }
.meta, .muted { color: var(--muted); }
.meta { margin: 0 0 1rem; }
.gate { padding: .6rem .9rem; border-radius: 6px; font-weight: 600; border: 1px solid; }
.gate.passed { color: var(--ok); border-color: var(--ok); }
.gate.failed { color: var(--bad); border-color: var(--bad); }
.tables { display: flex; gap: 2rem; flex-wrap: wrap; }
table.counts { border-collapse: collapse; }
table.counts th, table.counts td { border: 1px solid var(--line); padding: .2rem .6rem; text-align: right; }
table.counts th:first-child, table.counts td:first-child { text-align: left; }
.sev { display: inline-block; min-width: 4.8rem; font-weight: 700; font-size: 12px;
  text-transform: uppercase; letter-spacing: .03em; }
.sev-critical { color: var(--critical); } .sev-high { color: var(--high); }
.sev-medium { color: var(--medium); } .sev-low { color: var(--low); } .sev-info { color: var(--info); }
form#filters { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: center; padding: .6rem .9rem;
  background: var(--panel); border: 1px solid var(--line); border-radius: 6px; position: sticky; top: 0; }
fieldset { border: 0; margin: 0; padding: 0; display: flex; gap: .6rem; flex-wrap: wrap; }
legend { float: left; font-weight: 600; margin-right: .5rem; }
input[type=search] { min-width: 16rem; padding: .25rem .4rem; }
button { font: inherit; font-size: 13px; cursor: pointer; }
.findings { margin-top: 1rem; }
details.finding { border: 1px solid var(--line); border-radius: 6px; margin: .5rem 0; background: var(--bg); }
details.finding > summary { padding: .45rem .75rem; cursor: pointer; list-style-position: outside; }
details.finding[open] > summary { border-bottom: 1px solid var(--line); background: var(--panel); }
.title { font-weight: 600; }
.where { color: var(--muted); margin-left: .4rem; word-break: break-all; }
.tag { font-size: 12px; border: 1px solid var(--line); border-radius: 10px; padding: 0 .45rem; margin-left: .3rem; }
.tag.fails { color: var(--bad); border-color: var(--bad); }
.tag.new { color: var(--ok); border-color: var(--ok); }
.body { padding: .5rem .9rem .8rem; }
.message { white-space: pre-wrap; overflow-wrap: anywhere; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; margin: .5rem 0; }
dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.frame { border: 1px solid var(--line); border-radius: 6px; margin: .6rem 0; overflow: hidden; }
.frame-head { display: flex; justify-content: space-between; align-items: center; gap: 1rem;
  padding: .2rem .6rem; background: var(--panel); border-bottom: 1px solid var(--line); }
.frame pre { margin: 0; padding: .4rem 0; overflow-x: auto; }
.frame .line { display: block; padding-right: .8rem; white-space: pre; }
.frame .line.hit { background: color-mix(in srgb, var(--mark) 45%, transparent); }
.frame .ln { display: inline-block; min-width: 3.5rem; padding: 0 .6rem; text-align: right;
  color: var(--muted); user-select: none; }
.frame mark { background: var(--mark); color: inherit; text-decoration: underline wavy var(--bad); }
.frame.no-context .line.ctx { display: none; }
pre.evidence { background: var(--panel); padding: .5rem; overflow-x: auto; white-space: pre-wrap; }
.fix code, .message code { background: var(--panel); padding: 0 .2rem; border-radius: 3px; }
footer { margin-top: 2rem; color: var(--muted); font-size: 13px; }
@media print { form#filters, .context-toggle, #expand-all, #collapse-all { display: none; } }
`;

/**
 * The report's script: filters by severity, scanner, new/existing and free text, expands or
 * collapses every finding, and shows or hides the context lines of a code frame. It reads
 * the findings' filter data from the `application/json` element, never from markup, and
 * only sets `hidden`, `open`, classes and text.
 */
export const REPORT_SCRIPT = `
(() => {
  'use strict';
  const data = JSON.parse(document.getElementById('rampart-data').textContent);
  const form = document.getElementById('filters');
  const search = document.getElementById('filter-text');
  const shownCount = document.getElementById('shown-count');
  const noMatch = document.getElementById('no-match');
  const chosen = (name) =>
    new Set(Array.from(form.querySelectorAll('input[name="' + name + '"]:checked'), (i) => i.value));
  const apply = () => {
    const severity = chosen('severity');
    const scanner = chosen('scanner');
    const novelty = chosen('novelty');
    const words = search.value.toLowerCase().split(/\\s+/).filter(Boolean);
    let shown = 0;
    for (const f of data.findings) {
      const element = document.getElementById(f.id);
      if (!element) continue;
      const visible =
        severity.has(f.severity) &&
        scanner.has(f.scanner) &&
        (f.novelty === null || novelty.has(f.novelty)) &&
        words.every((word) => f.text.includes(word));
      element.hidden = !visible;
      if (visible) shown++;
    }
    shownCount.textContent = String(shown);
    noMatch.hidden = shown !== 0 || data.findings.length === 0;
  };
  form.addEventListener('input', apply);
  form.addEventListener('change', apply);
  form.addEventListener('submit', (event) => event.preventDefault());
  form.addEventListener('reset', () => setTimeout(apply, 0));
  const openAll = (open) => () => {
    for (const details of document.querySelectorAll('details.finding')) details.open = open;
  };
  document.getElementById('expand-all').addEventListener('click', openAll(true));
  document.getElementById('collapse-all').addEventListener('click', openAll(false));
  document.addEventListener('click', (event) => {
    const target = event.target;
    const button = target instanceof Element ? target.closest('button.context-toggle') : null;
    if (!button) return;
    const frame = button.closest('.frame');
    const hidden = frame.classList.toggle('no-context');
    button.textContent = hidden ? 'Show context' : 'Hide context';
    button.setAttribute('aria-pressed', String(!hidden));
  });
  apply();
})();
`;
