import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildTestHub,
  buildTestOrg,
  type TestClock,
  type TestOrg,
  type TestUser,
  testClock,
} from '../auth/test-org.js';
import type { HubDatabase } from '../db/database.js';
import { freshDatabase, TEST_DIALECTS } from '../test-support/databases.js';
import { saveThreatModel } from '../threat-models/threat-model-store.js';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

const MODEL = `version: 1
name: Checkout
elements:
  - id: api
    type: process
    name: API
    attributes: { internetFacing: true, authenticates: false }
`;

interface ConsultJson {
  id: string;
  teamId: string;
  status: string;
  kind: string;
  service: string;
  description: string;
  descriptionHtml: string;
  outcome: string | null;
  outcomeHtml: string | null;
  outcomeThreatModel: { projectId: string; revision: number } | null;
  owner: { id: string; username: string } | null;
  requestedBy: { id: string; username: string } | null;
  links: string[];
  dueAt: string | null;
  wantedBy: string | null;
  triagedAt: string | null;
  closedAt: string | null;
  sla: { triageDueAt: string; completionDueAt: string; breached: boolean; state: string };
  events: { type: string; actor: { username: string } | null; data: Record<string, unknown> }[];
  consults: ConsultJson[];
  total: number;
  settings: Record<string, { triageDays: number; completionDays: number }>;
  error?: { code: string; message: string };
}

describe.each(TEST_DIALECTS)('consult routes on %s', (dialect) => {
  let hub: HubDatabase;
  let drop: () => Promise<void>;
  let clock: TestClock;
  let org: TestOrg;
  let app: FastifyInstance;

  beforeAll(async () => {
    ({ hub, drop } = await freshDatabase(dialect));
    clock = testClock();
    org = await buildTestOrg(hub, clock.now());
    app = await buildTestHub(hub, clock);
  });
  afterAll(async () => {
    await app.close();
    await drop();
  });

  const call = async (
    who: TestUser | string,
    method: 'GET' | 'POST' | 'PATCH' | 'PUT',
    url: string,
    payload?: object,
  ) => {
    const token = typeof who === 'string' ? who : who.token;
    const res = await app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}` },
      ...(payload === undefined ? {} : { payload }),
    });
    return { status: res.statusCode, json: res.json() as ConsultJson };
  };
  const file = async (who: TestUser, body: Record<string, unknown> = {}) => {
    const res = await call(who, 'POST', '/api/v1/consults', {
      teamId: org.teamA,
      kind: 'design_review',
      service: 'checkout-api',
      description: 'New **payment** flow. <script>alert(1)</script>',
      ...body,
    });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    return res.json;
  };
  const patch = (who: TestUser, id: string, body: object) =>
    call(who, 'PATCH', `/api/v1/consults/${id}`, body);

  it('runs a consult from request to a done outcome linked to a threat-model revision', async () => {
    const created = await file(org.developer, {
      projectId: org.projectA,
      wantedBy: '2025-02-01',
      links: ['https://wiki.example.com/checkout', 'http://docs.example.com/design'],
    });
    expect(created).toMatchObject({
      status: 'requested',
      kind: 'design_review',
      requestedBy: { username: 'dev' },
      links: ['https://wiki.example.com/checkout', 'http://docs.example.com/design'],
      wantedBy: '2025-02-01T23:59:59.999Z',
      sla: {
        triageDueAt: new Date(clock.now() + 2 * DAY).toISOString(),
        completionDueAt: new Date(clock.now() + 14 * DAY).toISOString(),
        breached: false,
        state: 'ok',
      },
    });
    expect(created.descriptionHtml).toContain('<strong>payment</strong>');
    expect(created.descriptionHtml).not.toContain('<script>');
    expect(created.description).toContain('<script>');

    // The developer may not work the queue; the auditor reads only.
    expect((await patch(org.developer, created.id, { status: 'triaged' })).status).toBe(403);
    expect((await patch(org.auditor, created.id, { status: 'triaged' })).status).toBe(403);
    expect((await patch(org.outsider, created.id, { status: 'triaged' })).status).toBe(404);

    clock.advance(HOUR);
    const triaged = await patch(org.security, created.id, {
      status: 'triaged',
      ownerId: org.security.id,
    });
    expect(triaged.status).toBe(200);
    expect(triaged.json).toMatchObject({ status: 'triaged', owner: { username: 'sam' } });
    expect(triaged.json.triagedAt).toBe(new Date(clock.now()).toISOString());

    // The owner must be security or admin.
    const badOwner = await patch(org.security, created.id, { ownerId: org.champion.id });
    expect(badOwner.status).toBe(400);
    expect(badOwner.json.error?.message).toMatch(/^body\.ownerId:/);

    const scheduled = await patch(org.security, created.id, {
      status: 'scheduled',
      dueAt: '2025-01-20T15:00:00Z',
    });
    expect(scheduled.json).toMatchObject({
      status: 'scheduled',
      dueAt: '2025-01-20T15:00:00.000Z',
      sla: { completionDueAt: '2025-01-20T15:00:00.000Z' },
    });
    expect((await patch(org.security, created.id, { status: 'in_progress' })).status).toBe(200);

    // Done needs an outcome; the link must name a stored revision of one of the team's projects.
    const noOutcome = await patch(org.security, created.id, { status: 'done' });
    expect(noOutcome.status).toBe(400);
    expect(noOutcome.json.error?.message).toMatch(/^body\.outcome:/);
    await saveThreatModel(hub, {
      projectId: org.projectA,
      source: MODEL,
      origin: 'api',
      author: { kind: 'user', userId: org.security.id },
      now: clock.now(),
    });
    const missing = await patch(org.security, created.id, {
      status: 'done',
      outcome: 'Reviewed.',
      outcomeThreatModel: { projectId: org.projectA, revision: 7 },
    });
    expect(missing.status).toBe(400);
    expect(missing.json.error?.message).toMatch(/^body\.outcomeThreatModel\.revision:/);
    const otherTeam = await patch(org.security, created.id, {
      outcome: 'Reviewed.',
      outcomeThreatModel: { projectId: org.projectB, revision: 1 },
    });
    expect(otherTeam.json.error?.message).toMatch(/^body\.outcomeThreatModel\.projectId:/);
    expect((await call(org.security, 'GET', `/api/v1/consults/${created.id}`)).json.status).toBe(
      'in_progress',
    );

    clock.advance(DAY);
    const done = await patch(org.security, created.id, {
      status: 'done',
      outcome: 'Threat model written: see the **spoofing** threat.',
      outcomeThreatModel: { projectId: org.projectA, revision: 1 },
    });
    expect(done.status).toBe(200);
    expect(done.json).toMatchObject({
      status: 'done',
      closedAt: new Date(clock.now()).toISOString(),
      outcomeThreatModel: { projectId: org.projectA, revision: 1 },
      sla: { breached: false, state: 'ok' },
    });

    // The team sees the outcome and the history: who did what.
    const seen = await call(org.champion, 'GET', `/api/v1/consults/${created.id}`);
    expect(seen.status).toBe(200);
    expect(seen.json.outcomeHtml).toContain('<strong>spoofing</strong>');
    expect(seen.json.events.map((e) => [e.type, e.actor?.username])).toEqual([
      ['created', 'dev'],
      ['owner', 'sam'],
      ['status', 'sam'],
      ['due', 'sam'],
      ['status', 'sam'],
      ['status', 'sam'],
      ['outcome', 'sam'],
      ['status', 'sam'],
    ]);
    expect(seen.json.events.at(-1)?.data).toEqual({ from: 'in_progress', to: 'done' });

    // Closed is final.
    const back = await patch(org.security, created.id, { status: 'triaged' });
    expect(back.status).toBe(409);
    expect(back.json.error?.code).toBe('INVALID_TRANSITION');
    expect(back.json.error?.message).toContain('from done to triaged');

    const audit = await hub.db
      .selectFrom('audit_log')
      .select('action')
      .where('target_id', '=', created.id)
      .execute();
    expect(audit.map((a) => a.action)).toContain('consult.update');
    expect(audit.map((a) => a.action)).toContain('consult.create');
  });

  it('refuses a skipped step with 409 naming from and to', async () => {
    const c = await file(org.champion);
    const res = await patch(org.security, c.id, { status: 'done', outcome: 'x' });
    expect(res.status).toBe(409);
    expect(res.json.error).toMatchObject({ code: 'INVALID_TRANSITION' });
    expect(res.json.error?.message).toContain('from requested to done');
  });

  it('names the bad field of a request', async () => {
    const bad = async (body: Record<string, unknown>, field: string) => {
      const res = await call(org.developer, 'POST', '/api/v1/consults', {
        teamId: org.teamA,
        kind: 'design_review',
        service: 'svc',
        description: 'd',
        ...body,
      });
      expect(res.status).toBe(400);
      expect(res.json.error?.code).toBe('VALIDATION');
      expect(res.json.error?.message.startsWith(`body.${field}`)).toBe(true);
    };
    await bad({ kind: 'pentest' }, 'kind');
    await bad({ service: 'x'.repeat(121) }, 'service');
    await bad({ description: 'x'.repeat(20_001) }, 'description');
    await bad({ links: ['ftp://example.com/file'] }, 'links.0');
    await bad({ links: ['not a url'] }, 'links.0');
    await bad({ links: Array.from({ length: 11 }, (_, i) => `https://e.example/${i}`) }, 'links');
    await bad({ wantedBy: 'next week' }, 'wantedBy');
    await bad({ projectId: org.projectB }, 'projectId');
  });

  it('lets members and security file, refuses auditors, hides other teams', async () => {
    expect((await file(org.security)).status).toBe('requested');
    const auditor = await call(org.auditor, 'POST', '/api/v1/consults', {
      teamId: org.teamA,
      kind: 'threat_model',
      service: 's',
      description: 'd',
    });
    expect(auditor.status).toBe(403);
    const outsider = await call(org.outsider, 'POST', '/api/v1/consults', {
      teamId: org.teamA,
      kind: 'threat_model',
      service: 's',
      description: 'd',
    });
    expect(outsider.status).toBe(404);
    const c = await file(org.developer);
    expect((await call(org.outsider, 'GET', `/api/v1/consults/${c.id}`)).status).toBe(404);
    expect((await call(org.ciToken, 'GET', `/api/v1/consults/${c.id}`)).status).toBe(403);
    expect((await call(org.auditor, 'GET', `/api/v1/consults/${c.id}`)).status).toBe(200);
    const outsiderList = await call(org.outsider, 'GET', '/api/v1/consults');
    expect(outsiderList.json.consults.some((x) => x.teamId === org.teamA)).toBe(false);
    expect((await call(org.outsider, 'GET', `/api/v1/consults?teamId=${org.teamA}`)).status).toBe(
      404,
    );
  });

  it('lets the requester or the champion cancel and comment, nobody else of the team', async () => {
    const byChampion = await file(org.champion);
    // The developer did not file it: no comment, no cancel.
    expect(
      (
        await call(org.developer, 'POST', `/api/v1/consults/${byChampion.id}/comments`, {
          text: 'me too',
        })
      ).status,
    ).toBe(403);
    expect((await patch(org.developer, byChampion.id, { status: 'cancelled' })).status).toBe(403);
    const mine = await file(org.developer);
    const comment = await call(org.developer, 'POST', `/api/v1/consults/${mine.id}/comments`, {
      text: 'The design doc is [here](https://wiki.example.com/d).',
    });
    expect(comment.status).toBe(201);
    expect(comment.json.events.at(-1)).toMatchObject({
      type: 'comment',
      actor: { username: 'dev' },
      textHtml: expect.stringContaining('href="https://wiki.example.com/d"'),
    });
    // Cancelling alone is allowed; cancelling and changing the owner is security's.
    expect(
      (await patch(org.developer, mine.id, { status: 'cancelled', ownerId: org.security.id }))
        .status,
    ).toBe(403);
    const cancelled = await patch(org.champion, mine.id, { status: 'cancelled' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.json.status).toBe('cancelled');
    expect(cancelled.json.triagedAt).toBeNull();
    expect(
      (await call(org.outsider, 'POST', `/api/v1/consults/${mine.id}/comments`, { text: 'x' }))
        .status,
    ).toBe(404);
  });

  it('computes the SLA as the clock moves, and settings change the targets', async () => {
    const review = await file(org.developer, { service: 'sla-review' });
    const model = await file(org.developer, { service: 'sla-model', kind: 'threat_model' });
    const get = async (id: string) =>
      (await call(org.developer, 'GET', `/api/v1/consults/${id}`)).json.sla;
    clock.advance(40 * HOUR);
    expect(await get(review.id)).toMatchObject({ breached: false, state: 'due_soon' });
    clock.advance(9 * HOUR);
    expect(await get(review.id)).toMatchObject({ breached: true, state: 'breached' });
    expect(await get(model.id)).toMatchObject({ breached: true, state: 'breached' });

    // Only security sets the targets; a longer triage target for threat models un-breaches it.
    expect(
      (
        await call(org.champion, 'PUT', '/api/v1/consults/settings', {
          threat_model: { triageDays: 5, completionDays: 30 },
        })
      ).status,
    ).toBe(403);
    const badTargets = await call(org.security, 'PUT', '/api/v1/consults/settings', {
      threat_model: { triageDays: 0, completionDays: 30 },
    });
    expect(badTargets.json.error?.message).toMatch(/^body\.threat_model\.triageDays:/);
    const set = await call(org.security, 'PUT', '/api/v1/consults/settings', {
      threat_model: { triageDays: 5, completionDays: 30 },
    });
    expect(set.status).toBe(200);
    expect(set.json.settings).toEqual({
      design_review: { triageDays: 2, completionDays: 14 },
      threat_model: { triageDays: 5, completionDays: 30 },
    });
    expect((await call(org.developer, 'GET', '/api/v1/consults/settings')).json.settings).toEqual(
      set.json.settings,
    );
    expect(await get(model.id)).toMatchObject({
      breached: false,
      state: 'ok',
      triageDueAt: new Date(Date.parse(model.sla.triageDueAt) + 3 * DAY).toISOString(),
    });
    expect(await get(review.id)).toMatchObject({ breached: true });
    // A late triage stays a breach after the response.
    await patch(org.security, review.id, { status: 'triaged' });
    expect(await get(review.id)).toMatchObject({ breached: true });
  });

  it('lists the queue by urgency, with filters and pages', async () => {
    const fresh = await freshDatabase(dialect);
    const local = testClock();
    const o = await buildTestOrg(fresh.hub, local.now());
    const a = await buildTestHub(fresh.hub, local);
    try {
      const post = async (body: object) =>
        (
          await a.inject({
            method: 'POST',
            url: '/api/v1/consults',
            headers: { authorization: `Bearer ${o.developer.token}` },
            payload: { teamId: o.teamA, description: 'd', ...body },
          })
        ).json() as ConsultJson;
      const first = await post({ kind: 'threat_model', service: 'first' });
      local.advance(HOUR);
      await post({ kind: 'design_review', service: 'second' });
      local.advance(HOUR);
      const third = await post({ kind: 'design_review', service: 'third' });
      const work = (id: string, body: object) =>
        a.inject({
          method: 'PATCH',
          url: `/api/v1/consults/${id}`,
          headers: { authorization: `Bearer ${o.security.token}` },
          payload: body,
        });
      // Triaged: now its completion deadline counts (14 or 21 days), later than the others' triage.
      expect((await work(first.id, { status: 'triaged', ownerId: o.security.id })).statusCode).toBe(
        200,
      );
      expect(
        (await work(third.id, { status: 'declined', outcome: 'Out of scope.' })).statusCode,
      ).toBe(200);
      const list = async (who: TestUser, query = '') =>
        (
          await a.inject({
            method: 'GET',
            url: `/api/v1/consults${query}`,
            headers: { authorization: `Bearer ${who.token}` },
          })
        ).json() as ConsultJson & { limit: number; offset: number };
      const all = await list(o.security);
      expect(all.consults.map((c) => c.service)).toEqual(['second', 'first', 'third']);
      expect(all.total).toBe(3);
      expect((await list(o.security, '?open=true')).consults.map((c) => c.service)).toEqual([
        'second',
        'first',
      ]);
      expect((await list(o.security, '?owner=me')).consults.map((c) => c.id)).toEqual([first.id]);
      expect((await list(o.security, '?status=declined,triaged&kind=threat_model')).total).toBe(1);
      const page = await list(o.developer, '?limit=1&offset=1');
      expect(page).toMatchObject({ total: 3, limit: 1, offset: 1 });
      expect(page.consults.map((c) => c.service)).toEqual(['first']);
      expect((await list(o.security, '?sort=newest')).consults.map((c) => c.service)).toEqual([
        'third',
        'second',
        'first',
      ]);
      expect((await list(o.outsider)).total).toBe(0);
      expect(
        (
          await a.inject({
            method: 'GET',
            url: '/api/v1/consults?open=maybe',
            headers: { authorization: `Bearer ${o.security.token}` },
          })
        ).statusCode,
      ).toBe(400);
    } finally {
      await a.close();
      await fresh.drop();
    }
  });
});
