import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ciInfo, detectCi, stageFromCi } from './ci-environment.js';

const dir = mkdtempSync(join(tmpdir(), 'rampart-ci-env-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function event(payload: unknown): string {
  const path = join(dir, `event-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, JSON.stringify(payload));
  return path;
}

describe('detectCi', () => {
  it('is undefined outside CI, and for CI=true alone (no known system)', () => {
    expect(detectCi({})).toBeUndefined();
    expect(detectCi({ CI: 'true' })).toBeUndefined();
    expect(detectCi({ GITHUB_ACTIONS: 'false' })).toBeUndefined();
  });

  it('reads a GitHub Actions pull request from the event payload', () => {
    const ci = detectCi({
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: event({
        pull_request: {
          number: 12,
          head: { sha: 'a'.repeat(40), ref: 'fix' },
          base: { ref: 'main' },
        },
        repository: { default_branch: 'main' },
      }),
      GITHUB_REF: 'refs/pull/12/merge',
      GITHUB_HEAD_REF: 'fix',
      GITHUB_BASE_REF: 'main',
      GITHUB_SHA: 'b'.repeat(40),
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_SERVER_URL: 'https://github.example.com',
      GITHUB_RUN_ID: '99',
    });
    expect(ci).toEqual({
      provider: 'github-actions',
      pullRequest: 12,
      baseBranch: 'main',
      repository: 'acme/shop',
      buildUrl: 'https://github.example.com/acme/shop/actions/runs/99',
      commit: 'a'.repeat(40),
      branch: 'fix',
      defaultBranch: 'main',
    });
    expect(stageFromCi(ci)).toBe('pr');
    expect(ciInfo(ci ?? { provider: 'jenkins' })).not.toHaveProperty('commit');
  });

  it('reads a GitHub Actions push to the default branch as main, another branch as dev', () => {
    const push = (branch: string) =>
      detectCi({
        GITHUB_ACTIONS: 'true',
        GITHUB_REF: `refs/heads/${branch}`,
        GITHUB_REF_NAME: branch,
        GITHUB_EVENT_PATH: event({ repository: { default_branch: 'trunk' } }),
      });
    expect(stageFromCi(push('trunk'))).toBe('main');
    expect(stageFromCi(push('main'))).toBe('dev');
    expect(push('x')?.pullRequest).toBeUndefined();
  });

  it.each([
    [
      'GitLab CI merge request',
      {
        GITLAB_CI: 'true',
        CI_MERGE_REQUEST_IID: '5',
        CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: 'feat',
        CI_MERGE_REQUEST_TARGET_BRANCH_NAME: 'main',
        CI_DEFAULT_BRANCH: 'main',
        CI_COMMIT_SHA: 'c1',
        CI_PROJECT_PATH: 'g/p',
        CI_PIPELINE_URL: 'https://gitlab.example.com/g/p/-/pipelines/3',
      },
      { provider: 'gitlab-ci', pullRequest: 5, branch: 'feat', baseBranch: 'main' },
      'pr',
    ],
    [
      'GitLab CI default branch',
      { GITLAB_CI: 'true', CI_COMMIT_BRANCH: 'main', CI_DEFAULT_BRANCH: 'main' },
      { provider: 'gitlab-ci', branch: 'main', defaultBranch: 'main' },
      'main',
    ],
    [
      'Jenkins multibranch pull request',
      {
        JENKINS_URL: 'https://ci.example.com/',
        CHANGE_ID: '31',
        CHANGE_TARGET: 'main',
        CHANGE_BRANCH: 'PR-31',
        GIT_COMMIT: 'c2',
      },
      { provider: 'jenkins', pullRequest: 31, baseBranch: 'main', commit: 'c2' },
      'pr',
    ],
    [
      'Jenkins job on master',
      { JENKINS_URL: 'https://ci.example.com/', GIT_BRANCH: 'origin/master' },
      { provider: 'jenkins', branch: 'master' },
      'main',
    ],
    [
      'Azure Pipelines pull request',
      {
        TF_BUILD: 'True',
        BUILD_REASON: 'PullRequest',
        SYSTEM_PULLREQUEST_PULLREQUESTID: '17',
        SYSTEM_PULLREQUEST_SOURCEBRANCH: 'refs/heads/topic',
        SYSTEM_PULLREQUEST_TARGETBRANCH: 'refs/heads/main',
        SYSTEM_COLLECTIONURI: 'https://dev.azure.com/acme/',
        SYSTEM_TEAMPROJECT: 'Shop App',
        BUILD_BUILDID: '8',
      },
      {
        provider: 'azure-pipelines',
        pullRequest: 17,
        branch: 'topic',
        baseBranch: 'main',
        buildUrl: 'https://dev.azure.com/acme/Shop%20App/_build/results?buildId=8',
      },
      'pr',
    ],
    [
      'Azure Pipelines push',
      { TF_BUILD: 'True', BUILD_REASON: 'IndividualCI', BUILD_SOURCEBRANCH: 'refs/heads/main' },
      { provider: 'azure-pipelines', branch: 'main' },
      'main',
    ],
    [
      'CircleCI pull request',
      {
        CIRCLECI: 'true',
        CIRCLE_PULL_REQUEST: 'https://github.com/a/b/pull/4',
        CIRCLE_BRANCH: 'x',
      },
      { provider: 'circleci', pullRequest: 4, branch: 'x' },
      'pr',
    ],
    [
      'Buildkite branch build',
      {
        BUILDKITE: 'true',
        BUILDKITE_PULL_REQUEST: 'false',
        BUILDKITE_BRANCH: 'release',
        BUILDKITE_PIPELINE_DEFAULT_BRANCH: 'main',
      },
      { provider: 'buildkite', branch: 'release', defaultBranch: 'main' },
      'dev',
    ],
  ])('reads %s', (_, env, expected, stage) => {
    const ci = detectCi(env);
    expect(ci).toMatchObject(expected);
    expect(stageFromCi(ci)).toBe(stage);
  });

  it('falls back to git for the default branch, and treats an unknown branch as dev', () => {
    const ci = detectCi({ CIRCLECI: 'true', CIRCLE_BRANCH: 'develop' });
    expect(stageFromCi(ci, 'develop')).toBe('main');
    expect(stageFromCi(ci)).toBe('dev');
    expect(stageFromCi(undefined, 'main')).toBe('dev');
  });

  it('never throws and never reports a non-positive pull request number', () => {
    const keys = [
      'GITHUB_ACTIONS',
      'GITHUB_REF',
      'GITHUB_EVENT_PATH',
      'GITLAB_CI',
      'CI_MERGE_REQUEST_IID',
      'TF_BUILD',
      'BUILD_REASON',
      'SYSTEM_PULLREQUEST_PULLREQUESTID',
      'BUILDKITE',
      'BUILDKITE_PULL_REQUEST',
      'JENKINS_URL',
      'CHANGE_ID',
    ];
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...keys), fc.string()), (env) => {
        const ci = detectCi(env);
        if (ci?.pullRequest !== undefined) expect(ci.pullRequest).toBeGreaterThan(0);
        expect(['dev', 'pr', 'main']).toContain(stageFromCi(ci));
      }),
    );
  });
});
