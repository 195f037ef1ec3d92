import type { Finding, Severity } from '@rampart/core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addProject,
  buildTestHub,
  buildTestOrg,
  type TestOrg,
  testClock,
} from '../auth/test-org.js';
import type { HubDatabase } from '../db/database.js';
import { ingestScan } from '../ingest/ingest-scan.js';
import { codeFinding, findingsOf, reportBody } from '../ingest/ingest-test-support.js';
import { triageFinding } from '../lifecycle/triage-actions.js';
import { freshDatabase, TEST_DIALECTS } from '../test-support/databases.js';

// The project pages' API: the projects list with each project's risk summary and last scan
// (`GET /api/v1/projects?include=summary`) and a project's scan history.

const DAY = 86_400_000;
const HOUR = 3_600_000;
const T0 = Date.parse('2026-02-02T00:00:00Z');
const NOW = T0 + 10 * DAY;

const finding = (key: string, severity: Severity): Finding => codeFinding(key, { severity });

describe.each(TEST_DIALECTS)('projects and their scans on %s', (dialect) => {
  let hub: HubDatabase;
  let drop: () => Promise<void>;
  let app: FastifyInstance;
  let org: TestOrg;
  let quiet: string;
  const scan: Record<string, string> = {};

  beforeAll(async () => {
    ({ hub, drop } = await freshDatabase(dialect));
    const clock = testClock(NOW);
    org = await buildTestOrg(hub, clock.now());
    quiet = await addProject(hub, clock.now(), 'quiet', org.teamA);
    app = await buildTestHub(hub, clock);
    const [a, b, c, d, e] = [
      finding('a', 'critical'),
      finding('b', 'high'),
      finding('c', 'low'),
      finding('d', 'medium'),
      finding('e', 'info'),
    ];
    const scans: [string, string, number, Parameters<typeof reportBody>[0]][] = [
      ['s1', org.projectA, T0, { findings: [a, b, c], stage: 'main' }],
      ['s2', org.projectA, T0 + DAY, { findings: [a, d], stage: 'pr', branch: 'feature' }],
      ['s3', org.projectA, T0 + 2 * DAY, { findings: [a, b, e], stage: 'main' }],
      ['s6', org.projectA, T0 + 2 * DAY, { findings: [e], stage: 'dev', branch: 'other' }],
      [
        's4',
        org.projectA,
        T0 + 2 * DAY + HOUR,
        { findings: [a], stage: 'production', branch: 'main', commit: 'abc123' },
      ],
      ['s5', org.projectA, T0 - DAY, { findings: [c], stage: 'dev', branch: 'old' }],
      ['b1', org.projectB, T0, { findings: [finding('x', 'critical')], stage: 'main' }],
    ];
    for (const [name, projectId, at, spec] of scans) {
      const result = await ingestScan(hub, {
        projectId,
        body: reportBody({ ...spec, at }),
        now: NOW,
        ...(name === 's6' ? { kind: 'diff' as const } : {}),
      });
      scan[name] = result.scanId;
    }
    const rows = await findingsOf(hub, org.projectA);
    const idOf = (fp: string) => rows.get(fp)?.id as string;
    const who = org.security.id;
    await triageFinding(
      hub,
      idOf('fp-b'),
      { action: 'accept_risk', reason: 'r', expiresAt: NOW + DAY },
      who,
      NOW,
    );
    await triageFinding(hub, idOf('fp-d'), { action: 'false_positive', reason: 'r' }, who, NOW);
    await triageFinding(
      hub,
      idOf('fp-e'),
      { action: 'override_severity', severity: 'medium' },
      who,
      NOW,
    );
  });
  afterAll(async () => {
    await app.close();
    await drop();
  });

  const get = async (token: string | undefined, url: string) => {
    const response = await app.inject({
      method: 'GET',
      url,
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
    });
    return { status: response.statusCode, json: response.json() };
  };

  it("summarises each project's open findings by effective severity, with its last scan", async () => {
    const { status, json } = await get(org.developer.token, '/api/v1/projects?include=summary');
    expect(status).toBe(200);
    const byName = new Map(
      json.projects.map((p: { name: string }) => [p.name, p] as [string, unknown]),
    );
    expect([...byName.keys()]).toEqual(['quiet', 'shop']);
    // c was fixed by s3 (a full main scan, which also closes the older dev branch's sighting
    // of it); b is an accepted risk, d a false positive, e overridden from info to medium.
    expect(byName.get('shop')).toEqual({
      id: org.projectA,
      name: 'shop',
      repository: null,
      defaultBranch: 'main',
      teamId: org.teamA,
      createdAt: expect.any(String),
      summary: {
        open: { critical: 1, high: 0, medium: 1, low: 0, info: 0, total: 2 },
        riskAccepted: 1,
        lastScan: {
          id: scan.s4,
          projectId: org.projectA,
          ranAt: new Date(T0 + 2 * DAY + HOUR).toISOString(),
          receivedAt: new Date(NOW).toISOString(),
          stage: 'production',
          kind: 'full',
          branch: 'main',
          commit: 'abc123',
          scope: 'production',
          tools: [{ scanner: 'sast', tool: 'rampart', version: '0.1.0' }],
          findings: 1,
          uploadedBy: null,
        },
      },
    });
    expect(byName.get('quiet')).toMatchObject({
      id: quiet,
      summary: {
        open: { critical: 0, high: 0, medium: 0, low: 0, info: 0, total: 0 },
        riskAccepted: 0,
        lastScan: null,
      },
    });
  });

  it('keeps the list as it was without include, and scopes the summaries', async () => {
    const plain = await get(org.developer.token, '/api/v1/projects');
    expect(plain.json.projects.map((p: { name: string }) => p.name)).toEqual(['quiet', 'shop']);
    expect(plain.json.projects[0]).not.toHaveProperty('summary');
    const outsider = await get(org.outsider.token, '/api/v1/projects?include=summary');
    expect(outsider.json.projects).toEqual([
      expect.objectContaining({
        id: org.projectB,
        summary: expect.objectContaining({
          open: { critical: 1, high: 0, medium: 0, low: 0, info: 0, total: 1 },
          lastScan: expect.objectContaining({ id: scan.b1 }),
        }),
      }),
    ]);
    const all = await get(
      org.auditor.token,
      `/api/v1/projects?include=summary&teamId=${org.teamB}`,
    );
    expect(all.json.projects.map((p: { id: string }) => p.id)).toEqual([org.projectB]);
    const bad = await get(org.auditor.token, '/api/v1/projects?include=everything');
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('VALIDATION');
    expect(bad.json.error.message).toMatch(/^query\.include/);
  });

  /** Every page of a project's history, walked with `nextCursor`. */
  const walk = async (query: string, limit: number) => {
    const ids: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 50; page++) {
      const url: string = `/api/v1/projects/${org.projectA}/scans?limit=${limit}${query}${
        cursor === null ? '' : `&cursor=${cursor}`
      }`;
      const { status, json } = await get(org.champion.token, url);
      expect(status).toBe(200);
      ids.push(...json.scans.map((s: { id: string }) => s.id));
      cursor = json.nextCursor;
      if (cursor === null) break;
      expect(json.scans).toHaveLength(limit);
    }
    return ids;
  };

  it('lists the scan history, latest run first (not latest received), page by page', async () => {
    const tied = [scan.s3, scan.s6].sort().reverse();
    const expected = [scan.s4, ...tied, scan.s2, scan.s1, scan.s5];
    for (const limit of [1, 2, 4, 50]) expect(await walk('', limit)).toEqual(expected);
    expect(await walk('&stage=main,production', 2)).toEqual([scan.s4, scan.s3, scan.s1]);
    const { json } = await get(org.auditor.token, `/api/v1/projects/${org.projectA}/scans?limit=1`);
    expect(json.scans[0]).toEqual({
      id: scan.s4,
      projectId: org.projectA,
      ranAt: new Date(T0 + 2 * DAY + HOUR).toISOString(),
      receivedAt: new Date(NOW).toISOString(),
      stage: 'production',
      kind: 'full',
      branch: 'main',
      commit: 'abc123',
      scope: 'production',
      tools: [{ scanner: 'sast', tool: 'rampart', version: '0.1.0' }],
      findings: 1,
      uploadedBy: null,
    });
    const diff = (await get(org.admin.token, `/api/v1/projects/${org.projectA}/scans?stage=dev`))
      .json.scans;
    expect(diff.map((s: { id: string; kind: string }) => [s.id, s.kind])).toEqual([
      [scan.s6, 'diff'],
      [scan.s5, 'full'],
    ]);
    const quietScans = await get(org.developer.token, `/api/v1/projects/${quiet}/scans`);
    expect(quietScans.json).toEqual({ scans: [], nextCursor: null });
  });

  it("answers 404 for another team's project, and refuses CI tokens and anonymous calls", async () => {
    const other = await get(org.outsider.token, `/api/v1/projects/${org.projectA}/scans`);
    expect(other.status).toBe(404);
    expect(other.json.error.code).toBe('NOT_FOUND');
    expect((await get(org.security.token, '/api/v1/projects/nope/scans')).status).toBe(404);
    expect((await get(org.ciToken, `/api/v1/projects/${org.projectA}/scans`)).status).toBe(403);
    expect((await get(undefined, `/api/v1/projects/${org.projectA}/scans`)).status).toBe(401);
    const mine = await get(org.outsider.token, `/api/v1/projects/${org.projectB}/scans`);
    expect(mine.json.scans.map((s: { id: string }) => s.id)).toEqual([scan.b1]);
  });

  it('answers 400 VALIDATION naming the bad field', async () => {
    for (const [query, path] of [
      ['limit=0', 'query.limit'],
      ['limit=501', 'query.limit'],
      ['stage=staging', 'query.stage'],
      ['cursor=garbage', 'query.cursor'],
      ['colour=red', 'query'],
    ] as const) {
      const { status, json } = await get(
        org.admin.token,
        `/api/v1/projects/${org.projectA}/scans?${query}`,
      );
      expect(status, query).toBe(400);
      expect(json.error.code).toBe('VALIDATION');
      expect(json.error.message.startsWith(path), json.error.message).toBe(true);
    }
  });
});
