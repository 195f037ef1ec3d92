import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Stage } from './stage.js';

/** The CI systems whose environment Rampart reads. */
export const CI_PROVIDERS = [
  'github-actions',
  'gitlab-ci',
  'jenkins',
  'azure-pipelines',
  'circleci',
  'buildkite',
] as const;

/** What a report records about the CI run it came from. */
export const CiInfoSchema = z.strictObject({
  provider: z.enum(CI_PROVIDERS),
  /** The pull (merge) request number, when the run is for one. */
  pullRequest: z.number().int().positive().optional(),
  /** The branch the pull request targets. */
  baseBranch: z.string().optional(),
  /** `owner/repo` (GitHub), `group/project` (GitLab), when the CI says. */
  repository: z.string().optional(),
  /** A link to the CI run. */
  buildUrl: z.string().optional(),
});
/** The CI facts of a report. */
export type CiInfo = z.infer<typeof CiInfoSchema>;

/** What the CI environment says about the run. */
export interface CiContext extends CiInfo {
  /** The commit CI built (the head of the pull request when it says so). */
  readonly commit?: string | undefined;
  /** The branch built: the pull request's source branch, or the pushed branch. */
  readonly branch?: string | undefined;
  /** The repository's default branch, when the CI says (GitHub's event, GitLab, Buildkite). */
  readonly defaultBranch?: string | undefined;
}

type Env = Readonly<Record<string, string | undefined>>;

const positive = (value: string | undefined): number | undefined => {
  if (value === undefined || !/^\d+$/.test(value)) return undefined;
  const n = Number(value);
  return n > 0 ? n : undefined;
};

const set = (value: string | undefined): string | undefined =>
  value === undefined || value.trim() === '' ? undefined : value.trim();

const branchName = (ref: string | undefined): string | undefined =>
  set(ref?.replace(/^refs\/heads\//, ''));

/** Only the fields that have a value (exactOptionalPropertyTypes-friendly). */
function compact<T extends CiInfo>(context: T): T {
  return Object.fromEntries(Object.entries(context).filter(([, v]) => v !== undefined)) as T;
}

interface GithubEvent {
  pull_request?: {
    number?: number;
    head?: { sha?: string; ref?: string };
    base?: { ref?: string };
  };
  repository?: { default_branch?: string };
}

function githubEvent(path: string | undefined): GithubEvent {
  if (!path) return {};
  try {
    const event: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return typeof event === 'object' && event !== null ? (event as GithubEvent) : {};
  } catch {
    return {};
  }
}

function github(env: Env): CiContext {
  const event = githubEvent(env.GITHUB_EVENT_PATH);
  const pr =
    event.pull_request?.number ?? positive(/^refs\/pull\/(\d+)\//.exec(env.GITHUB_REF ?? '')?.[1]);
  const server = set(env.GITHUB_SERVER_URL) ?? 'https://github.com';
  const repository = set(env.GITHUB_REPOSITORY);
  return {
    provider: 'github-actions',
    pullRequest: pr,
    baseBranch: set(env.GITHUB_BASE_REF) ?? event.pull_request?.base?.ref,
    repository,
    buildUrl:
      repository && env.GITHUB_RUN_ID
        ? `${server}/${repository}/actions/runs/${env.GITHUB_RUN_ID}`
        : undefined,
    commit: event.pull_request?.head?.sha ?? set(env.GITHUB_SHA),
    branch: set(env.GITHUB_HEAD_REF) ?? (pr ? undefined : set(env.GITHUB_REF_NAME)),
    defaultBranch: event.repository?.default_branch,
  };
}

function gitlab(env: Env): CiContext {
  return {
    provider: 'gitlab-ci',
    pullRequest: positive(env.CI_MERGE_REQUEST_IID),
    baseBranch: set(env.CI_MERGE_REQUEST_TARGET_BRANCH_NAME),
    repository: set(env.CI_PROJECT_PATH),
    buildUrl: set(env.CI_PIPELINE_URL),
    commit: set(env.CI_COMMIT_SHA),
    branch: set(env.CI_MERGE_REQUEST_SOURCE_BRANCH_NAME) ?? set(env.CI_COMMIT_BRANCH),
    defaultBranch: set(env.CI_DEFAULT_BRANCH),
  };
}

function jenkins(env: Env): CiContext {
  // Multibranch pipelines set CHANGE_* for pull requests; plain jobs set GIT_BRANCH.
  return {
    provider: 'jenkins',
    pullRequest: positive(env.CHANGE_ID),
    baseBranch: set(env.CHANGE_TARGET),
    buildUrl: set(env.BUILD_URL),
    commit: set(env.GIT_COMMIT),
    branch:
      set(env.CHANGE_BRANCH) ??
      set(env.BRANCH_NAME) ??
      branchName(env.GIT_BRANCH?.replace(/^origin\//, '')),
  };
}

function azure(env: Env): CiContext {
  const isPr = env.BUILD_REASON === 'PullRequest';
  const collection = set(env.SYSTEM_COLLECTIONURI);
  return {
    provider: 'azure-pipelines',
    pullRequest: isPr
      ? (positive(env.SYSTEM_PULLREQUEST_PULLREQUESTNUMBER) ??
        positive(env.SYSTEM_PULLREQUEST_PULLREQUESTID))
      : undefined,
    baseBranch: isPr ? branchName(env.SYSTEM_PULLREQUEST_TARGETBRANCH) : undefined,
    repository: set(env.BUILD_REPOSITORY_NAME),
    buildUrl:
      collection && env.SYSTEM_TEAMPROJECT && env.BUILD_BUILDID
        ? `${collection.replace(/\/$/, '')}/${encodeURIComponent(env.SYSTEM_TEAMPROJECT)}/_build/results?buildId=${env.BUILD_BUILDID}`
        : undefined,
    commit: set(env.BUILD_SOURCEVERSION),
    branch: isPr
      ? branchName(env.SYSTEM_PULLREQUEST_SOURCEBRANCH)
      : branchName(env.BUILD_SOURCEBRANCH),
  };
}

function circleci(env: Env): CiContext {
  return {
    provider: 'circleci',
    pullRequest:
      positive(env.CIRCLE_PR_NUMBER) ??
      positive(/\/pull\/(\d+)$/.exec(env.CIRCLE_PULL_REQUEST ?? '')?.[1]),
    repository:
      env.CIRCLE_PROJECT_USERNAME && env.CIRCLE_PROJECT_REPONAME
        ? `${env.CIRCLE_PROJECT_USERNAME}/${env.CIRCLE_PROJECT_REPONAME}`
        : undefined,
    buildUrl: set(env.CIRCLE_BUILD_URL),
    commit: set(env.CIRCLE_SHA1),
    branch: set(env.CIRCLE_BRANCH),
  };
}

function buildkite(env: Env): CiContext {
  return {
    provider: 'buildkite',
    pullRequest: positive(env.BUILDKITE_PULL_REQUEST),
    baseBranch: set(env.BUILDKITE_PULL_REQUEST_BASE_BRANCH),
    repository: set(env.BUILDKITE_PIPELINE_SLUG),
    buildUrl: set(env.BUILDKITE_BUILD_URL),
    commit: set(env.BUILDKITE_COMMIT),
    branch: set(env.BUILDKITE_BRANCH),
    defaultBranch: set(env.BUILDKITE_PIPELINE_DEFAULT_BRANCH),
  };
}

/** The report's part of a CI context (the provider, pull request, base branch, links). */
export function ciInfo(context: CiInfo): CiInfo {
  const { provider, pullRequest, baseBranch, repository, buildUrl } = context;
  return compact({ provider, pullRequest, baseBranch, repository, buildUrl }) as CiInfo;
}

/**
 * The CI system the process runs in and what it says about the run (pull request, branch,
 * commit, build link), from the variables each system documents; undefined outside CI.
 */
export function detectCi(env: Env): CiContext | undefined {
  const on = (name: string) => {
    const v = env[name]?.toLowerCase();
    return v !== undefined && v !== '' && v !== 'false' && v !== '0';
  };
  let context: CiContext | undefined;
  if (on('GITHUB_ACTIONS')) context = github(env);
  else if (on('GITLAB_CI')) context = gitlab(env);
  else if (on('TF_BUILD')) context = azure(env);
  else if (on('CIRCLECI')) context = circleci(env);
  else if (on('BUILDKITE')) context = buildkite(env);
  else if (set(env.JENKINS_URL) !== undefined) context = jenkins(env);
  return context && compact(context);
}

/**
 * The stage of a CI run: a pull request is `pr`; the default branch is `main` (the CI's
 * default branch, else git's, else `main` or `master`); any other branch is `dev`. Outside
 * CI, `dev`.
 */
export function stageFromCi(ci: CiContext | undefined, gitDefaultBranch?: string): Stage {
  if (!ci) return 'dev';
  if (ci.pullRequest !== undefined) return 'pr';
  const main = ci.defaultBranch ?? gitDefaultBranch;
  if (ci.branch !== undefined) {
    if (main !== undefined) return ci.branch === main ? 'main' : 'dev';
    if (ci.branch === 'main' || ci.branch === 'master') return 'main';
  }
  return 'dev';
}
