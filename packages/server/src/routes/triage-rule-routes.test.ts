import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHub } from '../app.js';
import type { Principal } from '../auth/principal.js';
import type { HubDatabase } from '../db/database.js';
import { ingestScan } from '../ingest/ingest-scan.js';
import {
  codeFinding,
  findingsOf,
  packageFinding,
  reportBody,
  seedProject,
  seedUser,
  usePrincipals,
} from '../ingest/ingest-test-support.js';
import { freshDatabase, TEST_DIALECTS } from '../test-support/databases.js';
import { registerTriageRuleRoutes } from './triage-rule-routes.js';

const DAY = 86_400_000;
const NOW = Date.parse('2026-07-01T00:00:00Z');

describe.each(TEST_DIALECTS)('organisation triage rule routes on %s', (dialect) => {
  let hub: HubDatabase;
  let drop: () => Promise<void>;
  let app: FastifyInstance;
  let projectId: string;
  const principals = new Map<string, Principal>();

  beforeAll(async () => {
    ({ hub, drop } = await freshDatabase(dialect));
    const project = await seedProject(hub);
    projectId = project.projectId;
    principals.set('security', await seedUser(hub, { globalRole: 'security' }));
    principals.set('admin', await seedUser(hub, { globalRole: 'admin' }));
    principals.set('auditor', await seedUser(hub, { globalRole: 'auditor' }));
    principals.set(
      'champion',
      await seedUser(hub, { team: { id: project.teamId, role: 'champion' } }),
    );
    principals.set('ci', { kind: 'ci', tokenId: 't', projectId });
    app = buildHub({ database: hub, logger: false });
    usePrincipals(app, principals);
    registerTriageRuleRoutes(app, { database: hub, now: () => NOW });
    await ingestScan(hub, {
      projectId,
      body: reportBody({
        findings: [
          packageFinding('GHSA-aaaa-bbbb-cccc', ['CVE-2026-1111']),
          codeFinding('legacy', { ruleId: 'js.md5', path: 'src/legacy/hash.js' }),
          codeFinding('new', { ruleId: 'js.md5', path: 'src/new/hash.js' }),
        ],
        scanners: ['sast', 'sca'],
        at: NOW - DAY,
      }),
      now: NOW,
    });
  });
  afterAll(() => drop());

  const call = async (
    who: string,
    method: 'GET' | 'POST' | 'DELETE',
    url: string,
    payload?: unknown,
  ) => {
    const response = await app.inject({
      method,
      url,
      headers: who ? { authorization: `Bearer ${who}` } : {},
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
    return { status: response.statusCode, json: response.json() as Record<string, unknown> };
  };

  it('lets only security and admin create rules, validated', async () => {
    const body = {
      kind: 'false_positive_path',
      ruleId: 'js.md5',
      path: 'src/legacy',
      reason: 'checksums, not passwords',
    };
    for (const who of ['champion', 'auditor']) {
      expect(await call(who, 'POST', '/api/v1/triage-rules', body)).toMatchObject({
        status: 403,
        json: { error: { code: 'FORBIDDEN' } },
      });
    }
    expect((await call('ci', 'POST', '/api/v1/triage-rules', body)).status).toBe(403);
    expect((await call('', 'POST', '/api/v1/triage-rules', body)).status).toBe(401);
    for (const [bad, path] of [
      [{ kind: 'accept_advisory', advisory: 'CVE-1', reason: 'x' }, 'body.expiresAt'],
      [
        { kind: 'accept_advisory', advisory: 'CVE-1', reason: 'x', expiresAt: 'tomorrow' },
        'body.expiresAt',
      ],
      [{ kind: 'ignore_everything', reason: 'x' }, 'body.kind'],
      [{ ...body, reason: '' }, 'body.reason'],
      [{ ...body, priority: 1.5 }, 'body.priority'],
    ] as const) {
      expect(await call('security', 'POST', '/api/v1/triage-rules', bad)).toMatchObject({
        status: 400,
        json: { error: { code: 'VALIDATION', message: expect.stringContaining(path) } },
      });
    }
    const created = await call('security', 'POST', '/api/v1/triage-rules', body);
    expect(created).toMatchObject({
      status: 201,
      json: {
        kind: 'false_positive_path',
        ruleId: 'js.md5',
        path: 'src/legacy',
        applied: 1,
        active: true,
      },
    });
    const rows = await findingsOf(hub, projectId);
    expect(rows.get('fp-legacy')?.status).toBe('false_positive');
    expect(rows.get('fp-new')?.status).toBe('open');
  });

  it('applies an advisory acceptance, lists rules, and reverts on revocation', async () => {
    const created = await call('admin', 'POST', '/api/v1/triage-rules', {
      kind: 'accept_advisory',
      advisory: 'CVE-2026-1111',
      reason: 'the vulnerable parser is never reached',
      priority: 10,
      expiresAt: new Date(NOW + 90 * DAY).toISOString(),
    });
    expect(created).toMatchObject({
      status: 201,
      json: { applied: 1, expiresAt: new Date(NOW + 90 * DAY).toISOString() },
    });
    const id = created.json.id as string;
    const fingerprint = 'fp-GHSA-aaaa-bbbb-cccc-lodash';
    expect((await findingsOf(hub, projectId)).get(fingerprint)?.status).toBe('risk_accepted');

    const listed = await call('champion', 'GET', '/api/v1/triage-rules?active=true');
    expect(listed.status).toBe(200);
    expect((listed.json.rules as { id: string }[]).map((r) => r.id)).toContain(id);

    expect((await call('champion', 'DELETE', `/api/v1/triage-rules/${id}`)).status).toBe(403);
    expect(await call('security', 'DELETE', `/api/v1/triage-rules/${id}`)).toMatchObject({
      status: 200,
      json: { id, active: false, reverted: 1 },
    });
    expect((await findingsOf(hub, projectId)).get(fingerprint)?.status).toBe('open');
    const after = await call('champion', 'GET', '/api/v1/triage-rules?active=true');
    expect((after.json.rules as { id: string }[]).map((r) => r.id)).not.toContain(id);
    expect((await call('security', 'DELETE', '/api/v1/triage-rules/nope')).status).toBe(404);
  });
});
