import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { packageVersion } from './package-version.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('packageVersion', () => {
  it('reads the nearest package.json above a module, skipping ones without a version', () => {
    dir = mkdtempSync(join(tmpdir(), 'rampart-version-'));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'x', version: '1.2.3' }));
    mkdirSync(join(dir, 'dist', 'bundle', 'chunks'), { recursive: true });
    writeFileSync(join(dir, 'dist', 'package.json'), JSON.stringify({ type: 'module' }));
    const module = pathToFileURL(join(dir, 'dist', 'bundle', 'chunks', 'a.js')).href;
    expect(packageVersion(module)).toBe('1.2.3');
  });

  it('knows its own package', () => {
    expect(packageVersion(import.meta.url)).toMatch(/^\d+\.\d+\.\d+/);
  });
});
