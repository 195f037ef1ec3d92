import { gzipSync } from 'node:zlib';
import { toSarif } from '@rampart/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubDatabase } from '../db/database.js';
import { lifecycleDb } from '../lifecycle/tables.js';
import { freshDatabase, TEST_DIALECTS } from '../test-support/databases.js';
import { ingestScan } from './ingest-scan.js';
import {
  codeFinding,
  countRows,
  eventsOf,
  findingsOf,
  importerSample,
  rampartReport,
  reportBody,
  seedProject,
  store,
} from './ingest-test-support.js';

const T0 = Date.parse('2026-02-01T10:00:00Z');
const HOUR = 3_600_000;

/** Installs a database trigger that refuses findings of rule `boom` (a failure mid-ingest). */
async function refuseBoom(hub: HubDatabase): Promise<void> {
  if (hub.dialect === 'sqlite') {
    await sql`create trigger refuse_boom before insert on findings when new.rule_id = 'boom'
      begin select raise(abort, 'boom refused'); end`.execute(hub.db);
  } else {
    await sql`create function refuse_boom() returns trigger language plpgsql as $$
      begin if new.rule_id = 'boom' then raise exception 'boom refused'; end if; return new; end $$`.execute(
      hub.db,
    );
    await sql`create trigger refuse_boom before insert on findings for each row execute function refuse_boom()`.execute(
      hub.db,
    );
  }
}

async function allowBoom(hub: HubDatabase): Promise<void> {
  await sql`drop trigger refuse_boom${sql.raw(hub.dialect === 'postgres' ? ' on findings' : '')}`.execute(
    hub.db,
  );
}

describe.each(TEST_DIALECTS)('scan ingest on %s', (dialect) => {
  let hub: HubDatabase;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ hub, drop } = await freshDatabase(dialect));
  });
  afterAll(() => drop());

  it('ingests a Rampart JSON report: the scan, its findings and their detection events', async () => {
    const { projectId } = await seedProject(hub);
    const findings = [
      codeFinding('a'),
      codeFinding('b', { scanner: 'secrets', severity: 'critical' }),
    ];
    const result = await ingestScan(hub, {
      projectId,
      body: reportBody({
        findings,
        stage: 'pr',
        branch: 'feature/login',
        commit: 'c0ffee',
        at: T0,
        scanners: ['sast', 'secrets'],
      }),
      now: T0 + 1000,
    });
    expect(result).toMatchObject({
      duplicate: false,
      late: false,
      counts: { new: 2, seen: 0, fixed: 0, reopened: 0 },
    });
    const scan = await store(hub)
      .selectFrom('scans')
      .selectAll()
      .where('id', '=', result.scanId)
      .executeTakeFirstOrThrow();
    expect(scan).toMatchObject({
      stage: 'pr',
      kind: 'full',
      branch: 'feature/login',
      commit_sha: 'c0ffee',
      ran_at: T0,
      received_at: T0 + 1000,
      findings: 2,
      scope: 'branch:feature/login',
    });
    expect(JSON.parse(scan.tools)).toEqual([
      { scanner: 'sast', tool: 'rampart', version: '0.1.0' },
      { scanner: 'secrets', tool: 'rampart', version: '0.1.0' },
    ]);
    const rows = await findingsOf(hub, projectId);
    expect(rows.get('fp-b')).toMatchObject({
      scanner: 'secrets',
      severity: 'critical',
      status: 'open',
      first_seen_at: T0,
      first_seen_stage: 'pr',
      first_scan_id: result.scanId,
      fixed_at: null,
    });
    expect(JSON.parse(rows.get('fp-a')?.data ?? '{}')).toEqual(findings[0]);
    expect(await eventsOf(hub, projectId)).toEqual([
      ['fp-a', 'detected', T0, 'pr'],
      ['fp-b', 'detected', T0, 'pr'],
    ]);
  });

  it('keeps the intervals of a finding at the severity its latest scan reports', async () => {
    const { projectId, teamId } = await seedProject(hub);
    const intervals = async () =>
      lifecycleDb(hub.db)
        .selectFrom('finding_intervals')
        .select(['seq', 'started_at', 'ended_at', 'team_id', 'severity', 'scanner'])
        .where('project_id', '=', projectId)
        .orderBy('seq')
        .execute();
    const report = (severity: 'high' | 'critical', at: number, found = true) =>
      reportBody({
        findings: found ? [codeFinding('sev', { severity })] : [],
        stage: 'main',
        at,
        scanners: ['sast'],
      });
    await ingestScan(hub, { projectId, body: report('high', T0), now: T0 });
    expect(await intervals()).toEqual([
      {
        seq: 0,
        started_at: T0,
        ended_at: null,
        team_id: teamId,
        severity: 'high',
        scanner: 'sast',
      },
    ]);
    await ingestScan(hub, { projectId, body: report('critical', T0 + 10), now: T0 + 10 });
    expect((await intervals()).map((i) => i.severity)).toEqual(['critical']);
    await ingestScan(hub, { projectId, body: report('critical', T0 + 20, false), now: T0 + 20 });
    await ingestScan(hub, { projectId, body: report('high', T0 + 30), now: T0 + 30 });
    expect(await intervals()).toEqual([
      {
        seq: 0,
        started_at: T0,
        ended_at: T0 + 20,
        team_id: teamId,
        severity: 'high',
        scanner: 'sast',
      },
      {
        seq: 1,
        started_at: T0 + 30,
        ended_at: null,
        team_id: teamId,
        severity: 'high',
        scanner: 'sast',
      },
    ]);
  });

  it("ingests Rampart's SARIF with the findings it wrote, dated by the run's end", async () => {
    const { projectId } = await seedProject(hub);
    const findings = [codeFinding('s1'), codeFinding('s2', { severity: 'low' })];
    const log = toSarif(findings, { toolVersion: '0.1.0' });
    (log.runs[0] as unknown as Record<string, unknown>).invocations = [
      { executionSuccessful: true, endTimeUtc: new Date(T0).toISOString() },
    ];
    const result = await ingestScan(hub, {
      projectId,
      body: Buffer.from(JSON.stringify(log)),
      stage: 'main',
      now: T0 + HOUR,
    });
    expect(result.counts.new).toBe(2);
    const rows = await findingsOf(hub, projectId);
    expect([...rows.keys()].sort()).toEqual(['fp-s1', 'fp-s2']);
    expect(rows.get('fp-s2')).toMatchObject({
      severity: 'low',
      first_seen_at: T0,
      first_seen_stage: 'main',
    });
  });

  it("ingests another tool's SARIF (CodeQL) through the importers, fingerprinted", async () => {
    const { projectId } = await seedProject(hub);
    const result = await ingestScan(hub, {
      projectId,
      body: importerSample('sarif', 'codeql.sarif'),
      fallbackStage: 'main',
      now: T0,
    });
    expect(result.counts.new).toBe(3);
    const rows = [...(await findingsOf(hub, projectId)).values()];
    expect(rows.map((r) => r.rule_id).sort()).toEqual([
      'codeql/js/missing-rate-limiting',
      'codeql/js/reflected-xss',
      'codeql/js/sql-injection',
    ]);
    expect(
      rows.every((r) => /^[0-9a-f]{32}$/.test(r.fingerprint) && r.first_seen_stage === 'main'),
    ).toBe(true);
  });

  it('ingests a Trivy report: fingerprints given, advisories and aliases kept for triage rules', async () => {
    const { projectId } = await seedProject(hub);
    const result = await ingestScan(hub, {
      projectId,
      body: importerSample('trivy', 'trivy-fs.json'),
      stage: 'production',
      now: T0,
    });
    expect(result.counts.new).toBe(6);
    const rows = [...(await findingsOf(hub, projectId)).values()];
    const log4j = rows.find((r) => r.rule_id === 'GHSA-jfh8-c2jp-5v3q');
    expect(log4j).toMatchObject({ scanner: 'sca', first_seen_stage: 'production' });
    expect(log4j?.advisories).toBe('|CVE-2021-44228|GHSA-JFH8-C2JP-5V3Q|');
    expect(new Set(rows.map((r) => r.scanner))).toEqual(new Set(['sca', 'iac', 'secrets']));
    const scan = await store(hub)
      .selectFrom('scans')
      .select('tools')
      .where('id', '=', result.scanId)
      .executeTakeFirstOrThrow();
    expect(new Set(JSON.parse(scan.tools).map((t: { scanner: string }) => t.scanner))).toEqual(
      new Set(['sca', 'iac', 'secrets']),
    );
  });

  it('is idempotent: the same content again (even gzipped) changes nothing and answers the first scan', async () => {
    const { projectId } = await seedProject(hub);
    const body = reportBody({ findings: [codeFinding('x'), codeFinding('y')], at: T0 });
    const first = await ingestScan(hub, { projectId, body, now: T0 });
    const before = await countRows(hub, projectId);
    const again = await ingestScan(hub, { projectId, body, now: T0 + HOUR });
    const zipped = await ingestScan(hub, { projectId, body: gzipSync(body), now: T0 + 2 * HOUR });
    for (const result of [again, zipped]) {
      expect(result).toEqual({
        scanId: first.scanId,
        duplicate: true,
        late: false,
        counts: { new: 0, seen: 0, fixed: 0, reopened: 0 },
      });
    }
    expect(await countRows(hub, projectId)).toEqual(before);
    expect(before).toMatchObject({ scans: 1, findings: 2, events: 2, sightings: 2 });
  });

  it('is one transaction: a finding the database refuses half way leaves nothing of the scan', async () => {
    const { projectId } = await seedProject(hub);
    const findings = Array.from({ length: 1200 }, (_, i) =>
      codeFinding(`bulk-${i}`, i === 1100 ? { ruleId: 'boom' } : {}),
    );
    await refuseBoom(hub);
    try {
      await expect(
        ingestScan(hub, { projectId, body: reportBody({ findings, at: T0 }), now: T0 }),
      ).rejects.toThrow(/boom refused/);
      expect(await countRows(hub, projectId)).toEqual({
        scans: 0,
        findings: 0,
        events: 0,
        scopes: 0,
        sightings: 0,
      });
    } finally {
      await allowBoom(hub);
    }
    const retried = await ingestScan(hub, {
      projectId,
      body: reportBody({ findings, at: T0 }),
      now: T0,
    });
    expect(retried.counts.new).toBe(1200);
    expect(await countRows(hub, projectId)).toMatchObject({
      scans: 1,
      findings: 1200,
      events: 1200,
    });
  });

  it("uses the report's stage, branch, commit and diff base unless told otherwise", async () => {
    const { projectId } = await seedProject(hub);
    const diff = await ingestScan(hub, {
      projectId,
      body: reportBody({
        findings: [codeFinding('d')],
        stage: 'pr',
        branch: 'b1',
        diffBase: 'origin/main',
        at: T0,
      }),
      now: T0,
    });
    const overridden = await ingestScan(hub, {
      projectId,
      body: reportBody({ findings: [codeFinding('d')], stage: 'pr', branch: 'b1', at: T0 + HOUR }),
      stage: 'main',
      branch: 'main',
      commit: 'abc',
      kind: 'diff',
      ranAt: T0 + 2 * HOUR,
      now: T0 + 3 * HOUR,
    });
    const fallback = await ingestScan(hub, {
      projectId,
      body: importerSample('sarif', 'gitleaks.sarif'),
      fallbackStage: 'production',
      fallbackBranch: 'release',
      now: T0 + 4 * HOUR,
    });
    const scans = await store(hub)
      .selectFrom('scans')
      .select(['id', 'stage', 'kind', 'branch', 'commit_sha', 'ran_at', 'scope'])
      .where('project_id', '=', projectId)
      .execute();
    const byId = new Map(scans.map((s) => [s.id, s]));
    expect(byId.get(diff.scanId)).toMatchObject({
      stage: 'pr',
      kind: 'diff',
      branch: 'b1',
      scope: 'branch:b1',
    });
    expect(byId.get(overridden.scanId)).toMatchObject({
      stage: 'main',
      kind: 'diff',
      branch: 'main',
      commit_sha: 'abc',
      ran_at: T0 + 2 * HOUR,
      scope: 'main',
    });
    expect(byId.get(fallback.scanId)).toMatchObject({
      stage: 'production',
      kind: 'full',
      branch: 'release',
      ran_at: T0 + 4 * HOUR,
    });
  });

  it('refuses malformed, oversized, binary and multipart uploads with stable codes, storing nothing', async () => {
    const { projectId } = await seedProject(hub);
    const valid = rampartReport({ findings: [codeFinding('m')], at: T0 });
    const cases: [Buffer, string | undefined, number, string, RegExp][] = [
      [Buffer.from('{"runs": ['), undefined, 400, 'INVALID_REPORT', /could not tell which tool/],
      [
        Buffer.from(JSON.stringify({ ...valid, scan: { ...valid.scan, stage: 'staging' } })),
        undefined,
        400,
        'INVALID_REPORT',
        /not a valid Rampart report: scan\.stage/,
      ],
      [Buffer.from(''), undefined, 400, 'INVALID_REPORT', /empty/],
      [gzipSync(Buffer.from('   ')), undefined, 400, 'INVALID_REPORT', /empty/],
      [Buffer.from([0x1f, 0x8b, 1, 2, 3]), undefined, 400, 'INVALID_REPORT', /not valid gzip/],
      [
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]),
        undefined,
        400,
        'INVALID_REPORT',
        /binary/,
      ],
      [Buffer.alloc(2048, 'a'), undefined, 413, 'REPORT_TOO_LARGE', /limit of 1024 bytes/],
      [
        gzipSync(Buffer.alloc(100_000, ' ')),
        undefined,
        413,
        'REPORT_TOO_LARGE',
        /after decompression/,
      ],
      [
        reportBody({ findings: [], at: T0 }),
        'multipart/form-data; boundary=x',
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        /multipart/,
      ],
      [
        Buffer.from('{"hello": "world"}'),
        undefined,
        400,
        'INVALID_REPORT',
        /could not tell which tool/,
      ],
      [Buffer.from('{}'), 'application/json', 400, 'INVALID_REPORT', /could not tell/],
    ];
    for (const [body, contentType, status, code, message] of cases) {
      const error = await ingestScan(hub, {
        projectId,
        body,
        contentType,
        maxBytes: 1024,
        now: T0,
      }).then(
        () => undefined,
        (e: unknown) => e as { statusCode: number; code: string; message: string },
      );
      expect(error, `${code} for ${body.subarray(0, 20).toString('hex')}`).toMatchObject({
        statusCode: status,
        code,
      });
      expect(error?.message).toMatch(message);
    }
    await expect(
      ingestScan(hub, {
        projectId,
        body: reportBody({ findings: [], at: T0 }),
        ranAt: Date.now() + 86_400_000,
      }),
    ).rejects.toMatchObject({ statusCode: 400, code: 'VALIDATION' });
    expect(await countRows(hub, projectId)).toMatchObject({ scans: 0, findings: 0, events: 0 });
  });

  it('answers 404 for a project that does not exist', async () => {
    await expect(
      ingestScan(hub, { projectId: 'no-such-project', body: reportBody({ findings: [], at: T0 }) }),
    ).rejects.toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
  });
});
