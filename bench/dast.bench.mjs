// DAST against the deliberately vulnerable example app (examples/vulnerable-web-app):
// `rampart dast --active` beside wapiti (Debian's package), both crawling from the home
// page with their attack modules on, no rate limit. Besides time it reports the requests
// each sent (counted by the app) and which of the documented vulnerabilities each found,
// and anything either reported under the safe twins' prefix.
// wapiti's ssrf module needs its public callback server (wapiti3.ovh), and this machine has
// no internet: it is left out; so are the brute-force modules (buster, nikto, brute_login_form).
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { bin, repo } from './lib.mjs';

const run = promisify(execFile);
const expected = JSON.parse(
  readFileSync(join(repo, 'examples/vulnerable-web-app/expected.json'), 'utf8'),
);
const WAPITI_MODULES =
  'backup,blindsql,cookieflags,csp,exec,file,http_headers,permanentxss,redirect,sql,xss,xxe,crlf';

/** wapiti's categories, as our rule ids (the ones both tools have). */
const WAPITI_RULE = {
  'Cross Site Scripting': 'dast/xss-reflected',
  'SQL Injection': 'dast/sql-injection',
  'Blind SQL Injection': 'dast/sql-injection',
  'Command execution': 'dast/command-injection',
  'Path Traversal': 'dast/path-traversal',
  'Open Redirect': 'dast/open-redirect',
  'Server Side Request Forgery': 'dast/ssrf',
  'XML External Entity': 'dast/xxe',
  'Backup file': 'dast/backup-file',
  'Content Security Policy Configuration': 'dast/csp-missing',
  'HttpOnly Flag cookie': 'dast/cookie-flags',
};

async function startTarget() {
  const child = spawn(process.execPath, [join(repo, 'bench/dast-target.mjs')], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const url = (await lines.next()).value;
  return {
    url,
    async count() {
      child.stdin.write('count\n');
      return Number((await lines.next()).value);
    },
    stop: () => child.kill(),
  };
}

function label(v) {
  return `${v.ruleId} ${v.method} ${v.path}${v.parameter ? ` ${v.parameter}` : ''}`;
}

export const benchmark = {
  name: 'dast',
  async setup({ workDir }) {
    const dir = join(workDir, 'dast');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const target = await startTarget();
    await target.count();
    return {
      dir,
      target,
      size: `example app, ${expected.findings.length} documented vulnerabilities`,
      last: {},
    };
  },
  async run(ctx) {
    const out = join(ctx.dir, 'rampart.json');
    await run(
      process.execPath,
      [
        bin,
        'dast',
        ctx.target.url,
        '--active',
        '--rate',
        '0',
        '--format',
        'json',
        '--output',
        out,
        '--fail-on',
        'never',
        '--quiet',
      ],
      { maxBuffer: 1 << 28 },
    );
    ctx.last.rampart = {
      requests: await ctx.target.count(),
      report: JSON.parse(readFileSync(out, 'utf8')),
    };
  },
  peers: [
    {
      name: 'wapiti 3',
      command: 'wapiti',
      install: 'apt-get install wapiti',
      slow: true,
      async run(ctx) {
        const out = join(ctx.dir, 'wapiti.json');
        await run(
          'wapiti',
          [
            '-u',
            ctx.target.url,
            '--scope',
            'folder',
            '-m',
            WAPITI_MODULES,
            '--flush-session',
            '--store-session',
            join(ctx.dir, 'wapiti-session'),
            '-f',
            'json',
            '-o',
            out,
            '-v',
            '0',
          ],
          { maxBuffer: 1 << 28, timeout: 30 * 60_000 },
        );
        ctx.last.wapiti = {
          requests: await ctx.target.count(),
          report: JSON.parse(readFileSync(out, 'utf8')),
        };
      },
    },
  ],
  report(ctx) {
    const lines = [];
    const ours = ctx.last.rampart;
    const found = (v) =>
      ours.report.findings.some((f) => {
        if (f.ruleId !== v.ruleId) return false;
        const paths = [f.location.url, ...(f.properties?.affectedUrls ?? [])].map(
          (u) => new URL(u).pathname,
        );
        return paths.some((p) => p === v.path || (v.path.endsWith('/') && p.startsWith(v.path)));
      });
    const oursFound = expected.findings.filter(found);
    const oursSafe = ours.report.findings.filter((f) =>
      [f.location.url, ...(f.properties?.affectedUrls ?? [])].some((u) =>
        new URL(u).pathname.startsWith(expected.safePrefix),
      ),
    );
    lines.push(
      `dast: rampart sent ${ours.requests} requests and found ${oursFound.length} of ${expected.findings.length} documented vulnerabilities; ${oursSafe.length} findings on safe twins`,
    );
    const theirs = ctx.last.wapiti;
    if (theirs) {
      const vulns = Object.entries(theirs.report.vulnerabilities ?? {}).flatMap(
        ([category, list]) =>
          list.map((v) => ({
            category,
            rule: WAPITI_RULE[category],
            path: v.path,
            parameter: v.parameter,
          })),
      );
      // wapiti reports cookie flags once per site, at `/`: a cookie finding counts wherever
      // the cookie was set.
      const matchesExpected = (v, e) =>
        v.rule === e.ruleId &&
        (v.path === e.path ||
          (e.path.endsWith('/') && v.path.startsWith(e.path)) ||
          v.rule === 'dast/cookie-flags');
      const wapitiFound = expected.findings.filter((e) => vulns.some((v) => matchesExpected(v, e)));
      const extra = Object.entries(theirs.report.vulnerabilities ?? {}).flatMap(
        ([category, list]) =>
          list
            .filter(
              (v) =>
                !expected.findings.some((e) =>
                  matchesExpected({ rule: WAPITI_RULE[category], path: v.path }, e),
                ),
            )
            .map((v) => `${category}: ${v.info}`),
      );
      const wapitiSafe = vulns.filter((v) => v.path.startsWith(expected.safePrefix));
      lines.push(
        `dast: wapiti sent ${theirs.requests} requests and found ${wapitiFound.length} of ${expected.findings.length} documented vulnerabilities; ${wapitiSafe.length} findings on safe twins`,
      );
      const onlyWapiti = wapitiFound.filter((v) => !oursFound.includes(v));
      lines.push(
        `  found by wapiti and not by rampart: ${onlyWapiti.length === 0 ? 'none' : onlyWapiti.map(label).join('; ')}`,
      );
      const onlyOurs = oursFound.filter((v) => !wapitiFound.includes(v));
      lines.push(
        `  found by rampart and not by wapiti: ${onlyOurs.length === 0 ? 'none' : onlyOurs.map(label).join('; ')}`,
      );
      lines.push(
        `  wapiti's other reports (not documented vulnerabilities of the app): ${extra.length === 0 ? 'none' : [...new Set(extra)].join('; ')}`,
      );
    }
    return lines;
  },
  teardown(ctx) {
    ctx.target.stop();
  },
};
