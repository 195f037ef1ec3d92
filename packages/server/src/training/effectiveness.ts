import type { Catalog } from '@rampart/training';
import type { HubDatabase } from '../db/database.js';
import { trainingDb } from './tables.js';

// "Does it work?": per team, module and CWE, the rate of new findings before and after the
// team completed the module. A before/after comparison, not proof: other things change too.

const DAY = 24 * 60 * 60 * 1000;

/** The longest window on each side of the team's completion date. */
export const EFFECT_WINDOW_MS = 180 * DAY;
/** Below this many findings on a side, the comparison is flagged `lowSample`. */
export const LOW_SAMPLE_FINDINGS = 5;
/** Below this many days observed on a side, the comparison is flagged `lowSample`. */
export const LOW_SAMPLE_DAYS = 30;

/** One side of a comparison. */
export interface EffectSide {
  /** The side's start and end (ISO 8601). */
  readonly from: string;
  readonly to: string;
  /** New findings (first seen in the side; false positives left out). */
  readonly findings: number;
  /** Days observed: the side's length, less any part before the team's first scan. */
  readonly days: number;
  /** Findings per 30 days observed (2 decimals); null when no day was observed. */
  readonly per30Days: number | null;
}

/** Before and after for one CWE the module teaches. */
export interface CweEffect {
  readonly cwe: string;
  readonly before: EffectSide;
  readonly after: EffectSide;
  /** Either side has fewer than 5 findings or fewer than 30 days observed. */
  readonly lowSample: boolean;
}

/** A module at least one of the team's members passed. */
export interface ModuleEffect {
  readonly module: {
    readonly id: string;
    readonly title: string | null;
    readonly cwe: readonly string[];
  };
  readonly members: number;
  readonly passed: number;
  /** `passed / members`, 2 decimals. */
  readonly share: number;
  /** When at least half of the members had passed (ISO 8601); null: not yet. */
  readonly teamCompletedAt: string | null;
  /** Per CWE; empty while not yet completed by the team. */
  readonly cwes: readonly CweEffect[];
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * The effectiveness of each module at least one of the team's enabled members passed.
 * The team completed a module when at least half of its enabled members (today's) had
 * passed it: the date of the `ceil(members / 2)`-th pass. For each CWE of the module, the
 * team's new findings with that CWE (first seen; false positives left out) are counted in
 * the window before and after that date, both as long as the time since (at most 180 days);
 * the before side's days start no earlier than the team's first scan. Returns undefined
 * when the team does not exist.
 */
export async function teamEffectiveness(
  database: HubDatabase,
  catalog: Catalog,
  teamId: string,
  now: number,
) {
  const db = trainingDb(database.db);
  const team = await db
    .selectFrom('teams')
    .select(['id', 'name'])
    .where('id', '=', teamId)
    .executeTakeFirst();
  if (team === undefined) return undefined;
  const memberRows = await db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select('users.id')
    .where('memberships.team_id', '=', teamId)
    .where('users.disabled', '=', 0)
    .execute();
  const members = memberRows.length;
  const passes = await db
    .selectFrom('training_completions')
    .innerJoin('memberships', 'memberships.user_id', 'training_completions.user_id')
    .innerJoin('users', 'users.id', 'training_completions.user_id')
    .select(['training_completions.module_id', 'training_completions.completed_at'])
    .where('memberships.team_id', '=', teamId)
    .where('users.disabled', '=', 0)
    .orderBy('training_completions.module_id')
    .orderBy('training_completions.completed_at')
    .execute();
  const byModule = new Map<string, number[]>();
  for (const p of passes) {
    const list = byModule.get(p.module_id) ?? [];
    list.push(Number(p.completed_at));
    byModule.set(p.module_id, list);
  }
  const firstScan = await db
    .selectFrom('scans')
    .innerJoin('projects', 'projects.id', 'scans.project_id')
    .select((eb) => eb.fn.min('scans.ran_at').as('first'))
    .where('projects.team_id', '=', teamId)
    .executeTakeFirst();
  const observedFrom = firstScan?.first == null ? null : Number(firstScan.first);

  const countFindings = async (cwe: string, from: number, to: number) => {
    const row = await db
      .selectFrom('findings')
      .innerJoin('projects', 'projects.id', 'findings.project_id')
      .innerJoin('finding_cwes', 'finding_cwes.finding_id', 'findings.id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('projects.team_id', '=', teamId)
      .where('finding_cwes.cwe', '=', cwe)
      .where('findings.status', '!=', 'false_positive')
      .where('findings.first_seen_at', '>=', from)
      .where('findings.first_seen_at', '<', to)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  const side = async (cwe: string, from: number, to: number, observedStart: number) => {
    const findings = await countFindings(cwe, from, to);
    const ms = Math.max(0, to - observedStart);
    return {
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      findings,
      days: Math.round((ms / DAY) * 10) / 10,
      per30Days: ms === 0 ? null : round2((findings * 30 * DAY) / ms),
    };
  };

  const modules: ModuleEffect[] = [];
  const threshold = Math.max(1, Math.ceil(members / 2));
  for (const [moduleId, dates] of byModule) {
    const module = catalog.byId(moduleId);
    const cweList = module?.cwe ?? [];
    const reached = dates.length >= threshold ? (dates[threshold - 1] as number) : null;
    const cwes: CweEffect[] = [];
    if (reached !== null) {
      const length = Math.min(EFFECT_WINDOW_MS, Math.max(0, now - reached));
      const start = reached - length;
      const beforeObserved = observedFrom === null ? reached : Math.max(start, observedFrom);
      for (const cwe of cweList) {
        const before = await side(cwe, start, reached, Math.min(beforeObserved, reached));
        const after = await side(cwe, reached, reached + length, reached);
        cwes.push({
          cwe,
          before,
          after,
          lowSample:
            Math.min(before.findings, after.findings) < LOW_SAMPLE_FINDINGS ||
            Math.min(before.days, after.days) < LOW_SAMPLE_DAYS,
        });
      }
    }
    modules.push({
      module: { id: moduleId, title: module?.title ?? null, cwe: [...cweList] },
      members,
      passed: dates.length,
      share: members === 0 ? 0 : round2(dates.length / members),
      teamCompletedAt: reached === null ? null : new Date(reached).toISOString(),
      cwes,
    });
  }
  modules.sort(
    (a, b) =>
      Number(b.teamCompletedAt !== null) - Number(a.teamCompletedAt !== null) ||
      b.share - a.share ||
      a.module.id.localeCompare(b.module.id),
  );
  return {
    teamId: team.id,
    teamName: team.name,
    members,
    generatedAt: new Date(now).toISOString(),
    modules,
  };
}
