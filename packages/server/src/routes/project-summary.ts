import { SEVERITIES } from '@rampart/core';
import { type Kysely, sql } from 'kysely';
import { chunks } from '../lifecycle/project-lock.js';
import type { LifecycleDatabase } from '../lifecycle/tables.js';
import { describeScan, SCAN_COLUMNS, scansWithUploader } from './project-scan-routes.js';

/** Open findings by effective severity, and their total. */
export type SeverityCounts = Record<(typeof SEVERITIES)[number] | 'total', number>;

/** A project's risk at a glance, as the projects list shows it. */
export interface ProjectSummary {
  /** Open findings (not triaged away) by effective severity. */
  readonly open: SeverityCounts;
  /** Findings whose risk is accepted (and not yet expired). */
  readonly riskAccepted: number;
  /** The scan that ran last (by its run time, then id), or null before the first upload. */
  readonly lastScan: ReturnType<typeof describeScan> | null;
}

const emptyCounts = (): SeverityCounts => ({
  critical: 0,
  high: 0,
  medium: 0,
  low: 0,
  info: 0,
  total: 0,
});

/**
 * The summaries of projects, by id: two grouped statements per thousand projects (open and
 * accepted findings counted by project, status and effective severity through the index
 * `findings (status, project_id, severity, severity_override)`; the last scan of each
 * project found through `scans (project_id, ran_at)`), never one query per project.
 */
export async function projectSummaries(
  db: Kysely<LifecycleDatabase>,
  projectIds: readonly string[],
): Promise<Map<string, ProjectSummary>> {
  const summaries = new Map<
    string,
    { open: SeverityCounts; riskAccepted: number; lastScan: ProjectSummary['lastScan'] }
  >();
  for (const id of projectIds)
    summaries.set(id, { open: emptyCounts(), riskAccepted: 0, lastScan: null });
  const effective = sql<string>`coalesce(severity_override, severity)`;
  for (const part of chunks([...summaries.keys()], 1000)) {
    const counts = await db
      .selectFrom('findings')
      .select(['project_id', 'status', effective.as('severity'), (eb) => eb.fn.countAll().as('n')])
      .where('status', 'in', ['open', 'risk_accepted'])
      .where('project_id', 'in', part)
      .groupBy(['project_id', 'status', effective])
      .execute();
    for (const row of counts) {
      const summary = summaries.get(row.project_id);
      if (summary === undefined) continue;
      const n = Number(row.n);
      if (row.status === 'risk_accepted') summary.riskAccepted += n;
      else {
        if ((SEVERITIES as readonly string[]).includes(row.severity))
          summary.open[row.severity as keyof SeverityCounts] += n;
        summary.open.total += n;
      }
    }
    const scans = await scansWithUploader(db)
      .select(SCAN_COLUMNS)
      .where('scans.id', 'in', (eb) =>
        eb
          .selectFrom('projects as p')
          .select((inner) =>
            inner
              .selectFrom('scans as s')
              .select('s.id')
              .whereRef('s.project_id', '=', 'p.id')
              .orderBy('s.ran_at', 'desc')
              .orderBy('s.id', 'desc')
              .limit(1)
              .as('last_scan_id'),
          )
          .where('p.id', 'in', part),
      )
      .execute();
    for (const scan of scans) {
      const summary = summaries.get(scan.project_id);
      if (summary !== undefined) summary.lastScan = describeScan(scan);
    }
  }
  return summaries;
}
