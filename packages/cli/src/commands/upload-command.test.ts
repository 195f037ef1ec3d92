import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type Finding, isRampartError, type ScanReport } from '@rampart/core';
import {
  buildHub,
  type HubDatabase,
  migrate,
  openDatabase,
  registerScanRoutes,
} from '@rampart/server';
import { Command, CommanderError } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCliLogger } from '../cli-logger.js';
import { captureIo } from '../test-support/marker-scanner.js';
import type { CommandDeps } from './command-deps.js';
import { registerUploadCommand } from './upload-command.js';

/** Built at run time, so that the repository's own secret scan stays clean. */
const CI_TOKEN = ['rmp_ci', 'u'.repeat(32)].join('_');
const OTHER_TOKEN = ['rmp_ci', 'v'.repeat(32)].join('_');
const T0 = Date.parse('2026-03-01T10:00:00Z');

function finding(key: string): Finding {
  return {
    ruleId: 'js.eval',
    scanner: 'sast',
    tool: { name: 'rampart', version: '0.1.0' },
    title: 'eval of input',
    message: `eval ${key}`,
    severity: 'high',
    confidence: 'high',
    cwe: ['CWE-95'],
    location: {
      kind: 'code',
      path: `src/${key}.js`,
      region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 5 },
    },
    references: [],
    tags: [],
    fingerprint: `fp-${key}`,
  };
}

function report(findings: Finding[], at: number): ScanReport {
  return {
    schemaVersion: 1,
    tool: { name: 'rampart', version: '0.1.0' },
    scan: {
      target: '.',
      stage: 'main',
      startedAt: new Date(at - 1000).toISOString(),
      finishedAt: new Date(at).toISOString(),
      durationMs: 1000,
      filesScanned: 3,
      skipped: [],
      scanners: [{ kind: 'sast', durationMs: 5, findings: findings.length, invalidFindings: 0 }],
    },
    summary: {
      total: findings.length,
      bySeverity: { critical: 0, high: findings.length, medium: 0, low: 0, info: 0 },
      byScanner: { sast: findings.length },
      suppressed: 0,
    },
    gate: { threshold: 'high', passed: findings.length === 0, summary: '', failing: [] },
    findings,
    suppressed: [],
  };
}

let work: string;
let database: HubDatabase;
let app: Awaited<ReturnType<typeof buildHub>>;
let server: string;
let projectId: string;
/** What reached the hub: the first bytes of each upload body and the query. */
const received: { magic: string; query: Record<string, string> }[] = [];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'rampart-upload-'));
  database = openDatabase(join(work, 'hub.db'));
  await migrate(database);
  const teamId = randomUUID();
  projectId = randomUUID();
  await database.db
    .insertInto('teams')
    .values({ id: teamId, slug: 'shop', name: 'Shop', created_at: T0 })
    .execute();
  await database.db
    .insertInto('projects')
    .values({
      id: projectId,
      name: 'shop-web',
      repository: null,
      default_branch: 'main',
      team_id: teamId,
      created_at: T0,
    })
    .execute();
  // The CI token's row: the hub records which token uploaded each scan.
  await database.db
    .insertInto('tokens')
    .values({
      id: 'ci-1',
      kind: 'ci',
      user_id: null,
      project_id: projectId,
      name: 'shop-web ci',
      token_hash: 'not-a-real-hash',
      created_at: T0,
      last_used_at: null,
      expires_at: null,
      revoked_at: null,
    })
    .execute();
  app = buildHub({ database, logger: false });
  // Test-only authentication: the bearer token maps to a CI principal of the project.
  app.decorateRequest('principal', undefined);
  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    const principal =
      header === `Bearer ${CI_TOKEN}`
        ? { kind: 'ci', tokenId: 'ci-1', projectId }
        : header === `Bearer ${OTHER_TOKEN}`
          ? { kind: 'ci', tokenId: 'ci-2', projectId: randomUUID() }
          : undefined;
    (request as unknown as { principal: unknown }).principal = principal;
  });
  app.addHook('preHandler', async (request) => {
    const body = request.body;
    if (Buffer.isBuffer(body))
      received.push({
        magic: body.subarray(0, 2).toString('hex'),
        query: request.query as Record<string, string>,
      });
  });
  registerScanRoutes(app, { database, maxReportBytes: 64 * 1024 });
  await app.listen({ host: '127.0.0.1', port: 0 });
  server = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await app.close();
  await database.close();
  await rm(work, { recursive: true, force: true });
});

/** Runs `rampart upload …` in-process with the CLI's error handling (main.ts registers it). */
async function rampart(argv: string[], env: Record<string, string | undefined> = {}) {
  const io = captureIo(work, env);
  let code = 0;
  const deps: CommandDeps = {
    io,
    scanners: [],
    reporters: [],
    signal: new AbortController().signal,
    makeLogger: (flags) =>
      createCliLogger(
        io.stderr,
        flags.quiet ? 'quiet' : flags.verbose ? 'verbose' : 'normal',
        false,
      ),
    setExitCode: (c) => {
      code = c;
    },
  };
  const program = new Command('rampart')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
  registerUploadCommand(program, deps);
  for (const c of program.commands) c.exitOverride();
  try {
    await program.parseAsync(['upload', ...argv], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) code = 2;
    else if (isRampartError(err)) {
      io.stderr.write(`rampart: ${err.message}\n`);
      if (err.hint) io.stderr.write(`  hint: ${err.hint}\n`);
      code = err.code === 'RAMPART_INTERNAL' ? 3 : 2;
    } else throw err;
  }
  return { code, stdout: io.stdout.text(), stderr: io.stderr.text() };
}

async function file(name: string, content: string | Buffer): Promise<string> {
  await writeFile(join(work, name), content);
  return name;
}

describe('rampart upload', () => {
  it('sends a report gzipped with the CI token, prints the summary, and a re-send changes nothing', async () => {
    const path = await file(
      'scan-1.json',
      JSON.stringify(report([finding('a'), finding('b')], T0)),
    );
    const first = await rampart([path, '--server', server, '--project', projectId], {
      RAMPART_TOKEN: CI_TOKEN,
    });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      new RegExp(
        `^uploaded scan [0-9a-f-]{36} to project ${projectId}: 2 new, 0 seen again, 0 fixed, 0 reopened\\n$`,
      ),
    );
    expect(received.at(-1)?.magic).toBe('1f8b');

    const again = await rampart([path, '--server', server, '--project', projectId], {
      RAMPART_TOKEN: CI_TOKEN,
    });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^already uploaded as scan [0-9a-f-]{36}: nothing changed\n$/);

    const later = await file(
      'scan-2.json',
      gzipSync(JSON.stringify(report([finding('b')], T0 + 3_600_000))),
    );
    const json = await rampart([
      later,
      '--server',
      `${server}/`,
      '--project',
      projectId,
      '--token',
      CI_TOKEN,
      '--json',
    ]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({
      scanId: expect.any(String),
      duplicate: false,
      late: false,
      counts: { new: 0, seen: 1, fixed: 1, reopened: 0 },
    });
    const rows = await database.db
      .selectFrom('findings')
      .select(['fingerprint', 'status'])
      .where('project_id', '=', projectId)
      .orderBy('fingerprint')
      .execute();
    expect(rows).toEqual([
      { fingerprint: 'fp-a', status: 'fixed' },
      { fingerprint: 'fp-b', status: 'open' },
    ]);
  });

  it('passes what the report does not say: flags override, the CI environment fills in', async () => {
    const sarif = await file(
      'codeql.sarif',
      JSON.stringify({
        version: '2.1.0',
        runs: [
          {
            tool: { driver: { name: 'CodeQL', semanticVersion: '2.15.3', rules: [] } },
            results: [],
          },
        ],
      }),
    );
    const run = await rampart(
      [
        sarif,
        '--server',
        server,
        '--project',
        projectId,
        '--stage',
        'production',
        '--scanners',
        'sast',
        '--ran-at',
        '2026-02-01T00:00:00Z',
      ],
      {
        RAMPART_TOKEN: CI_TOKEN,
        GITHUB_ACTIONS: 'true',
        GITHUB_REF_NAME: 'main',
        GITHUB_SHA: 'a'.repeat(40),
      },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(received.at(-1)?.query).toMatchObject({
      stage: 'production',
      scanners: 'sast',
      ranAt: '2026-02-01T00:00:00.000Z',
      fallbackBranch: 'main',
      fallbackCommit: 'a'.repeat(40),
    });
    const scan = await database.db
      .selectFrom('scans')
      .select(['stage', 'branch', 'commit_sha', 'ran_at'])
      .where('project_id', '=', projectId)
      .orderBy('received_at', 'desc')
      .orderBy('ran_at')
      .executeTakeFirstOrThrow();
    expect(scan).toEqual({
      stage: 'production',
      branch: 'main',
      commit_sha: 'a'.repeat(40),
      ran_at: Date.parse('2026-02-01T00:00:00Z'),
    });
  });

  it("names the hub's status and code when it refuses, and never prints the token", async () => {
    const good = await file('good.json', JSON.stringify(report([], T0 + 7_200_000)));
    const bad = await file('bad.json', '{"schemaVersion": 1, "tool": {"name": "rampart"}}');
    const big = await file('big.json', `{"padding": "${'x'.repeat(70 * 1024)}"}`);
    const cases: [string[], Record<string, string>, RegExp][] = [
      [
        [bad],
        { RAMPART_TOKEN: CI_TOKEN },
        /failed: 400 INVALID_REPORT: not a valid Rampart report/,
      ],
      [[good], { RAMPART_TOKEN: 'wrong' }, /failed: 401 UNAUTHENTICATED/],
      [[good], { RAMPART_TOKEN: OTHER_TOKEN }, /failed: 404 NOT_FOUND[\s\S]*hint: check --project/],
      [[big], { RAMPART_TOKEN: CI_TOKEN }, /failed: 413 REPORT_TOO_LARGE/],
      [[good], {}, /no token: set RAMPART_TOKEN/],
      [['missing.json'], { RAMPART_TOKEN: CI_TOKEN }, /cannot read missing\.json/],
    ];
    for (const [args, env, message] of cases) {
      const run = await rampart([...args, '--server', server, '--project', projectId], env);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toContain(CI_TOKEN);
      expect(run.stderr).not.toContain(OTHER_TOKEN);
    }
    // A port nothing listens on any more.
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((done) => closed.close(done));
    const unreachable = await rampart(
      [good, '--server', `http://127.0.0.1:${port}`, '--project', projectId],
      {
        RAMPART_TOKEN: CI_TOKEN,
      },
    );
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toContain(
      `cannot reach the hub at http://127.0.0.1:${port}: ECONNREFUSED`,
    );
    const badUrl = await rampart([good, '--server', 'ftp://hub', '--project', projectId], {
      RAMPART_TOKEN: CI_TOKEN,
    });
    expect(badUrl.stderr).toMatch(/expected an http:\/\/ or https:\/\/ URL/);
    const clear = await rampart(
      [good, '--server', 'http://hub.example.com', '--project', projectId],
      {
        RAMPART_TOKEN: CI_TOKEN,
      },
    );
    expect(clear.code).toBe(2);
    expect(clear.stderr).toMatch(/plain http would send the token unencrypted; use https:\/\//);
    const missingFlag = await rampart([good, '--project', projectId], { RAMPART_TOKEN: CI_TOKEN });
    expect(missingFlag.code).toBe(2);
  });
});
