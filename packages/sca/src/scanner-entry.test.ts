import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createScanTarget,
  defaultConfig,
  type FindingDraft,
  type Logger,
  silentProgress,
} from '@rampart/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { updateDatabase } from './osv/update.js';
import { createScaScanner } from './scanner-entry.js';
import { osvRecord, writeOsvArchive } from './test-support/osv-archives.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-sca-scanner-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  const noop = () => {};
  return { warnings, debug: noop, info: noop, error: noop, warn: (m: string) => warnings.push(m) };
}

async function scan(root: string, cacheDir: string, now: Date, requested = false) {
  const logger = recordingLogger();
  const scanner = createScaScanner({ now: () => now });
  const target = await createScanTarget(root);
  const ctx = {
    config: { ...defaultConfig(root), scannerOptions: { sca: { maxDatabaseAgeDays: 7 } } },
    logger,
    progress: silentProgress,
    signal: new AbortController().signal,
    cacheDir,
    rulePaths: [],
    requested,
  };
  const findings: FindingDraft[] = [];
  for await (const f of scanner.scan(target, ctx)) findings.push(f);
  return { findings, warnings: logger.warnings };
}

const LOCK = JSON.stringify({
  name: 'p',
  lockfileVersion: 3,
  packages: {
    '': { dependencies: { 'left-pad': '1' } },
    'node_modules/left-pad': { version: '1.1.0' },
  },
});

describe('the sca scanner', () => {
  it('does nothing (and loads nothing) for a tree without lockfiles', async () => {
    writeFileSync(join(dir, 'index.js'), 'console.log(1)\n');
    expect(await scan(dir, join(dir, 'cache'), new Date(), true)).toEqual({
      findings: [],
      warnings: [],
    });
  });

  it('warns when the advisories are older than maxDatabaseAgeDays, and still reports', async () => {
    const project = join(dir, 'project');
    mkdirSync(project);
    writeFileSync(join(project, 'package-lock.json'), LOCK);
    const cacheDir = join(dir, 'cache');
    writeOsvArchive(join(dir, 'osv'), 'npm', [osvRecord('GHSA-aaaa')]);
    const imported = new Date('2026-01-01T00:00:00Z');
    await updateDatabase({
      cacheDir,
      from: join(dir, 'osv'),
      ecosystems: ['npm'],
      now: () => imported,
    });

    const fresh = await scan(project, cacheDir, new Date('2026-01-05T00:00:00Z'));
    expect(fresh.warnings).toEqual([]);
    expect(fresh.findings.map((f) => f.ruleId)).toEqual(['GHSA-aaaa']);

    const stale = await scan(project, cacheDir, new Date('2026-01-20T00:00:00Z'));
    expect(stale.warnings.join('\n')).toMatch(/npm advisories were last updated 19 days ago/);
    expect(stale.findings.map((f) => f.ruleId)).toEqual(['GHSA-aaaa']);
  });

  it('warns about an ecosystem the database does not hold', async () => {
    writeFileSync(
      join(dir, 'Cargo.lock'),
      'version = 3\n\n[[package]]\nname = "smallvec"\nversion = "1.0.0"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\n',
    );
    const cacheDir = join(dir, 'cache');
    writeOsvArchive(join(dir, 'osv'), 'npm', [osvRecord('GHSA-aaaa')]);
    await updateDatabase({ cacheDir, from: join(dir, 'osv'), ecosystems: ['npm'] });
    const { warnings } = await scan(dir, cacheDir, new Date());
    expect(warnings.join('\n')).toMatch(
      /no crates\.io advisories, so crates\.io dependencies were NOT checked/,
    );
  });
});
