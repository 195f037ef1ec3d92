import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createScanTarget,
  defaultConfig,
  type Finding,
  runScan,
  silentLogger,
} from '@rampart/core';
import {
  collectDependencies,
  createScaScanner,
  toCycloneDxJson,
  updateDatabase,
} from '@rampart/sca';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { HubDatabase } from '../db/database.js';
import { ingestScan } from '../ingest/ingest-scan.js';
import {
  countRows,
  eventsOf,
  findingsOf,
  packageFinding,
  reportBody,
  seedProject,
} from '../ingest/ingest-test-support.js';
import { computeEscapeRate } from '../metrics/escape-rate.js';
import { freshDatabase, TEST_DIALECTS } from '../test-support/databases.js';
import { type RematchOutcome, rematchSboms } from './rematch.js';
import { sbomRematchJob } from './rematch-job.js';
import { listSboms, storeSbom } from './sbom-store.js';
import { osvAdvisory, writeOsvArchive } from './sbom-test-support.js';

const at = (iso: string) => Date.parse(iso);
const HOUR = 3_600_000;
const IMPORT_1 = at('2026-01-01T00:00:00Z');
const UPLOAD = at('2026-01-10T00:00:00Z');
const PUBLISHED_LATE = '2026-02-01T00:00:00Z';
const IMPORT_2 = at('2026-02-02T00:00:00Z');

const QS = osvAdvisory('GHSA-qs00-0000-0001', {
  name: 'qs',
  fixed: '6.7.3',
  published: '2022-12-06T00:00:00Z',
  severity: 'HIGH',
  aliases: ['CVE-2022-24999'],
});
const LEFT_PAD = osvAdvisory('GHSA-lp00-0000-0002', {
  name: 'left-pad',
  fixed: '1.3.0',
  published: '2023-05-01T00:00:00Z',
  severity: 'MODERATE',
});
const EXPRESS_LATE = osvAdvisory('GHSA-ex00-0000-0003', {
  name: 'express',
  fixed: '4.19.2',
  published: PUBLISHED_LATE,
  severity: 'CRITICAL',
});
const DJANGO = osvAdvisory('PYSEC-2021-0001', {
  ecosystem: 'PyPI',
  name: 'django',
  fixed: '3.2.1',
  published: '2021-04-06T00:00:00Z',
});

function lockfile(leftPad: string, withExpress = true): string {
  return JSON.stringify({
    name: 'shop',
    version: '1.0.0',
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': {
        name: 'shop',
        version: '1.0.0',
        dependencies: { ...(withExpress ? { express: '4.17.1' } : {}), 'left-pad': leftPad },
      },
      ...(withExpress
        ? {
            'node_modules/express': { version: '4.17.1', dependencies: { qs: '6.7.0' } },
            'node_modules/qs': { version: '6.7.0' },
          }
        : {}),
      'node_modules/left-pad': { version: leftPad },
    },
  });
}

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'rampart-sbom-rematch-'));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

/** A project tree with an npm lockfile and a requirements file. */
function writeTree(name: string, leftPad = '1.1.0', withExpress = true): string {
  const root = join(work, name);
  mkdirSync(join(root, 'api'), { recursive: true });
  writeFileSync(join(root, 'package-lock.json'), lockfile(leftPad, withExpress));
  writeFileSync(join(root, 'api', 'requirements.txt'), 'Django==3.2.0\n');
  return root;
}

/** What `rampart sbom` writes for the tree. */
async function sbomOf(root: string): Promise<string> {
  const target = await createScanTarget(root);
  const collected = await collectDependencies(target, silentLogger);
  return toCycloneDxJson(collected.dependencies, {
    name: 'shop',
    toolVersion: '0.1.0',
    timestamp: new Date('2026-01-09T00:00:00Z'),
    serialNumber: 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79',
  });
}

/** What `rampart scan --scanners sca` reports for the tree. */
async function scannerFindings(root: string, cacheDir: string): Promise<readonly Finding[]> {
  const result = await runScan({
    target: await createScanTarget(root),
    scanners: [createScaScanner()],
    config: defaultConfig(root),
    logger: silentLogger,
    cacheDir,
  });
  return result.findings;
}

/** Imports the archives of `source` into the cache as of `now`. */
async function importOsv(cacheDir: string, source: string, now: number) {
  const outcomes = await updateDatabase({
    cacheDir,
    from: source,
    ecosystems: ['npm', 'PyPI'],
    now: () => new Date(now),
  });
  expect(outcomes.map((o) => o.outcome)).toEqual(['imported', 'imported']);
}

/** The outcome, restricted to one project's SBOMs (the suites share a database). */
function of(outcome: RematchOutcome, projectId: string) {
  if (outcome.status !== 'done') return outcome;
  return { ...outcome, matched: outcome.matched.filter((m) => m.projectId === projectId) };
}

/** A finding's fields that do not depend on where the dependency was read from. */
function comparable(f: Finding) {
  const { line: _line, ...location } = f.location as Extract<
    Finding['location'],
    { kind: 'package' }
  >;
  return { ...f, location };
}

describe.each(TEST_DIALECTS)('re-matching stored SBOMs on %s', (dialect) => {
  let hub: HubDatabase;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    ({ hub, drop } = await freshDatabase(dialect));
  });
  afterAll(async () => {
    await drop();
  });

  async function upload(
    projectId: string,
    text: string,
    stage: 'main' | 'production',
    now: number,
  ) {
    return storeSbom(hub, {
      projectId,
      text,
      stage,
      uploader: { tokenId: 'ci-token' },
      now,
    });
  }

  it('reports the vulnerable components with the findings and fingerprints of `rampart scan`', async () => {
    const { projectId } = await seedProject(hub);
    const root = writeTree('shop');
    const source = join(work, 'osv');
    const cache = join(work, 'cache');
    writeOsvArchive(source, 'npm', [QS, LEFT_PAD]);
    writeOsvArchive(source, 'PyPI', [DJANGO]);
    await importOsv(cache, source, IMPORT_1);
    await upload(projectId, await sbomOf(root), 'production', UPLOAD);

    const outcome = await rematchSboms(hub, { osv: cache, now: () => UPLOAD + HOUR });
    expect(of(outcome, projectId)).toMatchObject({
      status: 'done',
      matched: [{ projectId, stage: 'production', findings: 3, duplicate: false }],
    });

    const mine = of(outcome, projectId);
    const [listed] = await listSboms(hub, projectId, { limit: 10 });
    expect(listed?.lastRematch).toEqual({
      scanId: mine.status === 'done' ? mine.matched[0]?.scanId : 'none',
      matchedAt: new Date(UPLOAD + HOUR).toISOString(),
      findings: 3,
      newFindings: 3,
    });

    const expected = await scannerFindings(root, cache);
    expect(expected.map((f) => f.ruleId).sort()).toEqual([
      'GHSA-lp00-0000-0002',
      'GHSA-qs00-0000-0001',
      'PYSEC-2021-0001',
    ]);
    const stored = await findingsOf(hub, projectId);
    expect([...stored.keys()].sort()).toEqual(expected.map((f) => f.fingerprint).sort());
    for (const f of expected) {
      const row = stored.get(f.fingerprint);
      expect(row).toMatchObject({
        rule_id: f.ruleId,
        scanner: 'sca',
        severity: f.severity,
        status: 'open',
        first_seen_stage: 'production',
        first_seen_at: UPLOAD,
      });
      // npm names are spelled alike in the lockfile and the purl; PyPI's are normalised.
      if (f.location.kind === 'package' && f.location.ecosystem === 'npm') {
        expect(comparable(JSON.parse(row?.data ?? '{}') as Finding)).toEqual(comparable(f));
      }
    }
  });

  it('detects a newly published advisory in production, as a late disclosure in the escape rate', async () => {
    const { projectId } = await seedProject(hub);
    const root = writeTree('late');
    const source = join(work, 'osv');
    const cache = join(work, 'cache');
    writeOsvArchive(source, 'npm', [QS, LEFT_PAD]);
    writeOsvArchive(source, 'PyPI', [DJANGO]);
    await importOsv(cache, source, IMPORT_1);
    await upload(projectId, await sbomOf(root), 'production', UPLOAD);
    await rematchSboms(hub, { osv: cache, now: () => UPLOAD + HOUR });

    writeOsvArchive(source, 'npm', [QS, LEFT_PAD, EXPRESS_LATE]);
    await importOsv(cache, source, IMPORT_2);
    const outcome = await rematchSboms(hub, { osv: cache, now: () => IMPORT_2 + HOUR });
    expect(of(outcome, projectId)).toMatchObject({
      status: 'done',
      matched: [{ projectId, findings: 4, counts: { new: 1, seen: 3, fixed: 0, reopened: 0 } }],
    });
    const detected = await eventsOf(hub, projectId, ['detected']);
    const express = [...(await findingsOf(hub, projectId)).values()].find(
      (r) => r.rule_id === 'GHSA-ex00-0000-0003',
    );
    expect(detected.filter(([fp]) => fp === express?.fingerprint)).toEqual([
      [express?.fingerprint, 'detected', IMPORT_2, 'production'],
    ]);

    const escapeRate = await computeEscapeRate(hub.db, {
      teamIds: null,
      projectId,
      from: IMPORT_1,
      to: IMPORT_2 + 24 * HOUR,
    });
    expect(escapeRate).toMatchObject({ findings: 3, escaped: 3, lateDisclosures: 1 });
    expect(escapeRate.lateDisclosureFindings).toEqual([
      expect.objectContaining({
        projectId,
        severity: 'critical',
        detectedAt: new Date(IMPORT_2).toISOString(),
        publishedAt: PUBLISHED_LATE.replace('Z', '.000Z'),
        firstProductionScanAt: new Date(UPLOAD).toISOString(),
      }),
    ]);
  });

  it('creates no scan when the database has not changed, even after an import of the same archives', async () => {
    const { projectId } = await seedProject(hub);
    const source = join(work, 'osv');
    const cache = join(work, 'cache');
    writeOsvArchive(source, 'npm', [QS, LEFT_PAD]);
    writeOsvArchive(source, 'PyPI', [DJANGO]);
    await importOsv(cache, source, IMPORT_1);
    await upload(projectId, await sbomOf(writeTree('same')), 'main', UPLOAD);
    const first = await rematchSboms(hub, { osv: cache, now: () => UPLOAD + HOUR });
    expect(of(first, projectId)).toMatchObject({
      status: 'done',
      matched: [{ projectId, findings: 3 }],
    });
    const before = await countRows(hub, projectId);
    expect(before.scans).toBe(1);

    await importOsv(cache, source, IMPORT_2);
    const again = await rematchSboms(hub, { osv: cache, now: () => IMPORT_2 + HOUR });
    expect(of(again, projectId)).toMatchObject({ status: 'done', matched: [] });
    expect((again as { unchanged: number }).unchanged).toBeGreaterThanOrEqual(1);
    expect(await countRows(hub, projectId)).toEqual(before);
  });

  it('closes what a newer SBOM no longer has, and leaves licence, other tools and unchecked ecosystems alone', async () => {
    const { projectId } = await seedProject(hub);
    const source = join(work, 'osv');
    const cache = join(work, 'cache');
    writeOsvArchive(source, 'npm', [QS, LEFT_PAD]);
    writeOsvArchive(source, 'PyPI', [DJANGO]);
    await importOsv(cache, source, IMPORT_1);

    const npm = packageFinding('GHSA-gone-0000-0009', [], 'lodash');
    const licence = { ...npm, ruleId: 'sca/license-denied', fingerprint: 'fp-licence' };
    const trivy = {
      ...packageFinding('CVE-2020-0001', [], 'minimist'),
      tool: { name: 'trivy', version: '0.50.0' },
    };
    const crate = {
      ...packageFinding('RUSTSEC-2021-0003', [], 'smallvec'),
      location: {
        kind: 'package' as const,
        purl: 'pkg:cargo/smallvec@1.6.0',
        ecosystem: 'crates.io',
        name: 'smallvec',
        version: '1.6.0',
        manifestPath: 'Cargo.lock',
        fixedVersions: ['1.6.1'],
      },
    };
    await ingestScan(hub, {
      projectId,
      body: reportBody({
        findings: [npm, licence, trivy, crate],
        stage: 'production',
        at: UPLOAD - 24 * HOUR,
      }),
      now: UPLOAD,
    });

    await upload(projectId, await sbomOf(writeTree('v1')), 'production', UPLOAD);
    const first = await rematchSboms(hub, { osv: cache, now: () => UPLOAD + HOUR });
    expect(of(first, projectId)).toMatchObject({
      matched: [{ findings: 3, counts: { new: 3, seen: 0, fixed: 1, reopened: 0 } }],
    });
    let status = new Map(
      [...(await findingsOf(hub, projectId)).values()].map((r) => [r.rule_id, r.status]),
    );
    expect(Object.fromEntries(status)).toEqual({
      'GHSA-gone-0000-0009': 'fixed',
      'sca/license-denied': 'open',
      'CVE-2020-0001': 'open',
      'RUSTSEC-2021-0003': 'open',
      'GHSA-qs00-0000-0001': 'open',
      'GHSA-lp00-0000-0002': 'open',
      'PYSEC-2021-0001': 'open',
    });

    // The next deployment upgrades left-pad and drops express: the database is the same,
    // but the SBOM is new, so it is matched (dated at its upload).
    const later = UPLOAD + 48 * HOUR;
    await upload(projectId, await sbomOf(writeTree('v2', '1.3.0', false)), 'production', later);
    const second = await rematchSboms(hub, { osv: cache, now: () => later + HOUR });
    expect(of(second, projectId)).toMatchObject({
      matched: [{ findings: 1, counts: { new: 0, seen: 1, fixed: 2, reopened: 0 } }],
    });
    status = new Map(
      [...(await findingsOf(hub, projectId)).values()].map((r) => [r.rule_id, r.status]),
    );
    expect(status.get('GHSA-qs00-0000-0001')).toBe('fixed');
    expect(status.get('GHSA-lp00-0000-0002')).toBe('fixed');
    expect(status.get('PYSEC-2021-0001')).toBe('open');
    expect(status.get('sca/license-denied')).toBe('open');
    expect(status.get('CVE-2020-0001')).toBe('open');
    expect(status.get('RUSTSEC-2021-0003')).toBe('open');
  });

  it('does nothing without a database, and the job says so once', async () => {
    const { projectId } = await seedProject(hub);
    await upload(projectId, await sbomOf(writeTree('nodb')), 'production', UPLOAD);
    const cache = join(work, 'empty-cache');
    expect(await rematchSboms(hub, { osv: cache, now: () => UPLOAD + HOUR })).toEqual({
      status: 'no-store',
      path: join(cache, 'osv', 'osv.db'),
    });
    expect((await countRows(hub, projectId)).scans).toBe(0);

    const lines: string[] = [];
    const logger = { info: (m: string) => lines.push(m), warn: (m: string) => lines.push(m) };
    const job = sbomRematchJob({ osvCache: cache, logger });
    expect(job).toMatchObject({ name: 'sbom-rematch', everyMs: 15 * 60_000, cron: '*/15 * * * *' });
    const clock = () => UPLOAD + HOUR;
    const notifier = { deliverDue: async () => ({}) } as never;
    expect(await job.run(hub, clock, notifier)).toMatchObject({ sboms: 0, noDatabase: 1 });
    await job.run(hub, clock, notifier);
    expect(lines).toEqual([expect.stringMatching(/^sbom rematch: no OSV database at .*osv\.db/)]);
    expect((await countRows(hub, projectId)).scans).toBe(0);

    const source = join(work, 'osv');
    writeOsvArchive(source, 'npm', [QS, LEFT_PAD]);
    writeOsvArchive(source, 'PyPI', [DJANGO]);
    await importOsv(cache, source, IMPORT_1);
    expect(await job.run(hub, clock, notifier)).toMatchObject({ failed: 0, noDatabase: 0 });
    expect((await countRows(hub, projectId)).scans).toBe(1);
  });
});
