import { type RawBuilder, sql } from 'kysely';
import type { HubDatabase } from '../db/database.js';
import {
  daysToMs,
  loadSlaPolicies,
  num,
  type SlaPolicies,
  slaDaysCase,
} from '../metrics/metrics-sql.js';
import { type BadgeMetric, POINTS } from './rules.js';

// Points are worked out from the recorded history on every read, never stored, so they
// cannot drift from what they reward. Each source is one statement listing its credits
// (who, when, how much); the totals aggregate them and the badges read their times, so
// both use the same definition.

/** The window points are counted over: [from, to), epoch ms. */
export interface PointsWindow {
  readonly from: number;
  readonly to: number;
}

/** All of history. */
export const ALL_TIME: PointsWindow = { from: 0, to: 8_640_000_000_000_000 };

/** A person's points over a window, and where they come from. */
export interface PersonPoints {
  readonly total: number;
  readonly fixes: number;
  readonly answers: number;
  readonly training: number;
  readonly ctf: number;
}

/** No points at all. */
export const NO_POINTS: PersonPoints = { total: 0, fixes: 0, answers: 0, training: 0, ctf: 0 };

/** Whose points {@link pointsFor} counts. */
export interface PointsScope {
  /** Only these people. */
  readonly userIds?: readonly string[] | undefined;
  /** Only the members of this team. */
  readonly teamId?: string | undefined;
}

const fixPoints = (severity: RawBuilder<unknown>) =>
  sql<number>`case ${severity} ${sql.join(
    Object.entries(POINTS.fixWithinSla).map(
      ([name, points]) => sql`when ${sql.lit(name)} then ${sql.lit(points)}`,
    ),
    sql` `,
  )} else 0 end`;

/**
 * The fixes within SLA: the open intervals of `finding_intervals` that ended (the fix) no
 * later than the SLA days after they started (the team's policy for the interval's
 * effective severity, else the organisation's, else the default: metrics/sla.ts), `info`
 * left out, and false positives at the fix left out. Columns: `user_id` (the finding's
 * assignee, may be null), `team_id`, `at` (the fix), `points`.
 */
function fixCredits(policies: SlaPolicies): RawBuilder<unknown> {
  const days = slaDaysCase(policies, sql`i.team_id`, sql`i.severity`);
  return sql`select f.assignee_id as user_id, i.team_id as team_id, i.ended_at as at,
      ${fixPoints(sql`i.severity`)} as points
    from finding_intervals i
    join findings f on f.id = i.finding_id
    where i.ended_at is not null and ${days} is not null
      and i.ended_at - i.started_at <= ${daysToMs(days)}
      and not exists (select 1 from triage_periods tp
        where tp.finding_id = i.finding_id and tp.verdict = 'false_positive'
          and tp.started_at < i.ended_at and (tp.ended_at is null or tp.ended_at >= i.ended_at))`;
}

/**
 * One credit per desk question a person answered (not their own question): `at` their
 * first answer on it, `accepted` 1 when one of their answers is the accepted one, and
 * `accepted_at` when it was accepted.
 */
function answerCredits(): RawBuilder<unknown> {
  return sql`select a.author_id as user_id, min(a.created_at) as at,
      max(case when q.accepted_answer_id = a.id then 1 else 0 end) as accepted,
      max(case when q.accepted_answer_id = a.id then q.answered_at end) as accepted_at
    from desk_answers a
    join desk_questions q on q.id = a.question_id
    where a.kind = 'answer' and a.author_id is not null
      and (q.author_id is null or q.author_id <> a.author_id)
    group by a.author_id, a.question_id`;
}

/** One credit per module completed (the first pass). */
function trainingCredits(): RawBuilder<unknown> {
  return sql`select c.user_id as user_id, c.completed_at as at from training_completions c`;
}

/** One credit per CTF solve by a person, in an event that is not a draft. */
function ctfCredits(): RawBuilder<unknown> {
  return sql`select s.user_id as user_id, s.at as at, s.first_blood as first_blood
    from ctf_solves s
    join ctf_events e on e.id = s.event_id
    where s.user_id is not null and e.visibility <> 'draft'`;
}

function inWindow(window: PointsWindow): RawBuilder<unknown> {
  return sql`c.at >= ${window.from} and c.at < ${window.to}`;
}

function inScope(scope: PointsScope): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [sql`c.user_id is not null`];
  if (scope.userIds !== undefined) {
    parts.push(
      scope.userIds.length === 0
        ? sql`1 = 0`
        : sql`c.user_id in (${sql.join(scope.userIds.map((id) => sql`${id}`))})`,
    );
  }
  if (scope.teamId !== undefined)
    parts.push(
      sql`c.user_id in (select m.user_id from memberships m where m.team_id = ${scope.teamId})`,
    );
  return sql.join(parts, sql` and `);
}

/**
 * The points of each person over the window (only people with some), by user id: four
 * aggregate queries whatever the number of people. A fix within SLA credits the finding's
 * assignee; a fix with no assignee credits nobody (it still counts for the team:
 * {@link teamFixPoints}).
 * @example const points = await pointsFor(hub, { from, to }, { teamId });
 */
export async function pointsFor(
  database: HubDatabase,
  window: PointsWindow,
  scope: PointsScope = {},
): Promise<Map<string, PersonPoints>> {
  const where = sql`${inWindow(window)} and ${inScope(scope)}`;
  const db = database.db;
  const policies = await loadSlaPolicies(db);
  const [fixes, answers, training, ctf] = await Promise.all([
    sql<{ user_id: string; points: unknown }>`select c.user_id as user_id, sum(c.points) as points
      from (${fixCredits(policies)}) c where ${where} group by c.user_id`.execute(db),
    sql<{ user_id: string; answered: unknown; accepted: unknown }>`select c.user_id as user_id,
        count(*) as answered, sum(c.accepted) as accepted
      from (${answerCredits()}) c where ${where} group by c.user_id`.execute(db),
    sql<{ user_id: string; modules: unknown }>`select c.user_id as user_id, count(*) as modules
      from (${trainingCredits()}) c where ${where} group by c.user_id`.execute(db),
    sql<{ user_id: string; solves: unknown; first_bloods: unknown }>`select c.user_id as user_id,
        count(*) as solves, sum(c.first_blood) as first_bloods
      from (${ctfCredits()}) c where ${where} group by c.user_id`.execute(db),
  ]);
  const parts = new Map<
    string,
    { fixes: number; answers: number; training: number; ctf: number }
  >();
  const of = (userId: string) => {
    let p = parts.get(userId);
    if (p === undefined) {
      p = { fixes: 0, answers: 0, training: 0, ctf: 0 };
      parts.set(userId, p);
    }
    return p;
  };
  for (const r of fixes.rows) of(r.user_id).fixes = num(r.points);
  for (const r of answers.rows) {
    const accepted = num(r.accepted);
    of(r.user_id).answers =
      (num(r.answered) - accepted) * POINTS.answer + accepted * POINTS.acceptedAnswer;
  }
  for (const r of training.rows) of(r.user_id).training = num(r.modules) * POINTS.moduleCompleted;
  for (const r of ctf.rows)
    of(r.user_id).ctf =
      num(r.solves) * POINTS.ctfSolve + num(r.first_bloods) * POINTS.ctfFirstBlood;
  const points = new Map<string, PersonPoints>();
  for (const [userId, p] of parts) {
    const total = p.fixes + p.answers + p.training + p.ctf;
    if (total > 0) points.set(userId, { total, ...p });
  }
  return points;
}

/**
 * The fix points of each team's findings fixed within SLA in the window, whoever (if
 * anyone) they were assigned to: one aggregate query.
 */
export async function teamFixPoints(
  database: HubDatabase,
  window: PointsWindow,
): Promise<Map<string, number>> {
  const policies = await loadSlaPolicies(database.db);
  const rows = await sql<{ team_id: string; points: unknown }>`select c.team_id as team_id,
      sum(c.points) as points
    from (${fixCredits(policies)}) c where ${inWindow(window)} group by c.team_id`.execute(
    database.db,
  );
  return new Map(rows.rows.map((r) => [r.team_id, num(r.points)]));
}

/**
 * When each thing a badge counts happened to one person, oldest first, over all time: the
 * n-th time of a metric is when its badge of threshold n was earned.
 */
export async function activityTimes(
  database: HubDatabase,
  userId: string,
): Promise<Record<BadgeMetric, number[]>> {
  const db = database.db;
  const mine = sql`c.user_id = ${userId}`;
  const policies = await loadSlaPolicies(db);
  const [fixes, answers, training, ctf] = await Promise.all([
    sql<{ at: unknown }>`select c.at as at from (${fixCredits(policies)}) c where ${mine}`.execute(
      db,
    ),
    sql<{ at: unknown; accepted: unknown; accepted_at: unknown }>`select c.at as at,
        c.accepted as accepted, c.accepted_at as accepted_at
      from (${answerCredits()}) c where ${mine}`.execute(db),
    sql<{ at: unknown }>`select c.at as at from (${trainingCredits()}) c where ${mine}`.execute(db),
    sql<{ at: unknown; first_blood: unknown }>`select c.at as at, c.first_blood as first_blood
      from (${ctfCredits()}) c where ${mine}`.execute(db),
  ]);
  const sorted = (values: readonly unknown[]) => values.map(num).sort((a, b) => a - b);
  return {
    fixesWithinSla: sorted(fixes.rows.map((r) => r.at)),
    answers: sorted(answers.rows.map((r) => r.at)),
    acceptedAnswers: sorted(
      answers.rows.filter((r) => num(r.accepted) === 1).map((r) => r.accepted_at ?? r.at),
    ),
    modules: sorted(training.rows.map((r) => r.at)),
    ctfSolves: sorted(ctf.rows.map((r) => r.at)),
    firstBloods: sorted(ctf.rows.filter((r) => num(r.first_blood) === 1).map((r) => r.at)),
  };
}
