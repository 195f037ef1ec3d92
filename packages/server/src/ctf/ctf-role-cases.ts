import { randomUUID } from 'node:crypto';
import {
  ADMIN_ONLY,
  ALL_USERS,
  type Case,
  type Context,
  ORG_READERS,
  SECURITY_ONLY,
  TEAM_B_READERS,
  unique,
} from '../auth/role-matrix-support.js';
import type { HubDatabase } from '../db/database.js';
import { storeFlag } from './flags.js';
import { ctfDb } from './tables.js';

// The role matrix's cases for the CTF routes (routes/ctf-routes.ts). Fixtures: a running
// `organisation` event, a running `teams` event open to team B, and a draft, each with a
// challenge and a hint; made once per database.

const HOUR = 60 * 60 * 1000;

interface Fixture {
  readonly orgEvent: string;
  readonly teamBEvent: string;
  readonly draftEvent: string;
  readonly orgChallenge: string;
  readonly teamBChallenge: string;
  readonly orgHint: string;
}

const fixtures = new WeakMap<HubDatabase, Promise<Fixture>>();

async function addEvent(
  c: Context,
  visibility: 'draft' | 'organisation' | 'teams',
  teamIds: readonly string[] = [],
): Promise<string> {
  const id = randomUUID();
  const db = ctfDb(c.hub.db);
  await db
    .insertInto('ctf_events')
    .values({
      id,
      name: unique('ctf'),
      description: '',
      starts_at: c.at - HOUR,
      ends_at: c.at + 24 * HOUR,
      freeze_at: null,
      visibility,
      mode: 'individual',
      created_by: null,
      created_at: c.at,
      updated_at: c.at,
    })
    .execute();
  for (const team_id of teamIds)
    await db.insertInto('ctf_event_teams').values({ event_id: id, team_id }).execute();
  return id;
}

async function addChallenge(c: Context, eventId: string): Promise<{ id: string; hint: string }> {
  const id = randomUUID();
  const hint = randomUUID();
  const flag = await storeFlag('static', `flag-${randomUUID()}`);
  const db = ctfDb(c.hub.db);
  await db
    .insertInto('ctf_challenges')
    .values({
      id,
      event_id: eventId,
      slug: unique('c'),
      title: 'A challenge',
      category: 'web',
      description: 'Find it.',
      scoring: 'static',
      points: 100,
      minimum: null,
      decay: null,
      flag_kind: flag.kind,
      flag_hash: flag.hash,
      flag_pattern: flag.pattern,
      prerequisites: '[]',
      published: 1,
      position: 0,
      created_at: c.at,
      updated_at: c.at,
    })
    .execute();
  await db
    .insertInto('ctf_hints')
    .values({ id: hint, challenge_id: id, position: 0, text: 'Look closer.', cost: 5 })
    .execute();
  return { id, hint };
}

const fixture = (c: Context): Promise<Fixture> => {
  let f = fixtures.get(c.hub);
  if (f === undefined) {
    f = (async () => {
      const orgEvent = await addEvent(c, 'organisation');
      const teamBEvent = await addEvent(c, 'teams', [c.org.teamB]);
      const draftEvent = await addEvent(c, 'draft');
      const org = await addChallenge(c, orgEvent);
      const teamB = await addChallenge(c, teamBEvent);
      return {
        orgEvent,
        teamBEvent,
        draftEvent,
        orgChallenge: org.id,
        teamBChallenge: teamB.id,
        orgHint: org.hint,
      };
    })();
    fixtures.set(c.hub, f);
  }
  return f;
};

const newEventBody = (c: Context) => ({
  name: unique('ctf'),
  startsAt: new Date(c.at).toISOString(),
  endsAt: new Date(c.at + HOUR).toISOString(),
});

/** Readers of a draft: admin, security, auditors. */
const DRAFT_READERS = '200 200 200 404 404 404 403 401';
/** Players of a running organisation event (auditors read but do not play). */
const ORG_PLAYERS = '200 200 403 200 200 200 403 401';
/** Players of a running event open to team B (admin and security may play any). */
const TEAM_B_PLAYERS = '200 200 403 404 404 200 403 401';

export const CTF_ROLE_CASES: readonly Case[] = [
  {
    method: 'POST',
    route: '/api/v1/ctf/events',
    prepare: (c) => ({ url: '/api/v1/ctf/events', payload: newEventBody(c) }),
    expected: SECURITY_ONLY(201),
  },
  {
    method: 'GET',
    route: '/api/v1/ctf/events',
    prepare: () => ({ url: '/api/v1/ctf/events' }),
    expected: ALL_USERS,
  },
  {
    method: 'GET',
    route: '/api/v1/ctf/events/:eventId',
    what: 'an organisation event',
    prepare: async (c) => ({ url: `/api/v1/ctf/events/${(await fixture(c)).orgEvent}` }),
    expected: ALL_USERS,
  },
  {
    method: 'GET',
    route: '/api/v1/ctf/events/:eventId',
    what: "team B's event",
    prepare: async (c) => ({ url: `/api/v1/ctf/events/${(await fixture(c)).teamBEvent}` }),
    expected: TEAM_B_READERS,
  },
  {
    method: 'GET',
    route: '/api/v1/ctf/events/:eventId',
    what: 'a draft',
    prepare: async (c) => ({ url: `/api/v1/ctf/events/${(await fixture(c)).draftEvent}` }),
    expected: DRAFT_READERS,
  },
  {
    method: 'PATCH',
    route: '/api/v1/ctf/events/:eventId',
    what: 'an organisation event',
    prepare: async (c) => ({
      url: `/api/v1/ctf/events/${(await fixture(c)).orgEvent}`,
      payload: { description: unique('d') },
    }),
    expected: SECURITY_ONLY(200),
  },
  {
    method: 'PATCH',
    route: '/api/v1/ctf/events/:eventId',
    what: 'a draft',
    prepare: async (c) => ({
      url: `/api/v1/ctf/events/${(await fixture(c)).draftEvent}`,
      payload: { description: unique('d') },
    }),
    expected: '200 200 403 404 404 404 403 401',
  },
  {
    method: 'DELETE',
    route: '/api/v1/ctf/events/:eventId',
    prepare: async (c) => ({ url: `/api/v1/ctf/events/${await addEvent(c, 'organisation')}` }),
    expected: SECURITY_ONLY(204),
  },
  {
    method: 'POST',
    route: '/api/v1/ctf/events/:eventId/challenges',
    prepare: async (c) => ({
      url: `/api/v1/ctf/events/${(await fixture(c)).orgEvent}/challenges`,
      payload: {
        slug: unique('c'),
        title: 'New',
        category: 'web',
        points: 50,
        flag: { kind: 'regex', pattern: 'ctf\\{[a-z]{3}\\}' },
      },
    }),
    expected: SECURITY_ONLY(201),
  },
  {
    method: 'GET',
    route: '/api/v1/ctf/events/:eventId/challenges',
    what: 'an organisation event',
    prepare: async (c) => ({ url: `/api/v1/ctf/events/${(await fixture(c)).orgEvent}/challenges` }),
    expected: ALL_USERS,
  },
  {
    method: 'GET',
    route: '/api/v1/ctf/events/:eventId/challenges',
    what: "team B's event",
    prepare: async (c) => ({
      url: `/api/v1/ctf/events/${(await fixture(c)).teamBEvent}/challenges`,
    }),
    expected: TEAM_B_READERS,
  },
  {
    method: 'GET',
    route: '/api/v1/ctf/challenges/:challengeId',
    what: 'an organisation event',
    prepare: async (c) => ({ url: `/api/v1/ctf/challenges/${(await fixture(c)).orgChallenge}` }),
    expected: ALL_USERS,
  },
  {
    method: 'GET',
    route: '/api/v1/ctf/challenges/:challengeId',
    what: "team B's event",
    prepare: async (c) => ({
      url: `/api/v1/ctf/challenges/${(await fixture(c)).teamBChallenge}`,
    }),
    expected: TEAM_B_READERS,
  },
  {
    method: 'PATCH',
    route: '/api/v1/ctf/challenges/:challengeId',
    prepare: async (c) => ({
      url: `/api/v1/ctf/challenges/${(await fixture(c)).orgChallenge}`,
      payload: { title: unique('t') },
    }),
    expected: SECURITY_ONLY(200),
  },
  {
    method: 'DELETE',
    route: '/api/v1/ctf/challenges/:challengeId',
    prepare: async (c) => ({
      url: `/api/v1/ctf/challenges/${(await addChallenge(c, (await fixture(c)).orgEvent)).id}`,
    }),
    expected: SECURITY_ONLY(204),
  },
  {
    method: 'POST',
    route: '/api/v1/ctf/challenges/:challengeId/submissions',
    what: 'an organisation event, a wrong flag',
    prepare: async (c) => ({
      url: `/api/v1/ctf/challenges/${(await fixture(c)).orgChallenge}/submissions`,
      payload: { flag: 'wrong' },
    }),
    expected: ORG_PLAYERS,
  },
  {
    method: 'POST',
    route: '/api/v1/ctf/challenges/:challengeId/submissions',
    what: "team B's event, a wrong flag",
    prepare: async (c) => ({
      url: `/api/v1/ctf/challenges/${(await fixture(c)).teamBChallenge}/submissions`,
      payload: { flag: 'wrong' },
    }),
    expected: TEAM_B_PLAYERS,
  },
  {
    method: 'POST',
    route: '/api/v1/ctf/hints/:hintId/unlock',
    prepare: async (c) => ({ url: `/api/v1/ctf/hints/${(await fixture(c)).orgHint}/unlock` }),
    expected: ORG_PLAYERS,
  },
  {
    method: 'GET',
    route: '/api/v1/ctf/events/:eventId/scoreboard',
    what: 'an organisation event',
    prepare: async (c) => ({ url: `/api/v1/ctf/events/${(await fixture(c)).orgEvent}/scoreboard` }),
    expected: ALL_USERS,
  },
  {
    method: 'GET',
    route: '/api/v1/ctf/events/:eventId/scoreboard',
    what: "team B's event",
    prepare: async (c) => ({
      url: `/api/v1/ctf/events/${(await fixture(c)).teamBEvent}/scoreboard`,
    }),
    expected: TEAM_B_READERS,
  },
  {
    method: 'GET',
    route: '/api/v1/ctf/events/:eventId/challenges/export',
    what: 'without flags',
    prepare: async (c) => ({
      url: `/api/v1/ctf/events/${(await fixture(c)).orgEvent}/challenges/export`,
    }),
    expected: ORG_READERS,
  },
  {
    method: 'GET',
    route: '/api/v1/ctf/events/:eventId/challenges/export',
    what: 'with secrets',
    prepare: async (c) => ({
      url: `/api/v1/ctf/events/${(await fixture(c)).orgEvent}/challenges/export?includeSecrets=true`,
    }),
    expected: ADMIN_ONLY(200),
  },
  {
    method: 'POST',
    route: '/api/v1/ctf/events/:eventId/challenges/import',
    prepare: async (c) => ({
      url: `/api/v1/ctf/events/${(await fixture(c)).orgEvent}/challenges/import`,
      payload: {
        yaml: [
          'challenges:',
          `  - slug: ${unique('imported')}`,
          '    title: Imported',
          '    category: crypto',
          '    points: 10',
          '    flag:',
          '      kind: case_insensitive',
          `      value: f-${randomUUID()}`,
        ].join('\n'),
      },
    }),
    expected: SECURITY_ONLY(200),
  },
];
