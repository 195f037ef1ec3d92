import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Finding,
  isRampartError,
  type ScanReport,
  ScanReportSchema,
  SEVERITIES,
} from '@rampart/core';
import { Command, CommanderError } from 'commander';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCliLogger } from '../cli-logger.js';
import { findingMarker, STICKY_COMMENT_MARKER } from '../comment/markers.js';
import {
  type FakeForge,
  type FakeUser,
  startFakeForge,
} from '../comment/test-support/fake-forge.js';
import { runCli } from '../main.js';
import { renderMarkdown } from '../reporters/markdown-reporter.js';
import type { TrainingLookup } from '../reporters/reporter.js';
import { captureIo, markerScanner } from '../test-support/marker-scanner.js';
import { loadTrainingLookup } from '../training/training-lookup.js';
import type { CommandDeps } from './command-deps.js';
import { registerCommentCommand } from './comment-command.js';

// The summary the command posts: the markdown report, with each finding's training module
// from the built-in catalog (as the command renders it).
let training: TrainingLookup | undefined;
beforeAll(async () => {
  training = await loadTrainingLookup();
});
const summary = (report: Parameters<typeof renderMarkdown>[0]) =>
  renderMarkdown(report, { color: false, training });

/** Built at run time, so that the repository's own secret scan stays clean. */
const GITHUB_TOKEN = ['ghs', 'Q'.repeat(36)].join('_');
const GITLAB_TOKEN = ['glpat', 'W'.repeat(20)].join('-');
const HUMAN_TOKEN = ['ghp', 'H'.repeat(36)].join('_');
const HEAD = 'a1'.repeat(20);
const T0 = Date.parse('2026-03-01T10:00:00Z');

/** GITHUB_TOKEN is an installation token: it cannot read /user, and posts as a bot. */
const ACTIONS_BOT: FakeUser = {
  id: 41898282,
  login: 'github-actions[bot]',
  type: 'Bot',
  integration: true,
};
const GITLAB_BOT: FakeUser = { id: 7, login: 'project_42_bot', type: 'User' };
const HUMAN: FakeUser = { id: 8, login: 'mallory', type: 'User' };

const DB_PATCH =
  '@@ -1,3 +1,5 @@\n const db = require("./pg");\n+const id = req.query.id;\n+db.query("SELECT * FROM t WHERE id = " + id);\n module.exports = db;\n';
const APP_PATCH = '@@ -8,2 +8,3 @@\n a();\n+b();\n c();\n';

let work: string;
let forge: FakeForge;
let slept: number[];

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'rampart-comment-'));
  forge = await startFakeForge();
  forge.addUser(GITHUB_TOKEN, ACTIONS_BOT);
  forge.addUser(GITLAB_TOKEN, GITLAB_BOT);
  forge.addUser(HUMAN_TOKEN, HUMAN);
  forge.addPull({
    number: 12,
    headSha: HEAD,
    baseSha: 'b2'.repeat(20),
    startSha: 'c3'.repeat(20),
    files: [
      { path: 'src/db.js', patch: DB_PATCH },
      { path: 'src/app.js', patch: APP_PATCH },
    ],
  });
  slept = [];
});
afterEach(async () => {
  await forge.close();
  await rm(work, { recursive: true, force: true });
});

const base: Pick<Finding, 'scanner' | 'tool' | 'confidence' | 'references' | 'tags'> = {
  scanner: 'sast',
  tool: { name: 'rampart', version: 'test' },
  confidence: 'high',
  references: [],
  tags: [],
};

function codeFinding(
  fingerprint: string,
  path: string,
  line: number,
  more: Partial<Finding> = {},
): Finding {
  return {
    ...base,
    ruleId: 'js-sql-injection-pg',
    title: 'SQL injection',
    message: `Request data reaches a SQL query in ${path}.`,
    severity: 'high',
    cwe: ['CWE-89'],
    location: {
      kind: 'code',
      path,
      region: { startLine: line, startColumn: 1, endLine: line, endColumn: 10 },
    },
    remediation: 'Use a parameterised query.',
    fingerprint,
    ...more,
  };
}

/** On a line the PR adds: gets a review comment. */
const SQLI = codeFinding('1'.repeat(32), 'src/db.js', 3);
/** In a changed file, but on a line the PR does not add: summary only. */
const OLD_LINE = codeFinding('2'.repeat(32), 'src/app.js', 8, {
  severity: 'medium',
  ruleId: 'js-eval',
});
/** On an added line but known before (baseline): summary only. */
const EXISTING = codeFinding('3'.repeat(32), 'src/db.js', 2, { novelty: 'existing' });
/** A dependency: no line to comment on. */
const LODASH: Finding = {
  ...base,
  scanner: 'sca',
  ruleId: 'GHSA-p6mc-m468-83gw',
  title: 'Prototype pollution in lodash',
  message: 'lodash 4.17.15 is vulnerable',
  severity: 'high',
  cwe: ['CWE-1321'],
  location: {
    kind: 'package',
    purl: 'pkg:npm/lodash@4.17.15',
    ecosystem: 'npm',
    name: 'lodash',
    version: '4.17.15',
    manifestPath: 'package-lock.json',
    fixedVersions: ['4.17.21'],
  },
  fingerprint: '4'.repeat(32),
};

function makeReport(
  findings: Finding[],
  more: { target?: string; scannerError?: string } = {},
): ScanReport {
  const bySeverity = Object.fromEntries(
    SEVERITIES.map((s) => [s, findings.filter((f) => f.severity === s).length]),
  );
  return ScanReportSchema.parse({
    schemaVersion: 1,
    tool: { name: 'rampart', version: 'test' },
    scan: {
      target: more.target ?? '.',
      stage: 'pr',
      startedAt: '2026-03-01T09:59:00.000Z',
      finishedAt: '2026-03-01T09:59:01.000Z',
      durationMs: 1000,
      filesScanned: 3,
      skipped: [],
      scanners: [
        {
          kind: 'sast',
          durationMs: 900,
          findings: findings.length,
          invalidFindings: 0,
          ...(more.scannerError ? { error: more.scannerError } : {}),
        },
      ],
    },
    summary: {
      total: findings.length,
      bySeverity,
      byScanner: { sast: findings.length },
      suppressed: 0,
    },
    gate: {
      threshold: 'high',
      passed: findings.length === 0,
      summary: findings.length === 0 ? 'gate passed' : `gate failed: ${findings.length} findings`,
      failing: findings.map((f) => f.fingerprint),
    },
    findings,
    suppressed: [],
  });
}

async function writeReport(report: ScanReport, name = 'rampart-report.json'): Promise<void> {
  await writeFile(join(work, name), JSON.stringify(report, null, 2));
}

async function githubEnv(pull = 12, head = HEAD): Promise<Record<string, string>> {
  const path = join(work, 'event.json');
  await writeFile(
    path,
    JSON.stringify({ action: 'synchronize', pull_request: { number: pull, head: { sha: head } } }),
  );
  return {
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_PATH: path,
    GITHUB_REF: `refs/pull/${pull}/merge`,
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_API_URL: forge.url,
    GITHUB_TOKEN,
  };
}

function gitlabEnv(iid = 12): Record<string, string> {
  return {
    GITLAB_CI: 'true',
    CI_API_V4_URL: `${forge.url}/api/v4`,
    CI_PROJECT_ID: '42',
    CI_PROJECT_PATH: 'acme/shop',
    CI_MERGE_REQUEST_IID: String(iid),
    CI_COMMIT_SHA: HEAD,
    CI_JOB_TOKEN: 'job-token-that-cannot-write',
    RAMPART_GITLAB_TOKEN: GITLAB_TOKEN,
  };
}

/**
 * Runs `rampart comment …` in-process through a commander program that registers only this
 * command, with the CLI's error handling (main.ts registers it for real).
 */
async function rampart(argv: string[], env: Record<string, string | undefined>) {
  const io = captureIo(work, env);
  let code = 0;
  const deps: CommandDeps = {
    io,
    scanners: [],
    reporters: [],
    signal: new AbortController().signal,
    makeLogger: (flags) =>
      createCliLogger(
        io.stderr,
        flags.quiet ? 'quiet' : flags.verbose ? 'verbose' : 'normal',
        false,
      ),
    setExitCode: (c) => {
      code = c;
    },
  };
  const program = new Command('rampart')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
  registerCommentCommand(program, deps, {
    sleep: async (ms) => {
      slept.push(ms);
    },
    now: () => T0,
  });
  for (const c of program.commands) c.exitOverride();
  try {
    await program.parseAsync(['comment', ...argv], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) code = 2;
    else if (isRampartError(err)) {
      io.stderr.write(`rampart: ${err.message}\n`);
      if (err.hint) io.stderr.write(`  hint: ${err.hint}\n`);
      code = err.code === 'RAMPART_INTERNAL' ? 3 : 2;
    } else throw err;
  }
  const output = `${io.stdout.text()}${io.stderr.text()}`;
  return { code, stdout: io.stdout.text(), stderr: io.stderr.text(), output };
}

const writes = () => forge.requests.filter((r) => r.method !== 'GET');

describe('rampart comment --github', () => {
  it('posts one summary comment: the marker, then the markdown report', async () => {
    const report = makeReport([SQLI, LODASH]);
    await writeReport(report);
    const run = await rampart(['--github'], await githubEnv());
    expect(run.code).toBe(0);
    const comments = forge.conversation('github', 12);
    expect(comments).toEqual([
      {
        id: expect.any(Number),
        author: 'github-actions[bot]',
        body: `${STICKY_COMMENT_MARKER}\n${summary(report)}`,
      },
    ]);
    // Just in time: the SQL injection finding names its training module.
    expect(comments[0]?.body).toContain(
      'Training: SQL injection (15 min), run `rampart learn sql-injection`',
    );
    expect(run.stderr).toContain('comment: posted the Rampart summary on PR #12 in acme/shop');
    expect(writes().map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /repos/acme/shop/issues/12/comments',
    ]);
    expect(forge.requests.every((r) => r.auth === 'Bearer')).toBe(true);
  });

  it('edits the same comment on later runs, and leaves it alone when nothing changed', async () => {
    await writeReport(makeReport([SQLI, LODASH]));
    const env = await githubEnv();
    await rampart(['--github'], env);
    const [first] = forge.conversation('github', 12);

    forge.requests.length = 0;
    const same = await rampart(['--github'], env);
    expect(same.stderr).toContain(
      'comment: the Rampart summary on PR #12 in acme/shop is up to date',
    );
    expect(writes()).toEqual([]);

    await writeReport(makeReport([LODASH]));
    const changed = await rampart(['--github'], env);
    expect(changed.stderr).toContain('comment: updated the Rampart summary');
    expect(writes().map((r) => `${r.method} ${r.path}`)).toEqual([
      `PATCH /repos/acme/shop/issues/comments/${first?.id}`,
    ]);
    const comments = forge.conversation('github', 12);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.id).toBe(first?.id);
    expect(comments[0]?.body).toContain(summary(makeReport([LODASH])));
  });

  it('never touches a comment someone else wrote, even one with the marker, across pages', async () => {
    forge.pageSize = 2;
    const copied = `${STICKY_COMMENT_MARKER}\n## Rampart\n\n0 findings · gate passed\n`;
    const mine = forge.comment('github', 12, HUMAN, copied);
    forge.comment('github', 12, HUMAN, 'Rampart says the gate failed, can someone look?');
    forge.comment('github', 12, HUMAN, 'LGTM');
    await writeReport(makeReport([SQLI]));
    const env = await githubEnv();
    await rampart(['--github'], env);
    await writeReport(makeReport([]));
    await rampart(['--github'], env);

    const comments = forge.conversation('github', 12);
    expect(comments.filter((c) => c.author === 'mallory').map((c) => c.body)).toEqual([
      copied,
      'Rampart says the gate failed, can someone look?',
      'LGTM',
    ]);
    const ours = comments.filter((c) => c.author === 'github-actions[bot]');
    expect(ours).toHaveLength(1);
    expect(forge.requests.some((r) => r.path.includes(`/comments/${mine}`))).toBe(false);
    // Two pages of three comments were read on each run.
    expect(
      forge.requests.filter((r) => r.path.includes('comments?per_page=100&page=2')),
    ).toHaveLength(2);
  });

  it('with a personal token, recognises its own comments by login, not by being a bot', async () => {
    const pat = ['github_pat', 'P'.repeat(40)].join('_');
    forge.addUser(pat, { id: 9, login: 'release-bot', type: 'User' });
    const otherBot: FakeUser = { id: 10, login: 'other-app[bot]', type: 'Bot' };
    forge.comment('github', 12, otherBot, `${STICKY_COMMENT_MARKER}\nnot ours`);
    await writeReport(makeReport([SQLI]));
    const env = { ...(await githubEnv()), GITHUB_TOKEN: undefined, RAMPART_GITHUB_TOKEN: pat };
    await rampart(['--github'], env);
    await rampart(['--github'], env);
    const comments = forge.conversation('github', 12);
    expect(comments.map((c) => c.author)).toEqual(['other-app[bot]', 'release-bot']);
    expect(comments[0]?.body).toBe(`${STICKY_COMMENT_MARKER}\nnot ours`);
  });

  it('removes a duplicate summary of its own (two runs that raced) and keeps the oldest', async () => {
    const first = forge.comment('github', 12, ACTIONS_BOT, `${STICKY_COMMENT_MARKER}\nold`);
    forge.comment('github', 12, ACTIONS_BOT, `${STICKY_COMMENT_MARKER}\nold too`);
    await writeReport(makeReport([SQLI]));
    const run = await rampart(['--github'], await githubEnv());
    expect(run.stderr).toContain('removed 1 duplicate summary comment(s)');
    expect(forge.conversation('github', 12).map((c) => c.id)).toEqual([first]);
  });

  it('--review comments once on a new finding on an added line, then deletes it once fixed', async () => {
    await writeReport(makeReport([SQLI, OLD_LINE, EXISTING, LODASH]));
    await writeFile(
      join(work, 'rampart.yml'),
      'version: 1\ntraining:\n  url: https://hub.example.com/training/cwe/{cwe}\n',
    );
    const env = await githubEnv();
    const first = await rampart(['--github', '--review'], env);
    expect(first.code).toBe(0);
    const [comment, ...more] = forge.reviewComments(12);
    expect(more).toEqual([]);
    expect(comment).toMatchObject({ path: 'src/db.js', line: 3, side: 'RIGHT', commit_id: HEAD });
    expect(comment?.body.startsWith(`${findingMarker(SQLI.fingerprint)}\n`)).toBe(true);
    expect(comment?.body).toContain('[Training: CWE-89](https://hub.example.com/training/cwe/89)');
    expect(first.stderr).toContain('review comments: 1 posted, 0 already there, 0 closed (fixed)');
    expect(first.stderr).toContain(
      'review comments: 1 finding(s) not on lines this change adds are in the summary only',
    );

    forge.requests.length = 0;
    const again = await rampart(['--github', '--review'], env);
    expect(again.stderr).toContain('review comments: 0 posted, 1 already there, 0 closed (fixed)');
    expect(writes()).toEqual([]);
    expect(forge.reviewComments(12)).toHaveLength(1);

    // Someone's own comment quoting ours, and a reply in our thread, must survive the fix.
    const quote = forge.reviewComment(12, HUMAN, {
      body: `${findingMarker(SQLI.fingerprint)}\nsame?`,
      path: 'src/db.js',
      line: 2,
    });
    const reply = forge.reviewComment(12, ACTIONS_BOT, {
      body: `${findingMarker(SQLI.fingerprint)}\nreply`,
      path: 'src/db.js',
      line: 3,
      inReplyTo: comment?.id ?? 0,
    });
    await writeReport(makeReport([OLD_LINE, LODASH]));
    const fixed = await rampart(['--github', '--review'], env);
    expect(fixed.stderr).toContain('review comments: 0 posted, 0 already there, 1 closed (fixed)');
    expect(forge.reviewComments(12).map((c) => c.id)).toEqual([quote, reply]);
    expect(forge.requests.filter((r) => r.method === 'DELETE').map((r) => r.path)).toEqual([
      `/repos/acme/shop/pulls/comments/${comment?.id}`,
    ]);
  });

  it('keeps one review comment per finding when two runs raced, and deletes the other', async () => {
    const marker = findingMarker(SQLI.fingerprint);
    const first = forge.reviewComment(12, ACTIONS_BOT, {
      body: `${marker}\none`,
      path: 'src/db.js',
      line: 3,
    });
    forge.reviewComment(12, ACTIONS_BOT, { body: `${marker}\ntwo`, path: 'src/db.js', line: 3 });
    await writeReport(makeReport([SQLI]));
    const run = await rampart(['--github', '--review'], await githubEnv());
    expect(run.stderr).toContain(
      'review comments: 0 posted, 1 already there, 0 closed (fixed), 1 duplicate(s) removed',
    );
    expect(forge.reviewComments(12).map((c) => c.id)).toEqual([first]);
  });

  it('keeps review comments when a scanner failed: a missing finding may not be fixed', async () => {
    await writeReport(makeReport([SQLI]));
    const env = await githubEnv();
    await rampart(['--github', '--review'], env);
    await writeReport(makeReport([], { scannerError: 'sast crashed' }));
    const run = await rampart(['--github', '--review'], env);
    expect(forge.reviewComments(12)).toHaveLength(1);
    expect(run.stderr).toContain('the sast scanner failed, so it may not be fixed');
  });

  it('skips review comments when the pull request moved on since the commit scanned', async () => {
    await writeReport(makeReport([SQLI]));
    const run = await rampart(['--github', '--review'], await githubEnv(12, 'ee'.repeat(20)));
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      'review comments skipped: the pull request has moved on to a1a1a1a1a1a1',
    );
    expect(forge.reviewComments(12)).toEqual([]);
    expect(forge.conversation('github', 12)).toHaveLength(1);
  });

  it('maps paths of a scan of a subfolder to the repository, and comments on a real scan report', async () => {
    // A real `rampart scan --format json` of the subfolder `src`, through the CLI.
    await mkdir(join(work, 'src'));
    await writeFile(join(work, 'src', 'app.js'), 'a();\nb(); // VULN(high)\nc();\n');
    const scanIo = captureIo(work);
    await runCli(
      ['scan', 'src', '--format', 'json', '--output', 'rampart-report.json', '--fail-on', 'never'],
      {
        io: scanIo,
        scanners: [markerScanner('sast')],
      },
    );
    forge.addPull({
      number: 13,
      headSha: HEAD,
      baseSha: 'b2'.repeat(20),
      startSha: 'c3'.repeat(20),
      files: [
        { path: 'src/app.js', patch: '@@ -1,2 +1,3 @@\n a();\n+b(); // VULN(high)\n c();\n' },
      ],
    });
    const run = await rampart(['--github', '--review'], await githubEnv(13));
    expect(run.code).toBe(0);
    expect(forge.reviewComments(13)).toMatchObject([{ path: 'src/app.js', line: 2 }]);
  });

  it('does nothing outside a pull request, so the same pipeline runs on main', async () => {
    const path = join(work, 'push.json');
    await writeFile(path, JSON.stringify({ ref: 'refs/heads/main' }));
    const run = await rampart(['--github', '--review'], {
      GITHUB_EVENT_PATH: path,
      GITHUB_REF: 'refs/heads/main',
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_API_URL: forge.url,
      GITHUB_TOKEN,
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('not a pull request; nothing to comment');
    expect(forge.requests).toEqual([]);
  });

  it('--dry-run prints what would be sent and sends nothing, even without a token', async () => {
    const report = makeReport([SQLI, OLD_LINE, EXISTING]);
    await writeReport(report);
    const run = await rampart(['--github', '--review', '--dry-run'], {
      ...(await githubEnv()),
      GITHUB_TOKEN: undefined,
    });
    expect(run.code).toBe(0);
    expect(forge.requests).toEqual([]);
    expect(run.stdout).toContain(`${STICKY_COMMENT_MARKER}\n${summary(report)}`);
    expect(run.stdout).toContain(`src/db.js:3  high  js-sql-injection-pg  (${SQLI.fingerprint})`);
    expect(run.stdout).not.toContain(EXISTING.fingerprint);
    expect(run.stderr).toContain('no GitHub token');
  });

  it('stops with exit 2 and a hint when there is no token, before any request', async () => {
    await writeReport(makeReport([SQLI]));
    const run = await rampart(['--github'], { ...(await githubEnv()), GITHUB_TOKEN: undefined });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'rampart: no GitHub token: set GITHUB_TOKEN or RAMPART_GITHUB_TOKEN',
    );
    expect(run.stderr).toContain('permissions: pull-requests: write');
    expect(forge.requests).toEqual([]);
  });

  it('names the pull request and repository on 404', async () => {
    await writeReport(makeReport([SQLI]));
    const run = await rampart(['--github'], await githubEnv(99));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'rampart: PR #99 not found in acme/shop (or the token cannot see it): GET /repos/acme/shop/issues/99/comments?per_page=100: HTTP 404 (Not Found)',
    );
  });

  it('explains a 403 without a rate limit as a missing permission', async () => {
    await writeReport(makeReport([SQLI]));
    forge.faults.push({
      method: 'POST',
      path: /comments$/,
      status: 403,
      body: { message: 'Resource not accessible by integration' },
      times: 1,
    });
    const run = await rampart(['--github'], await githubEnv());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'rampart: the token lacks permission: POST /repos/acme/shop/issues/12/comments: HTTP 403',
    );
    expect(run.stderr).toContain('hint: needs pull-requests: write');
  });

  it('waits out a short rate limit (429, retry-after) and fails on a long one with the reset time', async () => {
    await writeReport(makeReport([SQLI]));
    const env = await githubEnv();
    forge.faults.push({
      method: 'POST',
      path: /comments$/,
      status: 429,
      headers: { 'retry-after': '2' },
      times: 1,
    });
    expect((await rampart(['--github'], env)).code).toBe(0);
    expect(slept).toEqual([2000]);
    expect(forge.conversation('github', 12)).toHaveLength(1);

    forge.faults.push({
      path: /comments$/,
      status: 403,
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(T0 / 1000 + 1800) },
      body: { message: 'API rate limit exceeded for installation ID 1' },
      times: 1,
    });
    const limited = await rampart(['--github'], env);
    expect(limited.code).toBe(2);
    expect(limited.stderr).toContain('rate limit reached');
    expect(limited.stderr).toContain('it resets at 2026-03-01T10:30:00.000Z (in 30 min)');
    expect(slept).toEqual([2000]);
  });

  it('never prints the token, whatever happens', async () => {
    await writeReport(makeReport([SQLI]));
    const env = await githubEnv();
    const outputs: string[] = [];
    outputs.push((await rampart(['--github', '--review', '--verbose'], env)).output);
    forge.faults.push({
      path: /comments/,
      status: 500,
      body: { message: `echo ${GITHUB_TOKEN}` },
      times: 1,
    });
    outputs.push((await rampart(['--github', '--verbose'], env)).output);
    outputs.push((await rampart(['--github', '--token', GITHUB_TOKEN, '--dry-run'], env)).output);
    outputs.push(
      (await rampart(['--github'], { ...env, GITHUB_TOKEN: HUMAN_TOKEN.replace('H', 'X') })).output,
    );
    expect(outputs.join('\n')).toContain('HTTP 500 (echo ***)');
    for (const out of outputs) {
      expect(out).not.toContain(GITHUB_TOKEN);
      expect(out).not.toContain(HUMAN_TOKEN.replace('H', 'X'));
    }
    for (const r of forge.requests) expect(JSON.stringify(r)).not.toContain(GITHUB_TOKEN);
  });
});

describe('rampart comment --gitlab', () => {
  it('posts one note, edits it later, and never touches a note someone else wrote', async () => {
    forge.pageSize = 1;
    const copied = `${STICKY_COMMENT_MARKER}\nall good`;
    forge.comment('gitlab', 12, HUMAN, copied);
    await writeReport(makeReport([SQLI]));
    const first = await rampart(['--gitlab'], gitlabEnv());
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('comment: posted the Rampart summary on MR !12 in acme/shop');
    await writeReport(makeReport([]));
    const second = await rampart(['--gitlab'], gitlabEnv());
    expect(second.stderr).toContain('comment: updated the Rampart summary');
    const notes = forge.conversation('gitlab', 12);
    expect(notes.map((n) => [n.author, n.body])).toEqual([
      ['mallory', copied],
      ['project_42_bot', `${STICKY_COMMENT_MARKER}\n${summary(makeReport([]))}`],
    ]);
    expect(forge.requests.every((r) => r.auth === 'PRIVATE-TOKEN')).toBe(true);
    expect(writes().map((r) => r.method)).toEqual(['POST', 'PUT']);
  });

  it('--review opens a diff thread at the diff refs once, and resolves it when fixed', async () => {
    await writeReport(makeReport([SQLI, OLD_LINE, LODASH]));
    await rampart(['--gitlab', '--review'], gitlabEnv());
    const [thread, ...more] = forge.discussions(12);
    expect(more).toEqual([]);
    expect(thread?.notes[0]?.position).toEqual({
      position_type: 'text',
      base_sha: 'b2'.repeat(20),
      start_sha: 'c3'.repeat(20),
      head_sha: HEAD,
      old_path: 'src/db.js',
      new_path: 'src/db.js',
      new_line: 3,
    });
    expect(thread?.notes[0]?.body).toContain('this thread is resolved once the finding is fixed');

    await rampart(['--gitlab', '--review'], gitlabEnv());
    expect(forge.discussions(12)).toHaveLength(1);

    await writeReport(makeReport([OLD_LINE]));
    const fixed = await rampart(['--gitlab', '--review'], gitlabEnv());
    expect(fixed.stderr).toContain('1 closed (fixed)');
    expect(forge.discussions(12)[0]?.notes[0]?.resolved).toBe(true);

    forge.requests.length = 0;
    await rampart(['--gitlab', '--review'], gitlabEnv());
    expect(writes()).toEqual([]);
  });

  it('reads the changes of a GitLab without /diffs, and a project given by its path', async () => {
    forge.gitlabWithoutDiffs = true;
    await writeReport(makeReport([SQLI]));
    const run = await rampart(['--gitlab', '--review'], {
      ...gitlabEnv(),
      CI_PROJECT_ID: 'acme/shop',
    });
    expect(run.code).toBe(0);
    expect(forge.discussions(12)).toHaveLength(1);
    expect(forge.requests.map((r) => r.path)).toContain(
      '/api/v4/projects/acme%2Fshop/merge_requests/12/changes',
    );
  });

  it('explains that CI_JOB_TOKEN cannot write notes when no token is set', async () => {
    await writeReport(makeReport([SQLI]));
    const run = await rampart(['--gitlab'], { ...gitlabEnv(), RAMPART_GITLAB_TOKEN: undefined });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no GitLab token: set RAMPART_GITLAB_TOKEN (or GITLAB_TOKEN)');
    expect(run.stderr).toContain('CI_JOB_TOKEN cannot write merge request notes');
    expect(run.output).not.toContain('job-token-that-cannot-write');
    expect(forge.requests).toEqual([]);
  });

  it('does nothing in a branch pipeline and names a missing merge request on 404', async () => {
    const branch = await rampart(['--gitlab'], { ...gitlabEnv(), CI_MERGE_REQUEST_IID: undefined });
    expect(branch.code).toBe(0);
    expect(branch.stderr).toContain('not a pull request; nothing to comment');
    expect(forge.requests).toEqual([]);
    await writeReport(makeReport([SQLI]));
    const missing = await rampart(['--gitlab'], gitlabEnv(77));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(
      'rampart: MR !77 not found in acme/shop (or the token cannot see it)',
    );
    expect(missing.output).not.toContain(GITLAB_TOKEN);
  });
});

describe('rampart comment: input', () => {
  it('asks for exactly one of --github and --gitlab', async () => {
    for (const argv of [[], ['--github', '--gitlab']]) {
      const run = await rampart(argv, await githubEnv());
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('rampart: choose one of --github or --gitlab');
    }
  });

  it('names a missing, broken or foreign report file', async () => {
    const env = await githubEnv();
    const missing = await rampart(['--github'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('rampart: report not found: rampart-report.json');
    expect(missing.stderr).toContain('rampart scan --format json --output FILE');

    await writeFile(join(work, 'broken.json'), '{\n  "schemaVersion": 1,\n  oops\n}');
    const broken = await rampart(['--github', '--report', 'broken.json'], env);
    expect(broken.stderr).toContain('rampart: broken.json:3:3: invalid JSON');

    const report = makeReport([SQLI]);
    await writeFile(
      join(work, 'foreign.json'),
      JSON.stringify({ ...report, findings: [{ ...SQLI, severity: 'urgent' }] }),
    );
    const foreign = await rampart(['--github', '--report', 'foreign.json'], env);
    expect(foreign.stderr).toMatch(
      /rampart: foreign\.json: not a Rampart JSON report at findings\[0\]\.severity: /,
    );

    await writeFile(join(work, 'future.json'), JSON.stringify({ ...report, schemaVersion: 2 }));
    const future = await rampart(['--github', '--report', 'future.json'], env);
    expect(future.stderr).toContain(
      'rampart: future.json: report schemaVersion 2 is not supported (this rampart reads 1)',
    );
    expect(forge.requests).toEqual([]);
  });
});
