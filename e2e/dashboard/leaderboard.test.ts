import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAttempt } from '../../packages/server/src/training/attempt-store.js';
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
 * The leaderboard page in Debian's Chromium against a real hub: a developer with training
 * points sees their points, badge and rank, then hides themselves from the boards.
 */
describe.skipIf(BROWSER_MISSING !== '')(
  `the leaderboard page in a real browser${BROWSER_MISSING && ` (skipped: ${BROWSER_MISSING})`}`,
  { timeout: 120_000 },
  () => {
    let hub: DashboardHub;
    let browser: Browser;

    beforeAll(async () => {
      hub = await startDashboardHub();
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
      for (const moduleId of ['sql-injection', 'xss'])
        await recordAttempt(hub.hub, {
          userId: hub.org.developer.id,
          moduleId,
          answers: [0],
          grade: { score: 100, correct: 1, total: 1, passed: true, results: [] },
          now: Date.now() - 60_000,
        });
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
      await hub?.close();
    });

    it('shows my points and badges, ranks me, and hides me once I opt out', async () => {
      const { org } = hub;
      const session = await signedInAs(browser, hub.url, org.developer);
      try {
        const { page, watch } = session;
        await page.getByRole('link', { name: 'Leaderboard', exact: true }).click();
        await page.waitForURL(/\/leaderboard$/);
        await expect
          .poll(() => page.getByRole('heading', { level: 1 }).textContent(), PAGE_LOAD)
          .toBe('Leaderboard');
        const mine = page.getByRole('region', { name: 'Your points' });
        await expect.poll(() => mine.textContent(), PAGE_LOAD).toContain('training 10');
        await expect.poll(() => mine.textContent(), PAGE_LOAD).toContain('1 of 1');
        await expect.poll(() => mine.textContent(), PAGE_LOAD).toMatch(/Learner\s*earned/);
        const people = page.locator('table').first().locator('tbody tr');
        await expect.poll(() => people.count(), PAGE_LOAD).toBe(1);
        await shot(page, 'leaderboard');

        // A click, not check(): the switch shows the hub's answer, which comes a request later.
        await page.getByLabel('Hide me from the leaderboards').click();
        await expect
          .poll(() => page.getByRole('status').filter({ hasText: 'hidden' }).count(), PAGE_LOAD)
          .toBe(1);
        await expect.poll(() => mine.textContent(), PAGE_LOAD).toContain('you opted out');
        await expect
          .poll(() => page.getByText('Nobody has points in this window yet.').count(), PAGE_LOAD)
          .toBe(1);
        // The season picker lives in the URL.
        await page.getByLabel('Season').selectOption('all');
        await page.waitForURL(/season=all/);
        clean(watch);
      } finally {
        await session.context.close();
      }
    });

    it('security creates a season from the page and the picker offers it; an overlap is refused with its reason', async () => {
      const { page, context, watch } = await signedInAs(browser, hub.url, hub.org.security);
      try {
        await page.goto(`${hub.url}/leaderboard`);
        const form = page.getByRole('form', { name: 'New season' });
        await expect.poll(() => form.count(), PAGE_LOAD).toBe(1);
        const day = (offset: number) =>
          new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
        await form.getByLabel('Name').fill('Winter league');
        await form.getByLabel('First day').fill(day(-10));
        await form.getByLabel('Ends before').fill(day(30));
        await form.getByRole('button', { name: 'Create season' }).click();
        await expect
          .poll(
            () => page.getByRole('status').filter({ hasText: 'Winter league' }).count(),
            PAGE_LOAD,
          )
          .toBe(1);
        const seasons = page.getByRole('region', { name: 'Seasons' });
        await expect
          .poll(() => seasons.getByText(/Winter league.*current/).count(), PAGE_LOAD)
          .toBe(1);
        // The picker offers it.
        await expect
          .poll(() => page.getByRole('option', { name: /^Winter league/ }).count(), PAGE_LOAD)
          .toBe(1);
        // An overlapping season is refused, and the form says why (the 409 is the one
        // expected console line).
        await form.getByLabel('Name').fill('Overlap');
        await form.getByLabel('First day').fill(day(0));
        await form.getByLabel('Ends before').fill(day(5));
        await form.getByRole('button', { name: 'Create season' }).click();
        await expect
          .poll(() => page.getByRole('alert').textContent(), PAGE_LOAD)
          .toContain('Winter league');
        expect(watch.errors.filter((e) => !/status of 409/.test(e))).toEqual([]);
        expect(watch.dialogs).toEqual([]);
        expect(watch.foreignRequests).toEqual([]);
        await shot(page, 'leaderboard-seasons');
      } finally {
        await context.close();
      }
    });
  },
);
