import { chmod, mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RampartError } from '../errors.js';
import { createMemoryLogger } from '../logger.js';
import { commitAll, git, gitInit, useGitSandbox, writeTree } from './test-repo.js';
import { DEFAULT_MAX_FILE_BYTES, type WalkOptions, walkFiles } from './walker.js';

const temp = useGitSandbox();

const noSymlinks = process.platform === 'win32';
const isRoot = process.getuid?.() === 0;

async function pathsOf(root: string, options: WalkOptions = {}): Promise<string[]> {
  return (await walkFiles(root, options)).files.map((file) => file.path);
}

describe('walkFiles: ignore files', () => {
  it('honours .gitignore at every level with negations, folder and anchored patterns outside git', async () => {
    const root = await temp.make({
      '.gitignore': '*.log\n!keep.log\nbuild/\n/anchored.txt\n',
      'a.log': '',
      'keep.log': '',
      'anchored.txt': '',
      'x.tmp': '',
      'build/out.js': '',
      'src/anchored.txt': '',
      'src/build/deep.js': '',
      'src/.gitignore': '*.tmp\n!important.log\n',
      'src/important.log': '',
      'src/other.log': '',
      'src/x.tmp': '',
      'src/app.ts': '',
      'src/deep/.gitignore': '/only-here.txt\n',
      'src/deep/only-here.txt': '',
      'src/deep/more/only-here.txt': '',
    });

    expect(await pathsOf(root)).toEqual([
      '.gitignore',
      'keep.log',
      'src/.gitignore',
      'src/anchored.txt',
      'src/app.ts',
      'src/deep/.gitignore',
      'src/deep/more/only-here.txt',
      'src/important.log',
      'x.tmp',
    ]);
  });

  it('re-includes a folder a parent .gitignore excludes when a nested .gitignore negates it, as git does', async () => {
    const root = await temp.make({
      '.gitignore': 'sub/dist/\n*.map\n',
      'sub/.gitignore': '!dist/\n',
      'sub/dist/a.js': '',
      'sub/dist/a.map': '',
    });

    expect(await pathsOf(root)).toEqual(['.gitignore', 'sub/.gitignore', 'sub/dist/a.js']);
  });

  it('cannot re-include a file whose folder is excluded by the same .gitignore', async () => {
    const root = await temp.make({
      '.gitignore': 'logs/\n!logs/keep.txt\n',
      'logs/keep.txt': '',
    });

    expect(await pathsOf(root)).toEqual(['.gitignore']);
  });

  it('picks up the .gitignore files between the repository top level and a subfolder root', async () => {
    const repo = await temp.make({
      '.gitignore': '*.secret\n/app.ts\n/pkg/local.txt\npkg/generated/\n',
      'pkg/.gitignore': 'tmp/\n',
      'pkg/app.ts': '',
      'pkg/key.secret': '',
      'pkg/local.txt': '',
      'pkg/generated/x.ts': '',
      'pkg/tmp/y.ts': '',
      'pkg/lib/generated/z.ts': '',
    });
    gitInit(repo);

    expect(await pathsOf(join(repo, 'pkg'))).toEqual([
      '.gitignore',
      'app.ts',
      'lib/generated/z.ts',
    ]);
  });

  it('honours .git/info/exclude, also when the root is a subfolder', async () => {
    const repo = await temp.make({ 'a.txt': '', 'b.txt': '', 'pkg/c.txt': '', 'pkg/d.txt': '' });
    gitInit(repo);
    await writeFile(join(repo, '.git', 'info', 'exclude'), 'a.txt\npkg/c.txt\n');

    expect(await pathsOf(repo)).toEqual(['b.txt', 'pkg/d.txt']);
    expect(await pathsOf(join(repo, 'pkg'))).toEqual(['d.txt']);
  });

  it('lets a .gitignore re-include what .git/info/exclude leaves out', async () => {
    const repo = await temp.make({ '.gitignore': '!a.txt\n', 'a.txt': '' });
    gitInit(repo);
    await writeFile(join(repo, '.git', 'info', 'exclude'), '*.txt\n');

    expect(await pathsOf(repo)).toEqual(['.gitignore', 'a.txt']);
  });

  it('honours .rampartignore at every level, and it can re-include what .gitignore leaves out', async () => {
    const root = await temp.make({
      '.gitignore': 'generated/\n',
      '.rampartignore': 'fixtures/\n!generated/\n',
      'fixtures/fake-key.pem': '',
      'generated/api.ts': '',
      'src/.rampartignore': '*.snap\n',
      'src/a.test.ts.snap': '',
      'src/a.ts': '',
      'a.snap': '',
    });

    expect(await pathsOf(root)).toEqual([
      '.gitignore',
      '.rampartignore',
      'a.snap',
      'generated/api.ts',
      'src/.rampartignore',
      'src/a.ts',
    ]);
  });

  it('applies config exclude patterns relative to the root, ahead of ignore files', async () => {
    const root = await temp.make({
      '.gitignore': 'dist/\n',
      'examples/a.ts': '',
      'src/fixtures/b.ts': '',
      'src/examples/c.ts': '',
      'src/d.ts': '',
      'dist/bundle.js': '',
    });

    const exclude = ['/examples/', '**/fixtures/**', '!dist/'];
    expect(await pathsOf(root, { exclude })).toEqual([
      '.gitignore',
      'dist/bundle.js',
      'src/d.ts',
      'src/examples/c.ts',
    ]);
  });

  it('matches config exclude patterns from the config folder when the root is below it (excludeBase)', async () => {
    const repo = await temp.make({
      'svc/examples/a.ts': '',
      'svc/tests/b.ts': '',
      'svc/src/tests/c.ts': '',
      'svc/src/examples/d.ts': '',
      'svc/src/e.snap': '',
      'svc/src/f.ts': '',
    });

    // `/examples/` means the config folder's own examples/, not svc/examples/.
    const exclude = ['/examples/', 'svc/tests/', '/svc/src/examples/', '*.snap'];
    expect(await pathsOf(join(repo, 'svc'), { exclude, excludeBase: 'svc' })).toEqual([
      'examples/a.ts',
      'src/f.ts',
      'src/tests/c.ts',
    ]);
  });

  it.each(['svc', 'svc/', './svc', '/svc/'])('accepts excludeBase %j', async (excludeBase) => {
    const repo = await temp.make({ 'svc/tests/b.ts': '', 'svc/a.ts': '' });
    expect(await pathsOf(join(repo, 'svc'), { exclude: ['/svc/tests/'], excludeBase })).toEqual([
      'a.ts',
    ]);
  });

  it('rejects an excludeBase that leads out of the config folder with RAMPART_USAGE', async () => {
    const root = await temp.make({ 'a.ts': '' });
    await expect(
      walkFiles(root, { exclude: ['x/'], excludeBase: '../elsewhere' }),
    ).rejects.toMatchObject({ code: 'RAMPART_USAGE' });
  });

  it('matches deeper roots and re-includes through excludeBase', async () => {
    const repo = await temp.make({
      '.gitignore': 'dist/\n',
      'a/b/dist/x.js': '',
      'a/b/gen/y.ts': '',
      'a/b/z.ts': '',
    });
    const options = { exclude: ['a/b/gen/', '!a/b/dist/'], excludeBase: 'a/b' };
    expect(await pathsOf(join(repo, 'a', 'b'), options)).toEqual(['dist/x.js', 'z.ts']);
  });

  it('scans a root that an exclude pattern names itself: an explicit path wins', async () => {
    const repo = await temp.make({ 'svc/a.ts': '', 'svc/tests/b.ts': '' });
    const options = { exclude: ['svc/', 'tests/'], excludeBase: 'svc' };
    expect(await pathsOf(join(repo, 'svc'), options)).toEqual(['a.ts']);
  });

  it.skipIf(noSymlinks)(
    'does not enter folders that anchored or unanchored excludes match through excludeBase',
    async () => {
      const outside = await temp.make({ 'secret.txt': 'x' });
      const repo = await temp.make({
        'svc/tests/t.ts': '',
        'svc/src/fixtures/f.ts': '',
        'svc/src/a.ts': '',
      });
      // Only a walk inside the excluded folders would find (and report) these links.
      await symlink(outside, join(repo, 'svc', 'tests', 'escape'));
      await symlink(outside, join(repo, 'svc', 'src', 'fixtures', 'escape'));

      const options = { exclude: ['svc/tests/', 'fixtures/'], excludeBase: 'svc' };
      expect(await walkFiles(join(repo, 'svc'), options)).toEqual({
        files: [expect.objectContaining({ path: 'src/a.ts' })],
        skipped: [],
      });
    },
  );

  it('does not hard-code node_modules: it is walked unless an ignore file says otherwise', async () => {
    const root = await temp.make({ 'node_modules/x/index.js': '' });
    expect(await pathsOf(root)).toEqual(['node_modules/x/index.js']);
  });

  it('never walks .git, .hg or .svn folders', async () => {
    const root = await temp.make({
      '.git/config': '',
      '.hg/store': '',
      'sub/.svn/entries': '',
      'sub/a.ts': '',
    });
    expect(await pathsOf(root)).toEqual(['sub/a.ts']);
  });

  it('reads ignore files with CRLF line endings and a byte order mark', async () => {
    const root = await temp.make({
      '.gitignore': '\uFEFFa.txt\r\nb.txt\r\n',
      'sub/.rampartignore': '\uFEFFc.txt\r\n',
      'a.txt': '',
      'b.txt': '',
      'sub/c.txt': '',
      'd.txt': '',
    });
    expect(await pathsOf(root)).toEqual(['.gitignore', 'd.txt', 'sub/.rampartignore']);
  });

  it('applies ignore files whose patterns hold spaces and unicode', async () => {
    const root = await temp.make({
      '.gitignore': 'brouillon é.txt\n日本/\n',
      'brouillon é.txt': '',
      '日本/a.ts': '',
      'ünï/çødé 日本.ts': 'x',
      'my file.txt': 'x',
    });
    expect(await pathsOf(root)).toEqual(['.gitignore', 'my file.txt', 'ünï/çødé 日本.ts']);
  });

  it.skipIf(noSymlinks)('does not enter ignored folders', async () => {
    const outside = await temp.make({ 'secret.txt': 'x' });
    const root = await temp.make({ '.gitignore': 'node_modules/\n', 'a.ts': '' });
    await mkdir(join(root, 'node_modules'));
    // Only a walk inside node_modules would find (and report) this link.
    await symlink(outside, join(root, 'node_modules', 'escape'));

    expect(await walkFiles(root, {})).toEqual({
      files: [
        expect.objectContaining({ path: '.gitignore' }),
        expect.objectContaining({ path: 'a.ts' }),
      ],
      skipped: [],
    });
  });
});

describe('walkFiles: what is skipped', () => {
  it('skips a binary file (a NUL byte in its first 8000 bytes) but not a NUL byte after them', async () => {
    const late = Buffer.alloc(9000, 0x61);
    late[8000] = 0;
    const early = Buffer.alloc(9000, 0x61);
    early[7999] = 0;
    const root = await temp.make({ 'late.txt': late, 'early.bin': early, 'a.txt': 'hello' });

    const result = await walkFiles(root, {});

    expect(result.files.map((f) => f.path)).toEqual(['a.txt', 'late.txt']);
    expect(result.skipped).toEqual([
      { path: 'early.bin', reason: 'binary', detail: expect.stringContaining('NUL') },
    ]);
  });

  it('skips a file over maxFileBytes and says its size, the limit and how to raise it', async () => {
    const root = await temp.make({ 'big.txt': 'x'.repeat(2049), 'fits.txt': 'x'.repeat(2048) });

    const result = await walkFiles(root, { maxFileBytes: 2048 });

    expect(result.files).toEqual([
      { path: 'fits.txt', absolutePath: join(root, 'fits.txt'), size: 2048 },
    ]);
    expect(result.skipped).toHaveLength(1);
    const [skipped] = result.skipped;
    expect(skipped).toMatchObject({ path: 'big.txt', reason: 'too-large' });
    expect(skipped?.detail).toContain('2049 bytes');
    expect(skipped?.detail).toContain('2 KiB');
    expect(skipped?.detail).toContain('maxFileSize in rampart.yml');
  });

  it('defaults the size limit to 1 MiB', async () => {
    const root = await temp.make({
      'big.txt': Buffer.alloc(DEFAULT_MAX_FILE_BYTES + 1, 0x61),
      'fits.txt': Buffer.alloc(DEFAULT_MAX_FILE_BYTES, 0x61),
    });
    const result = await walkFiles(root);
    expect(result.files.map((f) => f.path)).toEqual(['fits.txt']);
    expect(result.skipped.map((s) => s.reason)).toEqual(['too-large']);
  });

  it.skipIf(noSymlinks)(
    'reports symlinks pointing outside the root and does not follow them',
    async () => {
      const outside = await temp.make({ 'secret.txt': 'x', 'dir/key.pem': 'x' });
      const root = await temp.make({ 'a.ts': '' });
      await symlink(join(outside, 'secret.txt'), join(root, 'file-link'));
      await symlink(join(outside, 'dir'), join(root, 'dir-link'));
      await symlink(join(outside, 'missing'), join(root, 'dangling-link'));

      const result = await walkFiles(root, {});

      expect(result.files.map((f) => f.path)).toEqual(['a.ts']);
      expect(result.skipped.map((s) => [s.path, s.reason])).toEqual([
        ['dangling-link', 'symlink'],
        ['dir-link', 'symlink'],
        ['file-link', 'symlink'],
      ]);
      expect(result.skipped[0]?.detail).toContain('points outside the scan root');
    },
  );

  it.skipIf(noSymlinks)(
    'skips symlinks to inside the root silently and walks their targets once',
    async () => {
      const root = await temp.make({ 'src/a.ts': '' });
      await symlink(join(root, 'src'), join(root, 'src-link'));
      await symlink('a.ts', join(root, 'src', 'a-link.ts'));

      expect(await walkFiles(root, {})).toEqual({
        files: [expect.objectContaining({ path: 'src/a.ts' })],
        skipped: [],
      });
    },
  );

  it.skipIf(noSymlinks)('does not hang on symlink loops', async () => {
    const root = await temp.make({ 'sub/a.ts': '' });
    await symlink('self', join(root, 'self'));
    await symlink('ping', join(root, 'pong'));
    await symlink('pong', join(root, 'ping'));
    await symlink('..', join(root, 'sub', 'up'));

    expect(await walkFiles(root, {})).toEqual({
      files: [expect.objectContaining({ path: 'sub/a.ts' })],
      skipped: [],
    });
  });

  it.skipIf(noSymlinks)('leaves out ignored symlinks without reporting them', async () => {
    const outside = await temp.make({ 'x.txt': '' });
    const root = await temp.make({ '.gitignore': 'link\n' });
    await symlink(outside, join(root, 'link'));
    expect((await walkFiles(root, {})).skipped).toEqual([]);
  });

  it.skipIf(noSymlinks || isRoot)('reports an unreadable file and goes on', async () => {
    const root = await temp.make({ 'locked.txt': 'x', 'ok.txt': 'x', 'closed/a.txt': 'x' });
    await chmod(join(root, 'locked.txt'), 0o000);
    await chmod(join(root, 'closed'), 0o000);
    try {
      const result = await walkFiles(root, {});
      expect(result.files.map((f) => f.path)).toEqual(['ok.txt']);
      expect(result.skipped.map((s) => [s.path, s.reason])).toEqual([
        ['closed', 'unreadable'],
        ['locked.txt', 'unreadable'],
      ]);
    } finally {
      await chmod(join(root, 'closed'), 0o755);
    }
  });
});

describe('walkFiles: roots and results', () => {
  it('returns sorted, /-separated paths with absolute paths and sizes', async () => {
    const root = await temp.make({ 'b/z.ts': 'zz', 'a.ts': 'a', 'b/a b.ts': '', 'B.ts': '' });

    expect(await walkFiles(root, {})).toEqual({
      files: [
        { path: 'B.ts', absolutePath: join(root, 'B.ts'), size: 0 },
        { path: 'a.ts', absolutePath: join(root, 'a.ts'), size: 1 },
        { path: 'b/a b.ts', absolutePath: join(root, 'b', 'a b.ts'), size: 0 },
        { path: 'b/z.ts', absolutePath: join(root, 'b', 'z.ts'), size: 2 },
      ],
      skipped: [],
    });
  });

  it('yields just the file, named by its base name, when the root is a file', async () => {
    const dir = await temp.make({ '.gitignore': '*.ts\n', 'one.ts': 'x', 'two.ts': 'y' });

    expect(await walkFiles(join(dir, 'one.ts'), {})).toEqual({
      files: [{ path: 'one.ts', absolutePath: join(dir, 'one.ts'), size: 1 }],
      skipped: [],
    });
  });

  it('rejects a missing root with RAMPART_IO', async () => {
    const dir = await temp.make();
    const error = await walkFiles(join(dir, 'nope'), {}).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(RampartError);
    expect(error).toMatchObject({ code: 'RAMPART_IO', message: expect.stringContaining('nope') });
  });

  it('stops when the signal aborts', async () => {
    const root = await temp.make({ 'a/b.ts': '', 'c.ts': '' });
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(walkFiles(root, { signal: controller.signal })).rejects.toThrow('stop');
  });

  it('logs a summary at debug level', async () => {
    const root = await temp.make({ 'a.ts': '' });
    const logger = createMemoryLogger();
    await walkFiles(root, { logger });
    expect(logger.records).toEqual([
      expect.objectContaining({
        level: 'debug',
        fields: expect.objectContaining({ files: 1, skipped: 0 }),
      }),
    ]);
  });
});

describe('walkFiles agrees with git', () => {
  const names = ['a', 'b.log', 'c.txt'] as const;
  const dirs = ['', 'x/', 'y/', 'x/y/', 'x/z/', 'y/x/z/'] as const;
  const patterns = [
    '*.log',
    '!b.log',
    'x/',
    '/x',
    'x',
    '!x/',
    '!x',
    'a',
    '/a',
    'y/a',
    'x/y/',
    '**/z',
    'z/**',
    '!z/c.txt',
    '*/a',
    'c*',
    '!c.txt',
    'x/*',
    '!x/a',
    'y/**/a',
    '/y/',
    '!z/',
    '!y',
    '*.txt',
  ];
  const treeArb = fc.record({
    files: fc.uniqueArray(fc.tuple(fc.constantFrom(...dirs), fc.constantFrom(...names)), {
      minLength: 1,
      maxLength: 18,
    }),
    ignoreFiles: fc.array(
      fc.tuple(
        fc.constantFrom(...dirs.map((dir) => `${dir}.gitignore`), '.git/info/exclude'),
        fc.array(fc.constantFrom(...patterns), { minLength: 1, maxLength: 4 }),
      ),
      { maxLength: 4 },
    ),
  });

  it('lists the same files as `git ls-files --others --exclude-standard` for generated trees', async () => {
    await fc.assert(
      fc.asyncProperty(treeArb, async ({ files, ignoreFiles }) => {
        const root = await temp.make();
        gitInit(root);
        const tree: Record<string, string> = {};
        for (const [dir, name] of files) tree[dir + name] = 'x';
        for (const [path, lines] of ignoreFiles) tree[path] = `${lines.join('\n')}\n`;
        await writeTree(root, tree);

        const expected = git(
          root,
          '-c',
          'core.quotepath=off',
          'ls-files',
          '-z',
          '--others',
          '--exclude-standard',
        )
          .split('\0')
          .filter(Boolean)
          .sort();
        expect(await pathsOf(root)).toEqual(expected);
        await temp.cleanup();
      }),
      { numRuns: 80 },
    );
  });

  it('lists the same files as `git ls-files --cached --others --exclude-standard` once some are force-added', async () => {
    await fc.assert(
      fc.asyncProperty(
        treeArb,
        fc.array(fc.boolean(), { minLength: 18, maxLength: 18 }),
        async ({ files, ignoreFiles }, forced) => {
          const root = await temp.make();
          gitInit(root);
          const tree: Record<string, string> = {};
          for (const [dir, name] of files) tree[dir + name] = 'x';
          for (const [path, lines] of ignoreFiles) tree[path] = `${lines.join('\n')}\n`;
          await writeTree(root, tree);
          const tracked = files.map(([dir, name]) => dir + name).filter((_, i) => forced[i]);
          if (tracked.length > 0) git(root, 'add', '-f', '--', ...tracked);
          commitAll(root);

          const expected = git(
            root,
            '-c',
            'core.quotepath=off',
            'ls-files',
            '-z',
            '--cached',
            '--others',
            '--exclude-standard',
          )
            .split('\0')
            .filter(Boolean)
            .sort();
          expect(await pathsOf(root)).toEqual([...new Set(expected)]);
          await temp.cleanup();
        },
      ),
      { numRuns: 40 },
    );
  });
});
