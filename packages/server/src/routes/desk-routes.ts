import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { canReadTeam, ensure, isOrgReader, isSecurity, requireUser } from '../auth/authorize.js';
import { notFound, parseInput } from '../auth/input.js';
import type { UserPrincipal } from '../auth/principal.js';
import type { HubDatabase } from '../db/database.js';
import {
  canAnswer,
  canAsk,
  canEditQuestion,
  canFollowUp,
  canSetPrivate,
  canSettle,
  questionView,
} from '../desk/desk-access.js';
import { hasSearchTerms } from '../desk/desk-search.js';
import {
  EscalateAfterHoursSchema,
  getDeskSettings,
  setDeskSettings,
} from '../desk/desk-settings.js';
import {
  acceptAnswer,
  addPost,
  askQuestion,
  badLink,
  type DeskReader,
  getQuestion,
  listQuestions,
  MAX_BODY_CHARS,
  MAX_QUESTION_TAGS,
  MAX_TITLE_CHARS,
  QuestionTagSchema,
  QuestionTagsSchema,
  questionFacts,
  resolveQuestionLinks,
  searchKnowledgeBase,
  updateQuestion,
} from '../desk/desk-store.js';
import { QUESTION_STATUSES } from '../desk/tables.js';
import { docs } from '../openapi/route-docs.js';
import { commaList } from './list-query.js';

/** What the question desk's routes need. */
export interface DeskRoutesOptions {
  readonly database: HubDatabase;
  /** The clock (epoch ms); tests inject one. */
  readonly now?: () => number;
}

const id = z.string().min(1).max(100);
const title = z.string().trim().min(1).max(MAX_TITLE_CHARS);
const body = z.string().max(MAX_BODY_CHARS);
const postBody = z.strictObject({ body: z.string().trim().min(1).max(MAX_BODY_CHARS) });
const questionParams = z.strictObject({ questionId: id });
const answerParams = z.strictObject({ questionId: id, answerId: id });
const askBody = z.strictObject({
  title,
  body,
  tags: QuestionTagsSchema.optional(),
  teamId: id.optional(),
  projectId: id.optional(),
  findingId: id.optional(),
  private: z.boolean().optional(),
});
const patchBody = z
  .strictObject({
    title: title.optional(),
    body: body.optional(),
    tags: QuestionTagsSchema.optional(),
    private: z.boolean().optional(),
    status: z.enum(['open', 'closed']).optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), 'change at least one field');
const searchText = z
  .string()
  .max(200)
  .refine(hasSearchTerms, 'no word to search for (common words and punctuation are ignored)')
  .describe('full text: words (all must match), "a phrase", -excluded, `or` between alternatives');
const limit = z
  .string()
  .regex(/^\d{1,3}$/, 'a number from 1 to 100')
  .transform(Number)
  .pipe(z.number().int().min(1).max(100))
  .describe('page size, 1 to 100 (default 20)');
const offset = z
  .string()
  .regex(/^\d{1,5}$/, 'a number from 0 to 10000')
  .transform(Number)
  .pipe(z.number().int().min(0).max(10_000))
  .describe('how many to skip (the previous page’s nextOffset)');
const listQuery = z.strictObject({
  status: commaList(QUESTION_STATUSES).optional(),
  teamId: id.optional(),
  tag: QuestionTagSchema.optional(),
  mine: z.enum(['true', 'false']).optional(),
  waitingFor: z.literal('me').optional(),
  q: searchText.optional(),
  limit: limit.optional(),
  offset: offset.optional(),
});
const kbQuery = z.strictObject({
  q: searchText.optional(),
  tag: QuestionTagSchema.optional(),
  limit: limit.optional(),
  offset: offset.optional(),
});
const settingsBody = z.strictObject({ escalateAfterHours: EscalateAfterHoursSchema });

/** The reader of a list: what they may read, and who "me" is. */
function readerOf(principal: UserPrincipal): DeskReader {
  return {
    userId: principal.userId,
    orgReader: isOrgReader(principal),
    security: isSecurity(principal),
    teamIds: [...principal.teams.keys()],
    championOf: [...principal.teams].filter(([, role]) => role === 'champion').map(([t]) => t),
  };
}

/**
 * Registers the question desk's routes (see docs/hub-desk.md): ask, list, read, change,
 * answer, accept, follow up, search the knowledge base, and the escalation setting. Every
 * write is audit-logged by the store; a question the caller may not read is a 404.
 */
export function registerDeskRoutes(app: FastifyInstance, options: DeskRoutesOptions): void {
  const now = options.now ?? Date.now;
  const database = options.database;

  /** The question's access facts, or 404 when the principal may not read it. */
  const readable = async (principal: UserPrincipal, questionId: string) => {
    const facts = await questionFacts(database, questionId);
    if (facts === undefined) throw notFound('question');
    const view = questionView(principal, facts);
    if (view === null) throw notFound('question');
    return { ...facts, view };
  };
  const detail = async (principal: UserPrincipal, questionId: string) => {
    const { view } = await readable(principal, questionId);
    const question = await getQuestion(database, questionId, view);
    if (question === undefined) throw notFound('question');
    return question;
  };

  app.post(
    '/api/v1/desk/questions',
    {
      config: docs({
        summary: 'Ask a question',
        description: `Asks a security question of a team (\`teamId\`, or the team of the linked \`projectId\` / \`findingId\`, which the asker must be able to read). Members of the team ask, security and admin ask any team; auditors do not. The question goes to the team's champions (\`open\`); a team without a champion has it escalated at once (\`escalated\`, reason \`no_champion\`, webhook \`question.escalated\`). Title at most ${MAX_TITLE_CHARS} characters, body markdown at most ${MAX_BODY_CHARS}, at most ${MAX_QUESTION_TAGS} tags. Audit-logged.`,
        tags: ['desk'],
        access: 'team-writer',
        body: askBody,
        responses: {
          201: 'The question, as `GET /api/v1/desk/questions/:questionId` returns it.',
          400: 'VALIDATION naming the field: a bad title, body or tag, an unknown team, project or finding, or links that disagree.',
          403: 'FORBIDDEN: not a member of the team (nor security or admin), an auditor, or a CI token.',
        },
      }),
    },
    async (request, reply) => {
      const principal = requireUser(request.principal);
      const input = parseInput(askBody, request.body, 'body');
      const links = await resolveQuestionLinks(database, input);
      if (links.projectId !== null && !canReadTeam(principal, links.teamId))
        throw input.findingId !== undefined
          ? badLink('findingId', 'no such finding')
          : badLink('projectId', 'no such project');
      ensure(canAsk(principal, links.teamId), 'ask a question of this team');
      const { id: questionId } = await askQuestion(database, {
        ...links,
        authorId: principal.userId,
        title: input.title,
        body: input.body,
        tags: input.tags ?? [],
        private: input.private ?? false,
        now: now(),
      });
      return reply.status(201).send(await detail(principal, questionId));
    },
  );

  app.get(
    '/api/v1/desk/questions',
    {
      config: docs({
        summary: 'List questions',
        description:
          "The questions the caller may read: their teams' (every team's for admin, security and auditors) and the knowledge base's (answered, not private). Filters: `status` (comma-separated), `teamId`, `tag`, `mine=true` (asked by the caller), `waitingFor=me` (no answer since they started waiting, and open in a team the caller champions, or escalated when the caller is security or admin; oldest first), `q` (full text, ranked). Newest first otherwise. Paginated with `limit` and `offset` (`nextOffset` is null on the last page).",
        tags: ['desk'],
        access: 'user',
        query: listQuery,
        responses: {
          200: '`{ questions: [{ id, teamId, teamName, title, tags, status, private, author, answerCount, createdAt, updatedAt, waitingSince, escalatedAt, escalationReason, answeredAt, closedAt, rank? }], nextOffset }`',
          400: 'VALIDATION: a bad filter, or a `q` with no word to search for.',
          403: 'A CI token.',
        },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      const query = parseInput(listQuery, request.query, 'query');
      return listQuestions(database, readerOf(principal), {
        status: query.status,
        teamId: query.teamId,
        tag: query.tag,
        mine: query.mine === 'true',
        waitingForMe: query.waitingFor === 'me',
        q: query.q,
        limit: query.limit ?? 20,
        offset: query.offset ?? 0,
      });
    },
  );

  app.get(
    '/api/v1/desk/questions/:questionId',
    {
      config: docs({
        summary: 'Read a question',
        description:
          'A question with its answers and follow-ups (oldest first), bodies as markdown (`body`) and rendered HTML (`bodyHtml`, raw HTML escaped, links `rel="nofollow noopener noreferrer"`). Readers of its team see it all; any other signed-in user sees it only when it is in the knowledge base (answered, not private), without its project and finding links (`linksHidden: true`).',
        tags: ['desk'],
        access: 'user',
        params: questionParams,
        responses: {
          200: '`{ …summary, body, bodyHtml, projectId, findingId, linksHidden, acceptedAnswerId, answers: [post], followUps: [post] }`; a post is `{ id, kind, author, body, bodyHtml, accepted, createdAt, editedAt }`.',
          403: 'A CI token.',
          404: 'No such question, or the caller may not read it.',
        },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      const { questionId } = parseInput(questionParams, request.params, 'params');
      return detail(principal, questionId);
    },
  );

  app.patch(
    '/api/v1/desk/questions/:questionId',
    {
      config: docs({
        summary: 'Change a question',
        description:
          'Edits the title, body and tags (the asker only), marks it private or public (the asker, security, admin), or closes (`status: "closed"`) or reopens (`status: "open"`) it (the asker, the team’s champions, security, admin). Closing keeps an accepted answer, so the question stays in the knowledge base; reopening sets the accepted answer aside and the question waits again (back to `escalated` if it ever was). Audit-logged.',
        tags: ['desk'],
        access: 'team-writer',
        params: questionParams,
        body: patchBody,
        responses: {
          200: 'The question, as `GET` returns it.',
          400: 'VALIDATION naming the field.',
          403: 'FORBIDDEN: a change the caller may not make.',
          404: 'No such question, or the caller may not read it.',
        },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      const { questionId } = parseInput(questionParams, request.params, 'params');
      const change = parseInput(patchBody, request.body, 'body');
      const facts = await readable(principal, questionId);
      if (change.title !== undefined || change.body !== undefined || change.tags !== undefined)
        ensure(canEditQuestion(principal, facts), 'edit a question someone else asked');
      if (change.private !== undefined)
        ensure(canSetPrivate(principal, facts), 'make this question private or public');
      if (change.status !== undefined)
        ensure(canSettle(principal, facts), 'close or reopen this question');
      await updateQuestion(database, questionId, change, { id: principal.userId, now: now() });
      return detail(principal, questionId);
    },
  );

  app.post(
    '/api/v1/desk/questions/:questionId/answers',
    {
      config: docs({
        summary: 'Answer a question',
        description:
          "Posts an answer (markdown). The team's champions, security and admin answer; others post follow-ups. An answer stops the escalation clock and takes the question off the `waitingFor=me` lists. 409 on a closed question. Audit-logged.",
        tags: ['desk'],
        access: 'team-writer',
        params: questionParams,
        body: postBody,
        responses: {
          201: '`{ id, question }`: the answer id and the question as `GET` returns it.',
          400: 'VALIDATION naming the field.',
          403: 'FORBIDDEN: not a champion of the team, security or admin.',
          404: 'No such question, or the caller may not read it.',
          409: 'QUESTION_CLOSED: reopen it first.',
        },
      }),
    },
    async (request, reply) => {
      const principal = requireUser(request.principal);
      const { questionId } = parseInput(questionParams, request.params, 'params');
      const { body: text } = parseInput(postBody, request.body, 'body');
      const facts = await readable(principal, questionId);
      ensure(canAnswer(principal, facts.teamId), 'answer questions of this team');
      const post = await addPost(database, {
        questionId,
        kind: 'answer',
        body: text,
        authorId: principal.userId,
        now: now(),
      });
      return reply.status(201).send({ id: post.id, question: await detail(principal, questionId) });
    },
  );

  app.post(
    '/api/v1/desk/questions/:questionId/answers/:answerId/accept',
    {
      config: docs({
        summary: 'Accept an answer',
        description:
          "Marks an answer as the accepted one: the question becomes `answered` (and enters the knowledge base unless private). The asker, the team's champions, security and admin accept; accepting another answer replaces the choice. Audit-logged.",
        tags: ['desk'],
        access: 'team-writer',
        params: answerParams,
        responses: {
          200: 'The question, as `GET` returns it.',
          403: 'FORBIDDEN: not the asker, a champion of the team, security or admin.',
          404: 'No such question or answer (a follow-up cannot be accepted), or the caller may not read it.',
          409: 'QUESTION_CLOSED: reopen it first.',
        },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      const { questionId, answerId } = parseInput(answerParams, request.params, 'params');
      const facts = await readable(principal, questionId);
      ensure(canSettle(principal, facts), 'accept an answer to this question');
      await acceptAnswer(database, { questionId, answerId, actorId: principal.userId, now: now() });
      return detail(principal, questionId);
    },
  );

  app.post(
    '/api/v1/desk/questions/:questionId/follow-ups',
    {
      config: docs({
        summary: 'Follow up on a question',
        description:
          "Posts a follow-up (markdown): the asker, the team's members, security and admin. A follow-up by the asker puts the question back in the queue (it waits again from now) and reopens it if it was answered. 409 on a closed question. Audit-logged.",
        tags: ['desk'],
        access: 'team-writer',
        params: questionParams,
        body: postBody,
        responses: {
          201: '`{ id, reopened, question }`',
          400: 'VALIDATION naming the field.',
          403: 'FORBIDDEN: an auditor, or a reader from outside the team.',
          404: 'No such question, or the caller may not read it.',
          409: 'QUESTION_CLOSED: reopen it first.',
        },
      }),
    },
    async (request, reply) => {
      const principal = requireUser(request.principal);
      const { questionId } = parseInput(questionParams, request.params, 'params');
      const { body: text } = parseInput(postBody, request.body, 'body');
      const facts = await readable(principal, questionId);
      ensure(canFollowUp(principal, facts), 'follow up on this question');
      const post = await addPost(database, {
        questionId,
        kind: 'follow_up',
        body: text,
        authorId: principal.userId,
        now: now(),
      });
      return reply.status(201).send({
        id: post.id,
        reopened: post.reopened,
        question: await detail(principal, questionId),
      });
    },
  );

  app.get(
    '/api/v1/desk/knowledge-base',
    {
      config: docs({
        summary: 'Search the knowledge base',
        description:
          'Answered, non-private questions of every team, readable by every signed-in user. With `q`, ranked by relevance over the title, the body and every answer and follow-up (English stemming; words all must match, `"a phrase"`, `-excluded`, `or` between alternatives; punctuation and common words are ignored); newest first without. `tag` filters. Paginated with `limit` and `offset`.',
        tags: ['desk'],
        access: 'user',
        query: kbQuery,
        responses: {
          200: '`{ questions: [summary with rank when searched, and `excerpt`: the start of the accepted answer as plain text], nextOffset }`',
          400: 'VALIDATION: a bad filter, or a `q` with no word to search for.',
          403: 'A CI token.',
        },
      }),
    },
    async (request) => {
      requireUser(request.principal);
      const query = parseInput(kbQuery, request.query, 'query');
      return searchKnowledgeBase(database, {
        query: query.q,
        tag: query.tag,
        limit: query.limit ?? 20,
        offset: query.offset ?? 0,
      });
    },
  );

  app.get(
    '/api/v1/desk/settings',
    {
      config: docs({
        summary: 'The desk settings',
        description:
          "`escalateAfterHours`: how long a question waits for its team's champions before the `desk-escalation` job hands it to the security team. Every signed-in user may read it.",
        tags: ['desk'],
        access: 'user',
        responses: {
          200: '`{ escalateAfterHours, updatedAt, updatedBy }`',
          403: 'A CI token.',
        },
      }),
    },
    async (request) => {
      requireUser(request.principal);
      return getDeskSettings(database);
    },
  );

  app.put(
    '/api/v1/desk/settings',
    {
      config: docs({
        summary: 'Change the desk settings',
        description:
          '`escalateAfterHours`: 1 to 720 (default 48). Security and admin only. Audit-logged.',
        tags: ['desk'],
        access: 'security',
        body: settingsBody,
        responses: {
          200: '`{ escalateAfterHours, updatedAt, updatedBy }`',
          400: 'VALIDATION naming the field.',
          403: 'FORBIDDEN: not security or admin.',
        },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      ensure(isSecurity(principal), 'change the desk settings');
      const { escalateAfterHours } = parseInput(settingsBody, request.body, 'body');
      return setDeskSettings(database, {
        escalateAfterHours,
        actorId: principal.userId,
        now: now(),
      });
    },
  );
}
