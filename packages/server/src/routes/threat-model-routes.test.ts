import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addProject,
  buildTestHub,
  buildTestOrg,
  signIn,
  type TestClock,
  type TestOrg,
  testClock,
} from '../auth/test-org.js';
import type { HubDatabase } from '../db/database.js';
import { freshDatabase, TEST_DIALECTS } from '../test-support/databases.js';
import { threatModelDb } from '../threat-models/tables.js';

// An API that does not authenticate its callers, reached over plain HTTP with credentials:
// the library gives TM-S-001@api (high) and TM-I-001@login (critical).
const SHOP = `# Shop threat model: reviewed with the security team.
version: 1
name: Shop
elements:
  - id: browser
    type: external-entity
    name: Browser
  - id: api
    type: process
    name: API
    attributes:
      internetFacing: true
      authenticates: false
flows:
  - id: login
    from: browser
    to: api
    protocol: http
    encrypted: false
    data: [credentials]
`;
const SPOOFING = 'TM-S-001@api';
const DISCLOSURE = 'TM-I-001@login';

interface ThreatJson {
  id: string;
  ruleId: string;
  status: string;
  severity: string;
  evidence?: string;
  reason?: string;
  cwe: string[];
  mitigations: string[];
  target: { kind: string; id: string };
}
interface ModelJson {
  revision: number;
  name: string;
  origin: string;
  createdBy: string | null;
  yaml: string;
  unchanged?: boolean;
  threats: ThreatJson[];
  summary: {
    total: number;
    byStatus: Record<string, number>;
    openBySeverity: Record<string, number>;
  };
  error?: { code: string; message: string };
}

describe.each(TEST_DIALECTS)('threat model routes on %s', (dialect) => {
  let hub: HubDatabase;
  let drop: () => Promise<void>;
  let clock: TestClock;
  let org: TestOrg;
  let app: FastifyInstance;
  let ciTokenId: string;

  beforeAll(async () => {
    ({ hub, drop } = await freshDatabase(dialect));
    clock = testClock();
    org = await buildTestOrg(hub, clock.now());
    app = await buildTestHub(hub, clock);
    const ci = await hub.db
      .selectFrom('tokens')
      .select('id')
      .where('kind', '=', 'ci')
      .where('project_id', '=', org.projectA)
      .executeTakeFirstOrThrow();
    ciTokenId = ci.id;
  });
  afterAll(async () => {
    await app.close();
    await drop();
  });

  const url = (projectId: string, rest = '') => `/api/v1/projects/${projectId}/threat-model${rest}`;
  const upload = async (
    token: string,
    projectId: string,
    yaml: string,
    contentType = 'application/yaml',
  ) => {
    const res = await app.inject({
      method: 'PUT',
      url: url(projectId),
      headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
      payload: yaml,
    });
    return { status: res.statusCode, json: res.json() as ModelJson };
  };
  const call = async (
    token: string,
    method: 'GET' | 'PUT',
    path: string,
    payload?: Record<string, unknown>,
  ) => {
    const res = await app.inject({
      method,
      url: path,
      headers: { authorization: `Bearer ${token}` },
      ...(payload === undefined ? {} : { payload }),
    });
    return { status: res.statusCode, json: res.json() as ModelJson & Record<string, unknown> };
  };
  const decide = (token: string, projectId: string, threatId: string, body: object) =>
    call(token, 'PUT', url(projectId, `/threats/${encodeURIComponent(threatId)}`), {
      ...body,
    });
  const revisionCount = async (projectId: string) =>
    Number(
      (
        await threatModelDb(hub.db)
          .selectFrom('threat_models')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('project_id', '=', projectId)
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('answers 404 for a project without a threat model, and an empty history', async () => {
    expect((await call(org.developer.token, 'GET', url(org.projectA))).json.error?.code).toBe(
      'NOT_FOUND',
    );
    const history = await call(org.developer.token, 'GET', url(org.projectA, '/revisions'));
    expect(history.status).toBe(200);
    expect(history.json.revisions).toEqual([]);
  });

  it("stores a CI token's upload as revision 1 and answers the evaluated threats", async () => {
    const res = await upload(org.ciToken, org.projectA, SHOP);
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      revision: 1,
      name: 'Shop',
      origin: 'ci',
      createdBy: ciTokenId,
      unchanged: false,
      yaml: SHOP,
      summary: {
        total: 2,
        byStatus: { open: 2, mitigated: 0, accepted: 0 },
        openBySeverity: { critical: 1, high: 1, medium: 0, low: 0 },
      },
    });
    expect(res.json.threats.map((t) => [t.id, t.status])).toEqual([
      [DISCLOSURE, 'open'],
      [SPOOFING, 'open'],
    ]);
    const spoofing = res.json.threats.find((t) => t.id === SPOOFING);
    expect(spoofing).toMatchObject({ ruleId: 'TM-S-001', target: { kind: 'element', id: 'api' } });
    expect(spoofing?.cwe.length).toBeGreaterThan(0);
    expect(spoofing?.mitigations.length).toBeGreaterThan(0);

    const audit = await hub.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'threat_model.upload')
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]?.data ?? '{}')).toMatchObject({
      projectId: org.projectA,
      revision: 1,
      origin: 'ci',
      tokenId: ciTokenId,
    });
  });

  it('treats an upload identical to the latest revision as a no-op', async () => {
    const res = await upload(org.developer.token, org.projectA, SHOP, 'text/yaml');
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ revision: 1, origin: 'ci', unchanged: true });
    expect(await revisionCount(org.projectA)).toBe(1);
  });

  it('refuses a document that is not YAML, naming the line and column', async () => {
    const res = await upload(org.developer.token, org.projectA, 'version: 1\nname: [Shop\n');
    expect(res.status).toBe(400);
    expect(res.json.error?.code).toBe('VALIDATION');
    expect(res.json.error?.message).toMatch(/^threatmodel\.yml:\d+:\d+: /);
  });

  it('refuses a model that does not check, at the line of the problem', async () => {
    const dangling = SHOP.replace('    to: api\n', '    to: apj\n');
    const line = dangling.split('\n').indexOf('    to: apj') + 1;
    const res = await upload(org.developer.token, org.projectA, dangling);
    expect(res.status).toBe(400);
    expect(res.json.error?.code).toBe('VALIDATION');
    expect(res.json.error?.message).toMatch(
      new RegExp(
        `^threatmodel\\.yml:${line}:\\d+: flows\\.0\\.to: "apj" is not the id of an element`,
      ),
    );
    expect(await revisionCount(org.projectA)).toBe(1);
  });

  it("accepts the dashboard's JSON body and records where each revision came from", async () => {
    const edited = SHOP.replace('name: API', 'name: Shop API');
    const { cookie, csrf } = await signIn(app, org.developer);
    const res = await app.inject({
      method: 'PUT',
      url: url(org.projectA),
      headers: { cookie, 'x-csrf-token': csrf },
      payload: { yaml: edited },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ revision: 2, origin: 'ui', createdBy: org.developer.id });

    const history = await call(org.auditor.token, 'GET', url(org.projectA, '/revisions'));
    expect(history.status).toBe(200);
    expect(history.json.revisions).toMatchObject([
      {
        revision: 2,
        origin: 'ui',
        createdBy: org.developer.id,
        createdByName: org.developer.username,
        summary: { byStatus: { open: 2 } },
      },
      { revision: 1, origin: 'ci', createdBy: ciTokenId, createdByName: 'test ci' },
    ]);
    const limited = await call(org.auditor.token, 'GET', url(org.projectA, '/revisions?limit=1'));
    expect((limited.json.revisions as unknown[]).length).toBe(1);
  });

  it('writes a decision as a new revision of the document, its comments kept', async () => {
    const res = await decide(org.developer.token, org.projectA, SPOOFING, {
      status: 'mitigated',
      evidence: 'the gateway requires mTLS (SHOP-12)',
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ revision: 3, origin: 'api', unchanged: false });
    expect(res.json.yaml).toContain('# Shop threat model: reviewed with the security team.');
    expect(res.json.yaml).toMatch(/threats:\n {2}TM-S-001@api:\n {4}status: mitigated\n/);
    expect(res.json.threats.find((t) => t.id === SPOOFING)).toMatchObject({
      status: 'mitigated',
      evidence: 'the gateway requires mTLS (SHOP-12)',
    });
    expect(res.json.summary.byStatus).toEqual({ open: 1, mitigated: 1, accepted: 0 });

    const latest = await call(org.auditor.token, 'GET', url(org.projectA));
    expect(latest.status).toBe(200);
    expect(latest.json.revision).toBe(3);
    expect(latest.json.yaml).toBe(res.json.yaml);

    const again = await decide(org.developer.token, org.projectA, SPOOFING, {
      status: 'mitigated',
      evidence: 'the gateway requires mTLS (SHOP-12)',
    });
    expect(again.json).toMatchObject({ revision: 3, unchanged: true });

    const audit = await hub.db
      .selectFrom('audit_log')
      .select(['actor_id', 'data'])
      .where('action', '=', 'threat_model.decide')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actor_id).toBe(org.developer.id);
    expect(JSON.parse(audit[0]?.data ?? '{}')).toMatchObject({
      threatId: SPOOFING,
      status: 'mitigated',
      revision: 3,
    });
  });

  it('answers 404 for a threat the model does not give, and validates the decision', async () => {
    const unknown = await decide(org.developer.token, org.projectA, 'TM-S-001@browser', {
      status: 'open',
    });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error?.code).toBe('NOT_FOUND');
    const noModel = await decide(org.outsider.token, org.projectB, SPOOFING, { status: 'open' });
    expect(noModel.status).toBe(404);
    const invalid = await decide(org.developer.token, org.projectA, SPOOFING, {
      status: 'mitigated',
    });
    expect(invalid.status).toBe(400);
    expect(invalid.json.error?.code).toBe('VALIDATION');
    expect(await revisionCount(org.projectA)).toBe(3);
  });

  it("lets the team's champion accept a risk, not a developer", async () => {
    const body = { status: 'accepted', reason: 'plain HTTP only inside the office network' };
    const developer = await decide(org.developer.token, org.projectA, DISCLOSURE, body);
    expect(developer.status).toBe(403);
    expect(developer.json.error?.code).toBe('FORBIDDEN');
    const champion = await decide(org.champion.token, org.projectA, DISCLOSURE, body);
    expect(champion.status).toBe(200);
    expect(champion.json.revision).toBe(4);
    expect(champion.json.threats.find((t) => t.id === DISCLOSURE)).toMatchObject(body);
    // Reopening is any member's call, as for findings.
    const reopened = await decide(org.developer.token, org.projectA, DISCLOSURE, {
      status: 'open',
      note: 'the office network is going away',
    });
    expect(reopened.status).toBe(200);
    expect(reopened.json.threats.find((t) => t.id === DISCLOSURE)?.status).toBe('open');
  });

  it('does not let a developer accept a risk by uploading the decision either', async () => {
    const accepted = `${SHOP}threats:\n  ${DISCLOSURE}:\n    status: accepted\n    reason: by upload\n`;
    const developer = await upload(org.developer.token, org.projectA, accepted);
    expect(developer.status).toBe(403);
    expect(developer.json.error?.message).toContain(DISCLOSURE);
    const champion = await upload(org.champion.token, org.projectA, accepted);
    expect(champion.status).toBe(201);
    // The acceptance is there already: a developer may upload a document that keeps it.
    const edited = accepted.replace('name: Browser', 'name: Web browser');
    expect((await upload(org.developer.token, org.projectA, edited)).status).toBe(201);
  });

  it('lets auditors read but not write, and hides the project from other teams', async () => {
    expect((await call(org.auditor.token, 'GET', url(org.projectA))).status).toBe(200);
    expect((await upload(org.auditor.token, org.projectA, SHOP)).status).toBe(403);
    expect(
      (await decide(org.auditor.token, org.projectA, SPOOFING, { status: 'open' })).status,
    ).toBe(403);
    expect((await call(org.outsider.token, 'GET', url(org.projectA))).status).toBe(404);
    expect((await upload(org.outsider.token, org.projectA, SHOP)).status).toBe(404);
  });

  it("refuses a CI token another project's model, and every read", async () => {
    const other = await upload(org.ciTokenB, org.projectA, `${SHOP}# from B\n`);
    expect(other.status).toBe(403);
    expect(other.json.error?.code).toBe('FORBIDDEN');
    expect((await call(org.ciToken, 'GET', url(org.projectA))).status).toBe(403);
    expect((await decide(org.ciToken, org.projectA, SPOOFING, { status: 'open' })).status).toBe(
      403,
    );
  });

  it('refuses a document over 1 MiB with 413, raw or as JSON, and an unknown media type', async () => {
    const projectId = await addProject(hub, clock.now(), 'big', org.teamA);
    const padding = `# ${'x'.repeat(1024 * 1024)}\n`;
    const raw = await upload(org.developer.token, projectId, `${SHOP}${padding}`);
    expect(raw.status).toBe(413);
    expect(raw.json.error?.code).toBe('THREAT_MODEL_TOO_LARGE');
    const json = await call(org.developer.token, 'PUT', url(projectId), {
      yaml: `${SHOP}${padding}`,
    });
    expect(json.status).toBe(413);
    const xml = await upload(org.developer.token, projectId, SHOP, 'application/xml');
    expect(xml.status).toBe(415);
    expect(await revisionCount(projectId)).toBe(0);
  });
  it('draws the latest revision as a self-contained SVG that follows new revisions', async () => {
    const svgOf = (token: string) =>
      app.inject({
        method: 'GET',
        url: url(org.projectA, '/diagram.svg'),
        headers: { authorization: `Bearer ${token}` },
      });
    expect((await upload(org.ciToken, org.projectA, SHOP)).status).toBeLessThan(300);
    const first = await svgOf(org.developer.token);
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    expect(first.headers['content-security-policy']).toContain('sandbox');
    expect(first.body).toMatch(/^<svg[\s>]/);
    expect(first.body).not.toMatch(/<script|javascript:|\son[a-z]+=/i);
    const renamed = SHOP.replace('name: API', 'name: "API <b>gateway</b>"');
    expect(renamed).not.toBe(SHOP);
    expect((await upload(org.ciToken, org.projectA, renamed)).status).toBe(201);
    const second = await svgOf(org.developer.token);
    expect(second.body).toContain('API &lt;b&gt;gateway&lt;/b&gt;');
    expect(second.body).not.toContain('<b>');
    expect((await svgOf(org.outsider.token)).statusCode).toBe(404);
    expect((await svgOf(org.ciToken)).statusCode).toBe(403);
  });
});
