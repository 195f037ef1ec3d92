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

/** How a bulk insert writes its rows. */
export interface BulkOptions {
  /**
   * Insert the rows in the order given, so that generated ids (event ids) keep that order
   * (default). Without it PostgreSQL need not sort the rows first: a sort of ten thousand
   * finding rows (their report JSON included) spills to disk under the default `work_mem`.
   */
  readonly ordered?: boolean;
}

/** Rows per statement: under SQLite's 32,766 variables; PostgreSQL takes one JSON document. */
const SQLITE_ROWS = 500;
const POSTGRES_ROWS = 20_000;

/** An SQL identifier from the caller's constants, quoted (checked: never from input). */
function identifier(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bulk write: bad identifier ${name}`);
  return `"${name}"`;
}

/** Rows as PostgreSQL reads them: one JSON document and, for each column, its value in SQL. */
interface PostgresRows {
  /** `$1` (the document), then one parameter per column that has one value in every row. */
  readonly parameters: unknown[];
  /** Per column, in order: `u."name"` (from the document) or `$n::type` (one value). */
  readonly values: readonly string[];
  /** The document's columns: `"name" type, …`. */
  readonly types: string;
  /** The document's column names: `"name", …`. */
  readonly names: string;
}

/**
 * Writes rows for `json_to_recordset($1::json) as u(…)`. A column with one value in every
 * row (the project, the scan, the team…) travels once, as a parameter of its own, rather
 * than in every row of the document: PostgreSQL spends some 10–15 ms parsing each megabyte
 * of it, and half of what a 10,000-finding scan's first upload sent was such repeated
 * values (23 MB of documents, now 12). Only the other columns are written into it (`JSON.stringify`'s list of
 * keys: any other key of the rows is left out).
 */
function postgresRows(
  part: readonly Record<string, unknown>[],
  columns: readonly BulkColumn[],
): PostgresRows {
  const first = part[0] as Record<string, unknown>;
  const same = new Set<string>();
  if (part.length > 1)
    for (const c of columns) {
      const value = first[c.name] ?? null;
      if (part.every((row) => (row[c.name] ?? null) === value)) same.add(c.name);
    }
  // The document keeps one column at least.
  if (same.size === columns.length) same.delete((columns[0] as BulkColumn).name);
  const varying = columns.filter((c) => !same.has(c.name));
  const parameters: unknown[] = [
    JSON.stringify(
      part,
      varying.map((c) => c.name),
    ),
  ];
  const values = columns.map((c) =>
    same.has(c.name)
      ? `$${parameters.push(first[c.name] ?? null)}::${c.type}`
      : `u.${identifier(c.name)}`,
  );
  return {
    parameters,
    values,
    types: varying.map((c) => `${identifier(c.name)} ${c.type}`).join(', '),
    names: varying.map((c) => identifier(c.name)).join(', '),
  };
}

/**
 * Inserts many rows into one table, fast on both databases, in the caller's transaction.
 * On PostgreSQL the rows travel as one JSON parameter (`insert … select … from
 * json_to_recordset($1::json) as (col type, …)`; see {@link postgresRows}): one parameter
 * however many rows, which PostgreSQL parses and plans once, and which Node serialises
 * ~15× faster than the same rows as per-column arrays (node-postgres escapes array
 * literals element by element) or a `values` list with a parameter per value. On SQLite
 * (in process, no round trips) it is a multi-row `values` list. Table and column names
 * come from the caller's constants, never from input; every value is a parameter.
 */
export async function bulkInsert(
  db: AnyDb,
  dialect: Dialect,
  table: string,
  columns: readonly BulkColumn[],
  rows: readonly object[],
  conflict?: BulkConflict,
  options: BulkOptions = {},
): Promise<void> {
  if (rows.length === 0) return;
  const ordered = options.ordered ?? true;
  // The statement is written here (identifiers from the caller's constants, checked)
  // rather than through Kysely's builder: building a node per value cost more than the
  // database's own work for ten thousand rows.
  const id = identifier;
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
      const u = postgresRows(part, columns);
      parameters = u.parameters;
      // `with ordinality … order by`: rows are inserted in the order given, so generated ids
      // (event ids) keep that order.
      text = ordered
        ? `insert into ${id(table)} (${names}) select ${u.values.join(', ')} from rows from (json_to_recordset($1::json) as (${u.types})) with ordinality as u(${u.names}, ord) order by ord${onConflict}`
        : `insert into ${id(table)} (${names}) select ${u.values.join(', ')} from json_to_recordset($1::json) as u(${u.types})${onConflict}`;
    } else {
      const tuple = `(${columns.map(() => '?').join(', ')})`;
      text = `insert into ${id(table)} (${names}) values ${part.map(() => tuple).join(', ')}${onConflict}`;
      parameters = [];
      for (const row of part) for (const c of columns) parameters.push(row[c.name] ?? null);
    }
    await db.executeQuery(CompiledQuery.raw(text, parameters));
  }
}

/**
 * Updates columns of many existing rows, matched by `key` (a unique column), in the
 * caller's transaction: on PostgreSQL `update … from json_to_recordset($1::json)` (the rows
 * as in {@link bulkInsert}), on SQLite `update … from (values …)`, per {@link POSTGRES_ROWS}
 * or {@link SQLITE_ROWS} rows. `columns` lists the key's column and the columns to set; the
 * rows' other keys are not sent; a row whose key matches no row changes nothing. Names
 * come from the caller's constants, never from input; every value is a parameter.
 */
export async function bulkUpdate(
  db: AnyDb,
  dialect: Dialect,
  table: string,
  key: string,
  columns: readonly BulkColumn[],
  rows: readonly object[],
): Promise<void> {
  if (rows.length === 0) return;
  const id = identifier;
  const size = dialect === 'postgres' ? POSTGRES_ROWS : SQLITE_ROWS;
  for (let start = 0; start < rows.length; start += size) {
    const part = rows.slice(start, start + size) as readonly Record<string, unknown>[];
    let text: string;
    let parameters: unknown[];
    if (dialect === 'postgres') {
      const u = postgresRows(part, columns);
      parameters = u.parameters;
      const value = (name: string) => u.values[columns.findIndex((c) => c.name === name)];
      const assignments = columns
        .filter((c) => c.name !== key)
        .map((c) => `${id(c.name)} = ${value(c.name)}`)
        .join(', ');
      text = `update ${id(table)} as t set ${assignments} from json_to_recordset($1::json) as u(${u.types}) where t.${id(key)} = ${value(key)}`;
    } else {
      // A `values` list's columns are `column1`, `column2`…: named by a first row's aliases.
      const assignments = columns
        .filter((c) => c.name !== key)
        .map((c) => `${id(c.name)} = u.${id(c.name)}`)
        .join(', ');
      const first = `select ${columns.map((c) => `? as ${id(c.name)}`).join(', ')}`;
      const tuple = `(${columns.map(() => '?').join(', ')})`;
      const rest =
        part.length > 1
          ? ` union all values ${part
              .slice(1)
              .map(() => tuple)
              .join(', ')}`
          : '';
      text = `update ${id(table)} as t set ${assignments} from (${first}${rest}) as u where t.${id(key)} = u.${id(key)}`;
      parameters = [];
      for (const row of part) for (const c of columns) parameters.push(row[c.name] ?? null);
    }
    await db.executeQuery(CompiledQuery.raw(text, parameters));
  }
}
