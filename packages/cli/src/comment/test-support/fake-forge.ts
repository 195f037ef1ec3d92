import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A user of the fake forge. */
export interface FakeUser {
  readonly id: number;
  readonly login: string;
  readonly type: 'User' | 'Bot';
  /** GitHub App and GITHUB_TOKEN installation tokens cannot read `GET /user` (403). */
  readonly integration?: boolean;
}

/** A request as the fake forge saw it; the credential headers are never kept. */
export interface RecordedRequest {
  readonly method: string;
  /** Path and query, as sent. */
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** `Bearer`, `PRIVATE-TOKEN` or `none`: how the client authenticated. */
  readonly auth: string;
  readonly body: unknown;
}

/** A changed file of a pull request, with its unified diff. */
export interface FakeFile {
  readonly path: string;
  readonly oldPath?: string;
  readonly patch: string;
  readonly deleted?: boolean;
}

/** A canned answer to requests matching `method` and `path`, for `times` requests. */
export interface Fault {
  readonly method?: string;
  readonly path: RegExp;
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
  times: number;
}

interface Comment {
  id: number;
  body: string;
  user: FakeUser;
  created_at: string;
}

interface ReviewComment extends Comment {
  path: string;
  line: number;
  side: string;
  commit_id: string;
  in_reply_to_id?: number;
}

interface Discussion {
  id: string;
  individual_note: boolean;
  notes: {
    id: number;
    type: 'DiffNote' | null;
    body: string;
    author: { id: number; username: string };
    system: boolean;
    resolvable: boolean;
    resolved: boolean;
    position?: unknown;
  }[];
}

/** A pull (merge) request of the fake forge. */
export interface FakePull {
  readonly number: number;
  headSha: string;
  readonly baseSha: string;
  readonly startSha: string;
  files: FakeFile[];
}

/** The fake forge: state in memory, every request recorded. */
export interface FakeForge {
  /** `http://127.0.0.1:<port>`: GitHub's API root, and GitLab's is `${url}/api/v4`. */
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Listings return at most this many items a page (GitHub and GitLab allow 100). */
  pageSize: number;
  readonly faults: Fault[];
  /** GitLab answers 404 on `/diffs`, as before 15.7. */
  gitlabWithoutDiffs: boolean;
  /** Requests are answered only after this promise settles (timeouts). */
  hold: Promise<void> | undefined;
  addUser(token: string, user: FakeUser): void;
  addPull(pull: FakePull): FakePull;
  /** GitHub issue comments or GitLab notes (not those of diff threads) of a pull request. */
  conversation(
    platform: 'github' | 'gitlab',
    pull: number,
  ): { id: number; body: string; author: string }[];
  /** Posts a conversation comment as `user`, as a person would. */
  comment(platform: 'github' | 'gitlab', pull: number, user: FakeUser, body: string): number;
  /** GitHub review comments of a pull request. */
  reviewComments(pull: number): ReviewComment[];
  /** GitHub: posts a review comment as `user`. */
  reviewComment(
    pull: number,
    user: FakeUser,
    fields: { body: string; path: string; line: number; inReplyTo?: number },
  ): number;
  /** GitLab diff discussions of a merge request. */
  discussions(pull: number): Discussion[];
  close(): Promise<void>;
}

/** The GitHub repository and the GitLab project id the fake forge serves. */
export const FAKE_REPOSITORY = 'acme/shop';
export const FAKE_PROJECT_ID = '42';

/** The new-side lines a hunk shows (its range from the header), as the forges check a position. */
function diffLines(patch: string): Set<number> {
  const lines = new Set<number>();
  for (const m of patch.matchAll(/^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/gm)) {
    const start = Number(m[1]);
    const count = m[2] === undefined ? 1 : Number(m[2]);
    for (let i = 0; i < count; i++) lines.add(start + i);
  }
  return lines;
}

/** What a route answers. */
interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Record<string, string> | undefined;
}

const reply = (status: number, body: unknown, headers?: Record<string, string>): Answer => ({
  status,
  body,
  headers,
});

function send(res: ServerResponse, answer: Answer): void {
  const text = answer.body === undefined ? '' : JSON.stringify(answer.body);
  res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers }).end(text);
}

/**
 * Starts a loopback HTTP server on 127.0.0.1 that imitates the parts of GitHub's and GitLab's
 * REST APIs `rampart comment` uses, keeps comments, notes and discussions in memory, records
 * every request (without credentials), paginates, and answers with injected faults.
 */
export async function startFakeForge(): Promise<FakeForge> {
  const users = new Map<string, FakeUser>();
  const pulls = new Map<number, FakePull>();
  const comments = new Map<number, Comment[]>();
  const reviews = new Map<number, ReviewComment[]>();
  const discussions = new Map<number, Discussion[]>();
  let nextId = 1000;
  let clock = Date.parse('2026-03-01T10:00:00Z');
  const stamp = () => {
    clock += 1000;
    return new Date(clock).toISOString();
  };

  const page = <T>(url: URL, items: readonly T[], style: 'github' | 'gitlab'): Answer => {
    const size = Math.min(Number(url.searchParams.get('per_page') ?? 20), forge.pageSize);
    const n = Number(url.searchParams.get('page') ?? 1);
    const slice = items.slice((n - 1) * size, n * size);
    const last = Math.max(1, Math.ceil(items.length / size));
    const headers: Record<string, string> = {};
    if (style === 'github') {
      const link = (p: number, rel: string) => {
        const u = new URL(url);
        u.searchParams.set('page', String(p));
        return `<${forge.url}${u.pathname}${u.search}>; rel="${rel}"`;
      };
      const links = [];
      if (n < last) links.push(link(n + 1, 'next'), link(last, 'last'));
      if (n > 1) links.push(link(1, 'first'), link(n - 1, 'prev'));
      if (links.length > 0) headers.link = links.join(', ');
    } else {
      headers['x-page'] = String(n);
      headers['x-per-page'] = String(size);
      headers['x-total'] = String(items.length);
      headers['x-total-pages'] = String(last);
      headers['x-next-page'] = n < last ? String(n + 1) : '';
    }
    return reply(200, slice, headers);
  };

  const githubRoute = (
    method: string,
    parts: string[],
    url: URL,
    user: FakeUser,
    body: Record<string, unknown>,
  ): Answer => {
    if (parts[0] === 'user' && parts.length === 1) {
      if (user.integration)
        return reply(403, { message: 'Resource not accessible by integration' });
      return reply(200, { login: user.login, id: user.id, type: user.type });
    }
    const [, owner, repo, kind, a, b] = parts;
    if (parts[0] !== 'repos' || `${owner}/${repo}` !== FAKE_REPOSITORY)
      return reply(404, { message: 'Not Found' });
    const view = (c: Comment) => ({
      ...c,
      user: { login: c.user.login, id: c.user.id, type: c.user.type },
    });
    if (kind === 'issues' && a === 'comments' && b !== undefined) {
      const all = [...comments.values()].flat();
      const c = all.find((x) => x.id === Number(b));
      if (!c) return reply(404, { message: 'Not Found' });
      if (c.user.id !== user.id) return reply(403, { message: 'Must have admin rights' });
      if (method === 'PATCH') {
        c.body = String(body.body);
        return reply(200, view(c));
      }
      if (method === 'DELETE') {
        for (const list of comments.values()) {
          const i = list.indexOf(c);
          if (i >= 0) list.splice(i, 1);
        }
        return reply(204, undefined);
      }
    }
    if (kind === 'pulls' && a === 'comments' && b !== undefined && method === 'DELETE') {
      for (const list of reviews.values()) {
        const i = list.findIndex((x) => x.id === Number(b));
        if (i >= 0) {
          if (list[i]?.user.id !== user.id)
            return reply(403, { message: 'Must have admin rights' });
          list.splice(i, 1);
          return reply(204, undefined);
        }
      }
      return reply(404, { message: 'Not Found' });
    }
    const pull = pulls.get(Number(a));
    if (!pull) return reply(404, { message: 'Not Found' });
    if (kind === 'issues' && b === 'comments') {
      const list = comments.get(pull.number) ?? [];
      comments.set(pull.number, list);
      if (method === 'GET') return page(url, list.map(view), 'github');
      if (method === 'POST') {
        const c: Comment = { id: nextId++, body: String(body.body), user, created_at: stamp() };
        list.push(c);
        return reply(201, view(c));
      }
    }
    if (kind === 'pulls' && b === undefined && method === 'GET')
      return reply(200, {
        number: pull.number,
        head: { sha: pull.headSha },
        base: { sha: pull.baseSha },
      });
    if (kind === 'pulls' && b === 'files' && method === 'GET') {
      return page(
        url,
        pull.files.map((f) => ({
          filename: f.path,
          status: f.deleted ? 'removed' : f.oldPath ? 'renamed' : 'modified',
          ...(f.oldPath ? { previous_filename: f.oldPath } : {}),
          patch: f.patch,
        })),
        'github',
      );
    }
    if (kind === 'pulls' && b === 'comments') {
      const list = reviews.get(pull.number) ?? [];
      reviews.set(pull.number, list);
      if (method === 'GET') return page(url, list.map(view), 'github');
      if (method === 'POST') {
        const file = pull.files.find((f) => f.path === body.path);
        if (
          body.commit_id !== pull.headSha ||
          body.side !== 'RIGHT' ||
          !file ||
          !diffLines(file.patch).has(Number(body.line))
        )
          return reply(422, {
            message: 'Validation Failed',
            errors: ['line must be part of the diff'],
          });
        const c: ReviewComment = {
          id: nextId++,
          body: String(body.body),
          user,
          created_at: stamp(),
          path: file.path,
          line: Number(body.line),
          side: 'RIGHT',
          commit_id: pull.headSha,
        };
        list.push(c);
        return reply(201, view(c));
      }
    }
    return reply(404, { message: 'Not Found' });
  };

  const gitlabRoute = (
    method: string,
    parts: string[],
    url: URL,
    user: FakeUser,
    body: Record<string, unknown>,
  ): Answer => {
    if (parts[0] === 'user' && parts.length === 1)
      return reply(200, { id: user.id, username: user.login });
    const [projects, project, mrs, iid, kind, id, extra] = parts;
    if (projects !== 'projects' || mrs !== 'merge_requests' || extra !== undefined)
      return reply(404, { message: '404 Not found' });
    if (
      decodeURIComponent(project ?? '') !== FAKE_PROJECT_ID &&
      decodeURIComponent(project ?? '') !== FAKE_REPOSITORY
    )
      return reply(404, { message: '404 Project Not Found' });
    const pull = pulls.get(Number(iid));
    if (!pull) return reply(404, { message: '404 Not found' });
    const author = { id: user.id, username: user.login };
    const list = discussions.get(pull.number) ?? [];
    discussions.set(pull.number, list);
    const diffRefs = { base_sha: pull.baseSha, start_sha: pull.startSha, head_sha: pull.headSha };
    const diffs = () =>
      pull.files.map((f) => ({
        old_path: f.oldPath ?? f.path,
        new_path: f.path,
        diff: f.patch,
        new_file: false,
        renamed_file: f.oldPath !== undefined,
        deleted_file: f.deleted === true,
      }));
    if (kind === undefined && method === 'GET')
      return reply(200, { iid: pull.number, sha: pull.headSha, diff_refs: diffRefs });
    if (kind === 'diffs' && method === 'GET') {
      if (forge.gitlabWithoutDiffs) return reply(404, { error: '404 Not Found' });
      return page(url, diffs(), 'gitlab');
    }
    if (kind === 'changes' && method === 'GET')
      return reply(200, { iid: pull.number, diff_refs: diffRefs, changes: diffs() });
    if (kind === 'notes') {
      const notes = list.filter((d) => d.individual_note).map((d) => d.notes[0]);
      if (method === 'GET' && id === undefined) {
        const all = list.flatMap((d) => d.notes);
        return page(url, all, 'gitlab');
      }
      if (method === 'POST' && id === undefined) {
        const note = {
          id: nextId++,
          type: null,
          body: String(body.body),
          author,
          system: false,
          resolvable: false,
          resolved: false,
        };
        list.push({
          id: (nextId++).toString(16).padStart(40, 'c'),
          individual_note: true,
          notes: [note],
        });
        return reply(201, note);
      }
      const note = notes.find((n) => n?.id === Number(id));
      if (!note) return reply(404, { message: '404 Not found' });
      if (note.author.id !== user.id) return reply(403, { message: '403 Forbidden' });
      if (method === 'PUT') {
        note.body = String(body.body);
        return reply(200, note);
      }
      if (method === 'DELETE') {
        const i = list.findIndex((d) => d.notes[0] === note);
        list.splice(i, 1);
        return reply(204, undefined);
      }
    }
    if (kind === 'discussions') {
      if (method === 'GET' && id === undefined) return page(url, list, 'gitlab');
      if (method === 'POST' && id === undefined) {
        const position = (body.position ?? {}) as Record<string, unknown>;
        const file = pull.files.find((f) => f.path === position.new_path);
        const valid =
          position.position_type === 'text' &&
          position.base_sha === pull.baseSha &&
          position.start_sha === pull.startSha &&
          position.head_sha === pull.headSha &&
          file !== undefined &&
          position.old_path === (file.oldPath ?? file.path) &&
          diffLines(file.patch).has(Number(position.new_line));
        if (!valid)
          return reply(400, {
            message: '400 Bad request - Note {:line_code=>["can\'t be blank"]}',
          });
        const discussion: Discussion = {
          id: (nextId++).toString(16).padStart(40, 'a'),
          individual_note: false,
          notes: [
            {
              id: nextId++,
              type: 'DiffNote',
              body: String(body.body),
              author,
              system: false,
              resolvable: true,
              resolved: false,
              position,
            },
          ],
        };
        list.push(discussion);
        return reply(201, discussion);
      }
      const discussion = list.find((d) => d.id === id);
      if (!discussion) return reply(404, { message: '404 Not found' });
      if (method === 'PUT') {
        for (const n of discussion.notes)
          n.resolved = body.resolved === true || body.resolved === 'true';
        return reply(200, discussion);
      }
    }
    return reply(404, { message: '404 Not found' });
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = text === '' ? undefined : JSON.parse(text);
      } catch {
        body = text;
      }
      const { authorization, 'private-token': privateToken, ...headers } = req.headers;
      const method = req.method ?? 'GET';
      const path = req.url ?? '/';
      forge.requests.push({
        method,
        path,
        headers,
        auth: authorization?.startsWith('Bearer ')
          ? 'Bearer'
          : privateToken
            ? 'PRIVATE-TOKEN'
            : 'none',
        body,
      });
      if (forge.hold) await forge.hold;
      if (res.destroyed) return;
      const url = new URL(path, forge.url);
      const fault = forge.faults.find(
        (f) =>
          f.times > 0 &&
          (f.method === undefined || f.method === method) &&
          f.path.test(url.pathname),
      );
      if (fault) {
        fault.times--;
        return send(
          res,
          reply(fault.status, fault.body ?? { message: `fault ${fault.status}` }, fault.headers),
        );
      }
      const gitlab = url.pathname.startsWith('/api/v4/');
      const token = gitlab ? privateToken : authorization?.replace(/^Bearer /, '');
      const user = typeof token === 'string' ? users.get(token) : undefined;
      if (!user)
        return send(res, reply(401, { message: gitlab ? '401 Unauthorized' : 'Bad credentials' }));
      // Split before decoding: GitLab project paths arrive as group%2Fproject.
      const parts = url.pathname
        .replace(/^\/api\/v4/, '')
        .split('/')
        .filter(Boolean);
      const fields = (typeof body === 'object' && body !== null ? body : {}) as Record<
        string,
        unknown
      >;
      send(
        res,
        gitlab
          ? gitlabRoute(method, parts, url, user, fields)
          : githubRoute(method, parts, url, user, fields),
      );
    });
  });

  const forge: FakeForge = {
    url: '',
    requests: [],
    pageSize: 100,
    faults: [],
    gitlabWithoutDiffs: false,
    hold: undefined,
    addUser: (token, user) => {
      users.set(token, user);
    },
    addPull: (pull) => {
      pulls.set(pull.number, pull);
      return pull;
    },
    conversation: (platform, n) =>
      platform === 'github'
        ? (comments.get(n) ?? []).map((c) => ({ id: c.id, body: c.body, author: c.user.login }))
        : (discussions.get(n) ?? [])
            .filter((d) => d.individual_note)
            .flatMap((d) =>
              d.notes.map((x) => ({ id: x.id, body: x.body, author: x.author.username })),
            ),
    comment: (platform, n, user, body) => {
      const id = nextId++;
      if (platform === 'github') {
        const list = comments.get(n) ?? [];
        comments.set(n, list);
        list.push({ id, body, user, created_at: stamp() });
        return id;
      }
      const notes = discussions.get(n) ?? [];
      discussions.set(n, notes);
      notes.push({
        id: id.toString(16).padStart(40, 'b'),
        individual_note: true,
        notes: [
          {
            id,
            type: null,
            body,
            author: { id: user.id, username: user.login },
            system: false,
            resolvable: false,
            resolved: false,
          },
        ],
      });
      return id;
    },
    reviewComments: (n) => reviews.get(n) ?? [],
    reviewComment: (n, user, fields) => {
      const id = nextId++;
      const list = reviews.get(n) ?? [];
      reviews.set(n, list);
      list.push({
        id,
        body: fields.body,
        user,
        created_at: stamp(),
        path: fields.path,
        line: fields.line,
        side: 'RIGHT',
        commit_id: pulls.get(n)?.headSha ?? '',
        ...(fields.inReplyTo === undefined ? {} : { in_reply_to_id: fields.inReplyTo }),
      });
      return id;
    },
    discussions: (n) => (discussions.get(n) ?? []).filter((d) => !d.individual_note),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  (forge as { url: string }).url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return forge;
}
