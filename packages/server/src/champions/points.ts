import { sql } from 'kysely';
import type { HubDatabase } from '../db/database.js';
import { deskDb } from '../desk/tables.js';
import { num } from '../metrics/metrics-sql.js';
import { championDb } from './tables.js';
import { TRIAGE_EVENT_TYPES } from './triage-events.js';

/**
 * Recognition points of a champion in one team, worked out from what is recorded (never
 * stored, so they cannot drift from the history they reward):
 * - **triage**: {@link POINTS}.triagedFinding per distinct finding of the team the champion
 *   triaged (a decision, comment, assignment, reopen or severity override) in the window;
 *   ten comments on one finding earn what one does;
 * - **fixes**: {@link POINTS}.teamFix per finding of the team fixed in the window (each
 *   fix of a reopened finding counts), shared credit: every champion of the team gets them;
 * - **answers**: {@link POINTS}.answer per question of the team's desk the champion
 *   answered in the window, {@link POINTS}.acceptedAnswer instead when their answer is the
 *   accepted one.
 */
export const POINTS = {
  triagedFinding: 2,
  teamFix: 1,
  answer: 3,
  acceptedAnswer: 10,
} as const;

/** A champion's points in one team over a window, and where they come from. */
export interface ChampionPoints {
  readonly total: number;
  readonly triage: number;
  readonly fixes: number;
  readonly answers: number;
}

/** The window points are counted over: [from, to), epoch ms. */
export interface PointsWindow {
  readonly from: number;
  readonly to: number;
}

/** The key of a champion in a team in the maps below. */
export function championKey(teamId: string, userId: string): string {
  return `${teamId}\u0000${userId}`;
}

/**
 * The points of every champion (of `teamId`, or of every team) over the window, by
 * {@link championKey}. Four aggregate queries whatever the number of champions.
 */
export async function championPoints(
  database: HubDatabase,
  window: PointsWindow,
  options: { readonly teamId?: string | undefined } = {},
): Promise<Map<string, ChampionPoints>> {
  const db = championDb(database.db);
  const { teamId } = options;
  let triage = db
    .selectFrom('finding_events as fe')
    .innerJoin('projects as p', 'p.id', 'fe.project_id')
    .innerJoin('memberships as m', (j) =>
      j.onRef('m.team_id', '=', 'p.team_id').onRef('m.user_id', '=', 'fe.actor_id'),
    )
    .select([
      'm.team_id',
      'm.user_id',
      sql<number>`count(distinct ${sql.ref('fe.finding_id')})`.as('findings'),
    ])
    .where('m.role', '=', 'champion')
    .where('fe.type', 'in', [...TRIAGE_EVENT_TYPES])
    .where('fe.at', '>=', window.from)
    .where('fe.at', '<', window.to)
    .groupBy(['m.team_id', 'm.user_id']);
  if (teamId !== undefined) triage = triage.where('p.team_id', '=', teamId);
  // Fixes read the intervals (each carries its team): the ones that ended in the window.
  const fixes = await sql<{ team_id: string; fixes: unknown }>`select i.team_id as team_id,
      count(*) as fixes
    from finding_intervals i
    where i.ended_at >= ${window.from} and i.ended_at < ${window.to}
      ${teamId === undefined ? sql`` : sql`and i.team_id = ${teamId}`}
    group by i.team_id`.execute(database.db);
  let champions = db
    .selectFrom('memberships')
    .select(['team_id', 'user_id'])
    .where('role', '=', 'champion');
  if (teamId !== undefined) champions = champions.where('team_id', '=', teamId);
  const [triaged, members, answers] = await Promise.all([
    triage.execute(),
    champions.execute(),
    answerCounts(database, window, teamId),
  ]);
  const triagedOf = new Map(
    triaged.map((r) => [championKey(r.team_id, r.user_id), num(r.findings)]),
  );
  const fixesOf = new Map(fixes.rows.map((r) => [r.team_id, num(r.fixes)]));
  const points = new Map<string, ChampionPoints>();
  for (const m of members) {
    const key = championKey(m.team_id, m.user_id);
    const a = answers.get(key) ?? { answered: 0, accepted: 0 };
    const triagePoints = (triagedOf.get(key) ?? 0) * POINTS.triagedFinding;
    const fixPoints = (fixesOf.get(m.team_id) ?? 0) * POINTS.teamFix;
    const answerPoints =
      (a.answered - a.accepted) * POINTS.answer + a.accepted * POINTS.acceptedAnswer;
    points.set(key, {
      total: triagePoints + fixPoints + answerPoints,
      triage: triagePoints,
      fixes: fixPoints,
      answers: answerPoints,
    });
  }
  return points;
}

/**
 * The desk questions of each champion's team that the champion answered in the window
 * (one per question, however many answers they posted), and how many of those have the
 * champion's answer as the accepted one (desk/tables.ts: `kind = 'answer'` posts;
 * `accepted_answer_id`, cleared while a question is reopened).
 */
async function answerCounts(
  database: HubDatabase,
  window: PointsWindow,
  teamId: string | undefined,
): Promise<Map<string, { answered: number; accepted: number }>> {
  let query = deskDb(database.db)
    .selectFrom('desk_answers as a')
    .innerJoin('desk_questions as q', 'q.id', 'a.question_id')
    .innerJoin('memberships as m', (j) =>
      j.onRef('m.team_id', '=', 'q.team_id').onRef('m.user_id', '=', 'a.author_id'),
    )
    .select([
      'm.team_id',
      'm.user_id',
      sql<unknown>`count(distinct ${sql.ref('a.question_id')})`.as('answered'),
      sql<unknown>`count(distinct case when ${sql.ref('q.accepted_answer_id')} = ${sql.ref('a.id')} then ${sql.ref('a.question_id')} end)`.as(
        'accepted',
      ),
    ])
    .where('m.role', '=', 'champion')
    .where('a.kind', '=', 'answer')
    .where('a.created_at', '>=', window.from)
    .where('a.created_at', '<', window.to)
    .groupBy(['m.team_id', 'm.user_id']);
  if (teamId !== undefined) query = query.where('q.team_id', '=', teamId);
  const rows = await query.execute();
  return new Map(
    rows.map((r) => [
      championKey(r.team_id, r.user_id),
      { answered: num(r.answered), accepted: num(r.accepted) },
    ]),
  );
}
