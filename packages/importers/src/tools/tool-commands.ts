import type { ScannerKind } from '@rampart/core';

/** How `rampart scan` runs another tool and reads its report. */
export interface ToolCommand {
  /** The importer that reads its output (an `Importer.id`). */
  readonly importer: string;
  /** The executable looked up on PATH (rampart.yml's `command` replaces it). */
  readonly command: string;
  /** The scanner kind its findings count under for `--scanners`. */
  readonly kind: ScannerKind;
  /**
   * The arguments: `root` is the folder scanned, `report` a file the tool may write its
   * report to (for tools that cannot write it to stdout), `extra` rampart.yml's `args`.
   */
  args(root: string, report: string, extra: readonly string[]): string[];
  /** Where the report is: the tool's stdout, or the `report` file. */
  readonly output: 'stdout' | 'file';
  /** Exit codes that mean "ran and found things" rather than "failed" (0 always counts). */
  readonly findingsExitCodes: readonly number[];
}

/**
 * The tools `rampart scan` can run when rampart.yml enables them (`tools: { semgrep: {} }`)
 * and they are on PATH. DAST tools (ZAP, Nuclei) need a running target and are imported
 * with `rampart import` instead.
 */
export const TOOL_COMMANDS: Readonly<Record<string, ToolCommand>> = {
  semgrep: {
    importer: 'semgrep',
    command: 'semgrep',
    kind: 'sast',
    args: (root, _report, extra) => [
      'scan',
      '--json',
      '--quiet',
      '--metrics=off',
      ...(extra.length > 0 ? extra : ['--config', 'auto']),
      root,
    ],
    output: 'stdout',
    findingsExitCodes: [1],
  },
  bandit: {
    importer: 'bandit',
    command: 'bandit',
    kind: 'sast',
    args: (root, _report, extra) => ['-r', root, '-f', 'json', '-q', ...extra],
    output: 'stdout',
    findingsExitCodes: [1],
  },
  gitleaks: {
    importer: 'gitleaks',
    command: 'gitleaks',
    kind: 'secrets',
    args: (root, report, extra) => [
      'dir',
      root,
      '--report-format',
      'json',
      '--report-path',
      report,
      '--no-banner',
      '--exit-code',
      '0',
      ...extra,
    ],
    output: 'file',
    findingsExitCodes: [],
  },
  trufflehog: {
    importer: 'trufflehog',
    command: 'trufflehog',
    kind: 'secrets',
    args: (root, _report, extra) => ['filesystem', root, '--json', '--no-update', ...extra],
    output: 'stdout',
    findingsExitCodes: [183],
  },
  checkov: {
    importer: 'checkov',
    command: 'checkov',
    kind: 'iac',
    args: (root, _report, extra) => ['-d', root, '-o', 'json', '--quiet', '--soft-fail', ...extra],
    output: 'stdout',
    findingsExitCodes: [1],
  },
  trivy: {
    importer: 'trivy',
    command: 'trivy',
    kind: 'sca',
    args: (root, _report, extra) => [
      'fs',
      '--format',
      'json',
      '--quiet',
      ...(extra.length > 0 ? extra : ['--scanners', 'vuln']),
      root,
    ],
    output: 'stdout',
    findingsExitCodes: [],
  },
  'osv-scanner': {
    importer: 'osv-scanner',
    command: 'osv-scanner',
    kind: 'sca',
    args: (root, _report, extra) => ['scan', 'source', '--format', 'json', '-r', ...extra, root],
    output: 'stdout',
    findingsExitCodes: [1],
  },
};
