import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRampart } from './support/run-cli.js';

const formats = fileURLToPath(new URL('../packages/importers/src/formats/', import.meta.url));

interface Report {
  findings: { ruleId: string; scanner: string; fingerprint: string; location: { path?: string } }[];
}

let dir: string;
let repo: string;
let bin: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-e2e-tools-'));
  repo = join(dir, 'repo');
  bin = join(dir, 'bin');
  mkdirSync(join(repo, 'api'), { recursive: true });
  mkdirSync(join(repo, 'web'), { recursive: true });
  mkdirSync(bin);
  writeFileSync(join(repo, 'api', 'views.py'), 'x = 1\n'.repeat(50));
  writeFileSync(join(repo, 'web', 'server.js'), '// server\n'.repeat(30));
  // A fake semgrep that prints a recorded report, as the real one would.
  copyFileSync(join(formats, 'semgrep/fixtures/semgrep-report.json'), join(dir, 'semgrep.json'));
  writeFileSync(join(bin, 'semgrep'), `#!/bin/sh\ncat "${join(dir, 'semgrep.json')}"\nexit 1\n`);
  chmodSync(join(bin, 'semgrep'), 0o755);
  writeFileSync(join(repo, 'rampart.yml'), 'tools:\n  semgrep: {}\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const env = () => ({ PATH: `${bin}:${process.env.PATH ?? ''}` });

describe('rampart scan with tools from rampart.yml', () => {
  it('runs semgrep when it is on PATH and reports its findings with Rampart’s own', () => {
    const { status, stdout, stderr } = runRampart(
      repo,
      ['scan', '--scanners', 'sast', '--format', 'json', '--fail-on', 'never'],
      env(),
    );
    expect(status, stderr).toBe(0);
    const report = JSON.parse(stdout) as Report;
    const semgrep = report.findings.filter((f) => f.ruleId.startsWith('semgrep/'));
    expect(semgrep.map((f) => f.location.path).sort()).toEqual(['api/views.py', 'web/server.js']);
    expect(semgrep.every((f) => f.scanner === 'sast' && f.fingerprint.length > 0)).toBe(true);
  });

  it('leaves it out when its kind is not selected', () => {
    const { stdout } = runRampart(
      repo,
      ['scan', '--scanners', 'secrets', '--format', 'json'],
      env(),
    );
    expect(
      (JSON.parse(stdout) as Report).findings.some((f) => f.ruleId.startsWith('semgrep/')),
    ).toBe(false);
  });
});

describe('rampart import', () => {
  it('detects the tool, and writes findings in any format', () => {
    const sample = join(formats, 'trivy/fixtures/trivy-fs.json');
    const json = runRampart(dir, ['import', sample, '--format', 'json']);
    expect(json.status, json.stderr).toBe(0);
    expect(json.stderr).toContain('findings from Trivy');
    const report = JSON.parse(json.stdout) as Report;
    expect(report.findings.length).toBeGreaterThan(0);
    expect(report.findings.some((f) => f.scanner === 'sca')).toBe(true);
    const sarif = runRampart(dir, ['import', sample, '--from', 'trivy', '--format', 'sarif']);
    expect(JSON.parse(sarif.stdout).version).toBe('2.1.0');
  });

  it('rejects a malformed report with the file and line, and an unknown one with the formats', () => {
    writeFileSync(join(dir, 'bad.json'), '{\n  "Results": [\n    {"Target": }\n  ]\n}\n');
    const bad = runRampart(dir, ['import', 'bad.json', '--from', 'trivy']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/bad\.json:3/);
    writeFileSync(join(dir, 'other.json'), '{"hello": "world"}\n');
    const unknown = runRampart(dir, ['import', 'other.json']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('could not tell which tool wrote this report');
    expect(unknown.stderr).toContain('semgrep');
  });
});
