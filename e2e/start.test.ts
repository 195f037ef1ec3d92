import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { type AddressInfo, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// `npm start` after the build: scripts/start.mjs in a fresh folder, as a newcomer runs it.
const script = fileURLToPath(new URL('../scripts/start.mjs', import.meta.url));
const READY = 'Press Ctrl-C to stop.';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-e2e-start-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface Started {
  readonly child: ChildProcess;
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** Resolves with the exit code. */
  readonly exited: Promise<number | null>;
}

function start(port: number): Started {
  const child = spawn(process.execPath, [script], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', HOME: dir, CI: 'true', RAMPART_PORT: String(port) },
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => {
    stdout += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** Waits until the script says it serves (or fails if it exits first). */
async function ready(started: Started): Promise<void> {
  let done = false;
  void started.exited.then(() => {
    done = true;
  });
  while (!started.stdout().includes(READY)) {
    if (done) throw new Error(`start.mjs exited:\n${started.stdout()}\n${started.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Signs in and returns what a browser would send back. */
async function signIn(base: string, username: string, password: string) {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { csrfToken: string; user: { mustChangePassword: boolean } };
  const cookie = (res.headers.getSetCookie()[0] ?? '').split(';')[0] as string;
  return { headers: { cookie, 'x-csrf-token': body.csrfToken }, user: body.user };
}

describe('npm start (scripts/start.mjs)', () => {
  let port: number;
  let base: string;
  const password = 'a-new-password-for-the-test';

  beforeAll(async () => {
    port = await freePort();
    base = `http://127.0.0.1:${port}`;
  });

  it('starts the hub, prints the admin, uploads the scan of examples/, and stops on SIGINT', async () => {
    const run = start(port);
    try {
      await ready(run);
      const out = run.stdout();
      expect(out).toContain(`Rampart is running: ${base}/`);
      const username = /Sign in as: +(\S+)/.exec(out)?.[1] as string;
      const oneTime = /One-time password: +(\S+)/.exec(out)?.[1] as string;
      expect(username).toBe('admin');
      expect(oneTime).toMatch(/^\S{24}$/);
      expect(run.stderr()).toMatch(/uploaded scan \S+ to project \S+: [1-9]\d* new/);

      // The printed password is the hub's one-time password: it must be changed first.
      const first = await signIn(base, username, oneTime);
      expect(first.user.mustChangePassword).toBe(true);
      const changed = await fetch(`${base}/api/v1/auth/password`, {
        method: 'POST',
        headers: { ...first.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ currentPassword: oneTime, newPassword: password }),
      });
      expect(changed.status).toBe(204);

      const { projects } = (await (
        await fetch(`${base}/api/v1/projects`, { headers: first.headers })
      ).json()) as { projects: { id: string; name: string }[] };
      expect(projects.map((p) => p.name)).toEqual(['examples']);
      const { findings } = (await (
        await fetch(`${base}/api/v1/projects/${projects[0]?.id}/findings?limit=500`, {
          headers: first.headers,
        })
      ).json()) as { findings: { scanner: string }[] };
      expect(findings.length).toBeGreaterThan(10);
      expect([...new Set(findings.map((f) => f.scanner))]).toEqual(
        expect.arrayContaining(['sast', 'secrets', 'iac']),
      );

      // The dashboard (built or not) is served, under the CSP.
      const page = await fetch(`${base}/`, { headers: { accept: 'text/html' } });
      expect([200, 503]).toContain(page.status);
      expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");

      // The CI token is kept for later starts, readable by its owner only, and never printed.
      const state = join(dir, '.rampart', 'start.json');
      const token = (JSON.parse(readFileSync(state, 'utf8')) as { ciToken: string }).ciToken;
      expect(token).toMatch(/^rmp_ci_/);
      expect(statSync(state).mode & 0o077).toBe(0);
      expect(run.stdout() + run.stderr()).not.toContain(token);
    } finally {
      run.child.kill('SIGINT');
    }
    expect(await run.exited).toBe(0);
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  }, 120_000);

  it('starts again on the same store: says the admin exists, uploads again, changes nothing else', async () => {
    const run = start(port);
    try {
      await ready(run);
      expect(run.stdout()).toContain('The admin exists already');
      expect(run.stdout()).toMatch(/admin create NAME --db \.rampart\/rampart\.db/);
      expect(run.stdout()).not.toContain('One-time password');
      expect(run.stderr()).toMatch(/uploaded scan \S+ to project \S+: 0 new, [1-9]\d* seen again/);
      const admin = await signIn(base, 'admin', password);
      const { projects } = (await (
        await fetch(`${base}/api/v1/projects`, { headers: admin.headers })
      ).json()) as { projects: unknown[] };
      expect(projects).toHaveLength(1);
      const { teams } = (await (
        await fetch(`${base}/api/v1/teams`, { headers: admin.headers })
      ).json()) as { teams: unknown[] };
      expect(teams).toHaveLength(1);
    } finally {
      run.child.kill('SIGTERM');
    }
    expect(await run.exited).toBe(0);
  }, 120_000);

  it('says clearly when the port is taken', async () => {
    const busy: Server = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const taken = (busy.address() as AddressInfo).port;
    try {
      const run = start(taken);
      expect(await run.exited).toBe(1);
      expect(run.stderr()).toContain(`port ${taken} on 127.0.0.1 is already in use`);
      expect(run.stderr()).toMatch(/RAMPART_PORT=\d+ npm start/);
    } finally {
      await new Promise((resolve) => busy.close(resolve));
    }
  }, 60_000);
});
