import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropDatabase } from '../packages/server/src/test-support/databases.js';
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
      await dropDatabase(c, name);
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

describe('rampart admin create', () => {
  it('creates another admin with a one-time password, and refuses a taken name', () => {
    const db = join(dir, 'admins.db');
    const created = runRampart(dir, ['admin', 'create', 'alice', '--db', db]);
    expect(created.status, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/created admin alice\none-time password: \S{24}\n/);
    const again = runRampart(dir, ['admin', 'create', 'alice', '--db', db]);
    expect(again.status).toBe(2);
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

    // The first start created the admin and printed its one-time password, once.
    const password = /one-time password: (\S+)/.exec(stderr)?.[1] ?? '';
    expect(password).toHaveLength(24);
    const login = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password }),
    });
    expect(login.status).toBe(200);
    expect(login.headers.get('set-cookie')).toMatch(/HttpOnly/i);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const session = { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
    // Until the one-time password is changed, only the account routes answer.
    expect((await fetch(`${url}/api/v1/teams`, { headers: session })).status).toBe(403);
    const newPassword = ['a', 'new', 'pass', 'phrase', 'here'].join('-');
    const changed = await fetch(`${url}/api/v1/auth/password`, {
      method: 'POST',
      headers: session,
      body: JSON.stringify({ currentPassword: password, newPassword }),
    });
    expect(changed.status).toBe(204);
    const me = await fetch(`${url}/api/v1/auth/me`, { headers: session });
    expect(((await me.json()) as { user: { username: string } }).user.username).toBe('admin');
    expect(stderr.split('one-time password').length).toBe(2);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toContain('stopping: finishing requests and jobs in flight');
    expect(stderr).toContain('background jobs started');
  });
});
