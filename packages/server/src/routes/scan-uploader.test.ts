import type { FastifyInstance } from 'fastify';
import { Migrator } from 'kysely/migration';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHub } from '../app.js';
import { registerAuthentication } from '../auth/authenticate.js';
import { sha256Hex } from '../auth/credentials.js';
import { buildTestOrg, signIn, type TestOrg, testClock } from '../auth/test-org.js';
import type { HubDatabase } from '../db/database.js';
import { migrate, migrations } from '../db/migrations.js';
import { ingestScan } from '../ingest/ingest-scan.js';
import { codeFinding, reportBody } from '../ingest/ingest-test-support.js';
import { freshDatabase, TEST_DIALECTS } from '../test-support/databases.js';
import { registerAuthRoutes } from './auth-routes.js';
import { registerOrgRoutes } from './org-routes.js';
import { registerProjectScanRoutes } from './project-scan-routes.js';
import { registerScanRoutes } from './scan-routes.js';
import { registerTokenRoutes } from './token-routes.js';

// Who uploaded each scan (migration 0027): stored on the scan, audit-logged as
// `scan.upload`, shown as `uploadedBy` in the project's scan history.

const DAY = 86_400_000;
const T0 = Date.parse('2026-03-02T00:00:00Z');
const NOW = T0 + 10 * DAY;

describe.each(TEST_DIALECTS)('scan uploaders on %s', (dialect) => {
  let hub: HubDatabase;
  let drop: () => Promise<void>;
  let app: FastifyInstance;
  let org: TestOrg;
  let ciTokenId: string;
  let devTokenId: string;
  const scan: Record<string, string> = {};

  beforeAll(async () => {
    ({ hub, drop } = await freshDatabase(dialect));
    const clock = testClock(NOW);
    org = await buildTestOrg(hub, clock.now());
    const idOf = async (token: string) =>
      (
        await hub.db
          .selectFrom('tokens')
          .select('id')
          .where('token_hash', '=', sha256Hex(token))
          .executeTakeFirstOrThrow()
      ).id;
    ciTokenId = await idOf(org.ciToken);
    devTokenId = await idOf(org.developer.token);
    app = buildHub({ database: hub, logger: false });
    registerAuthentication(app, { database: hub, now: clock.now });
    registerAuthRoutes(app, { database: hub, now: clock.now });
    registerTokenRoutes(app, { database: hub, now: clock.now });
    registerOrgRoutes(app, { database: hub, now: clock.now });
    registerScanRoutes(app, { database: hub, now: clock.now });
    registerProjectScanRoutes(app, { database: hub });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await drop();
  });

  const upload = async (body: Buffer, headers: Record<string, string>) => {
    const response = await app.inject({
      method: 'POST',
      url: `/api/v1/projects/${org.projectA}/scans`,
      headers: { 'content-type': 'application/json', ...headers },
      payload: body,
    });
    return { status: response.statusCode, json: response.json() };
  };
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const scanRow = (id: string) =>
    hub.db
      .selectFrom('scans')
      .select(['uploaded_by_user_id', 'uploaded_by_token_id'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  const uploadAudits = async () =>
    (
      await hub.db
        .selectFrom('audit_log')
        .select(['at', 'actor_id', 'target_type', 'target_id', 'data'])
        .where('action', '=', 'scan.upload')
        .orderBy('id')
        .execute()
    ).map((a) => ({ ...a, at: Number(a.at), data: JSON.parse(a.data) as unknown }));
  const history = async () => {
    const response = await app.inject({
      method: 'GET',
      url: `/api/v1/projects/${org.projectA}/scans`,
      headers: bearer(org.auditor.token),
    });
    expect(response.statusCode).toBe(200);
    return new Map(
      (response.json().scans as { id: string; uploadedBy: unknown }[]).map((s) => [
        s.id,
        s.uploadedBy,
      ]),
    );
  };

  it('records a CI token, a personal token and a session as the uploader, with one audit entry each', async () => {
    const ci = await upload(
      reportBody({ findings: [codeFinding('a')], at: T0, stage: 'main' }),
      bearer(org.ciToken),
    );
    expect(ci.status).toBe(201);
    scan.ci = ci.json.scanId;
    expect(await scanRow(scan.ci as string)).toEqual({
      uploaded_by_user_id: null,
      uploaded_by_token_id: ciTokenId,
    });

    const personal = await upload(
      reportBody({
        findings: [codeFinding('a'), codeFinding('b')],
        at: T0 + DAY,
        stage: 'pr',
        branch: 'feature',
      }),
      bearer(org.developer.token),
    );
    expect(personal.status).toBe(201);
    scan.personal = personal.json.scanId;
    expect(await scanRow(scan.personal as string)).toEqual({
      uploaded_by_user_id: org.developer.id,
      uploaded_by_token_id: devTokenId,
    });

    const { cookie, csrf } = await signIn(app, org.champion);
    const session = await upload(
      reportBody({ findings: [codeFinding('c')], at: T0 + 2 * DAY, stage: 'dev', branch: 'x' }),
      { cookie, 'x-csrf-token': csrf },
    );
    expect(session.status).toBe(201);
    scan.session = session.json.scanId;
    expect(await scanRow(scan.session as string)).toEqual({
      uploaded_by_user_id: org.champion.id,
      uploaded_by_token_id: null,
    });

    expect(await uploadAudits()).toEqual([
      {
        at: NOW,
        actor_id: null,
        target_type: 'scan',
        target_id: scan.ci,
        data: {
          projectId: org.projectA,
          tokenId: ciTokenId,
          stage: 'main',
          kind: 'full',
          format: 'rampart',
          counts: { new: 1, seen: 0, fixed: 0, reopened: 0 },
        },
      },
      {
        at: NOW,
        actor_id: org.developer.id,
        target_type: 'scan',
        target_id: scan.personal,
        data: {
          projectId: org.projectA,
          tokenId: devTokenId,
          stage: 'pr',
          kind: 'full',
          format: 'rampart',
          counts: { new: 1, seen: 1, fixed: 0, reopened: 0 },
        },
      },
      {
        at: NOW,
        actor_id: org.champion.id,
        target_type: 'scan',
        target_id: scan.session,
        // A session has no token: no tokenId.
        data: {
          projectId: org.projectA,
          stage: 'dev',
          kind: 'full',
          format: 'rampart',
          counts: { new: 1, seen: 0, fixed: 0, reopened: 0 },
        },
      },
    ]);
  });

  it('writes nothing for a re-sent scan, whoever sends it', async () => {
    const before = await uploadAudits();
    const again = await upload(
      reportBody({ findings: [codeFinding('a')], at: T0, stage: 'main' }),
      bearer(org.developer.token),
    );
    expect(again).toMatchObject({ status: 200, json: { scanId: scan.ci, duplicate: true } });
    expect(await uploadAudits()).toEqual(before);
    // The first uploader stays.
    expect(await scanRow(scan.ci as string)).toEqual({
      uploaded_by_user_id: null,
      uploaded_by_token_id: ciTokenId,
    });
  });

  it('shows uploadedBy in the scan history and the last scan of the projects list', async () => {
    const by = await history();
    expect(by.get(scan.ci as string)).toEqual({
      kind: 'ci-token',
      id: ciTokenId,
      name: 'test ci',
    });
    expect(by.get(scan.personal as string)).toEqual({
      kind: 'user',
      id: org.developer.id,
      displayName: 'dev',
    });
    expect(by.get(scan.session as string)).toEqual({
      kind: 'user',
      id: org.champion.id,
      displayName: 'cham',
    });
    const projects = await app.inject({
      method: 'GET',
      url: `/api/v1/projects?include=summary&teamId=${org.teamA}`,
      headers: bearer(org.auditor.token),
    });
    expect(projects.json().projects[0].summary.lastScan).toMatchObject({
      id: scan.session,
      uploadedBy: { kind: 'user', id: org.champion.id, displayName: 'cham' },
    });
  });

  it('ingests without an uploader (jobs, scripts): null columns, an audit entry with no actor', async () => {
    const result = await ingestScan(hub, {
      projectId: org.projectB,
      body: reportBody({ findings: [codeFinding('z')], at: T0, stage: 'main' }),
      now: NOW,
    });
    expect(await scanRow(result.scanId)).toEqual({
      uploaded_by_user_id: null,
      uploaded_by_token_id: null,
    });
    const entry = (await uploadAudits()).at(-1);
    expect(entry).toMatchObject({ actor_id: null, target_id: result.scanId });
    expect(entry?.data).not.toHaveProperty('tokenId');
  });

  it('keeps a revoked token as the uploader, and forgets a deleted user or token', async () => {
    const admin = bearer(org.admin.token);
    const revoke = await app.inject({
      method: 'DELETE',
      url: `/api/v1/projects/${org.projectA}/tokens/${ciTokenId}`,
      headers: admin,
    });
    expect(revoke.statusCode).toBe(204);
    // Revoking keeps the token row: it still uploaded the scan.
    expect((await history()).get(scan.ci as string)).toMatchObject({ kind: 'ci-token' });

    // Deleting the user deletes their personal tokens too: the scan keeps neither.
    const deleted = await app.inject({
      method: 'DELETE',
      url: `/api/v1/users/${org.developer.id}`,
      headers: admin,
    });
    expect(deleted.statusCode).toBe(204);
    expect(await scanRow(scan.personal as string)).toEqual({
      uploaded_by_user_id: null,
      uploaded_by_token_id: null,
    });
    expect((await history()).get(scan.personal as string)).toBeNull();

    // No route deletes a CI token (they are revoked); a deleted row sets the column to null.
    await hub.db.deleteFrom('tokens').where('id', '=', ciTokenId).execute();
    expect(await scanRow(scan.ci as string)).toEqual({
      uploaded_by_user_id: null,
      uploaded_by_token_id: null,
    });
    expect((await history()).get(scan.ci as string)).toBeNull();
    // The audit entries stay as they were written.
    expect((await uploadAudits()).map((a) => a.target_id)).toContain(scan.personal);
  });
});

describe.each(TEST_DIALECTS)('migration 0027-scan-uploader on %s', (dialect) => {
  let hub: HubDatabase;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ hub, drop } = await freshDatabase(dialect));
  });
  afterAll(async () => {
    await drop();
  });

  it('goes down and up again', async () => {
    const migrator = new Migrator({
      db: hub.db,
      provider: { getMigrations: async () => migrations(hub.dialect) },
    });
    const names = Object.keys(migrations(hub.dialect)).sort();
    const at = names.indexOf('0027-scan-uploader');
    const down = await migrator.migrateTo(names[at - 1] as string);
    expect(down.error).toBeUndefined();
    expect((await migrate(hub)).applied).toEqual(names.slice(at));
  });
});
