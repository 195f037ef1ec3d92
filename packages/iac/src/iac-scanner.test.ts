import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createMemoryLogger,
  createScanTarget,
  type FindingDraft,
  type HistoryRequest,
  loadConfig,
  silentProgress,
} from '@rampart/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createIacScanner } from './scanner-entry.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-iac-scanner-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function scan(history?: HistoryRequest): Promise<FindingDraft[]> {
  const target = await createScanTarget(dir);
  const ctx = {
    config: await loadConfig({ root: dir }),
    logger: createMemoryLogger(),
    progress: silentProgress,
    signal: new AbortController().signal,
    cacheDir: join(dir, '.cache'),
    rulePaths: [],
    history,
  };
  const found: FindingDraft[] = [];
  for await (const draft of createIacScanner().scan(target, ctx)) found.push(draft);
  return found;
}

const at = (d: FindingDraft) =>
  `${d.location.kind === 'code' ? `${d.location.path}:${d.location.region.startLine}` : ''} ${d.ruleId}`;

describe('the iac scanner with a paved road', () => {
  beforeEach(() => {
    writeFileSync(join(dir, 'Dockerfile'), 'FROM node:20\nUSER node\nHEALTHCHECK NONE\n');
    writeFileSync(
      join(dir, 'paved-road.yml'),
      'version: 1\nbaseImages:\n  registries: [registry.acme.io]\n  requireDigest: true\n',
    );
  });

  it("adds the policy's findings, and its digest finding replaces the generic one", async () => {
    writeFileSync(join(dir, 'rampart.yml'), 'pavedRoad: paved-road.yml\n');
    expect((await scan()).map(at).sort()).toEqual([
      'Dockerfile:1 paved-road/base-image',
      'Dockerfile:1 paved-road/base-image-digest',
    ]);
  });

  it('reports the generic digest check when no policy is named', async () => {
    expect((await scan()).map(at)).toEqual(['Dockerfile:1 iac/docker-image-not-pinned']);
  });

  it('leaves the policy out of a staged-only scan (the pre-commit hook)', async () => {
    writeFileSync(join(dir, 'rampart.yml'), 'pavedRoad: paved-road.yml\n');
    expect((await scan({ kind: 'staged' })).map(at)).toEqual([
      'Dockerfile:1 iac/docker-image-not-pinned',
    ]);
  });

  it('fails with a coded error naming the policy when it cannot be read', async () => {
    writeFileSync(join(dir, 'rampart.yml'), 'pavedRoad: missing.yml\n');
    await expect(scan()).rejects.toMatchObject({
      code: 'RAMPART_CONFIG_NOT_FOUND',
      message: expect.stringContaining(`cannot read the policy ${join(dir, 'missing.yml')}`),
    });
  });
});
