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

/** An element name a repository can choose: it must show as text, in the list and the diagram. */
const HOSTILE_NAME = '<img src=x onerror=window.__xss=1>';
const MODEL_NAME = 'Checkout <b>demo</b>';

/** A small model with a hostile element name; the threat library gives it seven threats. */
const MODEL_YAML = `version: 1
name: ${MODEL_NAME}
description: Orders placed in the browser <script>window.__xss=2</script>.
elements:
  - id: browser
    type: external-entity
    name: Customer browser
    attributes:
      internetFacing: true
  - id: web
    type: process
    name: ${HOSTILE_NAME}
    attributes:
      internetFacing: true
      authenticates: false
      validatesInput: false
      servesWebUi: true
      usesCookies: true
      csrfProtection: false
      rateLimited: false
  - id: db
    type: data-store
    name: Orders DB
    attributes:
      encryptsAtRest: false
      backedUp: false
flows:
  - id: browser-web
    from: browser
    to: web
    protocol: http
    encrypted: false
    data: [credentials]
  - id: web-db
    from: web
    to: db
    protocol: sql
boundaries:
  - id: internet
    name: Internet
    elements: [browser]
`;
const THREAT_COUNT = 7;
/** A threat of the hostile element the champion mitigates. */
const THREAT_ID = 'TM-S-001@web';

/**
 * The threat-model page in Debian's Chromium against a real hub: the diagram and the threat
 * list of a model uploaded by CI, a decision recorded from the page, what each role is
 * offered, hostile model text shown as text, and the page without a model.
 */
describe.skipIf(BROWSER_MISSING !== '')(
  `the threat-model page in a real browser${BROWSER_MISSING && ` (skipped: ${BROWSER_MISSING})`}`,
  { timeout: 120_000 },
  () => {
    let hub: DashboardHub;
    let browser: Browser;

    beforeAll(async () => {
      hub = await startDashboardHub();
      const response = await fetch(`${hub.url}/api/v1/projects/${hub.org.projectA}/threat-model`, {
        method: 'PUT',
        headers: {
          authorization: `Bearer ${hub.org.ciToken}`,
          'content-type': 'application/yaml',
        },
        body: MODEL_YAML,
      });
      if (response.status !== 201)
        throw new Error(`model upload failed: ${response.status} ${await response.text()}`);
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
      await hub?.close();
    });

    /** What a page did that it must not: requests elsewhere, dialogs, errors (CSP included). */
    const signedIn = (user: { username: string; password: string }) =>
      signedInAs(browser, hub.url, user);

    async function clean(page: Page, watch: Watch) {
      expect(await page.evaluate('typeof window.__xss')).toBe('undefined');
      expect(watch.foreignRequests).toEqual([]);
      expect(watch.dialogs).toEqual([]);
      expect(watch.errors).toEqual([]);
    }

    const threatItems = (page: Page) => page.locator('li.tm-threat');
    const threat = (page: Page, id: string) => page.locator('li.tm-threat', { hasText: id });

    async function openThreatModel(page: Page, projectId: string) {
      await page.goto(`${hub.url}/projects/${projectId}/threat-model`);
    }

    it('a champion sees the diagram and the threats, and marks one mitigated', async () => {
      const { context, page, watch } = await signedIn(hub.org.champion);
      try {
        // From the project page's link.
        await page.goto(`${hub.url}/projects/${hub.org.projectA}`);
        const link = page.getByRole('link', { name: 'Threat model' });
        await expect.poll(() => link.count(), PAGE_LOAD).toBe(1);
        await link.click();
        await page.waitForURL(/\/threat-model$/);

        const heading = page.getByRole('heading', { level: 1 });
        await expect.poll(() => heading.textContent(), PAGE_LOAD).toBe(`${MODEL_NAME} revision 1`);
        const diagram = page.getByRole('img', { name: `Data-flow diagram of ${MODEL_NAME}` });
        await expect
          .poll(
            () =>
              diagram.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth),
            PAGE_LOAD,
          )
          .toBeGreaterThan(0);
        await expect.poll(() => threatItems(page).count(), PAGE_LOAD).toBe(THREAT_COUNT);
        // The hostile name is text (a target of several threats), never an element.
        expect(await page.getByText(HOSTILE_NAME).count()).toBeGreaterThan(0);
        expect(await page.locator('main img').count()).toBe(1);

        const item = threat(page, THREAT_ID);
        expect(await item.locator('.tm-status').textContent()).toBe('Open');
        // Champions may accept.
        expect(await item.getByRole('button', { name: 'Accept' }).count()).toBe(1);
        // The description and mitigations are one disclosure away.
        await item.getByText('Description and mitigations').click();
        await expect.poll(() => item.locator('details h4').isVisible(), PAGE_LOAD).toBe(true);

        await item.getByRole('button', { name: 'Mark mitigated' }).click();
        const evidence = item.getByLabel('Evidence');
        // The form focuses its text box; an empty evidence is refused in the form.
        await expect
          .poll(() => evidence.evaluate((el) => el === el.ownerDocument.activeElement))
          .toBe(true);
        await item.getByRole('button', { name: 'Mark mitigated' }).click();
        await expect.poll(() => item.getByRole('alert').textContent()).toContain('evidence');
        await evidence.fill('Sign-in required since <b>PR #42</b>');
        await item.getByRole('button', { name: 'Mark mitigated' }).click();

        await expect
          .poll(() => item.locator('.tm-status').textContent(), PAGE_LOAD)
          .toBe('Mitigated');
        await expect.poll(() => heading.textContent(), PAGE_LOAD).toBe(`${MODEL_NAME} revision 2`);
        expect(await item.locator('.tm-decision').textContent()).toBe(
          'Sign-in required since <b>PR #42</b>',
        );
        await expect
          .poll(() => page.getByRole('status').filter({ hasText: 'revision 2' }).count())
          .toBe(1);
        // The diagram of the new revision is loaded.
        expect(await diagram.getAttribute('src')).toMatch(/revision=2$/);
        await expect
          .poll(
            () =>
              diagram.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth),
            PAGE_LOAD,
          )
          .toBeGreaterThan(0);

        // The hub stored the decision.
        const stored = (await page.evaluate(
          `fetch('/api/v1/projects/${hub.org.projectA}/threat-model').then((r) => r.json())`,
        )) as { revision: number; threats: { id: string; status: string; evidence?: string }[] };
        expect(stored.revision).toBe(2);
        expect(stored.threats.find((t) => t.id === THREAT_ID)).toMatchObject({
          status: 'mitigated',
          evidence: 'Sign-in required since <b>PR #42</b>',
        });

        // Filters: by status, then by STRIDE, kept in the URL.
        await page.getByLabel('Status').selectOption('mitigated');
        await page.waitForURL(/status=mitigated/);
        await expect.poll(() => threatItems(page).count(), PAGE_LOAD).toBe(1);
        await page.getByLabel('Status').selectOption('');
        await page.getByLabel('STRIDE').selectOption('spoofing');
        await page.waitForURL(/stride=spoofing/);
        await expect.poll(() => threatItems(page).count(), PAGE_LOAD).toBe(3);
        await page.getByLabel('STRIDE').selectOption('');
        await expect.poll(() => threatItems(page).count(), PAGE_LOAD).toBe(THREAT_COUNT);

        await shot(page, 'threat-model');
        await page.setViewportSize({ width: 390, height: 800 });
        await shot(page, 'threat-model-phone');
        await clean(page, watch);
      } finally {
        await context.close();
      }
    });

    it('a developer may mark mitigated but is not offered Accept; an auditor only reads', async () => {
      for (const [user, writes] of [
        [hub.org.developer, true],
        [hub.org.auditor, false],
      ] as const) {
        const { context, page, watch } = await signedIn(user);
        try {
          await openThreatModel(page, hub.org.projectA);
          await expect.poll(() => threatItems(page).count(), PAGE_LOAD).toBe(THREAT_COUNT);
          const buttons = (name: string) => page.getByRole('button', { name, exact: true });
          expect(await buttons('Accept').count()).toBe(0);
          expect((await buttons('Mark mitigated').count()) > 0).toBe(writes);
          // Reopen is offered on the threat the champion mitigated in the test before.
          expect((await buttons('Reopen').count()) > 0).toBe(writes);
          if (writes) {
            // From the keyboard: Enter opens the form, Escape closes it and focus comes back.
            const item = threat(page, 'TM-S-004@web');
            await item.getByRole('button', { name: 'Mark mitigated' }).focus();
            await page.keyboard.press('Enter');
            const evidence = item.getByLabel('Evidence');
            await expect
              .poll(() => evidence.evaluate((el) => el === el.ownerDocument.activeElement))
              .toBe(true);
            await page.keyboard.press('Escape');
            await expect.poll(() => evidence.count()).toBe(0);
            await expect
              .poll(() => page.evaluate<string>('document.activeElement.textContent'))
              .toBe('Mark mitigated');
          }
          await clean(page, watch);
        } finally {
          await context.close();
        }
      }
    });

    it('explains how to upload a model when the project has none', async () => {
      const { context, page, watch } = await signedIn(hub.org.admin);
      try {
        await openThreatModel(page, hub.org.projectB);
        const empty = page.locator('.tm-empty');
        await expect
          .poll(() => empty.textContent(), PAGE_LOAD)
          .toContain('This project has no threat model yet');
        expect(await empty.locator('code').allTextContents()).toContain(
          `rampart threat-model threatmodel.yml --server <hub URL> --project ${hub.org.projectB}`,
        );
        expect(await empty.locator('a').count()).toBe(0);
        await shot(page, 'threat-model-empty');
        await clean(page, watch);
      } finally {
        await context.close();
      }
    });
  },
);
