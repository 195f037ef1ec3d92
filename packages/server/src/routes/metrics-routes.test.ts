import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHub } from '../app.js';
import type { Principal } from '../auth/principal.js';
import type { HubDatabase } from '../db/database.js';
import { HISTORY } from '../metrics/metrics.fixture.js';
import { day, type FixtureIds, insertHistory } from '../metrics/metrics-fixture.js';
import { freshDatabase, TEST_DIALECTS } from '../test-support/databases.js';
import { registerMetricsRoutes } from './metrics-routes.js';

// The metrics routes over the fixture history (src/metrics/metrics.fixture.ts, whose numbers
// metrics.test.ts works out by hand): who sees which numbers, and what a bad query gets.
// Until the authentication hook is wired into buildHub, a test hook sets the principal
// from the `x-test-as` header.

const WINDOW = `from=${day(0)}&to=${day(28)}`;

describe.each(TEST_DIALECTS)('the metrics routes on %s', (dialect) => {
  let hub: HubDatabase;
  let drop: () => Promise<void>;
  let app: FastifyInstance;
  let ids: FixtureIds;
  const principals = new Map<string, Principal>();
  const teamId = (key: string) => ids.teams.get(key) as string;
  const projectId = (key: string) => ids.projects.get(key) as string;

  const get = (as: string | undefined, url: string) =>
    app.inject({ method: 'GET', url, headers: as === undefined ? {} : { 'x-test-as': as } });

  beforeAll(async () => {
    ({ hub, drop } = await freshDatabase(dialect));
    ids = await insertHistory(hub, HISTORY);
    const user = (
      name: string,
      globalRole: 'admin' | 'security' | 'auditor' | null,
      teams: [string, 'champion' | 'developer'][],
    ): Principal => ({
      kind: 'user',
      userId: name,
      username: name,
      globalRole,
      teams: new Map(teams),
      via: 'token',
    });
    principals.set('auditor', user('auditor', 'auditor', []));
    principals.set('security', user('security', 'security', []));
    principals.set('dev-b', user('dev-b', null, [[teamId('B'), 'developer']]));
    principals.set('champion-a', user('champion-a', null, [[teamId('A'), 'champion']]));
    principals.set('loner', user('loner', null, []));
    principals.set('ci', { kind: 'ci', tokenId: 't', projectId: projectId('shop') });
    app = buildHub({ database: hub, logger: false });
    if (!app.hasRequestDecorator('principal')) app.decorateRequest('principal', undefined);
    app.addHook('onRequest', async (request) => {
      const as = request.headers['x-test-as'];
      request.principal = typeof as === 'string' ? principals.get(as) : undefined;
    });
    registerMetricsRoutes(app, { database: hub });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await drop();
  });

  it('answers every metric to an organisation reader with the organisation numbers', async () => {
    // The fixture is the whole store here, so the organisation is teams A and B.
    const mttr = await get('auditor', `/api/v1/metrics/mttr?${WINDOW}`);
    expect(mttr.statusCode).toBe(200);
    expect(mttr.json().overall).toMatchObject({ count: 8, mean: 5.1875, median: 3.5 });
    const halfLife = await get('security', `/api/v1/metrics/half-life?${WINDOW}`);
    expect(halfLife.json()).toMatchObject({ total: 13, fixed: 7, censored: 6, halfLife: 7.5 });
    const escapeRate = await get('auditor', `/api/v1/metrics/escape-rate?${WINDOW}`);
    expect(escapeRate.json()).toMatchObject({ findings: 11, escaped: 3, lateDisclosures: 1 });
    const sla = await get('auditor', `/api/v1/metrics/sla?${WINDOW}`);
    expect(sla.json()).toMatchObject({ fixed: 8, withinSla: 7, breaches: { total: 2 } });
    const age = await get('auditor', `/api/v1/metrics/open-age?${WINDOW}`);
    expect(age.json().total).toBe(8);
    const prevented = await get('auditor', `/api/v1/metrics/prevented?${WINDOW}`);
    expect(prevented.json()).toMatchObject({ prevented: 1, pending: 1 });
    const trend = await get('auditor', `/api/v1/metrics/trend?${WINDOW}`);
    expect(trend.json().weeks.map((w: { openAtEnd: number }) => w.openAtEnd)).toEqual([5, 6, 6, 8]);
  });

  it('shows a team member only their own teams', async () => {
    // B's fixes: F4 7.5 and F6 1 days.
    const own = await get('dev-b', `/api/v1/metrics/mttr?${WINDOW}`);
    expect(own.statusCode).toBe(200);
    expect(own.json().overall).toMatchObject({ count: 2, mean: 4.25 });
    expect(own.json().byTeam.map((t: { teamId: string }) => t.teamId)).toEqual([teamId('B')]);
    const filtered = await get('dev-b', `/api/v1/metrics/sla?${WINDOW}&team=${teamId('B')}`);
    expect(filtered.json()).toMatchObject({ fixed: 2, withinSla: 1, breaches: { total: 1 } });
    const a = await get('champion-a', `/api/v1/metrics/escape-rate?${WINDOW}`);
    expect(a.json()).toMatchObject({ findings: 6, escaped: 1, lateDisclosures: 1 });
  });

  it('answers 404 for a team or project the user may not read, as for one that does not exist', async () => {
    for (const url of [
      `/api/v1/metrics/mttr?${WINDOW}&team=${teamId('A')}`,
      `/api/v1/metrics/trend?${WINDOW}&project=${projectId('shop')}`,
      `/api/v1/metrics/mttr?${WINDOW}&team=no-such-team`,
      `/api/v1/metrics/mttr?${WINDOW}&project=no-such-project`,
    ]) {
      const response = await get('dev-b', url);
      expect(response.statusCode, url).toBe(404);
      expect(response.json().error.code).toBe('NOT_FOUND');
    }
    expect((await get('auditor', `/api/v1/metrics/mttr?${WINDOW}&team=nope`)).statusCode).toBe(404);
    const allowed = await get(
      'dev-b',
      `/api/v1/metrics/trend?${WINDOW}&project=${projectId('auth')}`,
    );
    expect(allowed.statusCode).toBe(200);
  });

  it('counts nothing for a user without a team or a global role', async () => {
    const response = await get('loner', `/api/v1/metrics/open-age?${WINDOW}`);
    expect(response.statusCode).toBe(200);
    expect(response.json().total).toBe(0);
  });

  it('refuses anonymous requests (401) and CI tokens (403)', async () => {
    const anonymous = await get(undefined, `/api/v1/metrics/mttr?${WINDOW}`);
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error.code).toBe('UNAUTHENTICATED');
    const ci = await get('ci', `/api/v1/metrics/mttr?${WINDOW}`);
    expect(ci.statusCode).toBe(403);
    expect(ci.json().error.code).toBe('FORBIDDEN');
  });

  it('takes ISO 8601 times as well as epoch milliseconds, and the filters', async () => {
    const response = await get(
      'auditor',
      '/api/v1/metrics/mttr?from=2024-01-01&to=2024-01-29T00:00:00Z&severity=high&scanner=sast',
    );
    expect(response.statusCode).toBe(200);
    // F3's two intervals: 4 and 10 days
    expect(response.json().overall).toMatchObject({ count: 2, mean: 7 });
    expect(response.json().window).toEqual({
      from: '2024-01-01T00:00:00.000Z',
      to: '2024-01-29T00:00:00.000Z',
    });
  });

  it('limits the listed breaches and the curve points', async () => {
    const sla = await get('auditor', `/api/v1/metrics/sla?${WINDOW}&limit=1`);
    expect(sla.json().breaches.total).toBe(2);
    expect(sla.json().breaches.items).toHaveLength(1);
    const curve = await get('auditor', `/api/v1/metrics/half-life?${WINDOW}&points=3`);
    expect(curve.json().points.length).toBeLessThanOrEqual(3);
    expect(curve.json().halfLife).toBe(7.5);
  });

  it('answers 400 VALIDATION naming the bad field', async () => {
    const cases: [string, string][] = [
      ['/api/v1/metrics/mttr', 'query.from'],
      [`/api/v1/metrics/mttr?from=${day(0)}`, 'query.to'],
      [`/api/v1/metrics/mttr?from=${day(5)}&to=${day(5)}`, 'query.to'],
      [`/api/v1/metrics/mttr?from=yesterday&to=${day(5)}`, 'query.from'],
      [`/api/v1/metrics/mttr?${WINDOW}&severity=urgent`, 'query.severity'],
      [`/api/v1/metrics/mttr?${WINDOW}&colour=red`, 'query'],
      [`/api/v1/metrics/sla?${WINDOW}&limit=0`, 'query.limit'],
      [`/api/v1/metrics/half-life?${WINDOW}&points=many`, 'query.points'],
      [`/api/v1/metrics/trend?from=0&to=${day(0)}`, 'query.from'],
      [`/api/v1/metrics/mttr?${WINDOW}&team=a&team=b`, 'query.team'],
    ];
    for (const [url, path] of cases) {
      const response = await get('auditor', url);
      expect(response.statusCode, url).toBe(400);
      expect(response.json().error.code, url).toBe('VALIDATION');
      expect(response.json().error.message, url).toMatch(
        new RegExp(`^${path.replace('.', '\\.')}`),
      );
    }
  });
});
