import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { FindingDraft, Scanner, ScanReport } from '@rampart/core';
import { createSastScanner } from '@rampart/sast/scanner';
import { createAdmin, createHub, type HubDatabase, migrate, openDatabase } from '@rampart/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../main.js';
import { captureIo } from '../test-support/marker-scanner.js';

// `rampart scan --server … --project … [--upload]` against a real hub (createHub on SQLite,
// on 127.0.0.1), with the real SAST scanner on a temporary git repository. Everything on
// the hub is set up through its API, as a user would.

const EVAL_RULE = 'js-code-injection-eval';
const ADVISORY = 'GHSA-test-hub1-acc1';
const ALIAS = 'CVE-2026-12345';

/** An Express handler that evaluates request input: one `js-code-injection-eval` finding. */
const vulnerable = (route: string) =>
  [
    "const express = require('express');",
    'const app = express();',
    `app.get('/${route}', (req, res) => {`,
    `  res.json({ result: ${'ev'}al(req.query.${route}) });`,
    '});',
    '',
  ].join('\n');

/**
 * A dependency scanner for the test: each line `name advisory alias` of `deps.txt` is a
 * package finding of that advisory (the real one needs an OSV database).
 */
function depsScanner(): Scanner {
  return {
    kind: 'sca',
    description: 'test dependency scanner',
    async *scan(target) {
      if (!target.files.some((f) => f.path === 'deps.txt')) return;
      for (const line of (await target.readText('deps.txt')).split('\n')) {
        const [name, advisory, alias] = line.trim().split(/\s+/);
        if (!name || !advisory || !alias) continue;
        const draft: FindingDraft = {
          ruleId: advisory,
          scanner: 'sca',
          tool: { name: 'rampart', version: 'test' },
          title: `Vulnerable ${name}`,
          message: `${name} 1.0.0 is affected by ${advisory}`,
          severity: 'high',
          confidence: 'high',
          cwe: [],
          location: {
            kind: 'package',
            purl: `pkg:npm/${name}@1.0.0`,
            ecosystem: 'npm',
            name,
            version: '1.0.0',
            manifestPath: 'package-lock.json',
            fixedVersions: ['1.0.1'],
          },
          references: [],
          tags: [],
          properties: { advisory, aliases: [alias] },
        };
        yield draft;
      }
    },
  };
}

const scanners = [createSastScanner(), depsScanner()];

let work: string;
let repo: string;
let database: HubDatabase;
let hub: ReturnType<typeof createHub>;
/** A second hub on the same store that refuses every upload as too large. */
let strictHub: ReturnType<typeof createHub>;
let server: string;
let strictServer: string;
let projectId: string;
let ciToken: string;
let userToken: string;

/** The hub's JSON answers, as the assertions read them. */
// biome-ignore lint/suspicious/noExplicitAny: the tests read the hub's answers field by field.
type Json = any;

async function api(
  method: string,
  path: string,
  options: { token?: string; headers?: Record<string, string>; body?: unknown } = {},
): Promise<{ status: number; body: Json; headers: Headers }> {
  const response = await fetch(`${server}${path}`, {
    method,
    headers: {
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? JSON.parse(text) : null,
    headers: response.headers,
  };
}

async function ok(
  method: string,
  path: string,
  options: { token?: string; headers?: Record<string, string>; body?: unknown } = {},
) {
  const answer = await api(method, path, options);
  if (answer.status >= 300)
    throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

async function write(path: string, content: string): Promise<void> {
  await mkdir(dirname(join(repo, path)), { recursive: true });
  await writeFile(join(repo, path), content);
}

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trim();
}

async function listen(app: ReturnType<typeof createHub>): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'rampart-scan-hub-'));
  repo = join(work, 'repo');
  database = openDatabase(join(work, 'hub.db'));
  await migrate(database);
  const admin = await createAdmin(database, 'ada');
  hub = createHub({ database, logger: false });
  strictHub = createHub({ database, logger: false, maxReportBytes: 256 });
  server = await listen(hub);
  strictServer = await listen(strictHub);

  // The admin signs in, replaces the one-time password, and makes a personal token.
  const login = await api('POST', '/api/v1/auth/login', {
    body: { username: 'ada', password: admin.password },
  });
  const session = {
    cookie: (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '',
    'x-csrf-token': login.body.csrfToken as string,
  };
  await ok('POST', '/api/v1/auth/password', {
    headers: session,
    body: { currentPassword: admin.password, newPassword: randomBytes(12).toString('hex') },
  });
  userToken = (await ok('POST', '/api/v1/me/tokens', { headers: session, body: { name: 'tests' } }))
    .token;
  const team = await ok('POST', '/api/v1/teams', {
    token: userToken,
    body: { slug: 'shop', name: 'Shop' },
  });
  projectId = (
    await ok('POST', '/api/v1/projects', {
      token: userToken,
      body: { name: 'shop-web', teamId: team.id },
    })
  ).id;
  ciToken = (
    await ok('POST', `/api/v1/projects/${projectId}/tokens`, {
      token: userToken,
      body: { name: 'ci' },
    })
  ).token;

  await mkdir(repo, { recursive: true });
  git('init', '--quiet', '--initial-branch', 'main');
  git('config', 'user.email', 'dev@example.com');
  git('config', 'user.name', 'Dev');
  git('config', 'commit.gpgsign', 'false');
  await write('src/accepted.js', vulnerable('accepted'));
  await write('src/wrong.js', vulnerable('wrong'));
  await write('legacy/old.js', vulnerable('old'));
  await write('deps.txt', `left-pad ${ADVISORY} ${ALIAS}\n`);
  git('add', '.');
  git('commit', '--quiet', '-m', 'first');
}, 60_000);

afterAll(async () => {
  await hub?.close();
  await strictHub?.close();
  await database?.close();
  await rm(work, { recursive: true, force: true });
});

/** Runs `rampart scan ARGS` in the repository, in-process. */
async function scan(args: string[], env: Record<string, string> = {}) {
  const io = captureIo(repo, { RAMPART_CACHE_DIR: join(work, 'cache'), ...env });
  const code = await runCli(['scan', '--scanners', 'sast,sca', '--no-progress', ...args], {
    io,
    scanners,
  });
  return { code, stdout: io.stdout.text(), stderr: io.stderr.text() };
}

const withHub = (...extra: string[]) => ['--server', server, '--project', projectId, ...extra];

/** The project's findings on the hub, by the file or package they are in. */
async function hubFindings(): Promise<Map<string, { id: string; status: string }>> {
  const { findings } = await ok('GET', `/api/v1/projects/${projectId}/findings?limit=500`, {
    token: userToken,
  });
  const out = new Map<string, { id: string; status: string }>();
  for (const f of findings as {
    id: string;
    status: string;
    location: { path?: string; name?: string };
  }[])
    out.set(f.location.path ?? f.location.name ?? '?', { id: f.id, status: f.status });
  return out;
}

async function latestScan() {
  return database.db
    .selectFrom('scans')
    .selectAll()
    .where('project_id', '=', projectId)
    .orderBy('received_at', 'desc')
    .executeTakeFirstOrThrow();
}

describe('rampart scan --server', () => {
  it('uploads a full scan with --upload; the gate still fails on findings nobody triaged', async () => {
    const run = await scan(withHub('--upload', '--format', 'json'), { RAMPART_TOKEN: ciToken });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toMatch(
      new RegExp(`uploaded scan ([0-9a-f-]{36}) to project ${projectId}: 4 new, 0 seen again`),
    );
    const scanId = /uploaded scan ([0-9a-f-]{36})/.exec(run.stderr)?.[1];
    const row = await latestScan();
    expect(row).toMatchObject({ id: scanId, kind: 'full', branch: 'main' });
    expect(row.commit_sha).toBe(git('rev-parse', 'HEAD'));
    expect([...(await hubFindings()).entries()].sort()).toEqual([
      ['left-pad', { id: expect.any(String), status: 'open' }],
      ['legacy/old.js', { id: expect.any(String), status: 'open' }],
      ['src/accepted.js', { id: expect.any(String), status: 'open' }],
      ['src/wrong.js', { id: expect.any(String), status: 'open' }],
    ]);
  });

  it('passes once the hub accepted the risk, marked a false positive, and its rules cover the rest', async () => {
    const findings = await hubFindings();
    await ok('POST', `/api/v1/findings/${findings.get('src/accepted.js')?.id}/accept-risk`, {
      token: userToken,
      body: { reason: 'internal admin tool', expiresAt: '2099-01-31T00:00:00Z' },
    });
    await ok('POST', `/api/v1/findings/${findings.get('src/wrong.js')?.id}/false-positive`, {
      token: userToken,
      body: { reason: 'the route is disabled' },
    });
    await ok('POST', '/api/v1/triage-rules', {
      token: userToken,
      body: {
        kind: 'false_positive_path',
        ruleId: EVAL_RULE,
        path: 'legacy/**',
        reason: 'legacy code is not deployed',
      },
    });
    await ok('POST', '/api/v1/triage-rules', {
      token: userToken,
      body: {
        kind: 'accept_advisory',
        advisory: ALIAS.toLowerCase(),
        reason: 'the vulnerable function is never called',
        expiresAt: '2099-06-30T00:00:00Z',
      },
    });
    // New findings the hub has never seen, covered only by its organisation rules: the CLI
    // must match them itself, as the hub would.
    await write('legacy/newer.js', vulnerable('newer'));
    await write('deps.txt', `left-pad ${ADVISORY} ${ALIAS}\nright-pad ${ADVISORY} ${ALIAS}\n`);

    const before = await scan(['--format', 'json']);
    expect(before.code, before.stderr).toBe(1);
    expect((JSON.parse(before.stdout) as ScanReport).findings).toHaveLength(6);

    const after = await scan(withHub('--format', 'json'), { RAMPART_TOKEN: ciToken });
    expect(after.code, after.stderr).toBe(0);
    const report = JSON.parse(after.stdout) as ScanReport;
    expect(report.findings).toEqual([]);
    expect(report.gate.passed).toBe(true);
    expect(
      report.suppressed.map((s) => [s.location.split(/[: ]/)[0], s.kind, s.reason]).sort(),
    ).toEqual([
      ['legacy/newer.js', 'hub', 'false positive (hub rule): legacy code is not deployed'],
      ['legacy/old.js', 'hub', 'false positive (hub rule): legacy code is not deployed'],
      [
        'package-lock.json',
        'hub',
        'accepted risk until 2099-06-30 (hub rule): the vulnerable function is never called',
      ],
      [
        'package-lock.json',
        'hub',
        'accepted risk until 2099-06-30 (hub rule): the vulnerable function is never called',
      ],
      ['src/accepted.js', 'hub', 'accepted risk until 2099-01-31 (hub): internal admin tool'],
      ['src/wrong.js', 'hub', 'false positive (hub): the route is disabled'],
    ]);

    const text = await scan(withHub('--token', ciToken));
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain("6 suppressed (6 by the hub's triage)");
    expect(text.stdout).toMatch(
      new RegExp(
        `suppressed by the hub: ${EVAL_RULE} at src/accepted\\.js:4: accepted risk until 2099-01-31 \\(hub\\): internal admin tool`,
      ),
    );
    expect(text.stdout).toContain('✔');
  });

  it('uploads what the hub suppressed as findings, so that it records the new ones under its rules', async () => {
    const run = await scan(withHub('--upload'), { RAMPART_TOKEN: ciToken });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/uploaded scan [0-9a-f-]{36} to project .*: 2 new, 4 seen again/);
    expect((await latestScan()).kind).toBe('full');
    const findings = await hubFindings();
    expect(findings.get('legacy/newer.js')?.status).toBe('false_positive');
    expect(findings.get('right-pad')?.status).toBe('risk_accepted');
    expect(findings.get('src/accepted.js')?.status).toBe('risk_accepted');
  });

  it('uploads scans of part of the tree (--diff-base, --staged) as diff scans, which close nothing', async () => {
    git('add', '.');
    git('commit', '--quiet', '-m', 'second');
    await write('src/fresh.js', vulnerable('fresh'));
    const diff = await scan(withHub('--upload', '--diff-base', 'HEAD'), {
      RAMPART_TOKEN: ciToken,
    });
    expect(diff.code, diff.stderr).toBe(1);
    expect(diff.stderr).toMatch(
      /uploaded scan [0-9a-f-]{36} to project .*: 1 new, 0 seen again, 0 fixed/,
    );
    expect((await latestScan()).kind).toBe('diff');

    await write('src/staged.js', vulnerable('staged'));
    git('add', 'src/staged.js');
    const staged = await scan(withHub('--upload', '--staged', '--scanners', 'sast'), {
      RAMPART_TOKEN: ciToken,
    });
    expect(staged.code, staged.stderr).toBe(1);
    expect(staged.stderr).toMatch(/: 1 new, 0 seen again, 0 fixed/);
    expect((await latestScan()).kind).toBe('diff');
    const findings = await hubFindings();
    expect(findings.get('src/staged.js')?.status).toBe('open');
    expect(findings.get('src/accepted.js')?.status).toBe('risk_accepted');
    git('rm', '--quiet', '--cached', 'src/staged.js');
    await rm(join(repo, 'src/staged.js'));
    await rm(join(repo, 'src/fresh.js'));
  });

  it('exits 2 naming the hub and its answer when it cannot be used, unless --server-optional', async () => {
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((done) => closed.close(done));
    const down = `http://127.0.0.1:${port}`;
    const unreachable = await scan(['--server', down, '--project', projectId], {
      RAMPART_TOKEN: ciToken,
    });
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toContain(`cannot reach the hub at ${down}: ECONNREFUSED`);
    expect(unreachable.stdout).toBe('');

    const optional = await scan(['--server', down, '--project', projectId, '--server-optional'], {
      RAMPART_TOKEN: ciToken,
    });
    // Without the hub's triage, what it suppresses fails the gate again.
    expect(optional.code).toBe(1);
    expect(optional.stderr).toContain(
      `cannot reach the hub at ${down}: ECONNREFUSED; scanning without the hub's triage (--server-optional)`,
    );

    const wrongToken = ['rmp_ci', randomBytes(16).toString('hex')].join('_');
    const cases: [string[], Record<string, string>, RegExp][] = [
      [withHub(), { RAMPART_TOKEN: wrongToken }, /from http:\/\/127\.0\.0\.1:\d+ failed: 401 /],
      [
        ['--server', server, '--project', randomUUID()],
        { RAMPART_TOKEN: ciToken },
        /failed: 404 NOT_FOUND[\s\S]*hint: check --project/,
      ],
      [withHub(), {}, /no token: set RAMPART_TOKEN/],
      [
        ['--server', 'http://hub.example.com', '--project', projectId],
        { RAMPART_TOKEN: ciToken },
        /--server http:\/\/hub\.example\.com: plain http would send the token unencrypted; use https:\/\//,
      ],
      [['--project', projectId], { RAMPART_TOKEN: ciToken }, /--project needs --server/],
      [['--upload'], { RAMPART_TOKEN: ciToken }, /--upload needs --server/],
      [['--server', server], { RAMPART_TOKEN: ciToken }, /--server needs --project/],
    ];
    for (const [args, env, message] of cases) {
      const run = await scan(args, env);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toContain(ciToken);
      expect(run.stderr).not.toContain(wrongToken);
    }

    // A fork's pull request gets no secrets; with --server-optional the scan goes on without the hub.
    const noToken = await scan(withHub('--server-optional', '--upload'));
    expect(noToken.code).toBe(1);
    expect(noToken.stderr).toMatch(
      /no token: .*; scanning without the hub's triage, not uploading/,
    );
  });

  it('exits 2 when the upload fails after the gate passed, and keeps the gate failure otherwise', async () => {
    const strict = ['--server', strictServer, '--project', projectId, '--upload'];
    const passed = await scan(strict, { RAMPART_TOKEN: ciToken });
    expect(passed.code, passed.stderr).toBe(2);
    expect(passed.stderr).toMatch(
      /upload to http:\/\/127\.0\.0\.1:\d+ failed: 413 REPORT_TOO_LARGE/,
    );
    expect(passed.stdout).toContain('✔');

    await write('src/fresh.js', vulnerable('fresh'));
    const failed = await scan(strict, { RAMPART_TOKEN: ciToken });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/failed: 413 REPORT_TOO_LARGE/);

    const optional = await scan([...strict, '--server-optional'], { RAMPART_TOKEN: ciToken });
    expect(optional.code).toBe(1);
    expect(optional.stderr).toMatch(
      /failed: 413 REPORT_TOO_LARGE.*; the scan was not uploaded \(--server-optional\)/,
    );
    await rm(join(repo, 'src/fresh.js'));
  });
});
