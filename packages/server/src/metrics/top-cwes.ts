import { cweName } from '@rampart/core';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import {
  type MetricsQuery,
  notFalsePositiveAt,
  num,
  openAt,
  scopeCondition,
} from './metrics-sql.js';
import { type WindowRef, windowRef } from './report-support.js';

/** One CWE's findings. */
export interface CweCount {
  /** `CWE-<n>`. */
  readonly cwe: string;
  /** MITRE's name for it, when known. */
  readonly name: string | null;
  /** Findings first detected in the window that name this CWE. */
  readonly findings: number;
  /** Of those, the ones still open (unfixed) at the window's end. */
  readonly open: number;
}

/** The CWEs of the findings first detected in a window, most frequent first. */
export interface TopCwesReport {
  readonly window: WindowRef;
  /** Findings first detected in the window (with or without a CWE). */
  readonly findings: number;
  /** Of those, still open at the window's end. */
  readonly open: number;
  /** Of those, the ones that name at least one CWE. */
  readonly withCwe: number;
  /** How many distinct CWEs they name (`cwes` lists the first `limit`). */
  readonly cweCount: number;
  readonly cwes: readonly CweCount[];
}

const cweNumber = (id: string) => Number(id.slice(4));

/**
 * Top CWEs: the findings (one per project and fingerprint) first detected in [from, to), in
 * scope and not false positives at `to`, counted under each CWE they name (a finding with
 * two CWEs counts under both), with how many are still open at `to` (an open interval at
 * `to`; accepted risks are unfixed, so open). Most findings first, then most open, then by
 * CWE number; at most `limit` listed. One statement reads the finding rows of the window,
 * their open interval and their CWEs through covering indexes, and counts in SQL.
 */
export async function computeTopCwes(
  db: Kysely<Database>,
  query: MetricsQuery,
  options: { readonly limit?: number } = {},
): Promise<TopCwesReport> {
  // One pass over the window's findings (in the order of `findings (first_seen_at, id, …)`),
  // each joined to the interval open at `to`, if any (a finding has at most one open at a
  // time), and to its CWEs (none: one row with a null CWE). No interval starts before its
  // finding's first detection, so the open one is among the intervals started in the window,
  // read by `finding_intervals (started_at, …)` rather than every interval open at `to`.
  // The first row of each finding (`once`) counts it in the totals. The window function keeps
  // each row's values computed once.
  const { rows } = await sql<{
    cwe: string | null;
    n: unknown;
    open: unknown;
    once: unknown;
    once_open: unknown;
  }>`select cwe, count(*) as n, sum(open) as open, sum(once) as once,
      sum(once * open) as once_open
    from (
      select c.cwe as cwe, case when i.finding_id is null then 0 else 1 end as open,
        case when row_number() over (partition by f.first_seen_at, f.id order by c.cwe) = 1
          then 1 else 0 end as once
      from findings f join projects p on p.id = f.project_id
        left join finding_intervals i on i.finding_id = f.id
          and i.started_at >= ${query.from} and ${openAt(query.to)}
        left join finding_cwes c on c.finding_id = f.id
      where f.first_seen_at >= ${query.from} and f.first_seen_at < ${query.to}
        and ${scopeCondition(query)} and ${notFalsePositiveAt(query.to, 'f.id')}
    ) q group by cwe`.execute(db);
  let findings = 0;
  let openTotal = 0;
  let withCwe = 0;
  const cwes: CweCount[] = [];
  for (const row of rows) {
    findings += num(row.once);
    openTotal += num(row.once_open);
    if (row.cwe === null) continue;
    withCwe += num(row.once);
    cwes.push({
      cwe: row.cwe,
      name: cweName(row.cwe) ?? null,
      findings: num(row.n),
      open: num(row.open),
    });
  }
  cwes.sort(
    (a, b) => b.findings - a.findings || b.open - a.open || cweNumber(a.cwe) - cweNumber(b.cwe),
  );
  return {
    window: windowRef(query),
    findings,
    open: openTotal,
    withCwe,
    cweCount: cwes.length,
    cwes: cwes.slice(0, options.limit ?? 10),
  };
}
