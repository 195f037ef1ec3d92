/**
 * Findings and reports for the reporters' tests: real reports built by core's gate and
 * report builder, with fixed times so that output can be compared byte for byte.
 */
import {
  buildScanReport,
  compareFindings,
  evaluateGate,
  type FailOn,
  type Finding,
  type ScannerKind,
  type ScanReport,
  type SuppressedFinding,
} from '@rampart/core';

let next = 0;

/** A finding with defaults for everything a test does not care about. */
export function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'js.eval',
    scanner: 'sast',
    tool: { name: 'rampart', version: 'test' },
    title: 'Eval of input',
    message: 'eval() of request input',
    severity: 'high',
    confidence: 'high',
    cwe: ['CWE-95'],
    owasp: 'A03:2021',
    location: {
      kind: 'code',
      path: 'src/app.js',
      region: { startLine: 4, startColumn: 3, endLine: 4, endColumn: 20 },
      snippet: '  eval(req.query.x)',
    },
    remediation: 'Do not `eval` input.',
    references: ['https://example.com/eval'],
    tags: [],
    fingerprint: `fp-${String(++next).padStart(4, '0')}`,
    ...overrides,
  };
}

/** A finding of a vulnerable package. */
export function packageFinding(overrides: Partial<Finding> = {}): Finding {
  return finding({
    scanner: 'sca',
    ruleId: 'GHSA-35jh-r3h4-6jhm',
    title: 'Prototype pollution in lodash',
    message: 'lodash 4.17.15 is vulnerable to prototype pollution',
    cwe: ['CWE-1321'],
    location: {
      kind: 'package',
      purl: 'pkg:npm/lodash@4.17.15',
      ecosystem: 'npm',
      name: 'lodash',
      version: '4.17.15',
      manifestPath: 'package-lock.json',
      line: 120,
      fixedVersions: ['4.17.21'],
      dependencyPath: ['app', 'async-helpers', 'lodash'],
      direct: false,
    },
    ...overrides,
  });
}

/** A finding at a URL. */
export function urlFinding(overrides: Partial<Finding> = {}): Finding {
  return finding({
    scanner: 'dast',
    ruleId: 'dast.missing-csp',
    title: 'Missing Content-Security-Policy',
    message: 'The response has no Content-Security-Policy header.',
    severity: 'low',
    cwe: ['CWE-693'],
    location: {
      kind: 'url',
      method: 'GET',
      url: 'http://127.0.0.1:3000/account?tab=1',
      evidence: { response: 'HTTP/1.1 200 OK\ncontent-type: text/html' },
    },
    ...overrides,
  });
}

/** Options of {@link reportOf}. */
export interface ReportOptions {
  readonly failOn?: FailOn;
  /** Scanners that ran (default: the kinds of the findings, else `sast`). */
  readonly scanners?: readonly ScannerKind[];
  readonly scannerErrors?: Partial<Record<ScannerKind, string>>;
  readonly suppressed?: readonly SuppressedFinding[];
  readonly filesScanned?: number;
}

/** A report of these findings, with the gate decided by core and fixed times. */
export function reportOf(findings: readonly Finding[], options: ReportOptions = {}): ScanReport {
  const sorted = [...findings].sort(compareFindings);
  const kinds =
    options.scanners ??
    (findings.length === 0 ? ['sast' as const] : [...new Set(findings.map((f) => f.scanner))]);
  const startedAt = new Date('2025-03-01T10:00:00.000Z');
  return buildScanReport(
    {
      findings: sorted,
      suppressed: options.suppressed ?? [],
      scanners: kinds.map((kind) => ({
        kind,
        durationMs: 1200,
        findings: sorted.filter((f) => f.scanner === kind).length,
        invalidFindings: 0,
        error: options.scannerErrors?.[kind],
      })),
      filesScanned: options.filesScanned ?? 3,
      skipped: [],
      gate: evaluateGate(sorted, options.failOn ?? 'high'),
      startedAt,
      finishedAt: new Date(startedAt.getTime() + 2345),
    },
    { toolVersion: '1.2.3', target: '.', stage: 'pr' },
  );
}
