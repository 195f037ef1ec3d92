import type { RepositoryFacts } from '@rampart/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addProject, buildTestOrg, type TestOrg } from '../auth/test-org.js';
import type { HubDatabase } from '../db/database.js';
import { lifecycleDb } from '../lifecycle/tables.js';
import { DAY, WEEK, weekStartOf } from '../metrics/time-units.js';
import { freshDatabase, TEST_DIALECTS } from '../test-support/databases.js';
import { insertPostureSnapshot, latestSnapshots, storedScores } from './posture-store.js';
import { postureDb } from './posture-tables.js';
import { weeklyTrend } from './score-rollups.js';

const NOW = Date.UTC(2026, 2, 4, 12);

const FACTS: RepositoryFacts = {
  ci: [],
  rampartInCi: { pullRequests: false, defaultBranch: false },
  sarifUpload: null,
  secretsHook: null,
  actions: { thirdParty: 0, unpinned: 0, examples: [] },
  dependencyUpdates: null,
  securityPolicy: null,
  codeowners: null,
  threatModel: null,
  linesOfCode: 1,
};

describe.each(TEST_DIALECTS)('posture snapshots read back on %s', (dialect) => {
  let hub: HubDatabase;
  let drop: () => Promise<void>;
  let org: TestOrg;
  let old: string;
  let busy: string;

  /** A scan and its snapshot, stored in any order. */
  async function snapshot(projectId: string, id: string, at: number, score: number) {
    await lifecycleDb(hub.db)
      .insertInto('scans')
      .values({
        id: `scan-${id}`,
        project_id: projectId,
        content_hash: id,
        commit_sha: null,
        branch: 'main',
        stage: 'main',
        kind: 'full',
        tools: '[]',
        findings: 0,
        ran_at: at,
        received_at: NOW,
        scope: 'main',
      })
      .execute();
    await postureDb(hub.db)
      .insertInto('posture_snapshots')
      .values({
        id,
        project_id: projectId,
        scan_id: `scan-${id}`,
        taken_at: at,
        stage: 'main',
        facts: JSON.stringify({ ...FACTS, linesOfCode: score }),
        paved_road: null,
        score,
        results: '[]',
      })
      .execute();
  }

  beforeAll(async () => {
    ({ hub, drop } = await freshDatabase(dialect));
    org = await buildTestOrg(hub, NOW - 400 * DAY);
    old = await addProject(hub, NOW - 400 * DAY, 'old', org.teamA);
    busy = await addProject(hub, NOW - 400 * DAY, 'busy', org.teamA);
    // `old`: two snapshots long before the trend, the newer one stored first.
    await snapshot(old, 'o2', NOW - 200 * DAY, 40);
    await snapshot(old, 'o1', NOW - 300 * DAY, 10);
    // `busy`: one before the trend, then weekly ones; a late scan (older run) stored last,
    // and two at the same time (the higher id wins).
    await snapshot(busy, 'b0', NOW - 100 * DAY, 20);
    await snapshot(busy, 'b2', NOW - 7 * DAY, 70);
    await snapshot(busy, 'b3a', NOW - DAY, 80);
    await snapshot(busy, 'b3b', NOW - DAY, 90);
    await snapshot(busy, 'b1', NOW - 14 * DAY, 60);
  });
  afterAll(async () => drop());

  it('takes the newest snapshot by run time, ties by id', async () => {
    const latest = await latestSnapshots(hub.db, [old, busy, org.projectA]);
    expect(latest.get(old)?.id).toBe('o2');
    expect(latest.get(busy)?.id).toBe('b3b');
    expect(latest.has(org.projectA)).toBe(false);
  });

  it("reads each project's newest score before the window and every one inside it", async () => {
    const from = NOW - 20 * DAY;
    const rows = await storedScores(hub.db, [old, busy], from, NOW + 1);
    expect(rows.map((r) => [r.projectId === old ? 'old' : 'busy', r.score])).toEqual([
      ['old', 40],
      ['busy', 20],
      ['busy', 60],
      ['busy', 70],
      ['busy', expect.any(Number)],
      ['busy', expect.any(Number)],
    ]);
  });

  it('carries a project measured before the trend into every week', async () => {
    const trend = await weeklyTrend(hub.db, [old, busy], NOW);
    const first = weekStartOf(NOW) - 11 * WEEK;
    expect(trend[0]).toEqual({
      week: new Date(first).toISOString().slice(0, 10),
      score: 30, // (40 + 20) / 2
      measured: 2,
    });
    expect(trend.every((w) => w.measured === 2)).toBe(true);
    expect(trend.at(-1)?.score).toBe(65); // (40 + 90) / 2
  });
});

describe.each(TEST_DIALECTS)('storing posture snapshots on %s', (dialect) => {
  let hub: HubDatabase;
  let drop: () => Promise<void>;
  let project: string;
  /** Midnight UTC, the day the scans below ran. */
  const D = Date.UTC(2026, 2, 3);
  const HOUR = 3_600_000;

  beforeAll(async () => {
    ({ hub, drop } = await freshDatabase(dialect));
    const org = await buildTestOrg(hub, NOW - 400 * DAY);
    project = await addProject(hub, NOW - 400 * DAY, 'daily', org.teamA);
  });
  afterAll(async () => drop());

  /** Writes a full scan of the stage, then stores its posture as ingest does. */
  async function scan(id: string, at: number, stage: 'dev' | 'pr' | 'main' | 'production') {
    await lifecycleDb(hub.db)
      .insertInto('scans')
      .values({
        id,
        project_id: project,
        content_hash: id,
        commit_sha: null,
        branch: null,
        stage,
        kind: 'full',
        tools: '[]',
        findings: 0,
        ran_at: at,
        received_at: NOW,
        scope: stage === 'pr' ? 'pr:1' : 'main',
      })
      .execute();
    return insertPostureSnapshot(hub.db, {
      projectId: project,
      scanId: id,
      takenAt: at,
      stage,
      posture: { facts: FACTS },
    });
  }
  const stored = async () =>
    (
      await postureDb(hub.db)
        .selectFrom('posture_snapshots')
        .select(['scan_id', 'stage'])
        .where('project_id', '=', project)
        .orderBy('taken_at')
        .execute()
    ).map((r) => `${r.scan_id}:${r.stage}`);

  it("stores main and production scans only: a pr branch's or a laptop's scan is not the project", async () => {
    expect(await scan('dev-1', D + 9 * HOUR, 'dev')).toBe('stage');
    expect(await scan('pr-1', D + 9 * HOUR, 'pr')).toBe('stage');
    expect(await stored()).toEqual([]);
  });

  it('keeps one snapshot per UTC day, the latest by run time', async () => {
    expect(await scan('main-10h', D + 10 * HOUR, 'main')).toBe('stored');
    expect(await scan('main-14h', D + 14 * HOUR, 'main')).toBe('stored');
    expect(await stored()).toEqual(['main-14h:main']);
    // History imported out of order: the day already has a later snapshot.
    expect(await scan('main-12h', D + 12 * HOUR, 'main')).toBe('superseded');
    expect(await scan('main-0h', D, 'main')).toBe('superseded');
    expect(await stored()).toEqual(['main-14h:main']);
    // The last millisecond of the day is the same day; midnight is the next one.
    expect(await scan('prod-late', D + DAY - 1, 'production')).toBe('stored');
    expect(await scan('next-day', D + DAY, 'main')).toBe('stored');
    expect(await stored()).toEqual(['prod-late:production', 'next-day:main']);
    // The previous day, imported late, is a day of its own.
    expect(await scan('day-before', D - HOUR, 'main')).toBe('stored');
    expect(await stored()).toEqual(['day-before:main', 'prod-late:production', 'next-day:main']);
  });
});
