import { readFileSync } from 'node:fs';
import { type Logger, UsageError } from '@rampart/core';
import { checkApiUrl } from './api-client.js';

type Env = Readonly<Record<string, string | undefined>>;

/** A GitHub pull request, as GitHub Actions describes it. */
export interface GithubPullRequest {
  readonly platform: 'github';
  readonly apiUrl: string;
  readonly owner: string;
  readonly repo: string;
  readonly number: number;
  /** The pull request's head commit the run built (from the event), when known. */
  readonly headSha: string | undefined;
}

/** A GitLab merge request, as GitLab CI describes it. */
export interface GitlabMergeRequest {
  readonly platform: 'gitlab';
  readonly apiUrl: string;
  /** The numeric id or the `group/project` path; URL-encoded when used. */
  readonly projectId: string;
  /** The project path, for messages (CI_PROJECT_PATH), else the id. */
  readonly projectName: string;
  readonly iid: number;
  /** The source branch head the pipeline built, when known. */
  readonly headSha: string | undefined;
}

/** Where the comment goes, or why there is nowhere to put it. */
export type PullRequestContext =
  | GithubPullRequest
  | GitlabMergeRequest
  | { readonly platform: 'none'; readonly reason: string };

const set = (value: string | undefined): string | undefined =>
  value === undefined || value.trim() === '' ? undefined : value.trim();

const positive = (value: unknown): number | undefined => {
  if (typeof value === 'number') return Number.isInteger(value) && value > 0 ? value : undefined;
  if (typeof value !== 'string' || !/^\d+$/.test(value)) return undefined;
  const n = Number(value);
  return n > 0 ? n : undefined;
};

const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

interface GithubEvent {
  readonly pull_request?: { readonly number?: unknown; readonly head?: { readonly sha?: unknown } };
}

function readEvent(path: string | undefined, logger: Logger): GithubEvent {
  if (!path) return {};
  try {
    const event: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return typeof event === 'object' && event !== null ? (event as GithubEvent) : {};
  } catch (err) {
    logger.warn(
      `cannot read GITHUB_EVENT_PATH ${path} (${(err as Error).message}); using GITHUB_REF`,
    );
    return {};
  }
}

/**
 * The pull request of a GitHub Actions run: its number from the event payload
 * (`pull_request.number`) or `GITHUB_REF` (`refs/pull/N/merge`), the repository from
 * `GITHUB_REPOSITORY`, the API from `GITHUB_API_URL` (GitHub Enterprise sets it).
 */
export function githubPullRequest(env: Env, logger: Logger): PullRequestContext {
  const event = readEvent(set(env.GITHUB_EVENT_PATH), logger);
  const number =
    positive(event.pull_request?.number) ??
    positive(/^refs\/pull\/(\d+)\/(?:merge|head)$/.exec(env.GITHUB_REF ?? '')?.[1]);
  if (number === undefined) {
    return {
      platform: 'none',
      reason: 'no pull request number in GITHUB_EVENT_PATH or GITHUB_REF',
    };
  }
  const repository = set(env.GITHUB_REPOSITORY);
  const m = repository ? /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(repository) : null;
  if (!m?.[1] || !m[2] || /^\.+$/.test(m[1]) || /^\.+$/.test(m[2])) {
    throw new UsageError(
      repository
        ? `GITHUB_REPOSITORY is not owner/repo: ${JSON.stringify(repository)}`
        : 'GITHUB_REPOSITORY is not set',
      { hint: 'GitHub Actions sets it; elsewhere set GITHUB_REPOSITORY=owner/repo' },
    );
  }
  const apiUrl = set(env.GITHUB_API_URL) ?? 'https://api.github.com';
  checkApiUrl(apiUrl, 'GITHUB_API_URL');
  const sha = event.pull_request?.head?.sha;
  return {
    platform: 'github',
    apiUrl,
    owner: m[1],
    repo: m[2],
    number,
    headSha: typeof sha === 'string' && SHA.test(sha) ? sha : undefined,
  };
}

/**
 * The merge request of a GitLab CI pipeline (`CI_MERGE_REQUEST_IID`, set only in merge
 * request pipelines), its project (`CI_PROJECT_ID`) and the API (`CI_API_V4_URL`).
 */
export function gitlabMergeRequest(env: Env): PullRequestContext {
  const iid = positive(set(env.CI_MERGE_REQUEST_IID));
  if (iid === undefined) {
    return {
      platform: 'none',
      reason: 'CI_MERGE_REQUEST_IID is not set (not a merge request pipeline)',
    };
  }
  const projectId = set(env.CI_PROJECT_ID);
  if (!projectId) {
    throw new UsageError('CI_PROJECT_ID is not set', {
      hint: 'GitLab CI sets it; elsewhere set CI_PROJECT_ID to the project id or path',
    });
  }
  const server = set(env.CI_SERVER_URL);
  const apiUrl =
    set(env.CI_API_V4_URL) ?? (server ? `${server.replace(/\/$/, '')}/api/v4` : undefined);
  if (!apiUrl) {
    throw new UsageError('CI_API_V4_URL is not set', {
      hint: 'GitLab CI sets it; elsewhere set CI_API_V4_URL=https://gitlab.example.com/api/v4',
    });
  }
  checkApiUrl(apiUrl, 'CI_API_V4_URL');
  // Merged-results pipelines build a merge commit: the source head is in its own variable.
  const head = set(env.CI_MERGE_REQUEST_SOURCE_BRANCH_SHA) ?? set(env.CI_COMMIT_SHA);
  return {
    platform: 'gitlab',
    apiUrl,
    projectId,
    projectName: set(env.CI_PROJECT_PATH) ?? projectId,
    iid,
    headSha: head && SHA.test(head) ? head : undefined,
  };
}

/** How messages name the pull request: `PR #12 in acme/shop`, `MR !12 in acme/shop`. */
export function pullRequestLabel(target: GithubPullRequest | GitlabMergeRequest): string {
  return target.platform === 'github'
    ? `PR #${target.number} in ${target.owner}/${target.repo}`
    : `MR !${target.iid} in ${target.projectName}`;
}

/** The token for a platform: `--token`, then the Rampart variable, then the usual one. */
export function resolveToken(
  platform: 'github' | 'gitlab',
  flag: string | undefined,
  env: Env,
): string | undefined {
  return platform === 'github'
    ? (set(flag) ?? set(env.RAMPART_GITHUB_TOKEN) ?? set(env.GITHUB_TOKEN))
    : (set(flag) ?? set(env.RAMPART_GITLAB_TOKEN) ?? set(env.GITLAB_TOKEN));
}

/** Why there is no token, and what to do: the exit-2 error of a missing token. */
export function missingTokenError(platform: 'github' | 'gitlab'): UsageError {
  return platform === 'github'
    ? new UsageError('no GitHub token: set GITHUB_TOKEN or RAMPART_GITHUB_TOKEN', {
        hint: 'in GitHub Actions set GITHUB_TOKEN on the step from secrets.GITHUB_TOKEN, and give the job `permissions: pull-requests: write`',
      })
    : new UsageError('no GitLab token: set RAMPART_GITLAB_TOKEN (or GITLAB_TOKEN)', {
        hint: 'use a project access token with the api scope (Reporter role or above), stored as a masked CI/CD variable; CI_JOB_TOKEN cannot write merge request notes',
      });
}
