import { stat, writeFile } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import { styleText } from 'node:util';
import { createScanTarget, loadConfig, resolveCacheDir, UsageError } from '@rampart/core';
import type { PavedRoadReport, Violation } from '@rampart/iac/paved-road';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { useColor } from '../cli-io.js';
import { ExitCode } from '../exit-codes.js';
import { RAMPART_VERSION } from '../version.js';
import type { CommandDeps } from './command-deps.js';

interface CheckFlags {
  policy?: string;
  format: 'text' | 'json';
  output?: string;
  minScore?: number;
  refresh?: boolean;
  config?: string;
  verbose?: boolean;
  quiet?: boolean;
}

function parseScore(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 100)
    throw new InvalidArgumentError('expected a whole number from 0 to 100');
  return n;
}

function where(v: Violation): string {
  const site = v.site;
  if (!site) return '(repository)';
  if (site.kind === 'code') return `${site.path}:${site.line}`;
  const dep = site.dependency;
  return `${dep.manifestPath}${dep.line === undefined ? '' : `:${dep.line}`}`;
}

/** The report as developers read it: a line per check, each violation with its fix. */
export function renderPavedRoadText(report: PavedRoadReport, color: boolean): string {
  const paint = (style: Parameters<typeof styleText>[0], text: string) =>
    color ? styleText(style, text) : text;
  const out: string[] = [];
  out.push(
    `${paint('bold', 'Paved road')}${report.policy.name ? `: ${report.policy.name}` : ''} ${paint('dim', `(${report.policy.source})`)}`,
    '',
  );
  const width = Math.max(...report.checks.map((c) => c.id.length));
  for (const check of report.checks) {
    const mark =
      check.status === 'pass'
        ? paint('green', '✔')
        : check.status === 'fail'
          ? paint('red', '✖')
          : paint('dim', '–');
    const summary =
      check.status === 'not-applicable'
        ? paint('dim', `not applicable: ${check.summary}`)
        : check.summary;
    out.push(`  ${mark} ${check.id.padEnd(width)}  ${summary}`);
    for (const v of check.violations) {
      out.push(`      ${paint('cyan', where(v))}  ${v.message}`);
      const [first = '', ...rest] = v.remediation.split('\n');
      out.push(`        ${paint('green', 'fix:')} ${first}`);
      for (const line of rest) if (line.trim() !== '') out.push(`        ${line}`);
    }
  }
  const scoreColor = report.score >= 80 ? 'green' : report.score >= 50 ? 'yellow' : 'red';
  out.push(
    '',
    `${paint('bold', 'Score:')} ${paint(['bold', scoreColor], `${report.score}/100`)} · ${report.passed} passed · ${report.failed} failed · ${report.notApplicable} not applicable`,
  );
  return `${out.join('\n')}\n`;
}

/** The machine form: stable, versioned, what the hub stores per project. */
export function pavedRoadJson(report: PavedRoadReport): Record<string, unknown> {
  return {
    version: 1,
    tool: { name: 'rampart', version: RAMPART_VERSION },
    policy: report.policy,
    score: report.score,
    passed: report.passed,
    failed: report.failed,
    notApplicable: report.notApplicable,
    checks: report.checks.map((c) => ({
      id: c.id,
      title: c.title,
      status: c.status,
      summary: c.summary,
      violations: c.violations.map((v) => ({
        message: v.message,
        remediation: v.remediation,
        severity: v.severity,
        location:
          v.site === undefined
            ? null
            : v.site.kind === 'code'
              ? { kind: 'code', path: v.site.path, line: v.site.line }
              : {
                  kind: 'package',
                  ecosystem: v.site.dependency.ecosystem,
                  name: v.site.dependency.name,
                  version: v.site.dependency.version,
                  purl: v.site.dependency.purl,
                  manifestPath: v.site.dependency.manifestPath,
                  line: v.site.dependency.line ?? null,
                  direct: v.site.dependency.direct,
                },
      })),
    })),
  };
}

/** Registers `rampart paved-road check`. */
export function registerPavedRoadCommand(program: Command, deps: CommandDeps): void {
  const group = program
    .command('paved-road')
    .summary("check a repository against the organisation's paved road")
    .description(
      "The paved road is the organisation's approved way to build: base images, libraries, the CI template and the scanners every project runs, written once in a paved-road.yml. See docs/paved-road.md.",
    );
  group
    .command('check')
    .summary('score the repository against the paved-road policy')
    .description(
      "Check a repository against the paved-road policy that rampart.yml names (`pavedRoad: PATH|URL`) or --policy gives: approved base images and digests, banned and approved libraries, the organisation's pipeline template, required scanners. Prints a line per check and an adherence score from 0 to 100 (the share of applicable checks that pass). A policy URL is fetched over https and cached for an hour; if it cannot be reached, the cached copy is used with a warning. Set RAMPART_PAVED_ROAD_TOKEN to send a bearer token with the request.",
    )
    .argument('[path]', 'repository to check', '.')
    .option(
      '--policy <file|url>',
      'the policy to check against, instead of rampart.yml’s pavedRoad',
    )
    .addOption(
      new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'),
    )
    .option('--output <file>', 'write the report to this file instead of stdout')
    .option('--min-score <n>', 'exit 1 when the score is below n (0–100)', parseScore)
    .option('--refresh', 'fetch a policy URL again even if the cached copy is fresh')
    .option('--config <file>', 'use this config file instead of rampart.yml')
    .option('--verbose', 'print debug messages on stderr')
    .option('--quiet', 'print only errors on stderr')
    .addHelpText(
      'after',
      `
Examples:
  rampart paved-road check                              # the policy named in rampart.yml
  rampart paved-road check --policy https://hub.example.com/paved-road.yml --min-score 80
  rampart paved-road check services/api --format json --output paved-road.json

Exit codes: 0 checked (and the score is at least --min-score) · 1 the score is below --min-score · 2 no policy, or a policy or config error`,
    )
    .action(async (path: string, flags: CheckFlags) => {
      const logger = deps.makeLogger(flags);
      const root = resolve(deps.io.cwd, path);
      try {
        await stat(root);
      } catch {
        throw new UsageError(`path does not exist: ${path}`);
      }
      const config = await loadConfig({
        root,
        configFile: flags.config === undefined ? undefined : resolve(deps.io.cwd, flags.config),
      });
      const { evaluatePavedRoad, isPolicyUrl, loadPolicy } = await import(
        '@rampart/iac/paved-road'
      );
      const source =
        flags.policy === undefined
          ? config.pavedRoad?.source
          : isPolicyUrl(flags.policy)
            ? flags.policy
            : resolve(deps.io.cwd, flags.policy);
      if (source === undefined) {
        throw new UsageError('no paved-road policy to check against', {
          hint: 'set `pavedRoad: ./paved-road.yml` (or an https URL) in rampart.yml, or pass --policy',
        });
      }
      const policy = await loadPolicy(source, {
        cacheDir: resolveCacheDir(deps.io.env),
        logger,
        signal: deps.signal,
        refresh: flags.refresh,
        token: deps.io.env.RAMPART_PAVED_ROAD_TOKEN,
      });
      // Config excludes are relative to the config's folder; the walker matches from the root.
      const prefix = relative(config.baseDir, root).split(sep).join('/');
      const inside = prefix === '' || (!prefix.startsWith('..') && !prefix.startsWith('/'));
      const target = await createScanTarget(root, {
        maxFileBytes: config.maxFileBytes,
        exclude: inside ? config.exclude : [],
        excludeBase: inside ? prefix : '',
        gitFacts: false,
        logger,
        signal: deps.signal,
      });
      const report = await evaluatePavedRoad(policy, {
        target,
        config,
        logger,
        signal: deps.signal,
      });
      const toStdout = flags.output === undefined;
      const rendered =
        flags.format === 'json'
          ? `${JSON.stringify(pavedRoadJson(report), null, 2)}\n`
          : renderPavedRoadText(report, toStdout && useColor(deps.io.stdout, deps.io.env));
      if (toStdout) deps.io.stdout.write(rendered);
      else {
        await writeFile(resolve(deps.io.cwd, flags.output as string), rendered, 'utf8');
        logger.info(`paved road: ${report.score}/100, written to ${flags.output}`);
      }
      if (flags.minScore !== undefined && report.score < flags.minScore) {
        logger.error(`paved road: score ${report.score} is below the minimum ${flags.minScore}`);
        deps.setExitCode(ExitCode.GateFailed);
      } else deps.setExitCode(ExitCode.Passed);
    });
}
