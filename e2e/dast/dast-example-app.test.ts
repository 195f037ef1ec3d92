import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Finding, ScanReport } from '@rampart/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startVulnerableApp,
  type VulnerableApp,
} from '../../examples/vulnerable-web-app/server.mjs';
import { runRampartAsync } from '../support/run-cli.js';

// `rampart dast --active` against the deliberately vulnerable example app: every documented
// vulnerability (examples/vulnerable-web-app/expected.json) is found, and nothing under the
// safe twins' prefix is flagged. Run through the built CLI, as users run it.

interface Expected {
  readonly findings: readonly {
    readonly ruleId: string;
    readonly method: string;
    readonly path: string;
    readonly parameter: string | null;
  }[];
  readonly safePrefix: string;
}

const expected = JSON.parse(
  readFileSync(new URL('../../examples/vulnerable-web-app/expected.json', import.meta.url), 'utf8'),
) as Expected;

/** Every path a finding stands for: its URL's, and the URLs a grouped finding lists. */
function pathsOf(f: Finding): string[] {
  if (f.location.kind !== 'url') return [];
  const affected = Array.isArray(f.properties?.affectedUrls)
    ? (f.properties.affectedUrls as string[])
    : [];
  return [f.location.url, ...affected].map((u) => new URL(u).pathname);
}

function matches(f: Finding, want: Expected['findings'][number]): boolean {
  if (f.ruleId !== want.ruleId || f.location.kind !== 'url') return false;
  if (want.parameter !== null && f.location.parameter !== want.parameter) return false;
  const grouped = Array.isArray(f.properties?.affectedUrls);
  if (!grouped && f.location.method !== want.method) return false;
  return pathsOf(f).some(
    (p) => p === want.path || (want.path.endsWith('/') && p.startsWith(want.path)),
  );
}

let app: VulnerableApp;
let dir: string;
let report: ScanReport;
let status: number | null;
let stderr: string;

beforeAll(async () => {
  app = await startVulnerableApp();
  dir = mkdtempSync(join(tmpdir(), 'rampart-dast-e2e-'));
  const out = join(dir, 'dast.json');
  const run = await runRampartAsync(dir, [
    'dast',
    app.url,
    '--active',
    '--rate',
    '0',
    '--format',
    'json',
    '--output',
    out,
    '--fail-on',
    'high',
  ]);
  status = run.status;
  stderr = run.stderr;
  if (run.status !== 0 && run.status !== 1) throw new Error(`rampart dast failed:\n${run.stderr}`);
  report = JSON.parse(readFileSync(out, 'utf8')) as ScanReport;
}, 600_000);

afterAll(async () => {
  await app?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('rampart dast --active on the example app', () => {
  it('exits 1 (the gate fails on the high findings) and says what it did', () => {
    expect(stderr).toMatch(/\d+ requests, \d+ pages, \d+ endpoints/);
    expect(status).toBe(1);
    expect(report.scan.scanners[0]?.kind).toBe('dast');
  });

  it.each(
    expected.findings.map(
      (f) => [`${f.ruleId} ${f.method} ${f.path} ${f.parameter ?? ''}`, f] as const,
    ),
  )('finds %s', (_, want) => {
    const found = report.findings.filter((f) => matches(f, want));
    expect(
      found,
      report.findings
        .map(
          (f) =>
            `${f.ruleId} ${pathsOf(f).join(',')} ${f.location.kind === 'url' ? (f.location.parameter ?? '') : ''}`,
        )
        .join('\n'),
    ).not.toHaveLength(0);
  });

  it('flags no safe twin', () => {
    const flagged = report.findings.filter((f) =>
      pathsOf(f).some((p) => p.startsWith(expected.safePrefix)),
    );
    expect(flagged.map((f) => `${f.ruleId} ${pathsOf(f).join(',')}`)).toEqual([]);
  });

  it('gives every finding a payload or evidence, and never prints a secret from the app', () => {
    for (const f of report.findings) {
      if (f.location.kind !== 'url') continue;
      expect(f.location.evidence?.request ?? f.location.evidence?.response, f.ruleId).toBeTruthy();
    }
    const text = JSON.stringify(report);
    // The example's .env and login passwords (lib/data.mjs) stay redacted in the evidence.
    expect(text).not.toContain('wonderland');
  });
});

describe.skipIf(!existsSync('/usr/bin/chromium'))(
  'rampart dast --browser on the example app',
  () => {
    it('crawls with Chromium through the same client and reports what it saw', async () => {
      const out = join(dir, 'browser.json');
      const run = await runRampartAsync(dir, [
        'dast',
        `${app.url}vuln/`,
        '--browser',
        '--no-crawl',
        '--max-pages',
        '10',
        '--format',
        'json',
        '--output',
        out,
        '--fail-on',
        'never',
      ]);
      expect(run.status, run.stderr).toBe(0);
      expect(run.stderr).toContain('crawling with Chromium');
      const endpoints = Number(/found (\d+) endpoints/.exec(run.stderr)?.[1] ?? 0);
      expect(endpoints).toBeGreaterThan(10);
      const browsed = JSON.parse(readFileSync(out, 'utf8')) as ScanReport;
      expect(browsed.findings.map((f) => f.ruleId)).toContain('dast/csp-missing');
    }, 120_000);
  },
);
