import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addUser,
  buildTestHub,
  buildTestOrg,
  type TestOrg,
  type TestUser,
  testClock,
} from '../auth/test-org.js';
import { ctfDb } from '../ctf/tables.js';
import type { HubDatabase } from '../db/database.js';
import { freshDatabase, TEST_DIALECTS } from '../test-support/databases.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

interface Challenge {
  id: string;
  slug: string;
  description: string | null;
  value: number;
  solves: number;
  solvedByMe: boolean;
  locked: boolean;
  hints: { id: string; cost: number; unlocked: boolean; text: string | null }[];
}
interface Entry {
  rank: number;
  participant: { kind: string; id: string; name: string };
  score: number;
  solves: number;
  firstBloods: number;
  hintCost: number;
}

describe.each(TEST_DIALECTS)('CTF routes on %s', (dialect) => {
  let hub: HubDatabase;
  let drop: () => Promise<void>;
  let app: FastifyInstance;
  let org: TestOrg;
  const clock = testClock();
  /** Everything a test sent or received, to search for flags. */
  const seen: string[] = [];

  const call = async (user: TestUser, method: string, url: string, payload?: unknown) => {
    const res = await app.inject({
      method: method as 'GET',
      url,
      headers: { authorization: `Bearer ${user.token}` },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    seen.push(res.body);
    return res;
  };
  const ok = async (user: TestUser, method: string, url: string, payload?: unknown) => {
    const res = await call(user, method, url, payload);
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json();
  };
  const newEvent = async (fields: Record<string, unknown> = {}): Promise<string> => {
    const event = await ok(org.admin, 'POST', '/api/v1/ctf/events', {
      name: `ctf ${randomUUID().slice(0, 6)}`,
      startsAt: new Date(clock.now() - HOUR).toISOString(),
      endsAt: new Date(clock.now() + 24 * HOUR).toISOString(),
      visibility: 'organisation',
      ...fields,
    });
    return event.id;
  };
  const newChallenge = async (
    eventId: string,
    fields: Record<string, unknown> = {},
  ): Promise<Challenge> =>
    ok(org.security, 'POST', `/api/v1/ctf/events/${eventId}/challenges`, {
      slug: `c-${randomUUID().slice(0, 8)}`,
      title: 'A challenge',
      category: 'web',
      description: 'The secret is in the cookie.',
      points: 100,
      flag: { kind: 'static', value: `FLAG{${randomUUID()}}` },
      ...fields,
    });
  const submit = (user: TestUser, challengeId: string, flag: string) =>
    call(user, 'POST', `/api/v1/ctf/challenges/${challengeId}/submissions`, { flag });
  const challenges = async (user: TestUser, eventId: string): Promise<Challenge[]> =>
    (await ok(user, 'GET', `/api/v1/ctf/events/${eventId}/challenges`)).challenges;
  const board = async (
    user: TestUser,
    eventId: string,
  ): Promise<{ frozen: boolean; entries: Entry[] }> =>
    ok(user, 'GET', `/api/v1/ctf/events/${eventId}/scoreboard`);
  const players = async (n: number) => {
    const users: TestUser[] = [];
    for (let i = 0; i < n; i++)
      users.push(await addUser(hub, clock.now(), `p-${randomUUID().slice(0, 8)}`, null));
    return users;
  };

  beforeAll(async () => {
    ({ hub, drop } = await freshDatabase(dialect));
    org = await buildTestOrg(hub, clock.now());
    app = await buildTestHub(hub, clock);
  });
  afterAll(async () => {
    await app.close();
    await drop();
  });

  it('never shows a flag or its hash, and stores no static flag in clear', async () => {
    const eventId = await newEvent();
    const flag = `FLAG{${randomUUID()}}`;
    const loose = `Loose{${randomUUID()}}`;
    const pattern = `rx\\{${randomUUID().slice(0, 8)}-[0-9]+\\}`;
    const a = await newChallenge(eventId, { flag: { kind: 'static', value: flag } });
    const b = await newChallenge(eventId, { flag: { kind: 'case_insensitive', value: loose } });
    const r = await newChallenge(eventId, { flag: { kind: 'regex', pattern } });
    for (const user of [org.admin, org.security, org.auditor, org.developer]) {
      await challenges(user, eventId);
      for (const c of [a, b, r]) await ok(user, 'GET', `/api/v1/ctf/challenges/${c.id}`);
      await board(user, eventId);
    }
    await ok(org.admin, 'PATCH', `/api/v1/ctf/challenges/${a.id}`, { title: 'Renamed' });
    expect((await submit(org.developer, a.id, flag)).json()).toMatchObject({ correct: true });
    const plainExport = await call(
      org.security,
      'GET',
      `/api/v1/ctf/events/${eventId}/challenges/export`,
    );
    expect(plainExport.statusCode).toBe(200);
    expect(plainExport.body).not.toContain('flag:');

    const rows = await ctfDb(hub.db)
      .selectFrom('ctf_challenges')
      .selectAll()
      .where('event_id', '=', eventId)
      .execute();
    const hashes = rows.flatMap((row) => (row.flag_hash === null ? [] : [row.flag_hash]));
    expect(hashes).toHaveLength(2);
    for (const row of rows) {
      expect(JSON.stringify(row)).not.toContain(flag);
      expect(JSON.stringify(row).toLowerCase()).not.toContain(loose.toLowerCase());
    }
    const audit = await hub.db.selectFrom('audit_log').select('data').execute();
    const everything = [...seen, ...audit.map((x) => x.data)].join('\n');
    for (const secret of [
      flag,
      loose,
      loose.toLowerCase(),
      pattern,
      JSON.stringify(pattern),
      ...hashes,
    ])
      expect(everything).not.toContain(secret);

    // An admin's export with secrets carries hashes and the pattern, never a clear flag.
    const secretExport = await call(
      org.admin,
      'GET',
      `/api/v1/ctf/events/${eventId}/challenges/export?includeSecrets=true`,
    );
    expect(secretExport.statusCode).toBe(200);
    expect(secretExport.body).not.toContain(flag);
    expect(secretExport.body.toLowerCase()).not.toContain(loose.toLowerCase());
    for (const h of hashes) expect(secretExport.body).toContain(h);
  });

  it('checks static, case-insensitive and regex flags', async () => {
    const eventId = await newEvent();
    const s = await newChallenge(eventId, { flag: { kind: 'static', value: 'FLAG{Abc}' } });
    const ci = await newChallenge(eventId, {
      flag: { kind: 'case_insensitive', value: 'FLAG{Abc}' },
    });
    const rx = await newChallenge(eventId, {
      flag: { kind: 'regex', pattern: 'flag\\{[0-9]{3}\\}' },
    });
    expect((await submit(org.developer, s.id, 'flag{abc}')).json()).toEqual({ correct: false });
    expect((await submit(org.developer, s.id, 'FLAG{Abc}')).json()).toMatchObject({
      correct: true,
      points: 110,
      firstBlood: true,
    });
    expect((await submit(org.developer, s.id, 'FLAG{Abc}')).json()).toEqual({
      correct: true,
      alreadySolved: true,
    });
    expect((await submit(org.developer, ci.id, 'flag{abc}')).json()).toMatchObject({
      correct: true,
    });
    expect((await submit(org.champion, ci.id, 'FLAG{ABC}')).json()).toMatchObject({
      correct: true,
      firstBlood: false,
      points: 100,
    });
    expect((await submit(org.developer, rx.id, 'flag{12}')).json()).toEqual({ correct: false });
    expect((await submit(org.developer, rx.id, 'flag{123}x')).json()).toEqual({ correct: false });
    expect((await submit(org.developer, rx.id, 'flag{123}')).json()).toMatchObject({
      correct: true,
    });
    const mine = await challenges(org.developer, eventId);
    expect(mine.map((c) => c.solvedByMe)).toEqual([true, true, true]);
  });

  it('refuses submissions outside the event window (409 EVENT_NOT_RUNNING)', async () => {
    const eventId = await newEvent({
      startsAt: new Date(clock.now() + HOUR).toISOString(),
      endsAt: new Date(clock.now() + 2 * HOUR).toISOString(),
    });
    const c = await newChallenge(eventId, { flag: { kind: 'static', value: 'FLAG{late}' } });
    const before = await submit(org.developer, c.id, 'FLAG{late}');
    expect(before.statusCode).toBe(409);
    expect(before.json().error.code).toBe('EVENT_NOT_RUNNING');
    expect(await challenges(org.developer, eventId)).toEqual([]);
    clock.advance(2 * HOUR);
    try {
      const after = await submit(org.developer, c.id, 'FLAG{late}');
      expect(after.statusCode).toBe(409);
      expect(after.json().error.code).toBe('EVENT_NOT_RUNNING');
    } finally {
      clock.advance(-2 * HOUR);
    }
    const draft = await newEvent({ visibility: 'draft' });
    const d = await newChallenge(draft, { flag: { kind: 'static', value: 'FLAG{draft}' } });
    expect((await submit(org.admin, d.id, 'FLAG{draft}')).statusCode).toBe(409);
    expect((await submit(org.developer, d.id, 'FLAG{draft}')).statusCode).toBe(404);
  });

  it('scores dynamic challenges by the documented decay, with one first blood', async () => {
    const eventId = await newEvent();
    const flag = 'FLAG{decay}';
    const c = await newChallenge(eventId, {
      scoring: 'dynamic',
      points: 500,
      minimum: 100,
      decay: 10,
      flag: { kind: 'static', value: flag },
    });
    const users = await players(5);
    const value = async () => (await challenges(org.auditor, eventId))[0]?.value;
    expect(await value()).toBe(500);
    const first = (await submit(users[0] as TestUser, c.id, flag)).json();
    expect(first).toEqual({
      correct: true,
      points: 496 + 50,
      firstBlood: true,
      alreadySolved: false,
    });
    expect(await value()).toBe(496);
    expect((await submit(users[1] as TestUser, c.id, flag)).json()).toMatchObject({ points: 484 });
    expect(await value()).toBe(484);
    for (const u of users.slice(2)) await submit(u, c.id, flag);
    expect(await value()).toBe(400);
    const { entries } = await board(org.auditor, eventId);
    expect(entries.map((e) => e.score)).toEqual([450, 400, 400, 400, 400]);
    expect(entries[0]?.participant.id).toBe(users[0]?.id);
    expect(entries.map((e) => e.firstBloods)).toEqual([1, 0, 0, 0, 0]);
  });

  it('keeps scoring right under concurrent submissions', async () => {
    const eventId = await newEvent();
    const flag = 'FLAG{race}';
    const c = await newChallenge(eventId, { flag: { kind: 'static', value: flag } });
    const users = await players(20);
    const answers = await Promise.all(users.map((u) => submit(u, c.id, flag)));
    expect(answers.map((a) => a.statusCode)).toEqual(users.map(() => 200));
    expect(answers.filter((a) => a.json().firstBlood === true)).toHaveLength(1);
    const solves = await ctfDb(hub.db)
      .selectFrom('ctf_solves')
      .selectAll()
      .where('challenge_id', '=', c.id)
      .execute();
    expect(solves).toHaveLength(20);
    expect(solves.filter((s) => s.first_blood === 1)).toHaveLength(1);
    const { entries } = await board(org.admin, eventId);
    expect(entries).toHaveLength(20);
    expect(entries.reduce((sum, e) => sum + e.score, 0)).toBe(20 * 100 + 10);

    // One participant, the right flag ten times at once: one solve.
    const d = await newChallenge(eventId, { flag: { kind: 'static', value: flag } });
    const again = await Promise.all(
      Array.from({ length: 10 }, () => submit(org.developer, d.id, flag)),
    );
    expect(again.map((a) => a.json().correct)).toEqual(again.map(() => true));
    expect(again.filter((a) => a.json().alreadySolved === false)).toHaveLength(1);
    const mine = await ctfDb(hub.db)
      .selectFrom('ctf_solves')
      .selectAll()
      .where('challenge_id', '=', d.id)
      .execute();
    expect(mine).toHaveLength(1);
  });

  it('scores a team once in team mode', async () => {
    const eventId = await newEvent({ mode: 'team' });
    const flag = 'FLAG{team}';
    const c = await newChallenge(eventId, { flag: { kind: 'static', value: flag } });
    expect((await submit(org.champion, c.id, flag)).json()).toMatchObject({
      correct: true,
      firstBlood: true,
    });
    expect((await submit(org.developer, c.id, flag)).json()).toEqual({
      correct: true,
      alreadySolved: true,
    });
    expect((await challenges(org.developer, eventId))[0]?.solvedByMe).toBe(true);
    const { entries } = await board(org.developer, eventId);
    expect(entries).toEqual([
      expect.objectContaining({
        participant: { kind: 'team', id: org.teamA, name: 'payments' },
        score: 110,
        solves: 1,
      }),
    ]);
    // Someone in no team cannot play a team event; the mode is fixed once played.
    const [loner] = await players(1);
    expect((await submit(loner as TestUser, c.id, flag)).statusCode).toBe(403);
    const change = await call(org.admin, 'PATCH', `/api/v1/ctf/events/${eventId}`, {
      mode: 'individual',
    });
    expect(change.statusCode).toBe(409);
  });

  it('charges hints once and reveals them only after unlocking', async () => {
    const eventId = await newEvent();
    const flag = 'FLAG{hint}';
    const c = await newChallenge(eventId, {
      flag: { kind: 'static', value: flag },
      hints: [
        { text: 'Try the cookie jar.', cost: 20 },
        { text: 'Base64.', cost: 5 },
      ],
    });
    const [hint] = (await challenges(org.developer, eventId))[0]?.hints ?? [];
    expect(hint).toEqual({ id: expect.any(String), cost: 20, unlocked: false, text: null });
    const unlock = await ok(org.developer, 'POST', `/api/v1/ctf/hints/${hint?.id}/unlock`);
    expect(unlock).toMatchObject({ text: 'Try the cookie jar.', cost: 20, alreadyUnlocked: false });
    expect(
      (await ok(org.developer, 'POST', `/api/v1/ctf/hints/${hint?.id}/unlock`)).alreadyUnlocked,
    ).toBe(true);
    const after = (await challenges(org.developer, eventId))[0]?.hints;
    expect(after?.map((h) => [h.unlocked, h.text])).toEqual([
      [true, 'Try the cookie jar.'],
      [false, null],
    ]);
    expect((await challenges(org.champion, eventId))[0]?.hints[0]?.text).toBeNull();
    await submit(org.developer, c.id, flag);
    const { entries } = await board(org.developer, eventId);
    expect(entries[0]).toMatchObject({
      participant: { id: org.developer.id },
      score: 110 - 20,
      hintCost: 20,
    });
    expect(
      (await call(org.auditor, 'POST', `/api/v1/ctf/hints/${hint?.id}/unlock`)).statusCode,
    ).toBe(403);
  });

  it('locks a challenge until its prerequisites are solved', async () => {
    const eventId = await newEvent();
    const first = await newChallenge(eventId, {
      slug: 'intro',
      flag: { kind: 'static', value: 'FLAG{one}' },
    });
    const next = await newChallenge(eventId, {
      slug: 'sequel',
      description: 'Hidden until intro is solved.',
      prerequisites: ['intro'],
      flag: { kind: 'static', value: 'FLAG{two}' },
      hints: [{ text: 'h', cost: 1 }],
    });
    const view = (await challenges(org.developer, eventId)).find((c) => c.id === next.id);
    expect(view).toMatchObject({ locked: true, description: null });
    const locked = await submit(org.developer, next.id, 'FLAG{two}');
    expect(locked.statusCode).toBe(403);
    expect(locked.json().error.code).toBe('CHALLENGE_LOCKED');
    const hintId = view?.hints[0]?.id;
    expect(
      (await call(org.developer, 'POST', `/api/v1/ctf/hints/${hintId}/unlock`)).statusCode,
    ).toBe(403);
    await submit(org.developer, first.id, 'FLAG{one}');
    const open = (await challenges(org.developer, eventId)).find((c) => c.id === next.id);
    expect(open).toMatchObject({ locked: false, description: 'Hidden until intro is solved.' });
    expect((await submit(org.developer, next.id, 'FLAG{two}')).json()).toMatchObject({
      correct: true,
    });
    // A cycle is refused.
    const cycle = await call(org.admin, 'PATCH', `/api/v1/ctf/challenges/${first.id}`, {
      prerequisites: ['sequel'],
    });
    expect(cycle.statusCode).toBe(400);
  });

  it('freezes the scoreboard for players, not for admins', async () => {
    const eventId = await newEvent({
      freezeAt: new Date(clock.now() + 10 * MINUTE).toISOString(),
    });
    const flag = 'FLAG{freeze}';
    const c = await newChallenge(eventId, { flag: { kind: 'static', value: flag } });
    const [early, late] = await players(2);
    await submit(early as TestUser, c.id, flag);
    clock.advance(15 * MINUTE);
    try {
      await submit(late as TestUser, c.id, flag);
      await submit(org.developer, c.id, flag);
      const others = await board(org.champion, eventId);
      expect(others.frozen).toBe(true);
      expect(others.entries.map((e) => e.participant.id)).toEqual([early?.id]);
      const own = await board(org.developer, eventId);
      expect(own.entries.map((e) => e.participant.id).sort()).toEqual(
        [early?.id, org.developer.id].sort(),
      );
      const live = await board(org.admin, eventId);
      expect(live.frozen).toBe(false);
      expect(live.entries).toHaveLength(3);
      expect((await challenges(org.champion, eventId))[0]?.solves).toBe(1);
      expect((await challenges(org.security, eventId))[0]?.solves).toBe(3);
    } finally {
      clock.advance(-15 * MINUTE);
    }
  });

  it('rate-limits wrong flags and locks a challenge out after too many', async () => {
    const eventId = await newEvent();
    const flag = 'FLAG{patience}';
    const c = await newChallenge(eventId, { flag: { kind: 'static', value: flag } });
    const [p] = await players(1);
    const user = p as TestUser;
    const start = clock.now();
    try {
      for (let i = 0; i < 10; i++)
        expect((await submit(user, c.id, `nope-${i}`)).statusCode).toBe(200);
      const limited = await submit(user, c.id, flag);
      expect(limited.statusCode).toBe(429);
      expect(limited.json().error.code).toBe('RATE_LIMITED');
      expect(Number(limited.headers['retry-after'])).toBe(60);
      clock.advance(61_000);
      for (let i = 0; i < 10; i++)
        expect((await submit(user, c.id, `nope-${i}`)).statusCode).toBe(200);
      const locked = await submit(user, c.id, flag);
      expect(locked.statusCode).toBe(429);
      expect(locked.json().error.code).toBe('SUBMISSION_LOCKED');
      expect(Number(locked.headers['retry-after'])).toBe(600);
      clock.advance(5 * MINUTE);
      expect((await submit(user, c.id, flag)).json().error.code).toBe('SUBMISSION_LOCKED');
      // Another challenge is not locked.
      const other = await newChallenge(eventId, { flag: { kind: 'static', value: flag } });
      expect((await submit(user, other.id, flag)).json()).toMatchObject({ correct: true });
      clock.advance(5 * MINUTE);
      expect((await submit(user, c.id, flag)).json()).toMatchObject({ correct: true });
    } finally {
      clock.advance(start - clock.now());
    }
  });

  it('exports and re-imports challenges as YAML', async () => {
    const eventId = await newEvent();
    const yaml = [
      'challenges:',
      '  - slug: warm-up',
      '    title: Warm up',
      '    category: misc',
      '    description: Read the rules.',
      '    points: 50',
      '    flag: { kind: case_insensitive, value: "FLAG{Rules}" }',
      '    hints:',
      '      - text: It is in the rules.',
      '        cost: 5',
      '  - slug: heap',
      '    title: Heap',
      '    category: pwn',
      '    scoring: dynamic',
      '    points: 500',
      '    minimum: 100',
      '    decay: 20',
      '    flag: { kind: regex, pattern: "heap\\\\{[a-f0-9]{8}\\\\}" }',
      '    prerequisites: [warm-up]',
    ].join('\n');
    const imported = await call(
      org.security,
      'POST',
      `/api/v1/ctf/events/${eventId}/challenges/import`,
      {
        yaml,
      },
    );
    expect(imported.statusCode, imported.body).toBe(200);
    expect(imported.json()).toEqual({ created: ['warm-up', 'heap'], updated: [] });
    const exported = await call(
      org.admin,
      'GET',
      `/api/v1/ctf/events/${eventId}/challenges/export?includeSecrets=true`,
    );
    expect(exported.headers['content-type']).toMatch(/^application\/yaml/);
    expect(exported.body).not.toContain('Rules}');
    expect(exported.body).toContain('prerequisites:\n      - warm-up');

    // Into another event, raw YAML: the flags come along as hash and pattern.
    const copy = await newEvent();
    const again = await app.inject({
      method: 'POST',
      url: `/api/v1/ctf/events/${copy}/challenges/import`,
      headers: { authorization: `Bearer ${org.admin.token}`, 'content-type': 'application/yaml' },
      payload: exported.body,
    });
    expect(again.statusCode, again.body).toBe(200);
    const copied = await challenges(org.developer, copy);
    expect(copied.map((c) => [c.slug, c.value, c.locked])).toEqual([
      ['warm-up', 50, false],
      ['heap', 500, true],
    ]);
    expect(
      (await submit(org.developer, copied[0]?.id as string, 'flag{rules}')).json(),
    ).toMatchObject({
      correct: true,
    });
    expect(
      (await submit(org.developer, copied[1]?.id as string, 'heap{0badc0de}')).json(),
    ).toMatchObject({
      correct: true,
    });
    // Without secrets, the export re-imports into the same event as an update that keeps flags.
    const plain = await call(org.security, 'GET', `/api/v1/ctf/events/${copy}/challenges/export`);
    const same = await app.inject({
      method: 'POST',
      url: `/api/v1/ctf/events/${copy}/challenges/import`,
      headers: { authorization: `Bearer ${org.admin.token}`, 'content-type': 'text/yaml' },
      payload: plain.body,
    });
    expect(same.json()).toEqual({ created: [], updated: ['warm-up', 'heap'] });
    expect(
      (await call(org.security, 'GET', `/api/v1/ctf/events/${copy}/challenges/export`)).body,
    ).toBe(plain.body);
  });

  it('refuses a bad import with its line, leaving nothing behind', async () => {
    const eventId = await newEvent();
    const count = async () =>
      (
        await ctfDb(hub.db)
          .selectFrom('ctf_challenges')
          .select('id')
          .where('event_id', '=', eventId)
          .execute()
      ).length;
    const schemaError = await call(
      org.admin,
      'POST',
      `/api/v1/ctf/events/${eventId}/challenges/import`,
      {
        yaml: 'challenges:\n  - slug: a\n    title: A\n    category: x\n    points: lots\n',
      },
    );
    expect(schemaError.statusCode).toBe(400);
    expect(schemaError.json().error.message).toMatch(/^challenges\.yml:5:13: /);
    const semantic = await call(
      org.admin,
      'POST',
      `/api/v1/ctf/events/${eventId}/challenges/import`,
      {
        yaml: [
          'challenges:',
          '  - slug: good',
          '    title: Good',
          '    category: x',
          '    points: 1',
          '    flag: { kind: static, value: "FLAG{g}" }',
          '  - slug: bad',
          '    title: Bad',
          '    category: x',
          '    points: 1',
          '    flag: { kind: static, value: "FLAG{b}" }',
          '    prerequisites: [good, missing]',
        ].join('\n'),
      },
    );
    expect(semantic.statusCode).toBe(400);
    expect(semantic.json().error.message).toMatch(/^challenges\.yml:12:27: no challenge "missing"/);
    const noFlag = await call(
      org.admin,
      'POST',
      `/api/v1/ctf/events/${eventId}/challenges/import`,
      {
        yaml: 'challenges:\n  - slug: a\n    title: A\n    category: x\n    points: 1\n',
      },
    );
    expect(noFlag.json().error.message).toMatch(
      /^challenges\.yml:2:\d+: a new challenge needs a flag/,
    );
    expect(await count()).toBe(0);
  });

  it('manages events: validation, visibility, deletion', async () => {
    const bad = await call(org.admin, 'POST', '/api/v1/ctf/events', {
      name: 'x',
      startsAt: new Date(clock.now()).toISOString(),
      endsAt: new Date(clock.now() - 1).toISOString(),
    });
    expect(bad.statusCode).toBe(400);
    const teams = await newEvent({ visibility: 'teams', teamIds: [org.teamB] });
    expect((await call(org.developer, 'GET', `/api/v1/ctf/events/${teams}`)).statusCode).toBe(404);
    expect((await call(org.outsider, 'GET', `/api/v1/ctf/events/${teams}`)).statusCode).toBe(200);
    const listed = (await ok(org.developer, 'GET', '/api/v1/ctf/events')).events as {
      id: string;
    }[];
    expect(listed.map((e) => e.id)).not.toContain(teams);
    expect((await call(org.admin, 'DELETE', `/api/v1/ctf/events/${teams}`)).statusCode).toBe(204);
    expect((await call(org.admin, 'GET', `/api/v1/ctf/events/${teams}`)).statusCode).toBe(404);
  });
});
