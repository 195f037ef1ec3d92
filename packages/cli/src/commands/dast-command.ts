import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  buildScanReport,
  createTaskProgress,
  detectCi,
  FAIL_ON_VALUES,
  type FailOn,
  type FindingDraft,
  loadConfig,
  resolveCacheDir,
  runScan,
  type Scanner,
  STAGES,
  type Stage,
  stageFromCi,
  UsageError,
} from '@rampart/core';
import { type Command, Option } from 'commander';
import { useColor } from '../cli-io.js';
import { ExitCode } from '../exit-codes.js';
import { createProgressBar, wantsProgress } from '../progress-bar.js';
import { HUMAN_FORMATS, loadTrainingLookup } from '../training/training-lookup.js';
import { RAMPART_VERSION } from '../version.js';
import type { CommandDeps } from './command-deps.js';
import { addConsoleOptions } from './scan-command.js';

interface DastFlags {
  openapi?: string;
  active?: boolean;
  authorizedTarget?: boolean;
  allowDestructive?: boolean;
  browser?: boolean;
  crawl: boolean;
  maxRequests?: string;
  rate?: string;
  concurrency?: string;
  timeout?: string;
  depth?: string;
  maxPages?: string;
  include?: string[];
  exclude?: string[];
  header?: string[];
  cookie?: string[];
  auth?: string;
  format: string;
  output?: string;
  failOn?: FailOn;
  stage?: Stage;
  config?: string;
  progress: boolean;
  verbose?: boolean;
  quiet?: boolean;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function number(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n))
    throw new UsageError(`${flag} expects a number, got "${value}"`);
  return n;
}

/** Registers `rampart dast`. */
export function registerDastCommand(program: Command, deps: CommandDeps): void {
  const formats = deps.reporters.map((r) => r.format);
  const command = program
    .command('dast')
    .summary('scan a running web app or API (crawl, passive and active checks)')
    .description(
      'Crawl a running web application or API and check every response for missing protections and leaks (passive, the default: nothing but ordinary requests). With --active, also send attacks (XSS, SQL and NoSQL injection, command injection, path traversal, open redirect, SSTI, SSRF, XXE). Active scans of a host other than this machine need --authorized-target. Findings are reported and gated like `rampart scan`.',
    )
    .argument('<url>', 'where to start, e.g. http://127.0.0.1:3000/')
    .option(
      '--openapi <file|url>',
      'an OpenAPI 3 or Swagger 2 document: test every operation in it',
    )
    .option('--active', 'send attacks as well (only against systems you may test)')
    .option(
      '--authorized-target',
      'confirm you are allowed to attack a target that is not this machine',
    )
    .option(
      '--allow-destructive',
      'let DELETE, PUT and PATCH requests through (never sent otherwise)',
    )
    .option(
      '--browser',
      "crawl with Chromium too, for single-page apps (Debian's chromium package)",
    )
    .option('--no-crawl', 'do not crawl HTML: test the start URL and the OpenAPI operations only')
    .option('--max-requests <n>', 'hard limit on requests sent (default 5000)')
    .option('--rate <n>', 'hard limit on requests per second (default 50; 0 for none)')
    .option('--concurrency <n>', 'requests in flight at once (default 4)')
    .option('--timeout <ms>', 'per-request timeout in milliseconds (default 10000)')
    .option('--depth <n>', 'links followed from the start page (default 5)')
    .option('--max-pages <n>', 'pages crawled at most (default 500)')
    .option(
      '--include <url>',
      'another origin or URL prefix that is in scope (repeatable)',
      collect,
    )
    .option(
      '--exclude <pattern>',
      'URLs never requested, `*` as wildcard, e.g. "*/logout*" (repeatable)',
      collect,
    )
    .option(
      '--header <header>',
      'send this header with every request, "Name: value" (repeatable)',
      collect,
    )
    .option('--cookie <cookie>', 'send this cookie, "name=value" (repeatable)', collect)
    .option('--auth <file>', 'log in first as this YAML file describes (see docs/dast.md)')
    .addOption(new Option('--format <format>', 'output format').choices(formats).default('text'))
    .option('--output <file>', 'write the report to this file instead of stdout')
    .addOption(
      new Option(
        '--fail-on <severity>',
        "fail (exit 1) on findings at or above this severity; default: rampart.yml's failOn, else high",
      ).choices(FAIL_ON_VALUES),
    )
    .addOption(
      new Option(
        '--stage <stage>',
        'stage recorded in the report (default: from the CI environment; use production for live systems)',
      ).choices(STAGES),
    )
    .option(
      '--config <file>',
      'rampart.yml to read rule settings and failOn from (default: the current folder’s)',
    );
  addConsoleOptions(command)
    .addHelpText(
      'after',
      `
Examples:
  rampart dast http://127.0.0.1:3000/                         passive: headers, cookies, leaks
  rampart dast http://127.0.0.1:3000/ --active                plus attacks (this machine only)
  rampart dast https://staging.example.com --active --authorized-target --rate 10
  rampart dast http://127.0.0.1:8080/ --openapi openapi.yaml --no-crawl --auth login.yml
  rampart dast http://127.0.0.1:3000/ --format sarif --output dast.sarif

Exit codes: 0 passed · 1 the policy gate failed · 2 usage or configuration error · 3 internal error`,
    )
    .action(async (url: string, flags: DastFlags) => {
      deps.setExitCode(await runDastCommand(url, flags, deps));
    });
}

async function runDastCommand(url: string, flags: DastFlags, deps: CommandDeps): Promise<number> {
  const { io } = deps;
  const logger = deps.makeLogger(flags);
  const reporter = deps.reporters.find((r) => r.format === flags.format);
  if (!reporter) throw new UsageError(`--format ${flags.format}: unknown format`);
  const dast = await import('@rampart/dast');
  const target = dast.checkSafety({
    target: url,
    active: flags.active,
    authorizedTarget: flags.authorizedTarget,
    include: flags.include,
  });
  const headers = dast.parseHeaderFlags(flags.header ?? []);
  const cookies = Object.entries(dast.parseCookieFlags(flags.cookie ?? [])).map(
    ([n, v]) => `${n}=${v}`,
  );
  const authenticator = flags.auth
    ? dast.createAuthenticator(
        await dast.loadAuthConfig(resolve(io.cwd, flags.auth), io.env),
        target.href,
      )
    : undefined;
  const openapi =
    flags.openapi === undefined || /^https?:\/\//i.test(flags.openapi)
      ? flags.openapi
      : resolve(io.cwd, flags.openapi);
  const config = await loadConfig({
    root: io.cwd,
    configFile: flags.config === undefined ? undefined : resolve(io.cwd, flags.config),
  });
  const sink = wantsProgress(io.stderr, io.env, flags.progress)
    ? createProgressBar(io.stderr)
    : undefined;
  if (flags.active) logger.info(`active scan of ${target.origin}: attacks will be sent`);
  const outcome = await dast.runDast({
    target: target.href,
    active: flags.active,
    authorizedTarget: flags.authorizedTarget,
    allowDestructive: flags.allowDestructive,
    browser: flags.browser,
    noCrawl: !flags.crawl,
    openapi,
    maxRequests: number('--max-requests', flags.maxRequests),
    rate: number('--rate', flags.rate),
    concurrency: number('--concurrency', flags.concurrency),
    timeoutMs: number('--timeout', flags.timeout),
    maxDepth: number('--depth', flags.depth),
    maxPages: number('--max-pages', flags.maxPages),
    include: flags.include,
    exclude: flags.exclude,
    headers,
    cookies,
    authenticator,
    toolVersion: RAMPART_VERSION,
    logger,
    progress: sink ? createTaskProgress('dast', sink) : undefined,
    signal: deps.signal,
  });
  sink?.finish();
  const { stats } = outcome;
  logger.info(
    `${stats.requests} requests, ${stats.pages} pages, ${stats.endpoints} endpoints in ${(stats.durationMs / 1000).toFixed(1)}s${
      stats.budgetExhausted ? ' (request budget spent: incomplete)' : ''
    }`,
  );

  // The pipeline gives fingerprints, rule settings from rampart.yml and the gate, as for a scan.
  const drafts: readonly FindingDraft[] = outcome.drafts;
  const scanner: Scanner = {
    kind: 'dast',
    description: 'dynamic scan of a running application',
    async *scan() {
      yield* drafts;
    },
  };
  const result = await runScan({
    target: {
      root: io.cwd,
      files: [],
      skipped: [],
      git: undefined,
      readText: () => Promise.reject(new Error('no files')),
    },
    scanners: [scanner],
    config,
    logger,
    cacheDir: resolveCacheDir(io.env),
    failOn: flags.failOn,
    signal: deps.signal,
  });
  const ci = detectCi(io.env);
  const report = buildScanReport(
    { ...result, startedAt: outcome.startedAt, finishedAt: outcome.finishedAt },
    {
      toolVersion: RAMPART_VERSION,
      target: target.href,
      stage: flags.stage ?? stageFromCi(ci),
      ci,
    },
  );
  const toStdout = flags.output === undefined;
  // Human-readable reports link the training module of each finding's weakness.
  const training =
    HUMAN_FORMATS.has(reporter.format) && report.findings.length > 0
      ? await loadTrainingLookup((message) => logger.debug(message))
      : undefined;
  const rendered = reporter.render(report, {
    color: toStdout && useColor(io.stdout, io.env),
    columns: toStdout ? io.stdout.columns : undefined,
    rootDir: io.cwd,
    trainingUrl: config.trainingUrl,
    training,
    team: config.team,
  });
  if (toStdout) io.stdout.write(rendered);
  else {
    await writeFile(resolve(io.cwd, flags.output as string), rendered, 'utf8');
    logger.info(`wrote ${reporter.format} report to ${flags.output}`);
  }
  if (reporter.machine || !toStdout) logger.info(result.gate.summary);
  return result.gate.passed ? ExitCode.Passed : ExitCode.GateFailed;
}
