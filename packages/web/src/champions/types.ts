/** The hub's answers about champions (`routes/champion-routes.ts`). */

export interface ChampionPoints {
  readonly total: number;
  readonly triage: number;
  readonly fixes: number;
  readonly answers: number;
}

/** One entry of `GET /api/v1/champions`: a champion in one team. */
export interface ChampionEntry {
  readonly userId: string;
  readonly username: string;
  readonly displayName: string;
  readonly teamId: string;
  readonly teamName: string;
  readonly expertise: readonly string[];
  readonly activity: { readonly triaged90d: number; readonly lastActiveAt: string | null };
  readonly points: ChampionPoints;
}

export interface HomeFinding {
  readonly findingId: string;
  readonly title: string;
  readonly severity: string;
  readonly scanner: string;
  readonly ruleId: string;
  readonly projectId: string;
  readonly projectName: string;
  readonly openedAt: string;
}

export interface HomeSlaFinding extends HomeFinding {
  readonly slaDays: number;
  readonly dueAt: string;
  readonly assigneeId: string | null;
}

export interface HomeMetrics {
  readonly fixed: number;
  readonly mttrMeanDays: number | null;
  readonly mttrMedianDays: number | null;
  readonly slaCompliance: number | null;
  readonly open: number;
  readonly breaches: number;
}

/** `GET /api/v1/teams/:teamId/champion-home`. */
export interface ChampionHome {
  readonly teamId: string;
  readonly teamName: string;
  readonly generatedAt: string;
  readonly triage: { readonly total: number; readonly items: readonly HomeFinding[] };
  readonly slaDueSoon: { readonly total: number; readonly items: readonly HomeSlaFinding[] };
  readonly slaBreached: { readonly total: number; readonly items: readonly HomeSlaFinding[] };
  readonly questions: {
    readonly total: number;
    readonly items: readonly {
      readonly questionId: string;
      readonly title: string;
      readonly status: 'open' | 'escalated';
      readonly waitingSince: string;
    }[];
  };
  readonly metrics: {
    readonly window: { readonly from: string; readonly to: string };
    readonly team: HomeMetrics;
    readonly organisation: HomeMetrics;
  };
}
