import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../logger.js';
import { commitAll, git, gitInit, type Tree, useGitSandbox } from './test-repo.js';
import { type WalkOptions, walkFiles } from './walker.js';

// Git's rule: ignore patterns do not apply to tracked files. Rampart's own exclusions do.

const temp = useGitSandbox();

const noSymlinks = process.platform === 'win32';

/** A repository holding `tree`, with `forced` added despite the ignore rules, all committed. */
async function repoWith(tree: Tree, forced: readonly string[]): Promise<string> {
  const repo = await temp.make(tree);
  gitInit(repo);
  if (forced.length > 0) git(repo, 'add', '-f', '--', ...forced);
  commitAll(repo);
  return repo;
}

async function pathsOf(root: string, options: WalkOptions = {}): Promise<string[]> {
  return (await walkFiles(root, options)).files.map((file) => file.path);
}

describe('walkFiles: tracked files that .gitignore matches', () => {
  it('scans a force-added .env that .gitignore lists, but not an untracked one', async () => {
    const repo = await repoWith(
      {
        '.gitignore': '.env\n*.log\n',
        '.env': 'AWS_SECRET_ACCESS_KEY=committed-by-mistake',
        'app/.env': 'untracked',
        'debug.log': 'untracked',
        'a.ts': '',
      },
      ['.env'],
    );

    expect(await pathsOf(repo)).toEqual(['.env', '.gitignore', 'a.ts']);
  });

  it('leaves out a tracked file that .rampartignore excludes', async () => {
    const repo = await repoWith(
      {
        '.gitignore': '*.env\n',
        '.rampartignore': 'test.env\n',
        'prod.env': 'x',
        'test.env': 'x',
      },
      ['prod.env', 'test.env'],
    );

    expect(await pathsOf(repo)).toEqual(['.gitignore', '.rampartignore', 'prod.env']);
  });

  it('leaves out a tracked file that a config exclude pattern matches', async () => {
    const repo = await repoWith({ '.gitignore': '*.env\n', 'prod.env': 'x', 'test.env': 'x' }, [
      'prod.env',
      'test.env',
    ]);

    expect(await pathsOf(repo, { exclude: ['test.env'] })).toEqual(['.gitignore', 'prod.env']);
  });

  it.skipIf(noSymlinks)(
    'adds a tracked file of an ignored folder without walking its untracked siblings',
    async () => {
      const outside = await temp.make({ 'secret.txt': 'x' });
      const repo = await repoWith(
        {
          '.gitignore': 'node_modules/\n',
          'node_modules/pkg/patched.js': 'x',
          'node_modules/pkg/index.js': 'x',
          'node_modules/other/index.js': 'x',
        },
        ['node_modules/pkg/patched.js'],
      );
      // Only a walk through node_modules would find (and report) this link.
      await symlink(outside, join(repo, 'node_modules', 'escape'));

      expect(await walkFiles(repo)).toEqual({
        files: [
          expect.objectContaining({ path: '.gitignore' }),
          {
            path: 'node_modules/pkg/patched.js',
            absolutePath: join(repo, 'node_modules', 'pkg', 'patched.js'),
            size: 1,
          },
        ],
        skipped: [],
      });
    },
  );

  it('applies the .rampartignore files of folders it never walked, and folder exclusions, to tracked files', async () => {
    const repo = await repoWith(
      {
        '.gitignore': 'vendor/\n',
        '.rampartignore': 'vendor/fixtures/\n',
        'vendor/.rampartignore': 'generated.js\n',
        'vendor/lib.js': 'x',
        'vendor/generated.js': 'x',
        'vendor/fixtures/key.pem': 'x',
      },
      ['vendor/lib.js', 'vendor/generated.js', 'vendor/fixtures/key.pem'],
    );

    expect(await pathsOf(repo)).toEqual(['.gitignore', '.rampartignore', 'vendor/lib.js']);
  });

  it('lists tracked files relative to a subfolder root, where the ancestor .rampartignore still applies', async () => {
    const repo = await repoWith(
      {
        '.gitignore': '*.env\n',
        '.rampartignore': 'svc/skip.env\n',
        'svc/keep.env': 'x',
        'svc/skip.env': 'x',
        'top.env': 'x',
      },
      ['svc/keep.env', 'svc/skip.env', 'top.env'],
    );

    expect(await pathsOf(join(repo, 'svc'))).toEqual(['keep.env']);
  });

  it('checks tracked files for size and binary content like any other', async () => {
    const repo = await repoWith(
      {
        '.gitignore': 'dist/\n',
        'dist/big.js': 'x'.repeat(100),
        'dist/font.bin': new Uint8Array([0x00, 0x01]),
        'dist/ok.js': 'x',
      },
      ['dist/big.js', 'dist/font.bin', 'dist/ok.js'],
    );

    const result = await walkFiles(repo, { maxFileBytes: 50 });
    expect(result.files.map((f) => f.path)).toEqual(['.gitignore', 'dist/ok.js']);
    expect(result.skipped.map((s) => [s.path, s.reason])).toEqual([
      ['dist/big.js', 'too-large'],
      ['dist/font.bin', 'binary'],
    ]);
  });

  it('lists a tracked file once when a config exclude re-includes its ignored folder', async () => {
    const repo = await repoWith({ '.gitignore': 'dist/\n', 'dist/a.js': 'x', 'dist/b.js': 'x' }, [
      'dist/a.js',
    ]);

    expect(await pathsOf(repo, { exclude: ['!dist/'] })).toEqual([
      '.gitignore',
      'dist/a.js',
      'dist/b.js',
    ]);
  });

  it('leaves out a tracked file deleted from the work tree', async () => {
    const repo = await repoWith({ '.gitignore': '*.env\n', 'gone.env': 'x' }, ['gone.env']);
    await rm(join(repo, 'gone.env'));

    expect(await walkFiles(repo)).toEqual({
      files: [expect.objectContaining({ path: '.gitignore' })],
      skipped: [],
    });
  });

  it.skipIf(noSymlinks)(
    'does not follow a folder replaced by a symlink to reach a tracked file',
    async () => {
      const outside = await temp.make({ '.env': 'outside the root' });
      const repo = await repoWith({ '.gitignore': '.env\n', 'cfg/.env': 'x' }, ['cfg/.env']);
      await rm(join(repo, 'cfg'), { recursive: true });
      await symlink(outside, join(repo, 'cfg'));

      const result = await walkFiles(repo);
      expect(result.files.map((f) => f.path)).toEqual(['.gitignore']);
      expect(result.skipped.map((s) => [s.path, s.reason])).toEqual([['cfg', 'symlink']]);
    },
  );

  it.skipIf(noSymlinks)('reports a tracked symlink pointing outside the root', async () => {
    const outside = await temp.make({ 'secret.txt': 'x' });
    const repo = await temp.make({ '.gitignore': '*.link\n' });
    await symlink(join(outside, 'secret.txt'), join(repo, 'out.link'));
    gitInit(repo);
    git(repo, 'add', '-f', 'out.link');
    commitAll(repo);

    const result = await walkFiles(repo);
    expect(result.files.map((f) => f.path)).toEqual(['.gitignore']);
    expect(result.skipped.map((s) => [s.path, s.reason])).toEqual([['out.link', 'symlink']]);
  });

  it('changes nothing outside a git repository', async () => {
    const dir = await temp.make({
      '.gitignore': '.env\nvendor/\n',
      '.env': 'x',
      'vendor/a.js': '',
    });
    expect(await pathsOf(dir)).toEqual(['.gitignore']);
  });

  it('falls back to the ignore rules, with a debug line, when git fails', async () => {
    const repo = await repoWith({ '.gitignore': '.env\n', '.env': 'x' }, ['.env']);
    await writeFile(join(repo, '.git', 'index'), 'not an index');
    const logger = createMemoryLogger();

    expect(await pathsOf(repo, { logger })).toEqual(['.gitignore']);
    expect(logger.records).toContainEqual(
      expect.objectContaining({
        level: 'debug',
        message: expect.stringContaining('git could not list tracked files'),
      }),
    );
  });

  it('does not run git for a root outside a repository', async () => {
    const dir = await temp.make({ 'a.ts': '' });
    await mkdir(join(dir, 'sub'));
    const logger = createMemoryLogger();
    await walkFiles(dir, { logger });
    expect(logger.records.map((r) => r.message)).toEqual(['walked the scan root']);
  });
});
