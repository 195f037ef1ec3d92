import {
  ALL_USERS,
  type Case,
  type Context,
  SECURITY_ONLY,
  TEAM_A_READERS,
  TEAM_B_READERS,
} from '../auth/role-matrix-support.js';
import { DEFAULT_CONSULT_SLA } from './consult-sla.js';
import { createConsult } from './consult-store.js';

// The consult routes in the role matrix (auth/role-matrix.test.ts): members and security
// file for their team; team readers read; security works the queue; the requester and the
// team's champion cancel and comment; auditors read only; CI tokens never.

/** A fresh consult of the team, filed by team A's developer (or `requester`). */
const consult = async (c: Context, teamId: string, requester = c.org.developer.id) =>
  createConsult(c.hub, {
    teamId,
    kind: 'design_review',
    service: 'matrix',
    description: 'Please review.',
    links: [],
    actorId: requester,
    now: c.at,
  });
const newConsult = (teamId: string) => ({
  teamId,
  kind: 'threat_model',
  service: 'matrix',
  description: 'A new service.',
});

export const CONSULT_ROLE_CASES: readonly Case[] = [
  {
    method: 'POST',
    route: '/api/v1/consults',
    what: "the caller's team A",
    prepare: (c) => ({ url: '/api/v1/consults', payload: newConsult(c.org.teamA) }),
    expected: '201 201 403 201 201 404 403 401',
  },
  {
    method: 'POST',
    route: '/api/v1/consults',
    what: 'team B',
    prepare: (c) => ({ url: '/api/v1/consults', payload: newConsult(c.org.teamB) }),
    expected: '201 201 403 404 404 201 403 401',
  },
  {
    method: 'GET',
    route: '/api/v1/consults',
    prepare: () => ({ url: '/api/v1/consults?open=true' }),
    expected: ALL_USERS,
  },
  {
    method: 'GET',
    route: '/api/v1/consults/settings',
    prepare: () => ({ url: '/api/v1/consults/settings' }),
    expected: ALL_USERS,
  },
  {
    method: 'PUT',
    route: '/api/v1/consults/settings',
    prepare: () => ({
      url: '/api/v1/consults/settings',
      payload: { design_review: DEFAULT_CONSULT_SLA.design_review },
    }),
    expected: SECURITY_ONLY(200),
  },
  {
    method: 'GET',
    route: '/api/v1/consults/:consultId',
    prepare: async (c) => ({ url: `/api/v1/consults/${await consult(c, c.org.teamA)}` }),
    expected: TEAM_A_READERS,
  },
  {
    method: 'GET',
    route: '/api/v1/consults/:consultId',
    what: 'team B',
    prepare: async (c) => ({
      url: `/api/v1/consults/${await consult(c, c.org.teamB, c.org.outsider.id)}`,
    }),
    expected: TEAM_B_READERS,
  },
  {
    method: 'PATCH',
    route: '/api/v1/consults/:consultId',
    what: 'triage',
    prepare: async (c) => ({
      url: `/api/v1/consults/${await consult(c, c.org.teamA)}`,
      payload: { status: 'triaged' },
    }),
    expected: '200 200 403 403 403 404 403 401',
  },
  {
    method: 'PATCH',
    route: '/api/v1/consults/:consultId',
    what: "cancel the developer's request",
    prepare: async (c) => ({
      url: `/api/v1/consults/${await consult(c, c.org.teamA)}`,
      payload: { status: 'cancelled' },
    }),
    expected: '200 200 403 200 200 404 403 401',
  },
  {
    method: 'PATCH',
    route: '/api/v1/consults/:consultId',
    what: "cancel the champion's request",
    prepare: async (c) => ({
      url: `/api/v1/consults/${await consult(c, c.org.teamA, c.org.champion.id)}`,
      payload: { status: 'cancelled' },
    }),
    expected: '200 200 403 200 403 404 403 401',
  },
  {
    method: 'POST',
    route: '/api/v1/consults/:consultId/comments',
    prepare: async (c) => ({
      url: `/api/v1/consults/${await consult(c, c.org.teamA)}/comments`,
      payload: { text: 'Any news?' },
    }),
    expected: '201 201 403 201 201 404 403 401',
  },
];
