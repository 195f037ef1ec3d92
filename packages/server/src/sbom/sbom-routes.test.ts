import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHub } from '../app.js';
import type { Principal } from '../auth/principal.js';
import type { HubDatabase } from '../db/database.js';
import { seedProject, seedUser, usePrincipals } from '../ingest/ingest-test-support.js';
import { freshDatabase, TEST_DIALECTS } from '../test-support/databases.js';
import { registerSbomRoutes } from './sbom-routes.js';
import { sbomDb } from './tables.js';

const T0 = Date.parse('2026-05-01T00:00:00Z');
const LIMIT = 64 * 1024;

/** A small CycloneDX document; `serial` makes its content unique. */
function bom(serial: number, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    serialNumber: `urn:uuid:00000000-0000-4000-8000-${String(serial).padStart(12, '0')}`,
    version: 1,
    metadata: { component: { type: 'application', name: 'shop', 'bom-ref': 'root' } },
    components: [
      {
        type: 'library',
        name: 'express',
        version: '4.17.1',
        purl: 'pkg:npm/express@4.17.1',
        'bom-ref': 'pkg:npm/express@4.17.1',
        components: [{ type: 'library', name: 'qs', version: '6.7.0', purl: 'pkg:npm/qs@6.7.0' }],
      },
      { type: 'file', name: 'README.md' },
    ],
    dependencies: [{ ref: 'root', dependsOn: ['pkg:npm/express@4.17.1'] }],
    ...extra,
  });
}

describe.each(TEST_DIALECTS)('SBOM routes on %s', (dialect) => {
  let hub: HubDatabase;
  let drop: () => Promise<void>;
  let app: FastifyInstance;
  let base: string;
  let projectId: string;
  let otherProject: string;
  let clock = T0;
  const principals = new Map<string, Principal>();

  beforeAll(async () => {
    ({ hub, drop } = await freshDatabase(dialect));
    const p = await seedProject(hub);
    projectId = p.projectId;
    otherProject = (await seedProject(hub)).projectId;
    principals.set('ci', { kind: 'ci', tokenId: 't1', projectId });
    principals.set('ci-other', { kind: 'ci', tokenId: 't2', projectId: otherProject });
    principals.set('dev', await seedUser(hub, { team: { id: p.teamId, role: 'developer' } }));
    principals.set('auditor', await seedUser(hub, { globalRole: 'auditor' }));
    const stranger = await seedProject(hub);
    principals.set(
      'stranger',
      await seedUser(hub, { team: { id: stranger.teamId, role: 'champion' } }),
    );
    app = buildHub({ database: hub, logger: false });
    usePrincipals(app, principals);
    registerSbomRoutes(app, { database: hub, maxSbomBytes: LIMIT, now: () => clock });
    await app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await app.close();
    await drop();
  });

  async function call(
    method: 'GET' | 'POST',
    path: string,
    options: { token?: string; body?: Uint8Array | string; headers?: Record<string, string> } = {},
  ) {
    const response = await fetch(`${base}${path}`, {
      method,
      ...(options.body === undefined ? {} : { body: options.body }),
      headers: {
        ...(options.token === '' ? {} : { authorization: `Bearer ${options.token ?? 'ci'}` }),
        ...options.headers,
      },
    });
    const text = await response.text();
    let json: Record<string, unknown> | undefined;
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      json = undefined;
    }
    return { status: response.status, text, json, type: response.headers.get('content-type') };
  }

  const upload = (body: Uint8Array | string, query = 'stage=production', token = 'ci') =>
    call('POST', `/api/v1/projects/${projectId}/sboms?${query}`, { token, body });

  async function storedCount(): Promise<number> {
    const row = await sbomDb(hub.db)
      .selectFrom('sboms')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  it('stores an SBOM (gzip on the wire too), answers a re-send as a duplicate, and serves it back', async () => {
    const text = bom(1);
    const first = await upload(gzipSync(text), 'stage=production&commit=abc123&branch=main');
    expect(first).toMatchObject({
      status: 201,
      json: {
        sbomId: expect.any(String),
        duplicate: false,
        scope: 'production',
        componentCount: 3,
      },
    });
    const again = await upload(text, 'stage=production');
    expect(again).toMatchObject({ status: 200, json: { ...first.json, duplicate: true } });

    clock += 1000;
    const next = await upload(bom(2), 'stage=production');
    expect(next.status).toBe(201);
    clock += 1000;
    // The first content again after another one is the latest again (a rollback).
    const rollback = await upload(text, 'stage=production');
    expect(rollback).toMatchObject({ status: 201, json: { duplicate: false } });
    clock += 1000;
    const main = await upload(bom(3), 'stage=main');
    expect(main).toMatchObject({ status: 201, json: { scope: 'main' } });

    const list = await call('GET', `/api/v1/projects/${projectId}/sboms`, { token: 'dev' });
    expect(list.status).toBe(200);
    const sboms = (list.json as { sboms: Record<string, unknown>[] }).sboms;
    expect(sboms.map((s) => [s.id, s.stage, s.latest])).toEqual([
      [main.json?.sbomId, 'main', true],
      [rollback.json?.sbomId, 'production', true],
      [next.json?.sbomId, 'production', false],
      [first.json?.sbomId, 'production', false],
    ]);
    expect(sboms[3]).toMatchObject({
      projectId,
      scope: 'production',
      commit: 'abc123',
      branch: 'main',
      specVersion: '1.6',
      serialNumber: 'urn:uuid:00000000-0000-4000-8000-000000000001',
      componentCount: 3,
      sizeBytes: Buffer.byteLength(text),
      uploadedAt: new Date(T0).toISOString(),
      lastRematch: null,
    });
    expect(sboms[3]).not.toHaveProperty('document');
    const onlyMain = await call('GET', `/api/v1/projects/${projectId}/sboms?stage=main&limit=5`, {
      token: 'auditor',
    });
    expect((onlyMain.json as { sboms: unknown[] }).sboms).toHaveLength(1);

    const document = await call(
      'GET',
      `/api/v1/projects/${projectId}/sboms/${first.json?.sbomId}`,
      {
        token: 'auditor',
      },
    );
    expect(document).toMatchObject({ status: 200, text });
    expect(document.type).toMatch(/^application\/vnd\.cyclonedx\+json/);
  });

  it.each([
    ['bad JSON', '{"bomFormat": "CycloneDX",', /not valid JSON/],
    ['an SPDX document', JSON.stringify({ spdxVersion: 'SPDX-2.3', packages: [] }), /bomFormat/],
    ['CycloneDX 1.4', bom(10, { specVersion: '1.4' }), /specVersion/],
    [
      'a component with a malformed purl',
      bom(11, { components: [{ type: 'library', name: 'x', purl: 'npm:x@1' }] }),
      /components\.0\.purl/,
    ],
    ['a JSON array', '[]', /not a JSON object/],
    ['an empty body', '', /empty/],
    ['a broken gzip stream', Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x01]), /gzip/],
    ['binary content', Buffer.from([0x7b, 0x00, 0x7d]), /binary, not an SBOM/],
  ])('refuses %s with 400 INVALID_SBOM and stores nothing', async (_name, body, message) => {
    const before = await storedCount();
    const res = await upload(body);
    expect(res).toMatchObject({ status: 400, json: { error: { code: 'INVALID_SBOM' } } });
    expect(String((res.json?.error as { message?: string } | undefined)?.message)).toMatch(message);
    expect(await storedCount()).toBe(before);
  });

  it('refuses an oversized SBOM with 413 SBOM_TOO_LARGE, raw or as a small gzip that inflates past the limit', async () => {
    const before = await storedCount();
    const big = bom(20, { padding: 'x'.repeat(LIMIT) });
    expect(await upload(big)).toMatchObject({
      status: 413,
      json: { error: { code: 'SBOM_TOO_LARGE' } },
    });
    const bomb = gzipSync(big);
    expect(bomb.length).toBeLessThan(LIMIT);
    expect(await upload(bomb)).toMatchObject({
      status: 413,
      json: { error: { code: 'SBOM_TOO_LARGE' } },
    });
    expect(await storedCount()).toBe(before);
    // The server keeps serving.
    expect((await upload(bom(21))).status).toBe(201);
  });

  it('needs a stage, one of the stages', async () => {
    const before = await storedCount();
    expect(await upload(bom(30), 'commit=abc')).toMatchObject({
      status: 400,
      json: { error: { code: 'VALIDATION', message: expect.stringMatching(/^query\.stage/) } },
    });
    expect((await upload(bom(30), 'stage=staging')).status).toBe(400);
    expect(await storedCount()).toBe(before);
  });

  it('lets uploaders upload and readers read, and nobody else', async () => {
    const sbomId = (await upload(bom(40))).json?.sbomId as string;
    const list = `/api/v1/projects/${projectId}/sboms`;
    const one = `${list}/${sbomId}`;
    const post = (token: string) =>
      call('POST', `${list}?stage=main`, { token, body: bom(41 + token.length) });
    const statuses = async (token: string) => [
      (await post(token)).status,
      (await call('GET', list, { token })).status,
      (await call('GET', one, { token })).status,
    ];
    expect(await statuses('ci')).toEqual([201, 403, 403]);
    expect(await statuses('dev')).toEqual([201, 200, 200]);
    expect(await statuses('auditor')).toEqual([403, 200, 200]);
    expect(await statuses('ci-other')).toEqual([404, 404, 404]);
    expect(await statuses('stranger')).toEqual([404, 404, 404]);
    expect(await statuses('')).toEqual([401, 401, 401]);
    // Another project's SBOM id under this project is not found (no IDOR).
    const theirs = await call('POST', `/api/v1/projects/${otherProject}/sboms?stage=main`, {
      token: 'ci-other',
      body: bom(50),
    });
    expect(theirs.status).toBe(201);
    expect((await call('GET', `${list}/${theirs.json?.sbomId}`, { token: 'dev' })).status).toBe(
      404,
    );
  });
});
