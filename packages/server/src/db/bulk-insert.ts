import { CompiledQuery, type Kysely, type Transaction } from 'kysely';
import type { Dialect } from './database.js';

/** A column of a bulk insert and its PostgreSQL type (how the JSON rows are read). */
export interface BulkColumn {
  readonly name: string;
  readonly type: 'text' | 'bigint' | 'integer';
}

/** What a bulk insert does with a row whose key already exists. */
export interface BulkConflict {
  /** The unique key's columns. */
  readonly target: readonly string[];
  /** The columns to overwrite with the new row's values. */
  readonly update: readonly string[];
}

// biome-ignore lint/suspicious/noExplicitAny: the rows are checked by the callers' types.
type AnyDb = Kysely<any> | Transaction<any>;

/** Rows per statement: under SQLite's 32,766 variables; PostgreSQL takes one JSON document. */
const SQLITE_ROWS = 500;
const POSTGRES_ROWS = 20_000;

/**
 * Inserts many rows into one table, fast on both databases, in the caller's transaction.
 * On PostgreSQL the rows travel as one JSON parameter (`insert … select … from
 * json_to_recordset($1::json) as (col type, …)`): one parameter however many rows, which
 * PostgreSQL parses and plans once, and which Node serialises ~15× faster than the same
 * rows as per-column arrays (node-postgres escapes array literals element by element) or a
 * `values` list with a parameter per value. On SQLite (in process, no round trips) it is a
 * multi-row `values` list. Table and column names come from the caller's constants, never from input;
 * every value is a parameter.
 */
export async function bulkInsert(
  db: AnyDb,
  dialect: Dialect,
  table: string,
  columns: readonly BulkColumn[],
  rows: readonly object[],
  conflict?: BulkConflict,
): Promise<void> {
  if (rows.length === 0) return;
  // The statement is written here (identifiers from the caller's constants, checked below)
  // rather than through Kysely's builder: building a node per value cost more than the
  // database's own work for ten thousand rows.
  const id = (name: string) => {
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bulkInsert: bad identifier ${name}`);
    return `"${name}"`;
  };
  const names = columns.map((c) => id(c.name)).join(', ');
  const onConflict = conflict
    ? ` on conflict (${conflict.target.map(id).join(', ')}) do update set ${conflict.update
        .map((c) => `${id(c)} = excluded.${id(c)}`)
        .join(', ')}`
    : '';
  const size = dialect === 'postgres' ? POSTGRES_ROWS : SQLITE_ROWS;
  for (let start = 0; start < rows.length; start += size) {
    const part = rows.slice(start, start + size) as readonly Record<string, unknown>[];
    let text: string;
    let parameters: unknown[];
    if (dialect === 'postgres') {
      // `with ordinality … order by`: rows are inserted in the order given, so generated ids
      // (event ids) keep that order.
      const types = columns.map((c) => `${id(c.name)} ${c.type}`).join(', ');
      text = `insert into ${id(table)} (${names}) select ${names} from rows from (json_to_recordset($1::json) as (${types})) with ordinality as u(${names}, ord) order by ord${onConflict}`;
      parameters = [JSON.stringify(part)];
    } else {
      const tuple = `(${columns.map(() => '?').join(', ')})`;
      text = `insert into ${id(table)} (${names}) values ${part.map(() => tuple).join(', ')}${onConflict}`;
      parameters = [];
      for (const row of part) for (const c of columns) parameters.push(row[c.name] ?? null);
    }
    await db.executeQuery(CompiledQuery.raw(text, parameters));
  }
}
