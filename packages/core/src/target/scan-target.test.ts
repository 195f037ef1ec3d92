import { readFile, realpath, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createScanTarget, type ScanTargetOptions } from './scan-target.js';
import { commitAll, git, gitInit, useGitSandbox } from './test-repo.js';

const temp = useGitSandbox();

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

  it('includes a force-added .env that .gitignore lists, and reads it', async () => {
    const repo = await temp.make({ '.gitignore': '.env\n', '.env': 'TOKEN=s3cr3t\n' });
    gitInit(repo);
    git(repo, 'add', '-f', '.env');
    commitAll(repo);

    const target = await createScanTarget(repo);

    expect(target.files.map((f) => f.path)).toEqual(['.env', '.gitignore']);
    expect(await target.readText('.env')).toBe('TOKEN=s3cr3t\n');
  });

  it('makes a single-file root a target of that file in its folder', async () => {
    const dir = await temp.make({ 'one.ts': 'one', 'two.ts': 'two' });
    const target = await createScanTarget(join(dir, 'one.ts'), {});

    expect(target.root).toBe(dir);
    expect(target.files.map((f) => f.path)).toEqual(['one.ts']);
    expect(await target.readText('one.ts')).toBe('one');
  });
});

describe('createScanTarget: the text cache', () => {
  /** Options whose `readFile` counts reads per absolute path. */
  function countingReads(extra: Partial<ScanTargetOptions> = {}) {
    const reads = new Map<string, number>();
    const options: ScanTargetOptions = {
      ...extra,
      readFile: (absolutePath) => {
        reads.set(absolutePath, (reads.get(absolutePath) ?? 0) + 1);
        return readFile(absolutePath);
      },
    };
    return { options, reads };
  }

  it('reads a file once for two concurrent callers', async () => {
    const dir = await temp.make({ 'a.ts': 'const a = 1;' });
    const { options, reads } = countingReads();
    const target = await createScanTarget(dir, options);

    const [first, second] = await Promise.all([target.readText('a.ts'), target.readText('a.ts')]);

    expect([first, second]).toEqual(['const a = 1;', 'const a = 1;']);
    expect(reads.get(join(dir, 'a.ts'))).toBe(1);
  });

  it('reads an evicted file again when the cache is small', async () => {
    const dir = await temp.make({ 'a.ts': 'a'.repeat(10), 'b.ts': 'b'.repeat(10) });
    const { options, reads } = countingReads({ textCacheBytes: 15 });
    const target = await createScanTarget(dir, options);

    await target.readText('a.ts');
    await target.readText('a.ts');
    expect(reads.get(join(dir, 'a.ts'))).toBe(1);
    await target.readText('b.ts'); // 20 characters do not fit: a.ts goes
    await target.readText('a.ts');
    expect(reads.get(join(dir, 'a.ts'))).toBe(2);
  });

  it('is a snapshot: a file changed on disk is seen only once its text was evicted', async () => {
    const dir = await temp.make({ 'a.ts': 'a'.repeat(10), 'b.ts': 'b'.repeat(10) });
    const target = await createScanTarget(dir, { textCacheBytes: 15 });

    expect(await target.readText('a.ts')).toBe('aaaaaaaaaa');
    await writeFile(join(dir, 'a.ts'), 'changed');
    expect(await target.readText('a.ts')).toBe('aaaaaaaaaa');
    await target.readText('b.ts');
    expect(await target.readText('a.ts')).toBe('changed');
  });

  it('keeps nothing with textCacheBytes 0, yet shares a read in flight', async () => {
    const dir = await temp.make({ 'a.ts': 'a' });
    const { options, reads } = countingReads({ textCacheBytes: 0 });
    const target = await createScanTarget(dir, options);

    await Promise.all([target.readText('a.ts'), target.readText('a.ts')]);
    await target.readText('a.ts');
    expect(reads.get(join(dir, 'a.ts'))).toBe(2);
  });

  it('wraps a failed read in RAMPART_IO and tries again on the next call', async () => {
    const dir = await temp.make({ 'a.ts': 'a' });
    let failures = 1;
    const target = await createScanTarget(dir, {
      readFile: (path) => {
        if (failures-- > 0) return Promise.reject(new Error('EMFILE: too many open files'));
        return readFile(path);
      },
    });

    await expect(target.readText('a.ts')).rejects.toMatchObject({
      code: 'RAMPART_IO',
      message: expect.stringContaining('EMFILE'),
    });
    expect(await target.readText('a.ts')).toBe('a');
  });

  it('rejects a negative or NaN textCacheBytes with RAMPART_USAGE', async () => {
    const dir = await temp.make({ 'a.ts': 'a' });
    await expect(createScanTarget(dir, { textCacheBytes: -1 })).rejects.toMatchObject({
      code: 'RAMPART_USAGE',
    });
    await expect(createScanTarget(dir, { textCacheBytes: Number.NaN })).rejects.toMatchObject({
      code: 'RAMPART_USAGE',
    });
  });
});
