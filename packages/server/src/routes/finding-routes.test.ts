import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHub } from '../app.js';
import type { Principal, UserPrincipal } from '../auth/principal.js';
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
import { expireAcceptedRisks } from '../lifecycle/triage-rules.js';
import { freshDatabase, TEST_DIALECTS } from '../test-support/databases.js';
import { registerFindingRoutes } from './finding-routes.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-06-01T00:00:00Z');
const NOW = T0 + 10 * DAY;

describe.each(TEST_DIALECTS)('finding and triage routes on %s', (dialect) => {
  let hub: HubDatabase;
  let drop: () => Promise<void>;
  let app: FastifyInstance;
  let projectId: string;
  let teamId: string;
  const principals = new Map<string, Principal>();
  const user = (key: string) => principals.get(key) as UserPrincipal;

  beforeAll(async () => {
    ({ hub, drop } = await freshDatabase(dialect));
    ({ projectId, teamId } = await seedProject(hub));
    principals.set('dev', await seedUser(hub, { team: { id: teamId, role: 'developer' } }));
    principals.set('champion', await seedUser(hub, { team: { id: teamId, role: 'champion' } }));
    principals.set('security', await seedUser(hub, { globalRole: 'security' }));
    principals.set('auditor', await seedUser(hub, { globalRole: 'auditor' }));
    const elsewhere = await seedProject(hub);
    principals.set(
      'stranger',
      await seedUser(hub, { team: { id: elsewhere.teamId, role: 'champion' } }),
    );
    principals.set('ci', { kind: 'ci', tokenId: 't', projectId });
    app = buildHub({ database: hub, logger: false });
    usePrincipals(app, principals);
    registerFindingRoutes(app, { database: hub, now: () => NOW });
    // Three scans: five findings first seen at different times and stages.
    const scans: [number, Parameters<typeof reportBody>[0]][] = [
      [
        0,
        {
          findings: [
            codeFinding('a', { severity: 'critical' }),
            codeFinding('b', { severity: 'low' }),
          ],
          stage: 'pr',
          branch: 'f',
        },
      ],
      [
        1,
        {
          findings: [
            codeFinding('a', { severity: 'critical' }),
            codeFinding('c', { scanner: 'secrets', severity: 'high' }),
          ],
          stage: 'main',
        },
      ],
      [
        2,
        {
          findings: [
            codeFinding('c', { scanner: 'secrets', severity: 'high' }),
            codeFinding('d'),
            codeFinding('e', { severity: 'medium' }),
          ],
          stage: 'main',
          scanners: ['sast', 'secrets'],
        },
      ],
    ];
    for (const [day, spec] of scans) {
      await ingestScan(hub, {
        projectId,
        body: reportBody({ ...spec, at: T0 + day * DAY }),
        now: NOW,
      });
    }
  });
  afterAll(() => drop());

  const call = async (
    who: string,
    method: 'GET' | 'POST',
    url: string,
    payload?: Record<string, unknown>,
  ) => {
    const response = await app.inject({
      method,
      url,
      headers: who ? { authorization: `Bearer ${who}` } : {},
      ...(payload ? { payload } : {}),
    });
    return { status: response.statusCode, json: response.json() as Record<string, unknown> };
  };
  const idOf = async (fingerprint: string) =>
    (await findingsOf(hub, projectId)).get(fingerprint)?.id as string;

  it('lists the findings, newest first detection first, with filters', async () => {
    const list = await call('dev', 'GET', `/api/v1/projects/${projectId}/findings`);
    expect(list.status).toBe(200);
    const fingerprints = (list.json.findings as { fingerprint: string }[]).map(
      (f) => f.fingerprint,
    );
    expect(fingerprints.slice(0, 2).sort()).toEqual(['fp-d', 'fp-e']);
    expect(fingerprints[2]).toBe('fp-c');
    expect(fingerprints.slice(3).sort()).toEqual(['fp-a', 'fp-b']);
    expect(list.json.nextCursor).toBeNull();
    const a = (list.json.findings as Record<string, unknown>[]).find(
      (f) => f.fingerprint === 'fp-a',
    );
    expect(a).toMatchObject({
      severity: 'critical',
      status: 'fixed',
      firstSeenStage: 'pr',
      firstSeenAt: new Date(T0).toISOString(),
      fixedAt: new Date(T0 + 2 * DAY).toISOString(),
      seenAtStages: ['main', 'pr'],
      location: { kind: 'code', path: 'src/a.js' },
    });

    const query = async (q: string) =>
      (
        (await call('dev', 'GET', `/api/v1/projects/${projectId}/findings?${q}`)).json.findings as {
          fingerprint: string;
        }[]
      )
        .map((f) => f.fingerprint)
        .sort();
    expect(await query('status=open')).toEqual(['fp-b', 'fp-c', 'fp-d', 'fp-e']);
    expect(await query('severity=critical,low')).toEqual(['fp-a', 'fp-b']);
    expect(await query('scanner=secrets')).toEqual(['fp-c']);
    expect(await query('stage=pr')).toEqual(['fp-a', 'fp-b']);
    expect(await query('seenAt=main')).toEqual(['fp-a', 'fp-c', 'fp-d', 'fp-e']);
    expect(await query('status=open&stage=main&scanner=sast')).toEqual(['fp-d', 'fp-e']);
  });

  it('pages with an opaque cursor, every finding exactly once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await call(
        'auditor',
        'GET',
        `/api/v1/projects/${projectId}/findings?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.status).toBe(200);
      seen.push(...(page.json.findings as { fingerprint: string }[]).map((f) => f.fingerprint));
      cursor = page.json.nextCursor as string | null;
      pages++;
    } while (cursor !== null);
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual(['fp-a', 'fp-b', 'fp-c', 'fp-d', 'fp-e']);
    expect(
      await call('dev', 'GET', `/api/v1/projects/${projectId}/findings?cursor=bm9wZQ`),
    ).toMatchObject({ status: 400, json: { error: { code: 'VALIDATION' } } });
    expect(
      await call('dev', 'GET', `/api/v1/projects/${projectId}/findings?status=closed`),
    ).toMatchObject({
      status: 400,
      json: { error: { code: 'VALIDATION', message: expect.stringMatching(/^query\.status/) } },
    });
    expect(
      await call('dev', 'GET', `/api/v1/projects/${projectId}/findings?limit=501`),
    ).toMatchObject({ status: 400 });
  });

  it('hides the findings of other teams (404) and refuses anonymous callers and CI tokens', async () => {
    const id = await idOf('fp-a');
    expect((await call('stranger', 'GET', `/api/v1/projects/${projectId}/findings`)).status).toBe(
      404,
    );
    expect((await call('stranger', 'GET', `/api/v1/findings/${id}`)).status).toBe(404);
    expect(
      (await call('stranger', 'POST', `/api/v1/findings/${id}/comments`, { text: 'hi' })).status,
    ).toBe(404);
    expect((await call('', 'GET', `/api/v1/findings/${id}`)).status).toBe(401);
    expect((await call('ci', 'GET', `/api/v1/findings/${id}`)).status).toBe(403);
    expect((await call('dev', 'GET', '/api/v1/findings/nope')).status).toBe(404);
  });

  it('lets members comment, assign and reopen; champions and security decide; auditors read only', async () => {
    const id = await idOf('fp-d');
    const url = (action: string) => `/api/v1/findings/${id}/${action}`;
    expect(await call('dev', 'POST', url('comments'), { text: 'looking at it' })).toMatchObject({
      status: 200,
    });
    expect(
      await call('dev', 'POST', url('assign'), { assigneeId: user('champion').userId }),
    ).toMatchObject({
      status: 200,
      json: { assigneeId: user('champion').userId },
    });
    expect(
      await call('dev', 'POST', url('assign'), { assigneeId: user('stranger').userId }),
    ).toMatchObject({
      status: 400,
      json: { error: { code: 'UNKNOWN_ASSIGNEE' } },
    });
    for (const [action, body] of [
      ['false-positive', { reason: 'x' }],
      ['accept-risk', { reason: 'x', expiresAt: new Date(NOW + DAY).toISOString() }],
      ['severity', { severity: 'low' }],
    ] as const) {
      expect(await call('dev', 'POST', url(action), body)).toMatchObject({
        status: 403,
        json: { error: { code: 'FORBIDDEN' } },
      });
      expect((await call('auditor', 'POST', url(action), body)).status).toBe(403);
    }
    expect((await call('auditor', 'POST', url('comments'), { text: 'x' })).status).toBe(403);

    expect(
      await call('champion', 'POST', url('accept-risk'), { reason: 'behind the VPN' }),
    ).toMatchObject({
      status: 400,
      json: { error: { code: 'VALIDATION', message: expect.stringMatching(/^body\.expiresAt/) } },
    });
    const accepted = await call('champion', 'POST', url('accept-risk'), {
      reason: 'behind the VPN',
      expiresAt: new Date(NOW + 5 * DAY).toISOString(),
    });
    expect(accepted).toMatchObject({
      status: 200,
      json: { status: 'risk_accepted', acceptedUntil: new Date(NOW + 5 * DAY).toISOString() },
    });
    expect(
      await call('security', 'POST', url('severity'), { severity: 'low', reason: 'internal only' }),
    ).toMatchObject({
      status: 200,
      json: { severity: 'low', reportedSeverity: 'high', severityOverride: 'low' },
    });
    expect(
      await call('dev', 'POST', url('reopen'), { reason: 'the VPN is going away' }),
    ).toMatchObject({
      status: 200,
      json: { status: 'open', acceptedUntil: null },
    });
    expect(await call('dev', 'POST', url('reopen'))).toMatchObject({
      status: 409,
      json: { error: { code: 'NOT_TRIAGED' } },
    });

    const detail = await call('auditor', 'GET', `/api/v1/findings/${id}`);
    expect(detail.status).toBe(200);
    expect(detail.json).toMatchObject({
      fingerprint: 'fp-d',
      finding: { ruleId: 'sast.test-rule' },
    });
    const timeline = (
      detail.json.events as { type: string; actorId: string | null; data: unknown }[]
    ).map((e) => [e.type, e.actorId]);
    expect(timeline).toEqual([
      ['detected', null],
      ['commented', user('dev').userId],
      ['assigned', user('dev').userId],
      ['risk_accepted', user('champion').userId],
      ['severity_overridden', user('security').userId],
      ['reopened', user('dev').userId],
    ]);
    // Who acted, by name (a scan has no actor).
    const actors = (detail.json.events as { actor: { username: string } | null }[]).map(
      (e) => e.actor?.username ?? null,
    );
    expect(actors[0]).toBeNull();
    expect(actors[3]).toBe(user('champion').username);
    expect(actors[4]).toBe(user('security').username);
    expect(detail.json.teamId).toBe(teamId);
    expect(typeof detail.json.projectName).toBe('string');
    expect((detail.json.events as { data: unknown }[])[4]?.data).toEqual({
      from: 'high',
      to: 'low',
      reason: 'internal only',
    });
    expect(
      await call('dev', 'GET', `/api/v1/projects/${projectId}/findings?severity=low`),
    ).toMatchObject({
      json: {
        findings: expect.arrayContaining([expect.objectContaining({ fingerprint: 'fp-d' })]),
      },
    });
  });

  it('keeps a false positive across a new scan, and reverts an accepted risk at expiry', async () => {
    const fp = await idOf('fp-e');
    const risk = await idOf('fp-c');
    expect(
      (
        await call('champion', 'POST', `/api/v1/findings/${fp}/false-positive`, {
          reason: 'dead code',
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await call('security', 'POST', `/api/v1/findings/${risk}/accept-risk`, {
          reason: 'rotating',
          expiresAt: NOW + 2 * DAY,
        })
      ).status,
    ).toBe(200);
    await ingestScan(hub, {
      projectId,
      body: reportBody({
        findings: [
          codeFinding('c', { scanner: 'secrets', severity: 'high' }),
          codeFinding('e', { severity: 'medium' }),
        ],
        stage: 'pr',
        branch: 'g',
        at: T0 + 5 * DAY,
      }),
      now: NOW,
    });
    const rows = await findingsOf(hub, projectId);
    expect(rows.get('fp-e')).toMatchObject({
      status: 'false_positive',
      last_seen_at: T0 + 5 * DAY,
    });
    expect(await expireAcceptedRisks(hub, NOW + 3 * DAY)).toMatchObject({ findings: 1 });
    const detail = await call('dev', 'GET', `/api/v1/findings/${risk}`);
    expect(detail.json).toMatchObject({ status: 'open', acceptedUntil: null });
    expect((detail.json.events as { type: string; at: string }[]).at(-1)).toMatchObject({
      type: 'risk_expired',
      at: new Date(NOW + 2 * DAY).toISOString(),
    });
  });
});
