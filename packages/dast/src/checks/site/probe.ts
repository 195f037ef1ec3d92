import { randomBytes } from 'node:crypto';
import { BudgetExhaustedError } from '../../http/errors.js';
import type { Exchange, SiteContext } from '../../types.js';

/** Two bodies at least this similar (word sets) are the same page. */
const SIMILAR = 0.9;

/**
 * Sends a site check's probes: quietly (a 404 is expected and must not feed passive checks),
 * within scope, and stopping for good once the request budget is spent or the scan is
 * cancelled. Other request errors skip the one probe.
 */
export class Prober {
  private exhausted = false;
  private readonly baselines = new Map<string, Promise<Exchange | undefined>>();

  constructor(private readonly site: SiteContext) {}

  /** Whether no more probes can be sent. */
  get stopped(): boolean {
    return this.exhausted || this.site.signal.aborted;
  }

  /** Sends a GET (with extra headers); undefined when out of scope, stopped or failed. */
  async get(
    url: string,
    headers?: Readonly<Record<string, string>>,
  ): Promise<Exchange | undefined> {
    if (this.stopped || !this.site.inScope(url)) return undefined;
    try {
      return await this.site.client.send(
        { method: 'GET', url, ...(headers === undefined ? {} : { headers }) },
        { quiet: true },
      );
    } catch (err) {
      if (err instanceof BudgetExhaustedError) this.exhausted = true;
      else this.site.logger.debug('site probe failed', { url, error: String(err) });
      return undefined;
    }
  }

  /**
   * Fetches `url` and returns the exchange when the resource exists: a 2xx response that does
   * not look like this server's answer for a path that cannot exist (soft-404 pages and SPA
   * fallbacks that serve `index.html` for everything).
   */
  async found(url: string): Promise<Exchange | undefined> {
    const probe = await this.get(url);
    if (probe === undefined || !isOk(probe)) return undefined;
    const baseline = await this.baseline(url);
    if (baseline !== undefined && isOk(baseline) && samePage(probe, baseline)) return undefined;
    return probe;
  }

  /** This server's answer for a random path beside `url`, with the same extension (cached). */
  private baseline(url: string): Promise<Exchange | undefined> {
    const u = new URL(url);
    u.search = '';
    u.hash = '';
    const slash = u.pathname.lastIndexOf('/');
    const dir = u.pathname.slice(0, slash + 1);
    const name = u.pathname.slice(slash + 1);
    const ext = /(\.[^./]*|~)$/.exec(name)?.[0] ?? '';
    const key = `${u.origin}${dir}\0${ext}`;
    let cached = this.baselines.get(key);
    if (cached === undefined) {
      u.pathname = `${dir}rampart-${randomBytes(6).toString('hex')}${ext}`;
      cached = this.get(u.href);
      this.baselines.set(key, cached);
    }
    return cached;
  }
}

function isOk(exchange: Exchange): boolean {
  return exchange.response.status >= 200 && exchange.response.status < 300;
}

/** Words of a body, with the requested path removed (catch-alls often echo it). */
function words(exchange: Exchange): Set<string> {
  const path = new URL(exchange.request.url).pathname;
  const name = path.slice(path.lastIndexOf('/') + 1);
  let body = exchange.response.body;
  for (const token of [path, name]) {
    if (token) body = body.split(token).join(' ');
  }
  return new Set(body.toLowerCase().match(/[a-z0-9_]+/g) ?? []);
}

/** Whether two responses are the same page (same status and type, near-identical words). */
export function samePage(a: Exchange, b: Exchange): boolean {
  if (a.response.status !== b.response.status) return false;
  if (a.response.contentType !== b.response.contentType) return false;
  const x = words(a);
  const y = words(b);
  if (x.size === 0 && y.size === 0) return a.response.body.trim() === b.response.body.trim();
  let shared = 0;
  for (const w of x) if (y.has(w)) shared++;
  return shared / (x.size + y.size - shared) >= SIMILAR;
}

/**
 * The directories to probe: the root, then each first-level directory seen in the site's
 * URLs (`/admin/`, `/vuln/`), at most `max` in all.
 */
export function probeDirectories(site: SiteContext, max: number): string[] {
  const dirs = [`${site.origin}/`];
  for (const href of site.urls) {
    let url: URL;
    try {
      url = new URL(href);
    } catch {
      continue;
    }
    if (url.origin !== site.origin) continue;
    const first = /^\/([^/]+)\//.exec(url.pathname)?.[1];
    if (first === undefined) continue;
    const dir = `${site.origin}/${first}/`;
    if (!dirs.includes(dir)) dirs.push(dir);
    if (dirs.length >= max) break;
  }
  return dirs;
}
