import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BROWSER_MISSING,
  CHROMIUM,
  CHROMIUM_ARGS,
  type DashboardHub,
  PAGE_LOAD,
  shot,
  signedIn as signedInAs,
  startDashboardHub,
  type Watch,
} from './harness.js';

const HOSTILE_MARKDOWN = 'We build a **payment gateway**.\n\n<img src=x onerror=window.__xss=1>';

/**
 * Consult requests and rule feedback in Debian's Chromium against a real hub: a developer
 * asks for a threat-modelling session that security works to done; a champion reports a
 * noisy rule from one of its findings and reads security's answer.
 */
describe.skipIf(BROWSER_MISSING !== '')(
  `the consult and rule feedback pages in a real browser${BROWSER_MISSING && ` (skipped: ${BROWSER_MISSING})`}`,
  { timeout: 180_000 },
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

    const signedIn = (user: { username: string; password: string }) =>
      signedInAs(browser, hub.url, user);
    async function clean(page: Page, watch: Watch) {
      expect(await page.evaluate(() => (globalThis as { __xss?: unknown }).__xss)).toBeUndefined();
      expect(watch.foreignRequests).toEqual([]);
      expect(watch.dialogs).toEqual([]);
      expect(watch.errors).toEqual([]);
    }
    const statusBadge = (page: Page) => page.locator('.consult-badges .consult-status');

    it('a developer requests a threat-modelling session that security works to done', async () => {
      const { org } = hub;
      const service = 'payments-gateway';
      let consultUrl = '';

      const developer = await signedIn(org.developer);
      try {
        const { page, watch } = developer;
        await page.getByRole('link', { name: 'Consults', exact: true }).click();
        await page.waitForURL(/\/consults$/);
        await page.getByRole('link', { name: 'Request a consult' }).click();
        await page.waitForURL(/\/consults\/new$/);
        const form = page.getByRole('form', { name: 'Request a consult' });
        // The developer's only team is chosen for them.
        await expect.poll(() => form.getByLabel('Team').inputValue(), PAGE_LOAD).toBe(org.teamA);
        await form.getByLabel('Kind').selectOption('threat_model');
        await form.getByLabel('Service').fill(service);
        await form.getByLabel('Wanted by').fill('2030-01-15');
        await form.getByLabel('Description').fill(HOSTILE_MARKDOWN);
        // Links are checked before sending: a javascript: URL is refused.
        await form.getByLabel('Links').fill('javascript:alert(1)');
        await form.getByRole('button', { name: 'Request the consult' }).click();
        await expect
          .poll(() => form.getByRole('alert').textContent(), PAGE_LOAD)
          .toContain('Not an http(s) URL');
        await form.getByLabel('Links').fill('https://docs.example.test/gateway-design\n');
        await form.getByRole('button', { name: 'Request the consult' }).click();
        // The new consult's page, not /consults/new (the form's page until the hub answers).
        await page.waitForURL(/\/consults\/(?!new$)[^/]+$/);
        consultUrl = page.url();
        await expect
          .poll(() => page.getByRole('heading', { level: 1 }).textContent(), PAGE_LOAD)
          .toBe(service);
        expect(await statusBadge(page).textContent()).toBe('Requested');
        // The hostile HTML is text, not an element.
        const description = page.getByRole('region', { name: 'Description' });
        await expect
          .poll(() => description.textContent(), PAGE_LOAD)
          .toContain('<img src=x onerror=window.__xss=1>');
        expect(await description.locator('img').count()).toBe(0);
        expect(await description.locator('strong').textContent()).toBe('payment gateway');
        expect(
          await description
            .getByRole('link', { name: 'https://docs.example.test/gateway-design' })
            .getAttribute('rel'),
        ).toContain('noopener');
        await page.getByRole('link', { name: '← Consults' }).click();
        const row = page.locator('tbody tr').filter({ hasText: service });
        await expect.poll(() => row.count(), PAGE_LOAD).toBe(1);
        expect(await row.textContent()).toContain('Requested');
        expect(await row.textContent()).toContain('Threat-modelling session');
        expect(await row.textContent()).toContain('SLA: On track');
        await shot(page, 'consults-developer');
        await clean(page, watch);
      } finally {
        await developer.context.close();
      }

      const security = await signedIn(org.security);
      try {
        const { page, watch } = security;
        await page.goto(`${hub.url}/consults?open=true`);
        const row = page.locator('tbody tr').filter({ hasText: service });
        await expect.poll(() => row.count(), PAGE_LOAD).toBe(1);
        await row.getByRole('link', { name: service }).click();
        await page.waitForURL(consultUrl);
        const work = page.getByRole('form', { name: 'Work this consult' });
        const save = work.getByRole('button', { name: 'Save changes' });
        // Only the moves the hub allows are offered.
        await expect
          .poll(() => work.getByLabel('Status').locator('option').allTextContents(), PAGE_LOAD)
          .toEqual(['Requested (now)', 'Triaged', 'Declined', 'Cancelled']);
        await work.getByLabel('Status').selectOption('triaged');
        await work.getByLabel('Owner').selectOption(org.security.id);
        await save.click();
        await expect.poll(() => statusBadge(page).textContent(), PAGE_LOAD).toBe('Triaged');
        await expect
          .poll(() => page.getByRole('complementary').textContent(), PAGE_LOAD)
          .toContain(`Owner${org.security.username}`);

        await work.getByLabel('Status').selectOption('scheduled');
        await work.getByLabel('Due date').fill('2030-01-10');
        await save.click();
        await expect.poll(() => statusBadge(page).textContent(), PAGE_LOAD).toBe('Scheduled');
        await work.getByLabel('Status').selectOption('in_progress');
        await save.click();
        await expect.poll(() => statusBadge(page).textContent(), PAGE_LOAD).toBe('In progress');
        await work.getByLabel('Status').selectOption('done');
        await work
          .getByLabel(/^Outcome/)
          .fill('Session held: **no blockers**; rate-limit the refund endpoint.');
        await save.click();
        await expect.poll(() => statusBadge(page).textContent(), PAGE_LOAD).toBe('Done');
        // The history keeps every step, in order.
        const history = page.getByRole('region', { name: 'History' }).locator('li');
        await expect
          .poll(() => history.allTextContents(), PAGE_LOAD)
          .toEqual([
            expect.stringContaining('requested a threat-modelling session'),
            // One change with several fields: the hub records the owner, then the status.
            expect.stringContaining(`set the owner to ${org.security.username} (me)`),
            expect.stringContaining('from Requested to Triaged'),
            expect.stringContaining('set the due date to'),
            expect.stringContaining('from Triaged to Scheduled'),
            expect.stringContaining('from Scheduled to In progress'),
            expect.stringContaining('wrote the outcome'),
            expect.stringContaining('from In progress to Done'),
          ]);
        await shot(page, 'consult-security');
        await clean(page, watch);
      } finally {
        await security.context.close();
      }

      const back = await signedIn(org.developer);
      try {
        const { page, watch } = back;
        await page.goto(consultUrl);
        await expect.poll(() => statusBadge(page).textContent(), PAGE_LOAD).toBe('Done');
        const outcome = page.getByRole('region', { name: 'Outcome' });
        await expect.poll(() => outcome.textContent(), PAGE_LOAD).toContain('no blockers');
        // Security's form is not offered to the developer; a closed consult is not cancelled.
        expect(await page.getByRole('form', { name: 'Work this consult' }).count()).toBe(0);
        expect(await page.getByRole('button', { name: 'Cancel this consult' }).count()).toBe(0);
        await clean(page, watch);
      } finally {
        await back.context.close();
      }
    });

    it('a champion reports a noisy rule from a finding, and reads security’s answer', async () => {
      const { org } = hub;
      const finding = await hub.hub.db
        .selectFrom('findings')
        .select(['id', 'scanner', 'rule_id'])
        .where('project_id', '=', org.projectA)
        .where('title', '=', 'Finding a4')
        .executeTakeFirstOrThrow();
      const text = 'Fires on every test fixture in the payments service.';

      const champion = await signedIn(org.champion);
      try {
        const { page, watch } = champion;
        await page.goto(`${hub.url}/findings/${finding.id}`);
        await page.getByRole('link', { name: 'Report this rule' }).click();
        await page.waitForURL(/\/rules\/feedback\/new\?/);
        const form = page.getByRole('form', { name: 'Report a rule' });
        expect(await form.getByLabel('Scanner').inputValue()).toBe(finding.scanner);
        expect(await form.getByLabel('Rule').inputValue()).toBe(finding.rule_id);
        expect(await form.getByLabel('Team').inputValue()).toBe(org.teamA);
        await form.getByLabel('What is wrong').selectOption('noisy');
        await form.getByLabel('Details').fill(text);
        await form.getByRole('button', { name: 'Send feedback' }).click();
        await page.waitForURL(/\/rules\/feedback$/);
        const item = page.locator('.rule-feedback-item').filter({ hasText: text });
        await expect.poll(() => item.count(), PAGE_LOAD).toBe(1);
        expect(await item.textContent()).toContain('Open');
        expect(await item.textContent()).toContain('No response yet.');
        await clean(page, watch);
      } finally {
        await champion.context.close();
      }

      const security = await signedIn(org.security);
      try {
        const { page, watch } = security;
        await page.getByRole('link', { name: 'Rules', exact: true }).click();
        await page.waitForURL(/\/rules$/);
        const table = page.getByRole('table', { name: 'Rule statistics' });
        const row = table.locator('tbody tr').filter({
          has: page.getByRole('link', { name: finding.rule_id, exact: true }),
        });
        await expect.poll(() => row.count(), PAGE_LOAD).toBe(1);
        // The last column: open feedback on the rule.
        expect(await row.locator('td').last().textContent()).toBe('1');
        // Sorting by volume is in the URL.
        await table.getByRole('button', { name: /Detected/ }).click();
        await page.waitForURL(/sort=volume/);
        await shot(page, 'rules-security');
        await row.getByRole('link', { name: finding.rule_id, exact: true }).click();
        await page.waitForURL(/\/rules\/sast\//);
        const item = page.locator('.rule-feedback-item').filter({ hasText: text });
        await expect.poll(() => item.count(), PAGE_LOAD).toBe(1);
        const respond = item.getByRole('form', { name: /Respond to feedback/ });
        await respond.getByLabel('New status').selectOption('fixed');
        await respond.getByLabel(/^Response/).fill('Tuned: the rule now skips test fixtures.');
        await respond.getByRole('button', { name: 'Respond' }).click();
        await expect
          .poll(() => item.locator('.rule-feedback-status').textContent(), PAGE_LOAD)
          .toBe('Fixed');
        await shot(page, 'rule-feedback-security');
        await clean(page, watch);
      } finally {
        await security.context.close();
      }

      const back = await signedIn(org.champion);
      try {
        const { page, watch } = back;
        await page.goto(`${hub.url}/rules/feedback`);
        const item = page.locator('.rule-feedback-item').filter({ hasText: text });
        await expect.poll(() => item.count(), PAGE_LOAD).toBe(1);
        expect(await item.locator('.rule-feedback-status').textContent()).toBe('Fixed');
        expect(await item.getByRole('region', { name: /response/ }).textContent()).toContain(
          'the rule now skips test fixtures',
        );
        await clean(page, watch);
      } finally {
        await back.context.close();
      }
    });
  },
);
