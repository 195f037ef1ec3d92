import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BROWSER_MISSING,
  CHROMIUM,
  CHROMIUM_ARGS,
  clean,
  type DashboardHub,
  PAGE_LOAD,
  shot,
  signedIn as signedInAs,
  startDashboardHub,
} from './harness.js';

/**
 * The security programme's pages in Debian's Chromium against a real hub: security appoints
 * a champion, who then works from their champion home page.
 */
describe.skipIf(BROWSER_MISSING !== '')(
  `the champions pages in a real browser${BROWSER_MISSING && ` (skipped: ${BROWSER_MISSING})`}`,
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

    const signedIn = (user: { username: string; password: string }) =>
      signedInAs(browser, hub.url, user);

    it('security appoints a champion from the directory, and the new champion sees their home page', async () => {
      const { org } = hub;
      const security = await signedIn(org.security);
      try {
        const { page, watch } = security;
        await page.getByRole('link', { name: 'Champions', exact: true }).click();
        await page.waitForURL(/\/champions$/);
        const rows = page.getByRole('table', { name: 'Champions' }).locator('tbody tr');
        // The organisation starts with one champion: team A's.
        await expect.poll(() => rows.count(), PAGE_LOAD).toBe(1);
        const form = page.getByRole('form', { name: 'Appoint a champion' });
        await form.getByLabel('Team').selectOption(org.teamA);
        await form.getByLabel('Person').selectOption(org.outsider.id);
        await form.getByRole('button', { name: 'Appoint' }).click();
        await expect
          .poll(() => form.getByRole('status').textContent(), PAGE_LOAD)
          .toContain('is now a champion of');
        await expect.poll(() => rows.count(), PAGE_LOAD).toBe(2);
        const row = rows.filter({ hasText: org.outsider.username });
        await row.getByRole('button', { name: 'Edit tags' }).click();
        await row.getByLabel('Expertise tags').fill('crypto, AuthN');
        await row.getByRole('button', { name: 'Save tags' }).click();
        await expect
          .poll(() => row.getByRole('button', { name: 'authn' }).count(), PAGE_LOAD)
          .toBe(1);
        // A tag filters the directory, in the URL.
        await row.getByRole('button', { name: 'crypto' }).click();
        await page.waitForURL(/expertise=crypto/);
        await expect.poll(() => rows.count(), PAGE_LOAD).toBe(1);
        await shot(page, 'champions-directory');
        clean(watch);
      } finally {
        await security.context.close();
      }

      const champion = await signedIn(org.outsider);
      try {
        const { page, watch } = champion;
        await page.goto(`${hub.url}/champions`);
        await page.getByRole('link', { name: 'Your champion home' }).click();
        await page.waitForURL(/\/champions\/home\//);
        const heading = page.getByRole('heading', { level: 1 });
        await expect.poll(() => heading.textContent(), PAGE_LOAD).toMatch(/^Champion home: /);
        // The team's untriaged findings, with links to them; the numbers side by side.
        const triage = page.getByRole('region', { name: /Waiting for triage/ });
        await expect.poll(() => triage.getByRole('link').count(), PAGE_LOAD).toBeGreaterThan(0);
        await expect
          .poll(() => page.getByRole('region', { name: 'Open findings' }).textContent(), PAGE_LOAD)
          .toMatch(/Team\d+Organisation\d+/);
        await shot(page, 'champion-home');
        clean(watch);
      } finally {
        await champion.context.close();
      }
    });

    it('a developer who champions no team is told so, and is offered no appointment form', async () => {
      const { page, context, watch } = await signedIn(hub.org.developer);
      try {
        await page.goto(`${hub.url}/champions/home`);
        await expect
          .poll(() => page.getByText('You are not a champion of any team').count(), PAGE_LOAD)
          .toBe(1);
        await page.goto(`${hub.url}/champions`);
        await expect
          .poll(() => page.getByRole('table', { name: 'Champions' }).count(), PAGE_LOAD)
          .toBe(1);
        expect(await page.getByRole('form', { name: 'Appoint a champion' }).count()).toBe(0);
        expect(await page.getByRole('button', { name: 'End role' }).count()).toBe(0);
        clean(watch);
      } finally {
        await context.close();
      }
    });
  },
);
