import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bin, runRampart } from './support/run-cli.js';

const postgres = process.env.RAMPART_TEST_DATABASE_URL;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-e2e-hub-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A fresh PostgreSQL database for one test, dropped afterwards. */
async function pgDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = postgres as string;
  const name = `rampart_e2e_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`create database ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.href,
    drop: async () => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

const withPassword = () => ({
  ...(process.env.PGPASSWORD ? { PGPASSWORD: process.env.PGPASSWORD } : {}),
});

describe('rampart migrate', () => {
  it('creates the SQLite store, then finds it up to date', () => {
    const db = join(dir, 'nested', 'hub.db');
    const first = runRampart(dir, ['migrate', '--db', db]);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).toContain(`migrated ${db}: 0001-initial`);
    expect(runRampart(dir, ['migrate', '--db', db]).stderr).toContain(`${db} is up to date`);
  });

  it.skipIf(!postgres)(
    'migrates PostgreSQL named by RAMPART_DATABASE_URL, without printing its password',
    async () => {
      const { url, drop } = await pgDatabase();
      try {
        const withSecret = new URL(url);
        withSecret.password = process.env.PGPASSWORD ?? '';
        const run = runRampart(dir, ['migrate'], { RAMPART_DATABASE_URL: withSecret.href });
        expect(run.status, run.stderr).toBe(0);
        expect(run.stderr).toContain(': 0001-initial');
        expect(run.stderr).not.toContain(`:${withSecret.password}@`);
      expect(run.stderr).toContain(`postgres://${withSecret.username}@`);
      } finally {
        await drop();
      }
    },
  );

  it('rejects a URL that is neither postgres:// nor a file', () => {
    const run = runRampart(dir, ['migrate', '--db', 'mysql://root@127.0.0.1/x']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('expected a postgres:// URL or a SQLite file path');
  });
});

describe('rampart serve', () => {
  it('serves health and readiness, and stops gracefully on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      [bin, 'serve', '--port', '0', '--db', join(dir, 'serve.db')],
      {
        cwd: dir,
        env: { PATH: process.env.PATH ?? '', HOME: dir, CI: 'true', ...withPassword() },
      },
    );
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        const m = /hub listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
        if (m?.[1]) {
          clearInterval(timer);
          resolve(m[1]);
        }
      }, 50);
      child.once('exit', (code) => {
        clearInterval(timer);
        reject(new Error(`serve exited with ${code}: ${stderr}`));
      });
    });
    expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${url}/readyz`)).json()).toEqual({
      status: 'ready',
      database: 'sqlite',
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toContain('stopping: finishing requests in flight');
  });
});
