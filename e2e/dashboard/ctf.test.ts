import { type Browser, chromium, type Page } from 'playwright-core';
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

/** The scoreboard polls every 10 s: a change made elsewhere shows within one poll. */
const NEXT_POLL = { timeout: 25_000 };

const STATIC_FLAG = 'FLAG{static-one}';
const DYNAMIC_FLAG = 'flag{Dynamic-Two}';

/** A time as a `datetime-local` value in the browser's (and this machine's) time zone. */
function localInput(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}`;
}

/**
 * The CTF pages in Debian's Chromium against a real hub: security runs an event with two
 * challenges; a developer and an outsider play them to the scoreboard.
 */
describe.skipIf(BROWSER_MISSING !== '')(
  `the CTF pages in a real browser${BROWSER_MISSING && ` (skipped: ${BROWSER_MISSING})`}`,
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
    /** No flag, in any case, anywhere in the page's HTML. */
    async function noFlags(page: Page) {
      const html = (await page.content()).toLowerCase();
      expect(html).not.toContain(STATIC_FLAG.toLowerCase());
      expect(html).not.toContain(DYNAMIC_FLAG.toLowerCase());
      expect(html).not.toContain('static-one');
      expect(html).not.toContain('dynamic-two');
    }
    const scoreRows = (page: Page) =>
      page.getByRole('table', { name: 'Scoreboard' }).locator('tbody tr');
    const rowTexts = (page: Page) => scoreRows(page).allTextContents();

    it('play a CTF challenge to the scoreboard', async () => {
      const { org } = hub;
      let eventPath = '';

      // Security creates a running, organisation-wide event and two challenges.
      const security = await signedIn(org.security);
      try {
        const { page, watch } = security;
        await page.getByRole('link', { name: 'CTF', exact: true }).click();
        await page.waitForURL(/\/ctf$/);
        const form = page.getByRole('form', { name: 'New event' });
        await form.getByLabel('Name').fill('Winter CTF');
        await form.getByLabel(/^Description/).fill('Two challenges.\nHave *fun*.');
        await form.getByLabel('Starts').fill(localInput(Date.now() - 3_600_000));
        await form.getByLabel('Ends').fill(localInput(Date.now() + 86_400_000));
        await form.getByLabel('Visibility').selectOption('organisation');
        await form.getByRole('button', { name: 'Create event' }).click();
        await page.waitForURL(/\/ctf\/[^/]+$/);
        eventPath = new URL(page.url()).pathname;
        await expect
          .poll(() => page.getByRole('heading', { level: 1 }).textContent(), PAGE_LOAD)
          .toBe('Winter CTF');
        await expect.poll(() => page.getByText('Running').count(), PAGE_LOAD).toBeGreaterThan(0);

        const add = page.getByRole('form', { name: 'Add a challenge' });
        await add.getByLabel('Slug').fill('warm-up');
        await add.getByLabel('Title').fill('Warm up');
        await add.getByLabel('Category').fill('web');
        await add.getByLabel(/^Description/).fill('The flag is in the **page** source.');
        await add.getByLabel('Points').fill('100');
        const flagInput = add.getByLabel('Flag', { exact: true });
        expect(await flagInput.getAttribute('type')).toBe('password');
        await flagInput.fill(STATIC_FLAG);
        await add.getByRole('button', { name: 'Add a hint' }).click();
        await add.getByLabel('Hint 1 text').fill('Look at the comments.');
        await add.getByLabel('Hint 1 cost').fill('10');
        await add.getByRole('button', { name: 'Add challenge' }).click();
        await expect
          .poll(() => add.getByRole('status').textContent(), PAGE_LOAD)
          .toBe('Added "Warm up".');
        expect(await flagInput.inputValue()).toBe('');

        await add.getByLabel('Slug').fill('heap');
        await add.getByLabel('Title').fill('Heap of trouble');
        await add.getByLabel('Category').fill('pwn');
        await add.getByLabel('Scoring').selectOption('dynamic');
        await add.getByLabel('Initial points').fill('500');
        await add.getByLabel('Minimum points').fill('100');
        await add.getByLabel(/^Decay/).fill('10');
        await add.getByLabel('Flag kind').selectOption('case_insensitive');
        await flagInput.fill(DYNAMIC_FLAG);
        await add.getByRole('button', { name: 'Add challenge' }).click();
        await expect
          .poll(() => add.getByRole('status').textContent(), PAGE_LOAD)
          .toBe('Added "Heap of trouble".');
        const challenges = page.getByRole('region', { name: 'Challenges', exact: true });
        await expect.poll(() => challenges.getByRole('link').count(), PAGE_LOAD).toBe(2);
        expect(await page.getByRole('region', { name: 'Category pwn' }).textContent()).toContain(
          'Heap of trouble 500 pts 0 solves',
        );

        // A broken import names its line; the export carries no flag.
        const yaml = page.getByRole('form', { name: 'Import challenges' });
        await yaml
          .getByLabel('Challenges YAML')
          .fill(
            'challenges:\n  - slug: extra\n    title: Extra\n    category: misc\n    points: 10\n    flag: { kind: static, value: x }\n    prerequisites: [missing]\n',
          );
        await yaml.getByRole('button', { name: 'Import' }).click();
        await expect
          .poll(() => yaml.getByRole('alert').textContent(), PAGE_LOAD)
          .toMatch(/challenges\.yml:\d+:\d+: .*missing/);
        // The refused import is the one expected network error line.
        expect(watch.errors).toEqual([
          'Failed to load resource: the server responded with a status of 400 (Bad Request)',
        ]);
        watch.errors.splice(0);
        const href = await page
          .getByRole('link', { name: 'Export challenges (without flags)' })
          .getAttribute('href');
        const exported = await security.context.request.get(`${hub.url}${href}`);
        expect(exported.status()).toBe(200);
        const text = await exported.text();
        expect(text).toContain('slug: warm-up');
        expect(text).toContain('slug: heap');
        expect(text.toLowerCase()).not.toContain('static-one');
        expect(text.toLowerCase()).not.toContain('dynamic-two');
        await noFlags(page);
        await shot(page, 'ctf-event-security');
        clean(watch);
      } finally {
        await security.context.close();
      }

      // The developer (team A) plays the static challenge: wrong, hint, right.
      const developer = await signedIn(org.developer);
      try {
        const { page, watch } = developer;
        await page.getByRole('link', { name: 'CTF', exact: true }).click();
        await page.getByRole('link', { name: 'Winter CTF' }).click();
        await page.waitForURL((url) => url.pathname === eventPath);
        await page.getByRole('link', { name: 'Warm up' }).click();
        await page.waitForURL(/\/challenges\//);
        const panel = page.getByRole('region', { name: 'Warm up' });
        await expect
          .poll(() => panel.locator('pre').textContent(), PAGE_LOAD)
          .toBe('The flag is in the **page** source.');
        await noFlags(page);
        // Players get no authoring forms.
        expect(await page.getByRole('form', { name: 'Add a challenge' }).count()).toBe(0);
        expect(await page.getByRole('form', { name: 'Import challenges' }).count()).toBe(0);

        const flag = panel.getByRole('textbox', { name: 'Flag' });
        await flag.fill('FLAG{guess}');
        await panel.getByRole('button', { name: 'Submit' }).click();
        await expect
          .poll(() => panel.getByRole('status').textContent(), PAGE_LOAD)
          .toBe('Wrong flag. Try again.');

        watch.confirm = /^Unlock hint 1 for 10 points\?/;
        await panel.getByRole('button', { name: 'Unlock for 10 points' }).click();
        await expect
          .poll(() => panel.getByText('Look at the comments.').count(), PAGE_LOAD)
          .toBe(1);
        expect(watch.confirm).toBeUndefined();

        await flag.fill(STATIC_FLAG);
        await panel.getByRole('button', { name: 'Submit' }).click();
        // 100 points and a first-blood bonus of 10 % of them.
        await expect
          .poll(() => panel.getByRole('status').textContent(), PAGE_LOAD)
          .toMatch(/^Correct! \+110 points\. 🩸 First blood/);
        await expect.poll(() => panel.getByText('✓').count(), PAGE_LOAD).toBeGreaterThan(0);
        // 100 + 10 (first blood) - 10 (the hint).
        await expect
          .poll(() => rowTexts(page), PAGE_LOAD)
          .toEqual([`1${org.developer.username} (you) 🩸1001`]);
        expect(await scoreRows(page).first().getAttribute('aria-current')).toBe('true');
        await noFlags(page);
        await shot(page, 'ctf-player-solved');
        clean(watch);

        // The outsider (team B) solves the dynamic challenge, in another case.
        const outsider = await signedIn(org.outsider);
        try {
          const o = outsider.page;
          await o.goto(`${hub.url}${eventPath}`);
          await o.getByRole('link', { name: 'Heap of trouble' }).click();
          const heap = o.getByRole('region', { name: 'Heap of trouble' });
          await heap.getByRole('textbox', { name: 'Flag' }).fill(DYNAMIC_FLAG.toUpperCase());
          await heap.getByRole('button', { name: 'Submit' }).click();
          // The value after one solve (496) plus 10 % of the initial 500.
          await expect
            .poll(() => heap.getByRole('status').textContent(), PAGE_LOAD)
            .toMatch(/^Correct! \+546 points\. 🩸 First blood/);
          await expect
            .poll(() => rowTexts(o), PAGE_LOAD)
            .toEqual([
              `1${org.outsider.username} (you) 🩸5461`,
              `2${org.developer.username} 🩸1001`,
            ]);
          await noFlags(o);
          clean(outsider.watch);
        } finally {
          await outsider.context.close();
        }

        // The developer's page picks it up on its next poll, without a reload.
        await expect
          .poll(() => rowTexts(page), NEXT_POLL)
          .toEqual([`1${org.outsider.username} 🩸5461`, `2${org.developer.username} (you) 🩸1001`]);
        const heapItem = page
          .getByRole('region', { name: 'Category pwn' })
          .getByRole('listitem')
          .first();
        expect(await heapItem.textContent()).toContain('Heap of trouble 496 pts 1 solve');
        await noFlags(page);
        await shot(page, 'ctf-scoreboard');
        clean(watch);
      } finally {
        await developer.context.close();
      }
    });
  },
);
