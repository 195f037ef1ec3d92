import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScanReport } from '@rampart/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../main.js';
import { captureIo } from '../test-support/marker-scanner.js';

// `rampart dast` through the CLI, in process, against a small site on 127.0.0.1: one page
// that leaks a stack trace and reflects `q` unescaped, one that is clean.

let server: Server;
let url: string;
/** A port nothing listens on (bound, then closed). */
let closedPort: number;
let dir: string;
const received: { method: string; url: string; headers: Record<string, unknown> }[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rampart-dast-cli-'));
  server = createServer((req, res) => {
    received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    const u = new URL(req.url ?? '/', 'http://x');
    const html = (body: string) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      // rampart-ignore: js-xss-response -- a deliberately vulnerable test target on 127.0.0.1 (it must reflect input for the XSS check)
      res.end(`<!doctype html><html><head><title>t</title></head><body>${body}</body></html>`);
    };
    if (u.pathname === '/')
      return html('<a href="/search?q=shoes">search</a> <a href="/clean">clean</a>');
    if (u.pathname === '/search')
      return html(`<p>Results for ${u.searchParams.get('q') ?? ''}</p>`);
    if (u.pathname === '/clean') return html('<p>nothing here</p>');
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const spare = createServer();
  await new Promise<void>((resolve) => spare.listen(0, '127.0.0.1', resolve));
  closedPort = (spare.address() as AddressInfo).port;
  await new Promise<void>((resolve) => spare.close(() => resolve()));
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await rm(dir, { recursive: true, force: true });
});

describe('rampart dast', () => {
  it('finds the reflected XSS with --active, gates on it, and writes a JSON report', async () => {
    const io = captureIo(dir, { CI: 'true' });
    const code = await runCli(
      ['dast', url, '--active', '--rate', '0', '--format', 'json', '--output', 'r.json'],
      { io },
    );
    expect(code, io.stderr.text()).toBe(1);
    const report = JSON.parse(await readFile(join(dir, 'r.json'), 'utf8')) as ScanReport;
    const xss = report.findings.find((f) => f.ruleId === 'dast/xss-reflected');
    expect(xss?.location).toMatchObject({ kind: 'url', method: 'GET', parameter: 'q' });
    expect(xss?.fingerprint).toMatch(/\S/);
    expect(report.scan.scanners).toEqual([expect.objectContaining({ kind: 'dast' })]);
    expect(io.stderr.text()).toMatch(/\d+ requests, \d+ pages, \d+ endpoints/);
  });

  it('passive by default: no attack is sent, and --fail-on never passes', async () => {
    received.length = 0;
    const io = captureIo(dir, { CI: 'true' });
    const code = await runCli(['dast', url, '--fail-on', 'never', '--format', 'sarif'], { io });
    expect(code, io.stderr.text()).toBe(0);
    expect(received.every((r) => r.method === 'GET')).toBe(true);
    expect(received.map((r) => decodeURIComponent(r.url)).join('\n')).not.toMatch(/[<>'"]/);
    const sarif = JSON.parse(io.stdout.text()) as {
      runs: {
        results: { locations: { physicalLocation?: { artifactLocation?: { uri?: string } } }[] }[];
      }[];
    };
    const uris = (sarif.runs[0]?.results ?? []).map(
      (r) => r.locations[0]?.physicalLocation?.artifactLocation?.uri,
    );
    expect(uris.length).toBeGreaterThan(0);
    for (const uri of uris) expect(uri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
  });

  it('sends --header and --cookie with every request', async () => {
    received.length = 0;
    const io = captureIo(dir, { CI: 'true' });
    await runCli(
      [
        'dast',
        url,
        '--header',
        'X-Team: payments',
        '--cookie',
        'lang=en',
        '--fail-on',
        'never',
        '--quiet',
      ],
      { io },
    );
    expect(received.length).toBeGreaterThan(0);
    for (const r of received) {
      expect(r.headers['x-team']).toBe('payments');
      expect(String(r.headers.cookie)).toContain('lang=en');
    }
  });

  it('stops at --max-requests and says the scan is incomplete', async () => {
    received.length = 0;
    const io = captureIo(dir, { CI: 'true' });
    await runCli(['dast', url, '--active', '--max-requests', '3', '--fail-on', 'never'], { io });
    expect(received.length).toBeLessThanOrEqual(3);
    expect(io.stderr.text()).toMatch(/budget \(3\) ran out/);
  });

  it.each([
    [['dast', 'http://203.0.113.10/', '--active'], /not this machine[\s\S]*--authorized-target/],
    [['dast', 'ftp://127.0.0.1/'], /only http and https/],
    [['dast', 'not a url'], /is not a URL/],
    [
      ['dast', 'http://127.0.0.1:{closed}/'],
      /cannot reach http:\/\/127\.0\.0\.1:\d+\/: connection refused/,
    ],
    [['dast', 'http://127.0.0.1:1/', '--rate', 'fast'], /--rate expects a number/],
    [['dast', 'http://127.0.0.1:1/', '--header', 'no colon'], /--header/],
  ])('refuses %j with exit 2 and a clear message', async (argv, message) => {
    const io = captureIo(dir, { CI: 'true' });
    const args = argv.map((a) => a.replace('{closed}', String(closedPort)));
    expect(await runCli(args, { io })).toBe(2);
    expect(io.stderr.text()).toMatch(message);
  });

  it('logs in with --auth (secrets from the environment) and tests what only a signed-in user sees', async () => {
    const password = ['pw', 'from', 'env', String(Date.now())].join('-');
    const app = createServer((req, res) => {
      const u = new URL(req.url ?? '/', 'http://x');
      const signedIn = String(req.headers.cookie ?? '').includes('session=s1');
      if (u.pathname === '/login' && req.method === 'POST') {
        let body = '';
        req.on('data', (c: Buffer) => {
          body += c.toString();
        });
        req.on('end', () => {
          const form = new URLSearchParams(body);
          const ok = form.get('user') === 'scanner' && form.get('pass') === password;
          res.writeHead(ok ? 302 : 401, {
            location: '/',
            ...(ok ? { 'set-cookie': 'session=s1; HttpOnly; SameSite=Lax; Path=/' } : {}),
          });
          res.end();
        });
        return;
      }
      if (!signedIn) {
        res.writeHead(302, { location: '/login' });
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html' });
      if (u.pathname === '/account') {
        // rampart-ignore: js-xss-response -- a deliberately vulnerable test target on 127.0.0.1
        res.end(`<html><body>Hello ${u.searchParams.get('name') ?? ''}</body></html>`);
      } else res.end('<html><body><a href="/account?name=ada">account</a></body></html>');
    });
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    const target = `http://127.0.0.1:${(app.address() as AddressInfo).port}/`;
    try {
      await writeFile(
        join(dir, 'login.yml'),
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the auth file's own ${ENV} syntax
        'login:\n  url: /login\n  type: form\n  body: { user: scanner, pass: "${DAST_PASS}" }\nloggedOut:\n  redirectTo: /login\n',
      );
      const run = async (withAuth: boolean) => {
        const io = captureIo(dir, { CI: 'true', DAST_PASS: password });
        const args = [
          'dast',
          target,
          '--active',
          '--rate',
          '0',
          '--format',
          'json',
          '--fail-on',
          'never',
        ];
        expect(await runCli(withAuth ? [...args, '--auth', 'login.yml'] : args, { io })).toBe(0);
        return io;
      };
      const anonymous = JSON.parse((await run(false)).stdout.text()) as ScanReport;
      expect(anonymous.findings.some((f) => f.ruleId === 'dast/xss-reflected')).toBe(false);
      const io = await run(true);
      const report = JSON.parse(io.stdout.text()) as ScanReport;
      const xss = report.findings.find((f) => f.ruleId === 'dast/xss-reflected');
      expect(xss?.location).toMatchObject({ kind: 'url', parameter: 'name' });
      expect(io.stdout.text() + io.stderr.text()).not.toContain(password);
    } finally {
      await new Promise<void>((resolve) => app.close(() => resolve()));
    }
  });

  it('names the auth file and line of a broken login config, before sending anything', async () => {
    received.length = 0;
    await writeFile(join(dir, 'auth.yml'), 'login:\n  url: /login\n  type: soap\n');
    const io = captureIo(dir, { CI: 'true' });
    expect(await runCli(['dast', url, '--auth', 'auth.yml'], { io })).toBe(2);
    expect(io.stderr.text()).toMatch(/auth\.yml:3/);
    expect(received).toEqual([]);
  });
});
