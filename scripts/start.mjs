#!/usr/bin/env node
// `npm start` (after `npm run build`): the hub with real data in it, for a first look.
//  1. Runs `rampart serve` on SQLite in ./.rampart/ as a child process (its JSON request log
//     goes to .rampart/hub.log), on 127.0.0.1 and RAMPART_PORT (default 8080).
//  2. On the first start, the hub creates the admin and prints a one-time password; this
//     script signs in with it, creates the team "Examples", its project "examples" and a CI
//     token of the project (kept in .rampart/start.json, readable by you only), then sets the
//     one-time password back, so that the credentials printed below are the hub's own (the
//     dashboard asks you to choose your password at the first sign-in).
//  3. Scans examples/ with the real CLI and uploads the report with that CI token (on every
//     start: the findings seen again, fixed or new show in the dashboard's history).
//  4. Prints the dashboard's URL and the credentials, and serves until Ctrl-C (SIGINT or
//     SIGTERM stop the hub gracefully).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('..', import.meta.url));
const cli = join(repo, 'packages', 'cli', 'bin', 'rampart.js');
const examples = join(repo, 'examples');
const cwd = process.cwd();
const stateDir = join(cwd, '.rampart');
const paths = {
  database: join(stateDir, 'rampart.db'),
  state: join(stateDir, 'start.json'),
  log: join(stateDir, 'hub.log'),
  report: join(stateDir, 'examples-scan.txt'),
};
const HOST = '127.0.0.1';
const TEAM = { slug: 'examples', name: 'Examples' };
const PROJECT = { name: 'examples', repository: 'examples/', defaultBranch: 'main' };

/** A failure this script explains itself: printed as is, no stack. */
class StartError extends Error {}

/** Set by the first SIGINT, SIGTERM or SIGHUP: the hub is stopping, nothing more starts. */
let stopping = false;

/** A path as the user types it from here. */
const shown = (path) => {
  const rel = relative(cwd, path);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? path : rel;
};
const say = (message) => process.stdout.write(`npm start: ${message}\n`);
const rampartCommand = `node ${shown(cli)}`;

function port() {
  const raw = process.env.RAMPART_PORT || '8080';
  const n = Number(raw);
  if (!/^\d{1,5}$/.test(raw) || n > 65535) {
    throw new StartError(`RAMPART_PORT=${raw}: expected a port number from 0 to 65535`);
  }
  return n;
}

/** Calls `onLine` with each complete line of a text stream. */
function eachLine(stream, onLine) {
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    pending += chunk;
    for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n')) {
      onLine(pending.slice(0, nl));
      pending = pending.slice(nl + 1);
    }
  });
  stream.on('end', () => {
    if (pending !== '') onLine(pending);
  });
}

/**
 * Starts `rampart serve` and resolves, once it listens, with its URL and the admin it
 * created (undefined when the store had one). The child gets a process group of its own, so
 * that a Ctrl-C reaches it once, from here (a second SIGINT would cut its graceful stop).
 */
function startHub(listenPort) {
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const log = createWriteStream(paths.log, { flags: 'a', mode: 0o600 });
  const child = spawn(
    process.execPath,
    [cli, 'serve', '--host', HOST, '--port', String(listenPort), '--db', paths.database],
    { cwd, env: process.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  child.stdout.pipe(log);
  const ready = new Promise((resolve, reject) => {
    const admin = {};
    const said = [];
    eachLine(child.stderr, (line) => {
      // The admin's block is printed again below, with the URL.
      const user = /^\s+username: (\S+)$/.exec(line);
      const password = /^\s+one-time password: (\S+)$/.exec(line);
      if (user) admin.username = user[1];
      else if (password) admin.password = password[1];
      else if (line === '' || /^(Created the first admin\.|Sign in and change it)/.test(line)) {
        // part of the same block
      } else {
        said.push(line);
        process.stderr.write(`  hub: ${line}\n`);
        const listening = /hub listening on (http:\/\/\S+)/.exec(line);
        if (listening) {
          resolve({ url: listening[1], admin: admin.password === undefined ? undefined : admin });
        }
      }
    });
    child.once('error', (error) => reject(new StartError(`cannot run the hub: ${error.message}`)));
    child.once('exit', (code) => {
      const text = said.join('\n');
      if (/EADDRINUSE/.test(text)) {
        reject(
          new StartError(
            `port ${listenPort} on ${HOST} is already in use (another \`npm start\` or server?): stop it, or choose another port: RAMPART_PORT=${listenPort === 8080 ? 8081 : listenPort + 1} npm start`,
          ),
        );
      } else if (/EACCES/.test(text)) {
        reject(
          new StartError(
            `port ${listenPort} needs privileges: choose one above 1023 with RAMPART_PORT`,
          ),
        );
      } else {
        reject(
          new StartError(
            `the hub stopped before it listened (exit code ${code}); its messages are above`,
          ),
        );
      }
    });
  });
  return { child, ready };
}

/** One JSON call to the hub; a non-2xx answer is a StartError naming the hub's error code. */
async function api(base, path, { method = 'GET', body, session, token } = {}) {
  const headers = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (session !== undefined) {
    headers.cookie = session.cookie;
    headers['x-csrf-token'] = session.csrfToken;
  }
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  const response = await fetch(new URL(path, base), {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  let json;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (!response.ok) {
    const error = json?.error;
    throw new StartError(
      `${method} ${path}: ${response.status}${error ? ` ${error.code}: ${error.message}` : ''}`,
    );
  }
  return { json, response };
}

/**
 * The first start: the team, the project and a CI token, made through the API as the new
 * admin. A one-time password allows nothing but changing it, so it is changed to a random
 * one for the duration, and set back at the end (an admin's password reset, which again
 * must be changed at the next sign-in): the printed credentials stay the hub's own.
 */
async function seed(base, admin) {
  const login = await api(base, '/api/v1/auth/login', {
    method: 'POST',
    body: { username: admin.username, password: admin.password },
  });
  const cookie = login.response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .find((c) => c.startsWith('rampart_session='));
  if (cookie === undefined) throw new StartError('the hub set no session cookie at sign-in');
  const session = { cookie, csrfToken: login.json.csrfToken };
  const userId = login.json.user.id;
  await api(base, '/api/v1/auth/password', {
    method: 'POST',
    session,
    body: { currentPassword: admin.password, newPassword: randomBytes(24).toString('base64url') },
  });
  try {
    const { teams } = (await api(base, '/api/v1/teams', { session })).json;
    const team =
      teams.find((t) => t.slug === TEAM.slug) ??
      (await api(base, '/api/v1/teams', { method: 'POST', session, body: TEAM })).json;
    const { projects } = (await api(base, '/api/v1/projects', { session })).json;
    const project =
      projects.find((p) => p.name === PROJECT.name) ??
      (
        await api(base, '/api/v1/projects', {
          method: 'POST',
          session,
          body: { ...PROJECT, teamId: team.id },
        })
      ).json;
    const created = await api(base, `/api/v1/projects/${project.id}/tokens`, {
      method: 'POST',
      session,
      body: { name: 'npm start: scans of examples/' },
    });
    say(`team "${team.name}", project "${project.name}" and a CI token of it are ready`);
    await seedPavedRoad(base, session);
    return { version: 1, teamId: team.id, projectId: project.id, ciToken: created.json.token };
  } finally {
    try {
      await api(base, `/api/v1/users/${userId}`, {
        method: 'PATCH',
        session,
        body: { password: admin.password },
      });
    } catch (error) {
      process.stderr.write(
        `npm start: could not set the admin's one-time password back (${error.message}): create another admin with \`${rampartCommand} admin create NAME --db ${shown(paths.database)}\`\n`,
      );
    }
  }
}

/** The example template's workflow: Rampart on pull requests and pushes, SARIF to code scanning. */
const NODE_SERVICE_WORKFLOW = `# Rampart on every pull request and on {{defaultBranch}}, checked against the
# organisation's paved road; written by \`rampart init --template node-service\`.
name: rampart
on:
  pull_request:
  push:
    branches: [{{defaultBranch}}]
permissions:
  contents: read
jobs:
  scan:
    runs-on: ubuntu-24.04
    timeout-minutes: 20
    permissions:
      contents: read
      security-events: write # upload SARIF to code scanning
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
        with:
          persist-credentials: false
      - uses: actions/setup-node@49933ea5288caeca8642d1e84afbd3f7d6820020 # v4.4.0
        with:
          node-version: 20
      - name: Scan
        env:
          STAGE: \${{ github.event_name == 'pull_request' && 'pr' || 'main' }}
          RAMPART_TOKEN: \${{ secrets.RAMPART_TOKEN }}
          RAMPART_PAVED_ROAD_TOKEN: \${{ secrets.RAMPART_PAVED_ROAD_TOKEN }}
        run: >-
          npx --yes @rampart/cli scan --format sarif --output rampart.sarif
          --stage "$STAGE" --server {{server}} --project {{project}} --upload
      - uses: github/codeql-action/upload-sarif@5d4e8d1aca955e8d8589aabd499c5cae939e33c7 # v4.31.9
        if: \${{ !cancelled() }}
        with:
          sarif_file: rampart.sarif
          category: rampart
`;

/** The example template `node-service` (version 1.0.0) of the demo catalog. */
const NODE_SERVICE = {
  version: '1.0.0',
  ci: 'github',
  description:
    'A Node.js service on GitHub: Rampart on pull requests and pushes with SARIF upload, Dependabot, a security policy, and rampart.yml pointing at the paved road.',
  files: [
    { path: '.github/workflows/rampart.yml', content: NODE_SERVICE_WORKFLOW },
    {
      path: '.github/dependabot.yml',
      content: [
        'version: 2',
        'updates:',
        '  - package-ecosystem: npm',
        '    directory: /',
        '    schedule: { interval: weekly }',
        '  - package-ecosystem: github-actions',
        '    directory: /',
        '    schedule: { interval: weekly }',
        '',
      ].join('\n'),
    },
    {
      path: 'SECURITY.md',
      content: [
        '# Security policy',
        '',
        'Report a vulnerability privately to the security team (security@acme.example), not in',
        'a public issue. We answer within two working days.',
        '',
      ].join('\n'),
    },
    { path: 'rampart.yml', content: 'pavedRoad: {{policyUrl}}\n' },
  ],
};

/**
 * The demo's paved-road catalog: examples/paved-road.yml as revision 1 and the template
 * `node-service`, each only when missing (a failure is reported, the start goes on).
 */
async function seedPavedRoad(base, session) {
  try {
    const catalog = (await api(base, '/api/v1/paved-road', { session })).json;
    if (catalog.revision === null) {
      await api(base, '/api/v1/paved-road', {
        method: 'PUT',
        session,
        body: {
          yaml: readFileSync(join(examples, 'paved-road.yml'), 'utf8'),
          comment: 'npm start: the example policy (examples/paved-road.yml)',
          baseRevision: null,
        },
      });
    }
    const { templates } = (await api(base, '/api/v1/paved-road/templates', { session })).json;
    if (!templates.some((t) => t.name === 'node-service')) {
      await api(base, '/api/v1/paved-road/templates/node-service/versions', {
        method: 'POST',
        session,
        body: NODE_SERVICE,
      });
    }
    say('the paved-road catalog has the example policy and the template "node-service"');
  } catch (error) {
    say(`could not fill the paved-road catalog (${error.message}); the hub serves on`);
  }
}

function readState() {
  try {
    const state = JSON.parse(readFileSync(paths.state, 'utf8'));
    return typeof state.projectId === 'string' && typeof state.ciToken === 'string'
      ? state
      : undefined;
  } catch {
    return undefined;
  }
}

function writeState(state) {
  writeFileSync(paths.state, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  chmodSync(paths.state, 0o600);
}

/** `rampart scan examples --upload` with the project's CI token; resolves with its exit code. */
function scanExamples(base, state, track) {
  say(`scanning ${shown(examples)} and uploading the report to the hub`);
  const child = spawn(
    process.execPath,
    [
      cli,
      'scan',
      examples,
      '--fail-on',
      'never',
      '--stage',
      'main',
      '--no-progress',
      '--output',
      paths.report,
      '--server',
      base,
      '--project',
      state.projectId,
      '--upload',
    ],
    {
      cwd,
      // The token goes in the environment: a flag would show in the process list.
      env: { ...process.env, RAMPART_TOKEN: state.ciToken },
      stdio: ['ignore', 'inherit', 'pipe'],
    },
  );
  track(child);
  eachLine(child.stderr, (line) => process.stderr.write(`  scan: ${line}\n`));
  return new Promise((resolve) => {
    child.once('error', () => resolve(1));
    child.once('exit', (code) => resolve(code ?? 1));
  });
}

function banner(base, admin, scanned) {
  const url = `${base}/`;
  const lines = ['', `  Rampart is running: ${url}`, ''];
  if (admin !== undefined) {
    lines.push(
      `  Sign in as:        ${admin.username}`,
      `  One-time password: ${admin.password}`,
      '  (the dashboard asks you to choose your own password at the first sign-in;',
      '   this one is not shown again)',
    );
  } else {
    lines.push(
      '  The admin exists already (created by the first start, which printed its one-time',
      '  password). Lost it? Create another admin (any name):',
      `    ${rampartCommand} admin create NAME --db ${shown(paths.database)}`,
      `  or stop and delete ${shown(stateDir)}/ to start afresh (this erases the hub's data).`,
    );
  }
  lines.push(
    '',
    scanned
      ? `  The scan of examples/ is in project "${PROJECT.name}" (report: ${shown(paths.report)}).`
      : '  No scan was uploaded this time (see above).',
    `  The hub's data: ${shown(stateDir)}/ (SQLite); its request log: ${shown(paths.log)}`,
    '  Press Ctrl-C to stop.',
    '',
  );
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function main() {
  if (!existsSync(join(repo, 'packages', 'cli', 'dist'))) {
    throw new StartError(
      'Rampart is not built: run `npm run build` (or `npm start`, which builds)',
    );
  }
  const listenPort = port();
  const { child: hub, ready } = startHub(listenPort);
  let scan;
  const stop = (signal) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: stopping the hub (requests and jobs in flight finish)`);
    if (scan !== undefined && scan.exitCode === null) scan.kill('SIGTERM');
    if (hub.exitCode === null) hub.kill('SIGTERM');
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stop(signal));
  // Whatever happens here, the hub does not outlive this script.
  process.on('exit', () => {
    if (hub.exitCode === null && hub.signalCode === null) hub.kill('SIGTERM');
  });

  const { url, admin } = await ready;
  hub.once('exit', (code, signal) => {
    if (!stopping) {
      process.stderr.write(`npm start: the hub stopped (${signal ?? `exit code ${code}`})\n`);
    }
    process.exit(code ?? (stopping ? 0 : 1));
  });

  let state = readState();
  if (admin !== undefined) {
    state = await seed(url, admin);
    writeState(state);
  }
  let scanned = false;
  if (state === undefined) {
    say(
      `the store ${shown(paths.database)} has an admin but ${shown(paths.state)} has no CI token for examples/: not scanning (delete ${shown(stateDir)}/ to start afresh)`,
    );
  } else if (!stopping) {
    const code = await scanExamples(url, state, (child) => {
      scan = child;
    });
    scanned = code === 0;
    if (!scanned && !stopping) {
      say(
        `the scan of examples/ failed (exit code ${code}); the hub serves on. If its token was revoked, delete ${shown(paths.state)} and ${shown(stateDir)}/ to start afresh`,
      );
    }
  }
  if (!stopping) banner(url, admin, scanned);
}

main().catch((error) => {
  // Stopped while starting: the hub's exit is the expected end, not an error.
  if (stopping) process.exit(0);
  process.stderr.write(
    `npm start: ${error instanceof StartError ? error.message : (error?.stack ?? error)}\n`,
  );
  process.exitCode = 1;
  process.exit();
});
