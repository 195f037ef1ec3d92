import type { HubDatabase } from '../db/database.js';
import {
  NO_POINTS,
  type PersonPoints,
  type PointsWindow,
  pointsFor,
  teamFixPoints,
} from './points.js';
import { competitionRanks } from './ranking.js';
import { gamificationDb } from './tables.js';

/** A place on the people leaderboard. */
export interface PersonEntry {
  readonly rank: number;
  readonly userId: string;
  readonly username: string;
  readonly displayName: string;
  readonly points: PersonPoints;
}

/** The people leaderboard: everyone with points, best first (ties share a rank). */
export interface PeopleLeaderboard {
  /** How many people are on it (before the limit). */
  readonly total: number;
  readonly entries: readonly PersonEntry[];
}

/**
 * The people with points in the window, best first, ties sharing a rank (then by
 * username): of the organisation, or the members of `teamId`. Disabled accounts and the
 * people who opted out are left out entirely (neither name nor rank; the others' ranks
 * close up), and the board does not say how many opted out.
 */
export async function peopleLeaderboard(
  database: HubDatabase,
  window: PointsWindow,
  options: { readonly teamId?: string | undefined; readonly limit?: number | undefined } = {},
): Promise<PeopleLeaderboard> {
  const db = gamificationDb(database.db);
  let people = db
    .selectFrom('users as u')
    .leftJoin('gamification_settings as g', 'g.user_id', 'u.id')
    .select(['u.id', 'u.username', 'u.display_name'])
    .where('u.disabled', '=', 0)
    .where((eb) => eb.or([eb('g.opted_out', 'is', null), eb('g.opted_out', '=', 0)]));
  if (options.teamId !== undefined) {
    const teamId = options.teamId;
    people = people.where('u.id', 'in', (eb) =>
      eb.selectFrom('memberships').select('user_id').where('team_id', '=', teamId),
    );
  }
  const [points, rows] = await Promise.all([
    pointsFor(database, window, { teamId: options.teamId }),
    people.execute(),
  ]);
  const ranked = rows
    .flatMap((r) => {
      const p = points.get(r.id);
      return p === undefined
        ? []
        : [{ userId: r.id, username: r.username, displayName: r.display_name, points: p }];
    })
    .sort((a, b) => b.points.total - a.points.total || a.username.localeCompare(b.username));
  const ranks = competitionRanks(ranked.map((e) => e.points.total));
  const entries = ranked.map((e, i) => ({ rank: ranks[i] as number, ...e }));
  return {
    total: entries.length,
    entries: options.limit === undefined ? entries : entries.slice(0, options.limit),
  };
}

/** A place on the team leaderboard. */
export interface TeamEntry {
  readonly rank: number;
  readonly teamId: string;
  readonly slug: string;
  readonly name: string;
  /** Enabled accounts in the team. */
  readonly members: number;
  /** The team's points: its fixes within SLA plus its members' other points. */
  readonly points: number;
  /** points / members (0 without members), rounded to two decimals; teams rank by it. */
  readonly pointsPerMember: number;
  readonly breakdown: Omit<PersonPoints, 'total'>;
}

/**
 * Every team ranked by points per enabled member, so a big team does not win by its size:
 * a team's points are the fix points of its findings fixed within SLA in the window
 * (assigned or not, to whomever), plus the desk, training and CTF points of its enabled
 * members (someone in two teams counts for both). Members who opted out still count in
 * their team's totals (only an aggregate is shown). Ties share a rank.
 */
export async function teamLeaderboard(
  database: HubDatabase,
  window: PointsWindow,
): Promise<TeamEntry[]> {
  const db = gamificationDb(database.db);
  const [teams, members, points, fixes] = await Promise.all([
    db.selectFrom('teams').select(['id', 'slug', 'name']).execute(),
    db
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['m.team_id', 'm.user_id'])
      .where('u.disabled', '=', 0)
      .execute(),
    pointsFor(database, window),
    teamFixPoints(database, window),
  ]);
  const membersOf = new Map<string, string[]>();
  for (const m of members)
    membersOf.set(m.team_id, [...(membersOf.get(m.team_id) ?? []), m.user_id]);
  const rows = teams.map((t) => {
    const ids = membersOf.get(t.id) ?? [];
    const breakdown = { fixes: fixes.get(t.id) ?? 0, answers: 0, training: 0, ctf: 0 };
    for (const id of ids) {
      const p = points.get(id) ?? NO_POINTS;
      breakdown.answers += p.answers;
      breakdown.training += p.training;
      breakdown.ctf += p.ctf;
    }
    const total = breakdown.fixes + breakdown.answers + breakdown.training + breakdown.ctf;
    // Division is correctly rounded, so equal ratios compare equal and tie.
    const perMember = ids.length === 0 ? 0 : total / ids.length;
    return { t, members: ids.length, total, perMember, breakdown };
  });
  rows.sort((a, b) => b.perMember - a.perMember || a.t.slug.localeCompare(b.t.slug));
  const ranks = competitionRanks(rows.map((r) => r.perMember));
  return rows.map((r, i) => ({
    rank: ranks[i] as number,
    teamId: r.t.id,
    slug: r.t.slug,
    name: r.t.name,
    members: r.members,
    points: r.total,
    pointsPerMember: Math.round(r.perMember * 100) / 100,
    breakdown: r.breakdown,
  }));
}
