import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  ConfigError,
  createMemoryLogger,
  createScanTarget,
  defaultConfig,
  type FindingDraft,
  silentProgress,
} from '@rampart/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFixture } from '../test-support/sample-reports.js';
import { createToolScanner, toolScanners } from './tool-scanner.js';

let dir: string;
let bin: string;
let root: string;
const savedPath = process.env.PATH;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-tools-'));
  bin = join(dir, 'bin');
  root = join(dir, 'repo');
  mkdirSync(bin);
  mkdirSync(root);
  // Only our fake tools (and the shell's basics) are on PATH.
  process.env.PATH = `${bin}:/usr/bin:/bin`;
});
afterEach(() => {
  process.env.PATH = savedPath;
  rmSync(dir, { recursive: true, force: true });
});

/** A fake tool: a shell script that records its arguments and does what the test says. */
function fakeTool(name: string, body: string): void {
  const path = join(bin, name);
  writeFileSync(path, `#!/bin/sh\nprintf '%s\\n' "$@" > "${join(dir, `${name}.args`)}"\n${body}\n`);
  chmodSync(path, 0o755);
}

function write(path: string, text = 'x\n'): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

async function scan(id: string, settings = {}) {
  const logger = createMemoryLogger();
  const target = await createScanTarget(root, { gitFacts: false });
  const found: FindingDraft[] = [];
  for await (const d of createToolScanner(id, settings).scan(target, {
    config: defaultConfig(root),
    logger,
    progress: silentProgress,
    signal: new AbortController().signal,
    cacheDir: join(dir, 'cache'),
    rulePaths: [],
  }))
    found.push(d);
  return { found, logger };
}

const where = (d: FindingDraft) =>
  d.location.kind === 'code'
    ? `${d.location.path}:${d.location.region.startLine}`
    : d.location.kind;

describe('tools rampart.yml enables', () => {
  it('runs semgrep on the root, imports its JSON, and keeps only files the scan covers', async () => {
    writeFileSync(join(dir, 'semgrep.json'), readFixture('semgrep', 'semgrep-report.json'));
    fakeTool('semgrep', `cat "${join(dir, 'semgrep.json')}"; exit 1`);
    write('api/views.py');
    write('web/server.js');
    // deploy/settings.py is not in the target (excluded, or not changed in a diff scan).
    const { found } = await scan('semgrep', { args: ['--config', 'p/ci'] });
    // (api/views.py:44 is marked nosemgrep in the report: semgrep's own suppression holds.)
    expect(found.map(where)).toEqual(['api/views.py:18', 'web/server.js:25']);
    expect(found.every((d) => d.ruleId.startsWith('semgrep/'))).toBe(true);
  });

  it('passes the default arguments, or rampart.yml’s instead', async () => {
    fakeTool('semgrep', `echo '{"results":[],"errors":[]}'`);
    await scan('semgrep');
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(join(dir, 'semgrep.args'), 'utf8').trim().split('\n')).toEqual([
      'scan',
      '--json',
      '--quiet',
      '--metrics=off',
      '--config',
      'auto',
      root,
    ]);
  });

  it('reads a report the tool writes to a file (gitleaks)', async () => {
    writeFileSync(join(dir, 'gitleaks.json'), readFixture('gitleaks', 'gitleaks-report.json'));
    // The report path follows --report-path in the arguments.
    fakeTool(
      'gitleaks',
      `while [ $# -gt 0 ]; do if [ "$1" = "--report-path" ]; then cp "${join(dir, 'gitleaks.json')}" "$2"; fi; shift; done`,
    );
    write('deploy/terraform/provider.tf');
    write('services/billing/.env');
    const { found } = await scan('gitleaks');
    expect(found.map(where)).toEqual([
      'deploy/terraform/provider.tf:12',
      'services/billing/.env:4',
    ]);
    expect(found.every((d) => d.secret !== undefined)).toBe(true);
  });

  it('skips a tool that is not on PATH, with a warning that says what to do', async () => {
    const { found, logger } = await scan('trivy');
    expect(found).toEqual([]);
    expect(logger.records.filter((r) => r.level === 'warn').map((r) => r.message)).toEqual([
      'trivy is enabled in rampart.yml but `trivy` is not on PATH; skipped (install it, or set tools.trivy.command)',
    ]);
  });

  it('fails with the tool’s last error lines when it fails, or when it runs too long', async () => {
    fakeTool('bandit', 'echo "bandit: error: unrecognized arguments" >&2; exit 2');
    await expect(scan('bandit')).rejects.toMatchObject({
      code: 'RAMPART_TOOL_FAILED',
      message: 'bandit failed (exit code 2): bandit: error: unrecognized arguments',
    });
    fakeTool('checkov', 'sleep 5');
    await expect(scan('checkov', { timeout: 1 })).rejects.toMatchObject({
      code: 'RAMPART_TOOL_FAILED',
      message: 'checkov failed (stopped: timed out, too much output, or cancelled)',
    });
  });

  it('rejects malformed output as a parse error naming the tool', async () => {
    fakeTool('semgrep', 'echo "not json"');
    await expect(scan('semgrep')).rejects.toMatchObject({ code: 'RAMPART_PARSE' });
  });

  it('runs the command rampart.yml names, and knows only the tools it can run', async () => {
    fakeTool('my-semgrep', `echo '{"results":[],"errors":[]}'`);
    expect((await scan('semgrep', { command: join(bin, 'my-semgrep') })).found).toEqual([]);
    expect(() => toolScanners({ zap: {} })).toThrow(ConfigError);
    expect(() => toolScanners({ zap: {} })).toThrow(/tools\.zap: Rampart cannot run "zap"/);
    expect(toolScanners({ semgrep: { enabled: false }, trivy: {} }).map((s) => s.kind)).toEqual([
      'sca',
    ]);
  });
});
