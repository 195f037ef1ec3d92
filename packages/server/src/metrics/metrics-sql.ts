import { type RawBuilder, sql } from 'kysely';
import { DEFAULT_SLA_DAYS } from './sla-policy.js';
import { DAY, FIRST_MONDAY, WEEK } from './time-units.js';

/**
 * The SQL pieces every metric is built from, written once for SQLite and PostgreSQL. They
 * implement `lifecycle-model.ts`: open intervals come from `finding_intervals` (the model's
 * intervals of each finding's events, kept by ingest: lifecycle/intervals.ts), selected by
 * its indexes on `(started_at, ended_at)` and `(ended_at, started_at)`; triage verdicts at a
 * time come from the events (ordered by (at, id)), read only for the few findings that
 * have a triage decision, as a set the rest is anti-joined with. Every value comes in as a
 * parameter.
 *
 * Table aliases the fragments expect: `i` an interval, `f` its finding, `p` the finding's
 * project.
 */

/** Who and what a metric counts. */
export interface MetricsScope {
  /** The teams whose projects count; null: the whole organisation. */
  readonly teamIds: readonly string[] | null;
  readonly projectId?: string | undefined;
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
  if (scope.severity !== undefined) parts.push(sql`${severityOf} = ${scope.severity}`);
  if (scope.scanner !== undefined) parts.push(sql`f.scanner = ${scope.scanner}`);
  return parts.length === 0 ? sql`1 = 1` : sql.join(parts, sql` and `);
}

/** The column naming the finding a fragment is about: an event's, or the finding row's. */
export type FindingColumn = 'f.id' | 'i.finding_id' | 'tr.finding_id';

/**
 * The finding's triage verdict at `at` (events strictly before): 'false_positive',
 * 'risk_accepted', or another value for none.
 */
export function triageStateAt(at: number, finding: FindingColumn = 'f.id'): RawBuilder<string> {
  return sql<string>`coalesce((select t.type from finding_events t
    where t.finding_id = ${sql.ref(finding)} and t.at < ${at}
      and (t.type in ('false_positive', 'risk_accepted', 'risk_expired')
        or (t.type = 'reopened' and t.scan_id is null))
    order by t.at desc, t.id desc limit 1), 'none')`;
}

/**
 * The findings whose triage verdict at `at` is one of `verdicts`: a set computed once per
 * statement from the few findings with such a decision before `at` (`finding_events
 * (type, at)`), each one's history read through `(finding_id, type, at)`.
 */
export function triagedAt(
  at: number,
  verdicts: readonly ('false_positive' | 'risk_accepted')[],
): RawBuilder<unknown> {
  const types = sql.join(verdicts.map((v) => sql.lit(v)));
  return sql`select tr.finding_id from finding_events tr
    where tr.type in (${types}) and tr.at < ${at}
      and ${triageStateAt(at, 'tr.finding_id')} in (${types})`;
}

/** The finding is not a false positive at `at`: false positives count in no metric. */
export function notFalsePositiveAt(at: number, finding: FindingColumn): RawBuilder<unknown> {
  return sql`${sql.ref(finding)} not in (${triagedAt(at, ['false_positive'])})`;
}

/** The interval `i` is open at `at`: started before it, not fixed before it. */
export function openAt(at: number): RawBuilder<unknown> {
  return sql`(i.started_at < ${at} and (i.ended_at is null or i.ended_at >= ${at}))`;
}

/** The intervals of the findings in scope, with their findings and projects (`i`, `f`, `p`). */
export const intervalJoins = sql`finding_intervals i
  join findings f on f.id = i.finding_id
  join projects p on p.id = f.project_id`;

/** The start (Monday 00:00 UTC, epoch ms) of the ISO week of a time expression. */
export function weekStart(time: RawBuilder<unknown>): RawBuilder<number> {
  return sql<number>`((${time} - ${sql.lit(FIRST_MONDAY)}) / ${sql.lit(WEEK)}) * ${sql.lit(WEEK)} + ${sql.lit(FIRST_MONDAY)}`;
}

/**
 * Joins the SLA policies that apply to `f` (of project `p`): `tsp` the team's, `osp` the
 * organisation's, for the finding's effective severity. At most one row each: migration
 * 0002 keeps one policy per team (or organisation) and severity.
 */
export const slaPolicyJoins = sql`left join sla_policies tsp
    on tsp.team_id = p.team_id and tsp.severity = ${severityOf}
  left join sla_policies osp on osp.team_id is null and osp.severity = ${severityOf}`;

/**
 * The days `f` is allowed before its SLA is breached (needs {@link slaPolicyJoins}): the
 * team's policy for the severity, else the organisation's, else the built-in default; null
 * for `info` (no SLA).
 */
export const slaDays = sql<number | null>`case when ${severityOf} = 'info' then null else coalesce(
  tsp.days, osp.days,
  case ${severityOf} ${sql.join(
    Object.entries(DEFAULT_SLA_DAYS).map(
      ([severity, days]) => sql`when ${sql.lit(severity)} then ${sql.lit(days)}`,
    ),
    sql` `,
  )} end) end`;

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
 * out. Use it as a subquery: `from (${openFindingsAt(query, at)}) o`.
 */
export function openFindingsAt(query: MetricsQuery, at: number): RawBuilder<unknown> {
  return sql`select f.id as id, ${severityOf} as severity, p.team_id as team_id,
      i.started_at as started_at
    from ${intervalJoins}
    where ${openAt(at)} and ${scopeCondition(query)} and ${notFalsePositiveAt(query.to, 'i.finding_id')}`;
}
