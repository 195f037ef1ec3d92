import { randomUUID } from 'node:crypto';
import {
  ALL_USERS,
  type Case,
  type Context,
  SECURITY_ONLY,
  TEAM_A_READERS,
  TEAM_B_READERS,
} from '../auth/role-matrix-support.js';
import { gamificationDb } from './tables.js';

// The role matrix's cases for the gamification routes (routes/gamification-routes.ts).

const DAY = 24 * 60 * 60 * 1000;
let next = 0;
/** A fresh one-day window far in the future, never overlapping another case's. */
const freshWindow = () => {
  const start = Date.UTC(2100, 0, 1) + next++ * 2 * DAY;
  return { startsAt: start, endsAt: start + DAY };
};

/** A season inserted directly (its window fresh). */
const freshSeason = async (c: Context) => {
  const id = randomUUID();
  const w = freshWindow();
  await gamificationDb(c.hub.db)
    .insertInto('seasons')
    .values({
      id,
      name: 'matrix',
      starts_at: w.startsAt,
      ends_at: w.endsAt,
      created_by: null,
      created_at: c.at,
      updated_at: c.at,
    })
    .execute();
  return id;
};

export const GAMIFICATION_ROLE_CASES: readonly Case[] = [
  {
    method: 'GET',
    route: '/api/v1/me/gamification',
    prepare: () => ({ url: '/api/v1/me/gamification' }),
    expected: ALL_USERS,
  },
  {
    method: 'PUT',
    route: '/api/v1/me/gamification',
    prepare: () => ({ url: '/api/v1/me/gamification', payload: { optOut: false } }),
    expected: ALL_USERS,
  },
  {
    method: 'GET',
    route: '/api/v1/seasons',
    prepare: () => ({ url: '/api/v1/seasons' }),
    expected: ALL_USERS,
  },
  {
    method: 'POST',
    route: '/api/v1/seasons',
    prepare: () => {
      const w = freshWindow();
      return {
        url: '/api/v1/seasons',
        payload: {
          name: 'matrix',
          startsAt: new Date(w.startsAt).toISOString(),
          endsAt: new Date(w.endsAt).toISOString(),
        },
      };
    },
    expected: SECURITY_ONLY(201),
  },
  {
    method: 'PATCH',
    route: '/api/v1/seasons/:seasonId',
    prepare: async (c) => ({
      url: `/api/v1/seasons/${await freshSeason(c)}`,
      payload: { name: 'renamed' },
    }),
    expected: SECURITY_ONLY(200),
  },
  {
    method: 'DELETE',
    route: '/api/v1/seasons/:seasonId',
    prepare: async (c) => ({ url: `/api/v1/seasons/${await freshSeason(c)}` }),
    expected: SECURITY_ONLY(204),
  },
  {
    method: 'GET',
    route: '/api/v1/leaderboards/people',
    what: 'the organisation',
    prepare: () => ({ url: '/api/v1/leaderboards/people' }),
    expected: ALL_USERS,
  },
  {
    method: 'GET',
    route: '/api/v1/leaderboards/people',
    what: 'team A',
    prepare: (c) => ({ url: `/api/v1/leaderboards/people?teamId=${c.org.teamA}` }),
    expected: TEAM_A_READERS,
  },
  {
    method: 'GET',
    route: '/api/v1/leaderboards/people',
    what: 'team B',
    prepare: (c) => ({ url: `/api/v1/leaderboards/people?teamId=${c.org.teamB}` }),
    expected: TEAM_B_READERS,
  },
  {
    method: 'GET',
    route: '/api/v1/leaderboards/teams',
    prepare: () => ({ url: '/api/v1/leaderboards/teams?season=all' }),
    expected: ALL_USERS,
  },
];
