import type { Catalog } from '@rampart/training';
import type { HubDatabase } from '../db/database.js';
import {
  completionsOf,
  type ModuleStatus,
  NOT_STARTED,
  recentAttempts,
  statusByModule,
} from './attempt-store.js';
import {
  byRank,
  type ModuleSummary,
  type RecommendationCause,
  teamRecommendations,
} from './recommendations.js';

/** How many of their latest attempts a person's page shows. */
export const RECENT_ATTEMPTS = 20;

/** A module recommended to a person through one or more of their teams. */
export interface PersonalRecommendation extends ModuleStatus {
  readonly module: ModuleSummary;
  /** The highest of its teams' scores. */
  readonly score: number;
  /** Its languages meet those of one of the teams (or are `any`). */
  readonly languageMatch: boolean;
  /** The teams it is recommended to, the highest score first, with what caused it there. */
  readonly teams: readonly {
    readonly teamId: string;
    readonly teamName: string;
    readonly score: number;
    readonly causes: readonly RecommendationCause[];
  }[];
}

/**
 * A person's training page: the recommendations of each of their teams merged (a module's
 * score is its highest team score; ranked like a team's list; modules they completed stay,
 * marked `completed`), their completions (the newest first) and their latest attempts.
 */
export async function myTraining(
  database: HubDatabase,
  catalog: Catalog,
  user: { readonly userId: string; readonly teamIds: readonly string[] },
  now: number,
) {
  const status = await statusByModule(database, user.userId);
  const merged = new Map<string, PersonalRecommendation>();
  for (const teamId of user.teamIds) {
    const team = await teamRecommendations(database, catalog, teamId, now);
    for (const r of team?.recommendations ?? []) {
      const known = merged.get(r.module.id);
      const via = {
        teamId: team?.teamId ?? teamId,
        teamName: team?.teamName ?? '',
        score: r.score,
        causes: r.causes,
      };
      merged.set(r.module.id, {
        ...(status.get(r.module.id) ?? NOT_STARTED),
        module: r.module,
        score: Math.max(known?.score ?? 0, r.score),
        languageMatch: (known?.languageMatch ?? false) || r.languageMatch,
        teams: [...(known?.teams ?? []), via].sort(
          (a, b) => b.score - a.score || a.teamName.localeCompare(b.teamName),
        ),
      });
    }
  }
  const completions = (await completionsOf(database, user.userId)).map((c) => ({
    ...c,
    title: catalog.byId(c.moduleId)?.title ?? null,
  }));
  const attempts = (await recentAttempts(database, user.userId, RECENT_ATTEMPTS)).map((a) => ({
    ...a,
    title: catalog.byId(a.moduleId)?.title ?? null,
  }));
  return {
    recommendations: [...merged.values()].sort(byRank),
    completions,
    recentAttempts: attempts,
  };
}
