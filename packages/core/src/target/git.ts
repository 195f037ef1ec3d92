import { spawn } from 'node:child_process';
import { RampartError } from '../errors.js';
import { comparePaths } from './compare-paths.js';
import { type GitRun, runGit, splitNul } from './run-git.js';

/** What git knows about the work tree a scan root sits in. */
export interface GitFacts {
  /** Absolute path of the work tree's top level. */
  readonly topLevel: string;
  /** HEAD commit sha; undefined in a repository with no commits yet. */
  readonly commit: string | undefined;
  /** Current branch name; undefined when HEAD is detached. */
  readonly branch: string | undefined;
  /**
   * The branch pull requests usually target: `origin/HEAD` when set, else `init.defaultBranch`
   * when that branch exists, else `main` or `master` (whichever exists), else undefined.
   */
  readonly defaultBranch: string | undefined;
  /** True when the work tree has uncommitted or untracked (not ignored) changes. */
  readonly dirty: boolean;
}

/**
 * Reads {@link GitFacts} for the work tree holding `dir`; undefined when `dir` is not in a
 * work tree or git is not installed. Other git failures (a repository git refuses because of
 * `safe.directory`, a corrupt repository) reject with a `RAMPART_GIT` error.
 */
export async function readGitFacts(dir: string): Promise<GitFacts | undefined> {
  const where = await runGit(dir, ['rev-parse', '--is-inside-work-tree', '--show-toplevel']);
  if (where.notInstalled) return undefined;
  if (where.exitCode !== 0) {
    // Inside `.git` or a bare repository git answers `false` and then fails on --show-toplevel.
    if (where.stdout.startsWith('false') || isNotARepository(where)) return undefined;
    throw gitFailure(dir, where);
  }
  const [inside = '', topLevel = ''] = where.stdout.split('\n');
  if (inside !== 'true' || topLevel === '') return undefined;

  const [head, symbolic, status, refs, configured] = await Promise.all([
    runGit(dir, ['rev-parse', '--verify', '-q', 'HEAD^{commit}']),
    runGit(dir, ['symbolic-ref', '-q', '--short', 'HEAD']),
    runGit(dir, ['status', '--porcelain', '-z']),
    runGit(dir, [
      'for-each-ref',
      '--format=%(refname)%00%(symref)',
      'refs/heads/',
      'refs/remotes/origin/',
    ]),
    runGit(dir, ['config', '--get', 'init.defaultBranch']),
  ]);
  if (status.exitCode !== 0) throw gitFailure(dir, status);
  if (refs.exitCode !== 0) throw gitFailure(dir, refs);

  return {
    topLevel,
    commit: head.exitCode === 0 ? head.stdout.trim() || undefined : undefined,
    branch: symbolic.exitCode === 0 ? symbolic.stdout.trim() || undefined : undefined,
    defaultBranch: pickDefaultBranch(
      refs.stdout,
      configured.exitCode === 0 ? configured.stdout.trim() : '',
    ),
    dirty: status.stdout.length > 0,
  };
}

function pickDefaultBranch(forEachRef: string, configured: string): string | undefined {
  const branches = new Set<string>();
  let originHead: string | undefined;
  for (const line of forEachRef.split('\n')) {
    const [ref = '', symref = ''] = line.split('\0');
    if (ref === 'refs/remotes/origin/HEAD') {
      if (symref.startsWith('refs/remotes/origin/')) {
        originHead = symref.slice('refs/remotes/origin/'.length);
      }
    } else if (ref.startsWith('refs/heads/')) {
      branches.add(ref.slice('refs/heads/'.length));
    } else if (ref.startsWith('refs/remotes/origin/')) {
      branches.add(ref.slice('refs/remotes/origin/'.length));
    }
  }
  if (originHead !== undefined) return originHead;
  for (const candidate of [configured, 'main', 'master']) {
    if (candidate !== '' && branches.has(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Resolves `ref` to a commit sha, or throws RAMPART_GIT saying how to get it (fetch it;
 * in CI, full history).
 */
export async function verifyCommitRef(dir: string, baseRef: string): Promise<string> {
  if (baseRef === '' || baseRef.startsWith('-')) {
    throw new RampartError('RAMPART_GIT', `"${baseRef}" is not a git ref.`, {
      hint: 'Pass a branch, tag or commit, e.g. origin/main.',
    });
  }
  const base = await runGit(dir, [
    'rev-parse',
    '--verify',
    '-q',
    '--end-of-options',
    `${baseRef}^{commit}`,
  ]);
  if (base.notInstalled) throw gitNotFound(dir);
  if (base.exitCode !== 0) {
    if (isNotARepository(base)) {
      throw new RampartError('RAMPART_GIT', `${dir} is not inside a git work tree.`, {
        hint: 'Comparing with a base ref needs a git checkout; scan without it to scan every file.',
      });
    }
    if (base.stderr.trim() !== '') throw gitFailure(dir, base);
    const name = baseRef.replace(/^(refs\/remotes\/origin\/|refs\/heads\/|origin\/)/, '');
    throw new RampartError(
      'RAMPART_GIT',
      `git ref "${baseRef}" was not found in this clone: fetch it first, e.g. \`git fetch origin ${name}\`.`,
      { hint: 'In GitHub Actions, use actions/checkout with `fetch-depth: 0`.' },
    );
  }

  return base.stdout.trim();
}

/**
 * Lists the files changed between the merge base of `baseRef` and HEAD, plus uncommitted and
 * untracked (not ignored) files: paths relative to `dir` (only those under it),
 * `/`-separated, sorted, deleted files left out. This is what a pull request scan looks at.
 *
 * @example
 * await changedFilesSince('/repo', 'origin/main'); // ['src/app.ts', 'src/new file.ts']
 */
export async function changedFilesSince(dir: string, baseRef: string): Promise<string[]> {
  const mergeBase = await mergeBaseOf(dir, baseRef);
  const [diff, untracked] = await Promise.all([
    runGit(dir, [
      'diff',
      '--name-only',
      '-z',
      '--no-renames',
      '--no-ext-diff',
      '--ignore-submodules=all',
      '--diff-filter=d',
      '--relative',
      mergeBase,
      '--',
    ]),
    runGit(dir, ['ls-files', '-z', '--others', '--exclude-standard']),
  ]);
  if (diff.exitCode !== 0) throw gitFailure(dir, diff);
  if (untracked.exitCode !== 0) throw gitFailure(dir, untracked);

  const paths = new Set([...splitNul(diff.stdout), ...splitNul(untracked.stdout)]);
  return [...paths].sort(comparePaths);
}

function isNotARepository(run: GitRun): boolean {
  return /not a git repository/i.test(run.stderr);
}

function gitNotFound(dir: string): RampartError {
  return new RampartError('RAMPART_GIT', `Could not run git in ${dir}.`, {
    hint: 'Check that git is installed and on PATH, and that the folder exists.',
  });
}

function gitFailure(dir: string, run: GitRun): RampartError {
  const message =
    run.stderr
      .trim()
      .split('\n')[0]
      ?.replace(/^fatal: /, '') ?? 'unknown error';
  // git names the exact top level to trust in its own advice; reuse it.
  const trust = /safe\.directory (.+)$/m.exec(run.stderr)?.[1]?.trim();
  return new RampartError('RAMPART_GIT', `git failed in ${dir}: ${message}`, {
    hint:
      trust === undefined
        ? 'Run the same git command in that folder to see the full error.'
        : `Trust the repository with \`git config --global --add safe.directory ${trust}\` (common in containers, where the checkout has another owner).`,
    cause: run.stderr.trim(),
  });
}

/**
 * Files in the staged change (`git diff --cached`: added, copied, modified or renamed), as
 * paths relative to `dir`, `/`-separated and sorted; only those under `dir`.
 */
export async function stagedFiles(dir: string): Promise<string[]> {
  const run = await runGit(dir, [
    'diff',
    '--cached',
    '--name-only',
    '--relative',
    '--diff-filter=ACMR',
    '-z',
  ]);
  if (run.notInstalled) throw gitNotFound(dir);
  if (run.exitCode !== 0) {
    if (isNotARepository(run)) {
      throw new RampartError('RAMPART_GIT', `${dir} is not inside a git work tree.`, {
        hint: '--staged scans the staged change of a git checkout.',
      });
    }
    throw gitFailure(dir, run);
  }
  return splitNul(run.stdout).sort();
}

/**
 * The merge base of `baseRef` and HEAD: the commit a pull request's change is measured
 * from. Throws RAMPART_GIT with how to fix it (fetch the ref; unshallow the clone).
 */
export async function mergeBaseOf(dir: string, baseRef: string): Promise<string> {
  const baseSha = await verifyCommitRef(dir, baseRef);
  const mergeBase = await runGit(dir, ['merge-base', baseSha, 'HEAD']);
  if (mergeBase.exitCode !== 0) {
    throw new RampartError(
      'RAMPART_GIT',
      `git found no common ancestor of "${baseRef}" and HEAD in ${dir}.`,
      {
        hint: 'A shallow clone hides it: run `git fetch --unshallow` (or use `fetch-depth: 0` in CI), and check that HEAD has a commit.',
        cause: mergeBase.stderr.trim(),
      },
    );
  }
  return mergeBase.stdout.trim();
}

/**
 * The contents of files as they were at `commit`, by path relative to `dir` (`/`-separated);
 * a path that did not exist then is left out. One `git cat-file --batch` for all of them.
 */
export async function readFilesAt(
  dir: string,
  commit: string,
  paths: readonly string[],
): Promise<Map<string, Buffer>> {
  const found = new Map<string, Buffer>();
  if (paths.length === 0) return found;
  const output = await new Promise<Buffer>((resolve, reject) => {
    const child = spawn('git', ['cat-file', '--batch'], {
      cwd: dir,
      env: { ...process.env, LC_ALL: 'C', GIT_OPTIONAL_LOCKS: '0' },
      windowsHide: true,
    });
    const chunks: Buffer[] = [];
    const errors: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => errors.push(c));
    child.on('error', () => reject(gitNotFound(dir)));
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(chunks));
      else
        reject(
          gitFailure(dir, {
            exitCode: code ?? undefined,
            stdout: '',
            stderr: Buffer.concat(errors).toString('utf8'),
            notInstalled: false,
          }),
        );
    });
    // `<commit>:./<path>` is relative to the working directory, like the paths we hold.
    child.stdin.end(paths.map((p) => `${commit}:./${p}\n`).join(''));
  });
  let offset = 0;
  for (const path of paths) {
    const eol = output.indexOf(0x0a, offset);
    if (eol < 0) break;
    const header = output.subarray(offset, eol).toString('utf8');
    offset = eol + 1;
    // `<sha> <type> <size>` for an object, `<name> missing` (or ambiguous) otherwise.
    const m = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
    if (!m) continue;
    const size = Number(m[2]);
    if (m[1] === 'blob') found.set(path, output.subarray(offset, offset + size));
    offset += size + 1;
  }
  return found;
}
