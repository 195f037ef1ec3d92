import { resolve } from 'node:path';
import { type Logger, loadConfig, type ScanReport, UsageError } from '@rampart/core';
import type { Command } from 'commander';
import { createApiClient } from '../comment/api-client.js';
import type { Forge } from '../comment/forge.js';
import { createGithubForge, GITHUB_MAX_BODY, githubMessages } from '../comment/github-forge.js';
import { createGitlabForge, GITLAB_MAX_BODY, gitlabMessages } from '../comment/gitlab-forge.js';
import {
  type GithubPullRequest,
  type GitlabMergeRequest,
  githubPullRequest,
  gitlabMergeRequest,
  missingTokenError,
  pullRequestLabel,
  resolveToken,
} from '../comment/pr-context.js';
import { readScanReport } from '../comment/read-report.js';
import {
  MAX_REVIEW_COMMENTS,
  reviewCandidates,
  type SyncOutcome,
  stickyBody,
  syncComments,
} from '../comment/sync-comments.js';
import { ExitCode } from '../exit-codes.js';
import { visibleControls } from '../reporters/escape.js';
import { renderMarkdown } from '../reporters/markdown-reporter.js';
import { loadTrainingLookup } from '../training/training-lookup.js';
import { RAMPART_VERSION } from '../version.js';
import type { CommandDeps } from './command-deps.js';

/** The report read when --report is not given. */
export const DEFAULT_REPORT_FILE = 'rampart-report.json';

interface CommentFlags {
  github?: boolean;
  gitlab?: boolean;
  report: string;
  review?: boolean;
  dryRun?: boolean;
  token?: string;
  config?: string;
  verbose?: boolean;
  quiet?: boolean;
}

/** What tests may replace: the clock and the wait of a rate limit, and the request timeout. */
export interface CommentCommandOptions {
  readonly sleep?: ((ms: number) => Promise<void>) | undefined;
  readonly now?: (() => number) | undefined;
  readonly timeoutMs?: number | undefined;
}

type Target = GithubPullRequest | GitlabMergeRequest;

/** `--dry-run`: what would be sent, with no request made (so no token is needed). */
function printDryRun(
  deps: CommandDeps,
  target: Target,
  report: ScanReport,
  summary: string,
  review: boolean,
): void {
  const out: string[] = [
    `Dry run: nothing is sent to ${target.apiUrl}.`,
    `The Rampart comment on ${pullRequestLabel(target)} would be created, or edited if it is there:`,
    '',
    stickyBody(summary, target.platform === 'github' ? GITHUB_MAX_BODY : GITLAB_MAX_BODY),
    '',
  ];
  if (review) {
    const candidates = reviewCandidates(report);
    out.push(
      candidates.length === 0
        ? 'No finding can get a review comment (none is new and in code).'
        : `Review comments (at most ${MAX_REVIEW_COMMENTS}) would go on these findings where the pull request changes their lines; comments of findings no longer reported would be ${target.platform === 'github' ? 'deleted' : 'resolved'}:`,
    );
    for (const { finding, path } of candidates) {
      const line = finding.location.kind === 'code' ? finding.location.region.startLine : 0;
      out.push(
        `  ${visibleControls(path)}:${line}  ${finding.severity}  ${visibleControls(finding.ruleId)}  (${finding.fingerprint})`,
      );
    }
    out.push('');
  }
  deps.io.stdout.write(out.join('\n'));
}

function logOutcome(logger: Logger, where: string, outcome: SyncOutcome): void {
  const said = {
    created: `comment: posted the Rampart summary on ${where}`,
    updated: `comment: updated the Rampart summary on ${where}`,
    unchanged: `comment: the Rampart summary on ${where} is up to date`,
  }[outcome.sticky];
  logger.info(said);
  if (outcome.duplicatesRemoved > 0)
    logger.info(`comment: removed ${outcome.duplicatesRemoved} duplicate summary comment(s)`);
  const r = outcome.review;
  if (!r) return;
  if (r.skipped) {
    logger.warn(`review comments skipped: ${r.skipped}`);
    return;
  }
  const parts = [`${r.posted} posted`, `${r.kept} already there`, `${r.closed} closed (fixed)`];
  if (r.duplicates > 0) parts.push(`${r.duplicates} duplicate(s) removed`);
  if (r.refused > 0) parts.push(`${r.refused} refused by the forge`);
  logger.info(`review comments: ${parts.join(', ')}`);
  if (r.notOnChangedLines > 0)
    logger.info(
      `review comments: ${r.notOnChangedLines} finding(s) not on lines this change adds are in the summary only`,
    );
  if (r.overLimit > 0)
    logger.info(
      `review comments: ${r.overLimit} more finding(s) past the limit of ${MAX_REVIEW_COMMENTS} per run are in the summary only`,
    );
}

/** Registers `rampart comment`. */
export function registerCommentCommand(
  program: Command,
  deps: CommandDeps,
  options: CommentCommandOptions = {},
): void {
  program
    .command('comment')
    .summary('post the scan results on the pull request (GitHub) or merge request (GitLab)')
    .description(
      'Post the results of `rampart scan --format json` as one comment on the pull request or merge request the CI run is for, edited in place on later runs (never a second one). With --review, new findings on lines the change adds also get a review comment on their line; when a finding is fixed, its comment is deleted (GitHub) or its thread resolved (GitLab). Reads the variables GitHub Actions and GitLab CI set; outside a pull request it does nothing and exits 0. See docs/ci.md.',
    )
    .option('--github', 'comment on a GitHub pull request (GitHub Actions)')
    .option('--gitlab', 'comment on a GitLab merge request (GitLab CI)')
    .option(
      '--report <file>',
      'the JSON report of `rampart scan --format json`',
      DEFAULT_REPORT_FILE,
    )
    .option('--review', 'also comment on the changed lines of new findings')
    .option('--dry-run', 'print what would be sent, and send nothing')
    .option(
      '--token <token>',
      'API token (prefer the environment: RAMPART_GITHUB_TOKEN or GITHUB_TOKEN, RAMPART_GITLAB_TOKEN or GITLAB_TOKEN; a flag can show in process lists)',
    )
    .option('--config <file>', 'use this config file instead of rampart.yml')
    .option('--verbose', 'print debug messages on stderr')
    .option('--quiet', 'print only errors on stderr')
    .addHelpText(
      'after',
      `
Examples:
  rampart scan --format json --output rampart-report.json --fail-on never
  rampart comment --github --review        # GitHub Actions, GITHUB_TOKEN with pull-requests: write
  rampart comment --gitlab                 # GitLab CI, RAMPART_GITLAB_TOKEN with the api scope

Exit codes: 0 commented (or not a pull request) · 2 no token, a bad report or config, or the API refused`,
    )
    .action(async (flags: CommentFlags) => {
      const logger = deps.makeLogger(flags);
      if (Boolean(flags.github) === Boolean(flags.gitlab)) {
        throw new UsageError('choose one of --github or --gitlab', {
          hint: 'e.g. `rampart comment --github` in GitHub Actions, `rampart comment --gitlab` in GitLab CI',
        });
      }
      const platform = flags.github ? 'github' : 'gitlab';
      const env = deps.io.env;
      const target =
        platform === 'github' ? githubPullRequest(env, logger) : gitlabMergeRequest(env);
      if (target.platform === 'none') {
        logger.info(`not a pull request; nothing to comment (${target.reason})`);
        deps.setExitCode(ExitCode.Passed);
        return;
      }
      const report = await readScanReport(resolve(deps.io.cwd, flags.report), flags.report);
      const config = await loadConfig({
        root: deps.io.cwd,
        configFile: flags.config === undefined ? undefined : resolve(deps.io.cwd, flags.config),
      });
      const training =
        report.findings.length > 0
          ? await loadTrainingLookup((message) => logger.debug(message))
          : undefined;
      const summary = renderMarkdown(report, {
        color: false,
        trainingUrl: config.trainingUrl,
        training,
        team: config.team,
      });
      const token = resolveToken(platform, flags.token, env);
      if (flags.dryRun) {
        printDryRun(deps, target, report, summary, Boolean(flags.review));
        if (!token)
          logger.warn(`${missingTokenError(platform).message}: a real run would stop here`);
        deps.setExitCode(ExitCode.Passed);
        return;
      }
      if (!token) throw missingTokenError(platform);
      const client = createApiClient({
        flavour: platform,
        baseUrl: target.apiUrl,
        token,
        userAgent: `rampart/${RAMPART_VERSION}`,
        logger,
        signal: deps.signal,
        timeoutMs: options.timeoutMs,
        sleep: options.sleep,
        now: options.now,
        ...(target.platform === 'github' ? githubMessages(target) : gitlabMessages(target)),
      });
      const forge: Forge =
        target.platform === 'github'
          ? createGithubForge(target, client, logger)
          : createGitlabForge(target, client, logger);
      const outcome = await syncComments(forge, report, summary, {
        review: Boolean(flags.review),
        trainingUrl: config.trainingUrl,
        training,
        logger,
      });
      logOutcome(logger, forge.label, outcome);
      deps.setExitCode(ExitCode.Passed);
    });
}
