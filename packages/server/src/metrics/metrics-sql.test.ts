import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubDatabase } from '../db/database.js';
import { freshDatabase, TEST_DIALECTS } from '../test-support/databases.js';
import { startedIntervals } from './half-life.js';
import { openIntervalAt, openIntervals, triageStateAt } from './lifecycle-model.js';
import { day, type FixtureEvent, type FixtureFinding, insertHistory } from './metrics-fixture.js';
import {
  loadSlaPolicies,
  METRICS_WORK_MEM,
  type MetricsQuery,
  openFindingsAt,
  slaDaysCase,
  slaDaysLookup,
  withMetricsMemory,
} from './metrics-sql.js';
import { fixedIntervals } from './mttr.js';
import { DEFAULT_SLA_DAYS } from './sla-policy.js';
import { computeTrend } from './trend.js';

// The SQL reads the lifecycle the way lifecycle-model.ts defines it: random histories
// (equal times, events written out of time order, fixes while fixed, reopens while open,
// triage decisions) give the same intervals through SQL as through the model.

const EVENT_TYPES = [
  'fixed',
  'fixed',
  'reopened',
  'reopened-by-person',
  'seen',
  'false_positive',
  'risk_accepted',
  'risk_expired',
  'commented',
] as const;

const findingArb = fc.record({
  detectedDay: fc.integer({ min: 0, max: 20 }),
  later: fc.array(
    fc.record({ type: fc.constantFrom(...EVENT_TYPES), offset: fc.integer({ min: 0, max: 12 }) }),
    { maxLength: 7 },
  ),
});

const historyArb = fc.record({
  findings: fc.array(findingArb, { minLength: 1, maxLength: 5 }),
  // a sort key per event: the order the events are written in (ids), not their times
  writeKeys: fc.array(fc.integer(), { minLength: 40, maxLength: 40 }),
  from: fc.integer({ min: 0, max: 25 }),
  length: fc.integer({ min: 1, max: 15 }),
});

function toFinding(
  f: { detectedDay: number; later: readonly { type: string; offset: number }[] },
  i: number,
): FixtureFinding {
  const events: FixtureEvent[] = [['detected', day(f.detectedDay), 'main']];
  for (const e of f.later) {
    const at = day(f.detectedDay + e.offset);
    if (e.type === 'reopened-by-person') events.push(['reopened', at, undefined, 'triage']);
    else events.push([e.type, at, 'main']);
  }
  return { key: `F${i}`, project: 'p', severity: 'high', scanner: 'sast', events };
}

describe.each(TEST_DIALECTS)('the metrics SQL agrees with the lifecycle model on %s', (dialect) => {
  let hub: HubDatabase;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ hub, drop } = await freshDatabase(dialect));
  });
  afterAll(() => drop());

  it('gives the days allowed: the team policy, else the organisation, else the default; none for info', async () => {
    const severities = ['critical', 'high', 'medium', 'low', 'info', 'custom'] as const;
    const policy = fc.record({
      team: fc.constantFrom<string | null>(null, 'team-a', 'team-b', "team-'c"),
      severity: fc.constantFrom(...severities),
      days: fc.integer({ min: 1, max: 400 }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(policy, { selector: (p) => `${p.team} ${p.severity}`, maxLength: 10 }),
        async (policies) => {
          await hub.db.deleteFrom('sla_policies').execute();
          // Teams the policies name must exist (sla_policies.team_id references teams).
          for (const team of ['team-a', 'team-b', "team-'c"])
            await hub.db
              .insertInto('teams')
              .values({
                id: team,
                slug: `slug-${team.length}-${team.at(-1)}`,
                name: team,
                created_at: 0,
              })
              .onConflict((oc) => oc.column('id').doNothing())
              .execute();
          for (const [n, p] of policies.entries())
            await hub.db
              .insertInto('sla_policies')
              .values({
                id: `p${n}`,
                team_id: p.team,
                severity: p.severity,
                days: p.days,
                created_at: 0,
              })
              .execute();
          const inlined = slaDaysCase(
            await loadSlaPolicies(hub.db),
            sql`x.team_id`,
            sql`x.severity`,
          );
          // The rule, written plainly.
          const expected = (team: string, severity: string): number | null => {
            if (severity === 'info') return null;
            const own = policies.find((p) => p.team === team && p.severity === severity);
            const org = policies.find((p) => p.team === null && p.severity === severity);
            const fallback = DEFAULT_SLA_DAYS[severity as keyof typeof DEFAULT_SLA_DAYS];
            return own?.days ?? org?.days ?? fallback ?? null;
          };
          const pairs = ['team-a', 'team-b', "team-'c", 'team-d'].flatMap((team) =>
            severities.map((severity) => [team, severity] as const),
          );
          const { rows } = await sql<{ team_id: string; severity: string; days: unknown }>`
            select x.team_id as team_id, x.severity as severity, ${inlined} as days
            from (${sql.join(
              pairs.map(
                ([team, severity]) => sql`select ${team} as team_id, ${severity} as severity`,
              ),
              sql` union all `,
            )}) x`.execute(hub.db);
          expect(rows).toHaveLength(pairs.length);
          // The same rule as a function, for values read from the cells.
          const lookup = slaDaysLookup(await loadSlaPolicies(hub.db));
          for (const [team, severity] of pairs)
            expect(lookup(team, severity), `${team} ${severity}`).toBe(expected(team, severity));
          for (const r of rows)
            expect(r.days === null ? null : Number(r.days), `${r.team_id} ${r.severity}`).toBe(
              expected(r.team_id, r.severity),
            );
        },
      ),
      { numRuns: 30 },
    );
    await hub.db.deleteFrom('sla_policies').execute();
  });

  it('reads with more work memory on PostgreSQL, for that read alone and read-only', async () => {
    const show = async (db: typeof hub.db) =>
      dialect === 'postgres'
        ? String((await sql<{ work_mem: string }>`show work_mem`.execute(db)).rows[0]?.work_mem)
        : 'none';
    const before = await show(hub.db);
    const inside = await withMetricsMemory(hub.db, (db) => show(db));
    expect(inside).toBe(dialect === 'postgres' ? METRICS_WORK_MEM : 'none');
    expect(await show(hub.db)).toBe(before);
    if (dialect === 'postgres') {
      expect(before).not.toBe(METRICS_WORK_MEM);
      await expect(
        withMetricsMemory(hub.db, (db) => sql`create table metrics_probe (x int)`.execute(db)),
      ).rejects.toThrow(/read-only/);
    }
  });

  it('for fixed intervals, opened intervals and the findings open at a time', async () => {
    await fc.assert(
      fc.asyncProperty(historyArb, async ({ findings, writeKeys, from, length }) => {
        const history = findings.map(toFinding);
        const ids = await insertHistory(hub, {
          teams: [{ key: 't', slug: 'team' }],
          projects: [{ key: 'p', team: 't' }],
          findings: history,
          // the detected event first (ingest writes it first), the rest in a random order
          eventOrder: (events) =>
            events
              .map((_, i) => i)
              .sort((a, b) => (writeKeys[a % 40] ?? 0) - (writeKeys[b % 40] ?? 0) || a - b),
        });
        const query: MetricsQuery = {
          teamIds: [ids.teams.get('t') as string],
          from: day(from),
          to: day(from + length),
        };
        const expectFixed: [number, number][] = [];
        const expectStarted: [number, number | null][] = [];
        const expectOpen = (at: number) => {
          const open: [string, number][] = [];
          for (const f of history) {
            const events = ids.events.get(f.key) ?? [];
            if (triageStateAt(events, query.to) === 'false_positive') continue;
            const interval = openIntervalAt(openIntervals(events), at);
            if (interval) open.push([ids.findings.get(f.key) as string, interval.start]);
          }
          return open.sort();
        };
        for (const f of history) {
          const events = ids.events.get(f.key) ?? [];
          if (triageStateAt(events, query.to) === 'false_positive') continue;
          for (const i of openIntervals(events)) {
            if (i.end !== null && i.end >= query.from && i.end < query.to)
              expectFixed.push([i.start, i.end]);
            if (i.start >= query.from && i.start < query.to) expectStarted.push([i.start, i.end]);
          }
        }
        const fixed = (await fixedIntervals(hub.db, query)).map((i) => [i.startedAt, i.fixedAt]);
        expect(fixed.sort()).toEqual(expectFixed.sort());
        const started = (await startedIntervals(hub.db, query)).map((i) => [
          i.startedAt,
          i.fixedAt,
        ]);
        expect(started.sort()).toEqual(expectStarted.sort());
        for (const at of [query.from, query.to]) {
          const { rows } = await sql<{ id: string; started_at: unknown }>`select id, started_at
            from (${openFindingsAt(query, at)}) o`.execute(hub.db);
          expect(rows.map((r) => [r.id, Number(r.started_at)]).sort()).toEqual(expectOpen(at));
        }
        const trend = await computeTrend(hub.db, query);
        expect(trend.openAtStart).toBe(expectOpen(query.from).length);
        expect(trend.weeks[trend.weeks.length - 1]?.openAtEnd).toBe(expectOpen(query.to).length);
      }),
      { numRuns: 40 },
    );
  });
});
