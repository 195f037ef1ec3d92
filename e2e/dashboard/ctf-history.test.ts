import { randomBytes } from 'node:crypto';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../packages/core/src/index.js';
import {
  codeFinding,
  type ReportSpec,
  reportBody,
} from '../../packages/server/src/ingest/ingest-test-support.js';
import {
  BROWSER_MISSING,
  CHROMIUM,
  CHROMIUM_ARGS,
  clean,
  type DashboardHub,
  hostileFinding,
  PAGE_LOAD,
  shot,
  signedIn as signedInAs,
  startDashboardHub,
} from './harness.js';

const DAY = 24 * 60 * 60 * 1000;

// Secret-looking values are built at run time: no credential literal sits in the repository.
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const awsKeyId = () =>
  `${['A', 'K', 'I', 'A'].join('')}${Array.from(randomBytes(16), (b) => BASE32[b % 32]).join('')}`;

/**
 * "Spot the bug" challenges from our own history, in Debian's Chromium against a real hub:
 * security generates a draft from a fixed finding, reviews the anonymised snippet, approves
 * and publishes it; a developer solves it.
 */
describe.skipIf(BROWSER_MISSING !== '')(
  `challenges from our history in a real browser${BROWSER_MISSING && ` (skipped: ${BROWSER_MISSING})`}`,
  { timeout: 120_000 },
  () => {
    let hub: DashboardHub;
    let browser: Browser;

    beforeAll(async () => {
      hub = await startDashboardHub();
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
      await hub?.close();
    });

    const request = async (token: string, method: string, path: string, body?: unknown) => {
      const response = await fetch(`${hub.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
      return JSON.parse(text);
    };
    const upload = (spec: ReportSpec) =>
      fetch(`${hub.url}/api/v1/projects/${hub.org.projectA}/scans`, {
        method: 'POST',
        headers: { authorization: `Bearer ${hub.org.ciToken}`, 'content-type': 'application/json' },
        body: reportBody(spec),
      }).then(async (r) => expect(r.status, await r.text()).toBeLessThan(300));

    it('generates, reviews and publishes a challenge from a fixed finding', async () => {
      const { org } = hub;
      const key = awsKeyId();
      const email = `jane.doe.${randomBytes(2).toString('hex')}@payments-corp.com`;
      const host = 'ledger.payments.acme.internal';
      const leaky: Finding = {
        ...codeFinding('ledger', { ruleId: 'sast.ledger-sql-injection' }),
        cwe: ['CWE-89'],
        location: {
          kind: 'code',
          path: 'services/shop/ledger.js',
          region: { startLine: 20, startColumn: 3, endLine: 22, endColumn: 30 },
          snippet: [
            `const rows = await db.query("SELECT * FROM ledger WHERE owner = '" + req.query.owner + "'");`,
            `notify("${email}", "${host}", { key: "${key}" });`,
            `return rows;`,
          ].join('\n'),
        },
      };
      // The finding's scan, then a later full scan without it: fixed. The hostile finding
      // and a4 stay open on main.
      const a4 = {
        ...codeFinding('a4', { severity: 'high' }),
        cwe: ['CWE-79'],
        title: 'Finding a4',
      };
      const hostile = hostileFinding();
      await upload({ findings: [hostile, a4, leaky], at: Date.now() - 2 * DAY, commit: 'c8' });
      await upload({ findings: [hostile, a4], at: Date.now() - DAY, commit: 'c9' });

      const event = await request(org.security.token, 'POST', '/api/v1/ctf/events', {
        name: 'History night',
        startsAt: new Date(Date.now() - 60_000).toISOString(),
        endsAt: new Date(Date.now() + DAY).toISOString(),
        visibility: 'organisation',
      });

      const security = await signedInAs(browser, hub.url, org.security);
      try {
        const { page, watch } = security;
        await page.goto(`${hub.url}/ctf/history`);
        await expect
          .poll(() => page.getByRole('heading', { level: 1 }).textContent(), PAGE_LOAD)
          .toBe('Challenges from our history');
        const generate = page.getByRole('button', {
          name: 'Generate challenge from sast.ledger-sql-injection in shop',
        });
        await expect.poll(() => generate.count(), PAGE_LOAD).toBe(1);
        await generate.click();
        await page.waitForURL(/\/ctf\/history\?draft=/);
        // The editor's region is named by the draft's title, which the test changes.
        const editor = page.locator('section', { has: page.locator('#ctfh-draft-title') });
        await expect.poll(() => editor.count(), PAGE_LOAD).toBe(1);
        await expect
          .poll(() => editor.locator('.ctfh-summary').textContent(), PAGE_LOAD)
          .toContain('1 secret');
        const summary = (await editor.locator('.ctfh-summary').textContent()) ?? '';
        expect(summary).toContain('1 e-mail address');
        expect(summary).toContain('1 host name');
        const snippet = await editor.getByLabel('Snippet (anonymised)').inputValue();
        expect(snippet).toContain('REDACTED_SECRET');
        expect(snippet).toContain('user1@example.com');
        const html = await page.content();
        for (const original of [key, email, host, 'payments-corp', 'acme'])
          expect(html).not.toContain(original);
        await shot(page, 'ctf-history-draft');

        await editor.getByLabel('Title', { exact: true }).fill('The ledger lookup');
        await editor.getByRole('button', { name: 'Save' }).click();
        await expect
          .poll(() => editor.getByRole('status').textContent(), PAGE_LOAD)
          .toContain('Draft saved.');
        await expect
          .poll(() => page.getByRole('heading', { name: 'The ledger lookup' }).count(), PAGE_LOAD)
          .toBe(1);
        await page.getByRole('button', { name: 'Approve' }).click();
        const publish = page.getByRole('form', { name: 'Publish to an event' });
        await expect.poll(() => publish.count(), PAGE_LOAD).toBe(1);
        await publish.getByLabel('Event').selectOption(event.id);
        await publish.getByLabel('Points').fill('200');
        await publish.getByRole('button', { name: 'Publish' }).click();
        await expect
          .poll(() => page.getByRole('link', { name: 'open the challenge' }).count(), PAGE_LOAD)
          .toBe(1);
        await shot(page, 'ctf-history-published');
        clean(watch);
      } finally {
        await security.context.close();
      }

      const { drafts } = await request(org.security.token, 'GET', '/api/v1/ctf/history/drafts');
      const draft = drafts.find((d: { title: string }) => d.title === 'The ledger lookup');
      expect(draft).toMatchObject({ status: 'published', line: 1, cwe: 'CWE-89' });
      const challenge = await request(
        org.developer.token,
        'GET',
        `/api/v1/ctf/challenges/${draft.challengeId}`,
      );
      expect(challenge).toMatchObject({ title: 'The ledger lookup', value: 200 });
      expect(challenge.description).toContain('L3:CWE-79');
      const submit = (flag: string) =>
        request(
          org.developer.token,
          'POST',
          `/api/v1/ctf/challenges/${draft.challengeId}/submissions`,
          {
            flag,
          },
        );
      expect(await submit('L2:CWE-89')).toMatchObject({ correct: false });
      expect(await submit('L1:CWE-89')).toMatchObject({ correct: true, firstBlood: true });
    });
  },
);
