import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigError } from '@rampart/core';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';

/** Which database a hub runs on. */
export type Dialect = 'sqlite' | 'postgres';

/** An open store: the query builder, its dialect, and how to close it. */
export interface HubDatabase {
  readonly db: Kysely<Database>;
  readonly dialect: Dialect;
  /** Where it is, for messages (a file path, or the PostgreSQL URL without credentials). */
  readonly location: string;
  /** PostgreSQL only: the URL as given, credentials included, for pg-boss's own pool. Never log it. */
  readonly url?: string;
  close(): Promise<void>;
}

/** The default store: SQLite in `./.rampart/rampart.db`. */
export const DEFAULT_DATABASE = './.rampart/rampart.db';

// int8 (bigint) comes back from pg as a string; epoch milliseconds fit a double exactly.
pg.types.setTypeParser(20, (value) => Number(value));

/** The URL without its password, for logs and errors. */
export function describeDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.username ? `${u.username}@` : ''}${u.host}${u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

/**
 * Opens the store a URL names: `postgres://…` / `postgresql://…` for PostgreSQL, anything
 * else is a SQLite file path (created with its folder; WAL, foreign keys, a busy timeout so
 * concurrent writers wait rather than fail).
 */
export function openDatabase(url: string, cwd = process.cwd()): HubDatabase {
  if (/^postgres(?:ql)?:\/\//i.test(url)) {
    // JIT compilation costs the short analytical queries of the metrics more than it saves.
    const pool = new pg.Pool({ connectionString: url, max: 10, options: '-c jit=off' });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      dialect: 'postgres',
      location: describeDatabaseUrl(url),
      url,
      close: () => db.destroy(),
    };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    throw new ConfigError(
      `--db ${describeDatabaseUrl(url)}: expected a postgres:// URL or a SQLite file path`,
    );
  }
  const file = url === ':memory:' ? url : resolve(cwd, url);
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  // The metrics read large ranges of findings and events: a 64 MiB page cache and reads
  // through a memory map (up to 1 GiB of the file) instead of a system call per page.
  sqlite.pragma('cache_size = -65536');
  sqlite.pragma('mmap_size = 1073741824');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, dialect: 'sqlite', location: file, close: () => db.destroy() };
}
