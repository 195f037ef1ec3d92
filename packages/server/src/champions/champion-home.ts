import { type Kysely, sql } from 'kysely';
import { notFound } from '../auth/input.js';
import type { HubDatabase } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { deskDb } from '../desk/tables.js';
import {
  daysToMs,
  intervalScope,
  loadSlaPolicies,
  type MetricsQuery,
  notTriagedAt,
  num,
  openAt,
  slaDaysCase,
} from '../metrics/metrics-sql.js';
import { computeMttr } from '../metrics/mttr.js';
import { computeOpenAge } from '../metrics/open-age.js';
import { computeSla } from '../metrics/sla.js';
import { DAY } from '../metrics/time-units.js';
import { TRIAGE_EVENT_TYPES } from './triage-events.js';

/** How far ahead the home page looks for SLA due dates. */
export const SLA_HORIZON_MS = 14 * DAY;
/** The window of the metrics on the home page. */
export const HOME_METRICS_WINDOW_MS = 90 * DAY;
/** Rows per list on the home page (the totals count them all). */
export const HOME_LIST_LIMIT = 20;

/** A finding as the home page lists it. */
export interface HomeFinding {
  readonly findingId: string;
  readonly title: string;
  readonly severity: string;
  readonly scanner: string;
  readonly ruleId: string;
  readonly projectId: string;
  readonly projectName: string;
  /** When the open interval started (a reopen restarts it), ISO 8601. */
  readonly openedAt: string;
}

/** A finding whose SLA due date is near or past. */
export interface HomeSlaFinding extends HomeFinding {
  readonly slaDays: number;
  readonly dueAt: string;
  readonly assigneeId: string | null;
}

/** A scope's headline numbers over the last 90 days. */
export interface HomeMetrics {
  /** Findings fixed in the window and their mean and median days to fix. */
  readonly fixed: number;
  readonly mttrMeanDays: number | null;
  readonly mttrMedianDays: number | null;
  /** Share of the fixes with an SLA made within it; null when none. */
  readonly slaCompliance: number | null;
  /** Open findings now (false positives left out), and how many are past their SLA. */
  readonly open: number;
  readonly breaches: number;
}

/** A desk question of the team that waits for an answer. */
export interface HomeQuestion {
  readonly questionId: string;
  readonly title: string;
  /** `open` (the team's champions') or `escalated` (the security team's). */
  readonly status: 'open' | 'escalated';
  /** Since when it waits: asked, or the asker's last follow-up or reopening, ISO 8601. */
  readonly waitingSince: string;
}

/** Everything a champion's home page shows about one of their teams. */
export interface ChampionHome {
  readonly teamId: string;
  readonly teamName: string;
  readonly generatedAt: string;
  /** Open findings nobody has triaged since they (re)opened: not assigned, no decision, no comment. */
  readonly triage: { readonly total: number; readonly items: readonly HomeFinding[] };
  /** Open findings whose SLA ends within 14 days, soonest first. */
  readonly slaDueSoon: { readonly total: number; readonly items: readonly HomeSlaFinding[] };
  /** Open findings already past their SLA, the most overdue first. */
  readonly slaBreached: { readonly total: number; readonly items: readonly HomeSlaFinding[] };
  /** The team's desk questions without an answer since they started waiting, the oldest first. */
  readonly questions: { readonly total: number; readonly items: readonly HomeQuestion[] };
  readonly metrics: {
    readonly window: { readonly from: string; readonly to: string };
    readonly team: HomeMetrics;
    readonly organisation: HomeMetrics;
  };
}

/** The effective severity's rank for ordering: critical first. */
const severityRank = sql`case coalesce(f.severity_override, f.severity)
  when 'critical' then 0 when 'high' then 1 when 'medium' then 2 when 'low' then 3 else 4 end`;

/**
 * A champion's home page for one team: the findings waiting for triage, the SLA due dates
 * coming up and passed, and the team's numbers next to the organisation's. A handful of
 * queries whatever the team's size; the lists are cut at {@link HOME_LIST_LIMIT} and say
 * their totals. 404 when there is no such team.
 */
export async function championHome(
  database: HubDatabase,
  options: { readonly teamId: string; readonly now: number },
): Promise<ChampionHome> {
  const { teamId, now } = options;
  const db = database.db;
  const team = await db
    .selectFrom('teams')
    .select(['id', 'name'])
    .where('id', '=', teamId)
    .executeTakeFirst();
  if (team === undefined) throw notFound('team');
  const window = { from: now - HOME_METRICS_WINDOW_MS, to: now };
  const [triage, dueSoon, breached, questions, teamMetrics, orgMetrics] = await Promise.all([
    triageQueue(db, teamId),
    slaFindings(db, teamId, now, 'due-soon'),
    slaFindings(db, teamId, now, 'breached'),
    waitingQuestions(database, teamId),
    headline(db, { teamIds: [teamId], ...window }),
    headline(db, { teamIds: null, ...window }),
  ]);
  return {
    teamId: team.id,
    teamName: team.name,
    generatedAt: new Date(now).toISOString(),
    triage,
    slaDueSoon: dueSoon,
    slaBreached: breached,
    questions,
    metrics: {
      window: { from: new Date(window.from).toISOString(), to: new Date(window.to).toISOString() },
      team: teamMetrics,
      organisation: orgMetrics,
    },
  };
}

interface FindingRow {
  id: string;
  title: string;
  severity: string;
  scanner: string;
  rule_id: string;
  project_id: string;
  project_name: string;
  started_at: unknown;
  total: unknown;
}

function homeFinding(r: FindingRow): HomeFinding {
  return {
    findingId: r.id,
    title: r.title,
    severity: r.severity,
    scanner: r.scanner,
    ruleId: r.rule_id,
    projectId: r.project_id,
    projectName: r.project_name,
    openedAt: new Date(num(r.started_at)).toISOString(),
  };
}

/**
 * The team's open findings that nobody has looked at since their open interval started:
 * status open, no assignee, and no triage event by a person (decision, comment,
 * assignment, severity override) since then. Critical first, then the oldest.
 */
async function triageQueue(db: Kysely<Database>, teamId: string): Promise<ChampionHome['triage']> {
  const { rows } = await sql<FindingRow>`select f.id as id, f.title as title,
      coalesce(f.severity_override, f.severity) as severity, f.scanner as scanner,
      f.rule_id as rule_id, f.project_id as project_id, p.name as project_name,
      i.started_at as started_at, count(*) over () as total
    from finding_intervals i
      join findings f on f.id = i.finding_id
      join projects p on p.id = f.project_id
    where i.team_id = ${teamId} and i.ended_at is null and f.status = 'open'
      and f.assignee_id is null
      and not exists (select 1 from finding_events e
        where e.finding_id = f.id and e.actor_id is not null and e.at >= i.started_at
          and e.type in (${sql.join(TRIAGE_EVENT_TYPES.map((t) => sql.lit(t)))}))
    order by ${severityRank}, i.started_at, f.id
    limit ${HOME_LIST_LIMIT}`.execute(db);
  return { total: rows.length === 0 ? 0 : num(rows[0]?.total), items: rows.map(homeFinding) };
}

/**
 * The team's open findings (not false positives, not accepted risks) whose SLA due date
 * (open interval start + the days its policy allows) falls in the next 14 days
 * (`due-soon`, soonest first) or has passed (`breached`, most overdue first).
 */
async function slaFindings(
  db: Kysely<Database>,
  teamId: string,
  now: number,
  which: 'due-soon' | 'breached',
): Promise<{ total: number; items: HomeSlaFinding[] }> {
  const days = slaDaysCase(await loadSlaPolicies(db), sql`i.team_id`, sql`i.severity`);
  const due = sql`started_at + ${daysToMs(sql`sla_days`)}`;
  const when =
    which === 'breached'
      ? sql`${due} < ${now}`
      : sql`${due} >= ${now} and ${due} < ${now + SLA_HORIZON_MS}`;
  const { rows } = await sql<
    FindingRow & { sla_days: unknown; due_at: unknown; assignee_id: string | null }
  >`with q as (
      select i.finding_id as id, i.started_at as started_at, ${days} as sla_days
      from finding_intervals i
      where ${openAt(now)} and ${intervalScope({ teamIds: [teamId] })}
        and ${notTriagedAt(now, ['false_positive', 'risk_accepted'], 'i.finding_id')}
    ), selected as (
      select q.*, ${due} as due_at, count(*) over () as total from q
      where sla_days is not null and ${when}
      order by ${due}, id
      limit ${HOME_LIST_LIMIT}
    )
    select s.id as id, s.started_at as started_at, s.sla_days as sla_days, s.due_at as due_at,
      s.total as total, f.title as title, coalesce(f.severity_override, f.severity) as severity,
      f.scanner as scanner, f.rule_id as rule_id, f.project_id as project_id,
      p.name as project_name, f.assignee_id as assignee_id
    from selected s join findings f on f.id = s.id join projects p on p.id = f.project_id
    order by s.due_at, s.id`.execute(db);
  return {
    total: rows.length === 0 ? 0 : num(rows[0]?.total),
    items: rows.map((r) => ({
      ...homeFinding(r),
      slaDays: num(r.sla_days),
      dueAt: new Date(num(r.due_at)).toISOString(),
      assigneeId: r.assignee_id,
    })),
  };
}

/** The headline numbers of a scope, from the metrics the dashboard shows in full. */
async function headline(db: Kysely<Database>, query: MetricsQuery): Promise<HomeMetrics> {
  const [mttr, sla, open] = await Promise.all([
    computeMttr(db, query),
    computeSla(db, query, { breachLimit: 1 }),
    computeOpenAge(db, query),
  ]);
  return {
    fixed: mttr.overall.count,
    mttrMeanDays: mttr.overall.mean,
    mttrMedianDays: mttr.overall.median,
    slaCompliance: sla.compliance,
    open: open.total,
    breaches: sla.breaches.total,
  };
}

/**
 * The team's desk questions waiting for an answer (see desk/desk-store.ts): open or
 * escalated, with no answer posted since they started waiting. The oldest first.
 */
async function waitingQuestions(
  database: HubDatabase,
  teamId: string,
): Promise<ChampionHome['questions']> {
  const rows = await deskDb(database.db)
    .selectFrom('desk_questions as q')
    .select([
      'q.id',
      'q.title',
      'q.status',
      'q.waiting_since',
      sql<unknown>`count(*) over ()`.as('total'),
    ])
    .where('q.team_id', '=', teamId)
    .where('q.status', 'in', ['open', 'escalated'])
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('desk_answers as a')
            .select('a.id')
            .whereRef('a.question_id', '=', 'q.id')
            .where('a.kind', '=', 'answer')
            .whereRef('a.created_at', '>=', 'q.waiting_since'),
        ),
      ),
    )
    .orderBy('q.waiting_since')
    .orderBy('q.id')
    .limit(HOME_LIST_LIMIT)
    .execute();
  return {
    total: rows.length === 0 ? 0 : num(rows[0]?.total),
    items: rows.map((r) => ({
      questionId: r.id,
      title: r.title,
      status: r.status as 'open' | 'escalated',
      waitingSince: new Date(num(r.waiting_since)).toISOString(),
    })),
  };
}
