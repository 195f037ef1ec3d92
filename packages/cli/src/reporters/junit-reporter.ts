import type { Finding, ScannerKind, ScanReport } from '@rampart/core';
import { escapeXml, escapeXmlText } from './escape.js';
import {
  cweLabel,
  gateStatus,
  locationLabel,
  notGatingReason,
  owaspLabel,
  scannerKinds,
} from './finding-facts.js';
import type { Reporter } from './reporter.js';

/** The test case's class: the file, the package, or the URL. */
function classname(f: Finding): string {
  const loc = f.location;
  switch (loc.kind) {
    case 'code':
      return loc.path;
    case 'package':
      return `${loc.name}@${loc.version}`;
    case 'url':
      return loc.url;
  }
}

/** `<ruleId> at <location>`: for a package, the manifest (the class names the package). */
function caseName(f: Finding): string {
  const loc = f.location;
  const where =
    loc.kind === 'package'
      ? `${loc.manifestPath}${loc.line ? `:${loc.line}` : ''}`
      : locationLabel(f);
  return `${f.ruleId} at ${where}`;
}

/** The body of a `<failure>`: what a developer reads in the CI's test report. */
function failureBody(f: Finding): string {
  const loc = f.location;
  const lines = [
    f.message,
    '',
    `${f.severity} · ${f.title} · ${f.ruleId} (${f.scanner})`,
    `location: ${locationLabel(f)}`,
  ];
  if (loc.kind === 'code' && loc.snippet) lines.push(`code: ${loc.snippet.split(/\r?\n/)[0]}`);
  if (loc.kind === 'package') {
    lines.push(
      `fixed in: ${loc.fixedVersions.length > 0 ? loc.fixedVersions.join(', ') : 'no fixed version yet'}`,
    );
  }
  if (f.remediation) lines.push(`fix: ${f.remediation.trim()}`);
  const taxonomy = [...f.cwe.map(cweLabel), ...(f.owasp ? [owaspLabel(f.owasp)] : [])];
  if (taxonomy.length > 0) lines.push(taxonomy.join(' · '));
  if (f.references[0]) lines.push(`see: ${f.references[0]}`);
  lines.push(`fingerprint: ${f.fingerprint}`);
  return lines.join('\n');
}

const attr = (name: string, value: string | number) => `${name}="${escapeXml(String(value))}"`;
const seconds = (ms: number) => (ms / 1000).toFixed(3);

function testcase(f: Finding, report: ScanReport, failing: ReadonlySet<string>): string {
  const loc = f.location;
  const attrs = [
    attr('classname', classname(f)),
    attr('name', caseName(f)),
    ...(loc.kind === 'code' ? [attr('file', loc.path), attr('line', loc.region.startLine)] : []),
    attr('time', '0'),
  ].join(' ');
  const status = gateStatus(f, report, failing);
  if (status === 'fails') {
    return [
      `    <testcase ${attrs}>`,
      `      <failure ${attr('message', f.message)} ${attr('type', f.severity)}>${escapeXmlText(failureBody(f))}</failure>`,
      '    </testcase>',
    ].join('\n');
  }
  const why = `${f.severity}: ${notGatingReason(status, report)}`;
  return [
    `    <testcase ${attrs}>`,
    `      <skipped ${attr('message', why)}/>`,
    `      <system-out>${escapeXmlText(failureBody(f))}</system-out>`,
    '    </testcase>',
  ].join('\n');
}

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

function suite(
  kind: ScannerKind,
  report: ScanReport,
  failing: ReadonlySet<string>,
): { xml: string; counts: Counts } {
  const run = report.scan.scanners.find((s) => s.kind === kind);
  const findings = report.findings.filter((f) => f.scanner === kind);
  const counts: Counts = { tests: findings.length, failures: 0, errors: 0, skipped: 0 };
  for (const f of findings) {
    if (failing.has(f.fingerprint)) counts.failures++;
    else counts.skipped++;
  }
  const cases = findings.map((f) => testcase(f, report, failing));
  // One case for the scanner run itself: it errors when the scanner failed, and it keeps a
  // clean scan from being an empty report (Jenkins' junit step fails on a report without tests).
  if (run) {
    counts.tests++;
    const head = `    <testcase ${attr('classname', `rampart ${kind}`)} ${attr('name', `${kind} scanner ran`)} ${attr('time', seconds(run.durationMs))}`;
    if (run.error) {
      counts.errors++;
      cases.unshift(
        `${head}>\n      <error ${attr('message', `scanner ${kind} failed: ${run.error}`)} type="scanner-error">${escapeXmlText(`The ${kind} scanner failed, so its results are incomplete: ${run.error}`)}</error>\n    </testcase>`,
      );
    } else {
      cases.unshift(`${head}/>`);
    }
  }
  const attrs = [
    attr('name', `rampart ${kind}`),
    attr('tests', counts.tests),
    attr('failures', counts.failures),
    attr('errors', counts.errors),
    attr('skipped', counts.skipped),
    attr('time', seconds(run?.durationMs ?? 0)),
    attr('timestamp', report.scan.startedAt),
  ].join(' ');
  const xml =
    cases.length === 0
      ? `  <testsuite ${attrs}/>`
      : `  <testsuite ${attrs}>\n${cases.join('\n')}\n  </testsuite>`;
  return { xml, counts };
}

/**
 * Renders JUnit XML, as GitLab (`artifacts:reports:junit`) and Jenkins (`junit`) read it:
 * one `<testsuite name="rampart <scanner>">` per scanner and one `<testcase>` per finding,
 * whose class is the file, the package or the URL and whose name is `<rule> at <location>`.
 *
 * A finding that fails the gate is a `<failure type="<severity>">` with the message,
 * location and fix. A finding that is reported but does not fail the gate (below the
 * threshold, existing in the baseline, or `--fail-on never`) is `<skipped>` with the reason:
 * it is not a pass, and a failure would turn the pipeline's test summary red where the gate
 * passed; skipped cases stay visible in both tools without failing anything. Each scanner
 * also has one case for its run, an `<error>` when it failed.
 *
 * Every string from the scan is escaped for XML 1.0; characters XML cannot hold (control
 * characters, lone surrogates) are made visible or replaced (see `escapeXml`).
 */
export function renderJunit(report: ScanReport): string {
  const failing = new Set(report.gate.failing);
  const suites = scannerKinds(report).map((kind) => suite(kind, report, failing));
  const total: Counts = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  for (const { counts } of suites) {
    total.tests += counts.tests;
    total.failures += counts.failures;
    total.errors += counts.errors;
    total.skipped += counts.skipped;
  }
  const attrs = [
    attr('name', 'rampart'),
    attr('tests', total.tests),
    attr('failures', total.failures),
    attr('errors', total.errors),
    attr('skipped', total.skipped),
    attr('time', seconds(report.scan.durationMs)),
    attr('timestamp', report.scan.startedAt),
  ].join(' ');
  const body = suites.map((s) => s.xml).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ${attrs}>${body ? `\n${body}\n` : ''}</testsuites>\n`;
}

/** `--format junit`: JUnit XML for the test report views of GitLab and Jenkins. */
export const junitReporter: Reporter = {
  format: 'junit',
  description: 'JUnit XML, for GitLab and Jenkins test reports',
  machine: true,
  render: (report) => renderJunit(report),
};
