import { type RawBuilder, sql } from 'kysely';
import type { Dialect } from './database.js';

// SQL that differs between SQLite and PostgreSQL outside migrations. Column names come from
// the callers' constants, never from input.

/**
 * A column, for a filter that should not choose the index the query is read by. SQLite's
 * planner takes an index on a filtered column (`findings (status, …)`) over the index that
 * gives the sort's order, then sorts every match to keep 50 of them; its unary `+` keeps the
 * filter out of index selection (the filter still applies). PostgreSQL weighs both plans by
 * their cost, `LIMIT` included, and gets the column as it is.
 */
export function notIndexed(dialect: Dialect, column: string): RawBuilder<unknown> {
  return dialect === 'sqlite' ? sql`+${sql.ref(column)}` : sql`${sql.ref(column)}`;
}
