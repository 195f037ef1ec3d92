import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ScanReportSchema } from '@rampart/core';
import Ajv from 'ajv';
import { afterAll, describe, expect, it } from 'vitest';
import { runRampart } from './support/run-cli.js';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const temps: string[] = [];

/** Copies a fixture to a temp folder so the test never writes into the checkout. */
function fixture(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `rampart-e2e-${name}-`));
  temps.push(dir);
  cpSync(join(fixtures, name), dir, { recursive: true });
  return dir;
}

function rampart(args: string[], cwd: string, env: Record<string, string> = {}) {
  const result = runRampart(cwd, args, env);
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

describe('the rampart binary', () => {
  it('documents every flag of the scan contract in --help', () => {
    const { code, stdout } = rampart(['scan', '--help'], fixtures);
    expect(code).toBe(0);
    for (const flag of [
      '--scanners',
      '--rules',
      '--format',
      '--output',
      '--fail-on',
      '--baseline',
      '--diff-base',
      '--stage',
      '--config',
      '--no-progress',
    ]) {
      expect(stdout, flag).toContain(flag);
    }
    expect(stdout).toContain('Exit codes: 0 passed');
  });

  it('lists its commands in the top-level help and prints its version', () => {
    const help = rampart(['--help'], fixtures);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/scan \[options\] \[path\]/);
    expect(help.stdout).toContain('baseline');
    expect(rampart(['--version'], fixtures).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('exits 2 with one line naming file, line and column for a broken rampart.yml', () => {
    const dir = fixture('broken-config');
    const { code, stderr, stdout } = rampart(['scan'], dir);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    const lines = stderr.trimEnd().split('\n');
    expect(lines[0]).toBe(
      `rampart: ${join(dir, 'rampart.yml')}:5:14: rules.some-rule: expected "off", a severity (critical, high, medium, low, info) or { enabled, severity, exclude }`,
    );
    expect(stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
  });

  it('exits 2 for an unknown option with a pointer to --help', () => {
    const { code, stderr } = rampart(['scan', '--fail-on', 'sometimes'], fixtures);
    expect(code).toBe(2);
    expect(stderr).toContain("argument 'sometimes' is invalid");
    expect(stderr).toContain('--help');
  });

  it('scans a clean folder, writes a valid JSON report and exits 0', () => {
    const dir = fixture('clean-app');
    const { code, stdout } = rampart(['scan', '.', '--format', 'json'], dir);
    expect(code).toBe(0);
    const json: unknown = JSON.parse(stdout);
    const report = ScanReportSchema.parse(json);
    expect(report.scan.filesScanned).toBe(1);
    // The published JSON Schema accepts what the binary writes.
    const ajv = new Ajv.default({ strict: false });
    ajv.addFormat('date-time', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    const published = JSON.parse(
      readFileSync(new URL('../docs/report-schema.json', import.meta.url), 'utf8'),
    );
    expect(ajv.validate(published, json), ajv.errorsText()).toBe(true);
    expect(report.gate.passed).toBe(true);
  });

  it('writes SARIF 2.1.0 to --output', () => {
    const dir = fixture('clean-app');
    const { code } = rampart(['scan', '--format', 'sarif', '--output', 'out.sarif'], dir);
    expect(code).toBe(0);
    const sarif = JSON.parse(readFileSync(join(dir, 'out.sarif'), 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].tool.driver.name).toBe('Rampart');
  });

  it('writes a baseline file with baseline create', () => {
    const dir = fixture('clean-app');
    const { code, stderr } = rampart(['baseline', 'create'], dir);
    expect(code).toBe(0);
    expect(stderr).toContain('wrote 0 finding(s)');
  });
});
