import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import {
  detectCi,
  RampartError,
  SCANNER_KINDS,
  STAGES,
  type Stage,
  stageFromCi,
  UsageError,
} from '@rampart/core';
import { type Command, Option } from 'commander';
import { ExitCode } from '../exit-codes.js';
import { RAMPART_VERSION } from '../version.js';
import type { CommandDeps } from './command-deps.js';

const gzipAsync = promisify(gzip);

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

/** What the hub answers to an upload. */
interface UploadResult {
  readonly scanId: string;
  readonly duplicate: boolean;
  readonly late: boolean;
  readonly counts: { new: number; seen: number; fixed: number; reopened: number };
}

/** The largest report sent (before compression). */
const MAX_REPORT_BYTES = 512 * 1024 * 1024;

function parseSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new UsageError(`--timeout ${value}: expected seconds > 0`);
  return n;
}

/** The hub's base URL, checked: http(s) only, no credentials in it. */
function serverUrl(value: string, warn: (message: string) => void): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(
      `--server ${value}: not a URL (expected e.g. https://rampart.example.com)`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new UsageError(`--server ${value}: expected an http:// or https:// URL`);
  if (url.username || url.password)
    throw new UsageError('--server: put the token in RAMPART_TOKEN, not in the URL');
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol === 'http:' && !loopback)
    warn(`--server ${url.origin}: plain http sends the token unencrypted; use https`);
  return url;
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

/** The hub's error, as `<status> <CODE>: <message>`. */
async function describeFailure(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    if (typeof body.error?.code === 'string')
      return `${response.status} ${body.error.code}: ${String(body.error.message ?? '')}`;
  } catch {
    // not the hub's JSON: say what came back
  }
  return `${response.status} ${response.statusText}${text ? `: ${text.slice(0, 200)}` : ''}`;
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
      const token = flags.token ?? deps.io.env.RAMPART_TOKEN;
      if (token === undefined || token.trim() === '')
        throw new UsageError(
          'no token: set RAMPART_TOKEN (a CI token of the project) or pass --token',
        );
      const server = serverUrl(flags.server, (m) => logger.warn(m));
      let ranAt: string | undefined;
      if (flags.ranAt !== undefined) {
        const t = Date.parse(flags.ranAt);
        if (!Number.isFinite(t))
          throw new UsageError(`--ran-at ${flags.ranAt}: expected an ISO 8601 time`);
        ranAt = new Date(t).toISOString();
      }
      const raw = await readReport(resolve(deps.io.cwd, file), file);
      const body = raw[0] === 0x1f && raw[1] === 0x8b ? raw : await gzipAsync(raw);

      const ci = detectCi(deps.io.env);
      const query = new URLSearchParams();
      const set = (key: string, value: string | undefined) => {
        if (value !== undefined && value !== '') query.set(key, value);
      };
      set('format', flags.from);
      set('stage', flags.stage);
      set('branch', flags.branch);
      set('commit', flags.commit);
      set('kind', flags.kind);
      set('ranAt', ranAt);
      set('scanners', flags.scanners);
      if (ci !== undefined) {
        set('fallbackStage', stageFromCi(ci));
        set('fallbackBranch', ci.branch);
        set('fallbackCommit', ci.commit);
      }
      const url = new URL(
        `api/v1/projects/${encodeURIComponent(flags.project)}/scans?${query}`,
        server.href.endsWith('/') ? server : `${server.href}/`,
      );
      logger.debug(
        `POST ${url.origin}${url.pathname} (${raw.length} bytes, ${body.length} gzipped)`,
      );

      let response: Response;
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/gzip',
            'user-agent': `rampart/${RAMPART_VERSION}`,
          },
          body,
          signal: AbortSignal.any([deps.signal, AbortSignal.timeout(flags.timeout * 1000)]),
        });
      } catch (err) {
        const cause = (err as { cause?: { code?: string; message?: string } }).cause;
        throw new RampartError(
          'RAMPART_IO',
          `cannot reach the hub at ${server.origin}: ${cause?.code ?? cause?.message ?? (err as Error).message}`,
          { hint: 'check --server and that the hub is running' },
        );
      }
      if (!response.ok) {
        const failure = `upload to ${server.origin} failed: ${await describeFailure(response)}`;
        if (response.status >= 500) throw new RampartError('RAMPART_IO', failure);
        throw new UsageError(failure, {
          ...(response.status === 401 ? { hint: 'check the token (RAMPART_TOKEN)' } : {}),
          ...(response.status === 404
            ? { hint: 'check --project: the token must belong to it' }
            : {}),
        });
      }
      const result = (await response.json()) as UploadResult;
      if (flags.json) deps.io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else if (result.duplicate)
        deps.io.stdout.write(`already uploaded as scan ${result.scanId}: nothing changed\n`);
      else {
        const c = result.counts;
        deps.io.stdout.write(
          `uploaded scan ${result.scanId} to project ${flags.project}: ${c.new} new, ${c.seen} seen again, ${c.fixed} fixed, ${c.reopened} reopened${result.late ? ' (it ran before scans already uploaded: applied in run order)' : ''}\n`,
        );
      }
      deps.setExitCode(ExitCode.Passed);
    });
}
