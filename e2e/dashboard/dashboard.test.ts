import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addTeam } from '../../packages/server/src/auth/test-org.js';
import {
  BROWSER_MISSING,
  CHROMIUM,
  CHROMIUM_ARGS,
  clean,
  type DashboardHub,
  HOSTILE_TITLE,
  PAGE_LOAD,
  shot,
  signedIn as signedInAs,
  startDashboardHub,
} from './harness.js';

/**
 * The dashboard in Debian's Chromium against a real hub (SQLite) serving the built
 * dashboard, seeded through the API with six weeks of scans. Every page is screenshotted
 * into test-artifacts/dashboard/.
 */
describe.skipIf(BROWSER_MISSING !== '')(
  `the dashboard in a real browser${BROWSER_MISSING && ` (skipped: ${BROWSER_MISSING})`}`,
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

    it('signs in, and the overview charts render with data', async () => {
      const { context, page, watch } = await signedIn(hub.org.admin);
      try {
        await expect
          .poll(() => page.locator('figure .recharts-surface').count(), { timeout: 15_000 })
          .toBeGreaterThanOrEqual(6);
        // Bars and lines were drawn from data, not just axes.
        expect(await page.locator('.recharts-bar-rectangle').count()).toBeGreaterThan(0);
        expect(await page.locator('.recharts-line-curve').count()).toBeGreaterThan(0);
        // Top CWEs: five CWEs found, four still open, one bar each.
        const cwes = page.getByRole('figure', { name: 'Top CWEs' });
        await expect.poll(() => cwes.locator('.recharts-bar-rectangle').count(), PAGE_LOAD).toBe(9);
        const open = page.locator('.stat', { hasText: 'Open findings' }).locator('.stat-value');
        await expect.poll(() => open.textContent(), PAGE_LOAD).toMatch(/^[1-9]\d*$/);
        await shot(page, 'overview');
        // A definition is one hover away.
        await page.getByRole('button', { name: 'What is Escape rate?' }).hover();
        await expect
          .poll(() => page.getByRole('tooltip').first().textContent(), PAGE_LOAD)
          .toContain('production');
        await shot(page, 'overview-definition');
        // Dark mode: the switch in the top bar, then the system's preference.
        const background = () =>
          page.evaluate<string>('getComputedStyle(document.body).backgroundColor');
        expect(await background()).toBe('rgb(246, 247, 249)');
        await page.getByRole('button', { name: /Switch to dark/ }).click();
        expect(await background()).toBe('rgb(15, 18, 22)');
        await page.getByRole('button', { name: /Switch to light/ }).click();
        expect(await background()).toBe('rgb(246, 247, 249)');
        await page.getByRole('button', { name: /Switch to system/ }).click();
        await page.emulateMedia({ colorScheme: 'dark' });
        expect(await background()).toBe('rgb(15, 18, 22)');
        await shot(page, 'overview-dark');
        clean(watch);
      } finally {
        await context.close();
      }
    });

    it('filters findings and keeps the filters in the URL', async () => {
      const { context, page, watch } = await signedIn(hub.org.security);
      try {
        await page.goto(`${hub.url}/findings`);
        const table = page.getByRole('table', { name: 'Findings' });
        await expect.poll(() => table.locator('tbody tr').count(), PAGE_LOAD).toBeGreaterThan(2);
        await setFilter(page, 'Severity', 'critical');
        await page.waitForURL(/severity=critical/);
        await expect
          .poll(
            async () => (await table.locator('tbody tr').allTextContents()).join('\n'),
            PAGE_LOAD,
          )
          .toContain('SQL injection');
        const rows = await table.locator('tbody tr').allTextContents();
        expect(rows.every((r) => /critical/i.test(r))).toBe(true);
        await page.getByRole('searchbox', { name: 'Search' }).fill('Search-only');
        await page.getByRole('searchbox', { name: 'Search' }).press('Enter');
        await page.waitForURL(/q=Search-only/);
        await expect.poll(() => table.locator('tbody tr').count(), PAGE_LOAD).toBe(0);
        // A shared link restores the same view.
        const shared = page.url();
        await page.goto(shared);
        await expect
          .poll(() => page.getByRole('searchbox', { name: 'Search' }).inputValue(), PAGE_LOAD)
          .toBe('Search-only');
        await page.goto(`${hub.url}/findings`);
        await expect.poll(() => table.locator('tbody tr').count(), PAGE_LOAD).toBeGreaterThan(2);
        await shot(page, 'findings');
        clean(watch);
      } finally {
        await context.close();
      }
    });

    it('a champion accepts a risk with an expiry and sees it in the timeline', async () => {
      const { context, page, watch } = await signedIn(hub.org.champion);
      try {
        await page.goto(`${hub.url}/findings/${hub.hostileId}`);
        await expect
          .poll(() => page.getByRole('heading', { level: 1 }).textContent(), PAGE_LOAD)
          .toBe(HOSTILE_TITLE);
        await page.getByRole('button', { name: 'Accept risk' }).first().click();
        const form = page
          .getByRole('form', { name: 'Accept risk' })
          .or(page.getByRole('dialog', { name: 'Accept risk' }));
        const expiry = new Date(Date.now() + 45 * 86_400_000).toISOString().slice(0, 10);
        await form.getByLabel('Reason').fill('Behind the admin VPN until the rewrite ships');
        await form.getByLabel('Expires on').fill(expiry);
        await form.getByRole('button', { name: 'Accept risk' }).click();
        const timeline = page.getByRole('list', { name: 'Timeline' });
        await expect
          .poll(() => timeline.textContent(), { timeout: 10_000 })
          .toContain('Behind the admin VPN');
        expect(await timeline.textContent()).toMatch(/risk accepted/i);
        await expect
          .poll(() => page.locator('main').textContent(), PAGE_LOAD)
          .toMatch(/risk accepted/i);
        // Stored on the hub, with the expiry.
        const row = await hub.hub.db
          .selectFrom('findings')
          .select(['status', 'accepted_until'])
          .where('id', '=', hub.hostileId)
          .executeTakeFirstOrThrow();
        expect(row.status).toBe('risk_accepted');
        expect(new Date(Number(row.accepted_until)).toISOString().slice(0, 10)).toBe(expiry);
        await shot(page, 'finding-detail');
        clean(watch);
      } finally {
        await context.close();
      }
    });

    it("a developer of another team can neither see nor open team A's finding", async () => {
      const { context, page, watch } = await signedIn(hub.org.outsider);
      try {
        await page.goto(`${hub.url}/findings`);
        const table = page.getByRole('table', { name: 'Findings' });
        await expect
          .poll(
            async () => (await table.locator('tbody tr').allTextContents()).join('\n'),
            PAGE_LOAD,
          )
          .toContain('Search-only secret finding');
        expect((await table.locator('tbody tr').allTextContents()).join('\n')).not.toContain(
          'SQL injection',
        );
        await page.goto(`${hub.url}/findings/${hub.hostileId}`);
        await expect
          .poll(() => page.getByRole('alert').first().textContent(), PAGE_LOAD)
          .toMatch(/not found/i);
        expect(await page.locator('main').textContent()).not.toContain('SQL injection');
        // The API says the same to the page's own session.
        const status = await page.evaluate(
          async (id) => (await fetch(`/api/v1/findings/${id}`)).status,
          hub.hostileId,
        );
        expect(status).toBe(404);
        clean(watch);
      } finally {
        await context.close();
      }
    });

    it('renders hostile finding content as text, never as markup', async () => {
      const { context, page, watch } = await signedIn(hub.org.admin);
      try {
        await page.goto(`${hub.url}/findings/${hub.hostileId}`);
        await expect
          .poll(() => page.getByRole('heading', { level: 1 }).textContent(), PAGE_LOAD)
          .toBe(HOSTILE_TITLE);
        const main = page.locator('main');
        expect(await main.textContent()).toContain('<img src=x onerror="window.__xss=2">');
        expect(await main.textContent()).toContain('<svg onload=alert(5)>');
        expect(await page.locator('main img, main svg[onload], main script').count()).toBe(0);
        // javascript: references are text, not links; https ones are links.
        expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
        expect(
          await page
            .locator('a[href="https://owasp.org/www-community/attacks/SQL_Injection"]')
            .count(),
        ).toBe(1);
        expect(
          await page.evaluate(() => (globalThis as { __xss?: unknown }).__xss),
        ).toBeUndefined();
        // Any status: an earlier test accepted the risk.
        await page.goto(`${hub.url}/findings?status=any&q=${encodeURIComponent('SQL injection')}`);
        await expect
          .poll(() => page.getByRole('table', { name: 'Findings' }).textContent(), PAGE_LOAD)
          .toContain(HOSTILE_TITLE);
        expect(await page.locator('main img, main script').count()).toBe(0);
        expect(
          await page.evaluate(() => (globalThis as { __xss?: unknown }).__xss),
        ).toBeUndefined();
        clean(watch);
      } finally {
        await context.close();
      }
    });

    it('every page loads, with screenshots', async () => {
      const { context, page, watch } = await signedIn(hub.org.admin);
      try {
        const pages: [string, string][] = [
          ['projects', '/projects'],
          ['project', `/projects/${hub.org.projectA}`],
          ['teams', '/teams'],
          ['team', `/teams/${hub.org.teamA}`],
          ['account', '/account'],
          ['admin', '/admin'],
          ['admin-users', '/admin/users'],
          ['admin-teams', '/admin/teams'],
          ['admin-projects', '/admin/projects'],
          ['admin-sla', '/admin/sla'],
          ['admin-webhooks', '/admin/webhooks'],
          ['not-found', '/no-such-page'],
        ];
        const requested: string[] = [];
        page.on('request', (r) => requested.push(new URL(r.url()).pathname));
        for (const [name, path] of pages) {
          requested.length = 0;
          await page.goto(`${hub.url}${path}`);
          await page.waitForLoadState('networkidle');
          await expect.poll(() => page.locator('main h1').count(), PAGE_LOAD).toBeGreaterThan(0);
          expect(await page.locator('.state-error').count(), `${path} shows an error`).toBe(0);
          if (name === 'teams') {
            // Champions come with the teams list: no request per team.
            const payments = page.getByRole('row', { name: /payments/ });
            await expect.poll(() => payments.textContent(), PAGE_LOAD).toContain('cham');
            expect(requested.filter((p) => /^\/api\/v1\/teams\/[^/]+$/.test(p))).toEqual([]);
          }
          await shot(page, name);
        }
        // Narrow screens get the menu button.
        await page.setViewportSize({ width: 390, height: 800 });
        await page.goto(`${hub.url}/findings`);
        await page.getByRole('button', { name: 'Menu' }).click();
        await expect
          .poll(() => page.getByRole('link', { name: 'Projects' }).isVisible(), PAGE_LOAD)
          .toBe(true);
        await shot(page, 'findings-mobile');
        clean(watch);
      } finally {
        await context.close();
      }
    });

    it('works from the keyboard alone', async () => {
      const { context, page, watch } = await signedIn(hub.org.security);
      try {
        await page.goto(`${hub.url}/findings?status=any`);
        const table = page.getByRole('table', { name: 'Findings' });
        await expect.poll(() => table.locator('tbody tr').count(), PAGE_LOAD).toBeGreaterThan(2);
        // The first Tab reaches the skip link, which moves focus to the page's content.
        await page.keyboard.press('Tab');
        expect(await page.evaluate<string>('document.activeElement.textContent')).toBe(
          'Skip to content',
        );
        await page.keyboard.press('Enter');
        expect(await page.evaluate<string>('document.activeElement.id')).toBe('main');
        // Tab on to the first finding's link and open it with Enter.
        const first = table.locator('tbody tr a').first();
        const title = await first.textContent();
        for (let i = 0; i < 40; i++) {
          if (await first.evaluate((el) => el === el.ownerDocument.activeElement)) break;
          await page.keyboard.press('Tab');
        }
        await page.keyboard.press('Enter');
        await page.waitForURL(/\/findings\/[^/?]+$/);
        await expect
          .poll(() => page.getByRole('heading', { level: 1 }).textContent(), PAGE_LOAD)
          .toBe(title);
        clean(watch);
      } finally {
        await context.close();
      }
    });

    it('an admin deletes a team after confirming', async () => {
      const teamId = await addTeam(hub.hub, Date.now(), 'short-lived');
      const { context, page, watch } = await signedIn(hub.org.admin);
      try {
        await page.goto(`${hub.url}/admin/teams/${teamId}`);
        await page.getByRole('button', { name: 'Delete team' }).click();
        // Dismissed: nothing happens.
        expect(watch.dialogs).toEqual([expect.stringContaining('short-lived')]);
        watch.dialogs.length = 0;
        expect(page.url()).toContain(teamId);
        watch.confirm = /short-lived/;
        await page.getByRole('button', { name: 'Delete team' }).click();
        await page.waitForURL((url) => url.pathname === '/admin/teams');
        const left = await hub.hub.db
          .selectFrom('teams')
          .select('id')
          .where('id', '=', teamId)
          .execute();
        expect(left).toEqual([]);
        clean(watch);
      } finally {
        await context.close();
      }
    });

    it('is served with a strict CSP and no inline script', async () => {
      const response = await fetch(`${hub.url}/findings`, { headers: { accept: 'text/html' } });
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain('unsafe-eval');
      const html = await response.text();
      expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
      expect(html).not.toMatch(/\sstyle=/);
    });
  },
);

/** Sets a labelled filter select (its name is its label, then the chosen option). */
async function setFilter(page: Page, label: string, value: string): Promise<void> {
  await page.getByRole('combobox', { name: new RegExp(`^${label}\\b`) }).selectOption(value);
}
