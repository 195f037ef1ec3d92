import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Finding } from '@rampart/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPORT_CSS, REPORT_SCRIPT } from './html-assets.js';
import { renderHtml } from './html-reporter.js';
import { finding, packageFinding, reportOf, urlFinding } from './test-findings.js';

const CHROMIUM = '/usr/bin/chromium';
/** Why the browser test cannot run here ('' when it can). */
const BROWSER_MISSING = [
  existsSync(CHROMIUM) ? '' : `${CHROMIUM} is not installed`,
  existsSync(resolve('node_modules/playwright-core')) ? '' : 'playwright-core is not installed',
]
  .filter(Boolean)
  .join(' and ');

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'rampart-html-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const XSS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(1)>',
  "'><iframe src=javascript:alert(1)>",
  '</script><script>alert(1)</script>',
  '<!--',
  '\u2028\u2029',
].join(' ');

function hostile(overrides: Partial<Finding> = {}): Finding {
  return finding({
    ruleId: `rule-${XSS}`,
    title: `Title ${XSS}`,
    message: `Message ${XSS} \`code ${XSS}\``,
    remediation: `Fix ${XSS} \`safe(${XSS})\``,
    references: ['javascript:alert(1)', `https://example.com/?q=${XSS}`, 'data:text/html,<b>x</b>'],
    location: {
      kind: 'code',
      path: `src/${XSS}.js`,
      region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 8 },
      snippet: `snippet ${XSS}`,
    },
    ...overrides,
  });
}

/** The text of every `<script>` and `<style>` element, and the document without them. */
function split(html: string): { scripts: string[]; styles: string[]; rest: string } {
  const scripts: string[] = [];
  const styles: string[] = [];
  const rest = html
    .replace(/<script([^>]*)>([\s\S]*?)<\/script>/g, (_, attrs: string, body: string) => {
      scripts.push(`${attrs}|${body}`);
      return '<script></script>';
    })
    .replace(/<style>([\s\S]*?)<\/style>/g, (_, body: string) => {
      styles.push(body);
      return '<style></style>';
    });
  return { scripts, styles, rest };
}

const TAGS = new Set(
  'html head meta link title style body header main footer h1 h2 p span div code pre mark a ul li dl dt dd details summary table thead tbody tr th td form fieldset legend label input button strong br script'.split(
    ' ',
  ),
);
const ATTRIBUTES = new Set(
  'lang charset http-equiv content name rel href class id type value checked placeholder autocomplete hidden aria-pressed open'.split(
    ' ',
  ),
);

/**
 * Checks the markup as a browser would read it: every `<` opens a known tag, attributes are
 * known and quoted, no event handler, links only to http(s) (or `data:` for the icon).
 */
function assertInertMarkup(html: string): void {
  const { rest } = split(html);
  const body = rest.replace(/^<!doctype html>/, '');
  let at = body.indexOf('<');
  while (at !== -1) {
    const tag = /^<\/?([a-z][a-z0-9]*)((?:\s+[a-z-]+(?:="[^"<>]*")?)*)\s*>/.exec(body.slice(at));
    expect(tag, `markup at ${body.slice(at, at + 60)}`).not.toBeNull();
    expect(TAGS.has(tag?.[1] ?? ''), `tag ${tag?.[1]}`).toBe(true);
    for (const [, name, value] of (tag?.[2] ?? '').matchAll(/([a-z-]+)(?:="([^"]*)")?/g)) {
      expect(ATTRIBUTES.has(name ?? ''), `attribute ${name}`).toBe(true);
      if (name === 'href') expect(value).toMatch(/^(https?:\/\/|data:,$)/);
    }
    at = body.indexOf('<', at + 1);
  }
}

describe('html reporter', () => {
  it('allows exactly its inline style and script by hash, and nothing from elsewhere', () => {
    const html = renderHtml(reportOf([finding()]), { color: false });
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
    const hash = (text: string) =>
      `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
    expect(csp).toBe(
      `default-src 'none'; script-src ${hash(REPORT_SCRIPT)}; style-src ${hash(REPORT_CSS)}; img-src data:; base-uri 'none'; form-action 'none'`,
    );
    const { scripts, styles } = split(html);
    expect(styles).toEqual([REPORT_CSS]);
    expect(scripts).toHaveLength(2);
    expect(scripts[1]).toBe(`|${REPORT_SCRIPT}`);
    // The policy comes before anything it governs.
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<style>'));
    expect(html).not.toMatch(/\bsrc=|@import|url\(|@font-face/);
  });

  it('keeps hostile finding text inert: escaped everywhere, no live markup, no script links', () => {
    const report = reportOf([
      hostile(),
      packageFinding({
        title: XSS,
        location: { ...packageFinding().location, name: XSS } as never,
      }),
      urlFinding({
        message: XSS,
        location: {
          kind: 'url',
          method: 'GET',
          url: `http://127.0.0.1/${XSS}`,
          parameter: XSS,
          evidence: { request: XSS, response: XSS, proof: XSS },
        },
      }),
    ]);
    const html = renderHtml(report, {
      color: false,
      team: { name: XSS, champion: XSS, championUrl: 'javascript:alert(1)' },
      trainingUrl: 'javascript:alert({cwe})',
    });
    assertInertMarkup(html);
    const { rest } = split(html);
    expect(rest).not.toMatch(/<(img|svg|iframe)|href="javascript|href="data:text/);
    expect(rest).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(rest).toContain('&lt;img src=x onerror=alert(1)&gt;');
    // A javascript: reference is shown as text, never as a link.
    expect(rest).toContain('<li>javascript:alert(1)</li>');
    expect(rest).toContain('<li>data:text/html,&lt;b&gt;x&lt;/b&gt;</li>');
    expect(rest).not.toContain('Training');
  });

  it('embeds the filter data as JSON that cannot end its element', () => {
    const report = reportOf([hostile({ novelty: 'new' }), finding({ novelty: 'existing' })]);
    const html = renderHtml(report, { color: false });
    const json = /<script type="application\/json" id="rampart-data">(.*?)<\/script>/s.exec(
      html,
    )?.[1];
    expect(json).toBeDefined();
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
    const data = JSON.parse(json ?? '') as { findings: Record<string, unknown>[] };
    expect(data.findings).toHaveLength(2);
    expect(data.findings[0]).toMatchObject({
      id: 'f1',
      severity: 'high',
      scanner: 'sast',
      novelty: 'new',
    });
    expect(data.findings[0]?.text).toContain('title <script>alert(1)</script>');
    expect(data.findings[1]).toMatchObject({ id: 'f2', novelty: 'existing' });
    // Findings that fail the gate start open.
    expect(html).toContain('<details class="finding" id="f1" open>');
    expect(html).toContain('<details class="finding" id="f2">');
  });

  it('offers filters by severity, scanner and new/existing, only for what the report has', () => {
    const plain = renderHtml(reportOf([finding({ severity: 'critical' }), urlFinding()]), {
      color: false,
    });
    expect(plain).toContain('<input type="checkbox" name="severity" value="critical" checked>');
    expect(plain).toContain('<input type="checkbox" name="severity" value="low" checked>');
    expect(plain).not.toContain('value="medium"');
    expect(plain).toContain('<input type="checkbox" name="scanner" value="dast" checked>');
    expect(plain).toContain('<input type="search" id="filter-text"');
    expect(plain).not.toContain('name="novelty"');
    const withNovelty = renderHtml(reportOf([finding({ novelty: 'new' })]), { color: false });
    expect(withNovelty).toContain(
      '<input type="checkbox" name="novelty" value="existing" checked>',
    );
  });

  it('shows a code frame from the file with the finding marked, and the fix, CWE and training', () => {
    mkdirSync(join(root, 'src'));
    writeFileSync(join(root, 'src', 'app.js'), 'a();\nb();\nc();\n  eval(req.query.x)\nd();\n');
    const html = renderHtml(reportOf([finding()]), {
      color: false,
      rootDir: root,
      trainingUrl: 'https://hub.example.com/training/{cwe}',
      team: { name: 'Payments', champion: 'Alice', championUrl: 'https://chat.example.com/alice' },
    });
    expect(html).toContain(
      '<span class="line ctx"><span class="ln">3</span>c();</span><span class="line hit"><span class="ln">4</span>  <mark>eval(req.query.x)</mark></span><span class="line ctx"><span class="ln">5</span>d();</span>',
    );
    expect(html).toContain(
      '<p class="fix"><strong>Fix:</strong> Do not <code>eval</code> input.</p>',
    );
    expect(html).toContain(
      `<a href="https://hub.example.com/training/95" rel="noopener noreferrer">CWE-95 Improper Neutralization of Directives in Dynamically Evaluated Code (&#39;Eval Injection&#39;)</a>`,
    );
    expect(html).toContain(
      'Ask the security champion of Payments: <a href="https://chat.example.com/alice" rel="noopener noreferrer">Alice</a>.',
    );
  });

  // Loads a report in headless Chromium when the machine has it and playwright-core: no
  // request but the file, no dialog, no CSP violation, and the filters work.
  it.skipIf(BROWSER_MISSING !== '')(
    `opens in headless Chromium without any request, dialog or CSP error; filters work${BROWSER_MISSING && ` (skipped: ${BROWSER_MISSING})`}`,
    async () => {
      const moduleName = 'playwright-core';
      const pw = (await import(moduleName)) as {
        chromium: { launch(options: unknown): Promise<Browser> };
      };
      const file = join(root, 'report.html');
      const report = reportOf([
        hostile({ severity: 'critical', novelty: 'new' }),
        packageFinding({ novelty: 'new' }),
        urlFinding({ novelty: 'existing' }),
      ]);
      writeFileSync(file, renderHtml(report, { color: false }));
      const browser = await pw.chromium.launch({
        executablePath: CHROMIUM,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--no-first-run',
        ],
      });
      try {
        const page = await browser.newPage();
        const requests: string[] = [];
        const dialogs: string[] = [];
        const errors: string[] = [];
        page.on('request', (r: { url(): string }) => requests.push(r.url()));
        page.on('dialog', (d: { message(): string; dismiss(): Promise<void> }) => {
          dialogs.push(d.message());
          void d.dismiss();
        });
        page.on('pageerror', (e: unknown) => errors.push(String(e)));
        page.on('console', (m: { type(): string; text(): string }) => {
          if (m.type() === 'error') errors.push(m.text());
        });
        const url = pathToFileURL(file).href;
        await page.goto(url);
        const visible = () => page.locator('details.finding:visible').count();
        const shown = () => page.locator('#shown-count').textContent();
        expect(await shown()).toBe('3'); // the script ran (the markup says 0)
        expect(await visible()).toBe(3);
        await page.uncheck('input[name="severity"][value="critical"]');
        expect(await visible()).toBe(2);
        await page.uncheck('input[name="novelty"][value="existing"]');
        expect(await visible()).toBe(1);
        await page.check('input[name="severity"][value="critical"]');
        await page.fill('#filter-text', 'LODASH');
        expect(await visible()).toBe(1);
        expect(await shown()).toBe('1');
        await page.fill('#filter-text', 'no such finding');
        expect(await page.locator('#no-match').isVisible()).toBe(true);
        await page.click('#expand-all');
        expect(requests).toEqual([url]);
        expect(dialogs).toEqual([]);
        expect(errors).toEqual([]);
      } finally {
        await browser.close();
      }
    },
  );
});

interface Page {
  on(event: string, handler: (value: never) => void): void;
  goto(url: string): Promise<unknown>;
  locator(selector: string): {
    count(): Promise<number>;
    textContent(): Promise<string | null>;
    isVisible(): Promise<boolean>;
  };
  check(selector: string): Promise<void>;
  uncheck(selector: string): Promise<void>;
  fill(selector: string, value: string): Promise<void>;
  click(selector: string): Promise<void>;
}
interface Browser {
  newPage(): Promise<Page>;
  close(): Promise<void>;
}
