import { loadCatalog } from '@rampart/training';
import {
  ALL_USERS,
  type Case,
  type Context,
  SECURITY_ONLY,
  TEAM_A_READERS,
  TEAM_B_READERS,
} from '../auth/role-matrix-support.js';
import { createRule } from './rule-store.js';

// The role matrix's cases for the training routes (routes/training-routes.ts): the catalog,
// quizzes and one's own page are every signed-in user's; a team's recommendations its
// readers'. They use the built-in module `sql-injection`.

const MODULE = 'sql-injection';

/** A fresh training rule to change or delete. */
const freshRule = async (c: Context) =>
  (
    await createRule(
      c.hub,
      {
        name: 'matrix rule',
        cwe: 'CWE-89',
        minSeverity: 'high',
        moduleId: MODULE,
        teamId: null,
        dueDays: 14,
        active: true,
      },
      c.org.admin.id,
      c.at,
    )
  ).id;

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
  {
    method: 'GET',
    route: '/api/v1/training/rules',
    prepare: () => ({ url: '/api/v1/training/rules' }),
    expected: ALL_USERS,
  },
  {
    method: 'POST',
    route: '/api/v1/training/rules',
    prepare: () => ({
      url: '/api/v1/training/rules',
      payload: { name: 'sqli', cwe: 'CWE-89', minSeverity: 'high', moduleId: MODULE, dueDays: 30 },
    }),
    expected: SECURITY_ONLY(201),
  },
  {
    method: 'PATCH',
    route: '/api/v1/training/rules/:ruleId',
    prepare: async (c) => ({
      url: `/api/v1/training/rules/${await freshRule(c)}`,
      payload: { active: false },
    }),
    expected: SECURITY_ONLY(200),
  },
  {
    method: 'DELETE',
    route: '/api/v1/training/rules/:ruleId',
    prepare: async (c) => ({ url: `/api/v1/training/rules/${await freshRule(c)}` }),
    expected: SECURITY_ONLY(204),
  },
  {
    method: 'GET',
    route: '/api/v1/me/training/assignments',
    prepare: () => ({ url: '/api/v1/me/training/assignments' }),
    expected: ALL_USERS,
  },
  ...(['assignments', 'effectiveness'] as const).flatMap((what): Case[] => [
    {
      method: 'GET',
      route: `/api/v1/teams/:teamId/training/${what}`,
      what: 'team A',
      prepare: (c) => ({ url: `/api/v1/teams/${c.org.teamA}/training/${what}` }),
      expected: TEAM_A_READERS,
    },
    {
      method: 'GET',
      route: `/api/v1/teams/:teamId/training/${what}`,
      what: 'team B',
      prepare: (c) => ({ url: `/api/v1/teams/${c.org.teamB}/training/${what}` }),
      expected: TEAM_B_READERS,
    },
  ]),
];
