import type { Finding, Severity } from '@rampart/core';
import fc from 'fast-check';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubDatabase } from '../db/database.js';
import { ingestScan } from '../ingest/ingest-scan.js';
import { codeFinding, findingsOf, reportBody, seedProject } from '../ingest/ingest-test-support.js';
import { syncProjectTeam } from '../lifecycle/intervals.js';
import { lifecycleDb } from '../lifecycle/tables.js';
import { triageFinding } from '../lifecycle/triage-actions.js';
import { freshDatabase, TEST_DIALECTS } from '../test-support/databases.js';
import type { IntervalGroup } from './interval-columns.js';
import { CELLS_GRACE_MS, refreshMetricCells } from './metric-cells.js';
import type { MetricsQuery } from './metrics-sql.js';
import { computeMttr, fixedIntervalGroups } from './mttr.js';
import { DAY } from './time-units.js';

// The weekly cells are a cache of `finding_intervals`: whatever the history, the changes
// after it (late scans, false positives and their reversal, severity overrides, team moves)
// and whenever the job ran, a metric read through them equals the same read of the rows.

const T0 = Date.parse('2026-01-05T00:00:00Z'); // a Monday
const at = (day: number, hour = 0) => T0 + day * DAY + hour * 3_600_000;

/** The intervals of groups as sorted `team severity scanner start end` lines. */
function lines(groups: readonly IntervalGroup[]): string[] {
  const out: string[] = [];
  for (const g of groups)
    for (let k = 0; k < g.starts.length; k++)
      out.push(`${g.teamId} ${g.severity} ${g.scanner} ${g.starts[k]} ${g.ends[k]}`);
  return out.sort();
}

describe.each(TEST_DIALECTS)('weekly cells on %s', (dialect) => {
  let hub: HubDatabase;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    ({ hub, drop } = await freshDatabase(dialect));
  });
  afterAll(async () => {
    await drop();
  });

  const ingest = (projectId: string, findings: readonly Finding[], day: number, commit: string) =>
    ingestScan(hub, {
      projectId,
      body: reportBody({ findings, stage: 'main', at: at(day), commit }),
      now: at(400),
    });
  const cellsRead = (q: MetricsQuery) => fixedIntervalGroups(hub.db, q);
  const rowsRead = (q: MetricsQuery) => fixedIntervalGroups(hub.db, q, { cells: false });
  const dirtyWeeks = async () =>
    (
      await sql<{ week: unknown }>`select week from metric_cells_dirty order by week`.execute(
        hub.db,
      )
    ).rows.map((r) => Number(r.week));
  const cellWeeks = async (teamId: string) =>
    (
      await sql<{ week: unknown; n: unknown }>`select week, sum(n) as n from fixed_interval_cells
        where team_id = ${teamId} group by week order by week`.execute(hub.db)
    ).rows.map((r) => [Number(r.week), Number(r.n)]);
  /** Both reads, compared, for the window; returns the lines. */
  const same = async (q: MetricsQuery) => {
    const rows = lines(await rowsRead(q));
    expect(lines(await cellsRead(q))).toEqual(rows);
    return rows;
  };

  it('builds ended weeks, marks the weeks a change touches, and reads the same as the rows', async () => {
    const { projectId, teamId } = await seedProject(hub);
    const [a, b, c] = ['a', 'b', 'c'].map((k) => codeFinding(k));
    await ingest(projectId, [a, b, c] as Finding[], 0, 'c0');
    await ingest(projectId, [b, c] as Finding[], 8, 'c1'); // a fixed in week 1
    await ingest(projectId, [c] as Finding[], 16, 'c2'); // b fixed in week 2
    const team = { teamIds: [teamId] };
    const window = { ...team, from: at(0), to: at(35) };
    expect(await same(window)).toHaveLength(2);

    // Weeks are built once they ended a grace period ago: at day 22, weeks 0–1 (week 2 ends
    // on day 21, a day before is not enough).
    const first = await refreshMetricCells(hub.db, at(21) + CELLS_GRACE_MS - 1);
    expect(first).toMatchObject({ watermark: at(14) });
    expect(await cellWeeks(teamId)).toEqual([[at(7), 1]]);
    expect(await refreshMetricCells(hub.db, at(35))).toMatchObject({ watermark: at(28) });
    expect(await cellWeeks(teamId)).toEqual([
      [at(7), 1],
      [at(14), 1],
    ]);
    expect(await dirtyWeeks()).toEqual([]);
    expect(await same(window)).toHaveLength(2);
    expect(await same({ ...window, from: at(3, 5), to: at(20, 7) })).toHaveLength(2);

    // A late scan of day 10 that no longer saw c fixes it in week 1. Its replay rewrites the
    // project's intervals, so the weeks of every fix it rewrote are dirty.
    await ingest(projectId, [] as Finding[], 10, 'late');
    expect(await dirtyWeeks()).toEqual([at(7), at(14)]);
    expect(await same(window)).toHaveLength(3);
    expect(await refreshMetricCells(hub.db, at(35))).toMatchObject({ rebuilt: 2 });
    // The late scan saw neither b nor c: both fixed on day 10 (c reopened on day 16).
    expect(await cellWeeks(teamId)).toEqual([[at(7), 3]]);
    expect(await same(window)).toHaveLength(3);

    // A false positive (day 30) leaves the cells' weeks of its fixes; before its time the
    // finding still counts, after it not, from the rows where the cells cannot say.
    const b_ = (await findingsOf(hub, projectId)).get('fp-b');
    await triageFinding(
      hub,
      b_?.id as string,
      { action: 'false_positive', reason: 'test' },
      'someone',
      at(30),
    );
    expect(await dirtyWeeks()).toEqual([at(7)]);
    expect(await same({ ...team, from: at(0), to: at(29) })).toHaveLength(3);
    expect(await same(window)).toHaveLength(2);
    await refreshMetricCells(hub.db, at(35));
    expect(await dirtyWeeks()).toEqual([]);
    expect(await cellWeeks(teamId)).toEqual([[at(7), 2]]);
    expect(await same({ ...team, from: at(0), to: at(29) })).toHaveLength(3);
    expect(await same(window)).toHaveLength(2);

    // A severity override and a move to another team change the cells' keys.
    const a_ = (await findingsOf(hub, projectId)).get('fp-a');
    await triageFinding(
      hub,
      a_?.id as string,
      { action: 'override_severity', severity: 'low' },
      'someone',
      at(31),
    );
    expect(await dirtyWeeks()).toEqual([at(7)]);
    await refreshMetricCells(hub.db, at(35));
    const other = await seedProject(hub);
    await hub.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('projects')
        .set({ team_id: other.teamId })
        .where('id', '=', projectId)
        .execute();
      await syncProjectTeam(lifecycleDb(trx), projectId);
    });
    expect(await dirtyWeeks()).toEqual([at(7)]);
    expect(await same(window)).toEqual([]);
    const moved = { teamIds: [other.teamId], from: at(0), to: at(35) };
    expect(await same(moved)).toHaveLength(2);
    expect(await same({ ...moved, severity: 'low' })).toHaveLength(1);
    await refreshMetricCells(hub.db, at(35));
    expect(await cellWeeks(other.teamId)).toEqual([[at(7), 2]]);
    expect(await same(moved)).toHaveLength(2);
    expect(await same({ ...moved, severity: 'low' })).toHaveLength(1);
    expect(await same({ ...moved, projectId })).toHaveLength(2);
  });

  it('reads what the rows give for any history, any job runs and any window (fast-check)', async () => {
    const POOL = ['p', 'q', 'r', 's', 't', 'u'];
    const RUNS = 40;
    let withCells = 0;
    const op = fc.oneof(
      {
        weight: 4,
        arbitrary: fc.record({
          kind: fc.constant('scan' as const),
          project: fc.integer({ min: 0, max: 1 }),
          found: fc.subarray([0, 1, 2, 3, 4, 5]),
          severity: fc.constantFrom<Severity>('high', 'medium'),
          day: fc.integer({ min: 0, max: 70 }),
        }),
      },
      {
        weight: 2,
        arbitrary: fc.record({
          kind: fc.constantFrom('fp' as const, 'reopen' as const, 'override' as const),
          project: fc.integer({ min: 0, max: 1 }),
          finding: fc.integer({ min: 0, max: 5 }),
          day: fc.integer({ min: 0, max: 80 }),
        }),
      },
      {
        weight: 1,
        arbitrary: fc.record({
          kind: fc.constant('move' as const),
          project: fc.integer({ min: 0, max: 1 }),
        }),
      },
      {
        weight: 2,
        arbitrary: fc.record({
          kind: fc.constant('refresh' as const),
          day: fc.integer({ min: 0, max: 90 }),
        }),
      },
    );
    const window = fc
      .tuple(fc.integer({ min: 0, max: 95 * 24 }), fc.integer({ min: 1, max: 95 * 24 }))
      .map(([start, length]) => ({
        from: T0 + start * 3_600_000,
        to: T0 + (start + length) * 3_600_000,
      }));
    await fc.assert(
      fc.asyncProperty(
        fc.array(op, { minLength: 2, maxLength: 10 }),
        // Often after every fix, so that most histories have cells to read.
        fc.option(fc.oneof(fc.integer({ min: 0, max: 100 }), fc.constant(100)), { freq: 4 }),
        fc.array(window, { minLength: 1, maxLength: 3 }),
        async (ops, lastRefresh, windows) => {
          const one = await seedProject(hub);
          const two = await seedProject(hub);
          const projects = [one.projectId, two.projectId];
          const teams = [one.teamId, two.teamId];
          let commit = 0;
          for (const o of ops) {
            if (o.kind === 'scan') {
              const findings = o.found.map((i) =>
                codeFinding(POOL[i] as string, { severity: o.severity }),
              );
              await ingest(projects[o.project] as string, findings, o.day, `c${commit++}`);
            } else if (o.kind === 'refresh') await refreshMetricCells(hub.db, at(o.day));
            else if (o.kind === 'move') {
              const projectId = projects[o.project] as string;
              await hub.db.transaction().execute(async (trx) => {
                const row = await trx
                  .selectFrom('projects')
                  .select('team_id')
                  .where('id', '=', projectId)
                  .executeTakeFirstOrThrow();
                await trx
                  .updateTable('projects')
                  .set({
                    team_id: row.team_id === teams[0] ? (teams[1] as string) : (teams[0] as string),
                  })
                  .where('id', '=', projectId)
                  .execute();
                await syncProjectTeam(lifecycleDb(trx), projectId);
              });
            } else {
              const found = [...(await findingsOf(hub, projects[o.project] as string)).values()];
              const f = found[o.finding % Math.max(1, found.length)];
              if (f === undefined) continue;
              await triageFinding(
                hub,
                f.id,
                o.kind === 'fp'
                  ? { action: 'false_positive', reason: 'test' }
                  : o.kind === 'reopen'
                    ? { action: 'reopen' }
                    : { action: 'override_severity', severity: 'critical' },
                'someone',
                at(o.day),
              ).catch(() => undefined); // an action the finding's state refuses changes nothing
            }
          }
          if (lastRefresh !== null) await refreshMetricCells(hub.db, at(lastRefresh));
          const cells = await sql<{ n: unknown }>`select count(*) as n from fixed_interval_cells
            where team_id in (${teams[0]}, ${teams[1]})`.execute(hub.db);
          if (Number(cells.rows[0]?.n) > 0) withCells++;
          for (const w of windows)
            for (const scope of [
              { teamIds: teams },
              { teamIds: [teams[0] as string] },
              { teamIds: teams, severity: 'high' },
              { teamIds: null },
            ])
              await same({ ...scope, ...w });
        },
      ),
      { numRuns: RUNS },
    );
    // Not a vacuous property: a good part of the histories had cells to read.
    expect(withCells).toBeGreaterThan(RUNS / 4);
  });

  // PostgreSQL runs transactions at once: a change in flight is waited for by the job, so
  // the job never builds a week without it and then forgets that the week changed.
  it.runIf(dialect === 'postgres')(
    'waits for the changes in flight before building a week',
    async () => {
      // A database of its own: the watermark is the store's, and the tests above moved it
      // on. The helpers read `hub`, so it stands for this one until the test ends.
      const own = await freshDatabase('postgres');
      const outer = hub;
      hub = own.hub;
      try {
        const { projectId, teamId } = await seedProject(hub);
        await ingest(projectId, [codeFinding('a'), codeFinding('b')], 0, 'c0');
        await ingest(projectId, [codeFinding('b')], 8, 'c1'); // a fixed in week 1
        expect(await refreshMetricCells(hub.db, at(14) + DAY)).toMatchObject({ watermark: at(14) });
        const ids = await findingsOf(hub, projectId);
        const a = ids.get('fp-a')?.id as string;
        const b = ids.get('fp-b')?.id as string;
        const window = { teamIds: [teamId], from: at(0), to: at(28) };
        const other = new pg.Client({ connectionString: hub.url });
        await other.connect();
        try {
          const settled = (p: Promise<unknown>) => {
            const state = { done: false };
            p.then(
              () => {
                state.done = true;
              },
              () => {
                state.done = true;
              },
            );
            return state;
          };
          // A dirty week whose change is not committed yet: the rebuild waits for it.
          await sql`update finding_intervals set ended_at = ended_at + 1000 where finding_id = ${a}`.execute(
            hub.db,
          );
          await other.query('begin');
          await other.query(
            'update finding_intervals set ended_at = ended_at + 1000 where finding_id = $1',
            [a],
          );
          const rebuild = refreshMetricCells(hub.db, at(14) + DAY);
          const rebuilt = settled(rebuild);
          await new Promise((resolve) => setTimeout(resolve, 300));
          expect(rebuilt.done).toBe(false);
          await other.query('commit');
          expect(await rebuild).toMatchObject({ rebuilt: 1 });
          expect(await dirtyWeeks()).toEqual([]);
          expect(await same(window)).toHaveLength(1);

          // A fix in a week past the watermark, not committed yet: moving the watermark over
          // that week waits for it.
          await other.query('begin');
          await other.query(
            'update finding_intervals set ended_at = $2 where finding_id = $1 and ended_at is null',
            [b, at(15)],
          );
          const advance = refreshMetricCells(hub.db, at(21) + DAY);
          const advanced = settled(advance);
          await new Promise((resolve) => setTimeout(resolve, 300));
          expect(advanced.done).toBe(false);
          await other.query('commit');
          expect(await advance).toMatchObject({ watermark: at(21) });
          expect(await cellWeeks(teamId)).toEqual([
            [at(7), 1],
            [at(14), 1],
          ]);
          expect(await same(window)).toHaveLength(2);
        } finally {
          await other.end();
        }
      } finally {
        hub = outer;
        await own.drop();
      }
    },
  );

  it('gives MTTR the same numbers either way', async () => {
    const q = { teamIds: null, from: at(0), to: at(90) };
    await refreshMetricCells(hub.db, at(120));
    const viaCells = await computeMttr(hub.db, q);
    expect(viaCells.overall.count).toBeGreaterThan(0);
    // The rows' read, for the same query: the cells are skipped when every week is dirty.
    await sql`insert into metric_cells_dirty (week, version)
      select distinct week, 1 from fixed_interval_cells where true
      on conflict (week) do nothing`.execute(hub.db);
    expect(await computeMttr(hub.db, q)).toEqual(viaCells);
    await refreshMetricCells(hub.db, at(120));
    expect(await dirtyWeeks()).toEqual([]);
  });
});
