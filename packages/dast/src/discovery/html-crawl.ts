import type { JsonValue, Logger } from '@rampart/core';
import { endpointFromUrl, endpointKey } from '../endpoint.js';
import {
  BudgetExhaustedError,
  RefusedRequestError,
  RequestTimeoutError,
  TransportError,
} from '../http/errors.js';
import type { HttpClient } from '../http/http-client.js';
import type { Endpoint, Exchange, Param } from '../types.js';
import { extractLinks, type FormInfo } from './html-extract.js';
import { scriptRoutes } from './script-routes.js';

/** What the crawl may do. */
export interface CrawlOptions {
  readonly start: string;
  readonly client: HttpClient;
  readonly logger: Logger;
  /** Links followed from the start page: 0 visits the start page only. */
  readonly maxDepth: number;
  /** Pages (and scripts) fetched at most. */
  readonly maxPages: number;
  /** Extra URLs to visit (from OpenAPI or sitemaps). */
  readonly seeds?: readonly string[] | undefined;
  readonly signal?: AbortSignal | undefined;
  /** Called after each page with the number of pages fetched and queued. */
  readonly onProgress?: ((done: number, queued: number) => void) | undefined;
}

/** What the crawl found. */
export interface CrawlResult {
  readonly endpoints: Endpoint[];
  /** Every URL fetched (pages and scripts). */
  readonly urls: string[];
  readonly pages: number;
  /** Set when the request budget ran out during the crawl. */
  readonly budgetExhausted: boolean;
}

/** Links that end the session or look like they change state: never followed. */
const SKIP_LINK = /\/(log-?out|sign-?out|log-?off|delete|remove|destroy)(\b|[/?_.-])/i;
/** Files the crawler does not fetch: nothing to test in them. */
const STATIC_FILE =
  /\.(png|jpe?g|gif|webp|ico|svg|woff2?|ttf|eot|otf|mp[34]|webm|avi|mov|pdf|zip|gz|tgz|rar|7z|exe|dmg|iso|bin|css)$/i;

function isHtml(exchange: Exchange): boolean {
  const type = exchange.response.contentType;
  return (
    type === 'text/html' ||
    type === 'application/xhtml+xml' ||
    (type === '' && /^\s*<(!doctype|html)/i.test(exchange.response.body))
  );
}

function isScript(exchange: Exchange): boolean {
  return /javascript|ecmascript/.test(exchange.response.contentType);
}

function formEndpoint(form: FormInfo): Endpoint {
  const base = endpointFromUrl(form.action, 'form', form.method);
  const location: Param['in'] = form.method === 'GET' ? 'query' : 'form';
  // A GET form replaces the action's query string; a POST form keeps it.
  const params: Param[] = [
    ...(form.method === 'GET' ? [] : base.params),
    ...form.fields.map((f) => ({ name: f.name, in: location, value: f.value })),
  ];
  return {
    method: form.method,
    url: base.url,
    params,
    ...(form.method === 'POST' ? { bodyType: form.enctype } : {}),
    source: 'form',
  };
}

function jsonEndpoint(
  url: string,
  method: string,
  json: Readonly<Record<string, JsonValue>>,
): Endpoint {
  const base = endpointFromUrl(url, 'script', method);
  const params: Param[] = Object.entries(json).map(([name, value]) => ({
    name,
    in: 'json',
    value: typeof value === 'string' ? value : JSON.stringify(value),
    ...(typeof value === 'string' ? {} : { json: value }),
  }));
  return { ...base, params: [...base.params, ...params], bodyType: 'json' };
}

/**
 * Crawls HTML breadth-first from the start URL: links, frames, meta refreshes, scripts and
 * the routes written in them, and forms. GET forms are submitted with their default
 * values (like following a link); POST forms are only recorded, so a passive run changes
 * nothing. URLs that differ only in query values count as one page. Scope, budget and rate
 * are the client's: the crawl stops quietly when the budget runs out.
 * @example const { endpoints } = await crawlHtml({ start, client, logger, maxDepth: 5, maxPages: 500 });
 */
export async function crawlHtml(options: CrawlOptions): Promise<CrawlResult> {
  const { client } = options;
  const endpoints = new Map<string, Endpoint>();
  const visitedKeys = new Set<string>();
  const urls: string[] = [];
  const queue: { url: string; depth: number }[] = [];
  let pages = 0;
  let budgetExhausted = false;

  const addEndpoint = (endpoint: Endpoint): void => {
    const key = endpointKey(endpoint);
    if (!endpoints.has(key)) endpoints.set(key, endpoint);
  };
  const enqueue = (url: string, depth: number): void => {
    if (depth > options.maxDepth || SKIP_LINK.test(url) || STATIC_FILE.test(new URL(url).pathname))
      return;
    if (!client.options.inScope(url)) return;
    const key = endpointKey(endpointFromUrl(url, 'crawl'));
    if (visitedKeys.has(key)) return;
    visitedKeys.add(key);
    queue.push({ url, depth });
  };

  enqueue(options.start, 0);
  for (const seed of options.seeds ?? []) enqueue(seed, 1);

  const visit = async (item: { url: string; depth: number }): Promise<void> => {
    let exchange: Exchange;
    try {
      exchange = await client.send({ method: 'GET', url: item.url }, { followRedirects: 5 });
    } catch (err) {
      if (err instanceof BudgetExhaustedError) {
        budgetExhausted = true;
        return;
      }
      if (
        err instanceof TransportError ||
        err instanceof RequestTimeoutError ||
        err instanceof RefusedRequestError
      ) {
        options.logger.debug(`crawl: ${err.message}`);
        return;
      }
      throw err;
    }
    pages++;
    const finalUrl = exchange.request.url;
    urls.push(finalUrl);
    const source = item.depth === 0 ? 'start' : 'crawl';
    // A link that redirects is an endpoint of its own (open redirects live there).
    if (finalUrl !== item.url) {
      urls.push(item.url);
      addEndpoint(endpointFromUrl(item.url, source));
    }
    addEndpoint(endpointFromUrl(finalUrl, source));
    const next = item.depth + 1;
    const fromScript = (source: string): void => {
      for (const route of scriptRoutes(source, finalUrl)) {
        if (!client.options.inScope(route.url)) continue;
        if (route.xml !== undefined) {
          addEndpoint({
            ...endpointFromUrl(route.url, 'script', route.method),
            bodyType: 'xml',
            rawBody: route.xml,
          });
        } else if (route.json) addEndpoint(jsonEndpoint(route.url, route.method, route.json));
        else if (route.method === 'GET') enqueue(route.url, next);
        else addEndpoint(endpointFromUrl(route.url, 'script', route.method));
      }
    };
    if (isHtml(exchange)) {
      const page = extractLinks(exchange.response.body, finalUrl);
      for (const link of page.links) enqueue(link, next);
      for (const script of page.scripts) enqueue(script, next);
      for (const source of page.inlineScripts) fromScript(source);
      for (const form of page.forms) {
        if (!client.options.inScope(form.action)) continue;
        const endpoint = formEndpoint(form);
        addEndpoint(endpoint);
        if (form.method === 'GET') {
          const url = new URL(endpoint.url);
          for (const p of endpoint.params) url.searchParams.append(p.name, p.value);
          enqueue(url.href, next);
        }
      }
    } else if (isScript(exchange)) fromScript(exchange.response.body);
  };

  const workers = Math.max(1, client.options.concurrency);
  let running = 0;
  await new Promise<void>((resolve, reject) => {
    const pump = (): void => {
      if (budgetExhausted || options.signal?.aborted) queue.length = 0;
      while (running < workers && queue.length > 0 && pages + running < options.maxPages) {
        const item = queue.shift() as { url: string; depth: number };
        running++;
        visit(item).then(
          () => {
            running--;
            options.onProgress?.(pages, pages + queue.length);
            pump();
          },
          (err: unknown) => reject(err),
        );
      }
      if (running === 0) resolve();
    };
    pump();
  });
  return { endpoints: [...endpoints.values()], urls, pages, budgetExhausted };
}
