import { cweName } from '@rampart/core';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import { readDetections } from './detection-cells.js';
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
 * CWE number; at most `limit` listed. Whole weeks come from the cells of first detections
 * (detection-cells.ts) where they hold what the rows would give, open now being open at
 * `to`; the rest from the finding rows, their open interval and their CWEs
 * ({@link countFromRows}).
 */
export async function computeTopCwes(
  db: Kysely<Database>,
  query: MetricsQuery,
  options: { readonly limit?: number } = {},
): Promise<TopCwesReport> {
  // Whole weeks from the cells of first detections where they hold what the rows would
  // give (open now being open at `to`), the rest from the rows, in one snapshot.
  const totals = { findings: 0, open: 0, withCwe: 0 };
  const byCwe = new Map<string, { n: number; open: number }>();
  const add = (cwe: string, n: number, open: number) => {
    const have = byCwe.get(cwe) ?? { n: 0, open: 0 };
    byCwe.set(cwe, { n: have.n + n, open: have.open + open });
  };
  await readDetections(
    db,
    query,
    { openAtTo: true },
    {
      async rows(reader, source, window) {
        for (const row of await countFromRows(reader, query, source, window)) {
          totals.findings += num(row.once);
          totals.open += num(row.once_open);
          if (row.cwe === null) continue;
          totals.withCwe += num(row.once);
          add(row.cwe, num(row.n), num(row.open));
        }
      },
      async cells(reader, inCells) {
        const sums = await sql<{ n: unknown; open: unknown; with_cwe: unknown }>`select
            sum(c.n) as n, sum(c.open_n) as open, sum(c.cwe_n) as with_cwe
          from detection_cells c where c.cwe = '' and ${inCells}`.execute(reader);
        const sum = sums.rows[0];
        totals.findings += num(sum?.n ?? 0);
        totals.open += num(sum?.open ?? 0);
        totals.withCwe += num(sum?.with_cwe ?? 0);
        const cwes = await sql<{ cwe: string; n: unknown; open: unknown }>`select c.cwe as cwe,
            sum(c.n) as n, sum(c.open_n) as open
          from detection_cells c where c.cwe <> '' and ${inCells}
          group by c.cwe`.execute(reader);
        for (const row of cwes.rows) add(row.cwe, num(row.n), num(row.open));
      },
    },
  );
  const cwes: CweCount[] = [...byCwe].map(([cwe, c]) => ({
    cwe,
    name: cweName(cwe) ?? null,
    findings: c.n,
    open: c.open,
  }));
  cwes.sort(
    (a, b) => b.findings - a.findings || b.open - a.open || cweNumber(a.cwe) - cweNumber(b.cwe),
  );
  return {
    window: windowRef(query),
    ...totals,
    cweCount: cwes.length,
    cwes: cwes.slice(0, options.limit ?? 10),
  };
}

/**
 * The rows' count, grouped by CWE (null: the findings naming none), of the findings first
 * detected in `source` within `window` (alias `f`), in scope and not false positives at
 * `to`: per CWE the findings naming it (`n`) and the open ones; and, counting each finding
 * once (`once`, its first row), the totals. One pass in the order of `findings
 * (first_seen_at, id, …)`, each finding joined to the interval open at `to`, if any (a
 * finding has at most one open at a time), and to its CWEs (none: one row with a null CWE).
 * No interval starts before its finding's first detection, so the open one is among the
 * intervals started in the window, read by `finding_intervals (started_at, …)` rather than
 * every interval open at `to`. The window function keeps each row's values computed once.
 */
async function countFromRows(
  reader: Kysely<Database>,
  query: MetricsQuery,
  source: RawBuilder<unknown>,
  window: RawBuilder<unknown>,
) {
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
      from ${source} f join projects p on p.id = f.project_id
        left join finding_intervals i on i.finding_id = f.id
          and i.started_at >= ${query.from} and ${openAt(query.to)}
        left join finding_cwes c on c.finding_id = f.id
      where ${window} and ${scopeCondition(query)} and ${notFalsePositiveAt(query.to, 'f.id')}
    ) q group by cwe`.execute(reader);
  return rows;
}
