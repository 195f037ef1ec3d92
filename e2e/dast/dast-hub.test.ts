import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScanReport } from '@rampart/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DashboardHub, startDashboardHub } from '../dashboard/harness.js';
import { runRampartAsync } from '../support/run-cli.js';

// Rampart scans itself: `rampart dast --active` against the hub (API from its own OpenAPI
// document, dashboard, signed in with an admin's token) reports nothing high or critical.

let hub: DashboardHub;
let dir: string;
let report: ScanReport;
let stderr: string;

beforeAll(async () => {
  hub = await startDashboardHub();
  dir = mkdtempSync(join(tmpdir(), 'rampart-dast-hub-'));
  const out = join(dir, 'dast.json');
  const run = await runRampartAsync(dir, [
    'dast',
    `${hub.url}/`,
    '--active',
    '--openapi',
    `${hub.url}/api/docs/openapi.json`,
    '--header',
    `Authorization: Bearer ${hub.org.admin.token}`,
    '--rate',
    '0',
    '--max-requests',
    '6000',
    '--format',
    'json',
    '--output',
    out,
    '--fail-on',
    'high',
  ]);
  stderr = run.stderr;
  if (run.status !== 0 && run.status !== 1) throw new Error(`rampart dast failed:\n${run.stderr}`);
  report = JSON.parse(readFileSync(out, 'utf8')) as ScanReport;
}, 900_000);

afterAll(async () => {
  await hub?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('rampart dast --active on the hub', () => {
  it('tests the API operations from its OpenAPI document', () => {
    const endpoints = Number(/(\d+) endpoints/.exec(stderr)?.[1] ?? 0);
    expect(endpoints).toBeGreaterThan(40);
  });

  it('reports no high or critical finding', () => {
    const serious = report.findings.filter(
      (f) => f.severity === 'high' || f.severity === 'critical',
    );
    expect(
      serious.map(
        (f) => `${f.ruleId} ${f.location.kind === 'url' ? f.location.url : ''} ${f.message}`,
      ),
    ).toEqual([]);
    expect(report.gate.passed).toBe(true);
  });

  it('never leaks the token it was given into the report', () => {
    expect(JSON.stringify(report)).not.toContain(hub.org.admin.token);
  });
});
