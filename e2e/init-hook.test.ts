import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runRampart } from './support/run-cli.js';
import { githubToken } from './support/tokens.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-e2e-init-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function gitRepo(name: string): { repo: string; git: (...args: string[]) => string } {
  const repo = join(dir, name);
  mkdirSync(repo);
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], {
      cwd: repo,
      encoding: 'utf8',
    });
  git('init', '-q', '-b', 'trunk');
  return { repo, git };
}

/** The iac findings Rampart reports on a folder (its own pipeline checks). */
function iacFindings(repo: string): string[] {
  const { status, stdout, stderr } = runRampart(repo, [
    'scan',
    '--scanners',
    'iac',
    '--format',
    'json',
    '--fail-on',
    'never',
  ]);
  expect(status, stderr).toBe(0);
  return (JSON.parse(stdout) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId);
}

describe('rampart init', () => {
  it('writes a GitHub workflow for the default branch that passes Rampart’s own checks', () => {
    const { repo } = gitRepo('github');
    const { status, stdout } = runRampart(repo, ['init', '--ci', 'github']);
    expect(status).toBe(0);
    expect(stdout).toContain('wrote rampart.yml');
    expect(stdout).toContain('wrote .github/workflows/rampart.yml');
    const workflow = parse(readFileSync(join(repo, '.github/workflows/rampart.yml'), 'utf8')) as {
      on: { push: { branches: string[] } };
      permissions: Record<string, string>;
      jobs: {
        scan: { permissions: Record<string, string>; steps: { uses?: string; run?: string }[] };
      };
    };
    expect(workflow.on.push.branches).toEqual(['trunk']);
    expect(workflow.permissions).toEqual({ contents: 'read' });
    expect(workflow.jobs.scan.permissions).toEqual({
      contents: 'read',
      'security-events': 'write',
      'pull-requests': 'write',
    });
    for (const step of workflow.jobs.scan.steps.filter((s) => s.uses))
      expect(step.uses).toMatch(/@[0-9a-f]{40}$/);
    const scripts = workflow.jobs.scan.steps.flatMap((s) => (s.run ? [s.run] : []));
    expect(scripts.join('\n')).not.toContain('${{');
    expect(scripts.join('\n')).toContain('--diff-base "origin/$BASE_REF"');
    expect(iacFindings(repo)).toEqual([]);
  });

  it('writes a GitLab pipeline whose token job never runs for forks, and passes the checks', () => {
    const { repo } = gitRepo('gitlab');
    expect(runRampart(repo, ['init', '--ci', 'gitlab']).status).toBe(0);
    const pipeline = parse(readFileSync(join(repo, '.gitlab-ci.yml'), 'utf8')) as Record<
      string,
      { image: string; rules: { if: string }[]; script: string[] }
    >;
    expect(Object.keys(pipeline)).toEqual(['rampart', 'rampart-comment']);
    expect(pipeline.rampart?.image).toMatch(/@sha256:[0-9a-f]{64}$/);
    expect(pipeline['rampart-comment']?.rules[0]?.if).toContain(
      '$CI_MERGE_REQUEST_SOURCE_PROJECT_ID == $CI_PROJECT_ID',
    );
    expect(pipeline.rampart?.script.join('\n')).not.toContain('RAMPART_GITLAB_TOKEN');
    expect(iacFindings(repo)).toEqual([]);
  });

  it('never overwrites: an existing pipeline needs --force, an existing .gitlab-ci.yml gets an include', () => {
    const { repo } = gitRepo('existing');
    writeFileSync(join(repo, 'rampart.yml'), 'failOn: medium\n');
    expect(runRampart(repo, ['init', '--ci', 'github']).status).toBe(0);
    const again = runRampart(repo, ['init', '--ci', 'github']);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('rampart: .github/workflows/rampart.yml already exists');
    expect(runRampart(repo, ['init', '--ci', 'github', '--force']).status).toBe(0);
    expect(readFileSync(join(repo, 'rampart.yml'), 'utf8')).toBe('failOn: medium\n');

    writeFileSync(join(repo, '.gitlab-ci.yml'), 'test:\n  script: [make test]\n');
    const gitlab = runRampart(repo, ['init', '--ci', 'gitlab']);
    expect(gitlab.status).toBe(0);
    expect(gitlab.stdout).toContain('wrote .gitlab/ci/rampart.yml');
    expect(gitlab.stdout).toContain('- local: .gitlab/ci/rampart.yml');
    expect(readFileSync(join(repo, '.gitlab-ci.yml'), 'utf8')).toBe(
      'test:\n  script: [make test]\n',
    );
  });
});

describe('rampart hook install', () => {
  it('installs a pre-commit hook that stops a commit adding a secret, and lets others through', () => {
    const { repo, git } = gitRepo('hooked');
    const install = runRampart(repo, ['hook', 'install']);
    expect(install.status, install.stderr).toBe(0);
    const hook = join(repo, '.git', 'hooks', 'pre-commit');
    expect(statSync(hook).mode & 0o111).not.toBe(0);

    writeFileSync(join(repo, 'readme.md'), '# hello\n');
    git('add', '.');
    git('commit', '-qm', 'clean');

    const token = githubToken('hook-test');
    writeFileSync(join(repo, 'deploy.sh'), `export GH_TOKEN=${token}\n`);
    git('add', '.');
    const blocked = spawnSync(
      'git',
      ['-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'leak'],
      {
        cwd: repo,
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', HOME: repo, CI: 'true' },
      },
    );
    expect(blocked.status).not.toBe(0);
    expect(`${blocked.stdout}${blocked.stderr}`).toContain('deploy.sh:1');
    expect(`${blocked.stdout}${blocked.stderr}`).not.toContain(token);
    expect(git('log', '--format=%s')).toBe('clean\n');
  });

  it('leaves a foreign hook alone unless --force (kept as a backup), and uninstalls only its own', () => {
    const { repo } = gitRepo('foreign');
    const hook = join(repo, '.git', 'hooks', 'pre-commit');
    writeFileSync(hook, '#!/bin/sh\nnpm run lint\n');
    const refused = runRampart(repo, ['hook', 'install']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain("exists and is not Rampart's");
    expect(runRampart(repo, ['hook', 'install', '--force']).status).toBe(0);
    expect(readFileSync(`${hook}.backup`, 'utf8')).toBe('#!/bin/sh\nnpm run lint\n');
    expect(runRampart(repo, ['hook', 'uninstall']).stdout).toContain('removed');
    expect(existsSync(hook)).toBe(false);
  });
});

describe('rampart import --from rampart', () => {
  it('converts a Rampart JSON report to SARIF and JUnit without scanning again', () => {
    const { repo } = gitRepo('convert');
    writeFileSync(join(repo, 'Dockerfile'), 'FROM node:20\n');
    const scan = runRampart(repo, [
      'scan',
      '--scanners',
      'iac',
      '--format',
      'json',
      '--output',
      'r.json',
      '--fail-on',
      'never',
    ]);
    expect(scan.status, scan.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(repo, 'r.json'), 'utf8')) as {
      findings: { fingerprint: string }[];
    };
    const sarif = runRampart(repo, ['import', 'r.json', '--from', 'rampart', '--format', 'sarif']);
    expect(sarif.status, sarif.stderr).toBe(0);
    const results =
      (
        JSON.parse(sarif.stdout) as {
          runs: { results: { partialFingerprints: Record<string, string> }[] }[];
        }
      ).runs[0]?.results ?? [];
    expect(results.map((r) => Object.values(r.partialFingerprints)[0])).toEqual(
      report.findings.map((f) => f.fingerprint),
    );
    const junit = runRampart(repo, ['import', 'r.json', '--format', 'junit']);
    expect(junit.status, junit.stderr).toBe(0);
    expect(junit.stdout).toContain('<testsuite');
    const broken = runRampart(repo, ['import', 'Dockerfile', '--from', 'rampart']);
    expect(broken.status).toBe(2);
    expect(broken.stderr).toContain('Dockerfile:1: not JSON');
  });
});
