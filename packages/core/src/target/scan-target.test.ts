import { realpath, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createScanTarget } from './scan-target.js';
import { commitAll, createTempDirs, gitInit, isolateGit } from './test-repo.js';

const temp = createTempDirs();
let restoreEnv: () => void = () => undefined;
beforeAll(() => {
  restoreEnv = isolateGit();
});
afterAll(() => restoreEnv());
afterEach(() => temp.cleanup());

describe('createScanTarget', () => {
  it('combines the walked files, the skipped ones and the git facts', async () => {
    const repo = await temp.make({
      '.gitignore': 'dist/\n',
      'src/app.ts': 'x',
      'dist/app.js': 'x',
      'big.txt': 'x'.repeat(100),
    });
    gitInit(repo);
    commitAll(repo);

    const target = await createScanTarget(repo, { maxFileBytes: 50 });

    expect(target.root).toBe(repo);
    expect(target.files.map((f) => f.path)).toEqual(['.gitignore', 'src/app.ts']);
    expect(target.skipped.map((s) => [s.path, s.reason])).toEqual([['big.txt', 'too-large']]);
    expect(target.git).toMatchObject({
      topLevel: await realpath(repo),
      branch: 'main',
      dirty: false,
    });
  });

  it('has no git facts outside a repository', async () => {
    const dir = await temp.make({ 'a.ts': '' });
    expect((await createScanTarget(dir, {})).git).toBeUndefined();
  });

  it('reads a file once, shares the result and strips a UTF-8 byte order mark', async () => {
    const dir = await temp.make({ 'a.ts': '\uFEFFconst a = 1;\n' });
    const target = await createScanTarget(dir, {});

    const first = target.readText('a.ts');
    expect(await first).toBe('const a = 1;\n');
    await writeFile(join(dir, 'a.ts'), 'changed on disk');
    const second = target.readText('a.ts');

    expect(second).toBe(first);
    expect(await second).toBe('const a = 1;\n');
  });

  it('rejects with RAMPART_IO a path that is not in the target', async () => {
    const dir = await temp.make({ '.gitignore': 'ignored.ts\n', 'ignored.ts': 'x' });
    const target = await createScanTarget(dir, {});

    await expect(target.readText('ignored.ts')).rejects.toMatchObject({ code: 'RAMPART_IO' });
    await expect(target.readText('../etc/passwd')).rejects.toMatchObject({ code: 'RAMPART_IO' });
  });

  it('makes a single-file root a target of that file in its folder', async () => {
    const dir = await temp.make({ 'one.ts': 'one', 'two.ts': 'two' });
    const target = await createScanTarget(join(dir, 'one.ts'), {});

    expect(target.root).toBe(dir);
    expect(target.files.map((f) => f.path)).toEqual(['one.ts']);
    expect(await target.readText('one.ts')).toBe('one');
  });
});
