import { type RawBuilder, sql } from 'kysely';
import { DEFAULT_SLA_DAYS } from './sla-policy.js';
import { DAY, FIRST_MONDAY, WEEK } from './time-units.js';

/**
 * The SQL pieces every metric is built from, written once for SQLite and PostgreSQL. They
 * implement `lifecycle-model.ts` over `finding_events`: events of one finding ordered by
 * (at, id). Each piece is a correlated subquery on one finding's events, answered by the
 * index `finding_events (finding_id, type, at)` (migration 0004); windows are selected
 * with `finding_events (type, at)` (migration 0001). Every value comes in as a parameter.
 *
 * Table aliases the fragments expect: `e` a finding event, `f` its finding, `p` the
 * finding's project. A filter on the value of a correlated subquery goes outside a
 * `with … as materialized` fence, else PostgreSQL pushes it down and runs the subquery twice.
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

/** The event aliased `x` comes before the one aliased `y` in the lifecycle order (at, id). */
function before(x: string, y: string): RawBuilder<unknown> {
  const xa = sql.ref(`${x}.at`);
  const ya = sql.ref(`${y}.at`);
  return sql`(${xa} < ${ya} or (${xa} = ${ya} and ${sql.ref(`${x}.id`)} < ${sql.ref(`${y}.id`)}))`;
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
  if (scope.severity !== undefined) parts.push(sql`${severityOf} = ${scope.severity}`);
  if (scope.scanner !== undefined) parts.push(sql`f.scanner = ${scope.scanner}`);
  return parts.length === 0 ? sql`1 = 1` : sql.join(parts, sql` and `);
}

/** The column naming the finding a fragment is about: an event's, or the finding row's. */
export type FindingColumn = 'e.finding_id' | 'f.id';

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
 * The finding is not a false positive at `at`: false positives count in no metric. Most
 * findings were never called one, which one probe of `finding_events (finding_id, type,
 * at)` shows; only the others have their triage history read.
 */
export function notFalsePositiveAt(at: number, finding: FindingColumn): RawBuilder<unknown> {
  return sql`(not exists (select 1 from finding_events fp
      where fp.finding_id = ${sql.ref(finding)} and fp.type = 'false_positive' and fp.at < ${at})
    or ${triageStateAt(at, finding)} <> 'false_positive')`;
}

/**
 * Whether the event row `alias` can open an interval: a detection, or a reopen by a scan (a
 * person's reopen, without a scan, only ends a triage decision: it never makes a finding
 * that is gone present again).
 */
export function opens(alias: string): RawBuilder<unknown> {
  const t = sql.ref(`${alias}.type`);
  return sql`(${t} = 'detected' or (${t} = 'reopened' and ${sql.ref(`${alias}.scan_id`)} is not null))`;
}

/**
 * For the `fixed` event `e`: the start of the interval it closes (the first start after
 * the previous fix), or null when `e` closes nothing (the finding was not open).
 */
export const startOfFix = sql<number | null>`(select min(s.at) from finding_events s
  where s.finding_id = e.finding_id and ${opens('s')}
    and ${before('s', 'e')}
    and not exists (select 1 from finding_events x
      where x.finding_id = e.finding_id and x.type = 'fixed'
        and ${before('s', 'x')} and ${before('x', 'e')}))`;

/**
 * The start of `f`'s interval open at `at` (events strictly before `at`), or null when `f`
 * is not open then.
 */
export function openStartAt(at: number): RawBuilder<number | null> {
  return sql<number | null>`(select min(s.at) from finding_events s
    where s.finding_id = f.id and ${opens('s')} and s.at < ${at}
      and not exists (select 1 from finding_events x
        where x.finding_id = f.id and x.type = 'fixed' and x.at < ${at} and ${before('s', 'x')}))`;
}

/**
 * A cheap, index-backed necessary condition for "`f` is open at `at`" over the finding row
 * (`findings (fixed_at)`, migration 0004): the lifecycle keeps `fixed_at` null while a
 * finding is open and at its latest fix otherwise, so a finding open at `at` is either open
 * now or fixed last at or after `at`. The events decide; this only spares the database from
 * replaying the history of every finding fixed before `at`.
 */
export function mayBeOpenAt(at: number): RawBuilder<unknown> {
  return sql`(f.fixed_at is null or f.fixed_at >= ${at})`;
}

/** The `detected`/`reopened` event `e` opens an interval (the finding was not open). */
export const opensInterval = sql`coalesce((select p2.type from finding_events p2
  where p2.finding_id = e.finding_id and (${opens('p2')} or p2.type = 'fixed')
    and ${before('p2', 'e')}
  order by p2.at desc, p2.id desc limit 1), 'fixed') = 'fixed'`;

/** For an interval-opening event `e`: the time of the fix that closes it, or null. */
export const endOfStart = sql<number | null>`(select min(x.at) from finding_events x
  where x.finding_id = e.finding_id and x.type = 'fixed' and ${before('e', 'x')})`;

/** The `detected` event `e` is the finding's first detection. */
export const firstDetection = sql`not exists (select 1 from finding_events d
  where d.finding_id = e.finding_id and d.type = 'detected' and ${before('d', 'e')})`;

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

/**
 * `f`'s triage verdict at `at` like {@link triageStateAt}, reading the triage history only
 * of findings with a decision before `at` (one probe of `finding_events (finding_id, type,
 * at)` tells).
 */
export function triageStateOfFindingAt(at: number): RawBuilder<string> {
  return sql<string>`case when exists (select 1 from finding_events tr
      where tr.finding_id = f.id and tr.type in ('false_positive', 'risk_accepted') and tr.at < ${at})
    then ${triageStateAt(at, 'f.id')} else 'none' end`;
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
 * out. Use it as a subquery: `from (${openFindingsAt(query, at)}) o`.
 */
export function openFindingsAt(query: MetricsQuery, at: number): RawBuilder<unknown> {
  return sql`with o as materialized (
      select f.id as id, ${severityOf} as severity, p.team_id as team_id,
        ${openStartAt(at)} as started_at
      from findings f join projects p on p.id = f.project_id
      where ${mayBeOpenAt(at)} and f.first_seen_at < ${at} and ${scopeCondition(query)}
        and ${notFalsePositiveAt(query.to, 'f.id')}
    ) select * from o where started_at is not null`;
}
