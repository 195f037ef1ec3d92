import { createHash } from 'node:crypto';
import {
  type PavedRoadOutcome,
  type RepositoryFacts,
  type ScanReport,
  ScanReportSchema,
} from '@rampart/core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHub } from '../app.js';
import { registerAuthentication } from '../auth/authenticate.js';
import {
  addProject,
  buildTestOrg,
  type TestClock,
  type TestOrg,
  testClock,
} from '../auth/test-org.js';
import type { HubDatabase } from '../db/database.js';
import { codeFinding, type ReportSpec, rampartReport } from '../ingest/ingest-test-support.js';
import { createTemplateVersion, savePolicy } from '../paved-road/catalog-store.js';
import { postureDb } from '../paved-road/posture-tables.js';
import { freshDatabase, TEST_DIALECTS } from '../test-support/databases.js';
import { saveThreatModel } from '../threat-models/threat-model-store.js';
import { registerPavedRoadScoreRoutes } from './paved-road-score-routes.js';
import { registerScanRoutes } from './scan-routes.js';

const DAY = 86_400_000;
/** Now: Wednesday 4 March 2026, noon UTC. */
const NOW = Date.UTC(2026, 2, 4, 12);
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

const POLICY = 'version: 1\nname: Acme paved road\nscanners: [sast]\n';
const POLICY_SHA = createHash('sha256').update(POLICY, 'utf8').digest('hex');
const IMAGE_FIX = 'Use `cgr.dev/chainguard/node:20` instead of `node:latest`.';
const LIBRARY_FIX = 'Replace `request` with `undici`.';

/** A repository that keeps every posture promise (not internet-facing). */
const GOOD: RepositoryFacts = {
  ci: ['github'],
  rampartInCi: { pullRequests: true, defaultBranch: true },
  sarifUpload: '.github/workflows/rampart.yml',
  secretsHook: { kind: 'pre-commit', path: '.pre-commit-config.yaml' },
  actions: { thirdParty: 2, unpinned: 0, examples: [] },
  dependencyUpdates: { tool: 'renovate', path: 'renovate.json' },
  securityPolicy: 'SECURITY.md',
  codeowners: 'CODEOWNERS',
  threatModel: null,
  linesOfCode: 6000,
};

/** A repository that keeps none. */
const BARE: RepositoryFacts = {
  ci: [],
  rampartInCi: { pullRequests: false, defaultBranch: false },
  sarifUpload: null,
  secretsHook: null,
  actions: { thirdParty: 0, unpinned: 0, examples: [] },
  dependencyUpdates: null,
  securityPolicy: null,
  codeowners: null,
  threatModel: null,
  linesOfCode: 2000,
};

type Check = PavedRoadOutcome['checks'][number];
const passing = (id: string): Check => ({
  id,
  status: 'pass',
  summary: `${id} ok`,
  violationCount: 0,
  violations: [],
});
const failing = (id: string, remediation: string): Check => ({
  id,
  status: 'fail',
  summary: `${id} failed`,
  violationCount: 1,
  violations: [{ message: `${id} violation`, remediation, path: 'Dockerfile', line: 1 }],
});
const road = (checks: Check[], sha256 = POLICY_SHA): PavedRoadOutcome => ({
  policy: { name: 'Acme paved road', source: 'https://hub.example/api/v1/paved-road.yml', sha256 },
  score: 0,
  checks,
});

/** A Rampart JSON report with a posture section, validated as the CLI's would be. */
function report(
  spec: ReportSpec & { facts?: RepositoryFacts; pavedRoad?: PavedRoadOutcome },
): string {
  const { facts, pavedRoad, ...rest } = spec;
  const built: ScanReport = {
    ...rampartReport(rest),
    ...(facts ? { posture: { facts, ...(pavedRoad ? { pavedRoad } : {}) } } : {}),
  };
  return JSON.stringify(ScanReportSchema.parse(built));
}

describe.each(TEST_DIALECTS)('paved-road scorecard routes on %s', (dialect) => {
  let hub: HubDatabase;
  let drop: () => Promise<void>;
  let app: FastifyInstance;
  let clock: TestClock;
  let org: TestOrg;
  let cart: string;
  let index: string;
  let legacy: string;

  beforeAll(async () => {
    ({ hub, drop } = await freshDatabase(dialect));
    clock = testClock(NOW);
    org = await buildTestOrg(hub, NOW - 30 * DAY);
    cart = await addProject(hub, NOW - 30 * DAY, 'cart', org.teamA);
    index = await addProject(hub, NOW - 30 * DAY, 'index', org.teamB);
    legacy = await addProject(hub, NOW - 30 * DAY, 'legacy', org.teamA);
    await savePolicy(hub, {
      yaml: POLICY,
      baseRevision: null,
      actorId: org.security.id,
      now: NOW - 60 * DAY,
    });
    await createTemplateVersion(hub, {
      name: 'github-node',
      version: '1.0.0',
      ci: 'github',
      description: 'Rampart on every PR and push, SARIF to code scanning',
      files: [
        {
          path: '.github/workflows/rampart.yml',
          content:
            'on: [pull_request, push]\njobs:\n  scan:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npx rampart scan --upload\n      - uses: github/codeql-action/upload-sarif@v3\n',
        },
      ],
      actorId: org.security.id,
      now: NOW - 60 * DAY,
    });
    app = buildHub({ database: hub, logger: false });
    registerAuthentication(app, { database: hub, now: clock.now });
    registerScanRoutes(app, { database: hub, now: clock.now });
    registerPavedRoadScoreRoutes(app, { database: hub, now: clock.now });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await drop();
  });

  const upload = (projectId: string, body: string, token = org.security.token) =>
    app.inject({
      method: 'POST',
      url: `/api/v1/projects/${projectId}/scans`,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: body,
    });
  const get = async (url: string, token = org.security.token) => {
    const res = await app.inject({
      method: 'GET',
      url,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const snapshots = async (projectId: string) =>
    postureDb(hub.db)
      .selectFrom('posture_snapshots')
      .select(['scan_id', 'score', 'taken_at', 'stage'])
      .where('project_id', '=', projectId)
      .orderBy('taken_at')
      .execute();
  const statusOf = (card: { checks: { id: string; status: string }[] }, id: string) =>
    card.checks.find((c) => c.id === id)?.status;

  // Project A (shop): the first scan.
  const shop1 = () =>
    report({
      findings: [codeFinding('a1'), codeFinding('a2')],
      stage: 'main',
      at: NOW - 3 * DAY,
      facts: {
        ...BARE,
        rampartInCi: { pullRequests: false, defaultBranch: true },
        secretsHook: { kind: 'husky', path: '.husky/pre-commit' },
        securityPolicy: 'SECURITY.md',
        linesOfCode: 4000,
      },
      pavedRoad: road([
        failing('base-image', IMAGE_FIX),
        failing('banned-library', LIBRARY_FIX),
        passing('library-version'),
      ]),
    });
  // The second: CODEOWNERS added, the banned library replaced, finding a1 fixed.
  const shop2 = () =>
    report({
      findings: [codeFinding('a2')],
      stage: 'main',
      at: NOW - 2 * DAY,
      facts: {
        ...BARE,
        rampartInCi: { pullRequests: false, defaultBranch: true },
        secretsHook: { kind: 'husky', path: '.husky/pre-commit' },
        securityPolicy: 'SECURITY.md',
        codeowners: '.github/CODEOWNERS',
        linesOfCode: 4000,
      },
      pavedRoad: road([
        failing('base-image', IMAGE_FIX),
        passing('banned-library'),
        passing('library-version'),
      ]),
    });

  it('ingests a real report through the upload route and reads the scorecard', async () => {
    const unmeasured = await get(`/api/v1/projects/${org.projectA}/paved-road`);
    expect(unmeasured).toMatchObject({ score: null, checks: [], trend: [], exposure: 'unknown' });

    const res = await upload(org.projectA, shop1(), org.ciToken);
    expect(res.statusCode, res.body).toBe(201);
    const card = await get(`/api/v1/projects/${org.projectA}/paved-road`);
    // pass: default branch, secrets hook, SECURITY.md, policy, library-version (5);
    // fail: PRs, SARIF, dependency updates, CODEOWNERS, base-image, banned-library (6);
    // n/a: actions (none), threat model (exposure unknown) → round(500 / 11) = 45.
    expect(card).toMatchObject({
      projectId: org.projectA,
      score: 45,
      passed: 5,
      failed: 6,
      notApplicable: 2,
      scanId: res.json().scanId,
      measuredAt: new Date(NOW - 3 * DAY).toISOString(),
      exposure: 'unknown',
      trend: [{ day: day(NOW - 3 * DAY), score: 45 }],
    });
    expect(card.checks.map((c: { id: string }) => c.id)).toEqual([
      'rampart-on-pull-requests',
      'rampart-on-default-branch',
      'sarif-upload',
      'secrets-hook',
      'actions-pinned',
      'dependency-updates',
      'security-policy',
      'codeowners',
      'threat-model',
      'paved-road-policy',
      'paved-road/base-image',
      'paved-road/banned-library',
      'paved-road/library-version',
    ]);
    const byId = new Map(card.checks.map((c: { id: string }) => [c.id, c]));
    expect(byId.get('rampart-on-default-branch')).toMatchObject({
      status: 'pass',
      summary:
        '1 main scan received in the last 30 days; the CI files run Rampart on the default branch',
      fix: null,
    });
    expect(byId.get('sarif-upload')).toMatchObject({
      source: 'posture',
      status: 'fail',
      fix: {
        templates: ['github-node'],
        docs: 'docs/hub-paved-road-scores.md#sarif-upload',
      },
    });
    expect(byId.get('paved-road-policy')).toMatchObject({
      status: 'pass',
      summary: "the catalog's current revision (1)",
    });
    expect(byId.get('paved-road/banned-library')).toMatchObject({
      source: 'paved-road',
      status: 'fail',
      fix: { docs: 'docs/hub-paved-road-scores.md#paved-road/banned-library' },
    });
    expect((byId.get('paved-road/banned-library') as { fix: { text: string } }).fix.text).toContain(
      LIBRARY_FIX,
    );
  });

  it('a second scan with a fix changes the score and the trend', async () => {
    const res = await upload(org.projectA, shop2(), org.ciToken);
    expect(res.statusCode, res.body).toBe(201);
    const card = await get(`/api/v1/projects/${org.projectA}/paved-road`);
    // CODEOWNERS and banned-library now pass: 7 of 11 → 64.
    expect(card).toMatchObject({ score: 64, passed: 7, failed: 4, scanId: res.json().scanId });
    expect(card.trend).toEqual([
      { day: day(NOW - 3 * DAY), score: 45 },
      { day: day(NOW - 2 * DAY), score: 64 },
    ]);
    expect((await get(`/api/v1/projects/${org.projectA}/paved-road?days=2`)).trend).toEqual([
      { day: day(NOW - 2 * DAY), score: 64 },
    ]);
  });

  it('a diff scan adds no snapshot, but a pr scan counts as Rampart on pull requests', async () => {
    const diff = report({
      findings: [],
      stage: 'pr',
      diffBase: 'origin/main',
      pullRequest: 7,
      at: NOW - DAY,
      facts: GOOD,
    });
    const res = await upload(org.projectA, diff, org.ciToken);
    expect(res.statusCode, res.body).toBe(201);
    expect(await snapshots(org.projectA)).toHaveLength(2);
    const card = await get(`/api/v1/projects/${org.projectA}/paved-road`);
    expect(statusOf(card, 'rampart-on-pull-requests')).toBe('pass');
    expect(
      card.checks.find((c: { id: string }) => c.id === 'rampart-on-pull-requests').summary,
    ).toBe('1 pr scan received in the last 30 days');
    // 8 of 11; the stored trend keeps what each scan scored when it arrived.
    expect(card).toMatchObject({ score: 73, passed: 8, failed: 3 });
    expect(card.trend.map((t: { score: number }) => t.score)).toEqual([45, 64]);
  });

  it("a full scan of a pull request's branch or a dev scan is not the scorecard, but a pr scan is evidence", async () => {
    // Both carry a posture that keeps every promise: as snapshots they would be the scorecard.
    const prBranch = report({
      findings: [codeFinding('a2')],
      stage: 'pr',
      branch: 'feature/checkout',
      pullRequest: 8,
      at: NOW - DAY + 3_600_000,
      facts: GOOD,
    });
    const laptop = report({
      findings: [codeFinding('a2')],
      stage: 'dev',
      at: NOW - DAY + 7_200_000,
      facts: GOOD,
    });
    for (const body of [prBranch, laptop]) {
      const res = await upload(org.projectA, body, org.ciToken);
      expect(res.statusCode, res.body).toBe(201);
    }
    expect((await snapshots(org.projectA)).map((r) => r.stage)).toEqual(['main', 'main']);
    const card = await get(`/api/v1/projects/${org.projectA}/paved-road`);
    expect(card).toMatchObject({ score: 73, passed: 8, failed: 3 });
    expect(card.measuredAt).toBe(new Date(NOW - 2 * DAY).toISOString());
    expect(
      card.checks.find((c: { id: string }) => c.id === 'rampart-on-pull-requests').summary,
    ).toBe('2 pr scans received in the last 30 days');
    expect(card.trend.map((t: { score: number }) => t.score)).toEqual([45, 64]);
  });

  it('re-sending a scan is idempotent: no second snapshot', async () => {
    const res = await upload(org.projectA, shop2(), org.ciToken);
    expect(res.statusCode).toBe(200);
    expect(res.json().duplicate).toBe(true);
    const rows = await snapshots(org.projectA);
    expect(rows.map((r) => [r.score, r.stage])).toEqual([
      [45, 'main'],
      [64, 'main'],
    ]);
  });

  it('the exposure makes the threat model applicable; a model stored in the hub passes it', async () => {
    const put = (token: string, exposure: string) =>
      app.inject({
        method: 'PUT',
        url: `/api/v1/projects/${org.projectA}/exposure`,
        headers: { authorization: `Bearer ${token}` },
        payload: { exposure },
      });
    expect((await put(org.developer.token, 'internet')).statusCode).toBe(403);
    expect((await put(org.outsider.token, 'internet')).statusCode).toBe(404);
    expect((await put(org.champion.token, 'public')).statusCode).toBe(400);
    const res = await put(org.champion.token, 'internet');
    expect(res.statusCode, res.body).toBe(200);
    // The threat model applies and fails: 8 of 12 → 67.
    expect(res.json()).toMatchObject({ exposure: 'internet', score: 67, passed: 8, failed: 4 });
    expect(statusOf(res.json(), 'threat-model')).toBe('fail');
    const audit = await hub.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'project.exposure')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_id: org.champion.id, target_id: org.projectA });
    expect(JSON.parse(audit[0]?.data ?? '{}')).toEqual({ from: 'unknown', to: 'internet' });

    await saveThreatModel(hub, {
      projectId: org.projectA,
      source:
        'version: 1\nname: Shop\nelements:\n  - id: api\n    type: process\n    name: API\n    attributes: { internetFacing: true, authenticates: false }\n',
      origin: 'api',
      author: { kind: 'user', userId: org.champion.id },
      now: NOW - DAY,
    });
    const card = await get(`/api/v1/projects/${org.projectA}/paved-road`, org.developer.token);
    expect(statusOf(card, 'threat-model')).toBe('pass');
    expect(card).toMatchObject({ score: 75, passed: 9, failed: 3 });

    // Internal: the check no longer applies (8 of 11 → 73).
    const internal = await put(org.admin.token, 'internal');
    expect(internal.json()).toMatchObject({ exposure: 'internal', score: 73 });
    expect(statusOf(internal.json(), 'threat-model')).toBe('not-applicable');
    expect((await put(org.security.token, 'internet')).json().score).toBe(75);

    // Unknown exposure: the model stored in the hub marks an element internet-facing, so the
    // check still applies (and passes).
    const unknown = await put(org.security.token, 'unknown');
    expect(unknown.json()).toMatchObject({ exposure: 'unknown', score: 75, passed: 9 });
    expect(
      unknown.json().checks.find((c: { id: string }) => c.id === 'threat-model'),
    ).toMatchObject({
      status: 'pass',
      summary: 'the threat model stored in the hub marks an element internet-facing',
    });
    // A newer revision with no internet-facing element: the check no longer applies.
    await saveThreatModel(hub, {
      projectId: org.projectA,
      source:
        'version: 1\nname: Shop\nelements:\n  - id: api\n    type: process\n    name: API\n    attributes: { internetFacing: false }\n',
      origin: 'api',
      author: { kind: 'user', userId: org.champion.id },
      now: NOW - DAY + 1,
    });
    const card2 = await get(`/api/v1/projects/${org.projectA}/paved-road`);
    expect(statusOf(card2, 'threat-model')).toBe('not-applicable');
    expect((await put(org.security.token, 'internet')).json().score).toBe(75);
  });

  it('reads: team readers only, others 404', async () => {
    const res = await app.inject({
      method: 'GET',
      url: `/api/v1/projects/${org.projectA}/paved-road`,
      headers: { authorization: `Bearer ${org.outsider.token}` },
    });
    expect(res.statusCode).toBe(404);
    expect(
      (
        await app.inject({
          method: 'GET',
          url: `/api/v1/paved-road/scores?teamId=${org.teamA}`,
          headers: { authorization: `Bearer ${org.outsider.token}` },
        })
      ).statusCode,
    ).toBe(404);
  });

  describe('roll-ups, gaps and the comparison over a small organisation', () => {
    // shop (A, team payments): 75 now, 64 stored; 2 findings, 1 fixed after 1 day; 4000 lines.
    // cart (team payments): 100; 1 finding fixed after 3 days; 6000 lines.
    // finder (B, team search): 0; a production scan, 2 findings; 2000 lines.
    // index (team search): 60; 1 finding, open; 3000 lines; a policy not in the catalog.
    // legacy (team payments): never scanned.
    beforeAll(async () => {
      const ok = async (projectId: string, body: string) => {
        const res = await upload(projectId, body);
        expect(res.statusCode, res.body).toBe(201);
      };
      const allPass = road([passing('base-image'), passing('banned-library')]);
      await ok(
        cart,
        report({
          findings: [codeFinding('c1')],
          at: NOW - 10 * DAY,
          facts: GOOD,
          pavedRoad: allPass,
        }),
      );
      await ok(cart, report({ findings: [], at: NOW - 7 * DAY, facts: GOOD, pavedRoad: allPass }));
      await ok(
        org.projectB,
        report({
          findings: [codeFinding('b1'), codeFinding('b2')],
          stage: 'production',
          at: NOW - 4 * DAY,
          facts: BARE,
        }),
      );
      await ok(
        index,
        report({
          findings: [codeFinding('d1')],
          at: NOW - 5 * DAY,
          facts: { ...GOOD, securityPolicy: null, codeowners: null, linesOfCode: 3000 },
          pavedRoad: road([failing('base-image', IMAGE_FIX)], 'b'.repeat(64)),
        }),
      );
    });

    it('scores: projects, teams (mean of measured), organisation and per check', async () => {
      const scores = await get('/api/v1/paved-road/scores');
      const byName = Object.fromEntries(
        scores.projects.map((p: { name: string; score: number | null }) => [p.name, p.score]),
      );
      expect(byName).toEqual({ cart: 100, finder: 0, index: 60, legacy: null, shop: 75 });
      // (75 + 0 + 100 + 60) / 4 = 58.75.
      expect(scores.organisation).toMatchObject({ score: 59, measured: 4, projects: 5 });
      expect(scores.teams).toEqual([
        { teamId: org.teamA, name: 'payments', score: 88, measured: 2, projects: 3 },
        { teamId: org.teamB, name: 'search', score: 30, measured: 2, projects: 2 },
      ]);
      expect(scores.checks.find((c: { id: string }) => c.id === 'codeowners')).toEqual({
        id: 'codeowners',
        title: 'CODEOWNERS',
        applicable: 4,
        passing: 2,
        failing: 2,
      });
      expect(scores.checks.find((c: { id: string }) => c.id === 'threat-model')).toMatchObject({
        applicable: 1,
        passing: 1,
      });
      // The trend: the mean of each project's latest stored score, this week: (64 + 100 + 0 + 60) / 4.
      expect(scores.organisation.trend).toHaveLength(12);
      expect(scores.organisation.trend.at(-1)).toEqual({
        week: '2026-03-02',
        score: 56,
        measured: 4,
      });
      expect(scores.organisation.trend[0]).toEqual({
        week: '2025-12-15',
        score: null,
        measured: 0,
      });

      // A team reader sees their teams only.
      const mine = await get('/api/v1/paved-road/scores', org.outsider.token);
      expect(mine.projects.map((p: { name: string }) => p.name)).toEqual(['finder', 'index']);
      expect(mine.organisation).toMatchObject({ score: 30, measured: 2, projects: 2 });
      const teamA = await get(`/api/v1/paved-road/scores?teamId=${org.teamA}`, org.developer.token);
      expect(teamA.organisation).toMatchObject({ score: 88, measured: 2, projects: 3 });
    });

    it('gaps: per check, most failing first, with the fix and the remedies', async () => {
      const { gaps } = await get('/api/v1/paved-road/gaps');
      const failingCounts = gaps.map((g: { failing: number }) => g.failing);
      expect(failingCounts).toEqual([...failingCounts].sort((a, b) => b - a));
      const of = (check: string) => gaps.find((g: { check: string }) => g.check === check);
      expect(of('paved-road/base-image')).toEqual({
        check: 'paved-road/base-image',
        title: 'Approved base images',
        failing: 2,
        projects: [
          { projectId: index, name: 'index', teamName: 'search' },
          { projectId: org.projectA, name: 'shop', teamName: 'payments' },
        ],
        fix: {
          text: 'Build on an approved base image.',
          templates: [],
          docs: 'docs/hub-paved-road-scores.md#paved-road/base-image',
        },
        remedies: [{ text: IMAGE_FIX, projects: 2 }],
      });
      // shop and finder upload no SARIF; the catalog template provides it.
      expect(of('sarif-upload')).toMatchObject({
        failing: 2,
        fix: { templates: ['github-node'] },
        remedies: [],
      });
      expect(of('paved-road-policy').projects.map((p: { name: string }) => p.name)).toEqual([
        'finder',
        'index',
      ]);
      expect(of('paved-road/banned-library')).toBeUndefined();
      expect(of('threat-model')).toBeUndefined();
      // The developer of team A sees team A's gaps only.
      const mine = await get('/api/v1/paved-road/gaps', org.developer.token);
      const names = new Set(
        mine.gaps.flatMap((g: { projects: { name: string }[] }) => g.projects.map((p) => p.name)),
      );
      expect([...names]).toEqual(['shop']);
    });

    it('comparison: on the road against off it, with the numbers computed by hand', async () => {
      const cmp = await get('/api/v1/paved-road/comparison?threshold=70&days=180');
      expect(cmp).toEqual({
        threshold: 70,
        from: new Date(NOW - 180 * DAY).toISOString(),
        to: new Date(NOW).toISOString(),
        // shop (75) and cart (100): 3 findings over 10 000 lines; fixes after 1 and 3 days.
        onRoad: {
          projects: 2,
          linesOfCode: 10_000,
          findings: 3,
          findingsPerKloc: 0.3,
          fixed: 2,
          mttrDays: { mean: 2, median: 2 },
          escape: { production: 0, pipeline: 3, rate: 0 },
          noLinesOfCode: 0,
          lowSample: true,
        },
        // finder (0) and index (60): 3 findings over 5000 lines, 2 first seen in production.
        offRoad: {
          projects: 2,
          linesOfCode: 5000,
          findings: 3,
          findingsPerKloc: 0.6,
          fixed: 0,
          mttrDays: null,
          escape: { production: 2, pipeline: 1, rate: 2 / 3 },
          noLinesOfCode: 0,
          lowSample: true,
        },
        unmeasured: { projects: 1 },
        lowSample: true,
      });
      // A threshold of 100: only cart is on the road.
      const strict = await get('/api/v1/paved-road/comparison?threshold=100');
      expect(strict.onRoad).toMatchObject({
        projects: 1,
        linesOfCode: 6000,
        findings: 1,
        fixed: 1,
      });
      expect(strict.onRoad.mttrDays).toEqual({ mean: 3, median: 3 });
      expect(strict.offRoad).toMatchObject({ projects: 3, findings: 5, linesOfCode: 9000 });
      // No project on the road at all: an empty group matches nothing.
      const none = await get(`/api/v1/paved-road/comparison?threshold=100&teamId=${org.teamB}`);
      expect(none.onRoad).toMatchObject({
        projects: 0,
        linesOfCode: 0,
        findings: 0,
        findingsPerKloc: null,
        fixed: 0,
        mttrDays: null,
        escape: { production: 0, pipeline: 0, rate: null },
      });
      expect(none.offRoad).toMatchObject({ projects: 2, findings: 3 });
      expect(
        (
          await app.inject({
            method: 'GET',
            url: '/api/v1/paved-road/comparison?threshold=101',
            headers: { authorization: `Bearer ${org.security.token}` },
          })
        ).statusCode,
      ).toBe(400);
    });

    it('the comparison leaves projects with 0 lines of code out of findings per KLOC, and counts them', async () => {
      // legacy: its first scan reports 0 lines of code and 2 findings, and paved-road checks
      // with ids the hub does not know (ignored: neither scored nor shown).
      const res = await upload(
        legacy,
        report({
          findings: [codeFinding('l1'), codeFinding('l2')],
          at: NOW - DAY,
          facts: { ...BARE, linesOfCode: 0 },
          pavedRoad: road([
            passing('base-image'),
            passing('free-points'),
            failing('made-up', 'Pay the vendor.'),
          ]),
        }),
      );
      expect(res.statusCode, res.body).toBe(201);
      const card = await get(`/api/v1/projects/${legacy}/paved-road`);
      // pass: default branch (a main scan), policy, base-image (3); fail: PRs, SARIF, secrets
      // hook, dependency updates, SECURITY.md, CODEOWNERS (6) → round(300 / 9) = 33.
      expect(card).toMatchObject({ score: 33, passed: 3, failed: 6, notApplicable: 2 });
      expect(
        card.checks
          .filter((c: { source: string }) => c.source === 'paved-road')
          .map((c: { id: string }) => c.id),
      ).toEqual(['paved-road/base-image']);
      const { gaps } = await get('/api/v1/paved-road/gaps');
      expect(gaps.map((g: { check: string }) => g.check)).not.toContain('paved-road/made-up');

      const cmp = await get('/api/v1/paved-road/comparison?threshold=70&days=180');
      // finder, index and legacy: 5 findings, but legacy's 2 are not per KLOC: 3 over 5000 lines.
      expect(cmp.offRoad).toMatchObject({
        projects: 3,
        linesOfCode: 5000,
        findings: 5,
        findingsPerKloc: 0.6,
        noLinesOfCode: 1,
      });
      expect(cmp.onRoad).toMatchObject({ projects: 2, findingsPerKloc: 0.3, noLinesOfCode: 0 });
      expect(cmp.unmeasured).toEqual({ projects: 0 });
      // Team payments: shop and cart on the road, legacy (33) alone off it, with no rate.
      const team = await get(`/api/v1/paved-road/comparison?threshold=34&teamId=${org.teamA}`);
      expect(team.onRoad).toMatchObject({ projects: 2, noLinesOfCode: 0, findingsPerKloc: 0.3 });
      expect(team.offRoad).toMatchObject({
        projects: 1,
        linesOfCode: 0,
        findings: 2,
        findingsPerKloc: null,
        noLinesOfCode: 1,
      });
    });
  });
});
