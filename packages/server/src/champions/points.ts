import { sql } from 'kysely';
import type { HubDatabase } from '../db/database.js';
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
 * - **answers**: {@link POINTS}.answer per question of the desk the champion answered in
 *   the window, {@link POINTS}.acceptedAnswer instead when their answer was accepted.
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
 * Answered desk questions per champion and team, a seam the question desk fills in: it
 * counts the champion's answers in the window and those accepted. Null until the desk's
 * tables exist, then points.ts reads them through it.
 */
export type AnswerCounter = (
  database: HubDatabase,
  window: PointsWindow,
  teamId: string | undefined,
) => Promise<Map<string, { answered: number; accepted: number }>>;

/**
 * The points of every champion (of `teamId`, or of every team) over the window, by
 * {@link championKey}. Three aggregate queries whatever the number of champions.
 */
export async function championPoints(
  database: HubDatabase,
  window: PointsWindow,
  options: { readonly teamId?: string | undefined; readonly answers?: AnswerCounter } = {},
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
    options.answers?.(database, window, teamId) ?? Promise.resolve(new Map()),
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
