import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  FAIL_ON_VALUES,
  type FailOn,
  type HistoryRequest,
  type HubTriage,
  isRampartError,
  type Logger,
  STAGES,
  type Stage,
  UsageError,
} from '@rampart/core';
import { type Command, Option } from 'commander';
import { useColor } from '../cli-io.js';
import { ExitCode } from '../exit-codes.js';
import { fetchHubTriage } from '../hub/fetch-triage.js';
import type { HubConnection } from '../hub/hub-client.js';
import { hubReport, type ScanHubFlags, scanHubConnection } from '../hub/scan-hub.js';
import { describeUpload, sendScan } from '../hub/send-scan.js';
import { createProgressBar, wantsProgress } from '../progress-bar.js';
import type { Reporter } from '../reporters/index.js';
import { executeScan } from '../scan/execute-scan.js';
import { HUMAN_FORMATS, loadTrainingLookup } from '../training/training-lookup.js';
import type { CommandDeps } from './command-deps.js';

interface ScanFlags extends ScanHubFlags {
  scanners?: string;
  sbom?: string;
  rules?: string[];
  format: string;
  output?: string;
  failOn?: FailOn;
  baseline?: string;
  diffBase?: string;
  stage?: Stage;
  config?: string;
  history?: boolean;
  historySince?: string;
  staged?: boolean;
  progress: boolean;
  verbose?: boolean;
  quiet?: boolean;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Adds the options `scan` and `baseline create` share to a command. */
export function addScanOptions(command: Command, deps: CommandDeps): Command {
  const kinds = deps.scanners.map((s) => `${s.kind} (${s.description})`);
  return command
    .argument('[path]', 'folder (or file) to scan', '.')
    .option(
      '--scanners <list>',
      `comma-separated scanners to run; default: rampart.yml's "scanners", else all installed${
        kinds.length > 0
          ? `. Installed: ${kinds.join('; ')}`
          : ' (none installed in this build yet)'
      }`,
    )
    .option(
      '--rules <file|dir>',
      'extra rule file or folder for the scanners that take rules (repeatable)',
      collect,
    )
    .option(
      '--config <file>',
      'use this config file instead of looking for rampart.yml from the scanned path upwards',
    );
}

/** Adds the options about what the CLI prints on stderr; they go last in --help. */
export function addConsoleOptions(command: Command): Command {
  return command
    .option(
      '--no-progress',
      'do not show the progress bar (it only shows on a terminal and never when CI is set)',
    )
    .option('--verbose', 'print debug messages on stderr')
    .option('--quiet', 'print only errors on stderr');
}

/** Registers `rampart scan`. */
export function registerScanCommand(program: Command, deps: CommandDeps): void {
  const formats = deps.reporters.map((r) => r.format);
  const command = program
    .command('scan')
    .summary('scan a folder and gate on the findings')
    .description(
      'Scan a folder with the installed scanners, print the findings, and exit 1 when the policy gate fails. Honours .gitignore, .rampartignore, rampart.yml and rampart-ignore comments.',
    );
  addScanOptions(command, deps)
    .addOption(
      new Option(
        '--format <format>',
        `output format: ${deps.reporters.map((r) => `${r.format} = ${r.description}`).join('; ')}`,
      )
        .choices(formats)
        .default('text'),
    )
    .option(
      '--output <file>',
      'write the report to this file instead of stdout (a summary still goes to stderr)',
    )
    .addOption(
      new Option(
        '--fail-on <severity>',
        "fail (exit 1) on new findings at or above this severity; default: rampart.yml's failOn, else high",
      ).choices(FAIL_ON_VALUES),
    )
    .option(
      '--baseline <file>',
      'hide the findings recorded in this baseline (rampart baseline create) and mark the rest new',
    )
    .option('--history', 'also scan every commit reachable from any ref for secrets (git log -p)')
    .option('--history-since <ref>', 'also scan the commits after <ref> (up to HEAD) for secrets')
    .option(
      '--staged',
      'scan only the staged change (for a pre-commit hook: fast, and sees what is about to be committed)',
    )
    .option(
      '--sbom <file>',
      'scan the components of this CycloneDX JSON SBOM for known vulnerabilities (sca only)',
    )
    .option(
      '--diff-base <ref>',
      'scan the files changed since the merge base with this git ref (plus uncommitted changes), mark each finding new or existing (already there at the merge base), and gate on new ones only',
    )
    .addOption(
      new Option(
        '--stage <stage>',
        'where this scan runs, recorded in the report: dev, pr, main or production (default: from the CI environment: a pull request is pr, the default branch main, else dev)',
      ).choices(STAGES),
    )
    .option(
      '--server <url>',
      "the hub (rampart serve): apply the project's triage before the gate, so findings it marked false positive or accepted, and those its organisation rules cover, are suppressed (https, or http to this machine)",
    )
    .option('--project <id>', 'the project id on the hub (with --server)')
    .option(
      '--token <token>',
      'the hub token, a CI token of the project (default: $RAMPART_TOKEN; prefer the variable)',
    )
    .option(
      '--upload',
      'after the scan, send its report to the hub (with --server and --project): a full scan, or a diff scan with --staged or --diff-base',
    )
    .option(
      '--server-optional',
      'when there is no token or the hub cannot be used, warn and go on without it (default: exit 2)',
    );
  addConsoleOptions(command)
    .addHelpText(
      'after',
      `
Exit codes: 0 passed · 1 the policy gate failed · 2 usage or configuration error · 3 internal error

Examples:
  $ rampart scan                              scan the current folder, fail on high and critical
  $ rampart scan . --format sarif --output rampart.sarif
  $ rampart scan --fail-on medium --baseline rampart-baseline.json
  $ rampart scan --diff-base origin/main      in a pull request: gate on what it introduced
  $ RAMPART_TOKEN=… rampart scan --server https://rampart.example.com --project 6f1c… --upload`,
    )
    .action(async (path: string, flags: ScanFlags) => {
      deps.setExitCode(await runScanCommand(path, flags, deps));
    });
}

async function runScanCommand(path: string, flags: ScanFlags, deps: CommandDeps): Promise<number> {
  const { io } = deps;
  const reporter = deps.reporters.find((r) => r.format === flags.format) as Reporter;
  const logger = deps.makeLogger(flags);
  const progress = wantsProgress(io.stderr, io.env, flags.progress)
    ? createProgressBar(io.stderr)
    : undefined;
  if (flags.rules?.some((r) => r.trim() === ''))
    throw new UsageError('--rules needs a file or folder');
  const chosen = [
    flags.history && '--history',
    flags.historySince && '--history-since',
    flags.staged && '--staged',
  ].filter(Boolean);
  if (chosen.length > 1) throw new UsageError(`${chosen.join(' and ')} cannot be used together`);
  const history: HistoryRequest | undefined = flags.staged
    ? { kind: 'staged' }
    : flags.historySince
      ? { kind: 'since', ref: flags.historySince }
      : flags.history
        ? { kind: 'all' }
        : undefined;

  // The hub's triage first: a hub that cannot be used fails fast, before the scan.
  const hub = scanHubConnection(flags, io.env, (m) => logger.warn(m));
  const hubTriage = hub && (await triageOf(hub, flags, deps.signal, logger));

  const { result, report, root, config, meta } = await executeScan(
    {
      path,
      scanners: flags.scanners,
      rules: flags.rules,
      failOn: flags.failOn,
      baseline: flags.baseline,
      diffBase: flags.diffBase,
      stage: flags.stage,
      config: flags.config,
      history,
      sbom: flags.sbom,
      hubTriage,
      // The repository's set-up, for the hub's scorecards (full scans only).
      posture: true,
    },
    { cwd: io.cwd, env: io.env, installed: deps.scanners, logger, progress, signal: deps.signal },
  );

  const toStdout = flags.output === undefined;
  const stream = toStdout ? io.stdout : undefined;
  // Human-readable reports link the training module of each finding's weakness.
  const training =
    HUMAN_FORMATS.has(reporter.format) && report.findings.length > 0
      ? await loadTrainingLookup((message) => logger.debug(message))
      : undefined;
  const rendered = reporter.render(report, {
    color: stream ? useColor(stream, io.env) : false,
    columns: stream?.columns,
    rootDir: root,
    trainingUrl: config.trainingUrl,
    training,
    team: config.team,
  });
  if (toStdout) {
    io.stdout.write(rendered);
  } else {
    const out = resolve(io.cwd, flags.output as string);
    await writeFile(out, rendered, 'utf8');
    logger.info(`wrote ${reporter.format} report to ${flags.output}`);
  }
  // The text report already ends with the gate line; machine formats get it on stderr.
  if (reporter.machine || !toStdout) logger.info(result.gate.summary);
  for (const f of result.gate.failing.slice(0, 20)) {
    if (reporter.machine || !toStdout) logger.info(`  ✖ ${f.severity} ${f.ruleId} ${f.title}`);
  }

  const failed = result.scanners.filter((s) => s.error !== undefined);
  // A scanner that could not run for a reason the user can fix (no database) is exit 2.
  const internal = (code: string | undefined) =>
    code === undefined || code === 'RAMPART_INTERNAL' || code === 'RAMPART_SCANNER_FAILED';
  const exitCode = failed.some((s) => internal(s.errorCode))
    ? ExitCode.Internal
    : failed.length > 0
      ? ExitCode.Usage
      : result.gate.passed
        ? ExitCode.Passed
        : ExitCode.GateFailed;

  if (hub === undefined || !flags.upload) return exitCode;
  try {
    const uploaded = await sendScan(
      hub,
      hubReport(result, meta),
      // A scan of part of the tree must not close what it did not look at.
      { kind: history?.kind === 'staged' || flags.diffBase !== undefined ? 'diff' : 'full' },
      {
        env: io.env,
        signal: deps.signal,
        timeoutSeconds: 300,
        debug: (m) => logger.debug(m),
      },
    );
    logger.info(describeUpload(uploaded, hub.project));
    return exitCode;
  } catch (err) {
    if (!isRampartError(err) || err.code !== 'RAMPART_HUB') throw err;
    const message = `${err.message}${err.hint ? ` (${err.hint})` : ''}`;
    if (flags.serverOptional) {
      logger.warn(`${message}; the scan was not uploaded (--server-optional)`);
      return exitCode;
    }
    logger.error(message);
    // The gate's (or a scanner's) failure says more than the upload's; else the upload fails the run.
    return exitCode === ExitCode.Passed ? ExitCode.Usage : exitCode;
  }
}

/** The project's triage from the hub; with --server-optional, none (and a warning) when it cannot be had. */
async function triageOf(
  hub: HubConnection,
  flags: ScanFlags,
  signal: AbortSignal,
  logger: Logger,
): Promise<HubTriage | undefined> {
  try {
    const triage = await fetchHubTriage(hub, signal);
    logger.debug(
      `${hub.server.origin}: ${triage.decisions.length} triage decisions and ${triage.rules.length} organisation rules for project ${hub.project}`,
    );
    return triage;
  } catch (err) {
    if (!flags.serverOptional || !isRampartError(err) || err.code !== 'RAMPART_HUB') throw err;
    logger.warn(
      `${err.message}; scanning without the hub's triage (--server-optional)${err.hint ? `\n  hint: ${err.hint}` : ''}`,
    );
    return undefined;
  }
}
