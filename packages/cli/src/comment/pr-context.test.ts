import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryLogger, UsageError } from '@rampart/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  githubPullRequest,
  gitlabMergeRequest,
  missingTokenError,
  resolveToken,
} from './pr-context.js';

const HEAD = '9f'.repeat(20);
let dir: string;
let logger: ReturnType<typeof createMemoryLogger>;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-pr-context-'));
  logger = createMemoryLogger();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function event(payload: unknown): string {
  const path = join(dir, 'event.json');
  writeFileSync(path, typeof payload === 'string' ? payload : JSON.stringify(payload));
  return path;
}

describe('githubPullRequest', () => {
  it('reads the number and head commit from the pull_request event', () => {
    const ctx = githubPullRequest(
      {
        GITHUB_EVENT_PATH: event({ pull_request: { number: 12, head: { sha: HEAD } } }),
        GITHUB_REPOSITORY: 'acme/shop',
        GITHUB_REF: 'refs/pull/12/merge',
      },
      logger,
    );
    expect(ctx).toEqual({
      platform: 'github',
      apiUrl: 'https://api.github.com',
      owner: 'acme',
      repo: 'shop',
      number: 12,
      headSha: HEAD,
    });
  });

  it('falls back to GITHUB_REF, warning when the event file cannot be read', () => {
    const ctx = githubPullRequest(
      {
        GITHUB_EVENT_PATH: event('{ not json'),
        GITHUB_REPOSITORY: 'acme/shop',
        GITHUB_REF: 'refs/pull/7/merge',
        GITHUB_API_URL: 'https://ghe.example.com/api/v3',
      },
      logger,
    );
    expect(ctx).toMatchObject({
      number: 7,
      headSha: undefined,
      apiUrl: 'https://ghe.example.com/api/v3',
    });
    expect(logger.records[0]?.message).toMatch(
      /^cannot read GITHUB_EVENT_PATH .*event\.json .*; using GITHUB_REF$/,
    );
  });

  it('is not a pull request on a push to a branch', () => {
    const ctx = githubPullRequest(
      { GITHUB_EVENT_PATH: event({ ref: 'refs/heads/main' }), GITHUB_REF: 'refs/heads/main' },
      logger,
    );
    expect(ctx.platform).toBe('none');
  });

  it('refuses a missing or malformed GITHUB_REPOSITORY, and an API URL in clear', () => {
    const env = { GITHUB_REF: 'refs/pull/3/merge' };
    expect(() => githubPullRequest(env, logger)).toThrow('GITHUB_REPOSITORY is not set');
    expect(() => githubPullRequest({ ...env, GITHUB_REPOSITORY: '../x' }, logger)).toThrow(
      'GITHUB_REPOSITORY is not owner/repo: "../x"',
    );
    expect(() =>
      githubPullRequest(
        { ...env, GITHUB_REPOSITORY: 'a/b', GITHUB_API_URL: 'http://ghe.example.com' },
        logger,
      ),
    ).toThrow(UsageError);
  });
});

describe('gitlabMergeRequest', () => {
  const base = {
    CI_API_V4_URL: 'https://gitlab.example.com/api/v4',
    CI_PROJECT_ID: '42',
    CI_PROJECT_PATH: 'acme/shop',
    CI_COMMIT_SHA: HEAD,
  };

  it('reads the merge request pipeline variables', () => {
    expect(gitlabMergeRequest({ ...base, CI_MERGE_REQUEST_IID: '5' })).toEqual({
      platform: 'gitlab',
      apiUrl: 'https://gitlab.example.com/api/v4',
      projectId: '42',
      projectName: 'acme/shop',
      iid: 5,
      headSha: HEAD,
    });
  });

  it('takes the source head of a merged-results pipeline, and the API from CI_SERVER_URL', () => {
    const source = 'ab'.repeat(20);
    const ctx = gitlabMergeRequest({
      ...base,
      CI_API_V4_URL: undefined,
      CI_SERVER_URL: 'https://gitlab.example.com/',
      CI_MERGE_REQUEST_IID: '5',
      CI_MERGE_REQUEST_SOURCE_BRANCH_SHA: source,
    });
    expect(ctx).toMatchObject({ headSha: source, apiUrl: 'https://gitlab.example.com/api/v4' });
  });

  it('is not a merge request in a branch pipeline; names the variable that is missing', () => {
    expect(gitlabMergeRequest(base).platform).toBe('none');
    expect(() => gitlabMergeRequest({ CI_MERGE_REQUEST_IID: '5' })).toThrow(
      'CI_PROJECT_ID is not set',
    );
    expect(() => gitlabMergeRequest({ CI_MERGE_REQUEST_IID: '5', CI_PROJECT_ID: '1' })).toThrow(
      'CI_API_V4_URL is not set',
    );
  });
});

describe('tokens', () => {
  it('prefers --token, then the Rampart variable, then the usual one; blank counts as unset', () => {
    const env = {
      RAMPART_GITHUB_TOKEN: 'r',
      GITHUB_TOKEN: 'g',
      RAMPART_GITLAB_TOKEN: ' ',
      GITLAB_TOKEN: 'l',
    };
    expect(resolveToken('github', 'f', env)).toBe('f');
    expect(resolveToken('github', undefined, env)).toBe('r');
    expect(resolveToken('github', undefined, { GITHUB_TOKEN: 'g' })).toBe('g');
    expect(resolveToken('gitlab', undefined, env)).toBe('l');
    expect(resolveToken('gitlab', undefined, { CI_JOB_TOKEN: 'j' })).toBeUndefined();
  });

  it('explains what token GitLab needs and that CI_JOB_TOKEN cannot write notes', () => {
    expect(missingTokenError('gitlab').hint).toContain(
      'CI_JOB_TOKEN cannot write merge request notes',
    );
    expect(missingTokenError('github').hint).toContain('pull-requests: write');
  });
});
