import {
  ALL_USERS,
  type Case,
  TEAM_A_READERS,
  TEAM_B_READERS,
} from '../auth/role-matrix-support.js';

// The role matrix's cases for the paved-road scorecards (routes/paved-road-score-routes.ts):
// a project's scorecard is read by its team's readers; its exposure is set by admin,
// security and the team's champion; the roll-ups show each caller the projects they may read.

export const SCORECARD_ROLE_CASES: readonly Case[] = [
  {
    method: 'GET',
    route: '/api/v1/projects/:projectId/paved-road',
    what: 'project A',
    prepare: (c) => ({ url: `/api/v1/projects/${c.org.projectA}/paved-road` }),
    expected: TEAM_A_READERS,
  },
  {
    method: 'GET',
    route: '/api/v1/projects/:projectId/paved-road',
    what: 'project B',
    prepare: (c) => ({ url: `/api/v1/projects/${c.org.projectB}/paved-road` }),
    expected: TEAM_B_READERS,
  },
  {
    method: 'PUT',
    route: '/api/v1/projects/:projectId/exposure',
    what: 'project A',
    prepare: (c) => ({
      url: `/api/v1/projects/${c.org.projectA}/exposure`,
      payload: { exposure: 'internet' },
    }),
    expected: '200 200 403 200 403 404 403 401',
  },
  {
    method: 'PUT',
    route: '/api/v1/projects/:projectId/exposure',
    what: 'project B (the outsider is a developer there)',
    prepare: (c) => ({
      url: `/api/v1/projects/${c.org.projectB}/exposure`,
      payload: { exposure: 'internal' },
    }),
    expected: '200 200 403 404 404 403 403 401',
  },
  {
    method: 'GET',
    route: '/api/v1/paved-road/scores',
    prepare: () => ({ url: '/api/v1/paved-road/scores' }),
    expected: ALL_USERS,
  },
  {
    method: 'GET',
    route: '/api/v1/paved-road/scores',
    what: 'team B',
    prepare: (c) => ({ url: `/api/v1/paved-road/scores?teamId=${c.org.teamB}` }),
    expected: TEAM_B_READERS,
  },
  {
    method: 'GET',
    route: '/api/v1/paved-road/gaps',
    prepare: () => ({ url: '/api/v1/paved-road/gaps' }),
    expected: ALL_USERS,
  },
  {
    method: 'GET',
    route: '/api/v1/paved-road/gaps',
    what: 'team A',
    prepare: (c) => ({ url: `/api/v1/paved-road/gaps?teamId=${c.org.teamA}` }),
    expected: TEAM_A_READERS,
  },
  {
    method: 'GET',
    route: '/api/v1/paved-road/comparison',
    prepare: () => ({ url: '/api/v1/paved-road/comparison?threshold=70&days=30' }),
    expected: ALL_USERS,
  },
  {
    method: 'GET',
    route: '/api/v1/paved-road/comparison',
    what: 'team A',
    prepare: (c) => ({ url: `/api/v1/paved-road/comparison?teamId=${c.org.teamA}` }),
    expected: TEAM_A_READERS,
  },
];
