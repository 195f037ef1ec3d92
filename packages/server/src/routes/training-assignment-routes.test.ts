import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Finding, Severity } from '@rampart/core';
import { Catalog, loadModules } from '@rampart/training';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHub } from '../app.js';
import { registerAuthentication } from '../auth/authenticate.js';
import { addUser, buildTestOrg, type TestOrg, type TestUser, testClock } from '../auth/test-org.js';
import type { HubDatabase } from '../db/database.js';
import { ingestScan } from '../ingest/ingest-scan.js';
import { codeFinding, findingsOf, reportBody, seedProject } from '../ingest/ingest-test-support.js';
import { triageFinding } from '../lifecycle/triage-actions.js';
import { freshDatabase, TEST_DIALECTS } from '../test-support/databases.js';
import { trainingAssignmentsJob } from '../training/assignment-job.js';
import { trainingDb } from '../training/tables.js';
import { registerTrainingRoutes } from './training-routes.js';

const DAY = 24 * 60 * 60 * 1000;

// Training rules, the assignment job, assignments and effectiveness, over a catalog written
// to a temporary folder (every question's right answer is choice 1).

const SPECS = [
  { id: 'sqli', cwe: ['CWE-89'], questions: 5 },
  { id: 'xss', cwe: ['CWE-79'], questions: 3 },
  { id: 'multi', cwe: ['CWE-89', 'CWE-22'], questions: 3 },
];

function moduleText(spec: (typeof SPECS)[number]): string {
  const quiz = Array.from(
    { length: spec.questions },
    (_, n) =>
      `  - question: "Question ${n + 1} of ${spec.id}?"\n    choices: ["wrong ${n}", "right ${n}", "also wrong ${n}"]\n    answer: 1\n    explanation: "Explanation ${n} of ${spec.id}."\n`,
  ).join('');
  return [
    '---',
    `id: ${spec.id}`,
    `title: Title of ${spec.id}`,
    `summary: What ${spec.id} teaches, in one sentence.`,
    `cwe: [${spec.cwe.join(', ')}]`,
    'languages: [any]',
    'frameworks: []',
    'level: beginner',
    'minutes: 10',
    'quiz:',
    `${quiz}---`,
    '',
    `# ${spec.id}`,
    '',
  ].join('\n');
}

async function setup(hub: HubDatabase, clock: ReturnType<typeof testClock>) {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-training-rules-'));
  for (const spec of SPECS) writeFileSync(join(dir, `${spec.id}.md`), moduleText(spec));
  const catalog = new Catalog(await loadModules(dir, 'organisation'));
  const app = buildHub({ database: hub, logger: false });
  registerAuthentication(app, { database: hub, now: clock.now });
  registerTrainingRoutes(app, { database: hub, now: clock.now, training: catalog });
  await app.ready();
  return { app, dir };
}

const finding = (key: string, cwe: string, severity: Severity = 'high'): Finding => ({
  ...codeFinding(key, { severity }),
  cwe: [cwe],
});

function client(app: () => FastifyInstance) {
  const as = (user: TestUser) => ({ authorization: `Bearer ${user.token}` });
  return {
    get: (user: TestUser, url: string) => app().inject({ method: 'GET', url, headers: as(user) }),
    send: (user: TestUser, method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
      app().inject({
        method,
        url,
        headers: as(user),
        ...(payload === undefined ? {} : { payload }),
      }),
    pass: (user: TestUser, moduleId: string) => {
      const questions = SPECS.find((s) => s.id === moduleId)?.questions ?? 0;
      return app().inject({
        method: 'POST',
        url: `/api/v1/training/modules/${moduleId}/attempts`,
        headers: as(user),
        payload: { answers: Array.from({ length: questions }, () => 1) },
      });
    },
  };
}

describe.each(TEST_DIALECTS)('training rules and assignments on %s', (dialect) => {
  let hub: HubDatabase;
  let drop: () => Promise<void>;
  let app: FastifyInstance;
  let dir: string;
  let org: TestOrg;
  const clock = testClock();
  const start = clock.now();
  const { get, send, pass } = client(() => app);
  const runJob = () =>
    trainingAssignmentsJob.run(hub, clock.now, { deliverDue: async () => ({}) as never });
  const ingest = (projectId: string, findings: Finding[], at: number) =>
    ingestScan(hub, { projectId, body: reportBody({ findings, at, stage: 'main' }), now: at });
  let sqlRule: string;

  beforeAll(async () => {
    ({ hub, drop } = await freshDatabase(dialect));
    org = await buildTestOrg(hub, start);
    ({ app, dir } = await setup(hub, clock));
  });

  afterAll(async () => {
    await app?.close();
    await drop?.();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('lets security and admin write rules, everyone read them, and audit-logs changes', async () => {
    const body = {
      name: 'SQL injection, high',
      cwe: 'cwe-89',
      minSeverity: 'high',
      moduleId: 'sqli',
      teamId: org.teamA,
      dueDays: 14,
    };
    const created = await send(org.security, 'POST', '/api/v1/training/rules', body);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      name: 'SQL injection, high',
      cwe: 'CWE-89',
      minSeverity: 'high',
      moduleId: 'sqli',
      teamId: org.teamA,
      dueDays: 14,
      active: true,
      createdBy: org.security.id,
      createdAt: new Date(start).toISOString(),
      checkedUntil: null,
    });
    sqlRule = created.json().id;
    const xss = await send(org.admin, 'POST', '/api/v1/training/rules', {
      name: 'XSS anywhere',
      cwe: 'CWE-79',
      minSeverity: 'medium',
      moduleId: 'xss',
      dueDays: 7,
    });
    expect(xss.json()).toMatchObject({ teamId: null, active: true });
    const inactive = await send(org.admin, 'POST', '/api/v1/training/rules', {
      name: 'Inactive',
      cwe: 'CWE-89',
      minSeverity: 'low',
      moduleId: 'multi',
      dueDays: 1,
      active: false,
    });
    expect(inactive.statusCode).toBe(201);

    for (const [payload, message] of [
      [{ ...body, moduleId: 'nope' }, /^body\.moduleId: no module "nope"/],
      [{ ...body, teamId: 'no-such-team' }, /^body\.teamId: no such team/],
      [{ ...body, dueDays: 0 }, /^body\.dueDays/],
      [{ ...body, dueDays: 366 }, /^body\.dueDays/],
      [{ ...body, minSeverity: 'info' }, /^body\.minSeverity/],
      [{ ...body, cwe: '89' }, /^body\.cwe/],
    ] as const) {
      const res = await send(org.security, 'POST', '/api/v1/training/rules', payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.message).toMatch(message);
    }
    expect((await send(org.champion, 'POST', '/api/v1/training/rules', body)).statusCode).toBe(403);
    expect(
      (await send(org.auditor, 'PATCH', `/api/v1/training/rules/${sqlRule}`, { active: false }))
        .statusCode,
    ).toBe(403);
    expect(
      (await send(org.security, 'PATCH', `/api/v1/training/rules/${sqlRule}`, {})).statusCode,
    ).toBe(400);

    const listed = await get(org.developer, '/api/v1/training/rules');
    expect(listed.statusCode).toBe(200);
    expect(listed.json().rules.map((r: { name: string }) => r.name)).toEqual([
      'SQL injection, high',
      'XSS anywhere',
      'Inactive',
    ]);

    const renamed = await send(org.security, 'PATCH', `/api/v1/training/rules/${sqlRule}`, {
      name: 'SQLi (high+)',
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({ name: 'SQLi (high+)', cwe: 'CWE-89', active: true });
    const doomed = await send(org.security, 'POST', '/api/v1/training/rules', body);
    const doomedId = doomed.json().id;
    expect(
      (await send(org.security, 'DELETE', `/api/v1/training/rules/${doomedId}`)).statusCode,
    ).toBe(204);
    expect(
      (await send(org.security, 'DELETE', `/api/v1/training/rules/${doomedId}`)).statusCode,
    ).toBe(404);
    expect(
      (await send(org.security, 'PATCH', `/api/v1/training/rules/${doomedId}`, { active: true }))
        .statusCode,
    ).toBe(404);

    const audit = await hub.db
      .selectFrom('audit_log')
      .select(['action', 'target_id', 'actor_id'])
      .where('target_type', '=', 'training_rule')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'training_rule.create',
      'training_rule.create',
      'training_rule.create',
      'training_rule.update',
      'training_rule.create',
      'training_rule.delete',
    ]);
    expect(audit[3]).toMatchObject({ target_id: sqlRule, actor_id: org.security.id });
  });

  it('assigns modules from new findings, once, and completes them on a pass', async () => {
    // The champion passed sqli before: they are not assigned it.
    expect((await pass(org.champion, 'sqli')).statusCode).toBe(200);
    // Before the rules: ignored. Low: below the rule's severity. A false positive: not open.
    await ingest(org.projectA, [finding('old-sql', 'CWE-89', 'critical')], start - DAY);
    clock.advance(60 * 60_000);
    await ingest(
      org.projectA,
      [
        finding('sql-low', 'CWE-89', 'low'),
        finding('sql-high', 'CWE-89', 'high'),
        finding('sql-crit', 'CWE-89', 'critical'),
      ],
      start + 30 * 60_000,
    );
    await ingest(org.projectB, [finding('xss-b', 'CWE-79', 'medium')], start + 40 * 60_000);
    const rowsA = await findingsOf(hub, org.projectA);
    const idA = (key: string) => rowsA.get(`fp-${key}`)?.id as string;
    const xssB = (await findingsOf(hub, org.projectB)).get('fp-xss-b')?.id as string;

    const assignedAt = clock.now();
    // Two runs at once (two instances): the partial unique index keeps one open assignment
    // per person and module, so together they assign each once.
    const both = await Promise.all([runJob(), runJob()]);
    expect(both.reduce((sum, o) => sum + (o.assigned ?? 0), 0)).toBe(2);
    // Idempotent: a later run assigns nothing more.
    expect(await runJob()).toEqual({ assigned: 0, completed: 0 });
    const stored = await trainingDb(hub.db)
      .selectFrom('training_assignments')
      .select(['user_id', 'module_id', 'team_id', 'finding_id', 'rule_id'])
      .orderBy('module_id')
      .execute();
    expect(stored).toEqual([
      // The earliest matching finding of the team (sql-high and sql-crit share a time: by id).
      {
        user_id: org.developer.id,
        module_id: 'sqli',
        team_id: org.teamA,
        finding_id: [idA('sql-high'), idA('sql-crit')].sort()[0],
        rule_id: sqlRule,
      },
      {
        user_id: org.outsider.id,
        module_id: 'xss',
        team_id: org.teamB,
        finding_id: xssB,
        rule_id: expect.any(String),
      },
    ]);
    const rule = (await get(org.developer, '/api/v1/training/rules')).json().rules[0];
    expect(rule.checkedUntil).toBe(new Date(assignedAt).toISOString());

    const mine = await get(org.developer, '/api/v1/me/training/assignments');
    expect(mine.statusCode).toBe(200);
    expect(mine.json().assignments).toEqual([
      {
        id: expect.any(String),
        moduleId: 'sqli',
        title: 'Title of sqli',
        ruleId: sqlRule,
        ruleName: 'SQLi (high+)',
        teamId: org.teamA,
        teamName: 'payments',
        findingId: stored[0]?.finding_id,
        assignedAt: new Date(assignedAt).toISOString(),
        dueAt: new Date(assignedAt + 14 * DAY).toISOString(),
        completedAt: null,
        overdue: false,
      },
    ]);
    expect((await get(org.champion, '/api/v1/me/training/assignments')).json().assignments).toEqual(
      [],
    );

    clock.advance(15 * DAY);
    const overdue = (await get(org.developer, '/api/v1/me/training')).json();
    expect(overdue.assignments).toMatchObject([{ moduleId: 'sqli', overdue: true }]);
    const team = await get(org.champion, `/api/v1/teams/${org.teamA}/training/assignments`);
    expect(team.statusCode).toBe(200);
    expect(team.json()).toMatchObject({
      teamId: org.teamA,
      totals: { open: 1, overdue: 1, completed: 0 },
    });
    const byUser = new Map(
      team.json().members.map((m: { userId: string }) => [m.userId, m] as const),
    );
    expect(byUser.get(org.developer.id)).toMatchObject({ open: 1, overdue: 1, completed: 0 });
    expect(byUser.get(org.champion.id)).toMatchObject({ open: 0, overdue: 0, completed: 0 });
    expect(
      (await get(org.outsider, `/api/v1/teams/${org.teamA}/training/assignments`)).statusCode,
    ).toBe(404);

    // The developer passes: the assignment is completed at once.
    const passedAt = clock.now();
    expect((await pass(org.developer, 'sqli')).json().passed).toBe(true);
    const done = (await get(org.developer, '/api/v1/me/training/assignments')).json();
    expect(done.assignments).toMatchObject([
      { moduleId: 'sqli', completedAt: new Date(passedAt).toISOString(), overdue: false },
    ]);
    expect(
      (await get(org.security, `/api/v1/teams/${org.teamA}/training/assignments`)).json().totals,
    ).toEqual({ open: 0, overdue: 0, completed: 1 });

    // A new finding later: both members passed, nobody is assigned again.
    await ingest(org.projectA, [finding('sql-new', 'CWE-89', 'critical')], clock.now());
    expect(await runJob()).toEqual({ assigned: 0, completed: 0 });

    // A completion the attempt route did not see (written directly) is caught by the job.
    await trainingDb(hub.db)
      .insertInto('training_completions')
      .values({
        user_id: org.outsider.id,
        module_id: 'xss',
        completed_at: passedAt,
        best_score: 100,
      })
      .execute();
    expect(await runJob()).toEqual({ assigned: 0, completed: 1 });
    const outsider = (await get(org.outsider, '/api/v1/me/training/assignments')).json();
    expect(outsider.assignments).toMatchObject([
      { moduleId: 'xss', completedAt: new Date(passedAt).toISOString() },
    ]);

    // A deactivated rule assigns nothing; a deleted one leaves its assignments.
    await send(org.security, 'PATCH', `/api/v1/training/rules/${sqlRule}`, { active: false });
    const newcomer = await addUser(hub, clock.now(), 'newcomer', null, {
      id: org.teamA,
      role: 'developer',
    });
    await ingest(org.projectA, [finding('sql-newer', 'CWE-89', 'critical')], clock.now());
    expect(await runJob()).toEqual({ assigned: 0, completed: 0 });
    expect((await send(org.admin, 'DELETE', `/api/v1/training/rules/${sqlRule}`)).statusCode).toBe(
      204,
    );
    const kept = (await get(org.developer, '/api/v1/me/training/assignments')).json();
    expect(kept.assignments).toMatchObject([{ moduleId: 'sqli', ruleId: null, ruleName: null }]);
    expect((await get(newcomer, '/api/v1/me/training/assignments')).json().assignments).toEqual([]);
  });
});

describe.each(TEST_DIALECTS)('training effectiveness on %s', (dialect) => {
  let hub: HubDatabase;
  let drop: () => Promise<void>;
  let app: FastifyInstance;
  let dir: string;
  // T: the first pass; the clock starts 5 days before it.
  const T = Date.UTC(2025, 2, 3, 12, 0, 0);
  const clock = testClock(T - 5 * DAY);
  const { get, pass } = client(() => app);
  const iso = (ms: number) => new Date(ms).toISOString();
  let org: TestOrg;
  let teamE: string;
  let teamF: string;

  beforeAll(async () => {
    ({ hub, drop } = await freshDatabase(dialect));
    org = await buildTestOrg(hub, T - 200 * DAY);
    ({ app, dir } = await setup(hub, clock));
    const e = await seedProject(hub, 'effect-e');
    const f = await seedProject(hub, 'effect-f');
    teamE = e.teamId;
    teamF = f.teamId;
    const ingest = (projectId: string, findings: Finding[], at: number) =>
      ingestScan(hub, {
        projectId,
        body: reportBody({ findings, at, stage: 'main' }),
        now: at,
      });
    const many = (prefix: string, n: number, cwe: string) =>
      Array.from({ length: n }, (_, i) => finding(`${prefix}-${i}`, cwe));
    // Team E: each scan reports only its new findings (the earlier ones are fixed: they still
    // count as new findings when first seen).
    await ingest(e.projectId, many('e-100', 2, 'CWE-89'), T - 100 * DAY);
    await ingest(e.projectId, many('e-30', 3, 'CWE-89'), T - 30 * DAY);
    await ingest(e.projectId, many('e+5', 4, 'CWE-89'), T + 5 * DAY);
    await ingest(e.projectId, many('e+15', 5, 'CWE-79'), T + 15 * DAY);
    await ingest(e.projectId, many('e+20', 1, 'CWE-89'), T + 20 * DAY);
    await ingest(e.projectId, many('e+45', 6, 'CWE-79'), T + 45 * DAY);
    await ingest(e.projectId, many('e+65', 1, 'CWE-89'), T + 65 * DAY);
    // One of the findings 30 days before is a false positive: not counted.
    const rows = await findingsOf(hub, e.projectId);
    await triageFinding(
      hub,
      rows.get('fp-e-30-0')?.id as string,
      { action: 'false_positive', reason: 'test code' },
      org.security.id,
      T - 29 * DAY,
    );
    // Team F started scanning 5 days before its completion.
    await ingest(f.projectId, many('f+5', 1, 'CWE-89'), T + 5 * DAY);
  });

  afterAll(async () => {
    await app?.close();
    await drop?.();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('compares the rate of new findings before and after the team completed a module', async () => {
    const member = (name: string, teamId: string) =>
      addUser(hub, T - 200 * DAY, name, null, { id: teamId, role: 'developer' });
    const [e1, e2, e3, e4, e5] = await Promise.all(
      ['e1', 'e2', 'e3', 'e4', 'e5'].map((n) => member(n, teamE)),
    );
    const f1 = await member('f1', teamF);
    const ok = async (user: TestUser | undefined, moduleId: string) =>
      expect((await pass(user as TestUser, moduleId)).json().passed).toBe(true);
    await ok(e5, 'sqli'); // T - 5 days; e5 is disabled below, so it does not count
    clock.advance(5 * DAY);
    await ok(e1, 'sqli'); // T
    clock.advance(10 * DAY);
    await ok(e2, 'sqli'); // T + 10 days: 2 of 4 members, the team completed sqli
    await ok(f1, 'sqli'); // 1 of 1
    clock.advance(30 * DAY);
    await ok(e3, 'xss'); // T + 40 days
    await ok(e4, 'xss'); // 2 of 4: completed
    await ok(e4, 'multi'); // 1 of 4: not yet
    clock.advance(30 * DAY); // now: T + 70 days
    await hub.db
      .updateTable('users')
      .set({ disabled: 1 })
      .where('id', '=', e5?.id as string)
      .execute();

    const res = await get(e1 as TestUser, `/api/v1/teams/${teamE}/training/effectiveness`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ teamId: teamE, members: 4, generatedAt: iso(T + 70 * DAY) });
    expect(body.modules).toEqual([
      {
        module: { id: 'sqli', title: 'Title of sqli', cwe: ['CWE-89'] },
        members: 4,
        passed: 2,
        share: 0.5,
        teamCompletedAt: iso(T + 10 * DAY),
        // 60 days each side. Before [T-50d, T+10d): 2 of the 3 at T-30d (one is a false
        // positive) and the 4 at T+5d; T-100d is outside. After [T+10d, T+70d): T+20d, T+65d.
        cwes: [
          {
            cwe: 'CWE-89',
            before: {
              from: iso(T - 50 * DAY),
              to: iso(T + 10 * DAY),
              findings: 6,
              days: 60,
              per30Days: 3,
            },
            after: {
              from: iso(T + 10 * DAY),
              to: iso(T + 70 * DAY),
              findings: 2,
              days: 60,
              per30Days: 1,
            },
            lowSample: true,
          },
        ],
      },
      {
        module: { id: 'xss', title: 'Title of xss', cwe: ['CWE-79'] },
        members: 4,
        passed: 2,
        share: 0.5,
        teamCompletedAt: iso(T + 40 * DAY),
        // 30 days each side: 5 findings before (T+15), 6 after (T+45).
        cwes: [
          {
            cwe: 'CWE-79',
            before: {
              from: iso(T + 10 * DAY),
              to: iso(T + 40 * DAY),
              findings: 5,
              days: 30,
              per30Days: 5,
            },
            after: {
              from: iso(T + 40 * DAY),
              to: iso(T + 70 * DAY),
              findings: 6,
              days: 30,
              per30Days: 6,
            },
            lowSample: false,
          },
        ],
      },
      {
        module: { id: 'multi', title: 'Title of multi', cwe: ['CWE-89', 'CWE-22'] },
        members: 4,
        passed: 1,
        share: 0.25,
        teamCompletedAt: null,
        cwes: [],
      },
    ]);

    // Team F's first scan was 5 days before its completion: 5 days observed before.
    const f = (await get(f1 as TestUser, `/api/v1/teams/${teamF}/training/effectiveness`)).json();
    expect(f.modules).toEqual([
      {
        module: { id: 'sqli', title: 'Title of sqli', cwe: ['CWE-89'] },
        members: 1,
        passed: 1,
        share: 1,
        teamCompletedAt: iso(T + 10 * DAY),
        cwes: [
          {
            cwe: 'CWE-89',
            before: {
              from: iso(T - 50 * DAY),
              to: iso(T + 10 * DAY),
              findings: 1,
              days: 5,
              per30Days: 6,
            },
            after: {
              from: iso(T + 10 * DAY),
              to: iso(T + 70 * DAY),
              findings: 0,
              days: 60,
              per30Days: 0,
            },
            lowSample: true,
          },
        ],
      },
    ]);

    // Readers only; a team without passes lists nothing.
    expect(
      (await get(f1 as TestUser, `/api/v1/teams/${teamE}/training/effectiveness`)).statusCode,
    ).toBe(404);
    expect(
      (await get(org.auditor, `/api/v1/teams/${org.teamA}/training/effectiveness`)).json().modules,
    ).toEqual([]);
    expect((await get(org.admin, '/api/v1/teams/nope/training/effectiveness')).statusCode).toBe(
      404,
    );
  });
});
