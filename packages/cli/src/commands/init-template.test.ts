import { execFileSync } from 'node:child_process';
import {
  link,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../init/apply-template.js';
import { runCli } from '../main.js';
import { captureIo } from '../test-support/marker-scanner.js';

// `rampart init --template NAME --server URL` against a loopback HTTP server standing in
// for the hub's catalog (GET /api/v1/paved-road/templates/NAME), which records what it gets.

/** Built at run time, so that the repository's own secret scan stays clean. */
const TOKEN = ['rmp_pat', 'k'.repeat(32)].join('_');

interface Recorded {
  readonly method: string;
  readonly url: string;
  readonly authorization: string | undefined;
}

const templates = new Map<string, { path: string; content: string }[]>();
const recorded: Recorded[] = [];
let server: Server;
let origin: string;

const WORKFLOW = [
  'name: rampart',
  'on:',
  '  pull_request:',
  '  push:',
  '    branches: [{{defaultBranch}}]',
  'concurrency:',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, as written
  '  group: rampart-${{ github.ref }}',
  'jobs:',
  '  scan:',
  '    runs-on: ubuntu-24.04',
  '    steps:',
  '      - run: npx --yes @rampart/cli scan --server {{ server }} --upload',
  '',
].join('\n');

beforeAll(async () => {
  templates.set('node-service', [
    { path: '.github/workflows/rampart.yml', content: WORKFLOW },
    { path: 'SECURITY.md', content: '# Security\n\nReport to security@acme.example.\n' },
  ]);
  templates.set('with-project', [
    {
      path: 'rampart.yml',
      content: 'version: 1\npavedRoad: {{policyUrl}}\n# project {{project}}\n',
    },
  ]);
  templates.set('climbs-out', [
    { path: 'ok.txt', content: 'fine\n' },
    { path: '../outside.txt', content: 'escaped\n' },
  ]);
  templates.set('absolute', [{ path: '/tmp/rampart-absolute.txt', content: 'x\n' }]);
  templates.set('git-hook', [{ path: '.git/hooks/pre-commit', content: '#!/bin/sh\n' }]);
  templates.set('nested', [{ path: 'linked/inner.txt', content: 'x\n' }]);
  templates.set('file-and-folder', [
    { path: 'docs', content: 'a file\n' },
    { path: 'docs/SECURITY.md', content: '# Security\n' },
  ]);
  templates.set('via-link', [{ path: 'hooks/pre-commit', content: '#!/bin/sh\n' }]);
  templates.set('hooks', [
    {
      path: '.githooks/pre-commit',
      content: '#!/bin/sh\nexec npx --yes @rampart/cli scan --staged\n',
    },
    { path: '.husky/pre-commit', content: '#!/usr/bin/env sh\nnpx rampart scan --staged\n' },
    { path: 'SECURITY.md', content: '# Security\n\n#! is not a script here\n' },
    { path: 'rampart.yml', content: 'version: 1\n' },
  ]);
  templates.set('huge', [{ path: 'big.txt', content: 'x'.repeat(33 * 1024 * 1024) }]);
  server = createServer((req: IncomingMessage, res) => {
    recorded.push({
      method: req.method ?? '',
      url: req.url ?? '',
      authorization: req.headers.authorization,
    });
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const m = /^\/api\/v1\/paved-road\/templates\/([^/]+)$/.exec(url.pathname);
    const files = m ? templates.get(decodeURIComponent(m[1] ?? '')) : undefined;
    res.setHeader('content-type', 'application/json');
    if (req.headers.authorization !== `Bearer ${TOKEN}`) {
      res.statusCode = 401;
      res.end(JSON.stringify({ error: { code: 'UNAUTHENTICATED', message: 'sign in' } }));
      return;
    }
    if (!m || !files) {
      res.statusCode = 404;
      res.end(JSON.stringify({ error: { code: 'NOT_FOUND', message: 'template not found' } }));
      return;
    }
    res.end(
      JSON.stringify({
        name: m[1],
        version: url.searchParams.get('version') ?? '1.0.0',
        ci: 'github',
        description: 'test template',
        files,
        provides: [],
        createdAt: 0,
        author: null,
      }),
    );
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

let work: string;
let repo: string;
beforeEach(async () => {
  recorded.length = 0;
  work = await mkdtemp(join(tmpdir(), 'rampart-init-template-'));
  repo = join(work, 'repo');
  await mkdir(repo);
});
afterEach(() => rm(work, { recursive: true, force: true }));

async function init(args: string[], env: Record<string, string> = { RAMPART_TOKEN: TOKEN }) {
  const io = captureIo(repo, env);
  const code = await runCli(['init', ...args], { io, scanners: [] });
  return { code, out: io.stdout.text(), err: io.stderr.text() };
}

const read = (path: string) => readFile(join(repo, path), 'utf8');

describe('rampart init --template', () => {
  it('writes the template with its placeholders filled in, and a rampart.yml naming the policy', async () => {
    const { code, out } = await init(['--template', 'node-service', '--server', origin]);
    expect(code).toBe(0);
    expect(recorded).toEqual([
      {
        method: 'GET',
        url: '/api/v1/paved-road/templates/node-service',
        authorization: `Bearer ${TOKEN}`,
      },
    ]);
    const workflow = await read('.github/workflows/rampart.yml');
    expect(workflow).toContain('branches: [main]');
    expect(workflow).toContain(`scan --server ${origin} --upload`);
    // A GitHub Actions expression is not a placeholder.
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, as written
    expect(workflow).toContain('group: rampart-${{ github.ref }}');
    expect(await read('SECURITY.md')).toContain('security@acme.example');
    expect(await read('rampart.yml')).toMatch(
      new RegExp(`^pavedRoad: ${origin}/api/v1/paved-road\\.yml$`, 'm'),
    );
    expect(out).toContain('template node-service@1.0.0');
    expect(out).toContain('wrote .github/workflows/rampart.yml');
    expect(out).toContain('wrote rampart.yml');
  });

  it('takes {{defaultBranch}} from git, and a version after @', async () => {
    execFileSync('git', ['init', '-q', '-b', 'trunk'], { cwd: repo });
    expect((await init(['--template', 'node-service@2.1.0', '--server', origin])).code).toBe(0);
    expect(recorded[0]?.url).toBe('/api/v1/paved-road/templates/node-service?version=2.1.0');
    expect(await read('.github/workflows/rampart.yml')).toContain('branches: [trunk]');
  });

  it('keeps existing files without --force, lists them, and replaces them with it', async () => {
    await writeFile(join(repo, 'SECURITY.md'), '# Our own policy\n');
    await writeFile(join(repo, 'rampart.yml'), 'version: 1\nfailOn: medium\n');
    const first = await init(['--template', 'node-service', '--server', origin]);
    expect(first.code).toBe(0);
    expect(await read('SECURITY.md')).toBe('# Our own policy\n');
    expect(first.out).toContain('kept SECURITY.md: it exists with other content');
    expect(first.out).toContain('wrote .github/workflows/rampart.yml');
    // The user's config is never rewritten: the line to add is printed.
    expect(await read('rampart.yml')).toBe('version: 1\nfailOn: medium\n');
    expect(first.out).toContain(`pavedRoad: ${origin}/api/v1/paved-road.yml`);

    // Again: the workflow is the same, SECURITY.md still differs, nothing could be written.
    const second = await init(['--template', 'node-service', '--server', origin]);
    expect(second.code).toBe(2);
    expect(second.out).toContain('unchanged .github/workflows/rampart.yml');
    expect(second.out).toContain('kept SECURITY.md');

    const forced = await init(['--template', 'node-service', '--server', origin, '--force']);
    expect(forced.code).toBe(0);
    expect(await read('SECURITY.md')).toContain('security@acme.example');
  });

  it('makes scripts (#!) executable and other files not, less the umask', async () => {
    const umask = process.umask();
    const { code } = await init(['--template', 'hooks', '--server', origin]);
    expect(code).toBe(0);
    const mode = async (path: string) => (await stat(join(repo, path))).mode & 0o777;
    expect(await mode('.githooks/pre-commit')).toBe(0o755 & ~umask);
    expect(await mode('.husky/pre-commit')).toBe(0o755 & ~umask);
    expect(await mode('SECURITY.md')).toBe(0o644 & ~umask);
    expect(await mode('rampart.yml')).toBe(0o644 & ~umask);
    // No temporary file is left beside them.
    for (const folder of ['', '.githooks', '.husky'])
      expect((await readdir(join(repo, folder))).filter((n) => n.includes('rampart-tmp'))).toEqual(
        [],
      );
  });

  it('replaces a file with --force instead of writing through its hard links', async () => {
    await mkdir(join(repo, '.githooks'));
    await writeFile(join(repo, '.githooks', 'pre-commit'), 'echo old\n', { mode: 0o644 });
    await link(join(repo, '.githooks', 'pre-commit'), join(work, 'outside'));
    const { code } = await init(['--template', 'hooks', '--server', origin, '--force']);
    expect(code).toBe(0);
    expect(await read('.githooks/pre-commit')).toContain('scan --staged');
    expect((await stat(join(repo, '.githooks', 'pre-commit'))).mode & 0o100).toBe(0o100);
    // The other name of the old file still holds the old content.
    expect(await readFile(join(work, 'outside'), 'utf8')).toBe('echo old\n');
  });

  it('leaves no temporary file behind when the rename fails', async () => {
    await mkdir(join(repo, 'taken'));
    await writeFile(join(repo, 'taken', 'inside'), 'x\n');
    await expect(writeFileAtomic(join(repo, 'taken'), 'y\n')).rejects.toThrow();
    expect((await readdir(repo)).sort()).toEqual(['taken']);
  });

  it.each([
    ['climbs-out', 'climbs out of the repository'],
    ['absolute', 'is absolute'],
    ['git-hook', 'is inside .git/'],
    ['file-and-folder', 'docs/SECURITY.md is inside another of its files'],
  ])('refuses the template %s and writes nothing', async (name, why) => {
    const { code, err } = await init(['--template', name, '--server', origin]);
    expect(code).toBe(2);
    expect(err).toContain(why);
    expect(await readdir(repo)).toEqual([]);
    expect(await readdir(work)).toEqual(['repo']);
  });

  it('refuses to write through a folder that links outside the repository', async () => {
    await mkdir(join(work, 'elsewhere'));
    await symlink(join(work, 'elsewhere'), join(repo, 'linked'));
    const { code, err } = await init(['--template', 'nested', '--server', origin]);
    expect(code).toBe(2);
    expect(err).toContain('links outside the repository');
    expect(await readdir(join(work, 'elsewhere'))).toEqual([]);
  });

  it('refuses a path through an existing file before writing anything', async () => {
    await writeFile(join(repo, 'SECURITY.md'), '# Ours\n');
    templates.set('through-file', [
      { path: 'a.txt', content: 'a\n' },
      { path: 'SECURITY.md/x', content: 'x\n' },
    ]);
    const { code, err } = await init(['--template', 'through-file', '--server', origin]);
    expect(code).toBe(2);
    expect(err).toContain('SECURITY.md is a file in the repository');
    expect(await readdir(repo)).toEqual(['SECURITY.md']);
  });

  it('refuses to write through a folder that links into .git/', async () => {
    await mkdir(join(repo, '.git', 'hooks'), { recursive: true });
    await symlink(join(repo, '.git', 'hooks'), join(repo, 'hooks'));
    const { code, err } = await init(['--template', 'via-link', '--server', origin]);
    expect(code).toBe(2);
    expect(err).toContain('links into .git/');
    expect(await readdir(join(repo, '.git', 'hooks'))).toEqual([]);
  });

  it('refuses an answer over 32 MiB, and a version that is not one', async () => {
    const huge = await init(['--template', 'huge', '--server', origin]);
    expect(huge.code).toBe(2);
    expect(huge.err).toContain('larger than 32 MiB');
    // The version is printed: an escape sequence in it must not reach the terminal.
    const escaped = await init(['--template', 'node-service@1.0.0\u001b[2J', '--server', origin]);
    expect(escaped.code).toBe(2);
    expect(escaped.err).toContain('the answer is not a template');
    expect(await readdir(repo)).toEqual([]);
  });

  it('needs --project for a template that uses {{project}}, and fills it in', async () => {
    const without = await init(['--template', 'with-project', '--server', origin]);
    expect(without.code).toBe(2);
    expect(without.err).toContain('uses {{project}}');
    expect(await readdir(repo)).toEqual([]);
    const withProject = await init([
      '--template',
      'with-project',
      '--server',
      origin,
      '--project',
      'p-123',
    ]);
    expect(withProject.code).toBe(0);
    expect(await read('rampart.yml')).toBe(
      `version: 1\npavedRoad: ${origin}/api/v1/paved-road.yml\n# project p-123\n`,
    );
  });

  it('says what is wrong: an unknown template, no token, a bad token, plain http elsewhere', async () => {
    const missing = await init(['--template', 'nope', '--server', origin]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('404 NOT_FOUND');
    expect(missing.err).toContain('check the name');

    const noToken = await init(['--template', 'node-service', '--server', origin], {});
    expect(noToken.code).toBe(2);
    expect(noToken.err).toContain('RAMPART_TOKEN');

    const badToken = await init(['--template', 'node-service', '--server', origin], {
      RAMPART_TOKEN: 'wrong',
    });
    expect(badToken.code).toBe(2);
    expect(badToken.err).toContain('personal access token');

    const clear = await init(['--template', 'node-service', '--server', 'http://hub.example.com']);
    expect(clear.code).toBe(2);
    expect(clear.err).toContain('plain http');

    expect(
      (await init(['--template', 'node-service', '--ci', 'github', '--server', origin])).code,
    ).toBe(2);
    expect((await init(['--template', 'Bad Name', '--server', origin])).code).toBe(2);
    expect((await init(['--template', 'node-service'])).code).toBe(2);
    expect(await readdir(repo)).toEqual([]);
  });

  it('leaves `init --ci` as it was', async () => {
    const { code, out } = await init(['--ci', 'github']);
    expect(code).toBe(0);
    expect(out).toContain('wrote .github/workflows/rampart.yml');
    expect(recorded).toEqual([]);
    expect((await init(['--ci', 'github', '--server', origin])).code).toBe(2);
  });
});
