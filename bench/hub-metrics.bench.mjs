// Hub metrics speed: every metrics endpoint's computation over 1,000,000 findings and
// ~3,000,000 events of generated history (two years, 50 teams, 500 projects, five scanners;
// 70 % of findings fixed, a fifth of those reopened and fixed again, pr → main promotions,
// accepted risks, false positives, comments and assignments, CWEs of SAST and SCA findings).
// The target: p95 < 200 ms. The weekly cells are built before anything is measured.
// Each endpoint is called for the last 90 days org-wide, for one team and for one project
// (another on each call), and for the last year org-wide; the table's time is the sum of
// one round of calls, and the p95 of each call over the runs is listed under it.
// SQLite always; PostgreSQL too when RAMPART_BENCH_DATABASE_URL is set. The generated store
// is kept in bench/.work (SQLite file, PostgreSQL database `rampart_bench_metrics`) and
// reused while the generator's version is the same: generating takes minutes.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { PG_URL } from './hub-support.mjs';

const FINDINGS = Number(process.env.RAMPART_BENCH_FINDINGS ?? 1_000_000);
const GENERATOR = `v1-${FINDINGS}`;
export const DAY = 86_400_000;
const T0 = Date.UTC(2024, 10, 1);
const SPAN = 730 * DAY;
export const END = T0 + SPAN;
const TEAMS = 50;
const PROJECTS = 500;

/** The series 0..n-1 as a table `g(i)` in each dialect. */
function series(dialect, n) {
  return dialect === 'postgres'
    ? sql`(select i::bigint as i from generate_series(0, ${sql.lit(n - 1)}) as s(i)) g`
    : sql`(with recursive s(i) as (select 0 union all select i + 1 from s where i < ${sql.lit(n - 1)}) select i from s) g`;
}

// Deterministic pseudo-random numbers of the finding number `i`, the same on both databases.
const h1 = sql.raw('((g.i * 2654435761) % 1000003)');
const h2 = sql.raw('((g.i * 40503 + 17) % 100)');
const h3 = sql.raw('((g.i * 69069 + 5) % 100)');
const h4 = sql.raw('((g.i * 1103515245 + 12345) % 100)');
const firstSeen = sql`(${sql.lit(T0)} + ${h1} * 63072)`;
const fixDelay = sql`((((${h1} * 31) % 180) + 1) * ${sql.lit(DAY)})`;
const fixedFirst = sql`(${firstSeen} + ${fixDelay})`;
// Fixed at all: 70 %, when the fix is before the end of the history.
const isFixed = sql`(${h3} < 70 and ${fixedFirst} < ${sql.lit(END)})`;
// Reopened (10 days after the fix) and fixed again (15 days later): a fifth of the fixed.
const reopenedAt = sql`(${fixedFirst} + ${sql.lit(10 * DAY)})`;
const fixedAgain = sql`(${reopenedAt} + ${sql.lit(15 * DAY)})`;
const isReopened = sql`(${isFixed} and ${h3} < 14 and ${fixedAgain} < ${sql.lit(END)})`;
const stage = sql`(case when ${h2} < 50 then 'pr' when ${h2} < 90 then 'main' else 'production' end)`;
const promoted = sql`(${h2} < 35)`;
const severity = sql`(case when ${h1} % 20 = 0 then 'critical' when ${h1} % 20 < 4 then 'high'
  when ${h1} % 20 < 10 then 'medium' when ${h1} % 20 < 17 then 'low' else 'info' end)`;
const scanner = sql`(case g.i % 5 when 0 then 'sast' when 1 then 'secrets' when 2 then 'sca' when 3 then 'iac' else 'dast' end)`;

// The CWEs the findings name (`finding_cwes`, what ingest keeps): a SAST finding names one
// of 25 common CWEs and 30 % of them a second; 60 % of SCA findings name one of 10. A store
// generated before these rows existed gets them on its next open.
const CWES = [
  79, 89, 22, 78, 352, 798, 502, 918, 611, 94, 287, 862, 863, 200, 400, 20, 327, 295, 601, 1321,
  915, 434, 770, 330, 532,
];
const cweOf = (hash, count) =>
  sql`(case ${hash} % ${sql.lit(count)} ${sql.join(
    CWES.slice(0, count).map((n, k) => sql`when ${sql.lit(k)} then ${sql.lit(`CWE-${n}`)}`),
    sql` `,
  )} end)`;

async function addCwes(hub, dialect) {
  const db = hub.db;
  const { rows } = await sql`select 1 as one from finding_cwes limit 1`.execute(db);
  if (rows.length > 0) return;
  const SLICE = 100_000;
  for (let from = 0; from < FINDINGS; from += SLICE) {
    const n = Math.min(SLICE, FINDINGS - from);
    process.stderr.write(`hub-metrics: ${dialect}: CWEs ${from}–${from + n}…\n`);
    const g = sql`(select g.i + ${sql.lit(from)} as i from ${series(dialect, n)}) g`;
    const project = sql`'p' || (g.i % ${sql.lit(PROJECTS)})`;
    await sql`insert into finding_cwes (finding_id, cwe, project_id)
      select 'f' || g.i, ${cweOf(h1, 25)}, ${project} from ${g} where g.i % 5 = 0
      union all
      select 'f' || g.i, ${cweOf(sql`(${h1} + 1 + ${h4} % 24)`, 25)}, ${project} from ${g}
        where g.i % 5 = 0 and ${h3} < 30
      union all
      select 'f' || g.i, ${cweOf(h1, 10)}, ${project} from ${g} where g.i % 5 = 2 and ${h3} < 60`.execute(
      db,
    );
  }
  await sql`analyze finding_cwes`.execute(db);
}

async function generate(hub, dialect) {
  const db = hub.db;
  const step = (what) => process.stderr.write(`hub-metrics: ${dialect}: ${what}…\n`);
  step('teams and projects');
  for (let t = 0; t < TEAMS; t++)
    await db
      .insertInto('teams')
      .values({ id: `t${t}`, slug: `team-${t}`, name: `Team ${t}`, created_at: T0 })
      .execute();
  for (let start = 0; start < PROJECTS; start += 100)
    await db
      .insertInto('projects')
      .values(
        Array.from({ length: 100 }, (_, k) => ({
          id: `p${start + k}`,
          name: `project-${start + k}`,
          repository: null,
          default_branch: 'main',
          team_id: `t${(start + k) % TEAMS}`,
          created_at: T0,
        })),
      )
      .execute();
  step('scans');
  for (let p = 0; p < PROJECTS; p += 50) {
    const rows = [];
    for (let k = p; k < p + 50; k++)
      for (let n = 0; n < 8; n++)
        rows.push({
          id: `s${k}-${n}`,
          project_id: `p${k}`,
          content_hash: `h${k}-${n}`,
          commit_sha: null,
          branch: 'main',
          stage: n % 4 === 3 ? 'production' : n % 2 === 0 ? 'pr' : 'main',
          kind: 'full',
          tools: '[]',
          findings: 0,
          ran_at: T0 + n * 90 * DAY,
          received_at: T0 + n * 90 * DAY,
          scope: 'main',
        });
    await db.insertInto('scans').values(rows).execute();
  }
  // In slices so SQLite's recursive series and PostgreSQL's work memory stay small.
  const SLICE = 100_000;
  for (let from = 0; from < FINDINGS; from += SLICE) {
    const n = Math.min(SLICE, FINDINGS - from);
    const g = series(dialect, n);
    step(`findings ${from}–${from + n}`);
    // `g.i` below is the finding's number: the slice's series shifted by `from`.
    await sql`insert into findings (id, project_id, fingerprint, rule_id, scanner, severity,
        severity_override, title, status, data, first_seen_at, first_seen_stage, first_scan_id,
        last_seen_at, last_scan_id, fixed_at, assignee_id, accepted_until, triage_rule_id,
        seen_stages, advisories, promoted_at)
      select 'f' || g.i, 'p' || (g.i % ${sql.lit(PROJECTS)}), 'fp-' || g.i, 'rule-' || (g.i % 200),
        ${scanner}, ${severity},
        null, 'Generated finding ' || g.i,
        case when ${h4} < 4 then 'risk_accepted' when ${h4} < 6 then 'false_positive'
          when ${isFixed} and not ${isReopened} then 'fixed'
          when ${isReopened} then 'fixed' else 'open' end,
        '{}', ${firstSeen}, ${stage}, 's' || (g.i % ${sql.lit(PROJECTS)}) || '-0',
        ${firstSeen}, 's' || (g.i % ${sql.lit(PROJECTS)}) || '-0',
        case when ${isReopened} then ${fixedAgain} when ${isFixed} then ${fixedFirst} else null end,
        null, null, null,
        case when ${promoted} then ',main,pr,' else ',' || ${stage} || ',' end, '',
        -- the first event at main or production: the detection, or the promotion's 'seen'
        case when ${stage} <> 'pr' then ${firstSeen}
          when ${promoted} then ${firstSeen} + ${sql.lit(DAY)} else null end
      from (select g.i + ${sql.lit(from)} as i from ${g}) g`.execute(db);
    step(`events ${from}–${from + n}`);
    const ev = (type, at, extra = sql`1 = 1`, stageExpr = stage, scanned = true) =>
      sql`select 'f' || g.i as finding_id, 'p' || (g.i % ${sql.lit(PROJECTS)}) as project_id,
          ${sql.lit(type)} as type, ${at} as at, ${scanned ? sql`null` : sql`'u1'`} as actor_id,
          ${scanned ? sql`'s' || (g.i % ${sql.lit(PROJECTS)}) || '-0'` : sql`null`} as scan_id,
          ${scanned ? stageExpr : sql`null`} as stage, '{"scope":"main"}' as data, ${at} as sort_at
        from (select g.i + ${sql.lit(from)} as i from ${g}) g where ${extra}`;
    const parts = [
      ev('detected', firstSeen),
      ev('seen', sql`(${firstSeen} + ${sql.lit(DAY)})`, promoted, sql`'main'`),
      ev('fixed', fixedFirst, isFixed),
      ev('reopened', reopenedAt, isReopened),
      ev('fixed', fixedAgain, isReopened),
      ev('risk_accepted', sql`(${firstSeen} + ${sql.lit(2 * DAY)})`, sql`${h4} < 4`, stage, false),
      ev(
        'false_positive',
        sql`(${firstSeen} + ${sql.lit(2 * DAY)})`,
        sql`${h4} >= 4 and ${h4} < 6`,
        stage,
        false,
      ),
      ev(
        'commented',
        sql`(${firstSeen} + ${sql.lit(3 * DAY)})`,
        sql`${h4} >= 10 and ${h4} < 40`,
        stage,
        false,
      ),
      ev(
        'assigned',
        sql`(${firstSeen} + ${sql.lit(3 * DAY)})`,
        sql`${h4} >= 50 and ${h4} < 80`,
        stage,
        false,
      ),
    ];
    await sql`insert into finding_events (finding_id, project_id, type, at, actor_id, scan_id, stage, data)
      select finding_id, project_id, type, at, actor_id, scan_id, stage, data
      from (${sql.join(parts, sql` union all `)}) u order by sort_at`.execute(db);
    step(`intervals ${from}–${from + n}`);
    // The open intervals of these histories (what ingest keeps in finding_intervals): the
    // first from the detection to the first fix, a second from the reopen to the next fix;
    // and the triage periods of the accepted risks and false positives.
    const dims = sql`'t' || ((g.i % ${sql.lit(PROJECTS)}) % ${sql.lit(TEAMS)}), ${severity}, ${scanner}`;
    await sql`insert into finding_intervals (finding_id, seq, project_id, started_at, ended_at,
        team_id, severity, scanner)
      select 'f' || g.i, 0, 'p' || (g.i % ${sql.lit(PROJECTS)}), ${firstSeen},
          case when ${isFixed} then ${fixedFirst} else null end, ${dims}
        from (select g.i + ${sql.lit(from)} as i from ${g}) g
      union all
      select 'f' || g.i, 1, 'p' || (g.i % ${sql.lit(PROJECTS)}), ${reopenedAt}, ${fixedAgain}, ${dims}
        from (select g.i + ${sql.lit(from)} as i from ${g}) g where ${isReopened}`.execute(db);
    await sql`insert into triage_periods (finding_id, seq, verdict, started_at, ended_at)
      select 'f' || g.i, 0, case when ${h4} < 4 then 'risk_accepted' else 'false_positive' end,
          ${firstSeen} + ${sql.lit(2 * DAY)}, null
        from (select g.i + ${sql.lit(from)} as i from ${g}) g where ${h4} < 6`.execute(db);
  }
  await addCwes(hub, dialect);
  step('analyse');
  await sql`analyze`.execute(db);
  await sql`create table bench_marker (generator text)`.execute(db);
  await sql`insert into bench_marker values (${GENERATOR})`.execute(db);
}

// The weekly cells (0030, 0032), as the hub's `metric-cells` job keeps them: built for every week
// that has ended, before anything is measured.
async function buildCells(hub, dialect) {
  const { refreshMetricCells } = await import('../packages/server/dist/index.js');
  const start = performance.now();
  const done = await refreshMetricCells(hub.db, Date.now(), { maxWeeks: 100_000 });
  if (done.built + done.rebuilt > 0)
    process.stderr.write(
      `hub-metrics: ${dialect}: weekly cells, ${done.built + done.rebuilt} weeks in ${Math.round(performance.now() - start)} ms\n`,
    );
}

async function generated(hub) {
  try {
    const { rows } = await sql`select generator from bench_marker`.execute(hub.db);
    return rows[0]?.generator === GENERATOR;
  } catch {
    return false;
  }
}

/** The generated store of `dialect` (generated on first use), migrated, its cells built. */
export async function openStore(dialect, workDir) {
  const { openDatabase, migrate } = await import('../packages/server/dist/index.js');
  if (dialect === 'sqlite') {
    const file = join(workDir, `hub-metrics-${GENERATOR}.db`);
    const fresh = !existsSync(file);
    let hub = openDatabase(file);
    if (!fresh && !(await generated(hub))) {
      await hub.close();
      const { rmSync } = await import('node:fs');
      for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
      hub = openDatabase(file);
    }
    await migrate(hub);
    if (!(await generated(hub))) await generate(hub, dialect);
    await addCwes(hub, dialect);
    await buildCells(hub, dialect);
    return hub;
  }
  const name = 'rampart_bench_metrics';
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  const exists = await admin.query('select 1 from pg_database where datname = $1', [name]);
  if (exists.rowCount === 0) await admin.query(`create database ${name}`);
  await admin.end();
  let hub = openDatabase(url.toString());
  if (!(await generated(hub))) {
    await hub.close();
    const again = new pg.Client({ connectionString: PG_URL });
    await again.connect();
    await again.query(`drop database if exists ${name}`);
    await again.query(`create database ${name}`);
    await again.end();
    hub = openDatabase(url.toString());
    await migrate(hub);
    await generate(hub, 'postgres');
  }
  await migrate(hub);
  await addCwes(hub, 'postgres');
  await buildCells(hub, 'postgres');
  return hub;
}

/** The stores to measure: SQLite, and PostgreSQL when configured; RAMPART_BENCH_DIALECTS=postgres (or sqlite) picks one. */
export function benchDialects() {
  return (PG_URL ? ['sqlite', 'postgres'] : ['sqlite']).filter(
    (d) =>
      !process.env.RAMPART_BENCH_DIALECTS ||
      process.env.RAMPART_BENCH_DIALECTS.split(',').includes(d),
  );
}

function p95(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)];
}

export const benchmark = {
  name: 'hub-metrics',
  async setup({ workDir }) {
    const metrics = await import('../packages/server/dist/index.js');
    const dialects = benchDialects();
    const stores = [];
    for (const dialect of dialects)
      stores.push({ dialect, hub: await openStore(dialect, workDir) });
    const windows = [
      { label: '90 days, org', from: END - 90 * DAY, to: END, teamIds: null },
      // A different team on each call: teams differ in size and in breaches, and one lucky
      // team hid a slow SLA read on SQLite (284 ms for t0, 93 ms for t7).
      {
        label: '90 days, one team',
        from: END - 90 * DAY,
        to: END,
        teamIds: (call) => [`t${(call * 7) % TEAMS}`],
      },
      // A scope of projects never reads the weekly cells: the rows alone, another project on
      // each call.
      {
        label: '90 days, one project',
        from: END - 90 * DAY,
        to: END,
        teamIds: null,
        projectId: (call) => `p${(call * 37) % PROJECTS}`,
      },
      { label: '1 year, org', from: END - 365 * DAY, to: END, teamIds: null },
    ];
    const endpoints = {
      mttr: (db, q) => metrics.computeMttr(db, q),
      'half-life': (db, q) => metrics.computeHalfLife(db, q, { maxPoints: 500 }),
      'escape-rate': (db, q) => metrics.computeEscapeRate(db, q, { lateDisclosureLimit: 100 }),
      sla: (db, q) => metrics.computeSla(db, q, { breachLimit: 100 }),
      'open-age': (db, q) => metrics.computeOpenAge(db, q),
      prevented: (db, q) => metrics.computePrevented(db, q),
      trend: (db, q) => metrics.computeTrend(db, q),
      'top-cwes': (db, q) => metrics.computeTopCwes(db, q, { limit: 10 }),
    };
    const only = process.env.RAMPART_BENCH_ENDPOINTS?.split(',');
    return {
      size: `${FINDINGS} findings, ~${Math.round((FINDINGS * 2.9) / 1e5) / 10}M events, ${dialects.join(' + ')}`,
      stores,
      windows,
      endpoints: Object.entries(endpoints).filter(([name]) => !only || only.includes(name)),
      samples: new Map(),
      calls: 0,
    };
  },
  async run(ctx) {
    const call = ctx.calls++;
    for (const store of ctx.stores)
      for (const w of ctx.windows)
        for (const [name, compute] of ctx.endpoints) {
          const start = process.hrtime.bigint();
          const result = await compute(store.hub.db, {
            teamIds: typeof w.teamIds === 'function' ? w.teamIds(call) : w.teamIds,
            ...(w.projectId ? { projectId: w.projectId(call) } : {}),
            from: w.from,
            to: w.to,
          });
          JSON.stringify(result);
          const ms = Number(process.hrtime.bigint() - start) / 1e6;
          const key = `${store.dialect} · ${name} · ${w.label}`;
          const list = ctx.samples.get(key) ?? [];
          list.push(ms);
          ctx.samples.set(key, list);
        }
  },
  report(ctx) {
    const lines = ['hub-metrics p95 per call (ms; target < 200):'];
    for (const [key, list] of ctx.samples)
      lines.push(
        `  ${key}: p95 ${p95(list).toFixed(0)} ms over ${list.length} calls${p95(list) >= 200 ? '  ← over target' : ''}`,
      );
    return lines;
  },
  async teardown(ctx) {
    for (const store of ctx.stores) await store.hub.close();
  },
};
