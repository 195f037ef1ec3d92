import {
  ALL_USERS,
  type Case,
  type Context,
  ORG_READERS,
  TEAM_A_READERS,
  TEAM_B_READERS,
} from '../auth/role-matrix-support.js';
import { createRuleFeedback } from './feedback-store.js';

// The rule feedback routes in the role matrix (auth/role-matrix.test.ts): champions and
// security file; the team's readers read; security responds; the author edits while
// open; the organisation's statistics are for organisation readers, a team's for its
// readers; CI tokens never.

const RULE = 'sast.matrix-rule';

/** Fresh open feedback of the team, filed by its champion (or `author`). */
const feedback = async (c: Context, teamId: string, author = c.org.champion.id) =>
  createRuleFeedback(c.hub, {
    scanner: 'sast',
    ruleId: RULE,
    teamId,
    kind: 'noisy',
    body: 'Noisy here.',
    actorId: author,
    now: c.at,
  });

export const FEEDBACK_ROLE_CASES: readonly Case[] = [
  {
    method: 'POST',
    route: '/api/v1/rule-feedback',
    prepare: (c) => ({
      url: '/api/v1/rule-feedback',
      payload: { scanner: 'sast', ruleId: RULE, teamId: c.org.teamA, kind: 'noisy', body: 'b' },
    }),
    expected: '201 201 403 201 403 404 403 401',
  },
  {
    method: 'GET',
    route: '/api/v1/rule-feedback',
    prepare: () => ({ url: '/api/v1/rule-feedback?status=open' }),
    expected: ALL_USERS,
  },
  {
    method: 'GET',
    route: '/api/v1/rule-feedback/:feedbackId',
    prepare: async (c) => ({ url: `/api/v1/rule-feedback/${await feedback(c, c.org.teamA)}` }),
    expected: TEAM_A_READERS,
  },
  {
    method: 'GET',
    route: '/api/v1/rule-feedback/:feedbackId',
    what: 'team B',
    prepare: async (c) => ({
      url: `/api/v1/rule-feedback/${await feedback(c, c.org.teamB, c.org.security.id)}`,
    }),
    expected: TEAM_B_READERS,
  },
  {
    method: 'PATCH',
    route: '/api/v1/rule-feedback/:feedbackId',
    what: 'respond',
    prepare: async (c) => ({
      url: `/api/v1/rule-feedback/${await feedback(c, c.org.teamA)}`,
      payload: { status: 'acknowledged', response: 'Looking into it.' },
    }),
    expected: '200 200 403 403 403 404 403 401',
  },
  {
    method: 'PATCH',
    route: '/api/v1/rule-feedback/:feedbackId',
    what: "edit the champion's text",
    prepare: async (c) => ({
      url: `/api/v1/rule-feedback/${await feedback(c, c.org.teamA)}`,
      payload: { body: 'Noisy on fixtures.' },
    }),
    expected: '403 403 403 200 403 404 403 401',
  },
  {
    method: 'GET',
    route: '/api/v1/rules/stats',
    prepare: () => ({ url: '/api/v1/rules/stats' }),
    expected: ORG_READERS,
  },
  {
    method: 'GET',
    route: '/api/v1/rules/stats',
    what: 'team A',
    prepare: (c) => ({ url: `/api/v1/rules/stats?teamId=${c.org.teamA}` }),
    expected: TEAM_A_READERS,
  },
  {
    method: 'GET',
    route: '/api/v1/rules/:scanner/:ruleId/feedback',
    prepare: () => ({ url: `/api/v1/rules/sast/${RULE}/feedback` }),
    expected: ALL_USERS,
  },
];
