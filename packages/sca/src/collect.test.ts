import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createScanTarget, silentLogger } from '@rampart/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collectDependencies } from './collect.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-collect-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('collectDependencies', () => {
  it('reads includes beside a file but never outside the scan root, even through a symlink', async () => {
    mkdirSync(join(dir, 'outside'));
    writeFileSync(join(dir, 'outside', 'private.txt'), 'leaked==1.0\n');
    const root = join(dir, 'repo');
    mkdirSync(root);
    writeFileSync(join(root, 'base.txt'), 'django==4.2.0\n');
    symlinkSync(join(dir, 'outside', 'private.txt'), join(root, 'linked.txt'));
    writeFileSync(
      join(root, 'requirements.txt'),
      '-r base.txt\n-r linked.txt\n-r ../outside/private.txt\nflask==2.0.0\n',
    );
    const collected = await collectDependencies(await createScanTarget(root), silentLogger);
    expect(collected.dependencies.map((d) => d.name).sort()).toEqual(['django', 'flask']);
    expect(collected.errors).toEqual([]);
  });

  it('reports a broken lockfile with file and line and still reads the others', async () => {
    mkdirSync(join(dir, 'a'));
    mkdirSync(join(dir, 'b'));
    writeFileSync(join(dir, 'a', 'Cargo.lock'), 'version = 3\n[[package]\nname = "x"\n');
    writeFileSync(join(dir, 'b', 'requirements.txt'), 'flask==2.0.0\n');
    const collected = await collectDependencies(await createScanTarget(dir), silentLogger);
    expect(collected.dependencies.map((d) => d.name)).toEqual(['flask']);
    expect(collected.errors).toHaveLength(1);
    expect(collected.errors[0]?.message).toMatch(/^a\/Cargo\.lock:2/);
  });
});
