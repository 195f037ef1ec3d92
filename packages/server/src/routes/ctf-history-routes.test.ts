import { randomBytes, randomUUID } from 'node:crypto';
import type { Finding } from '@rampart/core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildTestHub,
  buildTestOrg,
  type TestOrg,
  type TestUser,
  testClock,
} from '../auth/test-org.js';
import { ctfHistoryDb } from '../ctf/history/tables.js';
import type { HubDatabase } from '../db/database.js';
import { ingestScan } from '../ingest/ingest-scan.js';
import { codeFinding, reportBody } from '../ingest/ingest-test-support.js';
import { freshDatabase, TEST_DIALECTS } from '../test-support/databases.js';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

// Secret-looking values are built at run time: no credential literal sits in the repository.
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const awsKeyId = () =>
  `${['A', 'K', 'I', 'A'].join('')}${Array.from(randomBytes(16), (b) => BASE32[b % 32]).join('')}`;

interface Draft {
  id: string;
  findingId: string;
  status: string;
  snippet: string;
  line: number;
  lines: number;
  cwe: string;
  title: string;
  replacements: Record<string, number>;
  replacementSummary: string;
  notes: string[];
  preview: string;
  challengeId: string | null;
}

describe.each(TEST_DIALECTS)('CTF history routes on %s', (dialect) => {
  let hub: HubDatabase;
  let drop: () => Promise<void>;
  let app: FastifyInstance;
  let org: TestOrg;
  const clock = testClock();

  const call = (user: TestUser, method: string, url: string, payload?: unknown) =>
    app.inject({
      method: method as 'GET',
      url,
      headers: { authorization: `Bearer ${user.token}` },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const ok = async (user: TestUser, method: string, url: string, payload?: unknown) => {
    const res = await call(user, method, url, payload);
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json();
  };
  let scans = 0;
  /** Ingests a full main scan of project A, `daysAgo` days before the clock. */
  const scan = async (findings: Finding[], daysAgo: number) => {
    scans++;
    await ingestScan(hub, {
      projectId: org.projectA,
      body: reportBody({ findings, at: clock.now() - daysAgo * DAY, commit: `c${scans}` }),
      now: clock.now(),
    });
  };
  const findingId = async (fingerprint: string) =>
    (
      await hub.db
        .selectFrom('findings')
        .select(['id', 'status'])
        .where('fingerprint', '=', fingerprint)
        .executeTakeFirstOrThrow()
    ).id;
  const newEvent = async (): Promise<string> =>
    (
      await ok(org.security, 'POST', '/api/v1/ctf/events', {
        name: `ctf ${randomUUID().slice(0, 6)}`,
        startsAt: new Date(clock.now() - HOUR).toISOString(),
        endsAt: new Date(clock.now() + DAY).toISOString(),
        visibility: 'organisation',
      })
    ).id;

  /** The originals the leaky finding's snippet holds. */
  const key = awsKeyId();
  const email = `jane.doe.${randomUUID().slice(0, 4)}@payments-corp.com`;
  const host = 'ledger.payments.acme.internal';
  const path = '/srv/shop/config/ledger.yml';
  const leaky: Finding = {
    ...codeFinding('leaky', { ruleId: 'sast.sql-injection', path: 'services/shop/ledger.js' }),
    cwe: ['CWE-89'],
    location: {
      kind: 'code',
      path: 'services/shop/ledger.js',
      region: { startLine: 12, startColumn: 3, endLine: 14, endColumn: 40 },
      snippet: [
        `const rows = await db.query("SELECT * FROM ledger WHERE owner = '" + req.query.owner + "'");`,
        `notify("${email}", "https://${host}/alerts", { key: "${key}" });`,
        `const shopConfig = load('${path}');`,
      ].join('\n'),
    },
  };
  const ORIGINALS = [key, email, host, path, 'payments-corp', 'acme', 'shop', '/srv'];

  beforeAll(async () => {
    ({ hub, drop } = await freshDatabase(dialect));
    org = await buildTestOrg(hub, clock.now() - 30 * DAY);
    app = await buildTestHub(hub, clock);
    const other = codeFinding('other');
    await scan([leaky, other, codeFinding('single')], 10);
    await scan([other], 5); // fixes "leaky" and "single"
  });
  afterAll(async () => {
    await app.close();
    await drop();
  });

  it('lists fixed code findings with a snippet and a CWE as candidates, the latest fixes first', async () => {
    const { candidates } = await ok(org.security, 'GET', '/api/v1/ctf/history/candidates');
    const ids = candidates.map((c: { findingId: string }) => c.findingId);
    expect(ids).toContain(await findingId('fp-leaky'));
    expect(ids).toContain(await findingId('fp-single'));
    expect(ids).not.toContain(await findingId('fp-other')); // still open
    const leakyId = await findingId('fp-leaky');
    const leakyCandidate = candidates.find((c: { findingId: string }) => c.findingId === leakyId);
    expect(leakyCandidate).toMatchObject({
      cwe: ['CWE-89'],
      lines: 3,
      ruleId: 'sast.sql-injection',
    });
    expect(leakyCandidate.projectName).toBe('shop');
    expect(JSON.stringify(candidates)).not.toContain(key); // never the snippet
    const none = await ok(org.security, 'GET', '/api/v1/ctf/history/candidates?cwe=CWE-79');
    expect(none.candidates).toEqual([]);
  });

  it('generates, reviews and publishes a challenge that a player solves', async () => {
    const id = await findingId('fp-leaky');
    const res = await call(org.security, 'POST', '/api/v1/ctf/history/drafts', { findingId: id });
    expect(res.statusCode, res.body).toBe(201);
    const draft = res.json() as Draft;
    for (const original of ORIGINALS) {
      expect(draft.snippet).not.toContain(original);
      expect(draft.preview).not.toContain(original);
    }
    expect(draft.snippet.toLowerCase()).not.toContain('shop');
    expect(draft.replacements).toMatchObject({ secret: 1, email: 1, url: 1, path: 1 });
    expect(draft.replacements.project).toBeGreaterThanOrEqual(1);
    expect(draft.replacementSummary).toContain('1 secret');
    expect(draft).toMatchObject({ status: 'draft', line: 1, lines: 3, cwe: 'CWE-89' });
    expect(draft.preview).toContain('Answer as `L<line>:CWE-<number>`, e.g. `L3:CWE-79`.');
    expect(draft.preview).toContain('1 | const rows = await db.query(');

    // Nothing this feature stored holds an original: not the draft, not the audit log.
    const stored = JSON.stringify(
      await ctfHistoryDb(hub.db).selectFrom('ctf_history_drafts').selectAll().execute(),
    );
    const audit = JSON.stringify(
      await hub.db.selectFrom('audit_log').selectAll().where('action', 'like', 'ctf.%').execute(),
    );
    for (const original of ORIGINALS.slice(0, 4)) {
      expect(stored).not.toContain(original);
      expect(audit).not.toContain(original);
    }

    // Used findings leave the candidates; a second draft of it is refused.
    const { candidates } = await ok(org.security, 'GET', '/api/v1/ctf/history/candidates');
    expect(candidates.map((c: { findingId: string }) => c.findingId)).not.toContain(id);
    const again = await call(org.security, 'POST', '/api/v1/ctf/history/drafts', { findingId: id });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('DRAFT_EXISTS');

    const eventId = await newEvent();
    const url = `/api/v1/ctf/history/drafts/${draft.id}`;
    // Only an approved draft is published.
    const early = await call(org.security, 'POST', `${url}/publish`, { eventId, points: 100 });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('DRAFT_NOT_APPROVED');

    // The reviewer edits: a line outside the snippet is refused; a secret blocks approval.
    expect((await call(org.security, 'PATCH', url, { line: 4 })).statusCode).toBe(400);
    const withSecret = await call(org.security, 'PATCH', url, {
      snippet: `${draft.snippet}\n// ${awsKeyId()}`,
      action: 'approve',
    });
    expect(withSecret.statusCode).toBe(409);
    expect(withSecret.json().error.code).toBe('SNIPPET_HAS_SECRET');
    const edited = (await ok(org.security, 'PATCH', url, {
      title: 'The ledger query',
      line: 1,
    })) as Draft;
    expect(edited.title).toBe('The ledger query');
    const approved = (await ok(org.admin, 'PATCH', url, { action: 'approve' })) as Draft;
    expect(approved.status).toBe('approved');
    const frozen = await call(org.security, 'PATCH', url, { title: 'Changed' });
    expect(frozen.statusCode).toBe(409);
    expect(frozen.json().error.code).toBe('DRAFT_FROZEN');

    // Developers may neither review nor publish.
    expect((await call(org.developer, 'PATCH', url, { action: 'reject' })).statusCode).toBe(403);
    expect(
      (await call(org.developer, 'POST', `${url}/publish`, { eventId, points: 100 })).statusCode,
    ).toBe(403);

    const published = await ok(org.security, 'POST', `${url}/publish`, { eventId, points: 150 });
    expect(published.draft.status).toBe('published');
    expect(published.draft.challengeId).toBe(published.challengeId);
    const twice = await call(org.security, 'POST', `${url}/publish`, { eventId, points: 150 });
    expect(twice.statusCode).toBe(409);

    const challenge = await ok(
      org.developer,
      'GET',
      `/api/v1/ctf/challenges/${published.challengeId}`,
    );
    expect(challenge).toMatchObject({ title: 'The ledger query', category: 'web', value: 150 });
    expect(challenge.description).toContain('Which line is vulnerable');
    for (const original of ORIGINALS.slice(0, 4))
      expect(challenge.description).not.toContain(original);

    const submit = (user: TestUser, flag: string) =>
      ok(user, 'POST', `/api/v1/ctf/challenges/${published.challengeId}/submissions`, { flag });
    expect(await submit(org.developer, 'L2:CWE-89')).toMatchObject({ correct: false });
    expect(await submit(org.developer, 'L1:CWE-79')).toMatchObject({ correct: false });
    expect(await submit(org.developer, 'l1:cwe-89')).toMatchObject({
      correct: true,
      firstBlood: true,
    });
    expect(await submit(org.champion, 'L1:CWE-89')).toMatchObject({ correct: true });

    const audits = await hub.db
      .selectFrom('audit_log')
      .select('action')
      .where('target_id', 'in', [draft.id, published.challengeId])
      .execute();
    expect(audits.map((a) => a.action).sort()).toEqual([
      'ctf.challenge.create',
      'ctf.history.draft.create',
      'ctf.history.draft.publish',
      'ctf.history.draft.update',
      'ctf.history.draft.update',
    ]);
  });

  it('says when the stored snippet is a single line, and lets a draft be rejected and reopened', async () => {
    const draft = (await ok(org.security, 'POST', '/api/v1/ctf/history/drafts', {
      findingId: await findingId('fp-single'),
    })) as Draft;
    expect(draft.lines).toBe(1);
    expect(draft.notes[0]).toContain('single line');
    const url = `/api/v1/ctf/history/drafts/${draft.id}`;
    expect((await ok(org.security, 'PATCH', url, { action: 'reject' })).status).toBe('rejected');
    expect((await call(org.security, 'PATCH', url, { action: 'approve' })).statusCode).toBe(409);
    expect((await ok(org.security, 'PATCH', url, { action: 'reopen' })).status).toBe('draft');
    const drafts = await ok(org.auditor, 'GET', '/api/v1/ctf/history/drafts?status=draft');
    expect(drafts.drafts.map((d: Draft) => d.id)).toContain(draft.id);
    expect((await call(org.auditor, 'PATCH', url, { action: 'approve' })).statusCode).toBe(403);

    // Dynamic scoring is checked by the challenge store; a refused publish leaves the draft approved.
    await ok(org.security, 'PATCH', url, { action: 'approve' });
    const eventId = await newEvent();
    const bad = await call(org.security, 'POST', `${url}/publish`, {
      eventId,
      points: 300,
      scoring: 'dynamic',
      minimum: 50,
    });
    expect(bad.statusCode).toBe(400);
    expect((await ok(org.auditor, 'GET', url)).status).toBe('approved');
    const missing = await call(org.security, 'POST', `${url}/publish`, {
      eventId: 'nope',
      points: 1,
    });
    expect(missing.statusCode).toBe(404);
    const published = await ok(org.security, 'POST', `${url}/publish`, {
      eventId,
      points: 300,
      scoring: 'dynamic',
      minimum: 50,
      decay: 10,
    });
    const list = await ok(org.developer, 'GET', `/api/v1/ctf/events/${eventId}/challenges`);
    expect(list.challenges).toMatchObject([
      { id: published.challengeId, scoring: 'dynamic', value: 300, category: 'web' },
    ]);
  });

  it('refuses open findings, and keeps developers out', async () => {
    const open = await call(org.security, 'POST', '/api/v1/ctf/history/drafts', {
      findingId: await findingId('fp-other'),
    });
    expect(open.statusCode).toBe(409);
    expect(open.json().error.code).toBe('FINDING_NOT_FIXED');
    expect(
      (await call(org.security, 'POST', '/api/v1/ctf/history/drafts', { findingId: 'nope' }))
        .statusCode,
    ).toBe(404);
    for (const url of ['/api/v1/ctf/history/candidates', '/api/v1/ctf/history/drafts'])
      expect((await call(org.developer, 'GET', url)).statusCode).toBe(403);
    expect(
      (
        await call(org.developer, 'POST', '/api/v1/ctf/history/drafts', {
          findingId: await findingId('fp-single'),
        })
      ).statusCode,
    ).toBe(403);
  });
});
