import type { Finding } from '@rampart/core';
import type { Transaction } from 'kysely';
import { type BulkColumn, bulkInsert } from '../db/bulk-insert.js';
import type { Dialect } from '../db/database.js';
import { chunks } from './project-lock.js';
import type { LifecycleDatabase } from './tables.js';

// `finding_cwes` (migration 0011) holds the CWE ids of each finding as last reported, so
// that the findings list filters by CWE and the metrics count by CWE through an index
// instead of reading every finding's JSON. Like `finding_intervals`, it is derived from the
// finding rows and written in the transaction that writes them.

const CWE_ID = /^CWE-[1-9][0-9]*$/;

/** The distinct CWE ids (`CWE-79`) of a finding, in the order reported. */
export function cwesOfFinding(finding: Pick<Finding, 'cwe'>): string[] {
  return [...new Set(finding.cwe.filter((id) => CWE_ID.test(id)))];
}

/** The distinct CWE ids of a stored finding (its `data` JSON); none when unreadable. */
export function cwesOfData(data: string): string[] {
  try {
    const cwe = (JSON.parse(data) as { cwe?: unknown } | null)?.cwe;
    return Array.isArray(cwe)
      ? cwesOfFinding({ cwe: cwe.filter((id): id is string => typeof id === 'string') })
      : [];
  } catch {
    return [];
  }
}

/** The CWEs to store for a finding. */
export interface FindingCwes {
  readonly findingId: string;
  readonly projectId: string;
  readonly cwes: readonly string[];
  /** The finding has CWEs stored already, to replace (false: a new finding). */
  readonly replace: boolean;
}

/**
 * What an ingest changes in `finding_cwes`: every new finding's CWEs, and those of existing
 * findings whose stored report was replaced by one naming other CWEs. `reported`: the
 * findings the scan reported, by finding id; `rows`: the finding rows as they will be
 * written; `before`: the existing rows as they were before the scan refreshed them.
 */
export function findingCweChanges(
  reported: ReadonlyMap<string, Pick<Finding, 'cwe'>>,
  rows: ReadonlyMap<string, { readonly project_id: string; readonly data: string }>,
  created: ReadonlySet<string>,
  before: ReadonlyMap<string, { readonly data: string }>,
): FindingCwes[] {
  const changes: FindingCwes[] = [];
  for (const [findingId, finding] of reported) {
    const row = rows.get(findingId);
    if (row === undefined) continue;
    const cwes = cwesOfFinding(finding);
    if (created.has(findingId)) {
      if (cwes.length > 0)
        changes.push({ findingId, projectId: row.project_id, cwes, replace: false });
      continue;
    }
    const was = before.get(findingId)?.data;
    // The same report text names the same CWEs: only a refreshed report is parsed again.
    if (was === undefined || was === row.data) continue;
    const old = cwesOfData(was);
    if (old.length === cwes.length && old.every((id) => cwes.includes(id))) continue;
    changes.push({ findingId, projectId: row.project_id, cwes, replace: true });
  }
  return changes;
}

const COLUMNS: readonly BulkColumn[] = [
  { name: 'finding_id', type: 'text' },
  { name: 'cwe', type: 'text' },
  { name: 'project_id', type: 'text' },
];

/**
 * Writes the CWEs of findings (after their rows, in the same transaction): the stored CWEs
 * of the findings to `replace` are deleted, then every finding's CWEs are inserted in bulk.
 */
export async function saveFindingCwes(
  trx: Transaction<LifecycleDatabase>,
  dialect: Dialect,
  changes: readonly FindingCwes[],
): Promise<void> {
  const replaced = changes.filter((c) => c.replace).map((c) => c.findingId);
  for (const part of chunks(replaced, 1000))
    await trx.deleteFrom('finding_cwes').where('finding_id', 'in', part).execute();
  await bulkInsert(
    trx,
    dialect,
    'finding_cwes',
    COLUMNS,
    changes.flatMap((c) =>
      c.cwes.map((cwe) => ({ finding_id: c.findingId, cwe, project_id: c.projectId })),
    ),
    undefined,
    { ordered: false },
  );
}
