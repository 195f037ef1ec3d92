import type { Finding, Severity } from '@rampart/core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHub } from '../app.js';
import type { Principal } from '../auth/principal.js';
import type { HubDatabase } from '../db/database.js';
import { ingestScan } from '../ingest/ingest-scan.js';
import {
  codeFinding,
  findingsOf,
  reportBody,
  seedProject,
  seedUser,
  usePrincipals,
} from '../ingest/ingest-test-support.js';
import { triageFinding } from '../lifecycle/triage-actions.js';
import { registerMetricsRoutes } from '../routes/metrics-routes.js';
import { freshDatabase, TEST_DIALECTS } from '../test-support/databases.js';

// Top CWEs over findings ingested through the real pipeline, in a window of one week:
// before it, in it (fixed, still open, a false positive), after it; in two teams.

const DAY = 86_400_000;
const T0 = Date.parse('2026-03-02T00:00:00Z');
const WINDOW = `from=${T0}&to=${T0 + 7 * DAY}`;

const finding = (key: string, cwe: string[], severity: Severity = 'high'): Finding => ({
  ...codeFinding(key, { severity }),
  cwe,
});

describe.each(TEST_DIALECTS)('top CWEs on %s', (dialect) => {
  let hub: HubDatabase;
  let drop: () => Promise<void>;
  let app: FastifyInstance;
  let shop: { projectId: string; teamId: string };
  let finder: { projectId: string; teamId: string };
  const principals = new Map<string, Principal>();

  beforeAll(async () => {
    ({ hub, drop } = await freshDatabase(dialect));
    shop = await seedProject(hub, 'shop');
    finder = await seedProject(hub, 'finder');
    principals.set('auditor', await seedUser(hub, { globalRole: 'auditor' }));
    principals.set('dev-a', await seedUser(hub, { team: { id: shop.teamId, role: 'developer' } }));
    principals.set('ci', { kind: 'ci', tokenId: 't', projectId: shop.projectId });
    app = buildHub({ database: hub, logger: false });
    usePrincipals(app, principals);
    registerMetricsRoutes(app, { database: hub });
    await app.ready();

    const old = finding('old', ['CWE-79']);
    const a = finding('a', ['CWE-89']);
    const b = finding('b', ['CWE-89', 'CWE-79']);
    const c = finding('c', ['CWE-22']);
    const d = finding('d', []);
    const e = finding('e', ['CWE-89']);
    const scans: [string, number, Finding[]][] = [
      [shop.projectId, -1, [old]],
      [shop.projectId, 1, [old, a, b, c, d, e]],
      [shop.projectId, 2, [old, a, b, d, e]], // full: c is fixed
      [shop.projectId, 8, [old, a, b, d, e, finding('f', ['CWE-89'])]],
      [finder.projectId, 1, [finding('g', ['CWE-89'], 'critical')]],
    ];
    for (const [projectId, day, findings] of scans)
      await ingestScan(hub, {
        projectId,
        body: reportBody({ findings, at: T0 + day * DAY }),
        now: T0 + 30 * DAY,
      });
    const e_ = (await findingsOf(hub, shop.projectId)).get('fp-e');
    await triageFinding(
      hub,
      e_?.id as string,
      { action: 'false_positive', reason: 'test data' },
      'someone',
      T0 + 3 * DAY,
    );
  });
  afterAll(async () => {
    await app.close();
    await drop();
  });

  const get = async (who: string | undefined, query: string) => {
    const response = await app.inject({
      method: 'GET',
      url: `/api/v1/metrics/top-cwes?${query}`,
      headers: who === undefined ? {} : { authorization: `Bearer ${who}` },
    });
    return { status: response.statusCode, json: response.json() };
  };

  it('counts the CWEs of the findings first detected in the window, and those still open', async () => {
    const { status, json } = await get('auditor', WINDOW);
    expect(status).toBe(200);
    // a, b, c, d in shop and g in finder; not `old` (before), `f` (after), `e` (false positive).
    expect(json).toEqual({
      window: {
        from: new Date(T0).toISOString(),
        to: new Date(T0 + 7 * DAY).toISOString(),
      },
      findings: 5,
      open: 4,
      withCwe: 4,
      cweCount: 3,
      cwes: [
        { cwe: 'CWE-89', name: expect.stringContaining('SQL'), findings: 3, open: 3 },
        { cwe: 'CWE-79', name: expect.stringContaining('Cross-site'), findings: 1, open: 1 },
        { cwe: 'CWE-22', name: expect.stringContaining('Path'), findings: 1, open: 0 },
      ],
    });
  });

  it("counts only the caller's teams, and takes the metrics' filters", async () => {
    const mine = (await get('dev-a', WINDOW)).json;
    expect(mine).toMatchObject({ findings: 4, open: 3, withCwe: 3 });
    expect(mine.cwes.map((c: { cwe: string; findings: number }) => [c.cwe, c.findings])).toEqual([
      ['CWE-89', 2],
      ['CWE-79', 1],
      ['CWE-22', 1],
    ]);
    const critical = (await get('auditor', `${WINDOW}&severity=critical`)).json;
    expect(critical).toMatchObject({ findings: 1, cwes: [{ cwe: 'CWE-89', findings: 1 }] });
    const project = (await get('auditor', `${WINDOW}&project=${finder.projectId}`)).json;
    expect(project).toMatchObject({ findings: 1, cwes: [{ cwe: 'CWE-89', findings: 1 }] });
    const team = (await get('auditor', `${WINDOW}&team=${shop.teamId}&scanner=secrets`)).json;
    expect(team).toMatchObject({ findings: 0, open: 0, withCwe: 0, cweCount: 0, cwes: [] });
    // A window that starts at the very detection of a–e and g counts them, and the open ones.
    const edge = (await get('auditor', `from=${T0 + DAY}&to=${T0 + 7 * DAY}`)).json;
    expect(edge).toMatchObject({ findings: 5, open: 4, withCwe: 4 });
    const later = (await get('auditor', `from=${T0 + 7 * DAY}&to=${T0 + 14 * DAY}`)).json;
    expect(later).toMatchObject({ findings: 1, cwes: [{ cwe: 'CWE-89', findings: 1, open: 1 }] });
  });

  it('lists at most `limit` CWEs', async () => {
    const { json } = await get('auditor', `${WINDOW}&limit=1`);
    expect(json.cweCount).toBe(3);
    expect(json.cwes.map((c: { cwe: string }) => c.cwe)).toEqual(['CWE-89']);
  });

  it('refuses what the other metrics refuse', async () => {
    expect((await get('dev-a', `${WINDOW}&team=${finder.teamId}`)).status).toBe(404);
    expect((await get('dev-a', `${WINDOW}&project=${finder.projectId}`)).status).toBe(404);
    expect((await get('ci', WINDOW)).status).toBe(403);
    expect((await get(undefined, WINDOW)).status).toBe(401);
    for (const [query, path] of [
      [`from=${T0}`, 'query.to'],
      [`${WINDOW}&limit=0`, 'query.limit'],
      [`${WINDOW}&limit=1001`, 'query.limit'],
      [`${WINDOW}&cwe=CWE-89`, 'query'],
    ] as const) {
      const { status, json } = await get('auditor', query);
      expect(status, query).toBe(400);
      expect(json.error.code).toBe('VALIDATION');
      expect(json.error.message.startsWith(path), json.error.message).toBe(true);
    }
  });
});
