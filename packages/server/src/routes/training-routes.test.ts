import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Finding, Severity } from '@rampart/core';
import { Catalog, loadModules } from '@rampart/training';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHub } from '../app.js';
import { registerAuthentication } from '../auth/authenticate.js';
import {
  addUser,
  buildTestHub,
  buildTestOrg,
  type TestOrg,
  type TestUser,
  testClock,
} from '../auth/test-org.js';
import type { HubDatabase } from '../db/database.js';
import { ingestScan } from '../ingest/ingest-scan.js';
import { codeFinding, findingsOf, reportBody } from '../ingest/ingest-test-support.js';
import { triageFinding } from '../lifecycle/triage-actions.js';
import { freshDatabase, TEST_DIALECTS } from '../test-support/databases.js';
import { trainingDb } from '../training/tables.js';
import { registerTrainingRoutes } from './training-routes.js';

const DAY = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;

// The catalog of these tests: modules written to a temporary folder, so the numbers do not
// move while the built-in content grows. Every question's right answer is choice 1.

interface Spec {
  id: string;
  cwe: string[];
  languages: string[];
  level: string;
  questions: number;
  frameworks?: string[];
}

const SPECS: Spec[] = [
  {
    id: 'sqli-python',
    cwe: ['CWE-89'],
    languages: ['python'],
    level: 'beginner',
    questions: 5,
    frameworks: ['django'],
  },
  { id: 'aardvark-sqli-go', cwe: ['CWE-89'], languages: ['go'], level: 'beginner', questions: 3 },
  {
    id: 'beta-xss',
    cwe: ['CWE-79'],
    languages: ['javascript'],
    level: 'intermediate',
    questions: 3,
  },
  {
    id: 'gamma-injection',
    cwe: ['CWE-89', 'CWE-79'],
    languages: ['any'],
    level: 'advanced',
    questions: 3,
  },
  { id: 'delta-cmd', cwe: ['CWE-78'], languages: ['typescript'], level: 'beginner', questions: 3 },
  { id: 'epsilon-path', cwe: ['CWE-22'], languages: ['go'], level: 'advanced', questions: 3 },
];

function moduleText(spec: Spec): string {
  const quiz = Array.from(
    { length: spec.questions },
    (_, n) =>
      `  - question: "Question ${n + 1} of ${spec.id}?"\n    choices: ["wrong ${n}", "right ${n}", "also wrong ${n}"]\n    answer: 1\n    explanation: "Secret explanation ${n} of ${spec.id}."\n`,
  ).join('');
  return [
    '---',
    `id: ${spec.id}`,
    `title: Title of ${spec.id}`,
    `summary: What ${spec.id} teaches, in one sentence.`,
    `cwe: [${spec.cwe.join(', ')}]`,
    `languages: [${spec.languages.join(', ')}]`,
    `frameworks: [${(spec.frameworks ?? []).join(', ')}]`,
    `level: ${spec.level}`,
    'minutes: 10',
    'quiz:',
    `${quiz}---`,
    '',
    `# ${spec.id}`,
    '',
    'Never write <script>alert(1)</script> into a page.',
    '',
  ].join('\n');
}

interface ListEntry {
  id: string;
  title: string;
  questionCount: number;
  source: string;
  languages: string[];
  status: { completed: boolean; bestScore: number | null; completedAt: string | null };
}

interface Recommendation {
  module: { id: string };
  score: number;
  languageMatch: boolean;
  causes: { cwe: string; score: number; findings: Record<Severity, number> }[];
  completedBy: number;
  members: number;
}

const counts = (c: Partial<Record<Severity, number>>) => ({
  critical: 0,
  high: 0,
  medium: 0,
  low: 0,
  info: 0,
  ...c,
});

describe.each(TEST_DIALECTS)('training routes on %s', (dialect) => {
  let hub: HubDatabase;
  let drop: () => Promise<void>;
  let app: FastifyInstance;
  let dir: string;
  let org: TestOrg;
  const clock = testClock();
  const start = clock.now();

  const as = (user: TestUser | string) => ({
    authorization: `Bearer ${typeof user === 'string' ? user : user.token}`,
  });
  const get = (user: TestUser | string, url: string) =>
    app.inject({ method: 'GET', url, headers: as(user) });
  const attempt = (user: TestUser, moduleId: string, payload: unknown) =>
    app.inject({
      method: 'POST',
      url: `/api/v1/training/modules/${moduleId}/attempts`,
      headers: as(user),
      payload: payload as object,
    });
  const list = async (query = '', user: TestUser = org.developer): Promise<ListEntry[]> => {
    const res = await get(user, `/api/v1/training/modules${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { modules: ListEntry[] }).modules;
  };
  const ids = (entries: { id: string }[]) => entries.map((e) => e.id);
  const recommendations = async (user: TestUser, teamId: string) => {
    const res = await get(user, `/api/v1/teams/${teamId}/training/recommendations`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { languages: string[]; recommendations: Recommendation[] };
  };
  const ingest = async (findings: Finding[], at: number) => {
    await ingestScan(hub, {
      projectId: org.projectA,
      body: reportBody({ findings, at, stage: 'main' }),
      now: at,
    });
  };

  beforeAll(async () => {
    ({ hub, drop } = await freshDatabase(dialect));
    org = await buildTestOrg(hub, start);
    dir = mkdtempSync(join(tmpdir(), 'rampart-training-'));
    for (const spec of SPECS) writeFileSync(join(dir, `${spec.id}.md`), moduleText(spec));
    const catalog = new Catalog(await loadModules(dir, 'organisation'));
    app = buildHub({ database: hub, logger: false });
    registerAuthentication(app, { database: hub, now: clock.now });
    registerTrainingRoutes(app, { database: hub, now: clock.now, training: catalog });
    await app.ready();

    // Team A's findings: one scan 100 days ago (out of the window), one 10 days ago.
    const finding = (key: string, cwe: string, severity: Severity, path: string): Finding => ({
      ...codeFinding(key, { severity, path }),
      cwe: [cwe],
    });
    await ingest([finding('old', 'CWE-78', 'critical', 'src/old.ts')], start - 100 * DAY);
    await ingest(
      [
        finding('sql1', 'CWE-89', 'critical', 'app/db.py'),
        finding('sql2', 'CWE-89', 'high', 'app/query.py'),
        finding('xss1', 'CWE-79', 'medium', 'web/app.js'),
        finding('xss2', 'CWE-79', 'low', 'web/View.jsx'),
        finding('cmd', 'CWE-78', 'high', 'src/run.ts'),
        finding('path', 'CWE-22', 'info', 'cmd/main.go'),
      ],
      start - 10 * DAY,
    );
    const rows = await findingsOf(hub, org.projectA);
    const idOf = (key: string) => rows.get(`fp-${key}`)?.id as string;
    await triageFinding(
      hub,
      idOf('cmd'),
      { action: 'false_positive', reason: 'test code' },
      org.champion.id,
      start - 5 * DAY,
    );
    await triageFinding(
      hub,
      idOf('xss2'),
      { action: 'override_severity', severity: 'high', reason: 'reachable' },
      org.champion.id,
      start - 5 * DAY,
    );
  });

  afterAll(async () => {
    await app?.close();
    await drop?.();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('lists the catalog with its filters and the caller status', async () => {
    const all = await list();
    expect(ids(all)).toEqual([
      'aardvark-sqli-go',
      'beta-xss',
      'delta-cmd',
      'epsilon-path',
      'gamma-injection',
      'sqli-python',
    ]);
    expect(all.find((m) => m.id === 'sqli-python')).toMatchObject({
      title: 'Title of sqli-python',
      questionCount: 5,
      source: 'organisation',
      languages: ['python'],
      status: { completed: false, bestScore: null, completedAt: null },
    });
    expect(ids(await list('?cwe=CWE-89'))).toEqual([
      'aardvark-sqli-go',
      'gamma-injection',
      'sqli-python',
    ]);
    expect(ids(await list('?cwe=cwe-79'))).toEqual(['beta-xss', 'gamma-injection']);
    // A language filter keeps the modules for any language.
    expect(ids(await list('?language=python'))).toEqual(['gamma-injection', 'sqli-python']);
    expect(ids(await list('?level=advanced'))).toEqual(['epsilon-path', 'gamma-injection']);
    expect(ids(await list('?q=DJANGO'))).toEqual(['sqli-python']);
    expect(ids(await list('?cwe=CWE-89&language=go&level=beginner'))).toEqual(['aardvark-sqli-go']);
    for (const bad of ['?language=cobol', '?cwe=89', '?level=expert', '?other=1']) {
      const res = await get(org.developer, `/api/v1/training/modules${bad}`);
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION');
    }
  });

  it('shows a module as HTML with its quiz but no answer or explanation', async () => {
    const res = await get(org.developer, '/api/v1/training/modules/sqli-python');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.passMark).toBe(80);
    expect(body.module.quiz).toHaveLength(5);
    expect(body.module.quiz[0]).toEqual({
      question: 'Question 1 of sqli-python?',
      choices: ['wrong 0', 'right 0', 'also wrong 0'],
    });
    expect(res.body).not.toMatch(/"answer"|"explanation"|Secret explanation/);
    expect(body.module.bodyHtml).toContain('<h1>sqli-python</h1>');
    expect(body.module.bodyHtml).toContain('&lt;script&gt;');
    expect(body.module.bodyHtml).not.toContain('<script>');
    expect(body.attempts).toEqual({
      count: 0,
      passed: 0,
      lastAttemptAt: null,
      remainingThisHour: 10,
    });
  });

  it('answers 404 for an unknown module', async () => {
    expect((await get(org.developer, '/api/v1/training/modules/no-such-module')).statusCode).toBe(
      404,
    );
    const res = await attempt(org.developer, 'no-such-module', { answers: [1] });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
  });

  it('grades attempts: wrong answers fail, right ones pass and complete the module, the best score is kept', async () => {
    const user = await addUser(hub, start, 'learner', null, { id: org.teamB, role: 'developer' });
    const failed = await attempt(user, 'sqli-python', { answers: [0, 0, 0, 1, 2] });
    expect(failed.statusCode, failed.body).toBe(200);
    expect(failed.json()).toMatchObject({
      score: 20,
      correct: 1,
      total: 5,
      passed: false,
      status: { completed: false, bestScore: 20, completedAt: null },
    });
    expect(failed.json().results).toEqual([
      { correct: false, answer: 1, explanation: 'Secret explanation 0 of sqli-python.' },
      { correct: false, answer: 1, explanation: 'Secret explanation 1 of sqli-python.' },
      { correct: false, answer: 1, explanation: 'Secret explanation 2 of sqli-python.' },
      { correct: true, answer: 1, explanation: 'Secret explanation 3 of sqli-python.' },
      { correct: false, answer: 1, explanation: 'Secret explanation 4 of sqli-python.' },
    ]);

    clock.advance(60_000);
    const passedAt = new Date(clock.now()).toISOString();
    // 4 of 5 is exactly the pass mark.
    const passed = await attempt(user, 'sqli-python', { answers: [1, 1, 1, 1, 0] });
    expect(passed.json()).toMatchObject({
      score: 80,
      passed: true,
      status: { completed: true, bestScore: 80, completedAt: passedAt },
    });

    clock.advance(60_000);
    const perfect = await attempt(user, 'sqli-python', { answers: [1, 1, 1, 1, 1] });
    expect(perfect.json()).toMatchObject({
      score: 100,
      passed: true,
      status: { completed: true, bestScore: 100, completedAt: passedAt },
    });
    clock.advance(60_000);
    await attempt(user, 'sqli-python', { answers: [0, 0, 0, 0, 0] });

    const entry = (await list('', user)).find((m) => m.id === 'sqli-python');
    expect(entry?.status).toEqual({ completed: true, bestScore: 100, completedAt: passedAt });
    const completion = await trainingDb(hub.db)
      .selectFrom('training_completions')
      .selectAll()
      .where('user_id', '=', user.id)
      .execute();
    expect(completion).toEqual([
      {
        user_id: user.id,
        module_id: 'sqli-python',
        completed_at: Date.parse(passedAt),
        best_score: 100,
      },
    ]);
    const stored = await trainingDb(hub.db)
      .selectFrom('training_attempts')
      .select(['answers', 'correct', 'total', 'score', 'passed'])
      .where('user_id', '=', user.id)
      .orderBy('created_at')
      .execute();
    expect(stored.map((a) => [a.answers, a.correct, a.total, a.score, a.passed])).toEqual([
      ['[0,0,0,1,2]', 1, 5, 20, 0],
      ['[1,1,1,1,0]', 4, 5, 80, 1],
      ['[1,1,1,1,1]', 5, 5, 100, 1],
      ['[0,0,0,0,0]', 0, 5, 0, 0],
    ]);
    // Attempts are the learner's record, not organisation changes.
    const audit = await hub.db
      .selectFrom('audit_log')
      .select('action')
      .where('actor_id', '=', user.id)
      .execute();
    expect(audit).toEqual([]);

    const detail = await get(user, '/api/v1/training/modules/sqli-python');
    expect(detail.json().attempts).toMatchObject({ count: 4, passed: 2, remainingThisHour: 6 });
  });

  it('refuses an answers array that does not fit the quiz, naming body.answers', async () => {
    const cases: [unknown, RegExp][] = [
      [{}, /^body\.answers: /],
      [{ answers: [1, 1] }, /^body\.answers: answer each of the 5 questions/],
      [{ answers: [1, 1, 1, 1, 1, 1] }, /^body\.answers: answer each of the 5 questions/],
      [{ answers: [1, 1, 1, 1, 3] }, /^body\.answers\.4: question 5 has 3 choices/],
      [{ answers: [1, -1, 1, 1, 1] }, /^body\.answers\.1: /],
      [{ answers: [1, 1.5, 1, 1, 1] }, /^body\.answers\.1: /],
      [{ answers: ['1', 1, 1, 1, 1] }, /^body\.answers\.0: /],
      [{ answers: [1, 1, 1, 1, 1], extra: true }, /^body: /],
    ];
    for (const [payload, message] of cases) {
      const res = await attempt(org.auditor, 'sqli-python', payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION');
      expect(res.json().error.message).toMatch(message);
    }
    const stored = await trainingDb(hub.db)
      .selectFrom('training_attempts')
      .select('id')
      .where('user_id', '=', org.auditor.id)
      .execute();
    expect(stored).toEqual([]);
  });

  it('allows 10 attempts per module and hour: the 11th is 429 TOO_MANY_ATTEMPTS', async () => {
    const user = await addUser(hub, start, 'guesser', null);
    for (let i = 0; i < 10; i++) {
      const res = await attempt(user, 'beta-xss', { answers: [i % 3, 0, 0] });
      expect(res.statusCode, res.body).toBe(200);
      clock.advance(60_000);
    }
    const refused = await attempt(user, 'beta-xss', { answers: [1, 1, 1] });
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe('TOO_MANY_ATTEMPTS');
    expect(refused.json().error.message).toContain('retry in 50 minutes');
    // Another module is counted apart.
    expect((await attempt(user, 'delta-cmd', { answers: [1, 1, 1] })).statusCode).toBe(200);
    // The window rolls: once the first attempt is an hour old, one more is allowed.
    clock.advance(HOUR - 10 * 60_000);
    expect((await attempt(user, 'beta-xss', { answers: [1, 1, 1] })).statusCode).toBe(200);
    expect((await attempt(user, 'beta-xss', { answers: [1, 1, 1] })).statusCode).toBe(429);
    const detail = await get(user, '/api/v1/training/modules/beta-xss');
    expect(detail.json().attempts).toMatchObject({ count: 11, remainingThisHour: 0 });
  });

  it("ranks a team's modules from its findings of the last 90 days", async () => {
    const team = await recommendations(org.champion, org.teamA);
    expect(team.languages).toEqual(['javascript', 'python']);
    // CWE-89: critical 10 + high 5 = 15. CWE-79: medium 2 + low overridden to high 5 = 7.
    // CWE-78: its one recent finding is a false positive, the other was first seen 100 days
    // ago. CWE-22: info weighs 0, so epsilon-path scores 0 and is left out.
    expect(team.recommendations.map((r) => [r.module.id, r.score, r.languageMatch])).toEqual([
      ['gamma-injection', 22, true],
      ['sqli-python', 15, true],
      // Same score as sqli-python, but Go is not among the team's languages.
      ['aardvark-sqli-go', 15, false],
      ['beta-xss', 7, true],
    ]);
    const gamma = team.recommendations[0] as Recommendation;
    expect(gamma.causes).toEqual([
      { cwe: 'CWE-89', score: 15, findings: counts({ critical: 1, high: 1 }) },
      { cwe: 'CWE-79', score: 7, findings: counts({ medium: 1, high: 1 }) },
    ]);
    expect(gamma).toMatchObject({ completedBy: 0, members: 2 });
  });

  it('counts the team members who passed a module', async () => {
    // The developer (team A) passes; the outsider (team B) passes too, but is not in team A.
    for (const user of [org.developer, org.outsider])
      expect((await attempt(user, 'sqli-python', { answers: [1, 1, 1, 1, 1] })).statusCode).toBe(
        200,
      );
    // A failed attempt does not complete.
    await attempt(org.champion, 'sqli-python', { answers: [0, 0, 0, 0, 0] });
    const team = await recommendations(org.security, org.teamA);
    const by = new Map(team.recommendations.map((r) => [r.module.id, r]));
    expect(by.get('sqli-python')).toMatchObject({ completedBy: 1, members: 2 });
    expect(by.get('gamma-injection')).toMatchObject({ completedBy: 0, members: 2 });
  });

  it("hides a team's recommendations from outsiders and CI tokens", async () => {
    const res = await get(org.outsider, `/api/v1/teams/${org.teamA}/training/recommendations`);
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
    expect(
      (await get(org.admin, '/api/v1/teams/no-such-team/training/recommendations')).statusCode,
    ).toBe(404);
    expect(
      (await get(org.ciToken, `/api/v1/teams/${org.teamA}/training/recommendations`)).statusCode,
    ).toBe(403);
    expect((await get(org.ciToken, '/api/v1/training/modules')).statusCode).toBe(403);
    // Team B has no findings: nothing to recommend.
    expect((await recommendations(org.outsider, org.teamB)).recommendations).toEqual([]);
  });

  it("gives the caller their teams' recommendations, completions and attempts", async () => {
    const res = await get(org.developer, '/api/v1/me/training');
    expect(res.statusCode, res.body).toBe(200);
    const mine = res.json();
    expect(
      mine.recommendations.map(
        (r: { module: { id: string }; score: number; completed: boolean }) => [
          r.module.id,
          r.score,
          r.completed,
        ],
      ),
    ).toEqual([
      ['gamma-injection', 22, false],
      // Completed, and kept in the list.
      ['sqli-python', 15, true],
      ['aardvark-sqli-go', 15, false],
      ['beta-xss', 7, false],
    ]);
    expect(mine.recommendations[1]).toMatchObject({
      bestScore: 100,
      teams: [{ teamId: org.teamA, teamName: 'payments', score: 15 }],
    });
    expect(mine.completions).toEqual([
      {
        moduleId: 'sqli-python',
        title: 'Title of sqli-python',
        completedAt: expect.any(String),
        bestScore: 100,
      },
    ]);
    expect(mine.recentAttempts).toHaveLength(1);
    expect(mine.recentAttempts[0]).toMatchObject({
      moduleId: 'sqli-python',
      score: 100,
      passed: true,
    });

    // Someone in no team gets no recommendations.
    const admin = (await get(org.admin, '/api/v1/me/training')).json();
    expect(admin).toMatchObject({ recommendations: [], completions: [], recentAttempts: [] });
  });

  it('merges the recommendations of several teams, keeping the highest score', async () => {
    const both = await addUser(hub, start, 'both', null, { id: org.teamA, role: 'developer' });
    await hub.db
      .insertInto('memberships')
      .values({ team_id: org.teamB, user_id: both.id, role: 'developer', created_at: start })
      .execute();
    await ingestScan(hub, {
      projectId: org.projectB,
      body: reportBody({
        findings: [{ ...codeFinding('b-sql', { severity: 'critical' }), cwe: ['CWE-89'] }],
        at: start - DAY,
      }),
      now: start - DAY,
    });
    const mine = (await get(both, '/api/v1/me/training')).json();
    const sqli = mine.recommendations.find(
      (r: { module: { id: string } }) => r.module.id === 'sqli-python',
    );
    expect(sqli.score).toBe(15);
    expect(
      sqli.teams.map((t: { teamName: string; score: number }) => [t.teamName, t.score]),
    ).toEqual([
      ['payments', 15],
      ['search', 10],
    ]);
  });

  it('serves the built-in catalog when none is given', async () => {
    const builtIn = await buildTestHub(hub, clock);
    try {
      const res = await builtIn.inject({
        method: 'GET',
        url: '/api/v1/training/modules/sql-injection',
        headers: as(org.developer),
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().module).toMatchObject({
        id: 'sql-injection',
        source: 'built-in',
        cwe: ['CWE-89'],
      });
      expect(res.body).not.toMatch(/"answer"|"explanation"/);
    } finally {
      await builtIn.close();
    }
  });
});
