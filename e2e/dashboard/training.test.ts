import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ingestScan } from '../../packages/server/src/ingest/ingest-scan.js';
import { codeFinding, reportBody } from '../../packages/server/src/ingest/ingest-test-support.js';
import { applyTrainingRules } from '../../packages/server/src/training/assignments.js';
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

const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
type Counts = Record<(typeof SEVERITIES)[number], number>;

interface Quiz {
  readonly title: string;
  readonly minutes: number;
  readonly quiz: readonly {
    question: string;
    choices: string[];
    answer: number;
    explanation: string;
  }[];
}

/** A built-in module's front matter, read from its file: the quiz with its answers. */
function moduleFile(id: string): Quiz {
  const text = readFileSync(resolve('packages/training/content', `${id}.md`), 'utf8');
  const match = /^---\n([\s\S]*?)\n---\n/.exec(text);
  if (!match?.[1]) throw new Error(`${id}.md has no front matter`);
  return parse(match[1]) as Quiz;
}

/** A question's choice `index`, which must exist. */
function choice(question: Quiz['quiz'][number], index: number): string {
  const text = question.choices[index];
  if (text === undefined) throw new Error(`no choice ${index} in "${question.question}"`);
  return text;
}

/** The words the page uses for a cause: `CWE-89: 2 findings: 1 critical, 1 high`. */
function causeText(cwe: string, findings: Counts): string {
  const total = SEVERITIES.reduce((sum, s) => sum + findings[s], 0);
  const parts = SEVERITIES.filter((s) => findings[s] > 0).map((s) => `${findings[s]} ${s}`);
  return `${cwe}: ${total} ${total === 1 ? 'finding' : 'findings'}: ${parts.join(', ')}`;
}

/**
 * The training pages in Debian's Chromium against a real hub: team A's developer takes the
 * module its findings call for, fails its quiz once, passes it, and finds it completed.
 */
describe.skipIf(BROWSER_MISSING !== '')(
  `the training pages in a real browser${BROWSER_MISSING && ` (skipped: ${BROWSER_MISSING})`}`,
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
    async function getJson<T>(path: string, token: string): Promise<T> {
      const response = await fetch(`${hub.url}${path}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.status).toBe(200);
      return (await response.json()) as T;
    }

    it('the developer takes a recommended module, fails its quiz once, passes it, and it shows as completed', async () => {
      const { org } = hub;
      // What the seed really produces: the hub's own recommendation for team A's developer.
      const mine = await getJson<{
        recommendations: {
          module: { id: string; title: string };
          completed: boolean;
          teams: { teamName: string; causes: { cwe: string; findings: Counts }[] }[];
        }[];
      }>('/api/v1/me/training', org.developer.token);
      const sqli = mine.recommendations.find((r) => r.module.id === 'sql-injection');
      expect(sqli).toBeDefined();
      expect(sqli?.completed).toBe(false);
      const cause = sqli?.teams[0]?.causes.find((c) => c.cwe === 'CWE-89');
      expect(cause).toBeDefined();
      const why = causeText('CWE-89', cause?.findings as Counts);
      const module = moduleFile('sql-injection');

      const { page, context, watch } = await signedIn(org.developer);
      try {
        await page.getByRole('link', { name: 'Training', exact: true }).click();
        await page.waitForURL(/\/training$/);
        const recommended = page.getByRole('list', { name: 'Recommended modules', exact: true });
        const item = recommended.getByRole('listitem').filter({
          has: page.getByRole('link', { name: module.title, exact: true }),
        });
        await expect.poll(() => item.count(), PAGE_LOAD).toBe(1);
        // The reason, with the hub's numbers: CWE-89 and its findings by severity.
        await expect.poll(() => item.textContent(), PAGE_LOAD).toContain(why);
        expect(await item.textContent()).toContain(`Recommended for ${sqli?.teams[0]?.teamName}`);
        expect(await item.textContent()).not.toContain('Completed');
        // The catalog lists every module, and filters in the URL.
        const catalog = page.getByRole('list', { name: 'All modules', exact: true });
        await expect
          .poll(() => catalog.getByRole('listitem').count(), PAGE_LOAD)
          .toBeGreaterThan(10);
        await page.getByLabel('Level').selectOption('beginner');
        await page.waitForURL(/level=beginner/);
        await expect
          .poll(
            () => catalog.getByRole('link', { name: module.title, exact: true }).count(),
            PAGE_LOAD,
          )
          .toBe(1);
        await shot(page, 'training');

        await item.getByRole('link', { name: module.title, exact: true }).click();
        await page.waitForURL(/\/training\/sql-injection$/);
        await expect
          .poll(() => page.getByRole('heading', { level: 1 }).textContent(), PAGE_LOAD)
          .toBe(module.title);
        // The body is the hub's markdown.
        await expect
          .poll(() => page.getByRole('heading', { name: 'What it is' }).count(), PAGE_LOAD)
          .toBe(1);
        const quiz = page.getByRole('form', { name: 'Quiz' });
        const question = (i: number) =>
          quiz.getByRole('group', { name: `${i + 1}. ${module.quiz[i]?.question}` });
        async function answer(pick: (q: Quiz['quiz'][number]) => number) {
          for (const [i, q] of module.quiz.entries()) {
            await question(i)
              .getByRole('radio', { name: choice(q, pick(q)), exact: true })
              .check();
          }
          await quiz.getByRole('button', { name: 'Submit answers' }).click();
        }

        // Wrong everywhere: not passed, each question with the right answer and why.
        await answer((q) => (q.answer + 1) % q.choices.length);
        const result = quiz.getByRole('status');
        await expect.poll(() => result.textContent(), PAGE_LOAD).toContain('Not passed');
        expect(await result.textContent()).toContain('0 %');
        for (const [i, q] of module.quiz.entries()) {
          const text = await question(i).textContent();
          expect(text).toContain('Wrong.');
          expect(text).toContain(`The right answer: ${q.choices[q.answer]}`);
          expect(text).toContain(q.explanation);
        }
        await shot(page, 'training-quiz-failed');

        // Try again, right everywhere: passed.
        await quiz.getByRole('button', { name: 'Try again' }).click();
        await expect.poll(() => quiz.getByRole('status').count(), PAGE_LOAD).toBe(0);
        expect(await quiz.getByRole('radio', { checked: true }).count()).toBe(0);
        await answer((q) => q.answer);
        await expect.poll(() => result.textContent(), PAGE_LOAD).toContain('Passed');
        expect(await result.textContent()).toContain('100 %');
        expect(await question(0).textContent()).toContain('Right.');
        await expect
          .poll(() => page.getByTestId('training-progress').textContent(), PAGE_LOAD)
          .toContain('You completed this module');
        await shot(page, 'training-quiz-passed');

        // Back on /training, the recommendation is marked completed.
        await page.getByRole('link', { name: 'Training', exact: true }).first().click();
        await page.waitForURL(/\/training$/);
        await expect.poll(() => item.textContent(), PAGE_LOAD).toContain('Completed · best 100 %');

        // The team page counts the developer among those who passed it.
        const team = await getJson<{
          recommendations: { module: { id: string }; completedBy: number; members: number }[];
        }>(`/api/v1/teams/${org.teamA}/training/recommendations`, org.developer.token);
        const entry = team.recommendations.find((r) => r.module.id === 'sql-injection');
        expect(entry?.completedBy).toBe(1);
        await page.goto(`${hub.url}/teams/${org.teamA}`);
        const card = page.getByRole('region', { name: 'Recommended training' });
        await expect
          .poll(
            () => card.getByRole('listitem').filter({ hasText: module.title }).textContent(),
            PAGE_LOAD,
          )
          .toContain(`1 / ${entry?.members} members passed`);
        clean(watch);
      } finally {
        await context.close();
      }
    });

    it("the hub's limit of attempts per hour is shown with its message", async () => {
      const { org } = hub;
      const module = moduleFile('cross-site-scripting');
      const wrong = module.quiz.map((q) => (q.answer + 1) % q.choices.length);
      for (let i = 0; i < 10; i++) {
        const response = await fetch(
          `${hub.url}/api/v1/training/modules/cross-site-scripting/attempts`,
          {
            method: 'POST',
            headers: {
              authorization: `Bearer ${org.developer.token}`,
              'content-type': 'application/json',
            },
            body: JSON.stringify({ answers: wrong }),
          },
        );
        expect(response.status).toBe(200);
      }
      const { page, context, watch } = await signedIn(org.developer);
      try {
        await page.goto(`${hub.url}/training/cross-site-scripting`);
        const quiz = page.getByRole('form', { name: 'Quiz' });
        await expect
          .poll(() => quiz.textContent(), PAGE_LOAD)
          .toContain('0 attempts left this hour');
        for (const [i, q] of module.quiz.entries()) {
          await quiz
            .getByRole('group', { name: `${i + 1}. ${q.question}` })
            .getByRole('radio', { name: choice(q, q.answer), exact: true })
            .check();
        }
        await quiz.getByRole('button', { name: 'Submit answers' }).click();
        await expect
          .poll(() => quiz.getByRole('alert').textContent(), PAGE_LOAD)
          .toMatch(
            /^Too many attempts: at most 10 attempts at a module per hour: .* retry in \d+ minutes?\.$/,
          );
        expect(await quiz.getByRole('status').count()).toBe(0);
        // The refused request is the only thing the console reports.
        expect(watch.errors).toEqual([
          'Failed to load resource: the server responded with a status of 429 (Too Many Requests)',
        ]);
        expect(watch.foreignRequests).toEqual([]);
        expect(watch.dialogs).toEqual([]);
      } finally {
        await context.close();
      }
    });

    it("a finding's Learn link leads to the module for its CWE", async () => {
      const module = moduleFile('sql-injection');
      const { page, context, watch } = await signedIn(hub.org.developer);
      try {
        // The seeded hostile finding is CWE-89.
        await page.goto(`${hub.url}/findings/${hub.hostileId}`);
        const learn = page.getByRole('link', {
          name: `Learn: ${module.title} (${module.minutes} min)`,
        });
        await expect.poll(() => learn.count(), PAGE_LOAD).toBe(1);
        await learn.click();
        await page.waitForURL(/\/training\/sql-injection$/);
        await expect
          .poll(() => page.getByRole('heading', { level: 1 }).textContent(), PAGE_LOAD)
          .toBe(module.title);
        clean(watch);
      } finally {
        await context.close();
      }
    });

    it('security creates an assignment rule, the job runs, and the developer sees the module assigned', async () => {
      const { org } = hub;
      // Cross-site scripting: the developer tried it (the test above) but never passed it.
      const module = moduleFile('cross-site-scripting');
      const security = await signedIn(org.security);
      try {
        await security.page.goto(`${hub.url}/training`);
        const rules = security.page.getByRole('region', { name: 'Assignment rules' });
        await expect.poll(() => rules.getByText('No rules yet.').count(), PAGE_LOAD).toBe(1);
        await rules.getByLabel('Name', { exact: true }).fill('XSS, high');
        await rules.getByLabel('CWE', { exact: true }).fill('CWE-79');
        await rules.getByLabel('Severity at least', { exact: true }).selectOption('high');
        await rules.getByLabel('Module', { exact: true }).selectOption('cross-site-scripting');
        await rules.getByLabel('Due in (days)', { exact: true }).fill('14');
        await rules.getByRole('button', { name: 'Create rule' }).click();
        const row = rules.getByRole('row').filter({ hasText: 'XSS, high' });
        await expect.poll(() => row.count(), PAGE_LOAD).toBe(1);
        expect(await row.textContent()).toContain('CWE-79');
        expect(await row.textContent()).toContain('not yet');
        await shot(security.page, 'training-rules');
        clean(security.watch);
      } finally {
        await security.context.close();
      }

      // A new high XSS finding in team A (in a pull request), then the job's run.
      const at = Date.now();
      await ingestScan(hub.hub, {
        projectId: hub.org.projectA,
        body: reportBody({
          findings: [{ ...codeFinding('e2e-xss', { severity: 'high' }), cwe: ['CWE-79'] }],
          at,
          stage: 'pr',
          branch: 'training-e2e',
          pullRequest: 11,
        }),
        now: at,
      });
      const outcome = await applyTrainingRules(hub.hub, Date.now());
      // Team A's two members: the developer and the champion.
      expect(outcome.assigned).toBe(2);

      const { page, context, watch } = await signedIn(org.developer);
      try {
        await page.goto(`${hub.url}/training`);
        const assigned = page.getByRole('region', { name: 'Assigned to you' });
        const item = assigned.getByRole('listitem').filter({
          has: page.getByRole('link', { name: module.title, exact: true }),
        });
        await expect.poll(() => item.count(), PAGE_LOAD).toBe(1);
        expect(await item.textContent()).toMatch(/due /);
        expect(await item.textContent()).toContain('XSS, high');
        // A developer does not see the rules editor.
        expect(await page.getByRole('region', { name: 'Assignment rules' }).count()).toBe(0);
        await shot(page, 'training-assigned');
        clean(watch);
      } finally {
        await context.close();
      }
    });
  },
);
