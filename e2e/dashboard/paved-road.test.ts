import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { savePolicy } from '../../packages/server/src/paved-road/catalog-store.js';
import { runRampartAsync } from '../support/run-cli.js';
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

/** The organisation's road before the test bans lodash: one banned npm library. */
const POLICY = `version: 1
name: E2E road
# The security team's notes stay in the file across the dashboard's edits.
libraries:
  npm:
    banned:
      - name: request
        replacement: undici
        reason: deprecated since 2020
scanners: [iac]
`;

/** A minimal npm lockfile (v3) that pins lodash 4.17.15 (banned below 4.17.21 by the test). */
const LOCKFILE = `${JSON.stringify(
  {
    name: 'shop',
    version: '1.0.0',
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': { name: 'shop', version: '1.0.0', dependencies: { lodash: '4.17.15' } },
      'node_modules/lodash': {
        version: '4.17.15',
        resolved: 'https://registry.npmjs.org/lodash/-/lodash-4.17.15.tgz',
        integrity:
          'sha512-8xOcRHvCjnocdS5cpwXQXVzmmh5e5+saE2QGoeQmbKmRS6J3VQppPOIt0MnmE+4xlZoumy0GPG0D0MVIQbNA1A==',
      },
    },
  },
  null,
  2,
)}\n`;

interface Scorecard {
  score: number | null;
  checks: { id: string; status: string; fix: { text: string } | null }[];
}

/**
 * The paved road in Debian's Chromium against a real hub: security bans a library a project
 * uses through the catalog's form, the project's repository is scanned by the built CLI
 * (which fetches the policy from the hub) before and after, and the project's page shows the
 * score drop with the replacement as the fix. A developer reads the catalog, without forms.
 */
describe.skipIf(BROWSER_MISSING !== '')(
  `the paved-road pages in a real browser${BROWSER_MISSING && ` (skipped: ${BROWSER_MISSING})`}`,
  { timeout: 180_000 },
  () => {
    let hub: DashboardHub;
    let browser: Browser;
    let dir: string;
    let repo: string;

    beforeAll(async () => {
      hub = await startDashboardHub();
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
      await savePolicy(hub.hub, {
        yaml: POLICY,
        comment: 'The first road',
        baseRevision: null,
        actorId: hub.org.security.id,
        now: Date.now(),
      });
      dir = mkdtempSync(join(tmpdir(), 'rampart-e2e-paved-road-'));
      repo = join(dir, 'shop');
      execFileSync('git', ['init', '-q', '-b', 'main', repo]);
      writeFileSync(
        join(repo, 'package.json'),
        `${JSON.stringify({ name: 'shop', version: '1.0.0', dependencies: { lodash: '4.17.15' } }, null, 2)}\n`,
      );
      writeFileSync(join(repo, 'package-lock.json'), LOCKFILE);
      writeFileSync(join(repo, 'rampart.yml'), `pavedRoad: ${hub.url}/api/v1/paved-road.yml\n`);
      writeFileSync(join(repo, 'index.js'), "const _ = require('lodash');\nmodule.exports = _;\n");
      execFileSync('git', ['add', '.'], { cwd: repo });
      execFileSync(
        'git',
        ['-c', 'user.name=E2E', '-c', 'user.email=e2e@example.test', 'commit', '-q', '-m', 'shop'],
        { cwd: repo },
      );
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
      await hub?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    const signedIn = (user: { username: string; password: string }) =>
      signedInAs(browser, hub.url, user);

    /**
     * Scans the repository with the built CLI and uploads the report, with a fresh policy
     * cache (a cached copy younger than an hour would be used without asking the hub).
     */
    async function scanAndUpload(label: string) {
      const run = await runRampartAsync(
        dir,
        [
          'scan',
          repo,
          '--scanners',
          'iac',
          '--stage',
          'main',
          '--server',
          hub.url,
          '--project',
          hub.org.projectA,
          '--upload',
          '--no-progress',
        ],
        {
          RAMPART_TOKEN: hub.org.ciToken,
          RAMPART_PAVED_ROAD_TOKEN: hub.org.ciToken,
          RAMPART_CACHE_DIR: join(dir, `cache-${label}`),
        },
      );
      // 0 or 1 (the gate); 2 and 3 are configuration and internal errors.
      expect([0, 1], `${run.stderr}\n${run.stdout}`).toContain(run.status);
      return run;
    }

    async function scorecard(): Promise<Scorecard> {
      const response = await fetch(`${hub.url}/api/v1/projects/${hub.org.projectA}/paved-road`, {
        headers: { authorization: `Bearer ${hub.org.security.token}` },
      });
      expect(response.status).toBe(200);
      return (await response.json()) as Scorecard;
    }

    it('security bans a library through the catalog, and the next scan drops the project’s score', async () => {
      const { org } = hub;
      await scanAndUpload('before');
      const before = await scorecard();
      expect(before.score).not.toBeNull();
      expect(before.checks.find((c) => c.id === 'paved-road/banned-library')?.status).toBe('pass');
      expect(before.checks.find((c) => c.id === 'paved-road-policy')?.status).toBe('pass');

      const security = await signedIn(org.security);
      try {
        const { page, watch } = security;
        await page.getByRole('link', { name: 'Paved road', exact: true }).click();
        await page.waitForURL(/\/paved-road$/);
        await expect
          .poll(
            () => page.getByRole('heading', { level: 2, name: /^Revision 1/ }).count(),
            PAGE_LOAD,
          )
          .toBe(1);
        const banned = page.getByRole('table', { name: 'Banned libraries' });
        await expect.poll(() => banned.locator('tbody tr').count(), PAGE_LOAD).toBe(1);

        // Ban lodash below 4.17.21 through the form.
        const form = page.getByRole('form', { name: 'Ban a library' });
        await form.getByLabel('Ecosystem').selectOption('npm');
        await form.getByLabel('Library name').fill('lodash');
        await form.getByLabel(/Banned versions/).fill('<4.17.21');
        await form.getByLabel('Replacement').fill('lodash 4.17.21 or later');
        await form.getByLabel('Reason').fill('prototype pollution in zipObjectDeep');
        await form.getByRole('button', { name: 'Ban library' }).click();
        await expect
          .poll(() => form.getByRole('status').textContent(), PAGE_LOAD)
          .toContain('lodash is banned. Saved as revision 2.');
        await expect.poll(() => banned.locator('tbody tr').count(), PAGE_LOAD).toBe(2);
        const row = banned.locator('tbody tr').filter({ hasText: 'lodash' });
        expect(await row.textContent()).toContain('<4.17.21');
        expect(await row.textContent()).toContain('lodash 4.17.21 or later');
        await expect
          .poll(
            () => page.getByRole('heading', { level: 2, name: /^Revision 2/ }).count(),
            PAGE_LOAD,
          )
          .toBe(1);

        // The history has the new revision; its diff adds the entry, marked in the text.
        const history = page.getByRole('table', { name: 'Revisions' });
        await expect.poll(() => history.locator('tbody tr').count(), PAGE_LOAD).toBe(2);
        const newest = history.locator('tbody tr').first();
        expect(await newest.textContent()).toContain('Ban npm lodash <4.17.21');
        expect(await newest.textContent()).toMatch(/\+\d+/);
        await newest.getByRole('link', { name: 'Revision 2' }).click();
        await page.waitForURL(/revision=2/);
        const added = page.locator('ins.paved-diff-add');
        await expect.poll(() => added.count(), PAGE_LOAD).toBeGreaterThan(0);
        expect(await added.allTextContents()).toContainEqual(
          expect.stringMatching(/^\+ .*name: lodash/),
        );
        // The form edited the YAML document: the security team's comment is still in it.
        const served = await fetch(`${hub.url}/api/v1/paved-road.yml`, {
          headers: { authorization: `Bearer ${org.ciToken}` },
        });
        expect(await served.text()).toContain("# The security team's notes");
        await shot(page, 'paved-road-catalog');

        // The repository is scanned again: the hub serves the new policy.
        await scanAndUpload('after');
        const after = await scorecard();
        expect(after.score).not.toBeNull();
        expect(after.score as number).toBeLessThan(before.score as number);

        await page.goto(`${hub.url}/projects/${org.projectA}`);
        const section = page.getByRole('region', { name: 'Paved road' });
        await expect
          .poll(() => section.locator('.paved-big-score').textContent(), PAGE_LOAD)
          .toContain(`${after.score}/100`);
        const check = section.locator('tr[data-check="paved-road/banned-library"]');
        await expect.poll(() => check.textContent(), PAGE_LOAD).toContain('fail');
        expect(await check.textContent()).toContain('lodash 4.17.21 or later');
        // The trend has the day's score.
        expect(await section.getByRole('img', { name: /Paved-road score trend/ }).count()).toBe(1);
        await shot(page, 'paved-road-project');
        // Security marks the service internet-facing: it now needs a threat model.
        const threatModel = section.locator('tr[data-check="threat-model"]');
        expect(await threatModel.textContent()).toContain('not applicable');
        await section.getByLabel('Exposure').selectOption('internet');
        await expect.poll(() => threatModel.textContent(), PAGE_LOAD).toContain('fail');
        expect(await section.locator('.paved-big-score').textContent()).not.toContain(
          `${after.score}/100`,
        );

        // The organisation's gaps name the check, the replacement and the project.
        await page.goto(`${hub.url}/paved-road/gaps`);
        const gap = page.locator('li.paved-gap').filter({ hasText: 'paved-road/banned-library' });
        await expect.poll(() => gap.count(), PAGE_LOAD).toBe(1);
        expect(await gap.textContent()).toContain('lodash 4.17.21 or later');
        expect(await gap.getByRole('link', { name: 'shop' }).count()).toBe(1);
        await shot(page, 'paved-road-gaps');

        // Does the road pay off? With one project, the sample is too small, and it says so.
        await page.goto(`${hub.url}/paved-road/comparison`);
        await expect
          .poll(() => page.getByRole('table', { name: /On the road/ }).count(), PAGE_LOAD)
          .toBe(1);
        expect(await page.getByRole('note').textContent()).toContain('Small sample');
        expect(await page.getByText('This is a correlation, not proof').count()).toBe(1);
        await page.getByLabel('On the road from score').fill('50');
        await page.waitForURL(/threshold=50/);
        await expect
          .poll(() => page.getByRole('heading', { level: 2 }).first().textContent(), PAGE_LOAD)
          .toContain('Score ≥ 50');
        await shot(page, 'paved-road-comparison');
        clean(watch);
      } finally {
        await security.context.close();
      }
    });

    it('security edits the YAML (an invalid policy names its line, a stale save offers a reload) and publishes a template', async () => {
      const { org } = hub;
      const current = async () => {
        const response = await fetch(`${hub.url}/api/v1/paved-road`, {
          headers: { authorization: `Bearer ${org.security.token}` },
        });
        return (await response.json()) as { revision: number; yaml: string };
      };
      const security = await signedIn(org.security);
      try {
        const { page, watch } = security;
        await page.goto(`${hub.url}/paved-road`);
        const editor = page.getByRole('form', { name: 'Edit the YAML' });
        const yaml = editor.getByLabel('Policy YAML');
        const start = await current();
        await expect.poll(() => yaml.inputValue(), PAGE_LOAD).toBe(start.yaml);

        // A typo: the hub refuses it, naming the line, and the editor jumps there.
        await yaml.fill('version: 1\nlibraries:\n  npm:\n    banned:\n      - nme: request\n');
        await editor.getByRole('button', { name: 'Save' }).click();
        const alert = editor.getByRole('alert');
        await expect.poll(() => alert.textContent(), PAGE_LOAD).toContain('line 5, column 9');
        expect(await alert.textContent()).toContain('unknown key "nme"');
        await alert.getByRole('button', { name: 'Go to line 5' }).click();
        expect(
          await yaml.evaluate((el) => {
            // The e2e project is type-checked without the DOM library.
            const area = el as unknown as {
              value: string;
              selectionStart: number;
              selectionEnd: number;
              ownerDocument: { activeElement: unknown };
            };
            return [
              area.ownerDocument.activeElement === el,
              area.value.slice(area.selectionStart, area.selectionEnd),
            ];
          }),
        ).toEqual([true, 'nme: request']);

        // Someone else saves meanwhile: the editor's save is refused, and offers a reload.
        await yaml.fill(`${start.yaml}# my edit\n`);
        await savePolicy(hub.hub, {
          yaml: `${start.yaml}# someone else's edit\n`,
          comment: 'Meanwhile',
          baseRevision: start.revision,
          actorId: org.admin.id,
          now: Date.now(),
        });
        await editor.getByRole('button', { name: 'Save' }).click();
        await expect
          .poll(() => alert.textContent(), PAGE_LOAD)
          .toContain('Someone else saved the catalog');
        await alert.getByRole('button', { name: 'Reload the current catalog' }).click();
        await expect.poll(() => yaml.inputValue(), PAGE_LOAD).toContain("someone else's edit");
        expect(await yaml.inputValue()).not.toContain('my edit');

        // A template: published through the form, listed, its files and the init command.
        await page.getByText('Publish a template version').click();
        const publish = page.getByRole('form', { name: 'Publish a template version' });
        await publish.getByLabel('Name').fill('node-service');
        await publish.getByLabel('Version').fill('1.0.0');
        await publish.getByLabel('CI').selectOption('github');
        await publish.getByLabel('Description').fill('Rampart on every PR and on main, with SARIF');
        const file1 = publish.getByRole('group', { name: 'File 1' });
        await file1.getByLabel(/^Path/).fill('.github/workflows/rampart.yml');
        await file1
          .getByLabel('Content')
          .fill(
            'on: [pull_request, push]\njobs:\n  rampart:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npx rampart scan --server {{server}} --format sarif --output r.sarif\n      - uses: github/codeql-action/upload-sarif@v3\n',
          );
        await publish.getByRole('button', { name: 'Add a file' }).click();
        const file2 = publish.getByRole('group', { name: 'File 2' });
        await file2.getByLabel(/^Path/).fill('SECURITY.md');
        await file2.getByLabel('Content').fill('# Security\nReport to security@example.test\n');
        await publish.getByRole('button', { name: 'Publish' }).click();
        await expect
          .poll(() => publish.getByRole('status').textContent(), PAGE_LOAD)
          .toContain('Published node-service 1.0.0.');
        const templates = page.getByRole('table', { name: 'Templates' });
        await expect.poll(() => templates.locator('tbody tr').count(), PAGE_LOAD).toBe(1);
        expect(await templates.textContent()).toContain('sarif-upload');
        await templates.getByRole('link', { name: 'node-service' }).click();
        await page.waitForURL(/template=node-service/);
        const files = page.locator('figure.paved-file');
        await expect.poll(() => files.count(), PAGE_LOAD).toBe(2);
        expect(await files.first().locator('pre').textContent()).toContain('upload-sarif');
        const init = `rampart init --template node-service --server ${hub.url}`;
        expect(await page.getByText(init, { exact: true }).count()).toBe(1);
        await shot(page, 'paved-road-templates');

        // The gaps offer it where it helps.
        await page.goto(`${hub.url}/paved-road/gaps`);
        const sarif = page.locator('li.paved-gap').filter({ hasText: 'sarif-upload' });
        await expect.poll(() => sarif.getByText(init, { exact: true }).count(), PAGE_LOAD).toBe(1);

        // An entry is removed after a confirmation.
        await page.goto(`${hub.url}/paved-road`);
        const bannedRows = page
          .getByRole('table', { name: 'Banned libraries' })
          .locator('tbody tr');
        await expect.poll(() => bannedRows.count(), PAGE_LOAD).toBe(2);
        watch.confirm = /^Remove the banned library npm request from the paved road\?$/;
        await page.getByRole('button', { name: 'Remove banned library npm request' }).click();
        await expect.poll(() => bannedRows.count(), PAGE_LOAD).toBe(1);
        expect(watch.confirm).toBeUndefined();
        expect(await bannedRows.first().textContent()).toContain('lodash');
        await expect
          .poll(
            () =>
              page
                .getByRole('table', { name: 'Revisions' })
                .locator('tbody tr')
                .first()
                .textContent(),
            PAGE_LOAD,
          )
          .toContain('Remove banned library npm request');

        // The refused saves are the only console errors (the browser logs their 400 and 409).
        expect(watch.errors.every((e) => /status of 40[09]/.test(e))).toBe(true);
        watch.errors.splice(0);
        clean(watch);
      } finally {
        await security.context.close();
      }
    });

    it('a developer reads the catalog without forms, and sees the scores', async () => {
      const { page, context, watch } = await signedIn(hub.org.developer);
      try {
        await page.goto(`${hub.url}/paved-road`);
        await expect
          .poll(() => page.getByRole('table', { name: 'Banned libraries' }).count(), PAGE_LOAD)
          .toBe(1);
        await expect
          .poll(() => page.getByRole('table', { name: 'Revisions' }).count(), PAGE_LOAD)
          .toBe(1);
        expect(await page.getByRole('form', { name: 'Ban a library' }).count()).toBe(0);
        expect(await page.getByRole('form', { name: 'Approve a base image' }).count()).toBe(0);
        expect(await page.getByLabel('Policy YAML').count()).toBe(0);
        expect(await page.getByRole('button', { name: /^Remove/ }).count()).toBe(0);

        await page
          .getByRole('navigation', { name: 'Paved road' })
          .getByRole('link', { name: 'Scores' })
          .click();
        await page.waitForURL(/\/paved-road\/scores$/);
        const projects = page.getByRole('table', { name: 'Project scores' });
        await expect.poll(() => projects.locator('tbody tr').count(), PAGE_LOAD).toBe(1);
        expect(await projects.locator('tbody tr').first().textContent()).toMatch(/shop.*\d+\/100/);
        await expect
          .poll(() => page.getByRole('table', { name: 'Check pass rates' }).count(), PAGE_LOAD)
          .toBe(1);
        // The team filter is in the URL.
        await page.getByLabel('Team', { exact: true }).selectOption(hub.org.teamA);
        await page.waitForURL(new RegExp(`team=${hub.org.teamA}`));
        await expect.poll(() => projects.locator('tbody tr').count(), PAGE_LOAD).toBe(1);
        await shot(page, 'paved-road-scores-developer');
        clean(watch);
      } finally {
        await context.close();
      }
    });
  },
);
