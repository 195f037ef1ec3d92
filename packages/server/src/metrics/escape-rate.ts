import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import { readDetections } from './detection-cells.js';
import {
  advisoryPublishedAt,
  isLateDisclosure,
  lateDisclosureCandidate,
} from './late-disclosure.js';
import {
  type MetricsQuery,
  notFalsePositiveAt,
  num,
  numOrNull,
  scopeCondition,
  severityOf,
  weekStart,
} from './metrics-sql.js';
import {
  compareSeverityNames,
  groupBy,
  loadTeams,
  ratio,
  type TeamRef,
  teamRefOf,
  type WeekRef,
  type WindowRef,
  weekRef,
  windowRef,
} from './report-support.js';
import { weekStartOf, weeksOverlapping } from './time-units.js';

/** Escape-rate counts of one group. */
export interface EscapeCounts {
  /** Unique findings first detected in the window, late disclosures excluded. */
  readonly findings: number;
  /** Of those, first detected at `production`: the pipeline missed them. */
  readonly escaped: number;
  /** escaped / findings; null when there are no findings. */
  readonly rate: number | null;
  /** First detected at `production`, advisory published after the project reached it. */
  readonly lateDisclosures: number;
}

/** A late disclosure, listed on its own. */
export interface LateDisclosure {
  readonly findingId: string;
  readonly projectId: string;
  readonly title: string;
  readonly severity: string;
  readonly detectedAt: string;
  readonly publishedAt: string;
  readonly firstProductionScanAt: string;
}

/** Vulnerability escape rate, by team, severity and ISO week of first detection. */
export interface EscapeRateReport extends EscapeCounts {
  readonly window: WindowRef;
  readonly byTeam: readonly (TeamRef & EscapeCounts)[];
  readonly bySeverity: readonly ({ readonly severity: string } & EscapeCounts)[];
  readonly byWeek: readonly (WeekRef & EscapeCounts)[];
  /** The late disclosures (the first `lateDisclosureLimit`, oldest detection first). */
  readonly lateDisclosureFindings: readonly LateDisclosure[];
}

interface Cell {
  readonly teamId: string;
  readonly severity: string;
  readonly week: number;
  findings: number;
  escaped: number;
  lateDisclosures: number;
}

/**
 * Vulnerability escape rate (DESIGN.md): of the unique findings (one per project and
 * fingerprint) first detected in [from, to), the share first detected at `production`.
 * Late disclosures are removed from both numerator and denominator and counted apart.
 * False positives (at `to`) are left out. Counting is done in SQL, grouped by team,
 * severity, stage and week: whole weeks from the cells of first detections
 * (detection-cells.ts) where they hold what the rows would give, the rest from the finding
 * rows. Only production-first findings that carry an advisory publication time are read
 * one by one, to decide late disclosure (a partial index of them, 0031).
 */
export async function computeEscapeRate(
  db: Kysely<Database>,
  query: MetricsQuery,
  options: { readonly lateDisclosureLimit?: number } = {},
): Promise<EscapeRateReport> {
  // The finding row keeps its first detection (time and stage), as the lifecycle derived it
  // from the scans: `findings (first_seen_at)` selects the window.
  const detectedInWindow = sql`f.first_seen_at >= ${query.from} and f.first_seen_at < ${query.to}
    and ${scopeCondition(query)} and ${notFalsePositiveAt(query.to, 'f.id')}`;
  type Counted = {
    team_id: string;
    severity: string;
    production: unknown;
    week: unknown;
    n: unknown;
  };
  // Whole weeks from the cells of first detections where they hold what the rows would give,
  // the rest from the finding rows, in one snapshot.
  const counted: Counted[] = [];
  const countedRead = readDetections(
    db,
    query,
    { openAtTo: false },
    {
      async rows(reader, source, window) {
        const { rows } = await sql<Counted>`select team_id, severity, production, week,
            count(*) as n from (
              select p.team_id as team_id, ${severityOf} as severity,
                case when f.first_seen_stage = 'production' then 1 else 0 end as production,
                ${weekStart(sql`f.first_seen_at`)} as week
              from ${source} f join projects p on p.id = f.project_id
              where ${window} and ${scopeCondition(query)}
                and ${notFalsePositiveAt(query.to, 'f.id')}
            ) q group by team_id, severity, production, week`.execute(reader);
        counted.push(...rows);
      },
      async cells(reader, inCells) {
        const production = sql`case when c.stage = 'production' then 1 else 0 end`;
        const { rows } = await sql<Counted>`select c.team_id as team_id,
            c.severity as severity, ${production} as production, c.week as week, sum(c.n) as n
          from detection_cells c where c.cwe = '' and ${inCells}
          group by c.team_id, c.severity, ${production}, c.week`.execute(reader);
        counted.push(...rows);
      },
    },
  );
  const candidatesRead = sql<{
    id: string;
    project_id: string;
    title: string;
    data: string;
    team_id: string;
    severity: string;
    detected_at: unknown;
    first_production_at: unknown;
  }>`select f.id as id, f.project_id as project_id, f.title as title, f.data as data,
        p.team_id as team_id, ${severityOf} as severity, f.first_seen_at as detected_at,
        (select min(sc.ran_at) from scans sc
          where sc.project_id = f.project_id and sc.stage = 'production') as first_production_at
      from findings f join projects p on p.id = f.project_id
      where ${detectedInWindow} and ${lateDisclosureCandidate('f')}
      order by f.first_seen_at, f.id`.execute(db);

  // Two independent reads: on PostgreSQL each runs on a connection of its own, at once.
  const [, candidates] = await Promise.all([countedRead, candidatesRead]);
  const cells = new Map<string, Cell>();
  const cellOf = (teamId: string, severity: string, week: number): Cell => {
    const key = JSON.stringify([teamId, severity, week]);
    let cell = cells.get(key);
    if (!cell) {
      cell = { teamId, severity, week, findings: 0, escaped: 0, lateDisclosures: 0 };
      cells.set(key, cell);
    }
    return cell;
  };
  for (const row of counted) {
    const cell = cellOf(row.team_id, row.severity, num(row.week));
    const n = num(row.n);
    cell.findings += n;
    if (num(row.production) === 1) cell.escaped += n;
  }
  const late: LateDisclosure[] = [];
  for (const row of candidates.rows) {
    const publishedAt = advisoryPublishedAt(row.data);
    const firstProduction = numOrNull(row.first_production_at);
    if (!isLateDisclosure(publishedAt, firstProduction)) continue;
    const detectedAt = num(row.detected_at);
    // weekStartOf is the same arithmetic as the SQL weekStart: the finding's own cell.
    const cell = cellOf(row.team_id, row.severity, weekStartOf(detectedAt));
    cell.findings -= 1;
    cell.escaped -= 1;
    cell.lateDisclosures += 1;
    late.push({
      findingId: row.id,
      projectId: row.project_id,
      title: row.title,
      severity: row.severity,
      detectedAt: new Date(detectedAt).toISOString(),
      publishedAt: new Date(publishedAt as number).toISOString(),
      firstProductionScanAt: new Date(firstProduction as number).toISOString(),
    });
  }

  const all = [...cells.values()];
  const teams = await loadTeams(
    db,
    all.map((c) => c.teamId),
  );
  const weeks = groupBy(all, (c) => c.week);
  return {
    window: windowRef(query),
    ...totals(all),
    byTeam: [...groupBy(all, (c) => c.teamId)]
      .map(([teamId, list]) => ({ ...teamRefOf(teams, teamId), ...totals(list) }))
      .sort((a, b) => a.teamSlug.localeCompare(b.teamSlug)),
    bySeverity: [...groupBy(all, (c) => c.severity)]
      .sort(([a], [b]) => compareSeverityNames(a, b))
      .map(([severity, list]) => ({ severity, ...totals(list) })),
    byWeek: weeksOverlapping(query.from, query.to).map((w) => ({
      ...weekRef(w),
      ...totals(weeks.get(w) ?? []),
    })),
    lateDisclosureFindings: late.slice(0, options.lateDisclosureLimit ?? 100),
  };
}

function totals(cells: readonly Cell[]): EscapeCounts {
  let findings = 0;
  let escaped = 0;
  let lateDisclosures = 0;
  for (const c of cells) {
    findings += c.findings;
    escaped += c.escaped;
    lateDisclosures += c.lateDisclosures;
  }
  return { findings, escaped, rate: ratio(escaped, findings), lateDisclosures };
}
