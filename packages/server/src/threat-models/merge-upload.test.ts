import { evaluateThreats, parseThreatModel, THREAT_RULES } from '@rampart/threat-model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestOrg, type TestOrg, testClock } from '../auth/test-org.js';
import type { HubDatabase } from '../db/database.js';
import { freshDatabase, TEST_DIALECTS } from '../test-support/databases.js';
import { mergeUpload } from './merge-upload.js';
import { decideThreat, latestThreatModel, saveThreatModel } from './threat-model-store.js';

// An API that does not authenticate its callers, reached over plain HTTP with credentials,
// and a database: the library gives TM-S-001@api, TM-I-001@login and threats of the store.
const model = (comment: string, threats = '', withStore = true) => `# ${comment}
version: 1
name: Shop
elements:
  - id: browser
    type: external-entity
    name: Browser
  - id: api
    type: process
    name: API
    attributes: { internetFacing: true, authenticates: false }
${
  withStore
    ? `  - id: db
    type: data-store
    name: Orders
    attributes: { encryptsAtRest: false, dataClassification: confidential }
`
    : ''
}flows:
  - id: login
    from: browser
    to: api
    protocol: http
    encrypted: false
    data: [credentials]
${threats}`;
const SPOOFING = 'TM-S-001@api';

describe('mergeUpload', () => {
  const parse = (text: string) => parseThreatModel(text, 'threatmodel.yml');
  it("keeps the hub's decision where the repository did not change it, and the repository's where it did", () => {
    const base = model('v1');
    const hubDecided = `${model('v1')}threats:\n  ${SPOOFING}: { status: mitigated, evidence: mTLS }\n  TM-I-001@login: { status: mitigated, evidence: TLS everywhere }\n`;
    const upload = `${model('v2: reviewed')}threats:\n  TM-I-001@login: { status: open, note: TLS is next sprint }\n`;
    const merged = mergeUpload(parse(base), parse(hubDecided), upload, parse(upload));
    expect(merged.carried).toEqual([SPOOFING]);
    expect(merged.conflicts).toEqual(['TM-I-001@login']);
    expect(merged.dropped).toEqual([]);
    const result = parse(merged.source);
    expect(result.threats[SPOOFING]).toEqual({ status: 'mitigated', evidence: 'mTLS' });
    expect(result.threats['TM-I-001@login']).toEqual({
      status: 'open',
      note: 'TLS is next sprint',
    });
    // The upload's own text is kept: its comment is there.
    expect(merged.source.startsWith('# v2: reviewed\n')).toBe(true);
  });

  it('changes nothing when the hub decided nothing', () => {
    const upload = model('v2');
    const merged = mergeUpload(parse(model('v1')), parse(model('v1')), upload, parse(upload));
    expect(merged).toEqual({ source: upload, carried: [], conflicts: [], dropped: [] });
  });
});

describe.each(TEST_DIALECTS)('CI uploads after decisions made in the hub on %s', (dialect) => {
  let hub: HubDatabase;
  let drop: () => Promise<void>;
  let org: TestOrg;
  const clock = testClock();
  const ci = { kind: 'ci', tokenId: 'token-1' } as const;

  const upload = (source: string, origin: 'ci' | 'api' = 'ci') =>
    saveThreatModel(hub, {
      projectId: org.projectA,
      source,
      origin,
      author: origin === 'ci' ? ci : { kind: 'user', userId: org.developer.id },
      now: clock.now(),
    });
  const decide = (threatId: string, evidence: string) =>
    decideThreat(hub, {
      projectId: org.projectA,
      threatId,
      decision: { status: 'mitigated', evidence },
      origin: 'ui',
      author: { kind: 'user', userId: org.champion.id },
      now: clock.now(),
    });
  const latest = async () => {
    const row = await latestThreatModel(hub, org.projectA);
    if (row === undefined) throw new Error('no model');
    return { row, model: parseThreatModel(row.source_yaml, 'threatmodel.yml') };
  };

  beforeAll(async () => {
    ({ hub, drop } = await freshDatabase(dialect));
    org = await buildTestOrg(hub, clock.now());
  });
  afterAll(async () => {
    await drop();
  });

  it('the same file again keeps the decision made in the dashboard', async () => {
    expect((await upload(model('v1'))).row.revision).toBe(1);
    expect((await decide(SPOOFING, 'sign-in since PR 42')).row.revision).toBe(2);
    const again = await upload(model('v1'));
    expect(again.unchanged).toBe(true);
    const { row, model: m } = await latest();
    expect(row.revision).toBe(2);
    expect(m.threats[SPOOFING]).toMatchObject({ status: 'mitigated' });
  });

  it("a changed file is stored with the hub's decision written in, and sending it again stores nothing", async () => {
    const write = await upload(model('v2: a comment changed'));
    expect(write.unchanged).toBe(false);
    expect(write.merge).toEqual({ carried: [SPOOFING], conflicts: [], dropped: [] });
    const { row, model: m } = await latest();
    expect(row.revision).toBe(3);
    expect(row.source_yaml.startsWith('# v2: a comment changed\n')).toBe(true);
    expect(m.threats[SPOOFING]).toEqual({ status: 'mitigated', evidence: 'sign-in since PR 42' });
    expect(row.uploaded_yaml).toBe(model('v2: a comment changed'));
    expect((await upload(model('v2: a comment changed'))).unchanged).toBe(true);
    // A later upload still carries it (the base is the file as uploaded, not as stored).
    const v3 = await upload(model('v3'));
    expect(v3.merge?.carried).toEqual([SPOOFING]);
    expect((await latest()).model.threats[SPOOFING]).toMatchObject({ status: 'mitigated' });
  });

  it("the repository's own decision wins over the hub's, and a threat whose element is gone is dropped", async () => {
    await decide('TM-I-001@login', 'TLS at the load balancer');
    const dbThreat = (await latest()).model;
    expect(dbThreat.threats['TM-I-001@login']).toBeDefined();
    const storeThreat = evaluateThreats(dbThreat, THREAT_RULES).find((t) => t.target.id === 'db');
    expect(storeThreat).toBeDefined();
    await decide(storeThreat?.id as string, 'encrypted volume');
    const repo = `${model('v4', `threats:\n  TM-I-001@login: { status: open, note: moving to mTLS }\n`, false)}`;
    const write = await upload(repo);
    expect(write.merge).toEqual({
      carried: [SPOOFING],
      conflicts: ['TM-I-001@login'],
      dropped: [storeThreat?.id],
    });
    const { model: m } = await latest();
    expect(m.threats['TM-I-001@login']).toEqual({ status: 'open', note: 'moving to mTLS' });
    expect(m.threats[storeThreat?.id as string]).toBeUndefined();
  });

  it('an upload by a person replaces the document as sent', async () => {
    const write = await upload(model('v5 from the API'), 'api');
    expect(write.merge).toBeUndefined();
    const { row, model: m } = await latest();
    expect(row.source_yaml).toBe(model('v5 from the API'));
    expect(m.threats).toEqual({});
  });
});
