import { join, resolve } from 'node:path';
import { createBaseline, writeBaseline } from '@rampart/core';
import type { Command } from 'commander';
import { ExitCode } from '../exit-codes.js';
import { createProgressBar, wantsProgress } from '../progress-bar.js';
import { executeScan } from '../scan/execute-scan.js';
import type { CommandDeps } from './command-deps.js';
import { addConsoleOptions, addScanOptions } from './scan-command.js';

/** The default baseline file name, in the scanned folder. */
export const DEFAULT_BASELINE_FILE = 'rampart-baseline.json';

interface BaselineFlags {
  scanners?: string;
  rules?: string[];
  config?: string;
  output?: string;
  progress: boolean;
  verbose?: boolean;
  quiet?: boolean;
}

/** Registers `rampart baseline create`. */
export function registerBaselineCommand(program: Command, deps: CommandDeps): void {
  const baseline = program
    .command('baseline')
    .summary('record current findings so later scans report only new ones')
    .description(
      'Manage baseline files: a baseline records the fingerprints of accepted, existing findings.',
    );
  const create = baseline
    .command('create')
    .description(
      'Scan like `rampart scan` and write the fingerprints of every finding (inline suppressions and rule settings still apply) to a baseline file. Later, `rampart scan --baseline FILE` hides them and marks the rest new. The file is sorted and has no timestamp: commit it.',
    );
  addScanOptions(create, deps).option(
    '--output <file>',
    `where to write the baseline (default: ${DEFAULT_BASELINE_FILE} in the scanned folder)`,
  );
  addConsoleOptions(create).action(async (path: string, flags: BaselineFlags) => {
    const logger = deps.makeLogger(flags);
    const progress = wantsProgress(deps.io.stderr, deps.io.env, flags.progress)
      ? createProgressBar(deps.io.stderr)
      : undefined;
    const { result, root } = await executeScan(
      {
        path,
        scanners: flags.scanners,
        rules: flags.rules,
        config: flags.config,
        failOn: 'never',
      },
      {
        cwd: deps.io.cwd,
        env: deps.io.env,
        installed: deps.scanners,
        logger,
        progress,
        signal: deps.signal,
        useBaseline: false,
      },
    );
    const out = flags.output
      ? resolve(deps.io.cwd, flags.output)
      : join(root, DEFAULT_BASELINE_FILE);
    const content = createBaseline(result.findings);
    await writeBaseline(out, content);
    logger.info(`wrote ${content.findings.length} finding(s) to ${out}`);
    deps.setExitCode(
      result.scanners.some((s) => s.error !== undefined) ? ExitCode.Internal : ExitCode.Passed,
    );
  });
}
