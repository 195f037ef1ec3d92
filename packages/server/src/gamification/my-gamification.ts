import type { HubDatabase } from '../db/database.js';
import { peopleLeaderboard } from './leaderboards.js';
import { ALL_TIME, activityTimes, NO_POINTS, type PersonPoints, pointsFor } from './points.js';
import { BADGES } from './rules.js';
import { type ResolvedWindow, resolveWindow } from './seasons.js';
import { isOptedOut } from './settings.js';

/** A badge as one person sees it. */
export interface BadgeStatus {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly earned: boolean;
  /** When the count reached the threshold (the threshold-th event); null until earned. */
  readonly earnedAt: string | null;
  readonly progress: { readonly count: number; readonly threshold: number };
}

/** What `GET /api/v1/me/gamification` answers. */
export interface MyGamification {
  readonly window: {
    readonly kind: ResolvedWindow['kind'];
    readonly season: ResolvedWindow['season'];
    readonly from: string;
    readonly to: string;
  };
  readonly points: { readonly season: PersonPoints; readonly allTime: PersonPoints };
  /** The place on the organisation's people board for the window; null when opted out or without points. */
  readonly rank: number | null;
  /** How many people are on that board. */
  readonly rankedPeople: number;
  readonly badges: readonly BadgeStatus[];
  readonly optOut: boolean;
}

/** A person's points (current season and all time), rank, badges and opt-out. */
export async function myGamification(
  database: HubDatabase,
  userId: string,
  now: number,
): Promise<MyGamification> {
  const window = await resolveWindow(database, 'current', now);
  const [season, allTime, times, optOut, board] = await Promise.all([
    pointsFor(database, window, { userIds: [userId] }),
    pointsFor(database, ALL_TIME, { userIds: [userId] }),
    activityTimes(database, userId),
    isOptedOut(database, userId),
    peopleLeaderboard(database, window),
  ]);
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    window: {
      kind: window.kind,
      season: window.season,
      from: iso(window.from),
      to: iso(Math.min(window.to, ALL_TIME.to)),
    },
    points: { season: season.get(userId) ?? NO_POINTS, allTime: allTime.get(userId) ?? NO_POINTS },
    rank: board.entries.find((e) => e.userId === userId)?.rank ?? null,
    rankedPeople: board.total,
    badges: BADGES.map((b) => {
      const list = times[b.metric];
      const at = list[b.threshold - 1];
      return {
        id: b.id,
        name: b.name,
        description: b.description,
        earned: at !== undefined,
        earnedAt: at === undefined ? null : iso(at),
        progress: { count: list.length, threshold: b.threshold },
      };
    }),
    optOut,
  };
}
