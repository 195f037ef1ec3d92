import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import { ApiError } from '../api-error.js';
import { recordAudit } from '../auth/audit.js';
import { notFound } from '../auth/input.js';
import { ExpertiseTagSchema } from '../champions/champion-store.js';
import type { HubDatabase } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { enqueueWebhookEvents } from '../webhooks/outbox.js';
import { questionLink } from '../webhooks/payload.js';
import { webhookDb } from '../webhooks/tables.js';
import { reindexQuestion, textMatches } from './desk-search.js';
import { getDeskSettings } from './desk-settings.js';
import { markdownExcerpt, renderMarkdown } from './markdown.js';
import {
  type DeskDatabase,
  type DeskQuestionTable,
  deskDb,
  type EscalationReason,
  type PostKind,
  type QuestionStatus,
} from './tables.js';

/** At most this many tags per question. */
export const MAX_QUESTION_TAGS = 8;
/** The longest title. */
export const MAX_TITLE_CHARS = 200;
/** The longest body of a question, an answer or a follow-up (markdown). */
export const MAX_BODY_CHARS = 20_000;
/** A question's tag: the shape of a champion's expertise tag (`owasp-top-10`). */
export const QuestionTagSchema = ExpertiseTagSchema;
/** A list of tags. */
export const QuestionTagsSchema = z
  .array(QuestionTagSchema)
  .max(MAX_QUESTION_TAGS)
  .transform((tags) => [...new Set(tags)].sort());

const HOUR = 60 * 60_000;
const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());
type Tx = Kysely<Database>;

/** 409 QUESTION_CLOSED: reopen it first. */
function closedError(): ApiError {
  return new ApiError(409, 'QUESTION_CLOSED', 'the question is closed: reopen it first');
}

// ---------------------------------------------------------------------------------------
// Asking

/** What a question is about, as the asker links it. */
export interface QuestionLinks {
  readonly teamId?: string | undefined;
  readonly projectId?: string | undefined;
  readonly findingId?: string | undefined;
}

/**
 * The team, project and finding of a new question: the linked finding's project, the
 * linked project's team, else the team given. 400 VALIDATION naming the field when a link
 * does not exist, when they disagree, or when nothing names a team. (Whether the asker may
 * see the team is the caller's check: it must answer as if the link did not exist.)
 */
export async function resolveQuestionLinks(
  database: HubDatabase,
  links: QuestionLinks,
): Promise<{ teamId: string; projectId: string | null; findingId: string | null }> {
  const db = database.db;
  let projectId = links.projectId ?? null;
  if (links.findingId !== undefined) {
    const finding = await db
      .selectFrom('findings')
      .select('project_id')
      .where('id', '=', links.findingId)
      .executeTakeFirst();
    if (finding === undefined) throw badLink('findingId', 'no such finding');
    if (projectId !== null && projectId !== finding.project_id)
      throw badLink('projectId', 'the finding belongs to another project');
    projectId = finding.project_id;
  }
  let teamId = links.teamId ?? null;
  if (projectId !== null) {
    const project = await db
      .selectFrom('projects')
      .select('team_id')
      .where('id', '=', projectId)
      .executeTakeFirst();
    if (project === undefined) throw badLink('projectId', 'no such project');
    if (teamId !== null && teamId !== project.team_id)
      throw badLink('teamId', 'the project belongs to another team');
    teamId = project.team_id;
  }
  if (teamId === null) throw badLink('teamId', 'required (or link a project or finding)');
  const team = await db
    .selectFrom('teams')
    .select('id')
    .where('id', '=', teamId)
    .executeTakeFirst();
  if (team === undefined) throw badLink('teamId', 'no such team');
  return { teamId, projectId, findingId: links.findingId ?? null };
}

/** 400 VALIDATION naming a body field. */
export function badLink(field: string, message: string): ApiError {
  return new ApiError(400, 'VALIDATION', `body.${field}: ${message}`);
}

/** What {@link askQuestion} stores. */
export interface NewQuestion {
  readonly teamId: string;
  readonly projectId: string | null;
  readonly findingId: string | null;
  readonly authorId: string;
  readonly title: string;
  readonly body: string;
  readonly tags: readonly string[];
  readonly private: boolean;
  readonly now: number;
}

/** Whether the team has a champion whose account is enabled. */
async function hasChampion(db: Tx, teamId: string): Promise<boolean> {
  const row = await db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select('m.user_id')
    .where('m.team_id', '=', teamId)
    .where('m.role', '=', 'champion')
    .where('u.disabled', '=', 0)
    .executeTakeFirst();
  return row !== undefined;
}

/** Queues `question.escalated` for a question, in the caller's transaction. */
async function notifyEscalation(
  db: Tx,
  question: Pick<DeskQuestionTable, 'id' | 'team_id' | 'title' | 'created_at'>,
  reason: EscalationReason,
  now: number,
): Promise<number> {
  const team = await db
    .selectFrom('teams')
    .select(['id', 'slug', 'name'])
    .where('id', '=', question.team_id)
    .executeTakeFirst();
  if (team === undefined) return 0;
  const createdAt = Number(question.created_at);
  return enqueueWebhookEvents(
    webhookDb(db),
    [
      {
        event: {
          event: 'question.escalated',
          occurredAt: new Date(now).toISOString(),
          team,
          question: {
            id: question.id,
            title: question.title,
            askedAt: new Date(createdAt).toISOString(),
            ageHours: Math.floor((now - createdAt) / HOUR),
            reason,
          },
          link: questionLink(question.id),
        },
        teamId: team.id,
      },
    ],
    now,
  );
}

/**
 * Stores a new question, routed to its team's champions (`open`), or escalated at once
 * (reason `no_champion`, with a `question.escalated` notification) when the team has no
 * enabled champion. Audit-logged; indexed for search; one transaction. Returns its id.
 */
export async function askQuestion(
  database: HubDatabase,
  input: NewQuestion,
): Promise<{ id: string; status: QuestionStatus }> {
  const id = randomUUID();
  return database.db.transaction().execute(async (trx) => {
    const db = deskDb(trx);
    const routed = await hasChampion(trx, input.teamId);
    const row: DeskQuestionTable = {
      id,
      team_id: input.teamId,
      author_id: input.authorId,
      title: input.title,
      body: input.body,
      project_id: input.projectId,
      finding_id: input.findingId,
      status: routed ? 'open' : 'escalated',
      private: input.private ? 1 : 0,
      created_at: input.now,
      updated_at: input.now,
      waiting_since: input.now,
      escalated_at: routed ? null : input.now,
      escalation_reason: routed ? null : 'no_champion',
      answered_at: null,
      accepted_answer_id: null,
      closed_at: null,
    };
    await db.insertInto('desk_questions').values(row).execute();
    const tags = [...new Set(input.tags)];
    if (tags.length > 0)
      await db
        .insertInto('desk_question_tags')
        .values(tags.map((tag) => ({ question_id: id, tag })))
        .execute();
    await reindexQuestion(db, database.dialect, id);
    await recordAudit(trx, input.now, {
      actorId: input.authorId,
      action: 'desk.question.ask',
      targetType: 'desk_question',
      targetId: id,
      data: { teamId: input.teamId, tags, private: input.private, status: row.status },
    });
    if (!routed) {
      await recordAudit(trx, input.now, {
        actorId: null,
        action: 'desk.question.escalate',
        targetType: 'desk_question',
        targetId: id,
        data: { teamId: input.teamId, reason: 'no_champion' },
      });
      await notifyEscalation(trx, row, 'no_champion', input.now);
    }
    return { id, status: row.status };
  });
}

// ---------------------------------------------------------------------------------------
// Reading

/** A person, as the desk shows them. */
export interface DeskPerson {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
}

/** A question, as the list shows it (no body). */
export interface QuestionSummary {
  readonly id: string;
  readonly teamId: string;
  readonly teamName: string;
  readonly title: string;
  readonly tags: readonly string[];
  readonly status: QuestionStatus;
  readonly private: boolean;
  readonly author: DeskPerson | null;
  readonly answerCount: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly waitingSince: string;
  readonly escalatedAt: string | null;
  readonly escalationReason: EscalationReason | null;
  readonly answeredAt: string | null;
  readonly closedAt: string | null;
  /** Search relevance (higher: better), when the list was searched. */
  readonly rank?: number;
}

/** An answer or a follow-up. */
export interface DeskPost {
  readonly id: string;
  readonly kind: PostKind;
  readonly author: DeskPerson | null;
  readonly body: string;
  readonly bodyHtml: string;
  readonly accepted: boolean;
  readonly createdAt: string;
  readonly editedAt: string | null;
}

/** A question with everything about it. */
export interface QuestionDetail extends QuestionSummary {
  readonly body: string;
  readonly bodyHtml: string;
  /** Null, and `linksHidden` true, for a reader from outside the team. */
  readonly projectId: string | null;
  readonly findingId: string | null;
  readonly linksHidden: boolean;
  readonly acceptedAnswerId: string | null;
  readonly answers: readonly DeskPost[];
  readonly followUps: readonly DeskPost[];
}

/** The facts the access rules need, or undefined when there is no such question. */
export async function questionFacts(
  database: HubDatabase,
  questionId: string,
): Promise<
  | {
      teamId: string;
      authorId: string | null;
      inKnowledgeBase: boolean;
      status: QuestionStatus;
    }
  | undefined
> {
  const row = await deskDb(database.db)
    .selectFrom('desk_questions')
    .select(['team_id', 'author_id', 'accepted_answer_id', 'private', 'status'])
    .where('id', '=', questionId)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  return {
    teamId: row.team_id,
    authorId: row.author_id,
    inKnowledgeBase: row.accepted_answer_id !== null && Number(row.private) === 0,
    status: row.status,
  };
}

function summaryQuery(db: Kysely<DeskDatabase>) {
  return db
    .selectFrom('desk_questions as q')
    .innerJoin('teams as t', 't.id', 'q.team_id')
    .leftJoin('users as u', 'u.id', 'q.author_id')
    .select([
      'q.id',
      'q.team_id',
      't.name as team_name',
      'q.title',
      'q.status',
      'q.private',
      'q.author_id',
      'u.username',
      'u.display_name',
      'q.created_at',
      'q.updated_at',
      'q.waiting_since',
      'q.escalated_at',
      'q.escalation_reason',
      'q.answered_at',
      'q.closed_at',
      sql<number>`(select count(*) from desk_answers a where a.question_id = q.id and a.kind = 'answer')`.as(
        'answer_count',
      ),
    ]);
}
type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaryQuery>['execute']>>[number];

async function tagsOf(db: Kysely<DeskDatabase>, ids: readonly string[]) {
  const out = new Map<string, string[]>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('desk_question_tags')
    .select(['question_id', 'tag'])
    .where('question_id', 'in', [...ids])
    .execute();
  for (const r of rows) out.set(r.question_id, [...(out.get(r.question_id) ?? []), r.tag]);
  for (const list of out.values()) list.sort();
  return out;
}

function summaryOf(row: SummaryRow, tags: readonly string[], rank?: unknown): QuestionSummary {
  return {
    id: row.id,
    teamId: row.team_id,
    teamName: row.team_name,
    title: row.title,
    tags,
    status: row.status,
    private: Number(row.private) === 1,
    author:
      row.author_id === null || row.username === null
        ? null
        : { id: row.author_id, username: row.username, displayName: row.display_name ?? '' },
    answerCount: Number(row.answer_count),
    createdAt: iso(row.created_at) as string,
    updatedAt: iso(row.updated_at) as string,
    waitingSince: iso(row.waiting_since) as string,
    escalatedAt: iso(row.escalated_at),
    escalationReason: row.escalation_reason,
    answeredAt: iso(row.answered_at),
    closedAt: iso(row.closed_at),
    ...(rank === undefined ? {} : { rank: Number(rank) }),
  };
}

/**
 * A question with its answers and follow-ups (oldest first), bodies raw and rendered.
 * `view: 'public'` hides the project and finding links. Undefined when there is none.
 */
export async function getQuestion(
  database: HubDatabase,
  questionId: string,
  view: 'full' | 'public',
): Promise<QuestionDetail | undefined> {
  const db = deskDb(database.db);
  const row = await summaryQuery(db)
    .select(['q.body', 'q.project_id', 'q.finding_id', 'q.accepted_answer_id'])
    .where('q.id', '=', questionId)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  const posts = await db
    .selectFrom('desk_answers as a')
    .leftJoin('users as u', 'u.id', 'a.author_id')
    .select([
      'a.id',
      'a.kind',
      'a.body',
      'a.author_id',
      'u.username',
      'u.display_name',
      'a.created_at',
      'a.edited_at',
    ])
    .where('a.question_id', '=', questionId)
    .orderBy('a.created_at')
    .orderBy('a.id')
    .execute();
  const shown: DeskPost[] = posts.map((p) => ({
    id: p.id,
    kind: p.kind,
    author:
      p.author_id === null || p.username === null
        ? null
        : { id: p.author_id, username: p.username, displayName: p.display_name ?? '' },
    body: p.body,
    bodyHtml: renderMarkdown(p.body),
    accepted: p.id === row.accepted_answer_id,
    createdAt: iso(p.created_at) as string,
    editedAt: iso(p.edited_at),
  }));
  const hide = view === 'public';
  return {
    ...summaryOf(row, (await tagsOf(db, [row.id])).get(row.id) ?? []),
    body: row.body,
    bodyHtml: renderMarkdown(row.body),
    projectId: hide ? null : row.project_id,
    findingId: hide ? null : row.finding_id,
    linksHidden: hide,
    acceptedAnswerId: row.accepted_answer_id,
    answers: shown.filter((p) => p.kind === 'answer'),
    followUps: shown.filter((p) => p.kind === 'follow_up'),
  };
}

/** Who is listing: what they may read, and who "me" is. */
export interface DeskReader {
  readonly userId: string;
  /** Admin, security or auditor: reads every team. */
  readonly orgReader: boolean;
  /** Security or admin: escalated questions wait for them. */
  readonly security: boolean;
  /** The reader's teams. */
  readonly teamIds: readonly string[];
  /** The teams where the reader is a champion. */
  readonly championOf: readonly string[];
}

/** Filters of {@link listQuestions}. */
export interface QuestionFilters {
  readonly status?: readonly QuestionStatus[] | undefined;
  readonly teamId?: string | undefined;
  readonly tag?: string | undefined;
  /** Only the reader's own questions. */
  readonly mine?: boolean | undefined;
  /**
   * Only questions waiting for the reader: without an answer since they started waiting,
   * open in a team the reader champions, or escalated when the reader is security/admin.
   */
  readonly waitingForMe?: boolean | undefined;
  /** Full text (see desk-search.ts for the syntax); ranked when given. */
  readonly q?: string | undefined;
  /** Only the knowledge base: answered (accepted) and not private. */
  readonly knowledgeBase?: boolean | undefined;
  readonly limit: number;
  readonly offset: number;
}

/** A page of questions. */
export interface QuestionPage {
  readonly questions: readonly QuestionSummary[];
  /** The offset of the next page; null on the last. */
  readonly nextOffset: number | null;
}

/** No answer since the question started waiting (an answer is a champion's or security's). */
const unansweredOf = (table: 'q' | 'desk_questions') =>
  sql<boolean>`not exists (select 1 from desk_answers wa where wa.question_id = ${sql.ref(`${table}.id`)} and wa.kind = 'answer' and wa.created_at >= ${sql.ref(`${table}.waiting_since`)})`;
const unanswered = unansweredOf('q');

/**
 * The questions a reader may see (their teams', every team's for org readers, and the
 * knowledge base's), filtered; ranked by relevance when searched, oldest waiting first for
 * `waitingForMe`, newest first otherwise. A query with nothing to search for matches none.
 */
export async function listQuestions(
  database: HubDatabase,
  reader: DeskReader,
  filters: QuestionFilters,
): Promise<QuestionPage> {
  const db = deskDb(database.db);
  const inKb = sql<boolean>`(q.accepted_answer_id is not null and q.private = 0)`;
  let query = summaryQuery(db);
  if (filters.knowledgeBase) query = query.where(inKb);
  else if (!reader.orgReader) {
    const teams = reader.teamIds;
    query = query.where((eb) =>
      teams.length === 0 ? inKb : eb.or([eb('q.team_id', 'in', [...teams]), inKb]),
    );
  }
  if (filters.status !== undefined && filters.status.length > 0)
    query = query.where('q.status', 'in', [...filters.status]);
  if (filters.teamId !== undefined) query = query.where('q.team_id', '=', filters.teamId);
  if (filters.mine) query = query.where('q.author_id', '=', reader.userId);
  if (filters.tag !== undefined) {
    const tag = filters.tag;
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('desk_question_tags as qt')
          .select('qt.tag')
          .whereRef('qt.question_id', '=', 'q.id')
          .where('qt.tag', '=', tag),
      ),
    );
  }
  if (filters.waitingForMe) {
    const champ = reader.championOf;
    query = query.where(unanswered).where((eb) => {
      const arms = [];
      if (champ.length > 0)
        arms.push(eb.and([eb('q.status', '=', 'open'), eb('q.team_id', 'in', [...champ])]));
      if (reader.security) arms.push(eb('q.status', '=', 'escalated'));
      return arms.length === 0 ? sql<boolean>`1 = 0` : eb.or(arms);
    });
  }
  let rows: (SummaryRow & { rank?: unknown })[];
  const fetch = filters.limit + 1;
  if (filters.q !== undefined) {
    const matches = textMatches(database.dialect, filters.q);
    if (matches === undefined) return { questions: [], nextOffset: null };
    rows = await query
      .innerJoin(matches.as('m'), 'm.question_id', 'q.id')
      .select('m.rank')
      .orderBy('m.rank', 'desc')
      .orderBy('q.created_at', 'desc')
      .orderBy('q.id')
      .limit(fetch)
      .offset(filters.offset)
      .execute();
  } else {
    const ordered = filters.waitingForMe
      ? query.orderBy('q.waiting_since').orderBy('q.id')
      : query.orderBy('q.created_at', 'desc').orderBy('q.id', 'desc');
    rows = await ordered.limit(fetch).offset(filters.offset).execute();
  }
  const page = rows.slice(0, filters.limit);
  const tags = await tagsOf(
    db,
    page.map((r) => r.id),
  );
  return {
    questions: page.map((r) => summaryOf(r, tags.get(r.id) ?? [], r.rank)),
    nextOffset: rows.length > filters.limit ? filters.offset + filters.limit : null,
  };
}

/**
 * The knowledge base: answered (accepted answer), non-private questions of every team,
 * ranked by relevance to `query` (title, body and every answer and follow-up are searched),
 * newest first without a query. Never throws on a strange query: one with nothing to
 * search for finds nothing.
 */
export async function searchKnowledgeBase(
  database: HubDatabase,
  options: {
    readonly query?: string | undefined;
    readonly tag?: string | undefined;
    readonly limit: number;
    readonly offset?: number;
  },
): Promise<KnowledgeBasePage> {
  const page = await listQuestions(
    database,
    { userId: '', orgReader: false, security: false, teamIds: [], championOf: [] },
    {
      knowledgeBase: true,
      q: options.query,
      tag: options.tag,
      limit: options.limit,
      offset: options.offset ?? 0,
    },
  );
  // The accepted answers of the page, in one query: each result's excerpt.
  const ids = page.questions.map((q) => q.id);
  const answers =
    ids.length === 0
      ? []
      : await deskDb(database.db)
          .selectFrom('desk_questions as q')
          .innerJoin('desk_answers as a', 'a.id', 'q.accepted_answer_id')
          .select(['q.id', 'a.body'])
          .where('q.id', 'in', ids)
          .execute();
  const excerptOf = new Map(answers.map((a) => [a.id, markdownExcerpt(a.body)]));
  return {
    nextOffset: page.nextOffset,
    questions: page.questions.map((q) => ({ ...q, excerpt: excerptOf.get(q.id) ?? '' })),
  };
}

/** A page of the knowledge base: each question with the start of its accepted answer. */
export interface KnowledgeBasePage {
  readonly questions: readonly (QuestionSummary & { readonly excerpt: string })[];
  readonly nextOffset: number | null;
}

// ---------------------------------------------------------------------------------------
// Writing

/** A change to a question ({@link updateQuestion}); the route checks who may make which. */
export interface QuestionChange {
  readonly title?: string | undefined;
  readonly body?: string | undefined;
  readonly tags?: readonly string[] | undefined;
  readonly private?: boolean | undefined;
  /** `closed` closes; `open` reopens (see {@link reopenedStatus}). */
  readonly status?: 'open' | 'closed' | undefined;
}

/** The status a reopened question goes back to: escalated if it ever was, else open. */
function reopenedStatus(row: Pick<DeskQuestionTable, 'escalated_at'>): 'open' | 'escalated' {
  return row.escalated_at === null ? 'open' : 'escalated';
}

/** Reopening fields: waiting again from now, the accepted answer set aside. */
function reopenFields(row: Pick<DeskQuestionTable, 'escalated_at'>, now: number) {
  return {
    status: reopenedStatus(row),
    waiting_since: now,
    answered_at: null,
    accepted_answer_id: null,
    closed_at: null,
  } as const;
}

/**
 * Applies a change (edit, close, reopen), audit-logged and reindexed, in one transaction.
 * Closing keeps an accepted answer (the question stays in the knowledge base); reopening
 * clears it and the question waits again. 404 when there is no such question.
 */
export async function updateQuestion(
  database: HubDatabase,
  questionId: string,
  change: QuestionChange,
  actor: { readonly id: string; readonly now: number },
): Promise<void> {
  await database.db.transaction().execute(async (trx) => {
    const db = deskDb(trx);
    const row = await db
      .selectFrom('desk_questions')
      .selectAll()
      .where('id', '=', questionId)
      .executeTakeFirst();
    if (row === undefined) throw notFound('question');
    const now = actor.now;
    const set: Partial<DeskQuestionTable> = { updated_at: now };
    if (change.title !== undefined) set.title = change.title;
    if (change.body !== undefined) set.body = change.body;
    if (change.private !== undefined) set.private = change.private ? 1 : 0;
    if (change.status === 'closed' && row.status !== 'closed') {
      set.status = 'closed';
      set.closed_at = now;
    } else if (change.status === 'open' && (row.status === 'closed' || row.status === 'answered'))
      Object.assign(set, reopenFields(row, now));
    await db.updateTable('desk_questions').set(set).where('id', '=', questionId).execute();
    if (change.tags !== undefined) {
      await db.deleteFrom('desk_question_tags').where('question_id', '=', questionId).execute();
      const tags = [...new Set(change.tags)];
      if (tags.length > 0)
        await db
          .insertInto('desk_question_tags')
          .values(tags.map((tag) => ({ question_id: questionId, tag })))
          .execute();
    }
    if (change.title !== undefined || change.body !== undefined)
      await reindexQuestion(db, database.dialect, questionId);
    await recordAudit(trx, now, {
      actorId: actor.id,
      action: 'desk.question.update',
      targetType: 'desk_question',
      targetId: questionId,
      data: {
        fields: Object.keys(change).filter((k) => change[k as keyof QuestionChange] !== undefined),
        ...(change.status === undefined ? {} : { status: set.status ?? row.status }),
        ...(change.private === undefined ? {} : { private: change.private }),
        ...(change.tags === undefined ? {} : { tags: change.tags }),
      },
    });
  });
}

/**
 * Posts an answer or a follow-up, audit-logged and reindexed, in one transaction. A
 * follow-up by the asker puts the question back in the queue (it waits again from now, so
 * the champions see it and the escalation clock restarts); on an answered question it
 * also reopens it. 409 QUESTION_CLOSED on a closed question. Returns the post's id.
 */
export async function addPost(
  database: HubDatabase,
  input: {
    readonly questionId: string;
    readonly kind: PostKind;
    readonly body: string;
    readonly authorId: string;
    readonly now: number;
  },
): Promise<{ id: string; reopened: boolean }> {
  const id = randomUUID();
  return database.db.transaction().execute(async (trx) => {
    const db = deskDb(trx);
    const row = await db
      .selectFrom('desk_questions')
      .selectAll()
      .where('id', '=', input.questionId)
      .executeTakeFirst();
    if (row === undefined) throw notFound('question');
    if (row.status === 'closed') throw closedError();
    await db
      .insertInto('desk_answers')
      .values({
        id,
        question_id: input.questionId,
        author_id: input.authorId,
        kind: input.kind,
        body: input.body,
        created_at: input.now,
        edited_at: null,
      })
      .execute();
    const byAsker = input.kind === 'follow_up' && input.authorId === row.author_id;
    const reopened = byAsker && row.status === 'answered';
    await db
      .updateTable('desk_questions')
      .set({
        updated_at: input.now,
        ...(reopened ? reopenFields(row, input.now) : byAsker ? { waiting_since: input.now } : {}),
      })
      .where('id', '=', input.questionId)
      .execute();
    await reindexQuestion(db, database.dialect, input.questionId);
    await recordAudit(trx, input.now, {
      actorId: input.authorId,
      action: input.kind === 'answer' ? 'desk.answer.post' : 'desk.follow_up.post',
      targetType: 'desk_question',
      targetId: input.questionId,
      data: { postId: id, ...(reopened ? { reopened: true } : {}) },
    });
    return { id, reopened };
  });
}

/**
 * Accepts an answer: the question becomes `answered` (answered now), and so enters the
 * knowledge base unless private. Accepting another answer later replaces the choice.
 * 404 when the answer is not an answer of the question; 409 on a closed question.
 */
export async function acceptAnswer(
  database: HubDatabase,
  input: {
    readonly questionId: string;
    readonly answerId: string;
    readonly actorId: string;
    readonly now: number;
  },
): Promise<void> {
  await database.db.transaction().execute(async (trx) => {
    const db = deskDb(trx);
    const row = await db
      .selectFrom('desk_questions')
      .select(['status'])
      .where('id', '=', input.questionId)
      .executeTakeFirst();
    if (row === undefined) throw notFound('question');
    const answer = await db
      .selectFrom('desk_answers')
      .select(['id', 'author_id'])
      .where('id', '=', input.answerId)
      .where('question_id', '=', input.questionId)
      .where('kind', '=', 'answer')
      .executeTakeFirst();
    if (answer === undefined) throw notFound('answer');
    if (row.status === 'closed') throw closedError();
    await db
      .updateTable('desk_questions')
      .set({
        status: 'answered',
        accepted_answer_id: input.answerId,
        answered_at: input.now,
        updated_at: input.now,
      })
      .where('id', '=', input.questionId)
      .execute();
    await recordAudit(trx, input.now, {
      actorId: input.actorId,
      action: 'desk.answer.accept',
      targetType: 'desk_question',
      targetId: input.questionId,
      data: { answerId: input.answerId, answerAuthorId: answer.author_id },
    });
  });
}

// ---------------------------------------------------------------------------------------
// Escalation

/**
 * Escalates the questions that waited longer than the configured hours (`desk_settings`)
 * with no answer since they started waiting: status `escalated`, reason `timeout`, an
 * audit entry and a `question.escalated` notification, one transaction per question. The
 * update is conditional (still open, same wait, still unanswered), so two instances
 * running at once escalate each question once. Returns how many it escalated.
 */
export async function escalateOverdueQuestions(
  database: HubDatabase,
  now: number,
  options: { readonly batch?: number } = {},
): Promise<{ escalated: number }> {
  const batch = options.batch ?? 200;
  const { escalateAfterHours } = await getDeskSettings(database);
  const cutoff = now - escalateAfterHours * HOUR;
  const db = deskDb(database.db);
  let escalated = 0;
  for (;;) {
    const candidates = await db
      .selectFrom('desk_questions as q')
      .select(['q.id', 'q.waiting_since'])
      .where('q.status', '=', 'open')
      .where('q.waiting_since', '<=', cutoff)
      .where(unanswered)
      .orderBy('q.waiting_since')
      .orderBy('q.id')
      .limit(batch)
      .execute();
    let count = 0;
    for (const candidate of candidates) {
      const done = await database.db.transaction().execute(async (trx) => {
        const updated = await sql<
          Pick<DeskQuestionTable, 'id' | 'team_id' | 'title' | 'created_at'>
        >`update desk_questions
            set status = 'escalated', escalated_at = ${now}, escalation_reason = 'timeout', updated_at = ${now}
            where id = ${candidate.id} and status = 'open'
              and waiting_since = ${candidate.waiting_since} and ${unansweredOf('desk_questions')}
            returning id, team_id, title, created_at`.execute(trx);
        const row = updated.rows[0];
        if (row === undefined) return false; // answered, closed, or another instance was first
        await recordAudit(trx, now, {
          actorId: null,
          action: 'desk.question.escalate',
          targetType: 'desk_question',
          targetId: row.id,
          data: { teamId: row.team_id, reason: 'timeout', escalateAfterHours },
        });
        await notifyEscalation(trx, row, 'timeout', now);
        return true;
      });
      if (done) count++;
    }
    escalated += count;
    if (candidates.length < batch || count === 0) break;
  }
  return { escalated };
}
