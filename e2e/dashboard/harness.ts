import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { Finding } from '@rampart/core';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { buildTestOrg, type TestOrg } from '../../packages/server/src/auth/test-org.js';
import type { HubDatabase } from '../../packages/server/src/db/database.js';
import { createHub } from '../../packages/server/src/hub.js';
import {
  codeFinding,
  packageFinding,
  type ReportSpec,
  reportBody,
} from '../../packages/server/src/ingest/ingest-test-support.js';
import { freshDatabase } from '../../packages/server/src/test-support/databases.js';

export const CHROMIUM = '/usr/bin/chromium';
export const DASHBOARD_DIST = resolve('packages/web/dist');
/** Screenshots go here (not committed; CI keeps them as artifacts). */
export const ARTIFACTS = resolve(
  process.env.RAMPART_ARTIFACTS_DIR ?? 'test-artifacts',
  'dashboard',
);

/** Why the browser tests cannot run here ('' when they can). */
export const BROWSER_MISSING = [
  existsSync(CHROMIUM) ? '' : `${CHROMIUM} is not installed`,
  existsSync(resolve('node_modules/playwright-core')) ? '' : 'playwright-core is not installed',
  existsSync(join(DASHBOARD_DIST, 'index.html'))
    ? ''
    : 'the dashboard is not built (npm run build)',
]
  .filter(Boolean)
  .join(' and ');

const DAY = 86_400_000;

/** Attacker-controlled finding content: every field a scanned repository can choose. */
export const HOSTILE_TITLE = '<script>window.__xss=1</script> SQL injection';
export function hostileFinding(): Finding {
  const base = codeFinding('xss', {
    severity: 'critical',
    ruleId: 'js-sqli<img src=x onerror=alert(1)>',
  });
  return {
    ...base,
    title: HOSTILE_TITLE,
    message: 'Query built from <img src=x onerror="window.__xss=2"> request input',
    remediation: 'Use <a href="javascript:window.__xss=3">parameters</a>.',
    references: [
      'javascript:window.__xss=4',
      'https://owasp.org/www-community/attacks/SQL_Injection',
    ],
    cwe: ['CWE-89'],
    location: {
      kind: 'code',
      path: 'src/<svg onload=alert(5)>/db.js',
      region: { startLine: 12, startColumn: 3, endLine: 12, endColumn: 40 },
      snippet: 'const q = "<script>window.__xss=6</script>" + req.query.id;',
    },
  };
}

/** A hub with the built dashboard, seeded with an organisation and a few weeks of scans. */
export interface DashboardHub {
  readonly url: string;
  readonly org: TestOrg;
  readonly hub: HubDatabase;
  /** The id of the hostile finding (project A, team A). */
  readonly hostileId: string;
  close(): Promise<void>;
}

async function upload(url: string, token: string, projectId: string, spec: ReportSpec) {
  const response = await fetch(`${url}/api/v1/projects/${projectId}/scans`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: reportBody(spec),
  });
  if (!response.ok) throw new Error(`upload failed: ${response.status} ${await response.text()}`);
}

export async function startDashboardHub(): Promise<DashboardHub> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const { hub, drop } = await freshDatabase('sqlite');
  const now = Date.now();
  const org = await buildTestOrg(hub, now - 60 * DAY);
  const app: FastifyInstance = createHub({
    database: hub,
    logger: false,
    dashboard: { root: DASHBOARD_DIST },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

  // Project A (team payments): six weeks of history on main, a PR, and production.
  const a = (key: string, severity: Finding['severity'], cwe = 'CWE-89') => ({
    ...codeFinding(key, { severity }),
    cwe: [cwe],
    title: `Finding ${key}`,
  });
  const lodash = packageFinding('GHSA-35jh-r3h4-6jhm');
  const week = (n: number) => now - n * 7 * DAY;
  const base = [
    hostileFinding(),
    a('a1', 'high'),
    a('a2', 'medium', 'CWE-79'),
    a('a3', 'low', 'CWE-22'),
    lodash,
  ];
  await upload(url, org.ciToken, org.projectA, { findings: base, at: week(6), commit: 'c1' });
  await upload(url, org.ciToken, org.projectA, {
    findings: [base[0] as Finding, base[2] as Finding, lodash, a('a4', 'high', 'CWE-79')],
    at: week(4),
    commit: 'c2',
  });
  await upload(url, org.ciToken, org.projectA, {
    findings: [base[0] as Finding, a('a4', 'high', 'CWE-79'), a('a5', 'critical', 'CWE-78')],
    at: week(3),
    stage: 'pr',
    branch: 'feature',
    pullRequest: 7,
  });
  await upload(url, org.ciToken, org.projectA, {
    findings: [base[0] as Finding, a('a4', 'high', 'CWE-79')],
    at: week(2),
    commit: 'c3',
  });
  await upload(url, org.ciToken, org.projectA, {
    findings: [base[0] as Finding, a('a4', 'high', 'CWE-79'), a('a6', 'high', 'CWE-798')],
    at: week(1),
    stage: 'production',
  });
  // Project B (team search): a finding team A's people must never see.
  await upload(url, org.ciTokenB, org.projectB, {
    findings: [{ ...codeFinding('b1', { severity: 'high' }), title: 'Search-only secret finding' }],
    at: week(2),
  });

  const row = await hub.db
    .selectFrom('findings')
    .select('id')
    .where('project_id', '=', org.projectA)
    .where('title', '=', HOSTILE_TITLE)
    .executeTakeFirstOrThrow();
  return {
    url,
    org,
    hub,
    hostileId: row.id,
    close: async () => {
      await app.close();
      await drop();
    },
  };
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/** What a page did that it must not: requests elsewhere, dialogs, errors (CSP included). */
export interface Watch {
  readonly foreignRequests: string[];
  readonly dialogs: string[];
  readonly errors: string[];
  /** The next confirmation to accept (a deletion the test asks for). */
  confirm?: RegExp | undefined;
}

/**
 * A new browser context signed in to the hub at `hubUrl` as `user`, with a {@link Watch} on
 * its page: requests to other hosts, dialogs (but an expected confirmation) and script
 * errors are recorded for the test to assert empty.
 */
export async function signedIn(
  browser: Browser,
  hubUrl: string,
  user: { username: string; password: string },
): Promise<{ context: BrowserContext; page: Page; watch: Watch }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const watch: Watch = { foreignRequests: [], dialogs: [], errors: [] };
  const origin = new URL(hubUrl).origin;
  page.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(origin) && !url.startsWith('data:')) watch.foreignRequests.push(url);
  });
  page.on('dialog', (d) => {
    if (watch.confirm !== undefined && d.type() === 'confirm' && watch.confirm.test(d.message())) {
      watch.confirm = undefined;
      void d.accept();
      return;
    }
    watch.dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('pageerror', (e) => watch.errors.push(String(e)));
  page.on('console', (m) => {
    // A 401 (the session probe before sign-in), 403 or 404 is a network log line, not a script error.
    if (m.type() === 'error' && !/status of 40[134]/.test(m.text())) watch.errors.push(m.text());
  });
  await page.goto(`${hubUrl}/`);
  await page.waitForURL(/\/login/);
  await page.getByLabel('Username').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return { context, page, watch };
}

/** Pages load slowly when the machine is busy: wait longer than expect.poll's 1 s default. */
export const PAGE_LOAD = { timeout: 20_000 };

/** A full-page screenshot into {@link ARTIFACTS}, for a person to look at. */
export function shot(page: Page, name: string): Promise<Buffer> {
  return page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Asserts the page did nothing it must not: no request elsewhere, no dialog, no error. */
export function clean(watch: Watch): void {
  expect(watch.foreignRequests).toEqual([]);
  expect(watch.dialogs).toEqual([]);
  expect(watch.errors).toEqual([]);
}
