import { mkdir, realpath, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RampartError } from '../errors.js';
import { changedFilesSince, readGitFacts } from './git.js';
import { commitAll, git, gitInit, useGitSandbox, writeTree } from './test-repo.js';

const temp = useGitSandbox();

async function repoWith(files: Record<string, string>, branch = 'main'): Promise<string> {
  const repo = await temp.make(files);
  gitInit(repo, branch);
  commitAll(repo, 'initial');
  return repo;
}

describe('readGitFacts', () => {
  it('is undefined outside a git work tree', async () => {
    const dir = await temp.make({ 'a.ts': '' });
    expect(await readGitFacts(dir)).toBeUndefined();
  });

  it('is undefined inside the .git folder', async () => {
    const repo = await repoWith({ 'a.ts': '' });
    expect(await readGitFacts(join(repo, '.git'))).toBeUndefined();
  });

  it('reports the top level, HEAD commit, branch and a clean tree, also from a subfolder', async () => {
    const repo = await repoWith({ 'pkg/a.ts': '', '.gitignore': '*.log\n' });
    await writeFile(join(repo, 'ignored.log'), 'x');

    expect(await readGitFacts(join(repo, 'pkg'))).toEqual({
      topLevel: await realpath(repo),
      commit: git(repo, 'rev-parse', 'HEAD'),
      branch: 'main',
      defaultBranch: 'main',
      dirty: false,
    });
  });

  it('reports a top level whose path holds spaces and unicode', async () => {
    const parent = await temp.make({ 'dossier é 日本/a.ts': '' });
    const repo = join(parent, 'dossier é 日本');
    gitInit(repo);
    commitAll(repo);

    expect((await readGitFacts(repo))?.topLevel).toBe(await realpath(repo));
  });

  it('has no commit in a repository without commits, but knows the unborn branch', async () => {
    const repo = await temp.make({ 'a.ts': '' });
    gitInit(repo, 'trunk');

    expect(await readGitFacts(repo)).toMatchObject({
      commit: undefined,
      branch: 'trunk',
      defaultBranch: undefined,
      dirty: true,
    });
  });

  it('has no branch when HEAD is detached', async () => {
    const repo = await repoWith({ 'a.ts': '' });
    git(repo, 'checkout', '-q', '--detach');

    const facts = await readGitFacts(repo);
    expect(facts?.branch).toBeUndefined();
    expect(facts?.commit).toMatch(/^[0-9a-f]{40}$/);
  });

  it('is dirty with a modified file and with an untracked file', async () => {
    const repo = await repoWith({ 'a.ts': 'a' });
    await writeFile(join(repo, 'a.ts'), 'changed');
    expect((await readGitFacts(repo))?.dirty).toBe(true);

    git(repo, 'checkout', '-q', '--', 'a.ts');
    expect((await readGitFacts(repo))?.dirty).toBe(false);
    await writeFile(join(repo, 'new file.ts'), 'x');
    expect((await readGitFacts(repo))?.dirty).toBe(true);
  });

  it('takes the default branch from init.defaultBranch when that branch exists', async () => {
    const repo = await repoWith({ 'a.ts': '' }, 'trunk');
    git(repo, 'config', 'init.defaultBranch', 'trunk');
    git(repo, 'checkout', '-q', '-b', 'feature');

    expect(await readGitFacts(repo)).toMatchObject({ branch: 'feature', defaultBranch: 'trunk' });
  });

  it('ignores init.defaultBranch when no such branch exists and falls back to main', async () => {
    const repo = await repoWith({ 'a.ts': '' }, 'main');
    git(repo, 'config', 'init.defaultBranch', 'develop');
    git(repo, 'checkout', '-q', '-b', 'feature');

    expect((await readGitFacts(repo))?.defaultBranch).toBe('main');
  });

  it('falls back to master when main does not exist', async () => {
    const repo = await repoWith({ 'a.ts': '' }, 'master');
    git(repo, 'checkout', '-q', '-b', 'feature');

    expect((await readGitFacts(repo))?.defaultBranch).toBe('master');
  });

  it('has no default branch when none of the candidates exists', async () => {
    const repo = await repoWith({ 'a.ts': '' }, 'feature');
    expect((await readGitFacts(repo))?.defaultBranch).toBeUndefined();
  });

  it('prefers origin/HEAD in a clone', async () => {
    const origin = await repoWith({ 'a.ts': '' }, 'trunk');
    git(origin, 'branch', 'main');
    const parent = await temp.make();
    git(parent, 'clone', '-q', origin, 'clone');
    const clone = join(parent, 'clone');
    git(clone, 'checkout', '-q', '-b', 'feature');

    expect(await readGitFacts(clone)).toMatchObject({ branch: 'feature', defaultBranch: 'trunk' });
  });
});

describe('changedFilesSince', () => {
  /** main: a, sub/b, gone, later; feature branches off, then main moves on. */
  async function featureRepo(): Promise<string> {
    const repo = await repoWith({
      '.gitignore': '*.log\n',
      'a.ts': 'a',
      'sub/b.ts': 'b',
      'gone.ts': 'gone',
      'later.ts': 'later',
      'same.ts': 'same',
    });
    git(repo, 'checkout', '-q', '-b', 'feature');
    await writeTree(repo, { 'a.ts': 'a2', 'sub/c.ts': 'c', 'sub/café au lait.ts': 'new' });
    await rm(join(repo, 'gone.ts'));
    commitAll(repo, 'feature work');
    git(repo, 'checkout', '-q', 'main');
    await writeTree(repo, { 'later.ts': 'changed on main after the branch point' });
    commitAll(repo, 'main moves on');
    git(repo, 'checkout', '-q', 'feature');
    return repo;
  }

  it('lists committed, staged, unstaged and untracked changes since the merge base, without deleted or ignored files', async () => {
    const repo = await featureRepo();
    await writeTree(repo, {
      'sub/b.ts': 'unstaged edit',
      'staged.ts': 'staged',
      'untracked file é.ts': 'new',
      'debug.log': 'ignored',
    });
    git(repo, 'add', 'staged.ts');
    await rm(join(repo, 'same.ts'));

    expect(await changedFilesSince(repo, 'main')).toEqual([
      'a.ts',
      'staged.ts',
      'sub/b.ts',
      'sub/c.ts',
      'sub/café au lait.ts',
      'untracked file é.ts',
    ]);
  });

  it('lists only the files under a subfolder, relative to it', async () => {
    const repo = await featureRepo();
    await writeTree(repo, { 'sub/deeper/new.ts': 'x', 'outside.ts': 'x' });

    expect(await changedFilesSince(join(repo, 'sub'), 'main')).toEqual([
      'c.ts',
      'café au lait.ts',
      'deeper/new.ts',
    ]);
  });

  it('returns nothing when there are no changes', async () => {
    const repo = await repoWith({ 'a.ts': '' });
    expect(await changedFilesSince(repo, 'main')).toEqual([]);
  });

  it('accepts a commit sha and a tag as the base', async () => {
    const repo = await repoWith({ 'a.ts': '' });
    const base = git(repo, 'rev-parse', 'HEAD');
    git(repo, 'tag', 'v1');
    await writeTree(repo, { 'b.ts': 'x' });
    commitAll(repo);

    expect(await changedFilesSince(repo, base)).toEqual(['b.ts']);
    expect(await changedFilesSince(repo, 'v1')).toEqual(['b.ts']);
  });

  it('rejects an unknown ref with RAMPART_GIT, naming it and saying how to fetch it', async () => {
    const repo = await repoWith({ 'a.ts': '' });
    const error = await changedFilesSince(repo, 'origin/develop').catch((err: unknown) => err);

    expect(error).toBeInstanceOf(RampartError);
    expect(error).toMatchObject({ code: 'RAMPART_GIT' });
    expect((error as RampartError).message).toContain('"origin/develop"');
    expect((error as RampartError).message).toContain('git fetch origin develop');
  });

  it('rejects a ref that looks like an option', async () => {
    const repo = await repoWith({ 'a.ts': '' });
    await expect(changedFilesSince(repo, '--output=/tmp/x')).rejects.toMatchObject({
      code: 'RAMPART_GIT',
    });
  });

  it('rejects a folder outside git with RAMPART_GIT', async () => {
    const dir = await temp.make();
    await mkdir(join(dir, 'x'));
    await expect(changedFilesSince(dir, 'main')).rejects.toMatchObject({
      code: 'RAMPART_GIT',
      message: expect.stringContaining('not inside a git work tree'),
    });
  });
});
