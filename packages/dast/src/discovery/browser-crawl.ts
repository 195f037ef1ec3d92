import { accessSync, constants } from 'node:fs';
import type { Logger } from '@rampart/core';
import { RampartError, UsageError } from '@rampart/core';
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { endpointFromUrl, endpointKey } from '../endpoint.js';
import {
  BudgetExhaustedError,
  RefusedRequestError,
  RequestTimeoutError,
  TransportError,
} from '../http/errors.js';
import { type HttpClient, isRedirect } from '../http/http-client.js';
import type { Endpoint } from '../types.js';
import {
  endpointFromObservedRequest,
  formEndpoint,
  forwardedHeaders,
  fulfilledHeaders,
  looksLikePage,
  mergeCookies,
  pageKey,
  SCRAPE_SCRIPT,
  type ScrapedPage,
} from './browser-endpoints.js';

/** Where Debian and Ubuntu install Chromium (`apt-get install chromium`). */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/**
 * Chromium's flags. The proxy is a dead end on purpose: every request is answered by our route
 * handler before it reaches the network, so anything that slips past interception (a
 * WebSocket, a preconnect, a service worker) fails instead of touching the target or a third
 * party outside the client's limits. `<-loopback>` removes the implicit loopback bypass.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--proxy-server=http://127.0.0.1:9',
  '--proxy-bypass-list=<-loopback>',
];

/** Options of {@link browserCrawl}. */
export interface BrowserCrawlOptions {
  /** The first page. */
  readonly start: string;
  /** Every request the browser makes goes through it (budget, rate, scope, session). */
  readonly client: HttpClient;
  /** Pages opened at most (SPA hash routes count as pages). */
  readonly maxPages: number;
  /** Links followed from the start page at most. */
  readonly maxDepth: number;
  readonly logger: Logger;
  readonly signal?: AbortSignal | undefined;
  /** Chromium's binary; defaults to `RAMPART_CHROMIUM`, then {@link DEFAULT_CHROMIUM}. */
  readonly executablePath?: string | undefined;
  /** How long to wait for a page's network to go quiet, in milliseconds (default 3000). */
  readonly idleMs?: number | undefined;
  /** Whether to load stylesheets (default false: they spend budget and reveal no endpoint). */
  readonly stylesheets?: boolean | undefined;
}

/** What {@link browserCrawl} found. */
export interface BrowserCrawlResult {
  /** Pages, links with a query, forms, and every XHR/fetch the pages sent; deduplicated. */
  readonly endpoints: Endpoint[];
  /** Every in-scope URL fetched with GET (pages, scripts, API calls), without fragment. */
  readonly urls: string[];
  /** Pages opened. */
  readonly pages: number;
}

/** Resource types never fetched: they cost budget and reveal no endpoint. */
const SKIPPED_TYPES = new Set([
  'image',
  'media',
  'font',
  'texttrack',
  'manifest',
  'eventsource',
  'websocket',
  'ping',
]);

/** GET responses of these types are reused across pages (hash routes share one document). */
const CACHED_TYPES = new Set(['document', 'script', 'stylesheet']);

/**
 * Resolves Chromium's path (`explicit`, then `RAMPART_CHROMIUM`, then /usr/bin/chromium) and
 * checks that it can be run. Throws a {@link UsageError} saying how to install it otherwise;
 * nothing is ever downloaded.
 */
export function resolveChromium(
  explicit?: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  const path = explicit ?? (env.RAMPART_CHROMIUM || undefined) ?? DEFAULT_CHROMIUM;
  try {
    accessSync(path, constants.X_OK);
  } catch (err) {
    throw new UsageError(`--browser needs Chromium, which was not found at ${path}`, {
      cause: err,
      hint: 'install it (`apt-get install chromium` on Debian or Ubuntu) or set RAMPART_CHROMIUM to a Chromium or Chrome binary; Rampart never downloads a browser',
    });
  }
  return path;
}

type Playwright = typeof import('playwright-core');

/** Loaded on demand so the scanner works without playwright-core unless `--browser` is used. */
async function loadPlaywright(): Promise<Playwright> {
  try {
    return await import('playwright-core');
  } catch (err) {
    throw new UsageError('--browser needs the playwright-core package, which is not installed', {
      cause: err,
      hint: 'install it next to Rampart (`npm install playwright-core`), or scan without --browser',
    });
  }
}

interface QueuedPage {
  readonly url: string;
  readonly depth: number;
}

/**
 * Crawls a single-page app in headless Chromium: opens pages breadth-first, lets their scripts
 * run, and records the links and forms they render and every XHR/fetch they send. All browser
 * traffic is answered through `client`, so the budget, rate, scope, destructive-method rule,
 * session and passive checks apply to it; out-of-scope requests and images, fonts and media are
 * never sent. Nothing is clicked or submitted (a button may delete data): forms are recorded
 * as endpoints for the active checks. A spent budget or an abort ends the crawl with what was
 * found so far.
 * @example const { endpoints } = await browserCrawl({ start: 'http://127.0.0.1:3000/', client, maxPages: 50, maxDepth: 5, logger });
 */
export async function browserCrawl(options: BrowserCrawlOptions): Promise<BrowserCrawlResult> {
  const executablePath = resolveChromium(options.executablePath);
  const { chromium } = await loadPlaywright();
  if (options.signal?.aborted) return { endpoints: [], urls: [], pages: 0 };
  const crawl = new BrowserCrawl(options);
  let browser: Browser;
  try {
    browser = await chromium.launch({
      executablePath,
      headless: true,
      args: [...CHROMIUM_ARGS],
    });
  } catch (err) {
    throw new RampartError(
      'RAMPART_TOOL_FAILED',
      `Chromium (${executablePath}) could not be started: ${firstLine(err)}`,
      { cause: err, hint: 'check that it runs: `chromium --headless --version`' },
    );
  }
  try {
    options.logger.info('browser crawl started', { chromium: browser.version() });
    return await crawl.run(browser);
  } finally {
    await browser.close().catch(() => undefined);
  }
}

class BrowserCrawl {
  private readonly endpoints = new Map<string, Endpoint>();
  private readonly urls = new Set<string>();
  private readonly cache = new Map<
    string,
    { status: number; headers: Record<string, string>; body: string }
  >();
  private stopped: string | undefined;
  private pages = 0;
  private page: Page | undefined;
  /** Navigations answered with a redirect: URL (no fragment) to target. */
  private readonly redirects = new Map<string, string>();
  private readonly client: HttpClient;
  private readonly inScope: (url: string) => boolean;

  constructor(private readonly options: BrowserCrawlOptions) {
    this.client = options.client;
    this.inScope = options.client.options.inScope;
  }

  async run(browser: Browser): Promise<BrowserCrawlResult> {
    const { logger, signal, maxPages, maxDepth } = this.options;
    const context = await browser.newContext({
      serviceWorkers: 'block',
      acceptDownloads: false,
    });
    await context.route('**/*', (route) => this.handle(route));
    // Not routed through `route`: refuse them outright rather than let them connect.
    await context.routeWebSocket(/.*/, (ws) => ws.close({ code: 1008, reason: 'blocked' }));

    const first = pageKey(this.options.start);
    const queue: QueuedPage[] = [{ url: first, depth: 0 }];
    const seen = new Set([first]);
    while (queue.length > 0 && this.pages < maxPages && this.stopped === undefined) {
      if (signal?.aborted) {
        this.stopped = 'aborted';
        break;
      }
      const next = queue.shift();
      if (next === undefined) break;
      const found = await this.visit(context, next.url);
      if (found === undefined || next.depth >= maxDepth) continue;
      for (const link of found) {
        if (!this.inScope(link) || !looksLikePage(link)) continue;
        const key = pageKey(link);
        if (seen.has(key)) continue;
        seen.add(key);
        queue.push({ url: key, depth: next.depth + 1 });
      }
    }
    await context.close().catch(() => undefined);
    if (this.stopped !== undefined) logger.info(`browser crawl stopped: ${this.stopped}`);
    logger.info('browser crawl finished', {
      pages: this.pages,
      endpoints: this.endpoints.size,
      urls: this.urls.size,
    });
    return { endpoints: [...this.endpoints.values()], urls: [...this.urls], pages: this.pages };
  }

  /**
   * One tab for the whole crawl (a new tab costs far more than a navigation); it is replaced
   * when it crashed or closed.
   */
  private async tab(context: BrowserContext): Promise<Page> {
    if (this.page !== undefined && !this.page.isClosed()) return this.page;
    const page = await context.newPage();
    // Popups would run scripts outside the crawl's control; dialogs would block the page.
    page.on('popup', (popup) => void popup.close().catch(() => undefined));
    page.on(
      'dialog',
      (dialog) =>
        void (dialog.type() === 'beforeunload' ? dialog.accept() : dialog.dismiss()).catch(
          () => undefined,
        ),
    );
    page.on('crash', () => void page.close().catch(() => undefined));
    this.page = page;
    return page;
  }

  /** Opens one page and returns the links it rendered. */
  private async visit(context: BrowserContext, url: string): Promise<string[] | undefined> {
    const { logger, idleMs = 3000 } = this.options;
    const page = await this.tab(context);
    this.pages++;
    const timeout = Math.max(15_000, this.client.options.timeoutMs * 2);
    try {
      // Through about:blank so that a hash route of the current document is a fresh load
      // (the app renders it from scratch) rather than a same-document hash change.
      await page.goto('about:blank', { timeout });
      await page.goto(url, { waitUntil: 'domcontentloaded', timeout });
    } catch (err) {
      logger.debug('browser: page did not load', { url, error: firstLine(err) });
      return undefined;
    }
    for (let hop = 0; hop < MAX_REDIRECTS; hop++) {
      const from = page.url();
      if (!this.redirects.has(from.split('#')[0] ?? from)) break;
      await page
        .waitForURL((u) => u.href !== from, { waitUntil: 'domcontentloaded', timeout })
        .catch(() => undefined);
      if (page.url() === from) break;
    }
    if (!this.inScope(page.url())) return undefined; // an error page
    this.record(endpointFromUrl(page.url(), 'browser'));
    // Single-page apps keep loading after the document; a polling app never goes idle.
    await page.waitForLoadState('networkidle', { timeout: idleMs }).catch(() => undefined);
    const links = new Set<string>([page.url()]);
    for (const frame of page.frames()) {
      let scraped: ScrapedPage;
      try {
        scraped = (await frame.evaluate(SCRAPE_SCRIPT)) as ScrapedPage;
      } catch {
        continue; // a frame that navigated away, an error page, a crashed tab
      }
      for (const link of scraped.links) links.add(link);
      for (const form of scraped.forms) {
        const endpoint = this.inScope(form.action) ? formEndpoint(form) : undefined;
        if (endpoint !== undefined) this.record(endpoint);
      }
    }
    for (const link of links) {
      if (this.inScope(link) && new URL(link).search !== '') {
        this.record(endpointFromUrl(link, 'browser'));
      }
    }
    logger.debug('browser: page crawled', { url, links: links.size });
    return [...links];
  }

  private record(endpoint: Endpoint): void {
    const key = endpointKey(endpoint);
    if (!this.endpoints.has(key)) this.endpoints.set(key, endpoint);
  }

  /** Answers one browser request through the client, or refuses it. */
  private async handle(route: Route): Promise<void> {
    const request = route.request();
    const url = request.url();
    const type = request.resourceType();
    if (this.stopped !== undefined || this.options.signal?.aborted) {
      return abort(route, 'aborted');
    }
    if (!this.inScope(url)) {
      this.options.logger.debug('browser: out-of-scope request blocked', { url });
      return abort(route, 'blockedbyclient');
    }
    if (SKIPPED_TYPES.has(type) || (type === 'stylesheet' && !this.options.stylesheets)) {
      return abort(route, 'blockedbyclient');
    }
    const method = request.method().toUpperCase();
    const body = request.postData() ?? undefined;
    const browserHeaders = await request.allHeaders().catch(() => request.headers());
    if (type === 'xhr' || type === 'fetch') {
      this.record(
        endpointFromObservedRequest({
          method,
          url,
          contentType: browserHeaders['content-type'],
          body,
        }),
      );
    }
    const cacheKey = method === 'GET' && CACHED_TYPES.has(type) ? url.split('#')[0] : undefined;
    const cached = cacheKey === undefined ? undefined : this.cache.get(cacheKey);
    if (cached !== undefined) return fulfill(route, cached);

    const headers = forwardedHeaders(browserHeaders);
    const cookie = mergeCookies(
      await this.client.jar.getCookieString(url).catch(() => ''),
      browserHeaders.cookie,
    );
    if (cookie !== '') headers.cookie = cookie;
    const navigation = request.isNavigationRequest();
    try {
      // Chromium follows a fulfilled redirect over the network, past this handler, so
      // redirects are never handed to it: the client follows those of subresources, and a
      // navigation gets a page that navigates on (see redirectPage).
      const exchange = await this.client.send(
        { method, url, headers, body },
        { followRedirects: navigation ? 0 : MAX_REDIRECTS },
      );
      if (method === 'GET') this.urls.add(url.split('#')[0] ?? url);
      if (exchange.request.method === 'GET') this.urls.add(exchange.request.url);
      const location = exchange.response.headers.get('location');
      if (navigation && isRedirect(exchange.response.status) && location !== undefined) {
        const target = resolveUrl(location, url);
        if (target !== undefined) {
          this.redirects.set(url.split('#')[0] ?? url, target);
          return fulfill(route, redirectPage(target));
        }
      }
      const response = {
        status: exchange.response.status,
        headers: fulfilledHeaders(exchange.response),
        body: exchange.response.body,
      };
      // A redirect the client did not follow leaves scope: Chromium must not follow it either.
      if (isRedirect(response.status)) delete response.headers.location;
      if (cacheKey !== undefined && response.status === 200 && this.cache.size < 500) {
        this.cache.set(cacheKey, response);
      }
      return fulfill(route, response);
    } catch (err) {
      if (err instanceof BudgetExhaustedError) {
        this.stopped = 'the request budget is spent';
        return abort(route, 'aborted');
      }
      if (err instanceof RefusedRequestError) {
        this.options.logger.debug('browser: request refused', { url, reason: err.message });
        return abort(route, 'blockedbyclient');
      }
      if (err instanceof RequestTimeoutError) return abort(route, 'timedout');
      if (!(err instanceof TransportError) && this.options.signal?.aborted) {
        this.stopped = 'aborted';
        return abort(route, 'aborted');
      }
      this.options.logger.debug('browser: request failed', { url, error: firstLine(err) });
      return abort(route, 'failed');
    }
  }
}

/** Redirects followed in a row at most. */
const MAX_REDIRECTS = 5;

function resolveUrl(location: string, base: string): string | undefined {
  try {
    return new URL(location, base).href;
  } catch {
    return undefined;
  }
}

/**
 * A page standing in for a navigation's redirect: it navigates to `target` itself, so the next
 * request is a fresh navigation that passes through the route handler (and its scope check).
 */
function redirectPage(target: string): {
  status: number;
  headers: Record<string, string>;
  body: string;
} {
  const html = target.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);
  const js = JSON.stringify(target).replace(/</g, '\\u003c');
  return {
    status: 200,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
    body: `<!doctype html><meta http-equiv="refresh" content="0;url=${html}"><script>location.replace(${js})</script>`,
  };
}

/** Routes can no longer be answered once their page closed; that is not an error here. */
async function abort(route: Route, code: string): Promise<void> {
  await route.abort(code).catch(() => undefined);
}

async function fulfill(
  route: Route,
  response: { status: number; headers: Record<string, string>; body: string },
): Promise<void> {
  await route.fulfill(response).catch(() => undefined);
}

function firstLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split('\n')[0] ?? message;
}
