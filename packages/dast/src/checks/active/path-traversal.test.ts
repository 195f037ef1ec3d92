import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BudgetExhaustedError } from '../../http/errors.js';
import {
  queryEndpoint,
  runCheck,
  startTestServer,
  type TestServer,
  testContext,
} from './checks-b-test-support.js';
import { PATH_TRAVERSAL_RULE, pathTraversalCheck } from './path-traversal.js';

// A fake file system root so the tests do not depend on the machine's /etc/passwd.
const root = mkdtempSync(join(tmpdir(), 'rampart-traversal-'));
const WEB_ROOT = '/srv/www/static';
mkdirSync(join(root, 'etc'), { recursive: true });
mkdirSync(join(root, 'windows'), { recursive: true });
mkdirSync(join(root, WEB_ROOT), { recursive: true });
writeFileSync(join(root, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\nbin:x:1:1::/:\n');
writeFileSync(join(root, 'windows/win.ini'), '; for 16-bit app support\n[fonts]\n[extensions]\n');
writeFileSync(join(root, WEB_ROOT, 'intro.txt'), 'Welcome to the docs.');

/** Reads a virtual absolute path inside the fake root. */
function readVirtual(virtual: string): string | undefined {
  try {
    return readFileSync(join(root, virtual), 'utf8');
  } catch {
    return undefined;
  }
}

function answer(res: import('node:http').ServerResponse, content: string | undefined): void {
  res.writeHead(content === undefined ? 404 : 200, { 'content-type': 'text/plain' });
  res.end(content ?? 'not found');
}

const servers: TestServer[] = [];
let vulnerable: TestServer;
let safe: TestServer;
let filtered: TestServer;
let windows: TestServer;
let alwaysPasswd: TestServer;

beforeAll(async () => {
  // Joins the input to the web root without checking where the result lands.
  vulnerable = await startTestServer((req, res) => {
    const file = req.parsed.searchParams.get('file') ?? 'intro.txt';
    answer(res, readVirtual(posix.resolve(WEB_ROOT, file)));
  });
  // Resolves, then refuses anything outside the web root.
  safe = await startTestServer((req, res) => {
    const file = req.parsed.searchParams.get('file') ?? 'intro.txt';
    const full = posix.resolve(WEB_ROOT, file);
    answer(res, full.startsWith(`${WEB_ROOT}/`) ? readVirtual(full) : undefined);
  });
  // Refuses `../` and absolute paths, then decodes a second time: the encoded slash gets through.
  filtered = await startTestServer((req, res) => {
    const file = req.parsed.searchParams.get('doc') ?? 'intro.txt';
    if (file.includes('../') || file.startsWith('/')) return answer(res, undefined);
    answer(res, readVirtual(posix.resolve(WEB_ROOT, decodeURIComponent(file))));
  });
  // A Windows-style server that treats backslashes as separators.
  windows = await startTestServer((req, res) => {
    const file = (req.parsed.searchParams.get('page') ?? 'intro.txt').replace(/\\/g, '/');
    if (file.includes('etc')) return answer(res, undefined);
    answer(res, readVirtual(posix.resolve(WEB_ROOT, file)));
  });
  // Shows passwd content whatever the input: not a traversal.
  alwaysPasswd = await startTestServer((_req, res) => {
    answer(res, 'Example: root:x:0:0:root:/root:/bin/sh');
  });
  servers.push(vulnerable, safe, filtered, windows, alwaysPasswd);
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  rmSync(root, { recursive: true, force: true });
});

describe('pathTraversalCheck', () => {
  it('reports a parameter joined to the web root without a check', async () => {
    const endpoint = queryEndpoint(`${vulnerable.origin}/download`, { file: 'intro.txt' });
    const issues = await runCheck(pathTraversalCheck, endpoint, testContext(vulnerable.origin));
    expect(issues).toHaveLength(1);
    const issue = issues[0];
    expect(issue?.ruleId).toBe(PATH_TRAVERSAL_RULE.id);
    expect(issue?.confidence).toBe('high');
    expect(issue?.parameter).toBe('file');
    expect(issue?.payload).toBe('../../../../../../../../etc/passwd');
    expect(issue?.proof).toMatch(/^root:x:0:0:/);
    expect(issue?.exchange?.response.body).toContain(issue?.proof);
  });

  it('does not report a server that keeps paths inside the web root', async () => {
    const endpoint = queryEndpoint(`${safe.origin}/download`, { file: 'intro.txt' });
    expect(await runCheck(pathTraversalCheck, endpoint, testContext(safe.origin))).toEqual([]);
  });

  it('gets past a filter that decodes after checking, with an encoded slash', async () => {
    const endpoint = queryEndpoint(`${filtered.origin}/view`, { doc: 'intro.txt' });
    const issues = await runCheck(pathTraversalCheck, endpoint, testContext(filtered.origin));
    expect(issues).toHaveLength(1);
    expect(issues[0]?.details?.technique).toBe('encoded slash');
  });

  it('finds win.ini through backslashes', async () => {
    const endpoint = queryEndpoint(`${windows.origin}/`, { page: 'intro.txt' });
    const issues = await runCheck(pathTraversalCheck, endpoint, testContext(windows.origin));
    expect(issues).toHaveLength(1);
    expect(issues[0]?.details?.file).toBe('win.ini');
    expect(issues[0]?.proof).toMatch(/\[(fonts|extensions)\]/);
  });

  it('does not report a signature that the unmodified page already shows', async () => {
    const endpoint = queryEndpoint(`${alwaysPasswd.origin}/`, { file: 'intro.txt' });
    expect(await runCheck(pathTraversalCheck, endpoint, testContext(alwaysPasswd.origin))).toEqual(
      [],
    );
  });

  it('tests parameters that do not look like files with the short list', async () => {
    const endpoint = queryEndpoint(`${vulnerable.origin}/download`, { q: 'x', file: 'a.txt' });
    // `q` is not file-like: it gets two payloads; `file` gets them all and is found first.
    const before = vulnerable.hits();
    const issues = await runCheck(pathTraversalCheck, endpoint, testContext(vulnerable.origin));
    expect(issues.map((i) => i.parameter)).toEqual(['file']);
    // 1 payload + 1 baseline for `file`, 2 payloads for `q`.
    expect(vulnerable.hits() - before).toBe(4);
  });

  it('lets a spent budget stop the check', async () => {
    const endpoint = queryEndpoint(`${safe.origin}/download`, { file: 'intro.txt' });
    await expect(
      runCheck(pathTraversalCheck, endpoint, testContext(safe.origin, { maxRequests: 2 })),
    ).rejects.toBeInstanceOf(BudgetExhaustedError);
  });
});
