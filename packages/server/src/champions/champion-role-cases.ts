import {
  bareUser,
  type Case,
  type Context,
  SECURITY_ONLY,
  TEAM_A_READERS,
  TEAM_B_READERS,
} from '../auth/role-matrix-support.js';

// The role matrix's cases for appointing champions and the champion home page
// (routes/champion-routes.ts). The directory and expertise cases are in the core list.

/** A fresh user made champion of the team. */
const freshChampion = async (c: Context, teamId: string) => {
  const userId = await bareUser(c);
  await c.hub.db
    .insertInto('memberships')
    .values({ team_id: teamId, user_id: userId, role: 'champion', created_at: c.at })
    .execute();
  return userId;
};

export const CHAMPION_ROLE_CASES: readonly Case[] = [
  {
    method: 'PUT',
    route: '/api/v1/teams/:teamId/champions/:userId',
    what: 'a user outside the team',
    prepare: async (c) => ({ url: `/api/v1/teams/${c.org.teamA}/champions/${await bareUser(c)}` }),
    expected: SECURITY_ONLY(200),
  },
  {
    method: 'DELETE',
    route: '/api/v1/teams/:teamId/champions/:userId',
    what: 'a champion of team B',
    prepare: async (c) => ({
      url: `/api/v1/teams/${c.org.teamB}/champions/${await freshChampion(c, c.org.teamB)}`,
    }),
    expected: SECURITY_ONLY(204),
  },
  {
    method: 'GET',
    route: '/api/v1/teams/:teamId/champion-home',
    what: 'team A',
    prepare: (c) => ({ url: `/api/v1/teams/${c.org.teamA}/champion-home` }),
    expected: TEAM_A_READERS,
  },
  {
    method: 'GET',
    route: '/api/v1/teams/:teamId/champion-home',
    what: 'team B',
    prepare: (c) => ({ url: `/api/v1/teams/${c.org.teamB}/champion-home` }),
    expected: TEAM_B_READERS,
  },
];
