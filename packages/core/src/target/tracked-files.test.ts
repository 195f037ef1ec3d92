import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLayer } from './ignore-rules.js';
import { commitAll, git, gitInit, useGitSandbox } from './test-repo.js';
import { createRampartExclusions, listTrackedIgnored } from './tracked-files.js';

const temp = useGitSandbox();

describe('listTrackedIgnored', () => {
  it('lists tracked files that ignore rules match, relative to the folder, names unquoted', async () => {
    const repo = await temp.make({
      '.gitignore': '*.env\nbuild/\n',
      'svc/clé secrète.env': 'x',
      'svc/build/out.js': 'x',
      'svc/build/untracked.js': 'x',
      'svc/app.ts': 'x',
      'top.env': 'x',
    });
    gitInit(repo);
    git(repo, 'add', '-f', '--', 'svc/clé secrète.env', 'svc/build/out.js', 'top.env');
    commitAll(repo);

    expect(await listTrackedIgnored(join(repo, 'svc'), undefined)).toEqual([
      'build/out.js',
      'clé secrète.env',
    ]);
  });

  it('is undefined outside a repository', async () => {
    const dir = await temp.make({ 'a.ts': '' });
    expect(await listTrackedIgnored(dir, undefined)).toBeUndefined();
  });
});

describe('createRampartExclusions', () => {
  /** Exclusions over in-memory `.rampartignore` texts by folder, counting the reads. */
  function exclusionsWith(ignoreFiles: Readonly<Record<string, string>>, exclude?: string[]) {
    const reads: string[] = [];
    const isExcluded = createRampartExclusions({
      excludes:
        exclude === undefined
          ? undefined
          : { layer: createLayer(exclude, '', '', 'rampart'), next: undefined },
      aboveRoot: undefined,
      readRampartIgnore: async (relDir) => {
        reads.push(relDir);
        return ignoreFiles[relDir] ?? '';
      },
    });
    return { isExcluded, reads };
  }

  it('takes the files of an excluded folder with it, whatever deeper files say', async () => {
    const { isExcluded } = exclusionsWith({ '': 'vendor/\n', 'vendor/': '!keep.js\n' });
    expect(await isExcluded('vendor/keep.js')).toBe(true);
    expect(await isExcluded('src/keep.js')).toBe(false);
  });

  it('lets a deeper .rampartignore decide over a shallower one', async () => {
    const { isExcluded } = exclusionsWith({ '': '*.env\n', 'cfg/': '!prod.env\n' });
    expect(await isExcluded('cfg/prod.env')).toBe(false);
    expect(await isExcluded('cfg/test.env')).toBe(true);
  });

  it('lets config excludes decide first', async () => {
    const { isExcluded } = exclusionsWith({ '': '!a.env\n' }, ['*.env']);
    expect(await isExcluded('a.env')).toBe(true);
  });

  it('reads each folder once and never reads below an excluded folder', async () => {
    const { isExcluded, reads } = exclusionsWith({ 'a/': 'b/\n' });
    await Promise.all([
      isExcluded('a/x.js'),
      isExcluded('a/c/y.js'),
      isExcluded('a/c/z.js'),
      isExcluded('a/b/deep/w.js'),
    ]);
    expect(reads.sort()).toEqual(['', 'a/', 'a/c/']);
  });
});
