import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deskEscalationJob } from '../../packages/server/src/desk/desk-escalation-job.js';
import type { Notifier } from '../../packages/server/src/jobs/job-definition.js';
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

/** The escalation job does not notify by itself (it queues webhook deliveries); a stub. */
const notifier: Notifier = {
  deliverDue: async () => ({ delivered: 0, retried: 0, failed: 0, disabled: 0 }),
};

const TITLE = 'How should we store the payments API key?';
const BODY = [
  'We found a **hardcoded key** in `config.js`.',
  '',
  '<img src=x onerror=window.__xss=1>',
  '',
  'Is [link](javascript:alert(1)) a good idea?',
].join('\n');
/** The answer's own word, found nowhere in the question: the knowledge base finds it. */
const ANSWER_WORD = 'rotation';
const ANSWER = `Keep it in Vault with automatic ${ANSWER_WORD}: short lived leases, never in the repository.`;

/**
 * The question desk in Debian's Chromium against a real hub: a developer asks (with hostile
 * markdown), the champion sees it waiting, the escalation job hands it to security, who
 * answers; the developer accepts; the knowledge base finds it; an outsider reads it without
 * its finding link and cannot answer.
 */
describe.skipIf(BROWSER_MISSING !== '')(
  `the question desk in a real browser${BROWSER_MISSING && ` (skipped: ${BROWSER_MISSING})`}`,
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
    const heading = (page: Page) => page.getByRole('heading', { level: 1 });
    const statusBadge = (page: Page) => page.locator('article.desk-question header .badge').first();
    /** No script ran and no script link was made. */
    async function renderedSafely(page: Page) {
      expect(await page.evaluate(() => (globalThis as { __xss?: unknown }).__xss)).toBeUndefined();
      expect(await page.locator('a[href^="javascript"]').count()).toBe(0);
      expect(await page.locator('.desk-markdown img').count()).toBe(0);
    }

    it('ask → escalate → answer → accept → knowledge base, and an outsider reads it', async () => {
      const { org } = hub;
      let questionUrl = '';

      // The developer of team A opens the desk and asks from the finding's page.
      const developer = await signedIn(org.developer);
      try {
        const { page, watch } = developer;
        await page.getByRole('link', { name: 'Desk', exact: true }).click();
        await page.waitForURL(/\/desk$/);
        await expect.poll(() => heading(page).textContent(), PAGE_LOAD).toBe('Question desk');
        await expect
          .poll(() => page.getByText('No questions match these filters.').count(), PAGE_LOAD)
          .toBe(1);
        // A developer champions nothing: no "Waiting for me"; not security: no settings.
        expect(await page.getByLabel('Waiting for me').count()).toBe(0);
        expect(await page.getByRole('form', { name: 'Escalation' }).count()).toBe(0);

        await page.goto(`${hub.url}/findings/${hub.hostileId}`);
        await page.getByRole('link', { name: 'Ask about this finding' }).click();
        await page.waitForURL(/\/desk\/ask\?findingId=/);
        const form = page.getByRole('form', { name: 'Your question' });
        // The finding's (hostile) title is prefilled, as text.
        await expect
          .poll(() => form.getByLabel('Title').inputValue(), PAGE_LOAD)
          .toContain('<script>');
        expect(await form.getByRole('link', { name: 'this finding' }).count()).toBe(1);
        await form.getByLabel('Title').fill(TITLE);
        await form.getByLabel('Question').fill(BODY);
        await form.getByLabel('Tags').fill('secrets, Crypto');
        await shot(page, 'desk-ask');
        await form.getByRole('button', { name: 'Ask' }).click();
        await page.waitForURL(/\/desk\/questions\/[^/?]+$/);
        questionUrl = page.url();
        await expect.poll(() => heading(page).textContent(), PAGE_LOAD).toBe(TITLE);
        expect(await statusBadge(page).textContent()).toBe('Open');
        // The markdown is rendered; the HTML in it is text; the javascript: link is no link.
        const body = page.locator('.desk-markdown').first();
        expect(await body.locator('strong').textContent()).toBe('hardcoded key');
        expect(await body.textContent()).toContain('<img src=x onerror=window.__xss=1>');
        await renderedSafely(page);
        expect(await page.getByRole('link', { name: 'the finding' }).count()).toBe(1);
        const tags = page.getByRole('list', { name: 'Tags' });
        expect(await tags.textContent()).toBe('cryptosecrets');
        // A developer does not answer, but follows up.
        expect(await page.getByRole('form', { name: 'Answer' }).count()).toBe(0);
        expect(await page.getByRole('form', { name: 'Follow up' }).count()).toBe(1);
        await shot(page, 'desk-question-open');
        clean(watch);
      } finally {
        await developer.context.close();
      }

      // The team's champion has it waiting for them.
      const champion = await signedIn(org.champion);
      try {
        const { page, watch } = champion;
        await page.goto(`${hub.url}/desk`);
        // A click, not check(): the box shows the URL's state, which the click changes a
        // navigation later (check() would find it unchanged right after the click).
        await page.getByLabel('Waiting for me').click();
        await page.waitForURL(/waitingFor=me/);
        const list = page.getByRole('list', { name: 'Questions' });
        await expect.poll(() => list.getByRole('link', { name: TITLE }).count(), PAGE_LOAD).toBe(1);
        await shot(page, 'desk-waiting-champion');
        clean(watch);
      } finally {
        await champion.context.close();
      }

      // Nobody answered in time: the job escalates it.
      const outcome = await deskEscalationJob.run(
        hub.hub,
        () => Date.now() + 49 * 3600_000,
        notifier,
      );
      expect(outcome).toEqual({ escalated: 1 });

      // Security has it waiting, escalated, and answers it.
      const security = await signedIn(org.security);
      try {
        const { page, watch } = security;
        await page.getByRole('link', { name: 'Desk', exact: true }).click();
        await page.waitForURL(/\/desk$/);
        // Security sets the escalation delay on the desk page.
        const settings = page.getByRole('form', { name: 'Escalation' });
        await expect
          .poll(() => settings.getByLabel(/Escalate after/).inputValue(), PAGE_LOAD)
          .toBe('48');
        await settings.getByLabel(/Escalate after/).fill('24');
        await settings.getByRole('button', { name: 'Save' }).click();
        await expect
          .poll(() => settings.getByRole('status').textContent(), PAGE_LOAD)
          .toBe('Saved.');
        // A click, not check(): the box shows the URL's state, which the click changes a
        // navigation later (check() would find it unchanged right after the click).
        await page.getByLabel('Waiting for me').click();
        await page.waitForURL(/waitingFor=me/);
        const item = page.locator('.desk-item', { hasText: TITLE });
        await expect.poll(() => item.count(), PAGE_LOAD).toBe(1);
        expect(await item.locator('.badge').first().textContent()).toBe('Escalated');
        await shot(page, 'desk-waiting-security');
        await item.getByRole('link', { name: TITLE }).click();
        await page.waitForURL(questionUrl);
        await expect.poll(() => statusBadge(page).textContent(), PAGE_LOAD).toBe('Escalated');
        expect(await page.getByText(/no answer in time/).count()).toBe(1);
        await renderedSafely(page);
        const answer = page.getByRole('form', { name: 'Answer' });
        await answer.getByLabel('Your answer').fill(ANSWER);
        await answer.getByRole('button', { name: 'Post answer' }).click();
        await expect
          .poll(() => answer.getByRole('status').textContent(), PAGE_LOAD)
          .toBe('Your answer is posted.');
        await expect
          .poll(() => page.locator('.desk-post', { hasText: ANSWER_WORD }).count(), PAGE_LOAD)
          .toBe(1);
        clean(watch);
      } finally {
        await security.context.close();
      }

      // The developer sees the answer and accepts it.
      const again = await signedIn(org.developer);
      try {
        const { page, watch } = again;
        await page.goto(questionUrl);
        const post = page.locator('.desk-post', { hasText: ANSWER_WORD });
        await expect.poll(() => post.count(), PAGE_LOAD).toBe(1);
        expect(await post.locator('.desk-kind').textContent()).toBe('Answer');
        await post.getByRole('button', { name: 'Accept this answer' }).click();
        await expect.poll(() => statusBadge(page).textContent(), PAGE_LOAD).toBe('Answered');
        expect(await post.getByText('✓ Accepted answer').count()).toBe(1);
        expect(await page.getByRole('button', { name: 'Accept this answer' }).count()).toBe(0);
        await renderedSafely(page);
        await shot(page, 'desk-question-answered');

        // The knowledge base finds it by a word of the answer only.
        await page.getByRole('link', { name: '← Question desk' }).click();
        await page.waitForURL(/\/desk$/);
        await page.getByRole('link', { name: 'Knowledge base' }).click();
        await page.waitForURL(/\/desk\/knowledge-base$/);
        const search = page.getByRole('form', { name: 'Search the knowledge base' });
        await search.getByLabel('Search').fill(ANSWER_WORD);
        await search.getByRole('button', { name: 'Search' }).click();
        await page.waitForURL(new RegExp(`q=${ANSWER_WORD}`));
        const results = page.getByRole('list', { name: 'Knowledge base results' });
        await expect
          .poll(() => results.getByRole('link', { name: TITLE }).count(), PAGE_LOAD)
          .toBe(1);
        // Its excerpt is the accepted answer, as text.
        await expect
          .poll(() => results.locator('.desk-excerpt').textContent(), PAGE_LOAD)
          .toContain(`automatic ${ANSWER_WORD}`);
        await shot(page, 'desk-knowledge-base');
        // A word in no question finds nothing.
        await search.getByLabel('Search').fill('kubernetes');
        await search.getByRole('button', { name: 'Search' }).click();
        await expect.poll(() => page.getByText('Nothing found.').count(), PAGE_LOAD).toBe(1);
        clean(watch);
      } finally {
        await again.context.close();
      }

      // An outsider (team B) reads it from the knowledge base: no finding link, no forms.
      const outsider = await signedIn(org.outsider);
      try {
        const { page, watch } = outsider;
        await page.goto(questionUrl);
        await expect.poll(() => heading(page).textContent(), PAGE_LOAD).toBe(TITLE);
        expect(await statusBadge(page).textContent()).toBe('Answered');
        expect(await page.locator('.desk-post', { hasText: ANSWER_WORD }).count()).toBe(1);
        expect(await page.getByRole('link', { name: 'the finding' }).count()).toBe(0);
        expect(await page.locator(`a[href*="/findings/"]`).count()).toBe(0);
        expect(await page.getByRole('form', { name: 'Answer' }).count()).toBe(0);
        expect(await page.getByRole('form', { name: 'Follow up' }).count()).toBe(0);
        expect(await page.getByRole('button', { name: 'Close' }).count()).toBe(0);
        await renderedSafely(page);
        await shot(page, 'desk-question-outsider');
        clean(watch);
      } finally {
        await outsider.context.close();
      }
    });
  },
);
