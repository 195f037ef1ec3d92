import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { type ScanReport, ScanReportSchema } from '@rampart/core';
import { createIacScanner } from '@rampart/iac/scanner';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../main.js';
import { captureIo, markerScanner } from '../test-support/marker-scanner.js';

// `rampart scan` puts the repository's posture (facts + paved-road outcome) in the JSON
// report and the upload of a full scan, and nowhere else.

/** Built at run time, so that the repository's own secret scan stays clean. */
const TOKEN = ['rmp_ci', 'p'.repeat(32)].join('_');
const POLICY = 'version: 1\nname: Acme road\nscanners: [iac]\n';

const scanners = [createIacScanner(), markerScanner('sast')];

let repo: string;
const git = (...args: string[]) =>
  execFileSync('git', args, {
    cwd: repo,
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@example.com',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@example.com',
    },
  });

async function write(files: Record<string, string>) {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(repo, path)), { recursive: true });
    await writeFile(join(repo, path), text);
  }
}

beforeEach(async () => {
  repo = await mkdtemp(join(tmpdir(), 'rampart-scan-posture-'));
  git('init', '-q', '-b', 'main');
  await write({
    '.github/workflows/ci.yml': [
      'on:',
      '  pull_request:',
      '  push:',
      '    branches: [main]',
      'jobs:',
      '  scan:',
      '    runs-on: ubuntu-24.04',
      '    steps:',
      '      - uses: acme/setup@v1',
      '      - run: npx rampart scan --format json --output rampart.json',
      '',
    ].join('\n'),
    'SECURITY.md': '# Security\n',
    'src/app.js': 'const a = 1;\nmodule.exports = a;\n',
    'paved-road.yml': POLICY,
    'rampart.yml': 'version: 1\nfailOn: critical\npavedRoad: paved-road.yml\n',
  });
  git('add', '-A');
  git('commit', '-q', '-m', 'first');
});
afterEach(() => rm(repo, { recursive: true, force: true }));

async function scan(args: string[], env: Record<string, string> = {}) {
  const io = captureIo(repo, env);
  const code = await runCli(['scan', '--no-progress', ...args], { io, scanners });
  return { code, out: io.stdout.text(), err: io.stderr.text() };
}

describe('the posture in the JSON report', () => {
  it('is in a full scan, valid against the report schema', async () => {
    const { code, out } = await scan(['--format', 'json']);
    expect(code).toBe(0);
    const report = ScanReportSchema.parse(JSON.parse(out));
    expect(report.posture?.facts).toEqual({
      ci: ['github'],
      rampartInCi: { pullRequests: true, defaultBranch: true },
      sarifUpload: null,
      secretsHook: null,
      actions: {
        thirdParty: 1,
        unpinned: 1,
        examples: [{ uses: 'acme/setup@v1', path: '.github/workflows/ci.yml', line: 9 }],
      },
      dependencyUpdates: null,
      securityPolicy: 'SECURITY.md',
      codeowners: null,
      threatModel: null,
      linesOfCode: 2,
    });
    expect(report.posture?.pavedRoad?.policy).toEqual({
      name: 'Acme road',
      source: 'paved-road.yml',
      sha256: createHash('sha256').update(POLICY).digest('hex'),
    });
    expect(
      report.posture?.pavedRoad?.checks.find((c) => c.id === 'required-scanners'),
    ).toMatchObject({ status: 'pass', violationCount: 0 });
  });

  it('has facts but no paved-road outcome when the iac scanner does not run', async () => {
    const { out } = await scan(['--format', 'json', '--scanners', 'sast']);
    const report = ScanReportSchema.parse(JSON.parse(out));
    expect(report.posture?.facts.securityPolicy).toBe('SECURITY.md');
    expect(report.posture?.pavedRoad).toBeUndefined();
  });

  it('is not in a --diff-base or --staged scan', async () => {
    git('checkout', '-q', '-b', 'feature');
    await write({ 'src/app.js': 'const a = 2;\nmodule.exports = a;\n' });
    const diff = ScanReportSchema.parse(
      JSON.parse((await scan(['--format', 'json', '--diff-base', 'main'])).out),
    );
    expect(diff.scan.diffBase).toBe('main');
    expect(diff.posture).toBeUndefined();
    git('add', 'src/app.js');
    const staged = ScanReportSchema.parse(
      JSON.parse((await scan(['--format', 'json', '--staged'])).out),
    );
    expect(staged.posture).toBeUndefined();
  });

  it("of a monorepo's project has the top level's set-up and the project's own size", async () => {
    await write({ 'services/api/index.js': 'module.exports = 1;\n' });
    const { code, out } = await scan(['--format', 'json', 'services/api']);
    expect(code).toBe(0);
    const facts = ScanReportSchema.parse(JSON.parse(out)).posture?.facts;
    expect(facts?.rampartInCi).toEqual({ pullRequests: true, defaultBranch: true });
    expect(facts?.actions.examples).toEqual([
      { uses: 'acme/setup@v1', path: '.github/workflows/ci.yml', line: 9 },
    ]);
    expect(facts?.securityPolicy).toBe('SECURITY.md');
    expect(facts?.linesOfCode).toBe(1);
  });

  it('is not in the scan of a single file', async () => {
    const file = ScanReportSchema.parse(
      JSON.parse((await scan(['--format', 'json', 'src/app.js'])).out),
    );
    expect(file.posture).toBeUndefined();
  });

  it('leaves SARIF and the text report as they were', async () => {
    const sarif = await scan(['--format', 'sarif']);
    expect(sarif.code).toBe(0);
    expect(sarif.out).not.toContain('"posture"');
    expect(sarif.out).not.toContain('linesOfCode');
    const text = await scan([]);
    expect(text.out).not.toContain('linesOfCode');
  });
});

describe('the posture in the upload', () => {
  let server: Server;
  let origin: string;
  const uploads: { kind: string | null; report: ScanReport }[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        res.setHeader('content-type', 'application/json');
        if (req.method === 'POST' && req.headers.authorization === `Bearer ${TOKEN}`) {
          uploads.push({
            kind: url.searchParams.get('kind'),
            report: JSON.parse(gunzipSync(Buffer.concat(chunks)).toString('utf8')),
          });
          res.end(
            JSON.stringify({
              scanId: `s${uploads.length}`,
              duplicate: false,
              late: false,
              counts: { new: 0, seen: 0, fixed: 0, reopened: 0 },
            }),
          );
          return;
        }
        // The scan reads the project's triage first.
        res.end(
          JSON.stringify({
            projectId: 'p1',
            generatedAt: new Date().toISOString(),
            decisions: [],
            rules: [],
          }),
        );
      });
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it('goes with a full scan and not with a diff scan', async () => {
    uploads.length = 0;
    const hub = ['--server', origin, '--project', 'p1', '--upload'];
    const full = await scan(hub, { RAMPART_TOKEN: TOKEN });
    expect(full.err).toContain('uploaded scan s1');
    expect(full.code).toBe(0);
    git('checkout', '-q', '-b', 'feature');
    await write({ 'src/app.js': 'const a = 3;\n' });
    expect((await scan([...hub, '--diff-base', 'main'], { RAMPART_TOKEN: TOKEN })).code).toBe(0);
    expect(uploads.map((u) => u.kind)).toEqual(['full', 'diff']);
    const [first, second] = uploads.map((u) => ScanReportSchema.parse(u.report));
    expect(first?.posture?.facts.rampartInCi).toEqual({ pullRequests: true, defaultBranch: true });
    expect(first?.posture?.pavedRoad?.policy.name).toBe('Acme road');
    expect(second?.posture).toBeUndefined();
  });
});
