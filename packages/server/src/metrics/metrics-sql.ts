import { type Kysely, PostgresAdapter, type RawBuilder, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import { DEFAULT_SLA_DAYS } from './sla-policy.js';
import { DAY, FIRST_MONDAY, WEEK } from './time-units.js';

/**
 * The SQL pieces every metric is built from, written once for SQLite and PostgreSQL. They
 * implement `lifecycle-model.ts` over two tables derived from the events in the
 * transactions that write them: `finding_intervals` (each finding's open intervals, with
 * its team, effective severity and scanner: lifecycle/intervals.ts), read through covering
 * indexes on `(started_at, ended_at, …)` and `(ended_at, started_at, …)`, and
 * `triage_periods` (when a false-positive or accepted-risk verdict was in force:
 * lifecycle/triage-periods.ts), a small set the intervals are anti-joined with. Every value
 * comes in as a parameter.
 *
 * Table aliases the fragments expect: `i` an interval; `f` a finding and `p` its project
 * for the metrics that read finding rows (escape rate, prevented).
 */

/** Who and what a metric counts. */
export interface MetricsScope {
  /** The teams whose projects count; null: the whole organisation. */
  readonly teamIds: readonly string[] | null;
  readonly projectId?: string | undefined;
  /** Only these projects (an empty list matches nothing); undefined: no such restriction. */
  readonly projectIds?: readonly string[] | undefined;
  /** The effective severity (an override replaces the scanner's). */
  readonly severity?: string | undefined;
  readonly scanner?: string | undefined;
}

/** The window every metric is computed over: [from, to), epoch ms. */
export interface MetricsWindow {
  readonly from: number;
  readonly to: number;
}

/** A metric's question: what, and when. */
export type MetricsQuery = MetricsScope & MetricsWindow;

/** The finding's effective severity. */
export const severityOf = sql<string>`coalesce(f.severity_override, f.severity)`;

/** `column in (…)`; false for an empty list. */
function inList(column: RawBuilder<unknown>, ids: readonly string[]): RawBuilder<unknown> {
  return ids.length === 0
    ? sql`1 = 0`
    : sql`${column} in (${sql.join(ids.map((id) => sql`${id}`))})`;
}

/** The scope as a condition on `f` and `p`. */
export function scopeCondition(scope: MetricsScope): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [];
  if (scope.teamIds !== null) {
    parts.push(
      scope.teamIds.length === 0
        ? sql`1 = 0`
        : sql`p.team_id in (${sql.join(scope.teamIds.map((id) => sql`${id}`))})`,
    );
  }
  if (scope.projectId !== undefined) parts.push(sql`p.id = ${scope.projectId}`);
  if (scope.projectIds !== undefined) parts.push(inList(sql`p.id`, scope.projectIds));
  if (scope.severity !== undefined) parts.push(sql`${severityOf} = ${scope.severity}`);
  if (scope.scanner !== undefined) parts.push(sql`f.scanner = ${scope.scanner}`);
  return parts.length === 0 ? sql`1 = 1` : sql.join(parts, sql` and `);
}

/**
 * The scope as a condition on the interval `i` alone (it carries team, severity, scanner),
 * or on a weekly cell `c` (metric-cells.ts: the same columns, no project; a scope of
 * projects never reads cells).
 */
export function intervalScope(scope: MetricsScope, alias: 'i' | 'c' = 'i'): RawBuilder<unknown> {
  const column = (name: string) => sql.ref(`${alias}.${name}`);
  const parts: RawBuilder<unknown>[] = [];
  if (scope.teamIds !== null) {
    parts.push(
      scope.teamIds.length === 0
        ? sql`1 = 0`
        : sql`${column('team_id')} in (${sql.join(scope.teamIds.map((id) => sql`${id}`))})`,
    );
  }
  // A scope of projects: the interval's project, and its finding among the projects'
  // findings, so that both databases may start from those (a project's few thousand
  // findings, then their intervals by finding) rather than from every interval of the
  // window. SQLite read a project's 90-day SLA breaches in 1.2 s by the window, 94 ms so.
  if (scope.projectId !== undefined || scope.projectIds !== undefined) {
    const projects = (name: RawBuilder<unknown>) =>
      scope.projectId !== undefined
        ? sql`${name} = ${scope.projectId}`
        : inList(name, scope.projectIds ?? []);
    parts.push(
      sql`${projects(column('project_id'))} and ${column('finding_id')} in (select f.id
        from findings f where ${projects(sql`f.project_id`)})`,
    );
  }
  if (scope.severity !== undefined) parts.push(sql`${column('severity')} = ${scope.severity}`);
  if (scope.scanner !== undefined) parts.push(sql`${column('scanner')} = ${scope.scanner}`);
  return parts.length === 0 ? sql`1 = 1` : sql.join(parts, sql` and `);
}

/** The column naming the finding a fragment is about: an interval's, or the finding row's. */
export type FindingColumn = 'f.id' | 'i.finding_id';

/**
 * The finding had none of `verdicts` at `at`: no period of them in force then
 * (`triage_periods`, kept from the events by insertEvents; the last decision strictly
 * before `at` decides). As `not exists`, which either database may answer by looking each
 * finding up (few rows: a team, a project, a window's edges) or by hashing every verdict in
 * force (many); `not in` always hashed them all, ~50,000 false positives at a million
 * findings, 15–25 ms per statement.
 */
export function notTriagedAt(
  at: number,
  verdicts: readonly ('false_positive' | 'risk_accepted')[],
  finding: FindingColumn,
): RawBuilder<unknown> {
  return sql`not exists (select 1 from triage_periods nt where nt.finding_id = ${sql.ref(finding)}
    and nt.verdict in (${sql.join(verdicts.map((v) => sql.lit(v)))}) and nt.started_at < ${at}
    and (nt.ended_at is null or nt.ended_at >= ${at}))`;
}

/** The finding is not a false positive at `at`: false positives count in no metric. */
export function notFalsePositiveAt(at: number, finding: FindingColumn): RawBuilder<unknown> {
  return notTriagedAt(at, ['false_positive'], finding);
}

/** The interval `i` is open at `at`: started before it, not fixed before it. */
export function openAt(at: number): RawBuilder<unknown> {
  return sql`(i.started_at < ${at} and (i.ended_at is null or i.ended_at >= ${at}))`;
}

/** The intervals in scope that are not false positives at the window's end (alias `i`). */
export function intervalsInScope(query: MetricsQuery): RawBuilder<unknown> {
  return sql`${intervalScope(query)} and ${notFalsePositiveAt(query.to, 'i.finding_id')}`;
}

/** The start (Monday 00:00 UTC, epoch ms) of the ISO week of a time expression. */
export function weekStart(time: RawBuilder<unknown>): RawBuilder<number> {
  return sql<number>`((${time} - ${sql.lit(FIRST_MONDAY)}) / ${sql.lit(WEEK)}) * ${sql.lit(WEEK)} + ${sql.lit(FIRST_MONDAY)}`;
}

/** The stored SLA policies: days per severity, the organisation's and each team's. */
export interface SlaPolicies {
  readonly organisation: ReadonlyMap<string, number>;
  /** By team id, then severity. */
  readonly teams: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

/** Reads every SLA policy (one row per team, or the organisation, and severity: 0002). */
export async function loadSlaPolicies(db: Kysely<Database>): Promise<SlaPolicies> {
  const organisation = new Map<string, number>();
  const teams = new Map<string, Map<string, number>>();
  for (const p of await db
    .selectFrom('sla_policies')
    .select(['team_id', 'severity', 'days'])
    .execute()) {
    if (p.team_id === null) organisation.set(p.severity, p.days);
    else {
      const team = teams.get(p.team_id) ?? new Map<string, number>();
      team.set(p.severity, p.days);
      teams.set(p.team_id, team);
    }
  }
  return { organisation, teams };
}

/**
 * The SLA rule over the stored policies, resolved once: the days a finding of a team and
 * effective severity is allowed are the team's policy for the severity, else the
 * organisation's, else the built-in default ({@link DEFAULT_SLA_DAYS}); none for `info`
 * and for a severity with none. Whole days.
 */
interface ResolvedSlaDays {
  /** By team id, then severity: the teams' own policies. */
  readonly teams: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** By severity: the organisation's policy, else the default. */
  readonly bySeverity: ReadonlyMap<string, number>;
}

function resolveSlaDays(policies: SlaPolicies): ResolvedSlaDays {
  const teams = new Map<string, Map<string, number>>();
  for (const [teamId, days] of policies.teams)
    for (const [name, d] of days)
      if (name !== 'info') {
        const team = teams.get(teamId) ?? new Map<string, number>();
        team.set(name, Math.trunc(d));
        teams.set(teamId, team);
      }
  const bySeverity = new Map<string, number>(Object.entries(DEFAULT_SLA_DAYS));
  for (const [name, d] of policies.organisation) bySeverity.set(name, d);
  bySeverity.delete('info');
  for (const [name, d] of bySeverity) bySeverity.set(name, Math.trunc(d));
  return { teams, bySeverity };
}

/**
 * The days a finding of team `team` and effective severity `severity` (SQL expressions) is
 * allowed before its SLA is breached ({@link resolveSlaDays}'s rule); null for `info` and
 * for a severity with none. The policies read by {@link loadSlaPolicies} come in as one CASE
 * (team ids as parameters, days as integers) rather than as two joins per row: the metrics
 * apply it to every open interval of the organisation.
 */
export function slaDaysCase(
  policies: SlaPolicies,
  team: RawBuilder<unknown>,
  severity: RawBuilder<unknown>,
): RawBuilder<number | null> {
  const rule = resolveSlaDays(policies);
  const branches: RawBuilder<unknown>[] = [];
  for (const [teamId, days] of rule.teams)
    for (const [name, d] of days)
      branches.push(sql`when ${team} = ${teamId} and ${severity} = ${name} then ${sql.lit(d)}`);
  for (const [name, d] of rule.bySeverity)
    branches.push(sql`when ${severity} = ${name} then ${sql.lit(d)}`);
  return sql<
    number | null
  >`case when ${severity} = 'info' then null ${sql.join(branches, sql` `)} else null end`;
}

/** {@link slaDaysCase}'s rule as a function, for values already read (same resolution). */
export function slaDaysLookup(
  policies: SlaPolicies,
): (team: string, severity: string) => number | null {
  const rule = resolveSlaDays(policies);
  return (team, severity) =>
    severity === 'info'
      ? null
      : (rule.teams.get(team)?.get(severity) ?? rule.bySeverity.get(severity) ?? null);
}

/** Every number of days {@link slaDaysLookup} can answer, each once. */
export function slaDayValues(policies: SlaPolicies): number[] {
  const rule = resolveSlaDays(policies);
  const days = new Set(rule.bySeverity.values());
  for (const team of rule.teams.values()) for (const d of team.values()) days.add(d);
  return [...days].sort((a, b) => a - b);
}

/** Days (an integer expression) as milliseconds, in 64-bit arithmetic on both databases. */
export function daysToMs(days: RawBuilder<unknown>): RawBuilder<number> {
  return sql<number>`cast(${days} as bigint) * ${sql.lit(DAY)}`;
}

/** Numbers from SQL: PostgreSQL returns `sum` and some aggregates as strings. */
export function num(value: unknown): number {
  return typeof value === 'number' ? value : Number(value);
}

/** A nullable number from SQL. */
export function numOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : num(value);
}

/**
 * A statement listing the findings in scope open at `at`: `id`, `severity`, `team_id` and
 * `started_at` (the open interval's start). False positives (at the window's end) are left
 * out, and accepted risks too with `withoutAcceptedRisks` (both as at the window's end).
 * Use it as a subquery: `from (${openFindingsAt(query, at)}) o`. The intervals still open
 * and those fixed at or after `at` are read apart (together the rows {@link openAt}
 * selects): the first from the partial index `finding_intervals_open` (0028; SQLite takes
 * its team-first index with a skip-scan), the second by `ended_at`, so neither reads the
 * fixed intervals of the past.
 */
export function openFindingsAt(
  query: MetricsQuery,
  at: number,
  options: { readonly withoutAcceptedRisks?: boolean } = {},
): RawBuilder<unknown> {
  const excluded = options.withoutAcceptedRisks
    ? (['false_positive', 'risk_accepted'] as const)
    : (['false_positive'] as const);
  const columns = sql`i.finding_id as id, i.severity as severity, i.team_id as team_id,
      i.started_at as started_at`;
  const kept = sql`${intervalScope(query)} and ${notTriagedAt(query.to, excluded, 'i.finding_id')}`;
  return sql`select ${columns} from finding_intervals i
    where i.ended_at is null and i.started_at < ${at} and ${kept}
    union all
    select ${columns} from finding_intervals i
    where i.ended_at >= ${at} and i.started_at < ${at} and ${kept}`;
}

/** The database is PostgreSQL (else SQLite). */
export function isPostgres(db: Kysely<Database>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * The `work_mem` a metric's large aggregate reads get on PostgreSQL. Under the default 4 MB
 * the planner sorts a year of intervals on disk to group them (it prices a hash of 1,250
 * groups of `string_agg` over the limit) — 180 ms where a hash in memory takes 65 ms.
 */
export const METRICS_WORK_MEM = '32MB';

/**
 * Runs `read` with {@link METRICS_WORK_MEM}: on PostgreSQL in a read-only transaction that
 * raises it for itself alone (`set local`), so other requests keep the server's setting;
 * as it is on SQLite (no such setting) or inside a transaction already open. With
 * `snapshot`, every statement of `read` sees one snapshot (repeatable read on PostgreSQL, a
 * transaction on SQLite): what the weekly cells' reads need, so that the watermark, the
 * dirty weeks, the cells and the rows agree.
 */
export async function withMetricsMemory<T>(
  db: Kysely<Database>,
  read: (db: Kysely<Database>) => Promise<T>,
  options: { readonly snapshot?: boolean } = {},
): Promise<T> {
  if (db.isTransaction) return read(db);
  if (!isPostgres(db)) return options.snapshot ? db.transaction().execute(read) : read(db);
  const transaction = options.snapshot
    ? db.transaction().setIsolationLevel('repeatable read')
    : db.transaction();
  return transaction.setAccessMode('read only').execute(async (trx) => {
    await sql`set local work_mem = ${sql.lit(METRICS_WORK_MEM)}`.execute(trx);
    return read(trx);
  });
}
