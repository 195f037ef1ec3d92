import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCliLogger } from '../cli-logger.js';
import { runCli } from '../main.js';
import { captureIo } from '../test-support/marker-scanner.js';
import type { CommandDeps } from './command-deps.js';
import { defaultDashboardRoot, registerServeCommands } from './serve-command.js';

const INDEX = '<!doctype html><title>Rampart dashboard</title>';
let work: string;
let runs = 0;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'rampart-serve-'));
  mkdirSync(join(work, 'web-build', 'assets'), { recursive: true });
  writeFileSync(join(work, 'web-build', 'index.html'), INDEX);
  mkdirSync(join(work, 'empty'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * Runs `rampart serve --quiet ARGS` in-process on a free port and a fresh SQLite file, until
 * `stop()`. --quiet turns the request log off; the command's own messages still reach the
 * captured stderr (this logger ignores the flag).
 */
async function serve(args: readonly string[], env: Record<string, string> = {}) {
  const io = captureIo(work, env);
  const controller = new AbortController();
  const deps: CommandDeps = {
    io,
    scanners: [],
    reporters: [],
    signal: controller.signal,
    makeLogger: () => createCliLogger(io.stderr, 'normal', false),
    setExitCode: () => {},
  };
  const program = new Command('rampart').exitOverride();
  registerServeCommands(program, deps);
  runs += 1;
  const db = join(work, `hub-${runs}.db`);
  let settled = false;
  let failure: unknown;
  const done = program
    .parseAsync(['serve', '--quiet', '--port', '0', '--db', db, ...args], { from: 'user' })
    .catch((error: unknown) => {
      failure = error;
    })
    .finally(() => {
      settled = true;
    });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const listening = /hub listening on (http:\/\/\S+)/.exec(io.stderr.text());
      if (listening?.[1]) {
        clearInterval(timer);
        resolve(listening[1]);
      } else if (settled) {
        clearInterval(timer);
        reject(failure ?? new Error(`serve ended before it listened: ${io.stderr.text()}`));
      }
    }, 20);
  });
  return {
    url,
    stderr: () => io.stderr.text(),
    stop: async () => {
      controller.abort();
      await done;
    },
  };
}

const page = (url: string) => fetch(`${url}/findings`, { headers: { accept: 'text/html' } });

describe('rampart serve and the dashboard', () => {
  it('serves the dashboard from --dashboard DIR (relative to the working folder), with the CSP', async () => {
    const hub = await serve(['--dashboard', 'web-build']);
    try {
      const res = await page(hub.url);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe(INDEX);
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(hub.stderr()).toContain(`dashboard: ${join(work, 'web-build')}`);
    } finally {
      await hub.stop();
    }
  });

  it('serves the API only with --no-dashboard', async () => {
    const hub = await serve(['--no-dashboard']);
    try {
      const res = await page(hub.url);
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
      expect((await fetch(`${hub.url}/healthz`)).status).toBe(200);
      expect(hub.stderr()).toContain('dashboard off (--no-dashboard)');
    } finally {
      await hub.stop();
    }
  });

  it('says the dashboard is not built, at start and at /, and serves the API', async () => {
    const hub = await serve(['--dashboard', 'empty']);
    try {
      const res = await page(hub.url);
      expect(res.status).toBe(503);
      expect(await res.text()).toContain('npm run build');
      expect((await fetch(`${hub.url}/healthz`)).status).toBe(200);
      expect(hub.stderr()).toMatch(
        /warning: the dashboard is not built \(no index\.html in .*empty\): run `npm run build`/,
      );
    } finally {
      await hub.stop();
    }
  });

  it('refuses an empty --dashboard, which would serve the working folder', async () => {
    await expect(serve(['--dashboard', ''])).rejects.toThrow('--dashboard needs a folder');
  });

  it("serves the @rampart/web package's build by default", async () => {
    const repo = realpathSync(fileURLToPath(new URL('../../../..', import.meta.url)));
    const root = defaultDashboardRoot();
    expect(root).toBe(join(repo, 'packages', 'web', 'dist'));
    const hub = await serve([]);
    try {
      const res = await page(hub.url);
      // Whether `npm run build` has built the dashboard yet or not, it is the one served.
      expect(res.status).toBe(existsSync(join(root as string, 'index.html')) ? 200 : 503);
    } finally {
      await hub.stop();
    }
  });

  it('documents --dashboard and --no-dashboard in --help', () => {
    const io = captureIo(work);
    const program = new Command('rampart');
    registerServeCommands(program, {
      io,
      scanners: [],
      reporters: [],
      signal: new AbortController().signal,
      makeLogger: () => createCliLogger(io.stderr, 'normal', false),
      setExitCode: () => {},
    });
    // Whitespace collapsed: commander wraps the text to the terminal's width.
    const help = (
      program.commands.find((c) => c.name() === 'serve')?.helpInformation() ?? ''
    ).replace(/\s+/g, ' ');
    expect(help).toContain('--dashboard <dir>');
    expect(help).toContain('--no-dashboard');
    expect(help).toContain('the dashboard is served at /');
  });
});

/** A training module of the organisation (see packages/training), valid unless broken. */
function trainingModule(id: string, level = 'beginner'): string {
  const question = (n: number) =>
    `  - question: "Question ${n} about ${id}?"\n    choices: ["yes", "no"]\n    answer: 0\n    explanation: "Because the module says so."\n`;
  return `---\nid: ${id}\ntitle: Our ${id}\nsummary: How our teams handle ${id} in our own stack.\ncwe: [CWE-89]\nlanguages: [javascript]\nlevel: ${level}\nminutes: 5\nquiz:\n${[1, 2, 3].map(question).join('')}---\n\n# Our ${id}\n\nText.\n`;
}

describe('rampart serve --training-dir', () => {
  beforeAll(() => {
    mkdirSync(join(work, 'training-ok'));
    writeFileSync(join(work, 'training-ok', 'our-sql.md'), trainingModule('our-sql'));
    mkdirSync(join(work, 'training-bad'));
    writeFileSync(join(work, 'training-bad', 'broken.md'), trainingModule('broken', 'expert'));
  });

  it("adds the organisation's modules to the built-in ones (the flag, or RAMPART_TRAINING_DIR)", async () => {
    for (const [args, env] of [
      [['--training-dir', 'training-ok'], {}],
      [[], { RAMPART_TRAINING_DIR: 'training-ok' }],
    ] as const) {
      const hub = await serve(args, env);
      try {
        expect(hub.stderr()).toMatch(
          new RegExp(`training: \\d+ modules, 1 from ${join(work, 'training-ok')}`),
        );
      } finally {
        await hub.stop();
      }
    }
  });

  it('refuses to start on a bad module, naming its file:line:column, with exit code 2', async () => {
    const file = join(work, 'training-bad', 'broken.md');
    await expect(serve(['--training-dir', 'training-bad'])).rejects.toThrow(
      new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:\\d+:\\d+: level`),
    );
    const io = captureIo(work);
    const db = join(work, 'hub-bad-training.db');
    const code = await runCli(
      ['serve', '--quiet', '--port', '0', '--db', db, '--training-dir', 'training-bad'],
      { io },
    );
    expect(code).toBe(2);
    expect(io.stderr.text()).toContain(`rampart: ${file}:`);
    // It failed before the store was opened.
    expect(existsSync(db)).toBe(false);
  });

  it('refuses an empty --training-dir and a folder that does not exist', async () => {
    await expect(serve(['--training-dir', ''])).rejects.toThrow('--training-dir needs a folder');
    await expect(serve(['--training-dir', 'no-such-folder'])).rejects.toThrow(
      'no-such-folder does not exist',
    );
  });
});
