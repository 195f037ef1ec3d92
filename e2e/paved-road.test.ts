import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bin, runRampart } from './support/run-cli.js';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));

interface CheckJson {
  id: string;
  status: string;
  violations: {
    message: string;
    remediation: string;
    location: { path?: string; line: number | null } | null;
  }[];
}
interface PavedRoadJson {
  version: number;
  policy: { name: string; source: string };
  score: number;
  checks: CheckJson[];
}

/** `rampart ARGS` without blocking the event loop (a loopback server answers meanwhile). */
function runAsync(
  cwd: string,
  args: readonly string[],
  env: Readonly<Record<string, string>>,
): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      {
        cwd,
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', HOME: cwd, CI: 'true', ...env },
      },
      (error, stdout, stderr) => {
        const code = (error as { code?: unknown } | null)?.code;
        resolve({ status: typeof code === 'number' ? code : 0, stdout, stderr });
      },
    );
  });
}

const POLICY = `version: 1
name: Loopback road
libraries:
  npm:
    banned:
      - name: left-pad
        replacement: String.prototype.padStart
pipeline:
  gitlab:
    project: acme/ci-templates
    file: rampart.gitlab-ci.yml
`;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-e2e-paved-'));
  mkdirSync(join(dir, 'repo'));
  writeFileSync(
    join(dir, 'repo', 'package-lock.json'),
    `${JSON.stringify(
      {
        name: 'r',
        version: '1.0.0',
        lockfileVersion: 3,
        packages: {
          '': { name: 'r', version: '1.0.0', dependencies: { 'left-pad': '1.3.0' } },
          'node_modules/left-pad': { version: '1.3.0' },
        },
      },
      null,
      2,
    )}\n`,
  );
  writeFileSync(
    join(dir, 'repo', '.gitlab-ci.yml'),
    'include:\n  - project: acme/ci-templates\n    file: /rampart.gitlab-ci.yml\n',
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('rampart paved-road check', () => {
  it('scores the Rampart repository itself 100 against its own paved road', () => {
    const { status, stdout, stderr } = runRampart(repoRoot, [
      'paved-road',
      'check',
      '--format',
      'json',
    ]);
    expect(status, stderr).toBe(0);
    const report = JSON.parse(stdout) as PavedRoadJson;
    expect(report.policy).toMatchObject({
      name: "Rampart's own paved road",
      source: 'paved-road.yml',
    });
    expect(report.score).toBe(100);
    expect(report.checks.filter((c) => c.status === 'fail')).toEqual([]);
  });

  it('prints a line per check and the score for the examples, with every violation and its fix', () => {
    const { status, stdout } = runRampart(join(repoRoot, 'examples'), ['paved-road', 'check']);
    expect(status).toBe(0);
    expect(stdout).toContain('Paved road: Acme paved road (paved-road.yml)');
    expect(stdout).toContain(
      '  ✖ banned-library     2 banned dependencies\n      vulnerable-node-app/package-lock.json:256  lodash@4.17.15 is banned',
    );
    expect(stdout).toMatch(
      /fix: Use `cgr\.dev\/chainguard\/node:20@sha256:[0-9a-f]{64}` instead of `node:latest`/,
    );
    expect(stdout.trimEnd().split('\n').at(-1)).toBe(
      'Score: 0/100 · 0 passed · 6 failed · 0 not applicable',
    );
  });

  it('exits 1 below --min-score, and 2 without a policy or with a broken one', () => {
    const below = runRampart(join(repoRoot, 'examples'), [
      'paved-road',
      'check',
      '--min-score',
      '50',
    ]);
    expect(below.status).toBe(1);
    expect(below.stderr).toContain('paved road: score 0 is below the minimum 50');
    const none = runRampart(join(dir, 'repo'), ['paved-road', 'check']);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('rampart: no paved-road policy to check against');
    expect(none.stderr).toContain('hint: set `pavedRoad: ./paved-road.yml`');
    writeFileSync(
      join(dir, 'broken.yml'),
      'version: 1\nlibraries:\n  npm:\n    banned:\n      - nme: request\n',
    );
    const broken = runRampart(join(dir, 'repo'), [
      'paved-road',
      'check',
      '--policy',
      '../broken.yml',
    ]);
    expect(broken.status).toBe(2);
    expect(broken.stderr).toMatch(
      /broken\.yml:5:9: libraries\.npm\.banned\.0: unknown key "nme" \(did you mean "name"\?\)/,
    );
  });

  describe('with the policy served over http on 127.0.0.1', () => {
    let server: Server;
    let url: string;
    const requests: string[] = [];
    beforeAll(async () => {
      server = createServer((req, res) => {
        requests.push(`${req.method} ${req.url} ${req.headers.authorization ?? '-'}`);
        res.writeHead(200, { 'content-type': 'application/yaml', etag: '"v1"' });
        res.end(POLICY);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/paved-road.yml`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('fetches it with the token, caches it, and uses the cache when the hub is down', async () => {
      const env = {
        RAMPART_CACHE_DIR: join(dir, 'cache'),
        RAMPART_PAVED_ROAD_TOKEN: ['hub', 'token', 'value'].join('-'),
      };
      const first = await runAsync(
        join(dir, 'repo'),
        ['paved-road', 'check', '--policy', url, '--format', 'json'],
        env,
      );
      expect(first.status, first.stderr).toBe(0);
      const report = JSON.parse(first.stdout) as PavedRoadJson;
      expect(report.policy.source).toBe(url);
      expect(report.checks.map((c) => `${c.id}:${c.status}`)).toEqual([
        'base-image:not-applicable',
        'base-image-digest:not-applicable',
        'banned-library:fail',
        'library-version:not-applicable',
        'pipeline-template:pass',
        'required-scanners:not-applicable',
      ]);
      expect(report.score).toBe(50);
      expect(report.checks[2]?.violations[0]).toMatchObject({
        remediation: 'Replace `left-pad` with `String.prototype.padStart`.',
        location: { manifestPath: 'package-lock.json', line: 13 },
      });
      expect(requests).toEqual([
        `GET /api/v1/paved-road.yml Bearer ${env.RAMPART_PAVED_ROAD_TOKEN}`,
      ]);

      // Fresh: served from the cache without a request.
      const cached = await runAsync(
        join(dir, 'repo'),
        ['paved-road', 'check', '--policy', url],
        env,
      );
      expect(cached.status).toBe(0);
      expect(requests).toHaveLength(1);

      // The hub is down: --refresh falls back to the cached copy, with a warning.
      await new Promise<void>((resolve) => server.close(() => resolve()));
      const down = await runAsync(
        join(dir, 'repo'),
        ['paved-road', 'check', '--policy', url, '--refresh'],
        env,
      );
      expect(down.status, down.stderr).toBe(0);
      expect(down.stderr).toContain(`paved road: cannot reach ${url}`);
      expect(down.stdout).toContain('Score: 50/100');
      expect(down.stderr).not.toContain(env.RAMPART_PAVED_ROAD_TOKEN);
      server.listen(0, '127.0.0.1');
    });
  });
});

describe('rampart scan with a paved road', () => {
  it('reports the violations as findings with exact lines, next to the other iac findings', () => {
    const { status, stdout, stderr } = runRampart(repoRoot, [
      'scan',
      'examples',
      '--scanners',
      'iac',
      '--format',
      'json',
      '--fail-on',
      'never',
    ]);
    expect(status, stderr).toBe(0);
    const report = JSON.parse(stdout) as {
      findings: {
        ruleId: string;
        location: {
          path?: string;
          manifestPath?: string;
          line?: number;
          region?: { startLine: number };
        };
      }[];
    };
    const found = report.findings
      .filter((f) => f.ruleId.startsWith('paved-road/'))
      .map(
        (f) =>
          `${f.location.path ?? f.location.manifestPath}:${f.location.region?.startLine ?? f.location.line} ${f.ruleId}`,
      )
      .sort();
    expect(found).toEqual([
      'rampart.yml:6 paved-road/required-scanners',
      'vulnerable-node-app/.github/workflows/ci.yml:5 paved-road/pipeline-template',
      'vulnerable-node-app/Dockerfile:2 paved-road/base-image',
      'vulnerable-node-app/Dockerfile:2 paved-road/base-image-digest',
      'vulnerable-node-app/package-lock.json:122 paved-road/library-version',
      'vulnerable-node-app/package-lock.json:256 paved-road/banned-library',
      'vulnerable-python-app/requirements.txt:1 paved-road/library-version',
      'vulnerable-python-app/requirements.txt:3 paved-road/banned-library',
    ]);
    expect(report.findings.some((f) => f.ruleId === 'iac/docker-image-not-pinned')).toBe(false);
    expect(stderr).toContain('paved road: 0/100');
  });
});
