import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { computeEscapeRate } from '../metrics/escape-rate.js';
import { fixDurations, fixedIntervalGroups } from '../metrics/mttr.js';
import { scaleSummary, summarizeInPlace } from '../metrics/statistics.js';
import { DAY, WEEK, weekStartOf } from '../metrics/time-units.js';
import { type ProjectScorecard, storedScores } from './posture-store.js';
import {
  type CheckFix,
  checkFix,
  checkTitle,
  POSTURE_CHECKS,
  type TemplateRef,
} from './score-checks.js';

// The organisation's view of the scorecards: roll-ups by team and organisation, the
// biggest gaps with their fixes, and the comparison of projects on and off the road.

/** A project the caller may read. */
export interface ScopedProject {
  readonly projectId: string;
  readonly name: string;
  readonly teamId: string;
  readonly teamName: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The rounded mean of scores; null for none. */
export function meanScore(scores: readonly number[]): number | null {
  if (scores.length === 0) return null;
  return Math.round(scores.reduce((a, b) => a + b, 0) / scores.length);
}

/** Weeks the organisation trend spans. */
export const TREND_WEEKS = 12;

/**
 * The organisation's weekly trend: for each of the last {@link TREND_WEEKS} ISO weeks (the
 * current one included), the mean of the projects' latest stored score at the week's end
 * (or now, for the current week). Stored scores are those computed when each scan arrived.
 */
export async function weeklyTrend(
  db: Kysely<Database>,
  projectIds: readonly string[],
  now: number,
): Promise<{ week: string; score: number | null; measured: number }[]> {
  const firstWeek = weekStartOf(now) - (TREND_WEEKS - 1) * WEEK;
  const rows = await storedScores(db, projectIds, firstWeek, now + 1);
  const latest = new Map<string, number | null>();
  const out: { week: string; score: number | null; measured: number }[] = [];
  let next = 0;
  for (let i = 0; i < TREND_WEEKS; i++) {
    const start = firstWeek + i * WEEK;
    const end = Math.min(start + WEEK, now + 1);
    while (next < rows.length && (rows[next]?.takenAt ?? 0) < end) {
      const row = rows[next++];
      if (row) latest.set(row.projectId, row.score);
    }
    const scores = [...latest.values()].filter((s): s is number => s !== null);
    out.push({ week: iso(start).slice(0, 10), score: meanScore(scores), measured: scores.length });
  }
  return out;
}

/** `GET /api/v1/paved-road/scores` without the trend. */
export function scoresReport(
  projects: readonly ScopedProject[],
  cards: ReadonlyMap<string, ProjectScorecard>,
) {
  const measured = projects.filter((p) => cards.has(p.projectId));
  const scoreOfProject = (p: ScopedProject) => cards.get(p.projectId)?.score;
  const scores = (list: readonly ScopedProject[]) =>
    list.map(scoreOfProject).filter((s): s is number => s !== undefined);
  const teams = new Map<string, { teamId: string; name: string; list: ScopedProject[] }>();
  for (const p of projects) {
    const team = teams.get(p.teamId) ?? { teamId: p.teamId, name: p.teamName, list: [] };
    team.list.push(p);
    teams.set(p.teamId, team);
  }
  const checks = new Map<string, { applicable: number; passing: number; failing: number }>();
  for (const id of POSTURE_CHECKS) checks.set(id, { applicable: 0, passing: 0, failing: 0 });
  for (const card of cards.values()) {
    for (const c of card.checks) {
      const entry = checks.get(c.id) ?? { applicable: 0, passing: 0, failing: 0 };
      if (c.status !== 'not-applicable') entry.applicable++;
      if (c.status === 'pass') entry.passing++;
      if (c.status === 'fail') entry.failing++;
      checks.set(c.id, entry);
    }
  }
  const checkOrder = (id: string) => {
    const i = (POSTURE_CHECKS as readonly string[]).indexOf(id);
    return i === -1 ? POSTURE_CHECKS.length : i;
  };
  return {
    organisation: {
      score: meanScore(scores(measured)),
      measured: measured.length,
      projects: projects.length,
    },
    teams: [...teams.values()]
      .map((t) => {
        const s = scores(t.list);
        return {
          teamId: t.teamId,
          name: t.name,
          score: meanScore(s),
          measured: s.length,
          projects: t.list.length,
        };
      })
      .sort((a, b) => a.name.localeCompare(b.name)),
    projects: projects.map((p) => {
      const card = cards.get(p.projectId);
      return {
        projectId: p.projectId,
        name: p.name,
        teamId: p.teamId,
        teamName: p.teamName,
        score: card?.score ?? null,
        measuredAt: card ? iso(card.measuredAt) : null,
        passed: card?.passed ?? 0,
        failed: card?.failed ?? 0,
      };
    }),
    checks: [...checks]
      .sort(([a], [b]) => checkOrder(a) - checkOrder(b) || a.localeCompare(b))
      .map(([id, counts]) => ({ id, title: checkTitle(id), ...counts })),
  };
}

/** One gap: a check the projects fail, with the fix. */
export interface Gap {
  readonly check: string;
  readonly title: string;
  readonly failing: number;
  readonly projects: readonly { projectId: string; name: string; teamName: string }[];
  readonly fix: CheckFix;
  readonly remedies: readonly { text: string; projects: number }[];
}

/**
 * The biggest gaps: each check some measured project fails, with those projects, the fix
 * (the check's fix text, the templates that provide it, the docs link) and, for paved-road
 * checks, the distinct remediation texts with how many projects need each; most failing
 * projects first, then by check id.
 */
export function gapsReport(
  projects: readonly ScopedProject[],
  cards: ReadonlyMap<string, ProjectScorecard>,
  templates: readonly TemplateRef[],
): Gap[] {
  const byCheck = new Map<string, { projects: ScopedProject[]; remedies: Map<string, number> }>();
  for (const p of projects) {
    const card = cards.get(p.projectId);
    for (const c of card?.checks ?? []) {
      if (c.status !== 'fail') continue;
      let gap = byCheck.get(c.id);
      if (!gap) {
        gap = { projects: [], remedies: new Map() };
        byCheck.set(c.id, gap);
      }
      gap.projects.push(p);
      for (const r of c.remedies) gap.remedies.set(r, (gap.remedies.get(r) ?? 0) + 1);
    }
  }
  return [...byCheck]
    .map(([id, gap]) => {
      return {
        check: id,
        title: checkTitle(id),
        failing: gap.projects.length,
        projects: gap.projects
          .map((p) => ({ projectId: p.projectId, name: p.name, teamName: p.teamName }))
          .sort((a, b) => a.name.localeCompare(b.name)),
        fix: checkFix(id, [], templates),
        remedies: [...gap.remedies]
          .map(([text, n]) => ({ text, projects: n }))
          .sort((a, b) => b.projects - a.projects || a.text.localeCompare(b.text)),
      };
    })
    .sort((a, b) => b.failing - a.failing || a.check.localeCompare(b.check));
}

/** Below these, a group's numbers are flagged as a small sample. */
export const LOW_SAMPLE = { projects: 5, fixed: 10 } as const;

/** One side of the comparison. */
export interface ComparisonGroup {
  readonly projects: number;
  readonly linesOfCode: number;
  /** Findings first detected in the window (one per project and fingerprint; false positives left out). */
  readonly findings: number;
  /**
   * The findings of the projects with lines of code ÷ (linesOfCode ÷ 1000): projects whose
   * latest snapshot reports 0 lines are left out of both; null when none has lines of code.
   */
  readonly findingsPerKloc: number | null;
  /** Projects whose latest snapshot reports 0 lines of code (left out of findingsPerKloc). */
  readonly noLinesOfCode: number;
  /** Open intervals fixed in the window. */
  readonly fixed: number;
  readonly mttrDays: { readonly mean: number; readonly median: number } | null;
  readonly escape: {
    readonly production: number;
    readonly pipeline: number;
    readonly rate: number | null;
  };
  readonly lowSample: boolean;
}

async function groupOf(
  db: Kysely<Database>,
  ids: readonly string[],
  cards: ReadonlyMap<string, ProjectScorecard>,
  window: { from: number; to: number },
): Promise<ComparisonGroup> {
  const query = { teamIds: null, projectIds: ids, ...window };
  const linesOfCode = ids.reduce((sum, id) => sum + (cards.get(id)?.linesOfCode ?? 0), 0);
  const counted = ids.filter((id) => (cards.get(id)?.linesOfCode ?? 0) > 0);
  const mttr = scaleSummary(
    summarizeInPlace(fixDurations(await fixedIntervalGroups(db, query))),
    DAY,
  );
  const escapes = await computeEscapeRate(db, query, { lateDisclosureLimit: 0 });
  // Late disclosures were detected in the window too: they count as findings (not as escapes).
  const findings = escapes.findings + escapes.lateDisclosures;
  // The findings of the projects that have lines of code (all of them, usually).
  let perKlocFindings = findings;
  if (counted.length < ids.length && counted.length > 0) {
    const some = await computeEscapeRate(
      db,
      { ...query, projectIds: counted },
      { lateDisclosureLimit: 0 },
    );
    perKlocFindings = some.findings + some.lateDisclosures;
  }
  return {
    projects: ids.length,
    linesOfCode,
    findings,
    findingsPerKloc: counted.length === 0 ? null : perKlocFindings / (linesOfCode / 1000),
    noLinesOfCode: ids.length - counted.length,
    fixed: mttr.count,
    mttrDays:
      mttr.mean === null || mttr.median === null ? null : { mean: mttr.mean, median: mttr.median },
    escape: {
      production: escapes.escaped,
      pipeline: escapes.findings - escapes.escaped,
      rate: escapes.rate,
    },
    lowSample: ids.length < LOW_SAMPLE.projects || mttr.count < LOW_SAMPLE.fixed,
  };
}

/**
 * Projects on the road (current score ≥ `threshold`) against those off it, over the window
 * [now − days, now): findings per thousand lines, MTTR and escape rate, each group with its
 * sample sizes and a `lowSample` flag. Unmeasured projects are counted apart.
 */
export async function comparisonReport(
  db: Kysely<Database>,
  projects: readonly ScopedProject[],
  cards: ReadonlyMap<string, ProjectScorecard>,
  options: { readonly threshold: number; readonly days: number; readonly now: number },
) {
  const to = options.now;
  const from = to - options.days * DAY;
  const on: string[] = [];
  const off: string[] = [];
  let unmeasured = 0;
  for (const p of projects) {
    const card = cards.get(p.projectId);
    if (card === undefined) unmeasured++;
    else if (card.score >= options.threshold) on.push(p.projectId);
    else off.push(p.projectId);
  }
  const onRoad = await groupOf(db, on, cards, { from, to });
  const offRoad = await groupOf(db, off, cards, { from, to });
  return {
    threshold: options.threshold,
    from: iso(from),
    to: iso(to),
    onRoad,
    offRoad,
    unmeasured: { projects: unmeasured },
    lowSample: onRoad.lowSample || offRoad.lowSample,
  };
}
