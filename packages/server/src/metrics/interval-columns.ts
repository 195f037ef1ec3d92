import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import { num, withMetricsMemory } from './metrics-sql.js';
import { weekStartOf } from './time-units.js';

/**
 * The open intervals of one team, effective severity and scanner, as columns: what MTTR and
 * the half-life read, for a year of an organisation a few hundred thousand intervals.
 */
export interface IntervalGroup {
  readonly teamId: string;
  readonly severity: string;
  readonly scanner: string;
  /** Each interval's start, epoch ms. */
  readonly starts: Float64Array;
  /** Each interval's end (its fix), epoch ms; NaN while it is open. */
  readonly ends: Float64Array;
}

/**
 * The intervals of one team, effective severity and scanner fixed in a window, as columns:
 * what MTTR and SLA compliance read. Only the time to fix and the week of the fix: the
 * weekly cells of the `fixed` kind keep no more (0033).
 */
export interface FixedGroup {
  readonly teamId: string;
  readonly severity: string;
  readonly scanner: string;
  /** Each interval's time to fix (its end − its start), ms. */
  readonly durations: Float64Array;
  /** The ISO week of each interval's fix (its Monday, epoch ms). */
  readonly weeks: Float64Array;
}

/** Fixed intervals read as `start:end` pairs ({@link intervalGroups}), as {@link FixedGroup}s. */
export function fixedColumns(groups: readonly IntervalGroup[]): FixedGroup[] {
  return groups.map((g) => {
    const durations = new Float64Array(g.starts.length);
    const weeks = new Float64Array(g.starts.length);
    for (let k = 0; k < g.starts.length; k++) {
      const end = g.ends[k] as number;
      durations[k] = end - (g.starts[k] as number);
      weeks[k] = weekStartOf(end);
    }
    return { teamId: g.teamId, severity: g.severity, scanner: g.scanner, durations, weeks };
  });
}

/**
 * The intervals `i` of `finding_intervals` (or of `from`, a table of its columns) that meet
 * `where`, one {@link IntervalGroup} per team, severity and scanner. Each group travels as
 * one text of `start:end` pairs
 * (`string_agg`, in SQLite since 3.44 and in PostgreSQL) rather than as a row per interval:
 * reading 400,000 rows from PostgreSQL into objects took about 0.6 s, the same intervals as
 * 250 texts about 0.3 s, and parsing them into numbers is a few milliseconds.
 */
export async function intervalGroups(
  db: Kysely<Database>,
  where: RawBuilder<unknown>,
  from: RawBuilder<unknown> = sql`finding_intervals`,
): Promise<IntervalGroup[]> {
  const { rows } = await withMetricsMemory(db, (reader) =>
    sql<{
      team_id: string;
      severity: string;
      scanner: string;
      n: unknown;
      pairs: string;
    }>`select i.team_id as team_id, i.severity as severity, i.scanner as scanner,
        count(*) as n,
        string_agg(cast(i.started_at as text) || ':' || coalesce(cast(i.ended_at as text), ''), ',')
          as pairs
      from ${from} i
      where ${where}
      group by i.team_id, i.severity, i.scanner`.execute(reader),
  );
  return rows.map((r) => {
    const { starts, ends } = parsePairs(r.pairs, num(r.n));
    return { teamId: r.team_id, severity: r.severity, scanner: r.scanner, starts, ends };
  });
}

const COMMA = 44;
const COLON = 58;
const MINUS = 45;
const ZERO = 48;

/**
 * Reads `count` pairs `start:end` separated by commas (integers; an empty end is NaN).
 * Throws when the text is not exactly that: the database wrote it, so a mismatch is a bug,
 * never a reason to report wrong numbers.
 */
export function parsePairs(
  text: string,
  count: number,
): { starts: Float64Array; ends: Float64Array } {
  const starts = new Float64Array(count);
  const ends = new Float64Array(count);
  let pair = 0;
  let value = 0;
  let negative = false;
  let digits = 0;
  let inEnd = false;
  const fail = (at: number): never => {
    throw new Error(`interval pairs: unexpected text at offset ${at} (pair ${pair + 1})`);
  };
  const finish = (at: number): number => {
    if (digits === 0) {
      if (negative) fail(at);
      return Number.NaN;
    }
    const v = negative ? -value : value;
    value = 0;
    negative = false;
    digits = 0;
    return v;
  };
  for (let at = 0; at <= text.length; at++) {
    const code = at === text.length ? COMMA : text.charCodeAt(at);
    if (code >= ZERO && code <= ZERO + 9) {
      value = value * 10 + (code - ZERO);
      digits++;
    } else if (code === MINUS && digits === 0 && !negative) negative = true;
    else if (code === COLON && !inEnd) {
      const start = finish(at);
      if (Number.isNaN(start) || pair >= count) fail(at);
      starts[pair] = start;
      inEnd = true;
    } else if (code === COMMA && inEnd) {
      ends[pair] = finish(at);
      pair++;
      inEnd = false;
    } else fail(at);
  }
  if (pair !== count) throw new Error(`interval pairs: ${pair} pairs, expected ${count}`);
  return { starts, ends };
}

/**
 * Reads `count` integers separated by commas (the `fixed` cells' times to fix). Throws when
 * the text is not exactly that, as {@link parsePairs} does.
 */
export function parseIntegers(text: string, count: number): Float64Array {
  const out = new Float64Array(count);
  if (count === 0 && text === '') return out;
  let at = 0;
  let value = 0;
  let digits = 0;
  let negative = false;
  const fail = (offset: number): never => {
    throw new Error(`interval durations: unexpected text at offset ${offset} (value ${at + 1})`);
  };
  for (let k = 0; k <= text.length; k++) {
    const code = k === text.length ? COMMA : text.charCodeAt(k);
    if (code >= ZERO && code <= ZERO + 9) {
      value = value * 10 + (code - ZERO);
      digits++;
    } else if (code === MINUS && digits === 0 && !negative) negative = true;
    else if (code === COMMA && digits > 0 && at < count) {
      out[at++] = negative ? -value : value;
      value = 0;
      digits = 0;
      negative = false;
    } else fail(k);
  }
  if (at !== count) throw new Error(`interval durations: ${at} values, expected ${count}`);
  return out;
}
