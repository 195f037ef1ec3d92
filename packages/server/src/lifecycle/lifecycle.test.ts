import type { Finding, ScannerKind, Stage } from '@rampart/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubDatabase } from '../db/database.js';
import { type IngestResult, ingestScan } from '../ingest/ingest-scan.js';
import {
  codeFinding,
  eventsOf,
  findingsOf,
  type ReportSpec,
  reportBody,
  seedProject,
  seedUser,
  store,
} from '../ingest/ingest-test-support.js';
import { freshDatabase, TEST_DIALECTS } from '../test-support/databases.js';
import { type IntervalRow, intervalEventsOf, intervalsOfEvents } from './intervals.js';
import { triageFinding } from './triage-actions.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-03-02T00:00:00Z');
const at = (day: number) => T0 + day * DAY;

const A = codeFinding('a');
const B = codeFinding('b');
const DEP = codeFinding('dep', { scanner: 'sca', ruleId: 'GHSA-test' });

describe.each(TEST_DIALECTS)('the finding lifecycle on %s', (dialect) => {
  let hub: HubDatabase;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ hub, drop } = await freshDatabase(dialect));
  });
  afterAll(() => drop());

  let projectId: string;
  const scan = (spec: ReportSpec & { kind?: 'full' | 'diff' }): Promise<IngestResult> =>
    ingestScan(hub, {
      projectId,
      body: reportBody(spec),
      ...(spec.kind ? { kind: spec.kind } : {}),
      now: at(1000),
    });
  const status = async (fingerprint: string) => (await findingsOf(hub, projectId)).get(fingerprint);

  it('closes, with a fixed event, the open findings a full scan of the scope no longer sees', async () => {
    ({ projectId } = await seedProject(hub));
    await scan({ findings: [A, B], stage: 'main', at: at(0) });
    const second = await scan({ findings: [A], stage: 'main', at: at(3) });
    expect(second.counts).toEqual({ new: 0, seen: 1, fixed: 1, reopened: 0 });
    expect(await status('fp-b')).toMatchObject({
      status: 'fixed',
      fixed_at: at(3),
      last_seen_at: at(0),
    });
    expect(await status('fp-a')).toMatchObject({
      status: 'open',
      fixed_at: null,
      last_seen_at: at(3),
    });
    expect(await eventsOf(hub, projectId)).toEqual([
      ['fp-a', 'detected', at(0), 'main'],
      ['fp-b', 'detected', at(0), 'main'],
      ['fp-b', 'fixed', at(3), 'main'],
    ]);
  });

  it('never closes from a pr scan what main found; a pr branch closes only its own findings', async () => {
    ({ projectId } = await seedProject(hub));
    await scan({ findings: [A], stage: 'main', at: at(0) });
    await scan({ findings: [A, B], stage: 'pr', branch: 'feature-1', at: at(1) });
    await scan({ findings: [], stage: 'pr', branch: 'feature-2', at: at(2) });
    expect(await status('fp-a')).toMatchObject({ status: 'open' });
    expect(await status('fp-b')).toMatchObject({ status: 'open' });
    await scan({ findings: [], stage: 'pr', branch: 'feature-1', at: at(3) });
    expect(await status('fp-a')).toMatchObject({ status: 'open', fixed_at: null });
    expect(await status('fp-b')).toMatchObject({ status: 'fixed', fixed_at: at(3) });
    expect(await eventsOf(hub, projectId, ['seen'])).toEqual([['fp-a', 'seen', at(1), 'pr']]);
  });

  it('closes nothing with a diff scan, and nothing of a scanner that did not run', async () => {
    ({ projectId } = await seedProject(hub));
    await scan({ findings: [A, DEP], stage: 'main', at: at(0) });
    const diff = await scan({
      findings: [],
      stage: 'main',
      scanners: ['sast', 'sca'],
      at: at(1),
      diffBase: 'HEAD~1',
    });
    expect(diff.counts.fixed).toBe(0);
    await scan({ findings: [], stage: 'main', scanners: ['sast'], at: at(2) });
    expect(await status('fp-a')).toMatchObject({ status: 'fixed', fixed_at: at(2) });
    expect(await status('fp-dep')).toMatchObject({ status: 'open' });
  });

  it('reopens a fixed finding seen again: a new open interval', async () => {
    ({ projectId } = await seedProject(hub));
    await scan({ findings: [A], stage: 'main', at: at(0) });
    await scan({ findings: [], stage: 'main', at: at(2) });
    const back = await scan({ findings: [A], stage: 'main', at: at(5) });
    expect(back.counts).toEqual({ new: 0, seen: 1, fixed: 0, reopened: 1 });
    expect(await status('fp-a')).toMatchObject({
      status: 'open',
      fixed_at: null,
      first_seen_at: at(0),
    });
    expect(await eventsOf(hub, projectId)).toEqual([
      ['fp-a', 'detected', at(0), 'main'],
      ['fp-a', 'fixed', at(2), 'main'],
      ['fp-a', 'reopened', at(5), 'main'],
    ]);
  });

  it('keeps a finding open while another family has it, fixed when the last one closes', async () => {
    ({ projectId } = await seedProject(hub));
    await scan({ findings: [A], stage: 'main', at: at(0) });
    await scan({ findings: [A], stage: 'production', at: at(1) });
    await scan({ findings: [], stage: 'main', at: at(2) });
    expect(await status('fp-a')).toMatchObject({ status: 'open' });
    await scan({ findings: [], stage: 'production', at: at(4) });
    expect(await status('fp-a')).toMatchObject({
      status: 'fixed',
      fixed_at: at(4),
      promoted_at: at(0),
    });
    expect((await eventsOf(hub, projectId)).map((e) => e.slice(1, 4))).toEqual([
      ['detected', at(0), 'main'],
      ['seen', at(1), 'production'],
      ['fixed', at(4), 'production'],
    ]);
  });

  it("lets a main scan that closes a finding also close a branch's older sighting of it", async () => {
    ({ projectId } = await seedProject(hub));
    await scan({ findings: [A], stage: 'pr', branch: 'feature', at: at(0) });
    expect(await status('fp-a')).toMatchObject({ promoted_at: null });
    await scan({ findings: [A], stage: 'main', at: at(1) });
    expect(await status('fp-a')).toMatchObject({ promoted_at: at(1) });
    await scan({ findings: [], stage: 'main', at: at(2) });
    expect(await status('fp-a')).toMatchObject({ status: 'fixed', fixed_at: at(2) });
    // The branch, scanned again while it still has the finding, reopens it.
    await scan({ findings: [A], stage: 'pr', branch: 'feature', at: at(3) });
    expect(await status('fp-a')).toMatchObject({ status: 'open' });
  });

  it('keeps a suppressed (baselined) finding present: a full scan does not call it fixed', async () => {
    ({ projectId } = await seedProject(hub));
    await scan({ findings: [A, B], stage: 'main', at: at(0) });
    await scan({ findings: [A], suppressed: [B], stage: 'main', at: at(1) });
    expect(await status('fp-b')).toMatchObject({ status: 'open', last_seen_at: at(1) });
  });

  it('keeps triage decisions on the fingerprint across scans, while tracking presence', async () => {
    ({ projectId } = await seedProject(hub));
    const champion = await seedUser(hub);
    await scan({ findings: [A, B], stage: 'pr', branch: 'x', at: at(0) });
    const rows = await findingsOf(hub, projectId);
    await triageFinding(
      hub,
      rows.get('fp-a')?.id ?? '',
      { action: 'false_positive', reason: 'test data' },
      champion.userId,
      at(1),
    );
    await scan({ findings: [A, B], stage: 'main', branch: 'main', at: at(2) });
    await scan({ findings: [A, B], stage: 'pr', branch: 'y', at: at(3) });
    expect(await status('fp-a')).toMatchObject({ status: 'false_positive', first_seen_at: at(0) });
    await scan({ findings: [B], stage: 'main', at: at(4) });
    await scan({ findings: [B], stage: 'pr', branch: 'y', at: at(5) });
    // No longer present anywhere: main's close at day 4 superseded the branches' older sightings.
    expect(await status('fp-a')).toMatchObject({ status: 'false_positive', fixed_at: at(4) });
    await triageFinding(
      hub,
      rows.get('fp-a')?.id ?? '',
      { action: 'reopen' },
      champion.userId,
      at(6),
    );
    expect(await status('fp-a')).toMatchObject({ status: 'fixed', fixed_at: at(4) });
  });

  it('applies a late scan in the time it ran, as if it had arrived in order', async () => {
    ({ projectId } = await seedProject(hub));
    await scan({ findings: [A], stage: 'main', at: at(0) });
    await scan({ findings: [A], stage: 'main', at: at(4) });
    const late = await scan({ findings: [B], stage: 'main', at: at(2) });
    expect(late).toMatchObject({ late: true, counts: { new: 1, seen: 0, fixed: 1, reopened: 0 } });
    expect(await eventsOf(hub, projectId)).toEqual([
      ['fp-a', 'detected', at(0), 'main'],
      ['fp-b', 'detected', at(2), 'main'],
      ['fp-a', 'fixed', at(2), 'main'],
      ['fp-b', 'fixed', at(4), 'main'],
      ['fp-a', 'reopened', at(4), 'main'],
    ]);
    expect(await status('fp-a')).toMatchObject({
      status: 'open',
      last_seen_at: at(4),
      first_seen_at: at(0),
    });
    expect(await status('fp-b')).toMatchObject({
      status: 'fixed',
      fixed_at: at(4),
      first_seen_at: at(2),
    });
  });

  it('fixes a finding at the time of a late full scan that no longer saw it', async () => {
    ({ projectId } = await seedProject(hub));
    await scan({ findings: [A], stage: 'main', at: at(0) });
    await scan({ findings: [], stage: 'main', at: at(6) });
    const late = await scan({ findings: [], stage: 'main', commit: 'late', at: at(3) });
    expect(late).toMatchObject({ late: true, counts: { fixed: 1 } });
    expect(await status('fp-a')).toMatchObject({ status: 'fixed', fixed_at: at(3) });
    expect(await eventsOf(hub, projectId)).toEqual([
      ['fp-a', 'detected', at(0), 'main'],
      ['fp-a', 'fixed', at(3), 'main'],
    ]);
  });

  it('imports a history of reports in order without replaying anything', async () => {
    ({ projectId } = await seedProject(hub));
    const results = [];
    for (const [day, findings] of [
      [0, [A]],
      [7, [A, B]],
      [14, [B]],
      [21, []],
    ] as const) {
      results.push(await scan({ findings: [...findings], stage: 'main', at: at(day) }));
    }
    expect(results.map((r) => r.late)).toEqual([false, false, false, false]);
    expect(await eventsOf(hub, projectId)).toEqual([
      ['fp-a', 'detected', at(0), 'main'],
      ['fp-b', 'detected', at(7), 'main'],
      ['fp-a', 'fixed', at(14), 'main'],
      ['fp-b', 'fixed', at(21), 'main'],
    ]);
  });

  describe('scans in any arrival order give the lifecycle of time order', () => {
    const POOL: readonly Finding[] = [
      codeFinding('p1'),
      codeFinding('p2'),
      codeFinding('p3', { scanner: 'secrets' }),
      codeFinding('p4', { scanner: 'sca', ruleId: 'GHSA-p4' }),
      codeFinding('p5', { scanner: 'secrets' }),
    ];
    const scanSpec = fc.record({
      // Weighted to main: most interactions (closing, superseding branches) go through it.
      stage: fc.constantFrom<Stage>('main', 'main', 'main', 'pr', 'dev', 'production'),
      branch: fc.constantFrom('feature-a', 'feature-b'),
      diff: fc.boolean(),
      scanners: fc.subarray<ScannerKind>(['sast', 'secrets', 'sca'], { minLength: 1 }),
      found: fc.subarray([0, 1, 2, 3, 4], { maxLength: 3 }),
      day: fc.integer({ min: 0, max: 6 }),
    });
    type Spec = typeof scanSpec extends fc.Arbitrary<infer T> ? T : never;

    async function history(specs: readonly Spec[], order: readonly number[]) {
      const { projectId: project } = await seedProject(hub);
      for (const index of order) {
        const s = specs[index] as Spec;
        const findings = s.found
          .map((i) => POOL[i] as Finding)
          .filter((f) => s.scanners.includes(f.scanner));
        await ingestScan(hub, {
          projectId: project,
          body: reportBody({
            findings,
            stage: s.stage,
            branch: s.branch,
            scanners: s.scanners,
            // The index keeps every report's content distinct (no accidental duplicates).
            commit: `c${index}`,
            at: at(s.day),
            ...(s.diff ? { diffBase: 'origin/main' } : {}),
          }),
          now: at(100),
        });
      }
      const scans = await store(hub)
        .selectFrom('scans')
        .select(['id', 'commit_sha'])
        .where('project_id', '=', project)
        .execute();
      const commitOf = new Map(scans.map((s) => [s.id, s.commit_sha]));
      const rows = [...(await findingsOf(hub, project)).values()]
        .map((r) => ({
          fingerprint: r.fingerprint,
          status: r.status,
          first: [r.first_seen_at, r.first_seen_stage, commitOf.get(r.first_scan_id)],
          last: [r.last_seen_at, commitOf.get(r.last_scan_id)],
          fixedAt: r.fixed_at,
          stages: r.seen_stages,
          promotedAt: r.promoted_at,
        }))
        .sort((a, b) => a.fingerprint.localeCompare(b.fingerprint));
      const events = (
        await store(hub)
          .selectFrom('finding_events')
          .innerJoin('findings', 'findings.id', 'finding_events.finding_id')
          .select([
            'findings.fingerprint',
            'finding_events.type',
            'finding_events.at',
            'finding_events.scan_id',
          ])
          .where('finding_events.project_id', '=', project)
          .execute()
      )
        .map((e) => [e.fingerprint, e.type, e.at, commitOf.get(e.scan_id ?? '')].join(' '))
        .sort();
      // The stored intervals are the model's intervals of the stored events.
      const stored = await store(hub)
        .selectFrom('finding_intervals')
        .selectAll()
        .where('project_id', '=', project)
        .execute();
      const fingerprintOf = new Map(
        [...(await findingsOf(hub, project)).values()].map((r) => [r.id, r.fingerprint]),
      );
      const derived = intervalsOfEvents(
        await intervalEventsOf(store(hub), [...fingerprintOf.keys()]),
      );
      const key = (i: IntervalRow) =>
        `${i.finding_id} ${i.seq} ${i.started_at} ${i.ended_at} ${i.team_id} ${i.severity} ${i.scanner}`;
      expect(stored.map(key).sort()).toEqual(derived.map(key).sort());
      // No interval starts before its finding's first detection (the top CWEs rely on it).
      const firstSeen = new Map(
        [...(await findingsOf(hub, project)).values()].map((r) => [r.id, Number(r.first_seen_at)]),
      );
      for (const i of stored)
        expect(Number(i.started_at)).toBeGreaterThanOrEqual(
          firstSeen.get(i.finding_id) ?? Infinity,
        );
      const intervals = stored
        .map((i) => `${fingerprintOf.get(i.finding_id)} ${i.seq} ${i.started_at} ${i.ended_at}`)
        .sort();
      // promoted_at is the first stored event at main or production (what 0029 fills it with).
      const firstPromoted = new Map<string, number>();
      for (const e of await store(hub)
        .selectFrom('finding_events')
        .select(['finding_id', 'at', 'stage'])
        .where('project_id', '=', project)
        .execute())
        if (e.stage === 'main' || e.stage === 'production')
          firstPromoted.set(e.finding_id, Math.min(e.at, firstPromoted.get(e.finding_id) ?? e.at));
      for (const r of (await findingsOf(hub, project)).values())
        expect(r.promoted_at === null ? null : Number(r.promoted_at)).toBe(
          firstPromoted.get(r.id) ?? null,
        );
      return { rows, events, intervals };
    }

    it('holds for random histories (fast-check)', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(scanSpec, { minLength: 2, maxLength: 6 }).chain((specs) =>
            fc.tuple(
              fc.constant(specs),
              fc.shuffledSubarray(
                specs.map((_, i) => i),
                { minLength: specs.length, maxLength: specs.length },
              ),
            ),
          ),
          async ([specs, shuffled]) => {
            // Any two arrival orders agree; one of them is the order the scans ran in
            // (scans of the same day are ordered by content, whatever the arrival).
            const inOrder = specs
              .map((s, i) => ({ s, i }))
              .sort((x, y) => x.s.day - y.s.day || x.i - y.i)
              .map((x) => x.i);
            const expected = await history(specs, inOrder);
            const actual = await history(specs, shuffled);
            expect(actual).toEqual(expected);
          },
        ),
        { numRuns: dialect === 'postgres' ? 25 : 40 },
      );
    });

    it('holds for scans that ran at the same time (ordered by content)', async () => {
      const specs: Spec[] = [
        { stage: 'main', branch: 'feature-a', diff: false, scanners: ['sast'], found: [0], day: 1 },
        { stage: 'main', branch: 'feature-a', diff: false, scanners: ['sast'], found: [1], day: 1 },
        {
          stage: 'main',
          branch: 'feature-a',
          diff: false,
          scanners: ['sast'],
          found: [0, 1],
          day: 1,
        },
      ];
      const first = await history(specs, [0, 1, 2]);
      expect(await history(specs, [2, 1, 0])).toEqual(first);
      expect(await history(specs, [1, 2, 0])).toEqual(first);
    });
  });
});
