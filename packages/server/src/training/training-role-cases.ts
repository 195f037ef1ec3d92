import { loadCatalog } from '@rampart/training';
import {
  ALL_USERS,
  type Case,
  TEAM_A_READERS,
  TEAM_B_READERS,
} from '../auth/role-matrix-support.js';

// The role matrix's cases for the training routes (routes/training-routes.ts): the catalog,
// quizzes and one's own page are every signed-in user's; a team's recommendations its
// readers'. They use the built-in module `sql-injection`.

const MODULE = 'sql-injection';

let wrong: Promise<number[]> | undefined;
/** A wrong answer to every question of the built-in module (a valid attempt), read once. */
const answers = () => {
  wrong ??= loadCatalog().then((catalog) => {
    const module = catalog.byId(MODULE);
    if (module === undefined) throw new Error(`the built-in module ${MODULE} is missing`);
    return module.quiz.map((q) => (q.answer + 1) % q.choices.length);
  });
  return wrong;
};

export const TRAINING_ROLE_CASES: readonly Case[] = [
  {
    method: 'GET',
    route: '/api/v1/training/modules',
    prepare: () => ({ url: '/api/v1/training/modules?language=python' }),
    expected: ALL_USERS,
  },
  {
    method: 'GET',
    route: '/api/v1/training/modules/:moduleId',
    prepare: () => ({ url: `/api/v1/training/modules/${MODULE}` }),
    expected: ALL_USERS,
  },
  {
    method: 'POST',
    route: '/api/v1/training/modules/:moduleId/attempts',
    prepare: async () => ({
      url: `/api/v1/training/modules/${MODULE}/attempts`,
      payload: { answers: await answers() },
    }),
    expected: ALL_USERS,
  },
  {
    method: 'GET',
    route: '/api/v1/teams/:teamId/training/recommendations',
    what: 'team A',
    prepare: (c) => ({ url: `/api/v1/teams/${c.org.teamA}/training/recommendations` }),
    expected: TEAM_A_READERS,
  },
  {
    method: 'GET',
    route: '/api/v1/teams/:teamId/training/recommendations',
    what: 'team B',
    prepare: (c) => ({ url: `/api/v1/teams/${c.org.teamB}/training/recommendations` }),
    expected: TEAM_B_READERS,
  },
  {
    method: 'GET',
    route: '/api/v1/me/training',
    prepare: () => ({ url: '/api/v1/me/training' }),
    expected: ALL_USERS,
  },
];
