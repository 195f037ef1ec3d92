import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHub } from '../app.js';
import type { Principal } from '../auth/principal.js';
import type { HubDatabase } from '../db/database.js';
import { ingestScan } from '../ingest/ingest-scan.js';
import {
  codeFinding,
  countRows,
  eventsOf,
  findingsOf,
  importerSample,
  reportBody,
  seedProject,
  seedUser,
} from '../ingest/ingest-test-support.js';
import { triageFinding } from '../lifecycle/triage-actions.js';
import { createTriageRule } from '../lifecycle/triage-rules.js';
import { freshDatabase, TEST_DIALECTS } from '../test-support/databases.js';
import { registerScanRoutes } from './scan-routes.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-05-01T00:00:00Z');
const LIMIT = 256 * 1024;

describe.each(TEST_DIALECTS)('scan upload routes on %s', (dialect) => {
  let hub: HubDatabase;
  let drop: () => Promise<void>;
  let app: FastifyInstance;
  let base: string;
  let projectId: string;
  let otherProject: string;
  const principals = new Map<string, Principal>();

  /** A CI principal whose token exists: a stored scan references the token it came with. */
  async function addCi(name: string, tokenId: string, project: string) {
    await hub.db
      .insertInto('tokens')
      .values({
        id: tokenId,
        kind: 'ci',
        user_id: null,
        project_id: project,
        name: tokenId,
        token_hash: `hash-${tokenId}`,
        created_at: 1,
        last_used_at: null,
        expires_at: null,
        revoked_at: null,
      })
      .execute();
    principals.set(name, { kind: 'ci', tokenId, projectId: project });
  }

  beforeAll(async () => {
    ({ hub, drop } = await freshDatabase(dialect));
    const p = await seedProject(hub);
    projectId = p.projectId;
    otherProject = (await seedProject(hub)).projectId;
    await addCi('ci', 't1', projectId);
    await addCi('ci-other', 't2', otherProject);
    principals.set('dev', await seedUser(hub, { team: { id: p.teamId, role: 'developer' } }));
    principals.set('auditor', await seedUser(hub, { globalRole: 'auditor' }));
    principals.set('security', await seedUser(hub, { globalRole: 'security' }));
    const stranger = await seedProject(hub);
    principals.set(
      'stranger',
      await seedUser(hub, { team: { id: stranger.teamId, role: 'champion' } }),
    );
    app = buildHub({ database: hub, logger: false });
    app.decorateRequest('principal', undefined);
    app.addHook('onRequest', async (request) => {
      const header = request.headers.authorization;
      request.principal = header?.startsWith('Bearer ')
        ? principals.get(header.slice(7))
        : undefined;
    });
    registerScanRoutes(app, { database: hub, maxReportBytes: LIMIT, now: () => T0 + 365 * DAY });
    await app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await app.close();
    await drop();
  });

  async function upload(
    body: Uint8Array | string,
    options: {
      token?: string;
      project?: string;
      query?: string;
      headers?: Record<string, string>;
    } = {},
  ) {
    const response = await fetch(
      `${base}/api/v1/projects/${options.project ?? projectId}/scans${options.query ? `?${options.query}` : ''}`,
      {
        method: 'POST',
        body,
        headers: {
          ...(options.token === undefined
            ? { authorization: 'Bearer ci' }
            : options.token
              ? { authorization: `Bearer ${options.token}` }
              : {}),
          ...options.headers,
        },
      },
    );
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  }

  it('takes a report as the raw body (gzip on the wire too) and answers the counts; a re-send is a duplicate', async () => {
    const body = reportBody({
      findings: [codeFinding('r1'), codeFinding('r2')],
      stage: 'main',
      at: T0,
    });
    const first = await upload(gzipSync(body), { headers: { 'content-type': 'application/gzip' } });
    expect(first).toEqual({
      status: 201,
      json: {
        scanId: expect.any(String),
        duplicate: false,
        late: false,
        counts: { new: 2, seen: 0, fixed: 0, reopened: 0 },
      },
    });
    const again = await upload(body, { headers: { 'content-type': 'application/json' } });
    expect(again).toEqual({
      status: 200,
      json: { ...first.json, duplicate: true, counts: { new: 0, seen: 0, fixed: 0, reopened: 0 } },
    });
    const next = await upload(
      reportBody({ findings: [codeFinding('r2')], stage: 'main', at: T0 + DAY }),
    );
    expect(next.json.counts).toEqual({ new: 0, seen: 1, fixed: 1, reopened: 0 });
  });

  it('reads imported formats and takes stage, kind and the rest from the query', async () => {
    const { projectId: fresh } = await seedProject(hub, undefined, undefined);
    await addCi('ci-fresh', 't3', fresh);
    const trivy = await upload(importerSample('trivy', 'trivy-fs.json'), {
      token: 'ci-fresh',
      project: fresh,
      query: `format=trivy&stage=production&branch=main&ranAt=${new Date(T0).toISOString()}&scanners=sca,iac,secrets`,
    });
    expect(trivy.status).toBe(201);
    expect(trivy.json.counts).toMatchObject({ new: 6 });
    const rows = [...(await findingsOf(hub, fresh)).values()];
    expect(rows.every((r) => r.first_seen_stage === 'production' && r.first_seen_at === T0)).toBe(
      true,
    );
  });

  it('lets the CI token of the project and its team upload; others get 401, 403 or 404', async () => {
    const body = () => reportBody({ findings: [], stage: 'dev', at: T0 + Math.random() * DAY });
    expect((await upload(body(), { token: '' })).status).toBe(401);
    expect(await upload(body(), { token: 'ci-other' })).toMatchObject({
      status: 404,
      json: { error: { code: 'NOT_FOUND' } },
    });
    expect((await upload(body(), { token: 'stranger' })).status).toBe(404);
    expect(await upload(body(), { token: 'auditor' })).toMatchObject({
      status: 403,
      json: { error: { code: 'FORBIDDEN' } },
    });
    expect((await upload(body(), { token: 'dev' })).status).toBe(201);
    expect((await upload(body(), { token: 'security' })).status).toBe(201);
    expect((await upload(body(), { project: 'no-such-project' })).status).toBe(404);
    // Permission is settled before the body is read: an oversized upload by a stranger is 404.
    expect((await upload(Buffer.alloc(LIMIT * 2, 'a'), { token: 'stranger' })).status).toBe(404);
  });

  it('refuses malformed, oversized and wrongly-typed uploads with stable codes, and keeps serving', async () => {
    const before = await countRows(hub, otherProject);
    const send = (body: Uint8Array | string, query?: string, headers?: Record<string, string>) =>
      upload(body, {
        token: 'ci-other',
        project: otherProject,
        ...(query ? { query } : {}),
        ...(headers ? { headers } : {}),
      });
    const cases: [Awaited<ReturnType<typeof send>>, number, string][] = [
      [await send('{"schemaVersion": 1, "tool": {"name": "rampart"}}'), 400, 'INVALID_REPORT'],
      [
        await send('not a report at all', undefined, { 'content-type': 'text/plain' }),
        400,
        'INVALID_REPORT',
      ],
      [await send(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1])), 400, 'INVALID_REPORT'],
      [await send(new Uint8Array(0)), 400, 'INVALID_REPORT'],
      [await send(Buffer.alloc(LIMIT + 1, ' ')), 413, 'REPORT_TOO_LARGE'],
      [await send(gzipSync(Buffer.alloc(LIMIT * 4, ' '))), 413, 'REPORT_TOO_LARGE'],
      [await send(reportBody({ findings: [], at: T0 }), 'stage=staging'), 400, 'VALIDATION'],
      [await send(reportBody({ findings: [], at: T0 }), 'scanners=sast,nope'), 400, 'VALIDATION'],
      [await send(reportBody({ findings: [], at: T0 }), 'unknown=1'), 400, 'VALIDATION'],
      [await send(reportBody({ findings: [], at: T0 }), 'format=nessus'), 400, 'INVALID_REPORT'],
      [
        await send(
          '--x\r\nContent-Disposition: form-data; name="f"\r\n\r\n{}\r\n--x--',
          undefined,
          {
            'content-type': 'multipart/form-data; boundary=x',
          },
        ),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      ],
    ];
    for (const [response, status, code] of cases) {
      expect(response.status).toBe(status);
      expect(response.json).toEqual({ error: { code, message: expect.any(String) } });
    }
    expect(cases[0]?.[0].json).toMatchObject({
      error: { message: expect.stringMatching(/not a valid Rampart report/) },
    });
    expect(cases[6]?.[0].json).toMatchObject({
      error: { message: expect.stringMatching(/^query\.stage/) },
    });

    // A body streamed without a length is cut off at the limit too.
    const streamed = await fetch(`${base}/api/v1/projects/${otherProject}/scans`, {
      method: 'POST',
      headers: { authorization: 'Bearer ci-other' },
      body: new ReadableStream({
        start(controller) {
          for (let i = 0; i < 8; i++) controller.enqueue(new Uint8Array(LIMIT / 4).fill(32));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);

    expect(await countRows(hub, otherProject)).toEqual(before);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const fine = await send(reportBody({ findings: [codeFinding('ok')], at: T0 }));
    expect(fine.status).toBe(201);
  });

  it('loses nothing with 20 concurrent uploads to one project (some of them the same scan)', async () => {
    const { projectId: busy } = await seedProject(hub);
    const { projectId: calm } = await seedProject(hub);
    await addCi('ci-busy', 't4', busy);
    const shared = codeFinding('shared');
    // Run times scrambled against the sending order: most arrive late and are replayed.
    const days = [7, 3, 15, 0, 11, 5, 16, 1, 9, 13, 2, 8, 4, 12, 6, 10, 14];
    const bodies = days.map((day, i) =>
      reportBody({
        findings: [
          shared,
          codeFinding(`own-${i}`),
          ...(i % 3 === 0 ? [codeFinding('every-third')] : []),
        ],
        stage: i % 4 === 0 ? 'pr' : 'main',
        branch: 'feature',
        at: T0 + day * DAY,
      }),
    );
    const sends = [...bodies, bodies[0], bodies[0], bodies[5]] as Buffer[];
    expect(sends).toHaveLength(20);
    const responses = await Promise.all(
      sends.map((b) => upload(gzipSync(b), { token: 'ci-busy', project: busy })),
    );
    expect(responses.filter((r) => r.status === 201)).toHaveLength(17);
    expect(responses.filter((r) => r.status === 200 && r.json.duplicate === true)).toHaveLength(3);
    const idOf = (body: Buffer) => responses[sends.indexOf(body)]?.json.scanId;
    expect(
      new Set(responses.filter((_, i) => sends[i] === bodies[0]).map((r) => r.json.scanId)),
    ).toEqual(new Set([idOf(bodies[0] as Buffer)]));

    // The reference: the same scans, one at a time, in the order they ran.
    const inOrder = days.map((day, i) => ({ day, i })).sort((a, b) => a.day - b.day);
    for (const { i } of inOrder) {
      await ingestScan(hub, { projectId: calm, body: bodies[i] as Buffer, now: T0 + 365 * DAY });
    }
    const counts = await countRows(hub, busy);
    expect(counts).toEqual(await countRows(hub, calm));
    expect(counts).toMatchObject({ scans: 17, findings: 19 });
    const view = async (project: string) =>
      [...(await findingsOf(hub, project)).values()]
        .map((r) => [
          r.fingerprint,
          r.status,
          r.first_seen_at,
          r.first_seen_stage,
          r.last_seen_at,
          r.fixed_at,
        ])
        .sort();
    expect(await view(busy)).toEqual(await view(calm));
    const events = async (project: string) =>
      (await eventsOf(hub, project)).map((e) => e.join(' ')).sort();
    expect(await events(busy)).toEqual(await events(calm));
    expect((await eventsOf(hub, busy, ['detected'])).length).toBe(19);
  });

  it("gives CI the project's triage decisions in force and the organisation's rules", async () => {
    const { projectId: project, teamId } = await seedProject(hub);
    await addCi('ci-triage', 't5', project);
    const security = principals.get('security') as { userId: string };
    await ingestScan(hub, {
      projectId: project,
      body: reportBody({
        findings: [codeFinding('fp'), codeFinding('acc'), codeFinding('old'), codeFinding('open')],
        at: T0,
      }),
      now: T0,
    });
    const rows = await findingsOf(hub, project);
    const id = (fp: string) => rows.get(fp)?.id as string;
    const now = T0 + 365 * DAY;
    await triageFinding(
      hub,
      id('fp-fp'),
      { action: 'false_positive', reason: 'test only' },
      security.userId,
      T0,
    );
    await triageFinding(
      hub,
      id('fp-acc'),
      { action: 'accept_risk', reason: 'mitigated', expiresAt: now + DAY },
      security.userId,
      T0,
    );
    await triageFinding(
      hub,
      id('fp-old'),
      { action: 'accept_risk', reason: 'lapsed', expiresAt: now - DAY },
      security.userId,
      T0,
    );
    const { rule } = await createTriageRule(
      hub,
      {
        kind: 'accept_advisory',
        advisory: 'CVE-2099-0001',
        reason: 'not reachable',
        priority: 3,
        expiresAt: now + 30 * DAY,
      },
      security.userId,
      T0,
    );
    const response = await app.inject({
      method: 'GET',
      url: `/api/v1/projects/${project}/triage`,
      headers: { authorization: 'Bearer ci-triage' },
    });
    expect(response.statusCode).toBe(200);
    const body = response.json() as { decisions: unknown[]; rules: { id: string }[] };
    expect(body.decisions).toEqual([
      {
        fingerprint: 'fp-acc',
        findingId: id('fp-acc'),
        ruleId: 'sast.test-rule',
        status: 'risk_accepted',
        until: new Date(now + DAY).toISOString(),
        reason: 'mitigated',
        triageRuleId: null,
      },
      expect.objectContaining({
        fingerprint: 'fp-fp',
        status: 'false_positive',
        until: null,
        reason: 'test only',
      }),
    ]);
    expect(body.rules.map((r) => r.id)).toContain(rule.id);
    expect(body.rules.find((r) => r.id === rule.id)).toMatchObject({
      kind: 'accept_advisory',
      advisory: 'CVE-2099-0001',
      priority: 3,
      active: true,
    });
    for (const [token, status] of [
      ['ci', 404],
      ['stranger', 404],
      ['', 401],
    ] as const) {
      const denied = await app.inject({
        method: 'GET',
        url: `/api/v1/projects/${project}/triage`,
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
      expect(denied.statusCode).toBe(status);
    }
    const reader = await seedUser(hub, { team: { id: teamId, role: 'developer' } });
    principals.set('reader', reader);
    const read = await app.inject({
      method: 'GET',
      url: `/api/v1/projects/${project}/triage`,
      headers: { authorization: 'Bearer reader' },
    });
    expect(read.statusCode).toBe(200);
  });
});
