import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '@rampart/core';
import { loadPolicy } from '@rampart/iac/paved-road';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildTestHub,
  buildTestOrg,
  signIn,
  type TestOrg,
  type TestUser,
  testClock,
} from '../auth/test-org.js';
import type { HubDatabase } from '../db/database.js';
import { sha256Hex } from '../paved-road/catalog-policy.js';
import { freshDatabase, TEST_DIALECTS } from '../test-support/databases.js';

const EXAMPLE = readFileSync(
  new URL('../../../../examples/paved-road.yml', import.meta.url),
  'utf8',
);
const POLICY = '/api/v1/paved-road';
const YML = '/api/v1/paved-road.yml';

interface Catalog {
  revision: number | null;
  yaml: string;
  sha256: string | null;
  policy: Record<string, unknown> | null;
  updatedAt: string | null;
  author: { id: string; displayName: string } | null;
  comment: string | null;
  url: string;
  changed?: boolean;
}

const WORKFLOW = `name: rampart
on:
  pull_request:
  push:
    branches: [{{defaultBranch}}]
jobs:
  scan:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: npx rampart scan --format sarif --output rampart.sarif
      - uses: github/codeql-action/upload-sarif@v3
        with: { sarif_file: rampart.sarif }
`;

describe.each(TEST_DIALECTS)('paved-road catalog routes on %s', (dialect) => {
  let hub: HubDatabase;
  let drop: () => Promise<void>;
  let app: FastifyInstance;
  let org: TestOrg;
  const clock = testClock();

  const as = (user: TestUser | string) => ({
    authorization: `Bearer ${typeof user === 'string' ? user : user.token}`,
  });
  const get = (url: string, user: TestUser | string = '') =>
    app.inject({ method: 'GET', url, headers: user === '' ? {} : as(user) });
  const catalog = async (): Promise<Catalog> => {
    const res = await get(POLICY, org.developer);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Catalog;
  };
  const put = (payload: object, user: TestUser = org.security) =>
    app.inject({ method: 'PUT', url: POLICY, headers: as(user), payload });
  const patch = (payload: object, user: TestUser = org.security) =>
    app.inject({ method: 'PATCH', url: POLICY, headers: as(user), payload });

  beforeAll(async () => {
    ({ hub, drop } = await freshDatabase(dialect));
    org = await buildTestOrg(hub, clock.now());
    app = await buildTestHub(hub, clock);
  });
  afterAll(async () => {
    await app.close();
    await drop();
  });

  describe('the policy', () => {
    it('is empty at first', async () => {
      expect(await catalog()).toEqual({
        revision: null,
        yaml: '',
        sha256: null,
        policy: null,
        updatedAt: null,
        author: null,
        comment: null,
        url: YML,
      });
      const yml = await get(YML, org.ciToken);
      expect(yml.statusCode).toBe(404);
      expect(yml.json().error.code).toBe('NO_POLICY');
      expect((await get(`${POLICY}/revisions`, org.auditor)).json()).toEqual({ revisions: [] });
    });

    it('is replaced by security, validated and audit-logged', async () => {
      const res = await put({ yaml: EXAMPLE, comment: 'first cut', baseRevision: null });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json() as Catalog;
      expect(body).toMatchObject({
        revision: 1,
        yaml: EXAMPLE,
        sha256: sha256Hex(EXAMPLE),
        updatedAt: new Date(clock.now()).toISOString(),
        author: { id: org.security.id },
        comment: 'first cut',
        url: YML,
        changed: true,
      });
      expect(body.policy).toMatchObject({
        version: 1,
        name: 'Acme paved road',
        libraries: { npm: { banned: [{ name: 'lodash' }] } },
        baseImages: { registries: ['registry.acme.example'] },
      });
      const again = await put({ yaml: EXAMPLE, baseRevision: 1 });
      expect(again.json()).toMatchObject({ revision: 1, changed: false });
      const audit = await hub.db
        .selectFrom('audit_log')
        .select(['actor_id', 'action', 'target_id'])
        .where('target_type', '=', 'paved_road')
        .execute();
      expect(audit).toEqual([
        { actor_id: org.security.id, action: 'paved-road.policy.update', target_id: '1' },
      ]);
    });

    it('refuses invalid YAML and unknown keys with the line and column', async () => {
      const syntax = await put({ yaml: 'version: 1\nname: "open\n', baseRevision: 1 });
      expect(syntax.statusCode).toBe(400);
      const error = syntax.json().error;
      expect(error.code).toBe('INVALID_POLICY');
      expect(error.details.line).toBeGreaterThanOrEqual(2);
      expect(error.message).toMatch(/^line \d+, column \d+: invalid YAML/);

      const unknown = await put({
        yaml: 'version: 1\nlibraries:\n  npm:\n    baned: []\n',
        baseRevision: 1,
      });
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json().error).toMatchObject({
        code: 'INVALID_POLICY',
        details: { line: 4, column: 5 },
      });
      expect(unknown.json().error.message).toMatch(/^line 4, column 5: .*baned/);

      const range = await put({
        yaml: 'version: 1\nlibraries:\n  npm:\n    banned:\n      - name: x\n        versions: "<<1"\n',
        baseRevision: 1,
      });
      expect(range.json().error).toMatchObject({ code: 'INVALID_POLICY', details: { line: 6 } });

      const wrongVersion = await put({ yaml: 'version: 2\n', baseRevision: 1 });
      expect(wrongVersion.json().error).toMatchObject({
        code: 'INVALID_POLICY',
        details: { line: 1 },
      });
      expect((await catalog()).revision).toBe(1);
    });

    it('refuses a policy over 1 MiB', async () => {
      const big = `version: 1\nname: x\n# ${'x'.repeat(1024 * 1024)}\n`;
      const res = await put({ yaml: big, baseRevision: 1 });
      expect(res.statusCode).toBe(413);
      expect(res.json().error.code).toBe('POLICY_TOO_LARGE');
    });

    it('refuses a stale base revision', async () => {
      const res = await put({ yaml: `${EXAMPLE}# edited\n`, baseRevision: null });
      expect(res.statusCode).toBe(409);
      expect(res.json().error.code).toBe('STALE_REVISION');
      const old = await patch({
        ops: [{ op: 'set', path: ['name'], value: 'x' }],
        baseRevision: 7,
      });
      expect(old.statusCode).toBe(409);
    });

    it('lets exactly one of two concurrent PUTs on the same base win', async () => {
      const base = (await catalog()).revision;
      const results = await Promise.all(
        ['A', 'B'].map((tag) => put({ yaml: `${EXAMPLE}# writer ${tag}\n`, baseRevision: base })),
      );
      expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
      const loser = results.find((r) => r.statusCode === 409);
      expect(loser?.json().error.code).toBe('STALE_REVISION');
      expect((await catalog()).revision).toBe((base ?? 0) + 1);
    });

    it('is edited with PATCH operations, keeping comments', async () => {
      const before = await catalog();
      expect(before.yaml).toContain('# An example organisation');
      const res = await patch({
        comment: 'ban request, approve an image, drop Django',
        baseRevision: before.revision,
        ops: [
          {
            op: 'append',
            path: ['libraries', 'npm', 'banned'],
            value: { name: 'request', replacement: 'undici', reason: 'unmaintained' },
          },
          {
            op: 'append',
            path: ['baseImages', 'approved'],
            value: { image: 'cgr.dev/chainguard/python', replaces: ['python'], owner: 'platform' },
          },
          { op: 'delete', path: ['libraries', 'PyPI', 'approved', 0] },
          { op: 'set', path: ['baseImages', 'requireDigest'], value: false },
        ],
      });
      expect(res.statusCode, res.body).toBe(200);
      const after = res.json() as Catalog;
      expect(after.revision).toBe((before.revision ?? 0) + 1);
      // The comments of the file are still there, and the untouched lines unchanged.
      expect(after.yaml).toContain(
        "# An example organisation's paved road. examples/rampart.yml points here, so `npm start`",
      );
      expect(after.yaml).toContain('# yaml-language-server: $schema=');
      expect(after.yaml).toContain('  registries: [registry.acme.example]');
      expect(after.yaml).not.toContain('Django');
      expect(after.policy).toMatchObject({
        baseImages: {
          requireDigest: false,
          approved: [{ image: 'cgr.dev/chainguard/node' }, { image: 'cgr.dev/chainguard/python' }],
        },
        libraries: { npm: { banned: [{ name: 'lodash' }, { name: 'request' }] } },
      });
    });

    it('refuses a PATCH whose result the CLI would refuse, or that names nothing', async () => {
      const base = (await catalog()).revision;
      const bad = await patch({
        ops: [{ op: 'set', path: ['libraries', 'npm', 'banned', 0, 'versions'], value: '<<1' }],
        baseRevision: base,
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.code).toBe('INVALID_POLICY');
      expect(bad.json().error.details.line).toBeGreaterThan(1);
      const missing = await patch({
        ops: [{ op: 'delete', path: ['libraries', 'Go'] }],
        baseRevision: base,
      });
      expect(missing.json().error.code).toBe('INVALID_PATCH');
      const noValue = await patch({ ops: [{ op: 'set', path: ['name'] }], baseRevision: base });
      expect(noValue.statusCode).toBe(400);
      const unknownOp = await patch({
        ops: [{ op: 'rename', path: ['name'], value: 'x' }],
        baseRevision: base,
      });
      expect(unknownOp.json().error.code).toBe('VALIDATION');
      expect((await catalog()).revision).toBe(base);
    });

    it('keeps a history with line diffs', async () => {
      const current = (await catalog()).revision as number;
      const list = await get(`${POLICY}/revisions`, org.auditor);
      expect(list.statusCode).toBe(200);
      const revisions = list.json().revisions as {
        revision: number;
        added: number;
        removed: number;
        comment: string | null;
        author: { id: string } | null;
      }[];
      expect(revisions.map((r) => r.revision)).toEqual(
        Array.from({ length: current }, (_, i) => current - i),
      );
      expect(revisions.at(-1)).toMatchObject({
        revision: 1,
        removed: 0,
        added: EXAMPLE.split('\n').length - 1,
        comment: 'first cut',
        author: { id: org.security.id },
      });
      expect(revisions[0]?.comment).toBe('ban request, approve an image, drop Django');
      expect(revisions[0]?.added).toBeGreaterThan(0);
      expect(revisions[0]?.removed).toBeGreaterThan(0);
      const limited = await get(`${POLICY}/revisions?limit=1`, org.developer);
      expect(limited.json().revisions).toHaveLength(1);

      const detail = await get(`${POLICY}/revisions/${current}`, org.developer);
      expect(detail.statusCode).toBe(200);
      const diff = detail.json().diff as { kind: string; text: string }[];
      expect(
        diff
          .filter((d) => d.kind === 'remove')
          .map((d) => d.text)
          .join(''),
      ).toContain('Django');
      expect(
        diff
          .filter((d) => d.kind === 'add')
          .map((d) => d.text)
          .join(''),
      ).toContain('name: request');
      expect(diff.map((d) => d.text).join('')).toContain('# An example organisation');
      const first = await get(`${POLICY}/revisions/1`, org.developer);
      expect(first.json().diff).toEqual([{ kind: 'add', text: EXAMPLE }]);
      expect((await get(`${POLICY}/revisions/999`, org.developer)).statusCode).toBe(404);
      expect((await get(`${POLICY}/revisions/abc`, org.developer)).statusCode).toBe(404);
    });

    it('is served as YAML with an ETag, Last-Modified and 304s', async () => {
      const current = await catalog();
      const res = await get(YML, org.ciTokenB);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/yaml; charset=utf-8');
      expect(res.headers.etag).toBe(`"${current.sha256}"`);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.body).toBe(current.yaml);
      expect(sha256Hex(res.body)).toBe(current.sha256);
      const lastModified = String(res.headers['last-modified']);
      expect(new Date(lastModified).getTime()).toBe(
        Math.floor(Date.parse(current.updatedAt as string) / 1000) * 1000,
      );

      const conditional = (headers: Record<string, string>) =>
        app.inject({ method: 'GET', url: YML, headers: { ...as(org.auditor), ...headers } });
      const byEtag = await conditional({ 'if-none-match': `"${current.sha256}"` });
      expect(byEtag.statusCode).toBe(304);
      expect(byEtag.body).toBe('');
      expect(byEtag.headers.etag).toBe(`"${current.sha256}"`);
      expect(
        (await conditional({ 'if-none-match': `W/"${current.sha256}", "x"` })).statusCode,
      ).toBe(304);
      expect((await conditional({ 'if-none-match': '"other"' })).statusCode).toBe(200);
      // If-None-Match wins over If-Modified-Since.
      expect(
        (await conditional({ 'if-none-match': '"other"', 'if-modified-since': lastModified }))
          .statusCode,
      ).toBe(200);
      expect((await conditional({ 'if-modified-since': lastModified })).statusCode).toBe(304);
      expect(
        (await conditional({ 'if-modified-since': new Date(0).toUTCString() })).statusCode,
      ).toBe(200);

      // A session works too; anonymous does not.
      const { cookie } = await signIn(app, org.outsider);
      expect((await app.inject({ method: 'GET', url: YML, headers: { cookie } })).statusCode).toBe(
        200,
      );
      expect((await get(YML)).statusCode).toBe(401);
      // The JSON routes are not for CI tokens.
      expect((await get(POLICY, org.ciToken)).statusCode).toBe(403);
    });

    it('refuses edits from everyone but security and admin', async () => {
      const base = (await catalog()).revision;
      for (const user of [org.auditor, org.champion, org.developer]) {
        expect((await put({ yaml: EXAMPLE, baseRevision: base }, user)).statusCode).toBe(403);
      }
      const admin = await put({ yaml: `${EXAMPLE}# by admin\n`, baseRevision: base }, org.admin);
      expect(admin.statusCode).toBe(200);
    });
  });

  describe('templates', () => {
    const files = (extra: { path: string; content: string }[] = []) => [
      { path: '.github/workflows/rampart.yml', content: WORKFLOW },
      { path: 'SECURITY.md', content: '# Security\n\nReport to security@acme.example.\n' },
      ...extra,
    ];
    const publish = (name: string, payload: object, user: TestUser = org.security) =>
      app.inject({
        method: 'POST',
        url: `${POLICY}/templates/${name}/versions`,
        headers: as(user),
        payload,
      });

    it('publishes versions and lists the latest of each', async () => {
      expect((await get(`${POLICY}/templates`, org.developer)).json()).toEqual({ templates: [] });
      const first = await publish('node-service', {
        version: '1.0.0',
        ci: 'github',
        description: 'A Node service',
        files: files(),
      });
      expect(first.statusCode, first.body).toBe(201);
      expect(first.json()).toMatchObject({
        name: 'node-service',
        version: '1.0.0',
        ci: 'github',
        provides: [
          'rampart-on-pull-requests',
          'rampart-on-default-branch',
          'pipeline-template',
          'sarif-upload',
          'security-policy',
        ],
        deprecated: false,
        author: { id: org.security.id },
      });
      clock.advance(1000);
      const second = await publish('node-service', {
        version: '1.10.0',
        ci: 'github',
        description: 'A Node service, with Dependabot',
        files: files([{ path: '.github/dependabot.yml', content: 'version: 2\n' }]),
      });
      expect(second.statusCode).toBe(201);
      await publish('node-service', {
        version: '1.9.0',
        ci: 'github',
        description: 'older',
        files: files(),
      });
      await publish('gitlab-service', {
        version: '0.1.0',
        ci: 'gitlab',
        description: 'GitLab',
        files: [{ path: '.gitlab-ci.yml', content: 'scan:\n  script: rampart scan\n' }],
      });

      const list = (await get(`${POLICY}/templates`, org.auditor)).json().templates;
      expect(list.map((t: { name: string; version: string }) => [t.name, t.version])).toEqual([
        ['gitlab-service', '0.1.0'],
        ['node-service', '1.10.0'],
      ]);
      expect(list[1]).toMatchObject({
        paths: ['.github/workflows/rampart.yml', 'SECURITY.md', '.github/dependabot.yml'],
        deprecated: false,
      });
      expect(list[1].provides).toContain('dependency-updates');

      const one = await get(`${POLICY}/templates/node-service`, org.developer);
      expect(one.statusCode).toBe(200);
      expect(one.json()).toMatchObject({
        version: '1.10.0',
        description: 'A Node service, with Dependabot',
      });
      expect(one.json().files[0]).toEqual({
        path: '.github/workflows/rampart.yml',
        content: WORKFLOW,
      });
      const older = await get(`${POLICY}/templates/node-service?version=1.0.0`, org.developer);
      expect(older.json().version).toBe('1.0.0');
      expect(
        (await get(`${POLICY}/templates/node-service?version=2.0.0`, org.developer)).statusCode,
      ).toBe(404);
      expect(
        (await get(`${POLICY}/templates/node-service?version=latest`, org.developer)).statusCode,
      ).toBe(400);
      expect((await get(`${POLICY}/templates/nope`, org.developer)).statusCode).toBe(404);

      const versions = await get(`${POLICY}/templates/node-service/versions`, org.developer);
      expect(versions.json().versions.map((v: { version: string }) => v.version)).toEqual([
        '1.10.0',
        '1.9.0',
        '1.0.0',
      ]);
      expect((await get(`${POLICY}/templates/nope/versions`, org.developer)).statusCode).toBe(404);

      const dup = await publish('node-service', {
        version: '1.0.0',
        ci: 'github',
        description: 'again',
        files: files(),
      });
      expect(dup.statusCode).toBe(409);
      expect(dup.json().error.code).toBe('VERSION_EXISTS');
    });

    it('deprecates a version or a whole template', async () => {
      const deprecate = (payload: object, user: TestUser = org.security) =>
        app.inject({
          method: 'PUT',
          url: `${POLICY}/templates/node-service/deprecated`,
          headers: as(user),
          payload,
        });
      expect((await deprecate({ deprecated: true }, org.champion)).statusCode).toBe(403);
      const one = await deprecate({ deprecated: true, version: '1.10.0' });
      expect(one.statusCode).toBe(200);
      expect(
        one
          .json()
          .versions.map((v: { version: string; deprecated: boolean }) => [v.version, v.deprecated]),
      ).toEqual([
        ['1.10.0', true],
        ['1.9.0', false],
        ['1.0.0', false],
      ]);
      expect((await get(`${POLICY}/templates/node-service`, org.developer)).json().version).toBe(
        '1.9.0',
      );
      await deprecate({ deprecated: true });
      const all = await get(`${POLICY}/templates/node-service`, org.developer);
      expect(all.statusCode).toBe(404);
      expect(all.json().error.message).toMatch(/deprecated/);
      const listed = (await get(`${POLICY}/templates`, org.developer)).json().templates;
      expect(listed.find((t: { name: string }) => t.name === 'node-service')).toMatchObject({
        version: '1.10.0',
        deprecated: true,
      });
      expect(
        (await get(`${POLICY}/templates/node-service?version=1.9.0`, org.developer)).json()
          .deprecated,
      ).toBe(true);
      await deprecate({ deprecated: false });
      expect((await get(`${POLICY}/templates/node-service`, org.developer)).json().version).toBe(
        '1.10.0',
      );
      expect((await deprecate({ deprecated: true, version: '9.9.9' })).statusCode).toBe(404);
      const audit = await hub.db
        .selectFrom('audit_log')
        .select('action')
        .where('target_type', '=', 'paved_road_template')
        .execute();
      expect(audit.map((a) => a.action)).toEqual(
        expect.arrayContaining([
          'paved-road.template.create',
          'paved-road.template.deprecate',
          'paved-road.template.restore',
        ]),
      );
    });

    it('validates names, versions, paths and sizes', async () => {
      const ok = { version: '1.0.0', ci: 'any', description: 'x', files: files() };
      for (const name of ['Node', '-x', 'a_b', 'a'.repeat(64)]) {
        const res = await publish(name, ok);
        expect(res.statusCode, name).toBe(400);
        expect(res.json().error.code).toBe('VALIDATION');
      }
      for (const version of ['1.0', 'v1.0.0', '1.0.0-rc.1', '01.0.0', '1.0.0.0']) {
        const res = await publish('t', { ...ok, version });
        expect(res.statusCode, version).toBe(400);
      }
      expect((await publish('t', { ...ok, ci: 'jenkins' })).statusCode).toBe(400);
      for (const path of [
        '/etc/cron.d/x',
        '../outside',
        'a/../../b',
        'a\\b',
        'a//b',
        'dir/',
        '.',
        'C:/x',
      ]) {
        const res = await publish('t', { ...ok, files: [{ path, content: 'x' }] });
        expect(res.statusCode, path).toBe(400);
        expect(res.json().error.code, path).toMatch(/^(INVALID_TEMPLATE|VALIDATION)$/);
      }
      const twice = await publish('t', {
        ...ok,
        files: [
          { path: 'a', content: '1' },
          { path: 'a', content: '2' },
        ],
      });
      expect(twice.json().error).toMatchObject({ code: 'INVALID_TEMPLATE' });
      expect(twice.json().error.message).toMatch(/twice/);
      const many = await publish('t', {
        ...ok,
        files: Array.from({ length: 51 }, (_, i) => ({ path: `f${i}`, content: '' })),
      });
      expect(many.statusCode).toBe(400);
      const large = await publish('t', {
        ...ok,
        files: [{ path: 'big', content: 'é'.repeat(200 * 1024) }],
      });
      expect(large.statusCode).toBe(400);
      expect(large.json().error.code).toBe('INVALID_TEMPLATE');
      expect((await publish('t', { ...ok, files: [] })).statusCode).toBe(400);
      expect((await publish('t', ok, org.champion)).statusCode).toBe(403);
      expect((await get(`${POLICY}/templates/t`, org.developer)).statusCode).toBe(404);
    });
  });

  describe("the CLI's policy loader", () => {
    let cacheDir: string;
    let base: string;

    beforeAll(async () => {
      cacheDir = mkdtempSync(join(tmpdir(), 'rampart-policy-cache-'));
      const address = await app.listen({ port: 0, host: '127.0.0.1' });
      base = address.replace('localhost', '127.0.0.1');
    });
    afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

    it('reads what the hub serves, revalidates, and gets a new revision', async () => {
      const url = `${base}${YML}`;
      const statuses: number[] = [];
      const spy: typeof fetch = async (input, init) => {
        const res = await fetch(input, init);
        statuses.push(res.status);
        return res;
      };
      let t = Date.UTC(2026, 0, 1);
      const options = {
        cacheDir,
        token: org.ciTokenB,
        logger: silentLogger,
        fetch: spy,
        now: () => t,
      };
      const current = await catalog();
      const first = await loadPolicy(url, options);
      expect(first.file.name).toBe(current.policy?.name);
      expect(statuses).toEqual([200]);

      // A stale cache, nothing new: 304, the cached policy.
      t += 2 * 60 * 60 * 1000;
      const same = await loadPolicy(url, options);
      expect(same.file).toEqual(first.file);
      expect(statuses).toEqual([200, 304]);

      // A new revision; the cache made stale: the new policy.
      clock.advance(5000);
      const res = await patch({
        ops: [{ op: 'set', path: ['name'], value: 'Acme road, revised' }],
        baseRevision: current.revision,
      });
      expect(res.statusCode, res.body).toBe(200);
      t += 2 * 60 * 60 * 1000;
      const next = await loadPolicy(url, options);
      expect(next.file.name).toBe('Acme road, revised');
      expect(statuses).toEqual([200, 304, 200]);

      // Fresh cache: no request at all.
      const cached = await loadPolicy(url, options);
      expect(cached.file.name).toBe('Acme road, revised');
      expect(statuses).toHaveLength(3);

      // Without a token the hub answers 401 and the loader says so.
      await expect(
        loadPolicy(url, { ...options, token: undefined, refresh: true }),
      ).rejects.toThrow(/401/);
    });
  });
});
