import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { type HubDatabase, openDatabase } from '../db/database.js';
import { migrate } from '../db/migrations.js';

// Test support only: every store and API suite runs once per database. PostgreSQL comes
// from RAMPART_TEST_DATABASE_URL (a role that may create databases; `.ci/run` starts a
// PostgreSQL 15 and sets it); each suite gets a database of its own, dropped afterwards.

/** The PostgreSQL server for tests, when there is one. */
export const TEST_POSTGRES_URL = process.env.RAMPART_TEST_DATABASE_URL;

if (!TEST_POSTGRES_URL && process.env.CI && process.env.CI !== 'false') {
  throw new Error('RAMPART_TEST_DATABASE_URL is not set: CI must run the hub tests on PostgreSQL');
}

/** The databases to run a suite on: SQLite always, PostgreSQL when configured. */
export const TEST_DIALECTS: readonly ('sqlite' | 'postgres')[] = TEST_POSTGRES_URL
  ? ['sqlite', 'postgres']
  : ['sqlite'];

/** A fresh, migrated store of the dialect, and how to throw it away. */
export async function freshDatabase(
  dialect: 'sqlite' | 'postgres',
): Promise<{ hub: HubDatabase; url: string; drop(): Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'rampart-hub-'));
    const url = join(dir, 'rampart.db');
    const hub = openDatabase(url);
    await migrate(hub);
    return {
      hub,
      url,
      drop: async () => {
        await hub.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const admin = new URL(TEST_POSTGRES_URL as string);
  const name = `rampart_t_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const client = new pg.Client({ connectionString: admin.href });
  await client.connect();
  await client.query(`create database ${name}`);
  await client.end();
  const url = new URL(admin.href);
  url.pathname = `/${name}`;
  const hub = openDatabase(url.href);
  await migrate(hub);
  return {
    hub,
    url: url.href,
    drop: async () => {
      await hub.close();
      const c = new pg.Client({ connectionString: admin.href });
      await c.connect();
      try {
        await dropDatabase(c, name);
      } finally {
        await c.end();
      }
    },
  };
}

/**
 * Drops a test database, terminating its sessions. A closed pool has asked its connections
 * to end but not waited for them: the drop first waits (up to five seconds) for the role's
 * own sessions in the database to be gone, because terminating one that is still closing
 * sends its client a FATAL error with no listener left, an uncaught exception in whichever
 * test runs next. An autovacuum worker busy in it cannot be terminated by a role without
 * pg_signal_backend (42501), nor the database dropped under it (55006): those are retried
 * for up to ten seconds.
 */
export async function dropDatabase(client: pg.Client, name: string): Promise<void> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`not a test database name: ${name}`);
  for (let wait = 0; wait < 100; wait++) {
    const { rows } = await client.query<{ n: number }>(
      'select count(*)::int as n from pg_stat_activity where datname = $1 and usename = current_user',
      [name],
    );
    if ((rows[0]?.n ?? 0) === 0) break;
    await sleep(50);
  }
  for (let attempt = 1; ; attempt++) {
    try {
      await client.query(`drop database if exists ${name} with (force)`);
      return;
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (attempt >= 50 || (code !== '42501' && code !== '55006')) throw error;
      await sleep(200);
    }
  }
}
