import type { Severity } from '@rampart/core';
import type { Catalog, Language, TrainingModule } from '@rampart/training';
import type { HubDatabase } from '../db/database.js';
import { trainingDb } from './tables.js';
import { languageOfPath } from './team-languages.js';

/** The findings a recommendation looks at: first seen in the last 90 days. */
export const RECOMMENDATION_WINDOW_MS = 90 * 24 * 60 * 60 * 1000;

/** What one finding of a severity adds to each of its CWEs' weight. */
export const SEVERITY_WEIGHTS: Readonly<Record<Severity, number>> = {
  critical: 10,
  high: 5,
  medium: 2,
  low: 1,
  info: 0,
};

const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;

/** Findings counted by severity. */
export type SeverityCounts = Record<Severity, number>;

/** What a module's list entry shows of it. */
export interface ModuleSummary {
  readonly id: string;
  readonly title: string;
  readonly summary: string;
  readonly cwe: readonly string[];
  readonly languages: readonly string[];
  readonly frameworks: readonly string[];
  readonly level: string;
  readonly minutes: number;
  readonly questionCount: number;
  readonly source: 'built-in' | 'organisation';
}

/** A module's list entry. */
export function moduleSummary(module: TrainingModule): ModuleSummary {
  return {
    id: module.id,
    title: module.title,
    summary: module.summary,
    cwe: [...module.cwe],
    languages: [...module.languages],
    frameworks: [...module.frameworks],
    level: module.level,
    minutes: module.minutes,
    questionCount: module.quiz.length,
    source: module.source,
  };
}

/** One CWE's part in a recommendation. */
export interface RecommendationCause {
  readonly cwe: string;
  /** The sum of the severity weights of the CWE's findings. */
  readonly score: number;
  readonly findings: SeverityCounts;
}

/** A module recommended to a team. */
export interface TeamRecommendation {
  readonly module: ModuleSummary;
  /** The sum of its CWEs' scores. */
  readonly score: number;
  /** Its languages include one of the team's, or `any`. */
  readonly languageMatch: boolean;
  /** The team's CWEs it teaches, the highest score first. */
  readonly causes: readonly RecommendationCause[];
  /** How many of the team's (enabled) members passed it. */
  readonly completedBy: number;
  readonly members: number;
}

/** A team's recommendations. */
export interface TeamRecommendations {
  readonly teamId: string;
  readonly teamName: string;
  /** The start of the window (ISO 8601): findings first seen since then count. */
  readonly since: string;
  /** The team's languages, from its findings' paths (sorted); empty when none shows. */
  readonly languages: readonly Language[];
  readonly recommendations: readonly TeamRecommendation[];
}

/** The order of recommendations: score, then language match, then module id. */
export function byRank(
  a: { score: number; languageMatch: boolean; module: { id: string } },
  b: { score: number; languageMatch: boolean; module: { id: string } },
): number {
  return (
    b.score - a.score ||
    Number(b.languageMatch) - Number(a.languageMatch) ||
    a.module.id.localeCompare(b.module.id)
  );
}

/**
 * The modules a team should take, ranked. The team's findings first seen in the last
 * {@link RECOMMENDATION_WINDOW_MS} (any status but false positive) each weigh
 * {@link SEVERITY_WEIGHTS} by effective severity (an override wins); a CWE's score is the
 * sum over its findings (a finding with two CWEs counts for both); a module's score is the
 * sum of the scores of the CWEs it teaches (`catalog.forCwe`). Modules scoring 0 are left
 * out. Order: score, then modules whose languages meet the team's (or are `any`) first,
 * then id. Returns undefined when the team does not exist.
 */
export async function teamRecommendations(
  database: HubDatabase,
  catalog: Catalog,
  teamId: string,
  now: number,
): Promise<TeamRecommendations | undefined> {
  const db = trainingDb(database.db);
  const team = await db
    .selectFrom('teams')
    .select(['id', 'name'])
    .where('id', '=', teamId)
    .executeTakeFirst();
  if (team === undefined) return undefined;
  const since = now - RECOMMENDATION_WINDOW_MS;
  // One row per finding and CWE (a finding without CWE: one row, cwe null). The path comes
  // from `finding_search` (title, rule id and location, one per line): a narrow row per
  // finding, instead of parsing every finding's whole JSON report.
  const rows = await db
    .selectFrom('findings')
    .innerJoin('projects', 'projects.id', 'findings.project_id')
    .leftJoin('finding_cwes', 'finding_cwes.finding_id', 'findings.id')
    .leftJoin('finding_search', 'finding_search.finding_id', 'findings.id')
    .select([
      'findings.id',
      'findings.severity',
      'findings.severity_override',
      'findings.scanner',
      'findings.rule_id',
      'finding_cwes.cwe',
      'finding_search.text',
    ])
    .where('projects.team_id', '=', teamId)
    .where('findings.first_seen_at', '>=', since)
    .where('findings.status', '!=', 'false_positive')
    .execute();

  const languages = new Set<Language>();
  const byCwe = new Map<string, { score: number; findings: SeverityCounts }>();
  const seenPaths = new Set<string>();
  for (const row of rows) {
    if (!seenPaths.has(row.id)) {
      seenPaths.add(row.id);
      // Only file-based scanners have a path as their location (dependencies have a package
      // name there, DAST a URL).
      if (row.text !== null && ['sast', 'secrets', 'iac'].includes(row.scanner)) {
        const path = row.text.slice(row.text.lastIndexOf('\n') + 1);
        const language = languageOfPath({ path, scanner: row.scanner, ruleId: row.rule_id });
        if (language) languages.add(language);
      }
    }
    if (row.cwe === null) continue;
    const severity = (row.severity_override ?? row.severity) as Severity;
    if (!(severity in SEVERITY_WEIGHTS)) continue;
    const entry = byCwe.get(row.cwe) ?? { score: 0, findings: emptyCounts() };
    entry.score += SEVERITY_WEIGHTS[severity];
    entry.findings[severity] += 1;
    byCwe.set(row.cwe, entry);
  }

  const causesByModule = new Map<
    string,
    { module: TrainingModule; causes: RecommendationCause[] }
  >();
  for (const [cwe, entry] of byCwe)
    for (const module of catalog.forCwe(cwe)) {
      const found = causesByModule.get(module.id) ?? { module, causes: [] };
      found.causes.push({ cwe, score: entry.score, findings: entry.findings });
      causesByModule.set(module.id, found);
    }

  const { members, completedBy } = await teamCompletions(database, teamId, [
    ...causesByModule.keys(),
  ]);
  const recommendations: TeamRecommendation[] = [];
  for (const { module, causes } of causesByModule.values()) {
    const score = causes.reduce((sum, c) => sum + c.score, 0);
    if (score === 0) continue;
    recommendations.push({
      module: moduleSummary(module),
      score,
      languageMatch: module.languages.some((l) => l === 'any' || languages.has(l)),
      causes: causes.sort((a, b) => b.score - a.score || a.cwe.localeCompare(b.cwe)),
      completedBy: completedBy.get(module.id) ?? 0,
      members,
    });
  }
  recommendations.sort(byRank);
  return {
    teamId: team.id,
    teamName: team.name,
    since: new Date(since).toISOString(),
    languages: [...languages].sort(),
    recommendations,
  };
}

function emptyCounts(): SeverityCounts {
  return Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as SeverityCounts;
}

/** The team's enabled members, and how many of them completed each module. */
async function teamCompletions(
  database: HubDatabase,
  teamId: string,
  moduleIds: readonly string[],
): Promise<{ members: number; completedBy: Map<string, number> }> {
  const db = trainingDb(database.db);
  const members = await db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('memberships.team_id', '=', teamId)
    .where('users.disabled', '=', 0)
    .executeTakeFirstOrThrow();
  const completedBy = new Map<string, number>();
  if (moduleIds.length > 0) {
    const rows = await db
      .selectFrom('training_completions')
      .innerJoin('memberships', 'memberships.user_id', 'training_completions.user_id')
      .innerJoin('users', 'users.id', 'training_completions.user_id')
      .select((eb) => ['training_completions.module_id', eb.fn.countAll<number>().as('n')])
      .where('memberships.team_id', '=', teamId)
      .where('users.disabled', '=', 0)
      .where('training_completions.module_id', 'in', [...moduleIds])
      .groupBy('training_completions.module_id')
      .execute();
    for (const row of rows) completedBy.set(row.module_id, Number(row.n));
  }
  return { members: Number(members.n), completedBy };
}
