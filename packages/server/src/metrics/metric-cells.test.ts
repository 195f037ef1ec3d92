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
import { computeEscapeRate } from './escape-rate.js';
import { computeHalfLife, startedIntervalGroups } from './half-life.js';
import type { FixedGroup, IntervalGroup } from './interval-columns.js';
import { CELLS_GRACE_MS, refreshMetricCells } from './metric-cells.js';
import {
  daysToMs,
  loadSlaPolicies,
  type MetricsQuery,
  openFindingsAt,
  slaDaysCase,
} from './metrics-sql.js';
import { computeMttr, fixedIntervalGroups } from './mttr.js';
import { computeOpenAge } from './open-age.js';
import { computePrevented } from './prevented.js';
import { computeSla } from './sla.js';
import { DAY } from './time-units.js';
import { computeTopCwes } from './top-cwes.js';
import { computeTrend } from './trend.js';

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

/** Fixed intervals as sorted lines `team severity scanner timeToFix weekOfFix`. */
function fixedLines(groups: readonly FixedGroup[]): string[] {
  const out: string[] = [];
  for (const g of groups)
    for (let k = 0; k < g.durations.length; k++)
      out.push(`${g.teamId} ${g.severity} ${g.scanner} ${g.durations[k]} ${g.weeks[k]}`);
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

  const ingest = (
    projectId: string,
    findings: readonly Finding[],
    day: number,
    commit: string,
    stage: 'pr' | 'main' | 'production' = 'main',
  ) =>
    ingestScan(hub, {
      projectId,
      body: reportBody({ findings, stage, at: at(day), commit }),
      now: at(400),
    });
  const reads = (q: MetricsQuery, cells: boolean) =>
    Promise.all([
      fixedIntervalGroups(hub.db, q, { cells }),
      startedIntervalGroups(hub.db, q, { cells }),
    ]);
  /** The dirty cells as `kind@day` (days since T0). */
  const dirtyWeeks = async () =>
    (
      await sql<{ kind: string; week: unknown }>`select distinct kind, week
        from metric_cells_dirty order by kind, week`.execute(hub.db)
    ).rows.map((r) => `${r.kind}@${(Number(r.week) - T0) / DAY}`);
  /** A team's cells as `kind@day:count`. */
  const cellWeeks = async (teamId: string) =>
    (
      await sql<{ kind: string; week: unknown; n: unknown }>`select kind, week, sum(n) as n
        from interval_cells where team_id = ${teamId}
        group by kind, week order by kind, week`.execute(hub.db)
    ).rows.map((r) => `${r.kind}@${(Number(r.week) - T0) / DAY}:${Number(r.n)}`);
  /** A team's cells of first detections as `day stage cwe: findings open withCwe`. */
  const detectionCells = async (teamId: string) =>
    (
      await sql<{
        week: unknown;
        stage: string;
        cwe: string;
        n: unknown;
        open_n: unknown;
        cwe_n: unknown;
      }>`
        select week, stage, cwe, sum(n) as n, sum(open_n) as open_n, sum(cwe_n) as cwe_n
        from detection_cells where team_id = ${teamId}
        group by week, stage, cwe order by week, stage, cwe`.execute(hub.db)
    ).rows.map(
      (r) =>
        `${(Number(r.week) - T0) / DAY} ${r.stage || '-'} ${r.cwe || '-'}: ${Number(r.n)} ${Number(r.open_n)} ${Number(r.cwe_n)}`,
    );
  /**
   * Reads through the cells and of the rows alone, compared for both kinds, and the metrics
   * built on them; returns the fixed intervals' lines.
   */
  const same = async (q: MetricsQuery) => {
    const [fixedRows, startedRows] = await reads(q, false);
    const [fixedViaCells, startedViaCells] = await reads(q, true);
    const [fixed, started] = [fixedLines(fixedRows), lines(startedRows)];
    const [fixedCells, startedCells] = [fixedLines(fixedViaCells), lines(startedViaCells)];
    expect(fixedCells).toEqual(fixed);
    expect(startedCells).toEqual(started);
    return fixed as string[];
  };
  /** The reports of `compute` on the cells, and with the watermark at 0 (rows only), are the same. */
  const sameEither = async (compute: () => Promise<unknown>) => {
    const viaCells = await compute();
    const { rows } = await sql<{ watermark: unknown }>`select watermark
      from metric_cells_state`.execute(hub.db);
    await sql`update metric_cells_state set watermark = 0`.execute(hub.db);
    try {
      expect(viaCells).toEqual(await compute());
    } finally {
      await sql`update metric_cells_state set watermark = ${Number(rows[0]?.watermark)}`.execute(
        hub.db,
      );
    }
  };
  /** The metrics on the cells, and with the watermark at 0 (rows only), are the same. */
  const sameReports = (q: MetricsQuery) =>
    sameEither(() =>
      Promise.all([
        computeMttr(hub.db, q),
        computeHalfLife(hub.db, q, { maxPoints: 50 }),
        computeTrend(hub.db, q),
        computeSla(hub.db, q),
        computeOpenAge(hub.db, q),
        computeEscapeRate(hub.db, q),
        computeTopCwes(hub.db, q, { limit: 50 }),
        computePrevented(hub.db, q),
      ]),
    );
  /**
   * The SLA breaches (three listed, so that several numbers of days compete for the places)
   * are every open interval past its due date, most overdue first: the query the hub ran
   * before it read the cells, over the rows alone.
   */
  const sameBreaches = async (q: MetricsQuery) => {
    const policies = await loadSlaPolicies(hub.db);
    const allowed = slaDaysCase(policies, sql`o.team_id`, sql`o.severity`);
    const due = sql`o.started_at + ${daysToMs(allowed)}`;
    const { rows } = await sql<{ id: string }>`select o.id as id
      from (${openFindingsAt(q, q.to, { withoutAcceptedRisks: true })}) o
      where ${allowed} is not null and ${due} < ${q.to}
      order by ${due}, o.id`.execute(hub.db);
    const { breaches } = await computeSla(hub.db, q, { breachLimit: 3 });
    expect(breaches.items.map((b) => b.findingId)).toEqual(rows.slice(0, 3).map((r) => r.id));
    expect(breaches.total).toBe(rows.length);
  };
  /** The metrics of first detections on the cells and on the rows are the same. */
  const sameDetections = (q: MetricsQuery) =>
    sameEither(() =>
      Promise.all([
        computeEscapeRate(hub.db, q),
        computeTopCwes(hub.db, q, { limit: 50 }),
        computePrevented(hub.db, q),
      ]),
    );

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
    expect(await cellWeeks(teamId)).toEqual(['fixed@7:1', 'started@0:3']);
    expect(await refreshMetricCells(hub.db, at(35))).toMatchObject({ watermark: at(28) });
    expect(await cellWeeks(teamId)).toEqual(['fixed@7:1', 'fixed@14:1', 'started@0:3']);
    // a, b and c first detected at main in week 0, naming CWE-89; c is open.
    expect(await detectionCells(teamId)).toEqual(['0 - CWE-89: 3 1 0', '0 main -: 3 1 3']);
    expect(await dirtyWeeks()).toEqual([]);
    expect(await same(window)).toHaveLength(2);
    expect(await same({ ...window, from: at(3, 5), to: at(20, 7) })).toHaveLength(2);

    // A late scan of day 10 that no longer saw c fixes it in week 1. Its replay rewrites the
    // project's intervals, so the weeks of every fix it rewrote are dirty.
    await ingest(projectId, [] as Finding[], 10, 'late');
    // The late scan saw neither b nor c: both fixed on day 10 (c reopened on day 16).
    expect(await dirtyWeeks()).toEqual([
      'detected@0',
      'fixed@7',
      'fixed@14',
      'started@0',
      'started@14',
    ]);
    expect(await same(window)).toHaveLength(3);
    await sameReports(window);
    expect(await refreshMetricCells(hub.db, at(35))).toMatchObject({ rebuilt: 5 });
    expect(await cellWeeks(teamId)).toEqual(['fixed@7:3', 'started@0:3', 'started@14:1']);
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
    expect(await dirtyWeeks()).toEqual(['detected@0', 'fixed@7', 'started@0']);
    expect(await same({ ...team, from: at(0), to: at(29) })).toHaveLength(3);
    expect(await same(window)).toHaveLength(2);
    await refreshMetricCells(hub.db, at(35));
    expect(await dirtyWeeks()).toEqual([]);
    expect(await cellWeeks(teamId)).toEqual(['fixed@7:2', 'started@0:2', 'started@14:1']);
    // b, a false positive now, is left out.
    expect(await detectionCells(teamId)).toEqual(['0 - CWE-89: 2 1 0', '0 main -: 2 1 2']);
    await sameDetections({ ...team, from: at(0), to: at(29) });
    await sameDetections(window);
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
    expect(await dirtyWeeks()).toEqual(['detected@0', 'fixed@7', 'started@0']);
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
    expect(await dirtyWeeks()).toEqual(['detected@0', 'fixed@7', 'started@0', 'started@14']);
    expect(await same(window)).toEqual([]);
    const moved = { teamIds: [other.teamId], from: at(0), to: at(35) };
    expect(await same(moved)).toHaveLength(2);
    expect(await same({ ...moved, severity: 'low' })).toHaveLength(1);
    await refreshMetricCells(hub.db, at(35));
    expect(await cellWeeks(other.teamId)).toEqual(['fixed@7:2', 'started@0:2', 'started@14:1']);
    expect(await detectionCells(teamId)).toEqual([]);
    expect(await detectionCells(other.teamId)).toEqual(['0 - CWE-89: 2 1 0', '0 main -: 2 1 2']);
    expect(await same(moved)).toHaveLength(2);
    await sameReports(moved);
    expect(await same({ ...moved, severity: 'low' })).toHaveLength(1);
    expect(await same({ ...moved, projectId })).toHaveLength(2);

    // A report of c naming another CWE changes its cells of first detection, and nothing else.
    expect(await dirtyWeeks()).toEqual([]);
    await ingest(projectId, [{ ...c, cwe: ['CWE-79'] }] as Finding[], 30, 'cwe');
    expect(await dirtyWeeks()).toEqual(['detected@0']);
    await sameDetections(moved);
    await refreshMetricCells(hub.db, at(35));
    expect(await detectionCells(other.teamId)).toEqual([
      '0 - CWE-79: 1 1 0',
      '0 - CWE-89: 1 0 0',
      '0 main -: 2 1 2',
    ]);

    // c, open since day 16 and allowed 30 days, is overdue at day 70 until its risk is
    // accepted: the weeks of its intervals count it apart from then on.
    const late = { teamIds: [other.teamId], from: at(0), to: at(70) };
    await refreshMetricCells(hub.db, at(80));
    expect((await computeSla(hub.db, late)).breaches.total).toBe(1);
    await sameReports(late);
    const c_ = (await findingsOf(hub, projectId)).get('fp-c');
    await triageFinding(
      hub,
      c_?.id as string,
      { action: 'accept_risk', reason: 'test', expiresAt: at(90) },
      'someone',
      at(32),
    );
    expect(await dirtyWeeks()).toEqual(['detected@0', 'fixed@7', 'started@0', 'started@14']);
    await refreshMetricCells(hub.db, at(80));
    expect((await computeSla(hub.db, late)).breaches.total).toBe(0);
    await sameReports(late);
  });

  it('counts a finding open at the very moment of its fix, in a week across an age bound', async () => {
    // Days 200–210, away from the other tests' triage: a false positive decided after `to`
    // anywhere in the organisation sends its weeks to the rows.
    const { projectId, teamId } = await seedProject(hub);
    await ingest(projectId, [codeFinding('x'), codeFinding('y')], 200, 'c0');
    await ingest(projectId, [codeFinding('y')], 210, 'c1'); // x fixed on day 210
    await refreshMetricCells(hub.db, at(400));
    // At day 210 the week of day 200 (days 196–202) holds ages of 7 to 14 days: across the
    // 8-day bound, so its cells' pairs are read.
    const q = { teamIds: [teamId], from: at(150), to: at(210) };
    const report = await computeOpenAge(hub.db, q);
    expect(report.total).toBe(2);
    expect(report.buckets.find((b) => b.bucket === '8-30')?.count).toBe(2);
    await sameReports(q);
  });

  it('counts a breach from the first millisecond past its due date, listed and in total', async () => {
    // Days 250–300, away from the other tests' triage. z (high: 30 days) is open since day
    // 252, due at day 282 exactly.
    const { projectId, teamId } = await seedProject(hub);
    await ingest(projectId, [codeFinding('z')], 252, 'c0');
    await refreshMetricCells(hub.db, at(400));
    const breaches = async (to: number) => {
      const q = { teamIds: [teamId], from: at(200), to };
      await sameBreaches(q);
      return (await computeSla(hub.db, q)).breaches;
    };
    expect((await breaches(at(282))).total).toBe(0);
    expect((await breaches(at(282) + 1)).items).toMatchObject([{ daysOverdue: 0, slaDays: 30 }]);
    expect((await breaches(at(282) + 1)).total).toBe(1);
    // Weeks before the bound's week come from the cells: at day 300 that of day 252.
    expect((await breaches(at(300))).total).toBe(1);
  });

  it('marks the week of a finding first seen in a pull request when main sees it', async () => {
    // Days 320–390, away from the other tests' triage. w is first seen in a pull request on
    // day 320 (the week of day 315), still open: pending.
    const { projectId, teamId } = await seedProject(hub);
    await ingest(projectId, [codeFinding('w')], 320, 'c0', 'pr');
    await refreshMetricCells(hub.db, at(400));
    const q = { teamIds: [teamId], from: at(300), to: at(390) };
    expect(await computePrevented(hub.db, q)).toMatchObject({ prevented: 0, pending: 1 });
    // Seen at main on day 330: no longer a pull request's catch, from then on.
    await ingest(projectId, [codeFinding('w')], 330, 'c1', 'main');
    expect(await dirtyWeeks()).toContain('detected@315');
    await refreshMetricCells(hub.db, at(400));
    expect(await computePrevented(hub.db, q)).toMatchObject({ prevented: 0, pending: 0 });
    const before = { ...q, to: at(329) };
    expect(await computePrevented(hub.db, before)).toMatchObject({ prevented: 0, pending: 1 });
    await sameDetections(q);
    await sameDetections(before);
  });

  it('reads what the rows give for any history, any job runs and any window (fast-check)', async () => {
    const POOL = ['p', 'q', 'r', 's', 't', 'u'];
    const CWES = [[], ['CWE-89'], ['CWE-79', 'CWE-89']];
    const RUNS = 40;
    let withCells = 0;
    let withDetectionCells = 0;
    const op = fc.oneof(
      {
        weight: 4,
        arbitrary: fc.record({
          kind: fc.constant('scan' as const),
          project: fc.integer({ min: 0, max: 1 }),
          found: fc.subarray([0, 1, 2, 3, 4, 5]),
          severity: fc.constantFrom<Severity>('high', 'medium'),
          day: fc.integer({ min: 0, max: 70 }),
          stage: fc.constantFrom('pr' as const, 'main' as const, 'production' as const),
          // Another report of the same findings, naming other CWEs.
          variant: fc.boolean(),
        }),
      },
      {
        weight: 2,
        arbitrary: fc.record({
          kind: fc.constantFrom(
            'fp' as const,
            'accept' as const,
            'reopen' as const,
            'override' as const,
          ),
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
          // A team of its own policy: more numbers of days than the organisation's.
          await hub.db
            .insertInto('sla_policies')
            .values({
              id: `sla-${one.teamId}`,
              team_id: one.teamId,
              severity: 'medium',
              days: 10,
              created_at: 0,
            })
            .execute();
          let commit = 0;
          for (const o of ops) {
            if (o.kind === 'scan') {
              const findings = o.found.map((i) => ({
                ...codeFinding(POOL[i] as string, { severity: o.severity }),
                cwe: CWES[(i + (o.variant ? 1 : 0)) % CWES.length] as string[],
              }));
              await ingest(projects[o.project] as string, findings, o.day, `c${commit++}`, o.stage);
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
                  : o.kind === 'accept'
                    ? { action: 'accept_risk', reason: 'test', expiresAt: at(o.day + 30) }
                    : o.kind === 'reopen'
                      ? { action: 'reopen' }
                      : { action: 'override_severity', severity: 'critical' },
                'someone',
                at(o.day),
              ).catch(() => undefined); // an action the finding's state refuses changes nothing
            }
          }
          if (lastRefresh !== null) await refreshMetricCells(hub.db, at(lastRefresh));
          const cells = await sql<{ n: unknown }>`select count(*) as n from interval_cells
            where team_id in (${teams[0]}, ${teams[1]})`.execute(hub.db);
          const detections = await sql<{ n: unknown }>`select count(*) as n
            from detection_cells where team_id in (${teams[0]}, ${teams[1]})`.execute(hub.db);
          if (Number(cells.rows[0]?.n) > 0) withCells++;
          if (Number(detections.rows[0]?.n) > 0) withDetectionCells++;
          for (const w of windows)
            for (const scope of [
              { teamIds: teams },
              { teamIds: [teams[0] as string] },
              { teamIds: teams, severity: 'high' },
              { teamIds: null },
            ]) {
              await same({ ...scope, ...w });
              await sameDetections({ ...scope, ...w });
            }
          for (const w of windows) {
            await sameReports({ teamIds: teams, ...w });
            await sameBreaches({ teamIds: teams, ...w });
            await sameBreaches({ teamIds: [teams[1] as string], ...w });
            // The organisation, and more teams than SQLite reads by their own intervals.
            await sameBreaches({ teamIds: null, ...w });
            await sameBreaches({ teamIds: [...teams, 'no-team-1', 'no-team-2'], ...w });
          }
        },
      ),
      { numRuns: RUNS },
    );
    // Not a vacuous property: a good part of the histories had cells to read.
    expect(withCells).toBeGreaterThan(RUNS / 4);
    expect(withDetectionCells).toBeGreaterThan(RUNS / 4);
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
          // A change committed and a change in flight to the same week: the job rebuilds
          // the week and clears the committed change's marks only; the one in flight leaves
          // the week dirty when it commits.
          await sql`update finding_intervals set ended_at = ended_at + 1000 where finding_id = ${a}`.execute(
            hub.db,
          );
          await other.query('begin');
          await other.query(
            'update finding_intervals set ended_at = ended_at + 1000 where finding_id = $1',
            [a],
          );
          expect(await refreshMetricCells(hub.db, at(14) + DAY)).toMatchObject({ rebuilt: 3 });
          expect(await dirtyWeeks()).toEqual([]);
          await other.query('commit');
          expect(await dirtyWeeks()).toEqual(['detected@0', 'fixed@7', 'started@0']);
          expect(await same(window)).toHaveLength(1);
          expect(await refreshMetricCells(hub.db, at(14) + DAY)).toMatchObject({ rebuilt: 3 });
          expect(await dirtyWeeks()).toEqual([]);
          expect(await same(window)).toHaveLength(1);

          // A fix in a week past the watermark, not committed yet: the job does not move the
          // watermark over it (it waits 200 ms, then leaves it to its next run).
          await other.query('begin');
          await other.query(
            'update finding_intervals set ended_at = $2 where finding_id = $1 and ended_at is null',
            [b, at(15)],
          );
          const advance = refreshMetricCells(hub.db, at(21) + DAY);
          const advanced = settled(advance);
          await new Promise((resolve) => setTimeout(resolve, 600));
          expect(advanced.done).toBe(true);
          expect(await advance).toMatchObject({ watermark: at(14), built: 0 });
          await other.query('commit');
          expect(await same(window)).toHaveLength(2);
          expect(await refreshMetricCells(hub.db, at(21) + DAY)).toMatchObject({
            watermark: at(21),
          });
          expect(await cellWeeks(teamId)).toEqual(['fixed@7:1', 'fixed@14:1', 'started@0:2']);
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

  it('gives the metrics the same numbers either way', async () => {
    await refreshMetricCells(hub.db, at(120));
    const q = { teamIds: null, from: at(0), to: at(90) };
    expect((await computeMttr(hub.db, q)).overall.count).toBeGreaterThan(0);
    await sameReports(q);
    await sameReports({ ...q, from: at(20, 5), to: at(60, 7) });
  });
});
