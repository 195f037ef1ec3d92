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
import { type GitlabMergeRequest, pullRequestLabel } from './pr-context.js';

/** GitLab's limit on a note body. */
export const GITLAB_MAX_BODY = 1_000_000;

/** The 404 message and the permission hint of GitLab's client. */
export function gitlabMessages(mr: GitlabMergeRequest): {
  notFound: string;
  permissionHint: string;
} {
  return {
    notFound: `MR !${mr.iid} not found in ${mr.projectName} (or the token cannot see it)`,
    permissionHint:
      'needs a token with the api scope (a project access token, Reporter role to comment, Developer to resolve threads); CI_JOB_TOKEN cannot write merge request notes',
  };
}

const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};

/** An id the API gave, when it is one (it goes into request paths). */
const numericId = (value: unknown): string | undefined =>
  (typeof value === 'number' && Number.isSafeInteger(value)) ||
  (typeof value === 'string' && /^\d+$/.test(value))
    ? String(value)
    : undefined;

interface DiffRefs {
  readonly base_sha: string;
  readonly start_sha: string;
  readonly head_sha: string;
}

function diffRefs(value: unknown): DiffRefs | undefined {
  const refs = record(value);
  return typeof refs.base_sha === 'string' &&
    typeof refs.start_sha === 'string' &&
    typeof refs.head_sha === 'string'
    ? (refs as unknown as DiffRefs)
    : undefined;
}

/**
 * GitLab through its REST API (v4): the sticky comment is a merge request note; review
 * comments are diff discussions, resolved (not deleted) once their finding is fixed.
 */
export function createGitlabForge(
  mr: GitlabMergeRequest,
  client: ApiClient,
  logger: Logger,
): Forge {
  const base = `/projects/${encodeURIComponent(mr.projectId)}/merge_requests/${mr.iid}`;
  let refs: DiffRefs | undefined;
  let me: Promise<unknown> | undefined;
  /** The token's user id: only notes it wrote are ours. */
  const userId = (): Promise<unknown> => {
    me ??= client.request({ method: 'GET', path: '/user' }).then((res) => {
      const id = record(res.data).id;
      if (typeof id !== 'number' && typeof id !== 'string')
        throw new ForgeApiError(
          res.status,
          'GET /user: GitLab did not say who the token belongs to',
        );
      return id;
    });
    return me;
  };

  async function changedFiles(): Promise<unknown[]> {
    try {
      return await client.list(`${base}/diffs`);
    } catch (err) {
      // GitLab before 15.7 has no /diffs; the older /changes gives the same entries.
      if (!(err instanceof ForgeApiError) || err.status !== 404) throw err;
      const res = await client.request({ method: 'GET', path: `${base}/changes` });
      const changes = record(res.data).changes;
      return Array.isArray(changes) ? changes : [];
    }
  }

  return {
    label: pullRequestLabel(mr),
    maxBodyLength: GITLAB_MAX_BODY,
    onFix: 'this thread is resolved once the finding is fixed',

    async listStickyComments(): Promise<ConversationComment[]> {
      const id = await userId();
      const notes = await client.list(`${base}/notes?sort=asc&order_by=created_at`);
      const found: ConversationComment[] = [];
      for (const item of notes) {
        const note = record(item);
        if (note.system === true || typeof note.body !== 'string') continue;
        const noteId = numericId(note.id);
        if (!noteId || record(note.author).id !== id || !isStickyBody(note.body)) continue;
        found.push({ id: noteId, body: note.body });
      }
      return found;
    },

    async createComment(body: string): Promise<ConversationComment> {
      const res = await client.request({ method: 'POST', path: `${base}/notes`, body: { body } });
      const id = numericId(record(res.data).id);
      if (!id) throw new ForgeApiError(res.status, 'GitLab did not give the new note an id');
      return { id, body };
    },

    async updateComment(id: string, body: string): Promise<void> {
      await client.request({ method: 'PUT', path: `${base}/notes/${id}`, body: { body } });
    },

    async deleteComment(id: string): Promise<void> {
      await client.request({ method: 'DELETE', path: `${base}/notes/${id}`, accept: [404] });
    },

    async listReviewThreads(): Promise<ReviewThread[]> {
      const id = await userId();
      const threads: ReviewThread[] = [];
      for (const item of await client.list(`${base}/discussions`)) {
        const discussion = record(item);
        const notes = discussion.notes;
        const first = record(Array.isArray(notes) ? notes[0] : undefined);
        if (first.type !== 'DiffNote' || record(first.author).id !== id) continue;
        const fingerprint =
          typeof first.body === 'string' ? markedFingerprint(first.body) : undefined;
        const discussionId = discussion.id;
        if (!fingerprint || typeof discussionId !== 'string' || !/^[0-9a-f]+$/i.test(discussionId))
          continue;
        threads.push({ id: discussionId, fingerprint, resolved: first.resolved === true });
      }
      return threads;
    },

    async reviewableDiff(): Promise<ReviewableDiff> {
      const res = await client.request({ method: 'GET', path: base });
      const current = diffRefs(record(res.data).diff_refs);
      if (!current)
        return { ok: false, reason: 'GitLab did not give the merge request’s diff refs' };
      if (mr.headSha !== undefined && current.head_sha !== mr.headSha) {
        return {
          ok: false,
          reason: `the merge request has moved on to ${current.head_sha.slice(0, 12)} since the commit scanned (${mr.headSha.slice(0, 12)}); the pipeline of the new commit will comment on its lines`,
        };
      }
      refs = current;
      const files: ChangedFile[] = [];
      for (const item of await changedFiles()) {
        const d = record(item);
        if (typeof d.new_path !== 'string' || d.deleted_file === true) continue;
        files.push({
          path: d.new_path,
          oldPath: typeof d.old_path === 'string' ? d.old_path : d.new_path,
          added: typeof d.diff === 'string' ? addedLines(d.diff) : new Set(),
        });
      }
      return { ok: true, files };
    },

    async postReviewComment(file: ChangedFile, line: number, body: string): Promise<boolean> {
      if (refs === undefined) throw new Error('reviewableDiff() must come first');
      const res = await client.request({
        method: 'POST',
        path: `${base}/discussions`,
        body: {
          body,
          position: {
            position_type: 'text',
            base_sha: refs.base_sha,
            start_sha: refs.start_sha,
            head_sha: refs.head_sha,
            old_path: file.oldPath,
            new_path: file.path,
            new_line: line,
          },
        },
        accept: [400, 422],
      });
      if (res.status === 400 || res.status === 422) {
        logger.warn(
          `GitLab refused a review comment on ${visibleControls(file.path)}:${line} (HTTP ${res.status}); the finding is in the summary comment`,
        );
        return false;
      }
      return true;
    },

    async closeReviewThread(thread: ReviewThread): Promise<void> {
      if (thread.resolved) return;
      await client.request({
        method: 'PUT',
        path: `${base}/discussions/${thread.id}`,
        body: { resolved: true },
        accept: [404],
      });
    },
  };
}
