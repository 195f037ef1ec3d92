import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Finding, ScanReport } from '@rampart/core';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropDatabase } from '../packages/server/src/test-support/databases.js';
import { bin } from './support/run-cli.js';

// Killing the hub (SIGKILL: no shutdown, no rollback by the process) in the middle of an
// ingest leaves nothing of the scan: the ingest is one database transaction, and a
// transaction that never committed is gone when the database is opened again (SQLite: the
// WAL frames without a commit record are ignored; PostgreSQL: the server rolls back the
// transaction of a client that vanished). Then the hub serves again and takes the same
// upload whole.

const postgres = process.env.RAMPART_TEST_DATABASE_URL;
/** Findings in the generated report: enough that the ingest takes seconds, not milliseconds. */
const FINDINGS = 30_000;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-e2e-crash-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A Rampart JSON report with `count` distinct high findings. */
function bigReport(count: number): Buffer {
  const findings: Finding[] = [];
  for (let i = 0; i < count; i++) {
    const file = `src/module-${Math.floor(i / 50)}/file-${i % 50}.js`;
    findings.push({
      ruleId: `js-generated-${i % 40}`,
      scanner: 'sast',
      tool: { name: 'rampart', version: '0.1.0' },
      title: 'Generated finding',
      message: `generated finding number ${i} for the crash test`,
      severity: 'high',
      confidence: 'high',
      cwe: ['CWE-95'],
      location: {
        kind: 'code',
        path: file,
        region: { startLine: 1 + (i % 500), startColumn: 1, endLine: 1 + (i % 500), endColumn: 9 },
        snippet: `run(input${i})`,
      },
      references: [],
      tags: [],
      fingerprint: `crash-${i.toString(16).padStart(8, '0')}`,
    });
  }
  const at = Date.parse('2026-03-01T10:00:00Z');
  const report: ScanReport = {
    schemaVersion: 1,
    tool: { name: 'rampart', version: '0.1.0' },
    scan: {
      target: '.',
      stage: 'main',
      startedAt: new Date(at - 60_000).toISOString(),
      finishedAt: new Date(at).toISOString(),
      durationMs: 60_000,
      filesScanned: Math.ceil(count / 50) * 50,
      skipped: [],
      scanners: [{ kind: 'sast', durationMs: 60_000, findings: count, invalidFindings: 0 }],
    },
    summary: {
      total: count,
      bySeverity: { critical: 0, high: count, medium: 0, low: 0, info: 0 },
      byScanner: { sast: count },
      suppressed: 0,
    },
    gate: { threshold: 'high', passed: false, summary: '', failing: [] },
    findings,
    suppressed: [],
  };
  return gzipSync(JSON.stringify(report));
}

/** A running `rampart serve`. */
interface Served {
  readonly child: ChildProcess;
  readonly url: string;
  /** What it wrote on stderr so far. */
  stderr(): string;
}

async function serve(db: string): Promise<Served> {
  // stdout carries the request log: not read, so not piped (a full pipe would stall the hub).
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--db', db], {
    cwd: dir,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: dir,
      CI: 'true',
      ...(process.env.PGPASSWORD ? { PGPASSWORD: process.env.PGPASSWORD } : {}),
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /hub listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
      if (m?.[1]) {
        clearInterval(timer);
        child.off('exit', exited);
        resolve(m[1]);
      }
    }, 25);
    const exited = (code: number | null) => {
      clearInterval(timer);
      reject(new Error(`serve exited with ${code}: ${stderr}`));
    };
    child.once('exit', exited);
  });
  return { child, url, stderr: () => stderr };
}

function exitOf(child: ChildProcess): Promise<unknown> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', resolve));
}

/** Signs in as the first admin, sets a password, and makes a project and its CI token. */
async function setUp(hub: Served): Promise<{ projectId: string; ciToken: string }> {
  const password = /one-time password: (\S+)/.exec(hub.stderr())?.[1] ?? '';
  const login = await fetch(`${hub.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password }),
  });
  expect(login.status).toBe(200);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const headers = {
    cookie: (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '',
    'x-csrf-token': csrfToken,
    'content-type': 'application/json',
  };
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${hub.url}${path}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${text}`);
    return text === '' ? {} : (JSON.parse(text) as Record<string, string>);
  };
  await post('/api/v1/auth/password', {
    currentPassword: password,
    newPassword: ['crash', 'test', 'pass', 'phrase'].join('-'),
  });
  const team = await post('/api/v1/teams', { slug: 'core', name: 'Core' });
  const project = await post('/api/v1/projects', { name: 'big', teamId: team.id });
  const token = await post(`/api/v1/projects/${project.id}/tokens`, { name: 'ci' });
  return { projectId: project.id as string, ciToken: token.token as string };
}

function upload(hub: Served, projectId: string, token: string, body: Buffer) {
  return fetch(`${hub.url}/api/v1/projects/${projectId}/scans`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/gzip' },
    body,
  });
}

/** Polls `inProgress` until it says so (true) or `gaveUp` (the upload answered first). */
async function waitFor(
  inProgress: () => Promise<boolean> | boolean,
  answered: () => boolean,
  limitMs = 90_000,
): Promise<void> {
  const start = Date.now();
  for (;;) {
    if (await inProgress()) return;
    if (answered())
      throw new Error(
        'the upload finished before the ingest was seen in progress: make the report larger',
      );
    if (Date.now() - start > limitMs) throw new Error('the ingest never started');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * The crash scenario on one store: `inProgress` says when the ingest's transaction is under
 * way, `counts` reads what the store holds.
 */
async function crashDuringIngest(
  db: string,
  inProgress: () => Promise<boolean> | boolean,
  counts: () => Promise<{ scans: number; findings: number; events: number }>,
  settled: () => Promise<void> = async () => {},
): Promise<void> {
  const report = bigReport(FINDINGS);
  const first = await serve(db);
  let projectId: string;
  let ciToken: string;
  try {
    ({ projectId, ciToken } = await setUp(first));
    let answered = false;
    const pending = upload(first, projectId, ciToken, report).then(
      (response) => {
        answered = true;
        return response.status;
      },
      (error: Error) => error,
    );
    await waitFor(inProgress, () => answered);
    first.child.kill('SIGKILL');
    await exitOf(first.child);
    // The connection died with the process: no answer came.
    expect(await pending).toBeInstanceOf(Error);
    expect(first.child.signalCode).toBe('SIGKILL');
  } finally {
    if (first.child.exitCode === null && first.child.signalCode === null) {
      first.child.kill('SIGKILL');
      await exitOf(first.child);
    }
  }

  await settled();
  const again = await serve(db);
  try {
    expect(await counts()).toEqual({ scans: 0, findings: 0, events: 0 });
    expect((await fetch(`${again.url}/readyz`)).status).toBe(200);
    const resent = await upload(again, projectId, ciToken, report);
    expect(resent.status).toBe(201);
    const result = (await resent.json()) as { counts: { new: number } };
    expect(result.counts.new).toBe(FINDINGS);
    expect(await counts()).toEqual({ scans: 1, findings: FINDINGS, events: FINDINGS });
  } finally {
    again.child.kill('SIGTERM');
    await exitOf(again.child);
  }
}

describe('killing the hub during an ingest', () => {
  it('leaves no partial scan on SQLite, and the same upload succeeds after a restart', async () => {
    const db = join(dir, 'crash.db');
    const wal = `${db}-wal`;
    const size = () => {
      try {
        return statSync(wal).size;
      } catch {
        return 0;
      }
    };
    // In progress = the WAL grew by several MiB since the upload began. SQLite spills the
    // pages of a transaction larger than its page cache (2 MiB by default) to the WAL as it
    // goes, long before the commit record; the whole ingest of this report writes tens of
    // MiB, so 8 MiB is early in the transaction, far from its commit. (Reading the database
    // from outside cannot show it: a reader sees only committed data.)
    let base: number | undefined;
    const inProgress = () => {
      base ??= size();
      return size() - base > 8 * 1024 * 1024;
    };
    const counts = async () => {
      const sqlite = new Database(db, { readonly: true, fileMustExist: true });
      try {
        const count = (table: string) =>
          (sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
        return {
          scans: count('scans'),
          findings: count('findings'),
          events: count('finding_events'),
        };
      } finally {
        sqlite.close();
      }
    };
    await crashDuringIngest(db, inProgress, counts);
  }, 180_000);

  it.skipIf(!postgres)(
    'leaves no partial scan on PostgreSQL, and the same upload succeeds after a restart',
    async () => {
      const admin = postgres as string;
      const name = `rampart_crash_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
      const control = new pg.Client({ connectionString: admin });
      await control.connect();
      await control.query(`create database ${name}`);
      const url = new URL(admin);
      url.pathname = `/${name}`;
      const reader = new pg.Client({ connectionString: url.href });
      try {
        // In progress = a session of the hub's database has a transaction that wrote
        // (backend_xid is set) and is inserting the scan's findings or events: the commit
        // only comes after all of them.
        const inProgress = async () => {
          const { rows } = await control.query(
            `select count(*)::int as n from pg_stat_activity
              where datname = $1 and backend_xid is not null
                and query ~* 'insert into "(findings|finding_events|scan_sightings|finding_scopes)"'`,
            [name],
          );
          return (rows[0] as { n: number }).n > 0;
        };
        // The killed hub's session ends (and its transaction rolls back) when PostgreSQL sees
        // the client gone; the checks wait for that.
        const settled = async () => {
          for (let i = 0; i < 1000; i++) {
            const { rows } = await control.query(
              'select count(*)::int as n from pg_stat_activity where datname = $1 and backend_xid is not null',
              [name],
            );
            if ((rows[0] as { n: number }).n === 0) return;
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
          throw new Error("the killed hub's transaction never ended");
        };
        await reader.connect();
        const counts = async () => {
          const count = async (table: string) =>
            (
              (await reader.query(`select count(*)::int as n from ${table}`)).rows[0] as {
                n: number;
              }
            ).n;
          return {
            scans: await count('scans'),
            findings: await count('findings'),
            events: await count('finding_events'),
          };
        };
        await crashDuringIngest(url.href, inProgress, counts, settled);
      } finally {
        await reader.end().catch(() => {});
        await dropDatabase(control, name);
        await control.end();
      }
    },
    180_000,
  );
});
