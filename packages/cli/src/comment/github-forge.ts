import type { Logger } from '@rampart/core';
import { visibleControls } from '../reporters/escape.js';
import { type ApiClient, ForgeApiError } from './api-client.js';
import { addedLines } from './diff-lines.js';
import type {
  ChangedFile,
  ConversationComment,
  Forge,
  ReviewableDiff,
  ReviewThread,
} from './forge.js';
import { isStickyBody, markedFingerprint } from './markers.js';
import { type GithubPullRequest, pullRequestLabel } from './pr-context.js';

/** GitHub's limit on a comment body. */
export const GITHUB_MAX_BODY = 65_536;

/** The 404 message and the permission hint of GitHub's client. */
export function githubMessages(pr: GithubPullRequest): {
  notFound: string;
  permissionHint: string;
} {
  return {
    notFound: `PR #${pr.number} not found in ${pr.owner}/${pr.repo} (or the token cannot see it)`,
    permissionHint:
      'needs pull-requests: write (GitHub Actions: `permissions: pull-requests: write` on the job; a fine-grained token: Pull requests read and write)',
  };
}

interface GithubUser {
  readonly login?: unknown;
  readonly type?: unknown;
}

interface GithubComment {
  readonly id?: unknown;
  readonly body?: unknown;
  readonly user?: GithubUser | null;
  readonly in_reply_to_id?: unknown;
}

const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};

/** An id the API gave, when it is one (it goes into request paths). */
const numericId = (value: unknown): string | undefined =>
  (typeof value === 'number' && Number.isSafeInteger(value)) ||
  (typeof value === 'string' && /^\d+$/.test(value))
    ? String(value)
    : undefined;

/**
 * GitHub through its REST API: the sticky comment is an issue comment on the pull request;
 * review comments are pull request review comments on the head commit's lines.
 */
export function createGithubForge(pr: GithubPullRequest, client: ApiClient, logger: Logger): Forge {
  const repo = `/repos/${pr.owner}/${pr.repo}`;
  let commitId: string | undefined;
  let me: Promise<string | undefined> | undefined;

  /**
   * The token's user. GITHUB_TOKEN and app tokens cannot read /user (403): their comments
   * are then recognised as a bot's, which no person can post as.
   */
  const login = (): Promise<string | undefined> => {
    me ??= client.request({ method: 'GET', path: '/user', accept: [403] }).then((res) => {
      const name = res.status === 200 ? record(res.data).login : undefined;
      return typeof name === 'string' ? name : undefined;
    });
    return me;
  };
  const ours = async (user: GithubUser | null | undefined): Promise<boolean> => {
    const name = await login();
    return name === undefined ? user?.type === 'Bot' : user?.login === name;
  };
  const comments = async (path: string): Promise<GithubComment[]> => {
    const items = (await client.list(path)) as GithubComment[];
    const kept: GithubComment[] = [];
    for (const c of items) {
      if (typeof c.body === 'string' && (await ours(c.user))) kept.push(c);
    }
    return kept;
  };

  return {
    label: pullRequestLabel(pr),
    maxBodyLength: GITHUB_MAX_BODY,
    onFix: 'this comment is deleted once the finding is fixed',

    async listStickyComments(): Promise<ConversationComment[]> {
      const found = await comments(`${repo}/issues/${pr.number}/comments`);
      const sticky: ConversationComment[] = [];
      for (const c of found) {
        const id = numericId(c.id);
        if (id && isStickyBody(c.body as string)) sticky.push({ id, body: c.body as string });
      }
      return sticky;
    },

    async createComment(body: string): Promise<ConversationComment> {
      const res = await client.request({
        method: 'POST',
        path: `${repo}/issues/${pr.number}/comments`,
        body: { body },
      });
      const id = numericId(record(res.data).id);
      if (!id) throw new ForgeApiError(res.status, 'GitHub did not give the new comment an id');
      return { id, body };
    },

    async updateComment(id: string, body: string): Promise<void> {
      await client.request({
        method: 'PATCH',
        path: `${repo}/issues/comments/${id}`,
        body: { body },
      });
    },

    async deleteComment(id: string): Promise<void> {
      await client.request({
        method: 'DELETE',
        path: `${repo}/issues/comments/${id}`,
        accept: [404],
      });
    },

    async listReviewThreads(): Promise<ReviewThread[]> {
      const found = await comments(`${repo}/pulls/${pr.number}/comments`);
      const threads: ReviewThread[] = [];
      for (const c of found) {
        const id = numericId(c.id);
        const fingerprint = markedFingerprint(c.body as string);
        // A reply is part of someone's conversation, never a comment of ours to manage.
        if (id && fingerprint && c.in_reply_to_id == null)
          threads.push({ id, fingerprint, resolved: false });
      }
      return threads;
    },

    async reviewableDiff(): Promise<ReviewableDiff> {
      const res = await client.request({ method: 'GET', path: `${repo}/pulls/${pr.number}` });
      const head = record(record(res.data).head).sha;
      if (typeof head !== 'string')
        return { ok: false, reason: 'GitHub did not give the head commit' };
      if (pr.headSha !== undefined && head !== pr.headSha) {
        return {
          ok: false,
          reason: `the pull request has moved on to ${head.slice(0, 12)} since the commit scanned (${pr.headSha.slice(0, 12)}); the run for the new commit will comment on its lines`,
        };
      }
      commitId = head;
      const files: ChangedFile[] = [];
      for (const item of await client.list(`${repo}/pulls/${pr.number}/files`)) {
        const f = record(item);
        if (typeof f.filename !== 'string' || f.status === 'removed') continue;
        files.push({
          path: f.filename,
          oldPath: typeof f.previous_filename === 'string' ? f.previous_filename : f.filename,
          // No patch for binary files and very large diffs: nothing to comment on.
          added: typeof f.patch === 'string' ? addedLines(f.patch) : new Set(),
        });
      }
      return { ok: true, files };
    },

    async postReviewComment(file: ChangedFile, line: number, body: string): Promise<boolean> {
      if (commitId === undefined) throw new Error('reviewableDiff() must come first');
      const res = await client.request({
        method: 'POST',
        path: `${repo}/pulls/${pr.number}/comments`,
        body: { body, commit_id: commitId, path: file.path, line, side: 'RIGHT' },
        accept: [422],
      });
      if (res.status === 422) {
        logger.warn(
          `GitHub refused a review comment on ${visibleControls(file.path)}:${line} (HTTP 422); the finding is in the summary comment`,
        );
        return false;
      }
      return true;
    },

    async closeReviewThread(thread: ReviewThread): Promise<void> {
      await client.request({
        method: 'DELETE',
        path: `${repo}/pulls/comments/${thread.id}`,
        accept: [404],
      });
    },
  };
}
