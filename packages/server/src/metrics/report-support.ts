import { SEVERITIES } from '@rampart/core';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { MetricsWindow } from './metrics-sql.js';
import { isoWeekLabel } from './time-units.js';

/** A team as reports name it. */
export interface TeamRef {
  readonly teamId: string;
  readonly teamSlug: string;
  readonly teamName: string;
}

/** An ISO week as reports name it. */
export interface WeekRef {
  /** `YYYY-Www`. */
  readonly week: string;
  /** Monday 00:00 UTC, ISO 8601. */
  readonly weekStart: string;
}

/** The window as reports echo it (ISO 8601). */
export interface WindowRef {
  readonly from: string;
  readonly to: string;
}

/** The window of a query, ISO 8601. */
export function windowRef(window: MetricsWindow): WindowRef {
  return { from: new Date(window.from).toISOString(), to: new Date(window.to).toISOString() };
}

/** The report fields naming the ISO week that starts at `weekStart`. */
export function weekRef(weekStart: number): WeekRef {
  return { week: isoWeekLabel(weekStart), weekStart: new Date(weekStart).toISOString() };
}

/** Teams by id, for the ids a report mentions. */
export async function loadTeams(
  db: Kysely<Database>,
  ids: Iterable<string>,
): Promise<Map<string, TeamRef>> {
  const unique = [...new Set(ids)];
  const teams = new Map<string, TeamRef>();
  if (unique.length === 0) return teams;
  const rows = await db
    .selectFrom('teams')
    .select(['id', 'slug', 'name'])
    .where('id', 'in', unique)
    .execute();
  for (const row of rows)
    teams.set(row.id, { teamId: row.id, teamSlug: row.slug, teamName: row.name });
  return teams;
}

/** The team reference of an id (a deleted team keeps its id as its name). */
export function teamRefOf(teams: ReadonlyMap<string, TeamRef>, id: string): TeamRef {
  return teams.get(id) ?? { teamId: id, teamSlug: id, teamName: id };
}

/** Groups values by a key, keeping first-seen order. */
export function groupBy<T, K>(items: Iterable<T>, key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** Severity order for reports: critical first; unknown severities last, by name. */
export function compareSeverityNames(a: string, b: string): number {
  const rank = (s: string) => {
    const i = (SEVERITIES as readonly string[]).indexOf(s);
    return i === -1 ? SEVERITIES.length : i;
  };
  return rank(a) - rank(b) || a.localeCompare(b);
}

/** A share, or null when there is nothing to divide by. */
export function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}
