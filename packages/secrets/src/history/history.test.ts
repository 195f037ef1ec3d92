import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FindingDraft, HistoryRequest } from '@rampart/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSecretsScanner } from '../secrets-scanner.js';
import { checksummedToken } from '../test-support/fake.js';
import { scanFolder } from '../test-support/run-scanner.js';

const old = checksummedToken('ghp_', 'history-old');
const current = checksummedToken('ghp_', 'history-current');
let dir: string;

function git(...args: string[]): string {
  return execFileSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_AUTHOR_NAME: 'Dev One',
      GIT_AUTHOR_EMAIL: 'dev@example.com',
      GIT_COMMITTER_NAME: 'Dev One',
      GIT_COMMITTER_EMAIL: 'dev@example.com',
    },
  }).trim();
}

async function commit(files: Record<string, string | null>, message: string): Promise<string> {
  for (const [name, text] of Object.entries(files)) {
    if (text === null) git('rm', '-q', name);
    else {
      await writeFile(join(dir, name), text);
      git('add', name);
    }
  }
  git('commit', '-qm', message);
  return git('rev-parse', 'HEAD');
}

function scan(history: HistoryRequest | undefined): Promise<FindingDraft[]> {
  return scanFolder(createSecretsScanner(), dir, history ? { history } : {});
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rampart-history-'));
  git('init', '-q', '-b', 'main');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('secrets in git history', () => {
  it('flags a secret deleted from the tree as still needing rotation, with commit, author and date', async () => {
    const added = await commit(
      { 'config.js': `module.exports = { token: '${old}' };\n` },
      'add config',
    );
    await commit({ 'config.js': 'module.exports = { token: process.env.TOKEN };\n' }, 'use env');
    expect(await scan(undefined)).toEqual([]);
    const [f, ...rest] = await scan({ kind: 'all' });
    expect(rest).toEqual([]);
    expect(f?.ruleId).toBe('secrets/github-classic-pat');
    expect(f?.message).toContain(`was committed in ${added.slice(0, 12)} by Dev One`);
    expect(f?.message).toContain('still in the git history');
    expect(f?.properties).toMatchObject({
      deletedFromTree: true,
      history: {
        commits: 1,
        occurrences: [{ commit: added, author: 'Dev One', path: 'config.js', line: 1 }],
      },
    });
    expect(JSON.stringify(f)).not.toContain(old);
  });

  it('reports a secret in many commits and files once, listing where it appears', async () => {
    const a = await commit({ '.env': `TOKEN=${current}\n` }, 'one');
    const b = await commit({ 'ci.yml': `env:\n  TOKEN: ${current}\n` }, 'two');
    const findings = await scan({ kind: 'all' });
    // In the tree it is in two files: two findings (per file), each carrying the history of the secret.
    expect(findings.map((f) => f.location.kind === 'code' && f.location.path).sort()).toEqual([
      '.env',
      'ci.yml',
    ]);
    for (const f of findings) {
      const history = f.properties?.history as {
        commits: number;
        occurrences: { commit: string }[];
      };
      expect(history.commits).toBe(2);
      expect(history.occurrences.map((o) => o.commit)).toEqual([b, a]);
    }
  });

  it('scans only the commits after --history-since', async () => {
    const base = await commit({ 'old.txt': `T=${old}\n` }, 'old');
    await commit({ 'old.txt': null }, 'remove');
    await commit({ 'new.txt': 'nothing here\n' }, 'new');
    expect(await scan({ kind: 'since', ref: base })).toEqual([]);
    expect(await scan({ kind: 'all' })).toHaveLength(1);
  });

  it('with --staged reads only the staged change, at the staged line numbers', async () => {
    await commit({ 'app.env': 'A=1\nB=2\n' }, 'base');
    await writeFile(join(dir, 'app.env'), `A=1\nTOKEN=${current}\nB=2\n`);
    await writeFile(join(dir, 'unstaged.env'), `TOKEN=${old}\n`);
    expect(await scan({ kind: 'staged' })).toEqual([]);
    git('add', 'app.env');
    const findings = await scan({ kind: 'staged' });
    expect(
      findings.map(
        (f) => f.location.kind === 'code' && [f.location.path, f.location.region.startLine],
      ),
    ).toEqual([['app.env', 2]]);
  });

  it('fails with RAMPART_GIT for an unknown --history-since ref', async () => {
    await commit({ 'a.txt': 'x\n' }, 'one');
    await expect(scan({ kind: 'since', ref: 'no-such-branch' })).rejects.toMatchObject({
      code: 'RAMPART_GIT',
    });
  });
});
