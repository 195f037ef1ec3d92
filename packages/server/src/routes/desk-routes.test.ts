import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addTeam,
  addUser,
  buildTestHub,
  buildTestOrg,
  type TestOrg,
  type TestUser,
  testClock,
} from '../auth/test-org.js';
import type { HubDatabase } from '../db/database.js';
import { deskEscalationJob } from '../desk/desk-escalation-job.js';
import { escalateOverdueQuestions } from '../desk/desk-store.js';
import type { Notifier } from '../jobs/job-definition.js';
import { freshDatabase, TEST_DIALECTS } from '../test-support/databases.js';
import { addWebhook, deliveriesOf } from '../webhooks/webhook-test-support.js';

const HOUR = 60 * 60_000;
const notifier: Notifier = { deliverDue: async () => ({}) as never };

interface Question {
  id: string;
  teamId: string;
  title: string;
  body: string;
  bodyHtml: string;
  status: string;
  tags: string[];
  projectId: string | null;
  findingId: string | null;
  linksHidden: boolean;
  escalationReason: string | null;
  acceptedAnswerId: string | null;
  answers: { id: string; body: string; accepted: boolean }[];
  followUps: { id: string; body: string }[];
}
interface Page {
  questions: { id: string; status: string; rank?: number }[];
  nextOffset: number | null;
}

describe.each(TEST_DIALECTS)('desk routes on %s', (dialect) => {
  let hub: HubDatabase;
  let drop: () => Promise<void>;
  let app: FastifyInstance;
  let org: TestOrg;
  let lonelyTeam: string;
  let lonelyDev: TestUser;
  let hookId: string;
  let findingA: string;
  const clock = testClock();

  const as = (user: TestUser) => ({ authorization: `Bearer ${user.token}` });
  const call = (
    user: TestUser,
    method: 'GET' | 'POST' | 'PATCH' | 'PUT',
    url: string,
    payload?: object,
  ) => app.inject({ method, url, headers: as(user), ...(payload ? { payload } : {}) });
  const ask = async (user: TestUser, payload: object) => {
    const res = await call(user, 'POST', '/api/v1/desk/questions', payload);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as Question;
  };
  const list = async (user: TestUser, query: string) => {
    const res = await call(user, 'GET', `/api/v1/desk/questions${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Page;
  };
  const kb = async (user: TestUser, query: string) => {
    const res = await call(user, 'GET', `/api/v1/desk/knowledge-base${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Page;
  };

  beforeAll(async () => {
    ({ hub, drop } = await freshDatabase(dialect));
    org = await buildTestOrg(hub, clock.now());
    lonelyTeam = await addTeam(hub, clock.now(), 'lonely');
    lonelyDev = await addUser(hub, clock.now(), 'lone', null, {
      id: lonelyTeam,
      role: 'developer',
    });
    hookId = (await addWebhook(hub, 'https://example.com/hook', { events: ['question.escalated'] }))
      .id;
    // A webhook with a finding-severity minimum still gets question events (they have none).
    await addWebhook(hub, 'https://example.com/other', {
      events: ['question.escalated'],
      minSeverity: 'critical',
    });
    findingA = randomUUID();
    await hub.db
      .insertInto('findings')
      .values({
        id: findingA,
        project_id: org.projectA,
        fingerprint: randomUUID(),
        rule_id: 'js-eval',
        scanner: 'sast',
        severity: 'high',
        severity_override: null,
        title: 'eval',
        status: 'open',
        data: '{}',
        first_seen_at: clock.now(),
        first_seen_stage: 'main',
        first_scan_id: 's1',
        last_seen_at: clock.now(),
        last_scan_id: 's1',
        fixed_at: null,
        assignee_id: null,
        accepted_until: null,
      })
      .execute();
    app = await buildTestHub(hub, clock);
  });
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  it('routes to the champion, escalates after the configured time, and ends in the knowledge base', async () => {
    const settings = await call(org.security, 'PUT', '/api/v1/desk/settings', {
      escalateAfterHours: 24,
    });
    expect(settings.statusCode, settings.body).toBe(200);
    expect(settings.json()).toMatchObject({ escalateAfterHours: 24, updatedBy: org.security.id });

    const q = await ask(org.developer, {
      title: 'How should we store API keys for the payment gateway?',
      body: 'We keep them in `config.json` today. <script>alert(1)</script>',
      tags: ['secrets', 'crypto', 'secrets'],
      findingId: findingA,
    });
    expect(q).toMatchObject({
      teamId: org.teamA,
      status: 'open',
      tags: ['crypto', 'secrets'],
      projectId: org.projectA,
      findingId: findingA,
      linksHidden: false,
    });
    expect(q.bodyHtml).not.toContain('<script>');

    // The champion sees it waiting; security does not yet.
    const waiting = await list(org.champion, '?waitingFor=me');
    expect(waiting.questions.map((x) => x.id)).toEqual([q.id]);
    expect((await list(org.security, '?waitingFor=me')).questions).toEqual([]);
    expect(
      (await list(org.champion, `?status=open&teamId=${org.teamA}`)).questions.map((x) => x.id),
    ).toContain(q.id);

    // Not yet overdue.
    clock.advance(23 * HOUR);
    expect(await deskEscalationJob.run(hub, clock.now, notifier)).toEqual({ escalated: 0 });
    clock.advance(2 * HOUR);
    expect(await deskEscalationJob.run(hub, clock.now, notifier)).toEqual({ escalated: 1 });
    expect(await deskEscalationJob.run(hub, clock.now, notifier)).toEqual({ escalated: 0 });

    const escalated = (await call(org.developer, 'GET', `/api/v1/desk/questions/${q.id}`)).json();
    expect(escalated).toMatchObject({ status: 'escalated', escalationReason: 'timeout' });
    const deliveries = await deliveriesOf(hub, hookId);
    expect(deliveries).toHaveLength(1);
    const event = JSON.parse(deliveries[0]?.payload ?? '{}');
    expect(event).toMatchObject({
      event: 'question.escalated',
      team: { id: org.teamA, name: 'payments' },
      question: { id: q.id, title: q.title, ageHours: 25, reason: 'timeout' },
      link: `/desk/questions/${q.id}`,
    });
    expect(JSON.stringify(event)).not.toContain('config.json');
    expect((await deliveriesOf(hub)).length).toBe(2);
    const audit = await hub.db
      .selectFrom('audit_log')
      .select(['action'])
      .where('target_id', '=', q.id)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['desk.question.ask', 'desk.question.escalate']);

    // Now it waits for security.
    expect((await list(org.security, '?waitingFor=me')).questions.map((x) => x.id)).toEqual([q.id]);
    expect((await list(org.champion, '?waitingFor=me')).questions).toEqual([]);

    // A developer may not answer; security answers; the asker accepts.
    expect(
      (await call(org.developer, 'POST', `/api/v1/desk/questions/${q.id}/answers`, { body: 'x' }))
        .statusCode,
    ).toBe(403);
    const answer = await call(org.security, 'POST', `/api/v1/desk/questions/${q.id}/answers`, {
      body: 'Use the vault with short-lived leases; [docs](javascript:alert(1)) and <https://vault.example.com>',
    });
    expect(answer.statusCode, answer.body).toBe(201);
    const answerId = (answer.json() as { id: string }).id;
    expect((await list(org.security, '?waitingFor=me')).questions).toEqual([]);
    // Not in the knowledge base before it is accepted.
    expect((await kb(org.outsider, '?q=vault')).questions).toEqual([]);

    const accepted = await call(
      org.developer,
      'POST',
      `/api/v1/desk/questions/${q.id}/answers/${answerId}/accept`,
    );
    expect(accepted.statusCode, accepted.body).toBe(200);
    const done = accepted.json() as Question;
    expect(done).toMatchObject({ status: 'answered', acceptedAnswerId: answerId });
    expect(done.answers[0]?.accepted).toBe(true);
    const html = (done.answers[0] as unknown as { bodyHtml: string }).bodyHtml;
    expect(html).not.toContain('href="javascript:');
    expect(html).toContain('rel="nofollow noopener noreferrer"');

    // Found in the knowledge base by a word of the answer (stemmed: "leasing" ~ "leases").
    const found = await kb(org.outsider, '?q=vault%20leasing');
    expect(found.questions.map((x) => x.id)).toEqual([q.id]);
    expect(found.questions[0]?.rank).toBeGreaterThan(0);
    // Its excerpt is the accepted answer as plain text (the refused javascript: link stays
    // the text it was written as; the dashboard shows it as text).
    expect((found.questions[0] as unknown as { excerpt: string }).excerpt).toBe(
      'Use the vault with short-lived leases; [docs](javascript:alert(1)) and https://vault.example.com',
    );
    expect((await kb(org.outsider, '?tag=crypto')).questions.map((x) => x.id)).toEqual([q.id]);
    expect((await kb(org.outsider, '?q=vault%20-payment')).questions).toEqual([]);

    // The outsider reads it, without the finding link; can't follow up.
    const seen = await call(org.outsider, 'GET', `/api/v1/desk/questions/${q.id}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.json()).toMatchObject({ projectId: null, findingId: null, linksHidden: true });
    expect(
      (
        await call(org.outsider, 'POST', `/api/v1/desk/questions/${q.id}/follow-ups`, {
          body: 'me too',
        })
      ).statusCode,
    ).toBe(403);

    // The asker's follow-up reopens it (back to escalated: it was escalated) and takes it out of the KB.
    const follow = await call(org.developer, 'POST', `/api/v1/desk/questions/${q.id}/follow-ups`, {
      body: 'What about rotation?',
    });
    expect(follow.statusCode, follow.body).toBe(201);
    expect(follow.json()).toMatchObject({
      reopened: true,
      question: { status: 'escalated', acceptedAnswerId: null },
    });
    expect((await kb(org.outsider, '?q=vault')).questions).toEqual([]);
    expect((await call(org.outsider, 'GET', `/api/v1/desk/questions/${q.id}`)).statusCode).toBe(
      404,
    );
    // Accept again, then close: closed with an accepted answer stays in the KB.
    await call(org.champion, 'POST', `/api/v1/desk/questions/${q.id}/answers/${answerId}/accept`);
    const closed = await call(org.developer, 'PATCH', `/api/v1/desk/questions/${q.id}`, {
      status: 'closed',
    });
    expect(closed.json()).toMatchObject({ status: 'closed', acceptedAnswerId: answerId });
    expect((await kb(org.outsider, '?q=rotation')).questions.map((x) => x.id)).toEqual([q.id]);
    expect(
      (await call(org.security, 'POST', `/api/v1/desk/questions/${q.id}/answers`, { body: 'late' }))
        .statusCode,
    ).toBe(409);
  });

  it('keeps private questions out of the knowledge base, and unanswered ones from outsiders', async () => {
    const q = await ask(org.developer, {
      title: 'Private rotation question',
      body: 'zebracorn internals',
      teamId: org.teamA,
      private: true,
    });
    const a = await call(org.champion, 'POST', `/api/v1/desk/questions/${q.id}/answers`, {
      body: 'zebracorn answer',
    });
    const answerId = (a.json() as { id: string }).id;
    expect((await call(org.outsider, 'GET', `/api/v1/desk/questions/${q.id}`)).statusCode).toBe(
      404,
    );
    await call(org.developer, 'POST', `/api/v1/desk/questions/${q.id}/answers/${answerId}/accept`);
    expect((await kb(org.outsider, '?q=zebracorn')).questions).toEqual([]);
    expect((await call(org.outsider, 'GET', `/api/v1/desk/questions/${q.id}`)).statusCode).toBe(
      404,
    );
    // Team readers still find it by full text.
    expect((await list(org.auditor, '?q=zebracorn')).questions.map((x) => x.id)).toEqual([q.id]);
    expect((await list(org.outsider, '?q=zebracorn')).questions).toEqual([]);
  });

  it('escalates at once when the team has no champion', async () => {
    const before = (await deliveriesOf(hub, hookId)).length;
    const q = await ask(lonelyDev, { title: 'Anyone?', body: '', teamId: lonelyTeam });
    expect(q).toMatchObject({ status: 'escalated', escalationReason: 'no_champion' });
    const after = await deliveriesOf(hub, hookId);
    expect(after.length).toBe(before + 1);
    const mine = after.map((d) => JSON.parse(d.payload)).find((e) => e.question?.id === q.id);
    expect(mine).toMatchObject({
      question: { id: q.id, reason: 'no_champion', ageHours: 0 },
    });
    expect((await list(org.security, '?waitingFor=me')).questions.map((x) => x.id)).toContain(q.id);
  });

  it('escalates each question once when two job runs meet', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 6; i++)
      ids.push((await ask(org.developer, { title: `race ${i}`, body: '', teamId: org.teamA })).id);
    clock.advance(30 * HOUR);
    const [a, b] = await Promise.all([
      escalateOverdueQuestions(hub, clock.now(), { batch: 2 }),
      escalateOverdueQuestions(hub, clock.now(), { batch: 2 }),
    ]);
    expect(a.escalated + b.escalated).toBe(6);
    const audits = await hub.db
      .selectFrom('audit_log')
      .select('target_id')
      .where('action', '=', 'desk.question.escalate')
      .where('target_id', 'in', ids)
      .execute();
    expect(audits).toHaveLength(6);
  });

  it('refuses bad input with 400 naming the field', async () => {
    const cases: [object, string][] = [
      [{ title: 'x'.repeat(201), body: '', teamId: org.teamA }, 'body.title'],
      [{ title: 'ok', body: '', teamId: org.teamA, tags: ['Not Ok'] }, 'body.tags.0'],
      [
        {
          title: 'ok',
          body: '',
          teamId: org.teamA,
          tags: Array.from({ length: 9 }, (_, i) => `t${i}`),
        },
        'body.tags',
      ],
      [{ title: 'ok', body: 'x'.repeat(20_001), teamId: org.teamA }, 'body.body'],
      [{ title: 'ok', body: '', teamId: 'no-such-team' }, 'body.teamId'],
      [{ title: 'ok', body: '' }, 'body.teamId'],
      [{ title: 'ok', body: '', projectId: org.projectB }, 'body.projectId'],
      [{ title: 'ok', body: '', teamId: org.teamB, projectId: org.projectA }, 'body.teamId'],
    ];
    for (const [payload, field] of cases) {
      const res = await call(org.developer, 'POST', '/api/v1/desk/questions', payload);
      expect(res.statusCode, JSON.stringify(payload).slice(0, 80)).toBe(400);
      expect((res.json() as { error: { message: string } }).error.message).toMatch(
        new RegExp(`^${field.replace(/\./g, '\\.')}:`),
      );
    }
    // Asking a team one is not in is forbidden, not invalid.
    expect(
      (
        await call(org.developer, 'POST', '/api/v1/desk/questions', {
          title: 'x',
          body: '',
          teamId: org.teamB,
        })
      ).statusCode,
    ).toBe(403);
    for (const q of ['%22', 'AND%20OR', 'NEAR(', '*', '%00', '-x%20-y']) {
      const res = await call(org.developer, 'GET', `/api/v1/desk/knowledge-base?q=${q}`);
      expect([200, 400], q).toContain(res.statusCode);
      if (res.statusCode === 400) expect(res.json().error.message).toMatch(/^query\.q:/);
    }
    const bad = await call(org.security, 'PUT', '/api/v1/desk/settings', {
      escalateAfterHours: 721,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/^body\.escalateAfterHours:/);
  });

  it('lets only the asker edit, and hides unanswered questions from outsiders', async () => {
    const q = await ask(org.developer, { title: 'Edit me', body: 'first', teamId: org.teamA });
    expect((await call(org.outsider, 'GET', `/api/v1/desk/questions/${q.id}`)).statusCode).toBe(
      404,
    );
    expect(
      (await call(org.champion, 'PATCH', `/api/v1/desk/questions/${q.id}`, { title: 'no' }))
        .statusCode,
    ).toBe(403);
    const edited = await call(org.developer, 'PATCH', `/api/v1/desk/questions/${q.id}`, {
      title: 'Edited title about quokkas',
      tags: ['k8s'],
    });
    expect(edited.json()).toMatchObject({ title: 'Edited title about quokkas', tags: ['k8s'] });
    expect((await list(org.developer, '?q=quokkas&mine=true')).questions.map((x) => x.id)).toEqual([
      q.id,
    ]);
    expect((await list(org.developer, '?tag=k8s')).questions.map((x) => x.id)).toEqual([q.id]);
  });
});
