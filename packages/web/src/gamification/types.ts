// The hub's gamification answers (docs/hub-gamification.md).

/** Points and where they come from. */
export interface Points {
  readonly total: number;
  readonly fixes: number;
  readonly answers: number;
  readonly training: number;
  readonly ctf: number;
}

/** A season. */
export interface Season {
  readonly id: string;
  readonly name: string;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly current: boolean;
}

/** The window a board or my points are counted over. */
export interface PointsWindow {
  readonly kind: 'season' | 'last-90-days' | 'all-time';
  readonly season: Season | null;
  readonly from: string;
  readonly to: string;
}

/** A badge as I see it. */
export interface BadgeStatus {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly earned: boolean;
  readonly earnedAt: string | null;
  readonly progress: { readonly count: number; readonly threshold: number };
}

/** `GET /api/v1/me/gamification`. */
export interface MyGamification {
  readonly window: PointsWindow;
  readonly points: { readonly season: Points; readonly allTime: Points };
  readonly rank: number | null;
  readonly rankedPeople: number;
  readonly badges: readonly BadgeStatus[];
  readonly optOut: boolean;
}

/** A place on the people board. */
export interface PersonEntry {
  readonly rank: number;
  readonly userId: string;
  readonly username: string;
  readonly displayName: string;
  readonly points: Points;
}

/** `GET /api/v1/leaderboards/people`. */
export interface PeopleBoard {
  readonly window: PointsWindow;
  readonly teamId: string | null;
  readonly total: number;
  readonly entries: readonly PersonEntry[];
}

/** A place on the team board. */
export interface TeamEntry {
  readonly rank: number;
  readonly teamId: string;
  readonly slug: string;
  readonly name: string;
  readonly members: number;
  readonly points: number;
  readonly pointsPerMember: number;
  readonly breakdown: Omit<Points, 'total'>;
}

/** `GET /api/v1/leaderboards/teams`. */
export interface TeamBoard {
  readonly window: PointsWindow;
  readonly teams: readonly TeamEntry[];
}
