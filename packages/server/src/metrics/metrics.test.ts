import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubDatabase } from '../db/database.js';
import { freshDatabase, TEST_DIALECTS } from '../test-support/databases.js';
import { computeEscapeRate } from './escape-rate.js';
import { computeHalfLife } from './half-life.js';
import { lateDisclosureCandidate } from './late-disclosure.js';
import { HISTORY, WINDOW } from './metrics.fixture.js';
import { day, type FixtureHistory, type FixtureIds, insertHistory } from './metrics-fixture.js';
import { type MetricsQuery, openFindingsAt } from './metrics-sql.js';
import { computeMttr } from './mttr.js';
import { computeOpenAge } from './open-age.js';
import { computePrevented } from './prevented.js';
import { computeSla } from './sla.js';
import { computeTrend } from './trend.js';

// Every expected number below is worked out by hand from the table in metrics.fixture.ts.
// Durations are in days.

const close = (value: number) => expect.closeTo(value, 9);
const summary = (count: number, mean: number, median: number, p90: number) => ({
  count,
  mean: close(mean),
  median: close(median),
  p90: close(p90),
});

describe.each(TEST_DIALECTS)('the shared metrics over the fixture history on %s', (dialect) => {
  let hub: HubDatabase;
  let drop: () => Promise<void>;
  let ids: FixtureIds;
  let query: MetricsQuery;
  const team = (key: string) => ids.teams.get(key) as string;

  beforeAll(async () => {
    ({ hub, drop } = await freshDatabase(dialect));
    ids = await insertHistory(hub, HISTORY);
    query = { ...WINDOW, teamIds: [team('A'), team('B')] };
  });
  afterAll(() => drop());

  it('MTTR: mean, median and p90 per fixed interval, by severity, team, scanner and week', async () => {
    // Intervals fixed in [0, 28) (F10 is a false positive; F14 fixed at 30 and F15 at 28 are
    // outside the window):
    //   F1 3−1 = 2 · F2 2−(−10) = 12 · F3 6−2 = 4 and 20−10 = 10 (two intervals)
    //   F4 12.5−5 = 7.5 · F6 1−0 = 1 · F9 18−16 = 2 · F16 7−4 = 3
    // sorted 1 2 2 3 4 7.5 10 12: mean 41.5/8 = 5.1875;
    //   median at 0.5·7 = 3.5 → 3 + 0.5·(4−3) = 3.5; p90 at 0.9·7 = 6.3 → 10 + 0.3·(12−10) = 10.6
    const mttr = await computeMttr(hub.db, query);
    expect(mttr.unit).toBe('days');
    expect(mttr.overall).toEqual(summary(8, 5.1875, 3.5, 10.6));
    expect(mttr.bySeverity).toEqual([
      // F1 2, F9 2
      { severity: 'critical', ...summary(2, 2, 2, 2) },
      // 4 10 12: mean 26/3; median 10; p90 at 1.8 → 10 + 0.8·2 = 11.6
      { severity: 'high', ...summary(3, 26 / 3, 10, 11.6) },
      // 3 7.5: mean 5.25; median 5.25; p90 at 0.9 → 3 + 0.9·4.5 = 7.05
      { severity: 'medium', ...summary(2, 5.25, 5.25, 7.05) },
      { severity: 'low', ...summary(1, 1, 1, 1) },
    ]);
    expect(mttr.byTeam.map(({ teamId, teamName, teamSlug, ...s }) => ({ teamName, ...s }))).toEqual(
      [
        // B: 1 7.5 → mean 4.25; p90 1 + 0.9·6.5 = 6.85
        { teamName: 'identity', ...summary(2, 4.25, 4.25, 6.85) },
        // A: 2 2 3 4 10 12 → mean 33/6 = 5.5; median at 2.5 → 3.5; p90 at 4.5 → 10 + 0.5·2 = 11
        { teamName: 'payments', ...summary(6, 5.5, 3.5, 11) },
      ],
    );
    expect(mttr.byScanner).toEqual([
      { scanner: 'iac', ...summary(1, 1, 1, 1) },
      // 2 3 4 10: mean 19/4; median 3.5; p90 at 2.7 → 4 + 0.7·6 = 8.2
      { scanner: 'sast', ...summary(4, 4.75, 3.5, 8.2) },
      // 2 12: mean 7; p90 2 + 0.9·10 = 11
      { scanner: 'sca', ...summary(2, 7, 7, 11) },
      { scanner: 'secrets', ...summary(1, 7.5, 7.5, 7.5) },
    ]);
    expect(mttr.byWeek).toEqual([
      // fixes on days 1 (F6), 2 (F2), 3 (F1), 6 (F3): 1 2 4 12 → mean 4.75, median 3,
      //   p90 at 2.7 → 4 + 0.7·8 = 9.6
      { week: '2024-W01', weekStart: '2024-01-01T00:00:00.000Z', ...summary(4, 4.75, 3, 9.6) },
      // days 7 (F16) and 12.5 (F4): 3 7.5
      { week: '2024-W02', weekStart: '2024-01-08T00:00:00.000Z', ...summary(2, 5.25, 5.25, 7.05) },
      // days 18 (F9) and 20 (F3): 2 10 → p90 2 + 0.9·8 = 9.2
      { week: '2024-W03', weekStart: '2024-01-15T00:00:00.000Z', ...summary(2, 6, 6, 9.2) },
      {
        week: '2024-W04',
        weekStart: '2024-01-22T00:00:00.000Z',
        count: 0,
        mean: null,
        median: null,
        p90: null,
      },
    ]);
  });

  it('MTTR within one team only counts that team', async () => {
    const mttr = await computeMttr(hub.db, { ...query, teamIds: [team('B')] });
    expect(mttr.overall).toEqual(summary(2, 4.25, 4.25, 6.85));
    const shop = await computeMttr(hub.db, {
      ...query,
      projectId: ids.projects.get('shop'),
      scanner: 'sca',
    });
    expect(shop.overall).toEqual(summary(2, 7, 7, 11));
  });

  it('half-life: Kaplan–Meier over the intervals opened in the window, open ones censored', async () => {
    // Intervals opened in [0, 28): F1 F3 (day 2) F3 (reopened day 10) F4 F5 F6 F7 F8 F9 F13
    // F14 F15 F16 = 13 (F5's reopen on day 9.5 is a person's, while open: no new interval;
    // F10 is a false positive).
    //   fixed: F6 1 · F1 2 · F9 2 · F16 3 · F3 4 · F4 7.5 · F3 10
    //   censored at 28: F15 2 (fixed at 28, not before) · F14 3 · F8 13 · F13 18 · F5 20 · F7 25
    // t=1   13 at risk, 1 fixed              S = 12/13
    // t=2   12 at risk, 2 fixed, 1 censored  S = 12/13 · 10/12 = 10/13
    // t=3    9 at risk, 1 fixed, 1 censored  S = 10/13 · 8/9 = 80/117
    // t=4    7 at risk, 1 fixed              S = 80/117 · 6/7 = 480/819 ≈ 0.586
    // t=7.5  6 at risk, 1 fixed              S = 480/819 · 5/6 = 400/819 ≈ 0.488 ≤ 0.5
    // t=10   5 at risk, 1 fixed              S = 400/819 · 4/5 = 320/819
    // then censored at 13 (4 at risk), 18 (3), 20 (2), 25 (1)
    const report = await computeHalfLife(hub.db, query);
    expect(report.total).toBe(13);
    expect(report.fixed).toBe(7);
    expect(report.censored).toBe(6);
    expect(report.halfLife).toBe(7.5);
    expect(report.points).toEqual([
      { days: 1, survival: close(12 / 13), atRisk: 13, fixed: 1, censored: 0 },
      { days: 2, survival: close(10 / 13), atRisk: 12, fixed: 2, censored: 1 },
      { days: 3, survival: close(80 / 117), atRisk: 9, fixed: 1, censored: 1 },
      { days: 4, survival: close(480 / 819), atRisk: 7, fixed: 1, censored: 0 },
      { days: 7.5, survival: close(400 / 819), atRisk: 6, fixed: 1, censored: 0 },
      { days: 10, survival: close(320 / 819), atRisk: 5, fixed: 1, censored: 0 },
      { days: 13, survival: close(320 / 819), atRisk: 4, fixed: 0, censored: 1 },
      { days: 18, survival: close(320 / 819), atRisk: 3, fixed: 0, censored: 1 },
      { days: 20, survival: close(320 / 819), atRisk: 2, fixed: 0, censored: 1 },
      { days: 25, survival: close(320 / 819), atRisk: 1, fixed: 0, censored: 1 },
    ]);
  });

  it('escape rate: production-first share of unique findings, late disclosures apart', async () => {
    // First detected in [0, 28), false positive F10 left out: F1 F3 F4 F5 F6 F7 F8 F9 F13
    // F14 F15 F16 = 12. At production: F4 F5 F8 F9. F8's advisory (published day 12) came
    // after shop's first production scan (day −30): a late disclosure, out of both counts.
    // F9's (day −40) did not: a pipeline miss. → 3 escaped of 11 = 3/11.
    const report = await computeEscapeRate(hub.db, query);
    expect(report).toMatchObject({ findings: 11, escaped: 3, lateDisclosures: 1 });
    expect(report.rate).toBeCloseTo(3 / 11, 12);
    expect(
      report.byTeam.map((t) => [t.teamName, t.findings, t.escaped, t.rate, t.lateDisclosures]),
    ).toEqual([
      // B: F4 F5 F6 F13 F14; escaped F4 F5 → 2/5
      ['identity', 5, 2, 0.4, 0],
      // A: F1 F3 F7 F9 F15 F16 (+ F8 late); escaped F9 → 1/6
      ['payments', 6, 1, 1 / 6, 1],
    ]);
    expect(
      report.bySeverity.map((s) => [s.severity, s.findings, s.escaped, s.rate, s.lateDisclosures]),
    ).toEqual([
      ['critical', 4, 2, 0.5, 0], // F1 F5 F9 F13; escaped F5 F9
      ['high', 2, 0, 0, 1], // F3 F14 (overridden from medium); F8 late
      ['medium', 4, 1, 0.25, 0], // F4 F7 F15 F16; escaped F4
      ['low', 1, 0, 0, 0], // F6
    ]);
    expect(report.byWeek.map((w) => [w.week, w.findings, w.escaped, w.lateDisclosures])).toEqual([
      ['2024-W01', 6, 1, 0], // days 0–7: F6 F1 F3 F7 F16 F4 (F4 at production)
      ['2024-W02', 2, 1, 0], // F5 (production) F13
      ['2024-W03', 1, 1, 1], // F9 (production); F8 late
      ['2024-W04', 2, 0, 0], // F14 F15
    ]);
    expect(report.lateDisclosureFindings).toEqual([
      expect.objectContaining({
        findingId: ids.findings.get('F8'),
        publishedAt: new Date(day(12)).toISOString(),
        firstProductionScanAt: new Date(day(-30)).toISOString(),
      }),
    ]);
  });

  it('escape rate: the late-disclosure candidates are read through their partial index (0031)', async () => {
    // The index's predicate and the read's filter are one fragment; if they drifted apart the
    // read would scan every finding of the window again. Sequential scans are priced out on
    // PostgreSQL, whose planner would otherwise prefer them for the fixture's few rows.
    const candidates = sql`select f.id from findings f
      where f.first_seen_at >= ${WINDOW.from} and f.first_seen_at < ${WINDOW.to}
        and ${lateDisclosureCandidate('f')}`;
    const plan = await hub.db.connection().execute(async (db) => {
      if (dialect === 'postgres') {
        await sql`set enable_seqscan = off`.execute(db);
        const { rows } = await sql<{ 'QUERY PLAN': string }>`explain ${candidates}`.execute(db);
        await sql`reset enable_seqscan`.execute(db);
        return rows.map((r) => r['QUERY PLAN']).join('\n');
      }
      const { rows } = await sql<{ detail: string }>`explain query plan ${candidates}`.execute(db);
      return rows.map((r) => r.detail).join('\n');
    });
    expect(plan).toContain('findings_late_candidates');
  });

  it('escape rate judges false positives as of the window end', async () => {
    // [0, 5): F6 F1 F3 F7 F16 F10 → F10's false positive (day 5) is not before the end: 6,
    // none at production.
    const before = await computeEscapeRate(hub.db, { ...query, from: day(0), to: day(5) });
    expect([before.findings, before.escaped]).toEqual([6, 0]);
    // One millisecond later F4 (day 5, production) is in, and F10 is a false positive: 6 − 1 + 1.
    const after = await computeEscapeRate(hub.db, { ...query, from: day(0), to: day(5) + 1 });
    expect([after.findings, after.escaped]).toEqual([6, 1]);
    const auth = { ...query, projectId: ids.projects.get('auth') };
    expect((await computeEscapeRate(hub.db, { ...auth, to: day(5) })).findings).toBe(2); // F6 F10
    expect((await computeEscapeRate(hub.db, { ...auth, to: day(5) + 1 })).findings).toBe(2); // F6 F4
  });

  it('escape rate filters by effective severity', async () => {
    const high = await computeEscapeRate(hub.db, { ...query, severity: 'high' });
    expect([high.findings, high.escaped, high.lateDisclosures]).toEqual([2, 0, 1]);
  });

  it('SLA: compliance of the fixes in the window, breaches open at its end', async () => {
    // Days allowed: team policy, else organisation. Fixed in the window:
    //   F1 critical A 2 ≤ 7 ✓ · F2 high A 12 ≤ 30 ✓ · F3 high A 4 ✓ and 10 ✓
    //   F4 medium B 7.5 > 5 ✗ · F6 low B 1 ≤ 1 ✓ (the limit is inclusive) · F9 critical A 2 ≤ 7 ✓
    //   F16 medium A 3 ≤ 60 ✓ → 7 of 8
    const report = await computeSla(hub.db, query);
    expect([report.fixed, report.withinSla, report.compliance]).toEqual([8, 7, 7 / 8]);
    expect(report.bySeverity.map((s) => [s.severity, s.fixed, s.withinSla])).toEqual([
      ['critical', 2, 2],
      ['high', 3, 3],
      ['medium', 2, 1],
      ['low', 1, 1],
    ]);
    expect(report.byTeam.map((t) => [t.teamName, t.fixed, t.withinSla, t.compliance])).toEqual([
      ['identity', 2, 1, 0.5],
      ['payments', 6, 6, 1],
    ]);
    // Open at 28: F5 critical B, opened 8, 3 days → due 11 → breach, 17 days over
    //   F7 medium A 3 + 60 = 63 · F8 high A 15 + 30 = 45 · F14 high B 25 + 30 = 55
    //   F15 medium A 26 + 60 = 86 · F11 low A −100 + 90 = −10 → breach, 38 days over
    //   F12 info: no SLA · F13 critical B due 13 but its risk is accepted: not a breach
    expect(report.breaches.total).toBe(2);
    expect(
      report.breaches.items.map((b) => [b.findingId, b.slaDays, b.dueAt, b.daysOverdue]),
    ).toEqual([
      [ids.findings.get('F11'), 90, new Date(day(-10)).toISOString(), 38],
      [ids.findings.get('F5'), 3, new Date(day(11)).toISOString(), 17],
    ]);
    const limited = await computeSla(hub.db, query, { breachLimit: 1 });
    expect(limited.breaches.total).toBe(2);
    expect(limited.breaches.items).toHaveLength(1);
  });

  it('open findings by age bucket and severity at the window end', async () => {
    // Open at 28 (whole days since the interval opened):
    //   F14 3, F15 2 → 0–7 (high, medium) · F5 20, F7 25, F8 13, F13 18 → 8–30
    //   (critical, medium, high, critical; the accepted risk F13 is still unfixed)
    //   F11 128 → 91–180 (low) · F12 228 → >180 (info)
    const report = await computeOpenAge(hub.db, query);
    expect(report.total).toBe(8);
    expect(report.buckets).toEqual([
      { bucket: '0-7', count: 2, bySeverity: { high: 1, medium: 1 } },
      { bucket: '8-30', count: 4, bySeverity: { critical: 2, high: 1, medium: 1 } },
      { bucket: '31-90', count: 0, bySeverity: {} },
      { bucket: '91-180', count: 1, bySeverity: { low: 1 } },
      { bucket: '>180', count: 1, bySeverity: { info: 1 } },
    ]);
    expect(report.bySeverity).toEqual([
      { severity: 'critical', count: 2 },
      { severity: 'high', count: 2 },
      { severity: 'medium', count: 2 },
      { severity: 'low', count: 1 },
      { severity: 'info', count: 1 },
    ]);
  });

  it('prevented in pull requests: first seen at pr, never at main or production', async () => {
    // First seen at pr in the window: F6 (fixed → prevented), F7 (open → pending),
    // F16 (seen at main on day 6 → neither).
    const report = await computePrevented(hub.db, query);
    expect([report.prevented, report.pending]).toEqual([1, 1]);
    expect(report.byTeam.map((t) => [t.teamName, t.prevented, t.pending])).toEqual([
      ['identity', 1, 0],
      ['payments', 0, 1],
    ]);
    expect(report.bySeverity.map((s) => [s.severity, s.prevented, s.pending])).toEqual([
      ['medium', 0, 1],
      ['low', 1, 0],
    ]);
  });

  it('weekly trend: opened, fixed and open at each week end', async () => {
    // Open at 0: F2, F11, F12 = 3.
    // W01 opened F6 F1 F3 F7 F16 F4 = 6, fixed F6 F2 F1 F3 = 4 → 3 + 6 − 4 = 5
    // W02 opened F5 F3 (reopen) F13 = 3, fixed F16 (day 7) F4 = 2 → 6
    // W03 opened F8 F9 = 2, fixed F9 F3 = 2 → 6
    // W04 opened F14 F15 = 2, fixed none → 8 (= the open-age total)
    const report = await computeTrend(hub.db, query);
    expect(report.openAtStart).toBe(3);
    expect(report.weeks.map((w) => [w.week, w.opened, w.fixed, w.openAtEnd])).toEqual([
      ['2024-W01', 6, 4, 5],
      ['2024-W02', 3, 2, 6],
      ['2024-W03', 2, 2, 6],
      ['2024-W04', 2, 0, 8],
    ]);
  });

  it('agrees with the open findings counted directly at each week end', async () => {
    const trend = await computeTrend(hub.db, query);
    for (const week of trend.weeks) {
      const end = Math.min(Date.parse(week.weekStart) + 7 * 86_400_000, query.to);
      const { rows } = await sql<{ n: unknown }>`select count(*) as n
        from (${openFindingsAt(query, end)}) o`.execute(hub.db);
      expect(Number(rows[0]?.n)).toBe(week.openAtEnd);
    }
  });

  it('SLA breaches: an expired acceptance breaches again, a reopen restarts the clock', async () => {
    // Organisation default for high: 30 days (built in, no policy in this team). Window end 100.
    //   G1 opened 0, risk accepted 10, expired 50            → due 30, breach (70 days over)
    //   G2 opened 0, false positive 5                         → never a breach
    //   G3 opened 0, fixed 20, reopened 80                    → due 110 (from the reopen): none
    //   G4 opened 0, fixed 20, reopened 65, fixed 200         → open at 100, due 95: breach (5)
    const high = (key: string, events: FixtureHistory['findings'][number]['events']) => ({
      key,
      project: 'p',
      severity: 'high',
      scanner: 'sast',
      events,
    });
    const small = await insertHistory(hub, {
      teams: [{ key: 't', slug: 'sla' }],
      projects: [{ key: 'p', team: 't' }],
      findings: [
        high('G1', [
          ['detected', day(0)],
          ['risk_accepted', day(10)],
          ['risk_expired', day(50)],
        ]),
        high('G2', [
          ['detected', day(0)],
          ['false_positive', day(5)],
        ]),
        high('G3', [
          ['detected', day(0)],
          ['fixed', day(20)],
          ['reopened', day(80)],
        ]),
        high('G4', [
          ['detected', day(0)],
          ['fixed', day(20)],
          ['reopened', day(65)],
          ['fixed', day(200)],
        ]),
      ],
    });
    const report = await computeSla(hub.db, {
      teamIds: [small.teams.get('t') as string],
      from: day(0),
      to: day(100),
    });
    expect(report.breaches.items.map((b) => [b.findingId, b.openedAt, b.daysOverdue])).toEqual([
      [small.findings.get('G1'), new Date(day(0)).toISOString(), 70],
      [small.findings.get('G4'), new Date(day(65)).toISOString(), 5],
    ]);
    // G3 and G4 fixed on day 20, within 30 days
    expect([report.fixed, report.withinSla]).toEqual([2, 2]);
  });

  it('ages are whole completed days, bucketed inclusively', async () => {
    // Window end 100. Opened 92 + 1 ms → 7 days 23:59:59.999 → 0–7; opened 92 → 8 days → 8–30;
    // opened 70 → 30 days → 8–30; opened 69 → 31 days → 31–90.
    const small = await insertHistory(hub, {
      teams: [{ key: 't', slug: 'ages' }],
      projects: [{ key: 'p', team: 't' }],
      findings: [day(92) + 1, day(92), day(70), day(69)].map((at, i) => ({
        key: `A${i}`,
        project: 'p',
        severity: 'low',
        scanner: 'sast',
        events: [['detected', at]],
      })),
    });
    const report = await computeOpenAge(hub.db, {
      teamIds: [small.teams.get('t') as string],
      from: day(0),
      to: day(100),
    });
    expect(report.buckets.map((b) => [b.bucket, b.count])).toEqual([
      ['0-7', 1],
      ['8-30', 2],
      ['31-90', 1],
      ['91-180', 0],
      ['>180', 0],
    ]);
  });

  it('counts nothing for a user of no team', async () => {
    const none = { ...query, teamIds: [] };
    expect((await computeMttr(hub.db, none)).overall.count).toBe(0);
    expect((await computeEscapeRate(hub.db, none)).rate).toBeNull();
    expect((await computeOpenAge(hub.db, none)).total).toBe(0);
    expect((await computeHalfLife(hub.db, none)).halfLife).toBeNull();
  });
});
