import { sql } from 'kysely';
import type { HubDatabase } from '../db/database.js';
import { UNRESOLVED_FEEDBACK } from './feedback-store.js';
import { feedbackDb } from './tables.js';

/** The default window of the statistics: the last 90 days. */
export const RULE_STATS_WINDOW_MS = 90 * 24 * 60 * 60 * 1000;

/** Under this many findings in the window, a rule's rates are flagged `lowSample`. */
export const LOW_SAMPLE_FINDINGS = 10;

/** How many reporting teams a rule lists. */
const TOP_TEAMS = 3;

/** A rule's statistics over a window. */
export interface RuleStats {
  readonly scanner: string;
  readonly ruleId: string;
  /** Findings of the rule first seen in the window. */
  readonly detected: number;
  /** Of those, the ones whose current status is a triage verdict (false positive or accepted risk). */
  readonly triaged: number;
  readonly falsePositives: number;
  readonly acceptedRisks: number;
  /** falsePositives ÷ detected; null when nothing was detected. */
  readonly fpRate: number | null;
  /** falsePositives ÷ triaged; null when nothing was triaged. */
  readonly fpShareOfTriaged: number | null;
  /** The number the rates are computed over: `detected`. */
  readonly sampleSize: number;
  /** Fewer than {@link LOW_SAMPLE_FINDINGS} findings: the rates say little. */
  readonly lowSample: boolean;
  /** Feedback on the rule still open or acknowledged, whenever filed. */
  readonly openFeedback: number;
  /** Feedback on the rule filed in the window. */
  readonly feedback: number;
  /** The teams that filed the most feedback in the window, most first. */
  readonly topTeams: readonly {
    readonly teamId: string;
    readonly teamName: string;
    readonly count: number;
  }[];
}

/** What {@link ruleStats} counts. */
export interface RuleStatsOptions {
  /** Window start (inclusive), epoch ms. */
  readonly from: number;
  /** Window end (inclusive), epoch ms. */
  readonly to: number;
  /** Only findings of these teams' projects and feedback of these teams; undefined: all. */
  readonly teamIds?: readonly string[] | undefined;
  /** Only this rule. */
  readonly rule?: { readonly scanner: string; readonly ruleId: string } | undefined;
  readonly scanner?: string | undefined;
  /** Leave out rules with fewer findings in the window. */
  readonly minFindings?: number | undefined;
}

const ratio = (part: number, whole: number) =>
  whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;

/**
 * The per-rule statistics over a window, in two aggregate queries (findings, feedback),
 * whatever the number of rules. A finding counts by its CURRENT status: one marked a false
 * positive and later reopened counts as not triaged; verdicts set by a triage rule count
 * like a person's. Rules with feedback but no finding in the window are listed too (rates
 * null). Sorted by `fpRate` (highest first, null last), then `detected`, then by rule.
 */
export async function ruleStats(
  database: HubDatabase,
  options: RuleStatsOptions,
): Promise<RuleStats[]> {
  const db = feedbackDb(database.db);
  const teams = options.teamIds;
  if (teams !== undefined && teams.length === 0) return [];
  const count = (status: string) =>
    sql<number>`sum(case when ${sql.ref('f.status')} = ${status} then 1 else 0 end)`;

  let findings = db
    .selectFrom('findings as f')
    .select([
      'f.scanner',
      'f.rule_id',
      (eb) => eb.fn.countAll<number>().as('detected'),
      count('false_positive').as('false_positives'),
      count('risk_accepted').as('accepted_risks'),
    ])
    .where('f.first_seen_at', '>=', options.from)
    .where('f.first_seen_at', '<=', options.to)
    .groupBy(['f.scanner', 'f.rule_id']);
  if (teams !== undefined)
    findings = findings.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('projects as p')
          .select('p.id')
          .whereRef('p.id', '=', 'f.project_id')
          .where('p.team_id', 'in', [...teams]),
      ),
    );
  if (options.rule !== undefined)
    findings = findings
      .where('f.scanner', '=', options.rule.scanner)
      .where('f.rule_id', '=', options.rule.ruleId);
  if (options.scanner !== undefined) findings = findings.where('f.scanner', '=', options.scanner);

  const unresolved = sql.join(UNRESOLVED_FEEDBACK.map((s) => sql.lit(s)));
  let feedback = db
    .selectFrom('rule_feedback as r')
    .innerJoin('teams as t', 't.id', 'r.team_id')
    .select([
      'r.scanner',
      'r.rule_id',
      'r.team_id',
      't.name as team_name',
      sql<number>`sum(case when ${sql.ref('r.status')} in (${unresolved}) then 1 else 0 end)`.as(
        'open',
      ),
      sql<number>`sum(case when ${sql.ref('r.created_at')} >= ${options.from} and ${sql.ref(
        'r.created_at',
      )} <= ${options.to} then 1 else 0 end)`.as('in_window'),
    ])
    .where((eb) =>
      eb.or([
        eb('r.status', 'in', [...UNRESOLVED_FEEDBACK]),
        eb.and([eb('r.created_at', '>=', options.from), eb('r.created_at', '<=', options.to)]),
      ]),
    )
    .groupBy(['r.scanner', 'r.rule_id', 'r.team_id', 't.name']);
  if (teams !== undefined) feedback = feedback.where('r.team_id', 'in', [...teams]);
  if (options.rule !== undefined)
    feedback = feedback
      .where('r.scanner', '=', options.rule.scanner)
      .where('r.rule_id', '=', options.rule.ruleId);
  if (options.scanner !== undefined) feedback = feedback.where('r.scanner', '=', options.scanner);

  const [findingRows, feedbackRows] = await Promise.all([findings.execute(), feedback.execute()]);

  interface Acc {
    scanner: string;
    ruleId: string;
    detected: number;
    falsePositives: number;
    acceptedRisks: number;
    openFeedback: number;
    feedback: number;
    teams: { teamId: string; teamName: string; count: number }[];
  }
  const byRule = new Map<string, Acc>();
  const acc = (scanner: string, ruleId: string): Acc => {
    const key = `${scanner}\u0000${ruleId}`;
    let a = byRule.get(key);
    if (a === undefined) {
      a = {
        scanner,
        ruleId,
        detected: 0,
        falsePositives: 0,
        acceptedRisks: 0,
        openFeedback: 0,
        feedback: 0,
        teams: [],
      };
      byRule.set(key, a);
    }
    return a;
  };
  for (const r of findingRows) {
    const a = acc(r.scanner, r.rule_id);
    a.detected = Number(r.detected);
    a.falsePositives = Number(r.false_positives ?? 0);
    a.acceptedRisks = Number(r.accepted_risks ?? 0);
  }
  for (const r of feedbackRows) {
    const a = acc(r.scanner, r.rule_id);
    a.openFeedback += Number(r.open ?? 0);
    const inWindow = Number(r.in_window ?? 0);
    a.feedback += inWindow;
    if (inWindow > 0) a.teams.push({ teamId: r.team_id, teamName: r.team_name, count: inWindow });
  }
  const minFindings = options.minFindings ?? 0;
  const stats: RuleStats[] = [...byRule.values()]
    .filter((a) => a.detected >= minFindings)
    .map((a) => {
      const triaged = a.falsePositives + a.acceptedRisks;
      return {
        scanner: a.scanner,
        ruleId: a.ruleId,
        detected: a.detected,
        triaged,
        falsePositives: a.falsePositives,
        acceptedRisks: a.acceptedRisks,
        fpRate: ratio(a.falsePositives, a.detected),
        fpShareOfTriaged: ratio(a.falsePositives, triaged),
        sampleSize: a.detected,
        lowSample: a.detected < LOW_SAMPLE_FINDINGS,
        openFeedback: a.openFeedback,
        feedback: a.feedback,
        topTeams: a.teams
          .sort((x, y) => y.count - x.count || x.teamName.localeCompare(y.teamName))
          .slice(0, TOP_TEAMS),
      };
    });
  // Sorted here, not by the database: the same order whatever its collation.
  return stats.sort(
    (x, y) =>
      (y.fpRate ?? -1) - (x.fpRate ?? -1) ||
      y.detected - x.detected ||
      (x.scanner < y.scanner ? -1 : x.scanner > y.scanner ? 1 : 0) ||
      (x.ruleId < y.ruleId ? -1 : x.ruleId > y.ruleId ? 1 : 0),
  );
}
