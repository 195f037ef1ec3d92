import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRampart } from './support/run-cli.js';
import { githubToken } from './support/tokens.js';

const osvDir = fileURLToPath(new URL('../../shared/data/osv', import.meta.url));
const hasOsv = existsSync(join(osvDir, 'npm', 'all.zip'));

interface Report {
  scan: {
    stage: string;
    diffBase?: string;
    mergeBase?: string;
    filesScanned: number;
    git?: { branch?: string; commit?: string };
    ci?: { provider: string; pullRequest?: number; baseBranch?: string; buildUrl?: string };
  };
  findings: {
    ruleId: string;
    novelty?: string;
    location: { path?: string; name?: string; region?: { startLine: number } };
  }[];
  gate: { passed: boolean; failing: string[] };
}

const oldToken = githubToken('already-on-main');
const newToken = githubToken('added-by-the-branch');

/** A package-lock.json (v3) with these direct dependencies. */
function lockfile(deps: Record<string, string>): string {
  const packages: Record<string, unknown> = {
    '': { name: 'shop', version: '1.0.0', dependencies: deps },
  };
  for (const [name, version] of Object.entries(deps))
    packages[`node_modules/${name}`] = { version };
  return `${JSON.stringify({ name: 'shop', version: '1.0.0', lockfileVersion: 3, requires: true, packages }, null, 2)}\n`;
}

let dir: string;
let repo: string;
let mainSha: string;
const git = (...args: string[]) =>
  execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], {
    cwd: repo,
    encoding: 'utf8',
  }).trim();
const write = (path: string, text: string) => {
  mkdirSync(join(repo, path, '..'), { recursive: true });
  writeFileSync(join(repo, path), text);
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-e2e-diff-'));
  repo = join(dir, 'repo');
  mkdirSync(repo);
  git('init', '-q', '-b', 'main');
  write('app/config.js', `export const token = '${oldToken}';\n`);
  write('Dockerfile', 'FROM node:20\nUSER node\nHEALTHCHECK NONE\n');
  write('package-lock.json', lockfile({ lodash: '4.17.4' }));
  git('add', '.');
  git('commit', '-qm', 'main');
  mainSha = git('rev-parse', 'HEAD');
  git('checkout', '-qb', 'feature');
  // The branch touches the file with the old secret, adds a new one, adds a vulnerable
  // dependency next to the old one, and leaves the Dockerfile alone.
  write(
    'app/config.js',
    `// settings\nexport const token = '${oldToken}';\nexport const retries = 3;\n`,
  );
  write('app/deploy.js', `export const deployToken = '${newToken}';\n`);
  write('package-lock.json', lockfile({ lodash: '4.17.4', jsonwebtoken: '4.0.0' }));
  git('add', '.');
  git('commit', '-qm', 'feature');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PR_ENV = {
  GITHUB_ACTIONS: 'true',
  GITHUB_REF: 'refs/pull/7/merge',
  GITHUB_HEAD_REF: 'feature',
  GITHUB_BASE_REF: 'main',
  GITHUB_REPOSITORY: 'acme/shop',
  GITHUB_RUN_ID: '42',
};

function scan(scanners: string, env: Record<string, string> = {}) {
  const { status, stdout, stderr } = runRampart(
    repo,
    [
      'scan',
      '--scanners',
      scanners,
      '--diff-base',
      'main',
      '--format',
      'json',
      '--fail-on',
      'high',
    ],
    { RAMPART_CACHE_DIR: join(dir, 'cache'), ...env },
  );
  return { status, stderr, report: JSON.parse(stdout) as Report };
}

describe('rampart scan --diff-base', () => {
  it('marks what the change introduced new and what was there existing; the gate counts new only', () => {
    const { status, report, stderr } = scan('secrets,iac');
    expect(stderr).toContain('--diff-base main: 3 of 4 files changed');
    expect(report.scan.mergeBase).toBe(mainSha);
    expect(report.scan.filesScanned).toBe(3);
    const found = report.findings.map(
      (f) => `${f.location.path}:${f.location.region?.startLine} ${f.novelty}`,
    );
    expect(found.sort()).toEqual(['app/config.js:2 existing', 'app/deploy.js:1 new']);
    // The Dockerfile did not change: its findings are not this change's business.
    expect(report.findings.some((f) => f.location.path === 'Dockerfile')).toBe(false);
    expect(report.gate.failing).toHaveLength(1);
    expect(status).toBe(1);
  });

  it('passes the gate when the change only moves an existing problem', () => {
    git('checkout', '-qb', 'only-moves', 'main');
    write('app/config.js', `\n\n// moved down\nexport const token = '${oldToken}';\n`);
    git('commit', '-qam', 'move');
    const { status, report } = scan('secrets');
    git('checkout', '-q', 'feature');
    expect(report.findings.map((f) => f.novelty)).toEqual(['existing']);
    expect(status).toBe(0);
  });

  it('records the stage, pull request and build from the CI environment', () => {
    const { report } = scan('secrets', PR_ENV);
    expect(report.scan.stage).toBe('pr');
    expect(report.scan.ci).toEqual({
      provider: 'github-actions',
      pullRequest: 7,
      baseBranch: 'main',
      repository: 'acme/shop',
      buildUrl: 'https://github.com/acme/shop/actions/runs/42',
    });
    expect(report.scan.git?.branch).toBe('feature');
  });

  it.skipIf(!hasOsv)('compares dependency sets: a dependency already on main is existing', () => {
    const update = runRampart(repo, ['db', 'update', '--from', osvDir, '--ecosystems', 'npm'], {
      RAMPART_CACHE_DIR: join(dir, 'cache'),
    });
    expect(update.status, update.stderr).toBe(0);
    const { report } = scan('sca');
    const byPackage = new Map<string, Set<string>>();
    for (const f of report.findings) {
      const name = f.location.name ?? '';
      byPackage.set(name, (byPackage.get(name) ?? new Set()).add(f.novelty ?? ''));
    }
    expect(Object.fromEntries([...byPackage].map(([k, v]) => [k, [...v]]))).toEqual({
      lodash: ['existing'],
      jsonwebtoken: ['new'],
    });
  });
});
