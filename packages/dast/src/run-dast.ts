import {
  type FindingDraft,
  type Logger,
  type ProgressReporter,
  silentLogger,
  silentProgress,
  UsageError,
} from '@rampart/core';
import { createActiveContext } from './active-context.js';
import { startCallbackListener } from './callback/callback-listener.js';
import { ACTIVE_CHECKS } from './checks/active/index.js';
import { PASSIVE_CHECKS } from './checks/passive/index.js';
import { SITE_CHECKS } from './checks/site/index.js';
import { crawlHtml } from './discovery/html-crawl.js';
import { loadOpenApi } from './discovery/openapi.js';
import { endpointFromUrl, endpointKey } from './endpoint.js';
import { issuesToFindings } from './findings.js';
import { BudgetExhaustedError, RefusedRequestError, TransportError } from './http/errors.js';
import { type Authenticator, DESTRUCTIVE_METHODS, HttpClient } from './http/http-client.js';
import { createScope, isLocalHost } from './scope.js';
import type {
  ActiveCheck,
  CallbackListener,
  DastIssue,
  DastRule,
  Endpoint,
  Exchange,
  PassiveCheck,
  SiteCheck,
} from './types.js';

/** Everything `rampart dast` can be asked. */
export interface DastOptions {
  /** The start URL. */
  readonly target: string;
  /** Send attacks (`--active`). */
  readonly active?: boolean | undefined;
  /** The user states they may attack a non-local target (`--authorized-target`). */
  readonly authorizedTarget?: boolean | undefined;
  readonly maxRequests?: number | undefined;
  readonly rate?: number | undefined;
  readonly concurrency?: number | undefined;
  readonly timeoutMs?: number | undefined;
  readonly maxDepth?: number | undefined;
  readonly maxPages?: number | undefined;
  readonly include?: readonly string[] | undefined;
  readonly exclude?: readonly string[] | undefined;
  /** Extra headers (lower-case names) and cookies (`name=value`). */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  readonly cookies?: readonly string[] | undefined;
  /** A login to run first (see auth/). */
  readonly authenticator?: Authenticator | undefined;
  /** An OpenAPI 3 or Swagger 2 document (file path or URL) whose operations are tested. */
  readonly openapi?: string | undefined;
  /** Endpoints known beforehand (tests, other discovery). */
  readonly apiEndpoints?: readonly Endpoint[] | undefined;
  /** Crawl with Chromium as well (`--browser`). */
  readonly browser?: boolean | undefined;
  /** Let DELETE, PUT and PATCH through (`--allow-destructive`). */
  readonly allowDestructive?: boolean | undefined;
  /** Skip the HTML crawl (API-only scans). */
  readonly noCrawl?: boolean | undefined;
  readonly toolVersion: string;
  readonly logger?: Logger | undefined;
  readonly progress?: ProgressReporter | undefined;
  readonly signal?: AbortSignal | undefined;
  /** Replaces the check registries (tests). */
  readonly checks?:
    | {
        readonly passive?: readonly PassiveCheck[];
        readonly site?: readonly SiteCheck[];
        readonly active?: readonly ActiveCheck[];
      }
    | undefined;
  /** Starts the SSRF callback listener (injected so the scanner stays testable). */
  readonly startCallback?:
    | (() => Promise<{ listener: CallbackListener; close(): Promise<void> }>)
    | undefined;
}

/** Numbers about one DAST run. */
export interface DastStats {
  readonly requests: number;
  readonly pages: number;
  readonly endpoints: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly relogins: number;
  readonly budgetExhausted: boolean;
  readonly durationMs: number;
}

/** A finished run. */
export interface DastResult {
  readonly drafts: FindingDraft[];
  readonly endpoints: readonly Endpoint[];
  readonly stats: DastStats;
  readonly startedAt: Date;
  readonly finishedAt: Date;
}

/** The defaults, documented in docs/dast.md. */
export const DAST_DEFAULTS = {
  maxRequests: 5000,
  rate: 50,
  concurrency: 4,
  timeoutMs: 10_000,
  maxDepth: 5,
  maxPages: 500,
} as const;

/** Every rule of the registered checks, by id. */
export function dastRules(
  checks: {
    passive?: readonly PassiveCheck[];
    site?: readonly SiteCheck[];
    active?: readonly ActiveCheck[];
  } = {},
): Map<string, DastRule> {
  const all = [
    ...(checks.passive ?? PASSIVE_CHECKS),
    ...(checks.site ?? SITE_CHECKS),
    ...(checks.active ?? ACTIVE_CHECKS),
  ];
  const rules = new Map<string, DastRule>();
  for (const check of all) for (const rule of check.rules) rules.set(rule.id, rule);
  return rules;
}

function positive(name: string, value: number | undefined, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < min)
    throw new UsageError(`${name} must be a number ≥ ${min}, got ${value}`);
  return value;
}

/**
 * Refuses what the safety rules forbid before anything is sent: active checks against a
 * host that is not this machine need `authorizedTarget`.
 */
export function checkSafety(
  options: Pick<DastOptions, 'target' | 'active' | 'authorizedTarget' | 'include'>,
): URL {
  let url: URL;
  try {
    url = new URL(options.target);
  } catch {
    throw new UsageError(`"${options.target}" is not a URL`, {
      hint: 'give an absolute URL such as http://127.0.0.1:3000/',
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`${options.target}: only http and https targets can be scanned`);
  }
  if (options.active && !options.authorizedTarget) {
    const hosts = [url.hostname, ...(options.include ?? []).map((i) => new URL(i).hostname)];
    const remote = hosts.find((h) => !isLocalHost(h));
    if (remote !== undefined) {
      throw new UsageError(`--active sends attacks: ${remote} is not this machine`, {
        hint: 'scan only systems you are allowed to test; if you are, add --authorized-target',
      });
    }
  }
  return url;
}

/**
 * Runs a DAST scan: discovery (HTML crawl, OpenAPI endpoints, optional browser crawl) with
 * passive checks on every response, site probes, then, with `active`, the attacks: checks
 * that measure time run alone, after the others, so no other request disturbs the timing.
 */
export async function runDast(options: DastOptions): Promise<DastResult> {
  const startedAt = new Date();
  const started = performance.now();
  const logger = options.logger ?? silentLogger;
  const progress = options.progress ?? silentProgress;
  const signal = options.signal ?? new AbortController().signal;
  const start = checkSafety(options);
  const passiveChecks = options.checks?.passive ?? PASSIVE_CHECKS;
  const siteChecks = options.checks?.site ?? SITE_CHECKS;
  const activeChecks = options.checks?.active ?? ACTIVE_CHECKS;
  const rules = dastRules({ passive: passiveChecks, site: siteChecks, active: activeChecks });
  const inScope = createScope({
    start: start.href,
    include: options.include,
    exclude: options.exclude,
  });

  const issues: DastIssue[] = [];
  const seenPassive = new Map<string, number>();
  const onExchange = (exchange: Exchange): void => {
    for (const check of passiveChecks) {
      for (const issue of check.inspect(exchange)) {
        // The same rule on the same page (or group) is kept once; a group lists at most 50 URLs.
        const path = issue.url.split('?')[0];
        const key = `${issue.ruleId}\0${issue.groupKey ?? ''}\0${issue.method}\0${path}\0${issue.parameter ?? ''}`;
        if (seenPassive.has(key)) continue;
        const groupKey = `${issue.ruleId}\0${issue.groupKey ?? key}`;
        const inGroup = seenPassive.get(groupKey) ?? 0;
        if (issue.groupKey && inGroup >= 50) continue;
        seenPassive.set(key, 1);
        seenPassive.set(groupKey, inGroup + 1);
        issues.push(issue);
      }
    }
  };
  const client = new HttpClient({
    maxRequests: positive('--max-requests', options.maxRequests, DAST_DEFAULTS.maxRequests),
    rate: positive('--rate', options.rate, DAST_DEFAULTS.rate, 0),
    concurrency: positive('--concurrency', options.concurrency, DAST_DEFAULTS.concurrency),
    timeoutMs: positive('--timeout', options.timeoutMs, DAST_DEFAULTS.timeoutMs),
    maxBodyBytes: 2 * 1024 * 1024,
    allowDestructive: options.allowDestructive ?? false,
    inScope,
    headers: options.headers,
    signal,
    onExchange,
  });
  for (const cookie of options.cookies ?? []) await client.addCookie(cookie, start.href);

  // The target must answer before anything else happens: a typo should fail fast and clearly.
  try {
    await client.send({ method: 'GET', url: start.href }, { followRedirects: 5 });
  } catch (err) {
    if (err instanceof TransportError) {
      throw new UsageError(`cannot reach ${start.href}: ${err.detail}`, {
        hint: 'is the application running, and is the URL right?',
      });
    }
    if (err instanceof RefusedRequestError) throw new UsageError(err.message);
    throw err;
  }
  if (options.authenticator) {
    logger.info('logging in');
    await client.authenticate(options.authenticator);
  }

  let budgetExhausted = false;
  const endpoints = new Map<string, Endpoint>();
  const add = (e: Endpoint): void => {
    const key = endpointKey(e);
    if (!endpoints.has(key)) endpoints.set(key, e);
  };
  for (const e of options.apiEndpoints ?? []) add(e);
  if (options.openapi !== undefined) {
    const api = await loadOpenApi(options.openapi, {
      baseUrl: start.href,
      fetchText: async (url) => {
        const { response } = await client.send(
          { method: 'GET', url },
          { followRedirects: 5, quiet: true },
        );
        if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
        return response.body;
      },
    });
    for (const warning of api.warnings) logger.warn(`${options.openapi}: ${warning}`);
    for (const e of api.endpoints) add(e);
    logger.info(
      `${options.openapi}: ${api.endpoints.length} operations${api.title ? ` of ${api.title}` : ''}`,
    );
  }
  let pages = 0;
  let pagesDone = 0;
  const urls = new Set<string>([start.href]);
  // Without the crawl the start URL is still an endpoint (its query parameters are inputs).
  if (options.noCrawl) add(endpointFromUrl(start.href, 'start'));
  if (!options.noCrawl) {
    logger.info(`crawling ${start.href}`);
    const crawl = await crawlHtml({
      start: start.href,
      client,
      logger,
      maxDepth: positive('--depth', options.maxDepth, DAST_DEFAULTS.maxDepth, 0),
      maxPages: positive('--max-pages', options.maxPages, DAST_DEFAULTS.maxPages),
      signal,
      onProgress: (done, queued) => {
        progress.setTotal(queued);
        progress.advance(done - pagesDone);
        pagesDone = done;
      },
    });
    pages += crawl.pages;
    budgetExhausted ||= crawl.budgetExhausted;
    for (const e of crawl.endpoints) add(e);
    for (const u of crawl.urls) urls.add(u);
  }
  if (options.browser && !budgetExhausted) {
    logger.info('crawling with Chromium');
    const { browserCrawl } = await import('./discovery/browser-crawl.js');
    const found = await browserCrawl({
      start: start.href,
      client,
      logger,
      maxDepth: options.maxDepth ?? DAST_DEFAULTS.maxDepth,
      maxPages: options.maxPages ?? DAST_DEFAULTS.maxPages,
      signal,
    });
    pages += found.pages;
    for (const e of found.endpoints) add(e);
    for (const u of found.urls) urls.add(u);
  }
  logger.info(
    `found ${endpoints.size} endpoints on ${pages} pages (${client.stats.requests} requests)`,
  );

  const run = async (work: () => Promise<void>): Promise<void> => {
    try {
      await work();
    } catch (err) {
      if (err instanceof BudgetExhaustedError) budgetExhausted = true;
      else if (err instanceof RefusedRequestError) logger.debug(err.message);
      else throw err;
    }
  };

  if (!budgetExhausted) {
    const site = {
      client,
      logger,
      signal,
      origin: start.origin,
      urls: [...urls],
      inScope,
    };
    for (const check of siteChecks) {
      await run(async () => {
        for await (const issue of check.run(site)) issues.push(issue);
      });
      if (budgetExhausted) break;
    }
  }

  if (options.active && !budgetExhausted) {
    let callback: { listener: CallbackListener; close(): Promise<void> } | undefined;
    // A remote target cannot reach a listener on our loopback, and one on the network would
    // be an open door: the listener runs only when the target is on this machine.
    if (isLocalHost(start.hostname)) {
      callback = await (options.startCallback ?? (() => startCallbackListener()))();
    }
    try {
      const ctx = createActiveContext({ client, logger, signal, callback: callback?.listener });
      // Endpoints with inputs; DELETE/PUT/PATCH ones only when destructive methods are allowed
      // (the client would refuse every request to them anyway).
      const targets = [...endpoints.values()].filter(
        (e) =>
          (e.params.length > 0 || e.bodyType === 'xml') &&
          (client.options.allowDestructive || !DESTRUCTIVE_METHODS.has(e.method.toUpperCase())),
      );
      const parallel = activeChecks.filter((c) => !c.exclusive);
      const exclusive = activeChecks.filter((c) => c.exclusive);
      logger.info(`active checks on ${targets.length} endpoints`);
      progress.setTotal(pagesDone + targets.length * activeChecks.length);
      // Checks that read responses run side by side, a few endpoints at a time.
      let next = 0;
      const worker = async (): Promise<void> => {
        while (!budgetExhausted && !signal.aborted && next < targets.length) {
          const endpoint = targets[next++] as Endpoint;
          for (const check of parallel) {
            await run(async () => {
              for await (const issue of check.run(endpoint, ctx)) issues.push(issue);
            });
            progress.advance();
          }
        }
      };
      await Promise.all(Array.from({ length: client.options.concurrency }, worker));
      // Checks that measure time run one request at a time, with nothing else in flight.
      for (const endpoint of targets) {
        for (const check of exclusive) {
          if (budgetExhausted || signal.aborted) break;
          await run(async () => {
            for await (const issue of check.run(endpoint, ctx)) issues.push(issue);
          });
          progress.advance();
        }
      }
    } finally {
      await callback?.close();
    }
  }
  if (budgetExhausted)
    logger.warn(
      `the request budget (${client.options.maxRequests}) ran out: the scan is incomplete`,
    );

  const drafts = issuesToFindings(issues, rules, options.toolVersion);
  const finishedAt = new Date();
  const stats = client.stats;
  return {
    drafts,
    endpoints: [...endpoints.values()],
    stats: {
      requests: stats.requests,
      pages,
      endpoints: endpoints.size,
      errors: stats.errors,
      timeouts: stats.timeouts,
      relogins: stats.relogins,
      budgetExhausted,
      durationMs: Math.round(performance.now() - started),
    },
    startedAt,
    finishedAt,
  };
}
