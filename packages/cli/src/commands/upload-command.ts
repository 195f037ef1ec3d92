import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { SCANNER_KINDS, STAGES, type Stage, UsageError } from '@rampart/core';
import { type Command, Option } from 'commander';
import { ExitCode } from '../exit-codes.js';
import { hubServerUrl, hubToken, NO_TOKEN } from '../hub/hub-client.js';
import { describeUpload, sendScan } from '../hub/send-scan.js';
import type { CommandDeps } from './command-deps.js';

interface UploadFlags {
  server: string;
  project: string;
  token?: string;
  stage?: Stage;
  branch?: string;
  commit?: string;
  kind?: 'full' | 'diff';
  ranAt?: string;
  from?: string;
  scanners?: string;
  json?: boolean;
  timeout: number;
  verbose?: boolean;
  quiet?: boolean;
}

/** The largest report sent (before compression). */
const MAX_REPORT_BYTES = 512 * 1024 * 1024;

function parseSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new UsageError(`--timeout ${value}: expected seconds > 0`);
  return n;
}

async function readReport(path: string, shown: string): Promise<Buffer> {
  try {
    if ((await stat(path)).size > MAX_REPORT_BYTES)
      throw new UsageError(`${shown}: larger than 512 MiB`);
    return await readFile(path);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`cannot read ${shown}: ${(err as Error).message}`);
  }
}

/** Registers `rampart upload`. */
export function registerUploadCommand(program: Command, deps: CommandDeps): void {
  program
    .command('upload')
    .summary('send a scan report to the hub')
    .description(
      "Send a report to the Rampart hub (`rampart serve`): Rampart's JSON report or SARIF, or any report `rampart import` reads (Trivy, Semgrep, gitleaks, ZAP, …). The file is sent as it is, gzip-compressed on the wire; the hub applies it to the project's findings (new, seen, fixed, reopened) in one transaction, and a report sent twice is applied once. Authenticate with a CI token of the project (RAMPART_TOKEN, or --token). What the report does not say (stage, branch, commit) is taken from the CI environment.",
    )
    .argument('<report>', 'the report file (gzip accepted)')
    .requiredOption('--server <url>', 'the hub, e.g. https://rampart.example.com')
    .requiredOption('--project <id>', 'the project id on the hub')
    .option('--token <token>', 'the API token (default: $RAMPART_TOKEN; prefer the variable)')
    .addOption(
      new Option(
        '--stage <stage>',
        "the scan's stage (default: the report's, else the CI's)",
      ).choices(STAGES),
    )
    .option('--branch <name>', "the branch scanned (default: the report's, else the CI's)")
    .option('--commit <sha>', "the commit scanned (default: the report's, else the CI's)")
    .addOption(
      new Option(
        '--kind <kind>',
        'full scans close what they no longer see; diff scans close nothing',
      ).choices(['full', 'diff']),
    )
    .option('--ran-at <time>', "when the scan ran, ISO 8601 (default: the report's, else now)")
    .option('--from <tool>', 'the tool that wrote the report (default: detected)')
    .option(
      '--scanners <kinds>',
      `the scanner kinds that ran, comma-separated (${SCANNER_KINDS.join(', ')})`,
    )
    .option('--json', "print the hub's answer as JSON on stdout")
    .option('--timeout <seconds>', 'give up after this long', parseSeconds, 300)
    .option('--verbose', 'print debug messages on stderr')
    .option('--quiet', 'print only errors on stderr')
    .addHelpText(
      'after',
      `
Examples:
  RAMPART_TOKEN=… rampart upload rampart.json --server https://rampart.example.com --project 6f1c…
  rampart upload trivy.json --server https://rampart.example.com --project 6f1c… --stage production
  rampart upload history/2025-01-07.json --server … --project … --ran-at 2025-01-07T10:00:00Z`,
    )
    .action(async (file: string, flags: UploadFlags) => {
      const logger = deps.makeLogger(flags);
      const token = hubToken(flags.token, deps.io.env);
      if (token === undefined) throw new UsageError(NO_TOKEN);
      const server = hubServerUrl(flags.server);
      let ranAt: string | undefined;
      if (flags.ranAt !== undefined) {
        const t = Date.parse(flags.ranAt);
        if (!Number.isFinite(t))
          throw new UsageError(`--ran-at ${flags.ranAt}: expected an ISO 8601 time`);
        ranAt = new Date(t).toISOString();
      }
      const report = await readReport(resolve(deps.io.cwd, file), file);
      const result = await sendScan(
        { server, project: flags.project, token },
        report,
        {
          format: flags.from,
          stage: flags.stage,
          branch: flags.branch,
          commit: flags.commit,
          kind: flags.kind,
          ranAt,
          scanners: flags.scanners,
        },
        {
          env: deps.io.env,
          signal: deps.signal,
          timeoutSeconds: flags.timeout,
          debug: (m) => logger.debug(m),
        },
      );
      deps.io.stdout.write(
        flags.json
          ? `${JSON.stringify(result, null, 2)}\n`
          : `${describeUpload(result, flags.project)}\n`,
      );
      deps.setExitCode(ExitCode.Passed);
    });
}
