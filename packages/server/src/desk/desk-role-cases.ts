import {
  ALL_USERS,
  type Case,
  type Context,
  SECURITY_ONLY,
  TEAM_A_READERS,
} from '../auth/role-matrix-support.js';
import { acceptAnswer, addPost, askQuestion } from './desk-store.js';

// The question desk in the role matrix (auth/role-matrix.test.ts). Questions are asked in
// team A by its developer (the asker), so "developer" below is the asker; each write case
// makes a fresh question per call.

/** A fresh open question of team A, asked by team A's developer. */
const question = async (c: Context, title = 'matrix question') =>
  (
    await askQuestion(c.hub, {
      teamId: c.org.teamA,
      projectId: null,
      findingId: null,
      authorId: c.org.developer.id,
      title,
      body: 'body',
      tags: ['matrix'],
      private: false,
      now: c.at,
    })
  ).id;

/** A fresh question of team A with an answer by its champion; answered (accepted) if asked. */
const answered = async (c: Context, accept: boolean) => {
  const id = await question(c);
  const answer = await addPost(c.hub, {
    questionId: id,
    kind: 'answer',
    body: 'an answer',
    authorId: c.org.champion.id,
    now: c.at,
  });
  if (accept)
    await acceptAnswer(c.hub, {
      questionId: id,
      answerId: answer.id,
      actorId: c.org.developer.id,
      now: c.at,
    });
  return { id, answerId: answer.id };
};

/** Asker (developer), champion, security and admin; outsiders do not see an open question. */
const SETTLERS = '200 200 403 200 200 404 403 401';

export const DESK_ROLE_CASES: readonly Case[] = [
  // ---- asking: team members, security and admin; auditors read only ----
  {
    method: 'POST',
    route: '/api/v1/desk/questions',
    what: 'in team A',
    prepare: (c) => ({
      url: '/api/v1/desk/questions',
      payload: { title: 'matrix', body: '', teamId: c.org.teamA },
    }),
    expected: '201 201 403 201 201 403 403 401',
  },
  {
    method: 'POST',
    route: '/api/v1/desk/questions',
    what: "linked to team A's project: outsiders may not read it",
    prepare: (c) => ({
      url: '/api/v1/desk/questions',
      payload: { title: 'matrix', body: '', projectId: c.org.projectA },
    }),
    expected: '201 201 403 201 201 400 403 401',
  },
  {
    method: 'GET',
    route: '/api/v1/desk/questions',
    prepare: () => ({ url: '/api/v1/desk/questions?waitingFor=me&limit=5' }),
    expected: ALL_USERS,
  },
  {
    method: 'GET',
    route: '/api/v1/desk/questions/:questionId',
    what: 'an open question of team A',
    prepare: async (c) => ({ url: `/api/v1/desk/questions/${await question(c)}` }),
    expected: TEAM_A_READERS,
  },
  {
    method: 'GET',
    route: '/api/v1/desk/questions/:questionId',
    what: 'an answered public question of team A: in the knowledge base',
    prepare: async (c) => ({ url: `/api/v1/desk/questions/${(await answered(c, true)).id}` }),
    expected: ALL_USERS,
  },
  {
    method: 'PATCH',
    route: '/api/v1/desk/questions/:questionId',
    what: 'close',
    prepare: async (c) => ({
      url: `/api/v1/desk/questions/${await question(c)}`,
      payload: { status: 'closed' },
    }),
    expected: SETTLERS,
  },
  {
    method: 'PATCH',
    route: '/api/v1/desk/questions/:questionId',
    what: 'edit the title: the asker only',
    prepare: async (c) => ({
      url: `/api/v1/desk/questions/${await question(c)}`,
      payload: { title: 'edited' },
    }),
    expected: '403 403 403 403 200 404 403 401',
  },
  {
    method: 'PATCH',
    route: '/api/v1/desk/questions/:questionId',
    what: 'edit an answered question: outsiders read it, but may not change it',
    prepare: async (c) => ({
      url: `/api/v1/desk/questions/${(await answered(c, true)).id}`,
      payload: { status: 'closed' },
    }),
    expected: '200 200 403 200 200 403 403 401',
  },
  {
    method: 'POST',
    route: '/api/v1/desk/questions/:questionId/answers',
    prepare: async (c) => ({
      url: `/api/v1/desk/questions/${await question(c)}/answers`,
      payload: { body: 'an answer' },
    }),
    expected: '201 201 403 201 403 404 403 401',
  },
  {
    method: 'POST',
    route: '/api/v1/desk/questions/:questionId/answers/:answerId/accept',
    prepare: async (c) => {
      const { id, answerId } = await answered(c, false);
      return { url: `/api/v1/desk/questions/${id}/answers/${answerId}/accept` };
    },
    expected: SETTLERS,
  },
  {
    method: 'POST',
    route: '/api/v1/desk/questions/:questionId/follow-ups',
    prepare: async (c) => ({
      url: `/api/v1/desk/questions/${await question(c)}/follow-ups`,
      payload: { body: 'a follow-up' },
    }),
    expected: '201 201 403 201 201 404 403 401',
  },
  {
    method: 'GET',
    route: '/api/v1/desk/knowledge-base',
    prepare: () => ({ url: '/api/v1/desk/knowledge-base?q=matrix%20answer&tag=matrix' }),
    expected: ALL_USERS,
  },
  {
    method: 'GET',
    route: '/api/v1/desk/settings',
    prepare: () => ({ url: '/api/v1/desk/settings' }),
    expected: ALL_USERS,
  },
  {
    method: 'PUT',
    route: '/api/v1/desk/settings',
    prepare: () => ({ url: '/api/v1/desk/settings', payload: { escalateAfterHours: 48 } }),
    expected: SECURITY_ONLY(200),
  },
];
