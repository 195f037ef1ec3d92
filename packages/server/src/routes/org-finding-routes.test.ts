import type { Finding, Severity } from '@rampart/core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHub } from '../app.js';
import type { Principal } from '../auth/principal.js';
import type { HubDatabase } from '../db/database.js';
import { ingestScan } from '../ingest/ingest-scan.js';
import {
  codeFinding,
  packageFinding,
  reportBody,
  seedProject,
  seedUser,
  store,
  usePrincipals,
} from '../ingest/ingest-test-support.js';
import { triageFinding } from '../lifecycle/triage-actions.js';
import { freshDatabase, TEST_DIALECTS } from '../test-support/databases.js';
import { registerOrgFindingRoutes } from './org-finding-routes.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-06-01T00:00:00Z');
const NOW = T0 + 10 * DAY;

const code = (
  key: string,
  severity: Severity,
  cwe: string[],
  extra: Partial<Finding> & { path?: string } = {},
): Finding => {
  const { path, ...rest } = extra;
  return { ...codeFinding(key, { severity, ...(path ? { path } : {}) }), cwe, ...rest };
};
const GEN_SEVERITIES: Severity[] = ['critical', 'high', 'medium', 'low', 'info', 'high'];
const generated = Array.from({ length: 12 }, (_, i) =>
  code(`g${i}`, GEN_SEVERITIES[i % 6] as Severity, i % 2 === 0 ? ['CWE-79'] : [], {
    path: `src/gen/g${i}.js`,
  }),
);
const PACKAGE = 'fp-GHSA-1111-2222-3333-left_pad';

describe.each(TEST_DIALECTS)("the organisation's findings list on %s", (dialect) => {
  let hub: HubDatabase;
  let drop: () => Promise<void>;
  let app: FastifyInstance;
  const ids = { shop: '', api: '', finder: '', teamA: '', teamB: '' };
  const principals = new Map<string, Principal>();

  beforeAll(async () => {
    ({ hub, drop } = await freshDatabase(dialect));
    const shop = await seedProject(hub, 'shop');
    const api = await seedProject(hub, 'api', shop.teamId);
    const finder = await seedProject(hub, 'finder');
    Object.assign(ids, {
      shop: shop.projectId,
      api: api.projectId,
      finder: finder.projectId,
      teamA: shop.teamId,
      teamB: finder.teamId,
    });
    principals.set('dev-a', await seedUser(hub, { team: { id: ids.teamA, role: 'developer' } }));
    principals.set('dev-b', await seedUser(hub, { team: { id: ids.teamB, role: 'developer' } }));
    principals.set('security', await seedUser(hub, { globalRole: 'security' }));
    principals.set('auditor', await seedUser(hub, { globalRole: 'auditor' }));
    principals.set('loner', await seedUser(hub));
    principals.set('ci', { kind: 'ci', tokenId: 't', projectId: ids.shop });
    app = buildHub({ database: hub, logger: false });
    usePrincipals(app, principals);
    registerOrgFindingRoutes(app, { database: hub });
    await app.ready();

    const a = code('a', 'critical', ['CWE-89'], {
      ruleId: 'sast.sql-injection',
      path: 'src/db/query.js',
    });
    const b = code('b', 'low', ['CWE-79'], { ruleId: 'sast.xss', path: 'src/web/100%_done.js' });
    const c = code('c', 'high', ['CWE-798'], {
      scanner: 'secrets',
      ruleId: 'secrets.generic',
      path: 'config/Secrets.env',
    });
    const pkg: Finding = {
      ...packageFinding('GHSA-1111-2222-3333', [], 'left_pad'),
      title: 'Vulnerable dependency',
      cwe: ['CWE-1321'],
    };
    const d = code('d', 'medium', [], {
      scanner: 'iac',
      ruleId: 'iac.docker-root',
      path: 'deploy/Dockerfile',
    });
    const e = code('e', 'medium', ['CWE-22'], { path: 'src/files.js' });
    const u: Finding = {
      ...code('u', 'high', ['CWE-89', 'CWE-20'], { scanner: 'dast', ruleId: 'dast.sqli' }),
      location: { kind: 'url', method: 'GET', url: 'https://api.example.com/Login?next=/home' },
    };
    const x = code('x', 'critical', ['CWE-89']);
    const y = code('y', 'info', []);
    const scans: [string, number, Parameters<typeof reportBody>[0]][] = [
      [ids.shop, 0, { findings: [a, b], stage: 'pr', branch: 'f' }],
      [ids.shop, 1, { findings: [a, c, pkg], stage: 'main' }],
      [ids.shop, 3, { findings: [a, c, pkg, d, e], stage: 'main' }],
      [ids.api, 2, { findings: [u], stage: 'production' }],
      [ids.api, 4, { findings: generated, stage: 'main' }],
      [ids.finder, 1, { findings: [x, y], stage: 'main' }],
    ];
    for (const [projectId, day, spec] of scans)
      await ingestScan(hub, {
        projectId,
        body: reportBody({ ...spec, at: T0 + day * DAY }),
        now: NOW,
      });
    const idOf = async (fingerprint: string) =>
      (
        await store(hub)
          .selectFrom('findings')
          .select('id')
          .where('fingerprint', '=', fingerprint)
          .executeTakeFirstOrThrow()
      ).id;
    const triager = (principals.get('security') as { userId: string }).userId;
    await triageFinding(
      hub,
      await idOf('fp-b'),
      { action: 'false_positive', reason: 'test code' },
      triager,
      NOW,
    );
    await triageFinding(
      hub,
      await idOf('fp-d'),
      { action: 'accept_risk', reason: 'internal only', expiresAt: NOW + 30 * DAY },
      triager,
      NOW,
    );
    await triageFinding(
      hub,
      await idOf('fp-e'),
      { action: 'override_severity', severity: 'critical' },
      triager,
      NOW,
    );
  });
  afterAll(async () => {
    await app.close();
    await drop();
  });

  const get = async (who: string | undefined, query = '') => {
    const response = await app.inject({
      method: 'GET',
      url: `/api/v1/findings${query === '' ? '' : `?${query}`}`,
      headers: who === undefined ? {} : { authorization: `Bearer ${who}` },
    });
    return { status: response.statusCode, json: response.json() as Record<string, unknown> };
  };
  type Row = { id: string; fingerprint: string; projectId: string; [key: string]: unknown };

  /** Every page of a query, walked with `nextCursor`; fails on a repeated row. */
  const walk = async (who: string, query: string, limit: number): Promise<Row[]> => {
    const rows: Row[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 100; page++) {
      const params = [query, `limit=${limit}`, cursor === null ? '' : `cursor=${cursor}`]
        .filter((p) => p !== '')
        .join('&');
      const { status, json } = await get(who, params);
      expect(status, JSON.stringify(json)).toBe(200);
      const found = json.findings as Row[];
      expect(found.length).toBeLessThanOrEqual(limit);
      rows.push(...found);
      cursor = json.nextCursor as string | null;
      if (cursor === null) break;
      expect(found).toHaveLength(limit);
    }
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    return rows;
  };
  const fingerprints = async (who: string, query = '') => {
    const { status, json } = await get(who, `${query}${query ? '&' : ''}limit=500`);
    expect(status, JSON.stringify(json)).toBe(200);
    expect(json.nextCursor).toBeNull();
    return (json.findings as Row[]).map((f) => f.fingerprint).sort();
  };

  const ALL_A = ['fp-a', 'fp-b', 'fp-c', PACKAGE, 'fp-d', 'fp-e', 'fp-u']
    .concat(generated.map((g) => g.fingerprint))
    .sort();

  it("lists the caller's findings: the organisation for its readers, one's own teams for others", async () => {
    expect(await fingerprints('security')).toEqual([...ALL_A, 'fp-x', 'fp-y'].sort());
    expect(await fingerprints('auditor')).toHaveLength(21);
    expect(await fingerprints('dev-a')).toEqual(ALL_A);
    expect(await fingerprints('dev-b')).toEqual(['fp-x', 'fp-y']);
    expect(await fingerprints('loner')).toEqual([]);
    expect((await get(undefined)).status).toBe(401);
    const ci = await get('ci');
    expect(ci.status).toBe(403);
    expect((ci.json.error as { code: string }).code).toBe('FORBIDDEN');
  });

  it('gives each finding its project name and team, and the finding as a list shows it', async () => {
    const { json } = await get('security', 'q=src/files.js');
    expect(json.findings).toEqual([
      expect.objectContaining({
        fingerprint: 'fp-e',
        projectId: ids.shop,
        projectName: 'shop',
        teamId: ids.teamA,
        severity: 'critical',
        reportedSeverity: 'medium',
        severityOverride: 'critical',
        status: 'open',
        scanner: 'sast',
        firstSeenStage: 'main',
        firstSeenAt: new Date(T0 + 3 * DAY).toISOString(),
        location: expect.objectContaining({ kind: 'code', path: 'src/files.js' }),
      }),
    ]);
  });

  it("does not reveal another team's project or team: a filter on one is 404", async () => {
    for (const query of [
      `project=${ids.finder}`,
      `project=${ids.shop},${ids.finder}`,
      `team=${ids.teamB}`,
      `team=${ids.teamA},${ids.teamB}`,
    ]) {
      const { status, json } = await get('dev-a', query);
      expect(status, query).toBe(404);
      expect((json.error as { code: string }).code).toBe('NOT_FOUND');
    }
    expect((await get('dev-b', `project=${ids.shop}`)).status).toBe(404);
    expect((await get('security', 'project=no-such-project')).status).toBe(404);
    expect((await get('security', 'team=no-such-team')).status).toBe(404);
  });

  it('filters by project and team', async () => {
    expect(await fingerprints('security', `project=${ids.finder}`)).toEqual(['fp-x', 'fp-y']);
    expect(await fingerprints('security', `project=${ids.shop},${ids.finder}`)).toEqual(
      ['fp-a', 'fp-b', 'fp-c', PACKAGE, 'fp-d', 'fp-e', 'fp-x', 'fp-y'].sort(),
    );
    expect(await fingerprints('security', `team=${ids.teamA}`)).toEqual(ALL_A);
    expect(await fingerprints('dev-b', `team=${ids.teamB}`)).toEqual(['fp-x', 'fp-y']);
    // A project and a team that do not meet: nothing.
    expect(await fingerprints('security', `project=${ids.shop}&team=${ids.teamB}`)).toEqual([]);
  });

  it('filters by effective severity, scanner, status and stage of first detection', async () => {
    expect(await fingerprints('security', 'severity=critical')).toEqual(
      ['fp-a', 'fp-e', 'fp-x', 'fp-g0', 'fp-g6'].sort(),
    );
    expect(await fingerprints('security', 'severity=medium')).toEqual(
      ['fp-d', 'fp-g2', 'fp-g8'].sort(),
    );
    expect(await fingerprints('dev-a', 'scanner=secrets,iac')).toEqual(['fp-c', 'fp-d']);
    expect(await fingerprints('security', 'status=false_positive')).toEqual(['fp-b']);
    expect(await fingerprints('security', 'status=risk_accepted')).toEqual(['fp-d']);
    expect(await fingerprints('security', 'status=open,risk_accepted')).toHaveLength(20);
    expect(await fingerprints('security', 'stage=pr')).toEqual(['fp-a', 'fp-b']);
    expect(await fingerprints('security', 'stage=production,dev')).toEqual(['fp-u']);
    expect(
      await fingerprints('security', `severity=critical,high&scanner=sast&team=${ids.teamA}`),
    ).toEqual(['fp-a', 'fp-e', 'fp-g0', 'fp-g1', 'fp-g5', 'fp-g6', 'fp-g7', 'fp-g11'].sort());
  });

  /** The list as answered by a hub that reads `cwe` and `q` matches one way or the other. */
  const STRATEGIES = [
    ['read from their matches', undefined],
    ['checked along the sort', 0],
  ] as const;
  const withStrategy = async (drivenMax: number | undefined) => {
    const hubApp = buildHub({ database: hub, logger: false });
    usePrincipals(hubApp, principals);
    registerOrgFindingRoutes(hubApp, {
      database: hub,
      ...(drivenMax === undefined ? {} : { drivenMax }),
    });
    const list = async (who: string, query: string) => {
      const response = await hubApp.inject({
        method: 'GET',
        url: `/api/v1/findings?${query}&limit=500`,
        headers: { authorization: `Bearer ${who}` },
      });
      expect(response.statusCode, response.body).toBe(200);
      return response.json().findings as Row[];
    };
    const found = async (who: string, query: string) =>
      (await list(who, query)).map((f) => f.fingerprint).sort();
    return { hubApp, list, found };
  };

  it.each(STRATEGIES)('filters by CWE, in any usual spelling (%s)', async (_how, drivenMax) => {
    const { hubApp, list, found } = await withStrategy(drivenMax);
    expect(await found('security', 'cwe=CWE-89')).toEqual(['fp-a', 'fp-u', 'fp-x']);
    expect(await found('dev-a', 'cwe=CWE-89')).toEqual(['fp-a', 'fp-u']);
    expect(await found('security', 'cwe=cwe-20')).toEqual(['fp-u']);
    expect(await found('security', 'cwe=1321,CWE-79')).toEqual(
      ['fp-b', PACKAGE, 'fp-g0', 'fp-g2', 'fp-g4', 'fp-g6', 'fp-g8', 'fp-g10'].sort(),
    );
    expect(await found('security', `cwe=CWE-89&severity=critical&project=${ids.shop}`)).toEqual([
      'fp-a',
    ]);
    expect(await found('security', 'cwe=CWE-416')).toEqual([]);
    expect((await list('dev-a', 'cwe=CWE-79&sort=severity')).map((f) => f.severity)).toEqual([
      'critical',
      'critical',
      'medium',
      'medium',
      'low',
      'info',
      'info',
    ]);
    await hubApp.close();
  });

  it.each(STRATEGIES)(
    'searches title, rule id, path, package name and URL, ignoring case, with no wildcards (%s)',
    async (_how, drivenMax) => {
      const { hubApp, list, found } = await withStrategy(drivenMax);
      expect(await found('security', 'q=SQL-INJ')).toEqual(['fp-a']);
      expect(await found('security', 'q=test%20finding%20X')).toEqual(['fp-x']);
      expect(await found('security', 'q=secrets.ENV')).toEqual(['fp-c']);
      expect(await found('security', 'q=left_pad')).toEqual([PACKAGE]);
      expect(await found('security', 'q=login%3Fnext')).toEqual(['fp-u']);
      expect(await found('security', 'q=gen/g1')).toEqual(['fp-g1', 'fp-g10', 'fp-g11']);
      // % and _ are themselves, not LIKE's wildcards; a backslash too.
      expect(await found('security', 'q=%25')).toEqual(['fp-b']);
      expect(await found('security', 'q=100%25_')).toEqual(['fp-b']);
      expect(await found('security', 'q=_')).toEqual(['fp-b', PACKAGE].sort());
      expect(await found('security', 'q=%5C')).toEqual([]);
      expect(await found('security', "q=' or 1=1 --")).toEqual([]);
      expect(await found('dev-b', 'q=query.js')).toEqual([]);
      expect(await found('dev-a', `q=finding%20g&cwe=CWE-79&project=${ids.api}`)).toEqual(
        ['fp-g0', 'fp-g2', 'fp-g4', 'fp-g6', 'fp-g8', 'fp-g10'].sort(),
      );
      expect(await list('security', 'q=gen/g&sort=lastSeen&order=asc')).toHaveLength(12);
      await hubApp.close();
    },
  );

  /** The expected order of findings under a sort, from the stored rows. */
  async function expectedOrder(
    sort: 'firstSeen' | 'lastSeen' | 'severity',
    order: 'asc' | 'desc',
    filter: (row: { fingerprint: string; project_id: string }) => boolean = () => true,
  ): Promise<string[]> {
    const rank: Record<string, number> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };
    const rows = (await store(hub).selectFrom('findings').selectAll().execute()).filter(filter);
    const key = (r: (typeof rows)[number]): (number | string)[] => [
      ...(sort === 'severity'
        ? [rank[r.severity_override ?? r.severity] as number, r.first_seen_at]
        : [sort === 'firstSeen' ? r.first_seen_at : r.last_seen_at]),
      r.id,
    ];
    const compare = (a: (number | string)[], b: (number | string)[]) => {
      for (let i = 0; i < a.length; i++) {
        const x = a[i] as number | string;
        const y = b[i] as number | string;
        if (x !== y) return x < y ? -1 : 1;
      }
      return 0;
    };
    rows.sort((a, b) => compare(key(a), key(b)) * (order === 'desc' ? -1 : 1));
    return rows.map((r) => r.fingerprint);
  }

  it('sorts newest first detection first by default, the id breaking ties', async () => {
    const rows = await walk('security', '', 500);
    expect(rows.map((r) => r.fingerprint)).toEqual(await expectedOrder('firstSeen', 'desc'));
    // The generated findings share their first detection (one scan): ties are the rule.
    const times = rows.map((r) => r.firstSeenAt as string);
    expect(new Set(times).size).toBeLessThan(times.length);
    expect(times).toEqual([...times].sort().reverse());
  });

  it.each([
    ['firstSeen', 'desc'],
    ['firstSeen', 'asc'],
    ['lastSeen', 'desc'],
    ['lastSeen', 'asc'],
    ['severity', 'desc'],
    ['severity', 'asc'],
  ] as const)(
    'walks every page sorted by %s %s: each finding once, in order',
    async (sort, order) => {
      for (const limit of [1, 4, 7]) {
        const rows = await walk('security', `sort=${sort}&order=${order}`, limit);
        expect(rows.map((r) => r.fingerprint)).toEqual(await expectedOrder(sort, order));
      }
      const mine = await walk('dev-a', `sort=${sort}&order=${order}&status=open`, 3);
      expect(mine.map((r) => r.fingerprint)).toEqual(
        (await expectedOrder(sort, order)).filter(
          (f) => ALL_A.includes(f) && f !== 'fp-b' && f !== 'fp-d',
        ),
      );
    },
  );

  it('puts the most severe first when sorting by severity', async () => {
    const rows = await walk('security', 'sort=severity', 5);
    const severities = rows.map((r) => r.severity);
    expect(severities.slice(0, 5)).toEqual(Array(5).fill('critical'));
    expect(severities.at(-1)).toBe('info');
    const ascending = await walk('security', 'sort=severity&order=asc', 50);
    expect(ascending.map((r) => r.severity)).toEqual([...severities].reverse());
  });

  it('answers 400 VALIDATION naming the bad field', async () => {
    const first = await get('security', 'sort=severity&limit=2');
    const severityCursor = first.json.nextCursor as string;
    expect(severityCursor).toEqual(expect.any(String));
    const cases: [string, string][] = [
      ['severity=urgent', 'query.severity'],
      ['scanner=grep', 'query.scanner'],
      ['status=closed', 'query.status'],
      ['stage=staging', 'query.stage'],
      ['sort=newest', 'query.sort'],
      ['order=up', 'query.order'],
      ['limit=0', 'query.limit'],
      ['limit=501', 'query.limit'],
      ['limit=ten', 'query.limit'],
      ['cwe=XSS', 'query.cwe'],
      ['cwe=CWE-89,injection', 'query.cwe'],
      ['q=%20%20', 'query.q'],
      [`q=${'x'.repeat(201)}`, 'query.q'],
      ['colour=red', 'query'],
      ['project=a&project=b', 'query.project'],
      [`project=${Array.from({ length: 101 }, (_, i) => `p${i}`).join(',')}`, 'query.project'],
      ['cursor=bm90LWEtY3Vyc29y', 'query.cursor'],
      ['cursor=%%%', 'query.cursor'],
      [`cursor=${severityCursor}`, 'query.cursor'],
      [`sort=severity&order=asc&cursor=${severityCursor}`, 'query.cursor'],
    ];
    for (const [query, path] of cases) {
      const { status, json } = await get('security', query);
      expect(status, query).toBe(400);
      const error = json.error as { code: string; message: string };
      expect(error.code, query).toBe('VALIDATION');
      expect(error.message.startsWith(`${path}`), `${query}: ${error.message}`).toBe(true);
    }
    const next = await get('security', `sort=severity&limit=2&cursor=${severityCursor}`);
    expect(next.status).toBe(200);
  });
});
