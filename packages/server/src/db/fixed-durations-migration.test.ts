import type { Finding } from '@rampart/core';
import { sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestScan } from '../ingest/ingest-scan.js';
import { codeFinding, reportBody, seedProject } from '../ingest/ingest-test-support.js';
import { refreshMetricCells } from '../metrics/metric-cells.js';
import { computeMttr } from '../metrics/mttr.js';
import { DAY, weekStartOf } from '../metrics/time-units.js';
import { freshDatabase, TEST_DIALECTS } from '../test-support/databases.js';
import type { HubDatabase } from './database.js';
import { migrations } from './migrations.js';

const T0 = Date.parse('2026-01-05T00:00:00Z'); // a Monday
const at = (day: number) => T0 + day * DAY;

describe.each(TEST_DIALECTS)('migration 0033-fixed-durations on %s', (dialect) => {
  let hub: HubDatabase;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ hub, drop } = await freshDatabase(dialect));
  });
  afterAll(() => drop());

  /** The team's fixed cells as `day n pairs durations`. */
  const fixedCells = async () =>
    (
      await sql<{ week: unknown; n: unknown; pairs: string; durations?: string }>`
        select * from interval_cells where kind = 'fixed' order by week`.execute(hub.db)
    ).rows.map(
      (r) =>
        `${(Number(r.week) - T0) / DAY} ${Number(r.n)} ${r.pairs || '-'} ${r.durations ?? '-'}`,
    );
  const watermark = async () =>
    Number(
      (await sql<{ w: unknown }>`select watermark as w from metric_cells_state`.execute(hub.db))
        .rows[0]?.w,
    );

  it('keeps times to fix in the fixed cells, and reads the rows until they are built again', async () => {
    const migrator = new Migrator({
      db: hub.db,
      provider: { getMigrations: async () => migrations(hub.dialect) },
    });
    expect((await migrator.migrateTo('0032-detection-cells')).error).toBeUndefined();
    const { projectId, teamId } = await seedProject(hub);
    const ingest = (findings: readonly Finding[], day: number, commit: string) =>
      ingestScan(hub, {
        projectId,
        body: reportBody({ findings, stage: 'main', at: at(day), commit }),
        now: at(400),
      });
    const [a, b, c] = ['a', 'b', 'c'].map((k) => codeFinding(k)) as Finding[];
    await ingest([a, b, c] as Finding[], 0, 'c0');
    await ingest([b, c] as Finding[], 8, 'c1'); // a fixed on day 8, after 8 days
    await ingest([c] as Finding[], 16, 'c2'); // b fixed on day 16, after 16 days
    // The fixed cells as 0032's job built them: `start:end` pairs, built to day 28.
    const fixes = await sql<{
      ended_at: unknown;
      started_at: unknown;
      severity: string;
      scanner: string;
    }>`
      select started_at, ended_at, severity, scanner from finding_intervals
      where ended_at is not null`.execute(hub.db);
    for (const f of fixes.rows) {
      const end = Number(f.ended_at);
      const week = weekStartOf(end);
      await sql`insert into interval_cells
          (kind, week, team_id, severity, scanner, n, open_n, accepted_n, pairs)
        values ('fixed', ${week}, ${teamId}, ${f.severity}, ${f.scanner}, 1, 0, 0,
          ${`${Number(f.started_at)}:${end}`})`.execute(hub.db);
    }
    await sql`update metric_cells_state set watermark = ${at(28)}`.execute(hub.db);
    expect(await fixedCells()).toEqual([`7 1 ${at(0)}:${at(8)} -`, `14 1 ${at(0)}:${at(16)} -`]);
    const query = { teamIds: [teamId], from: at(0), to: at(35) };

    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    // Every week is read from the rows again until the job has built it anew.
    expect(await watermark()).toBe(0);
    const before = await computeMttr(hub.db, query);
    expect(before.overall).toMatchObject({ count: 2, mean: 12, median: 12 });
    await refreshMetricCells(hub.db, at(35));
    expect(await watermark()).toBe(at(28));
    expect(await fixedCells()).toEqual([`7 1 - ${8 * DAY}`, `14 1 - ${16 * DAY}`]);
    expect(await computeMttr(hub.db, query)).toEqual(before);

    // And back: no column, and the pairs are built again before they are read.
    expect((await migrator.migrateTo('0032-detection-cells')).error).toBeUndefined();
    expect(await watermark()).toBe(0);
    expect(await fixedCells()).toEqual(['7 1 - -', '14 1 - -']);
  });
});
