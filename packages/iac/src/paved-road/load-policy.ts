import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError, type Logger } from '@rampart/core';
import { type PavedRoadPolicy, parsePolicy } from './policy.js';

/** How long a fetched policy is used before it is asked for again (it is revalidated). */
export const DEFAULT_POLICY_MAX_AGE_MS = 60 * 60 * 1000;
const FETCH_TIMEOUT_MS = 15_000;
/** A policy is a small YAML file; anything larger is refused rather than held in memory. */
const MAX_POLICY_BYTES = 1024 * 1024;

/** Where a policy may be read from, and how. */
export interface LoadPolicyOptions {
  /** Rampart's cache folder; fetched policies live in `<cacheDir>/paved-road/`. */
  readonly cacheDir: string;
  readonly logger: Logger;
  readonly signal?: AbortSignal | undefined;
  /** Ignore a fresh cached copy and ask the server (it may still answer 304). */
  readonly refresh?: boolean | undefined;
  readonly maxAgeMs?: number | undefined;
  /** Sent as `Authorization: Bearer …` (e.g. a hub token), never logged or cached. */
  readonly token?: string | undefined;
  readonly fetch?: typeof fetch | undefined;
  readonly now?: (() => number) | undefined;
}

interface CachedPolicy {
  readonly url: string;
  readonly fetchedAt: number;
  readonly etag?: string;
  readonly lastModified?: string;
  readonly text: string;
}

/** True for an http(s) URL (a policy reference that is fetched rather than read). */
export function isPolicyUrl(source: string): boolean {
  return /^https?:\/\//i.test(source);
}

/** The URL without credentials, query or fragment: what may appear in messages. */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

function checkUrl(url: string): URL {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new ConfigError(`pavedRoad: "${url}" is not a valid URL`);
  }
  // A policy decides what passes the gate: it must not be readable or changeable on the
  // way. Plain http is allowed only to this machine (a local hub, tests).
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && LOOPBACK.has(u.hostname))) {
    throw new ConfigError(
      `pavedRoad: ${displayUrl(url)} must be an https URL (http only to 127.0.0.1 or localhost)`,
    );
  }
  if (u.username || u.password) {
    throw new ConfigError(
      `pavedRoad: ${displayUrl(url)} carries credentials in the URL; set RAMPART_PAVED_ROAD_TOKEN instead`,
    );
  }
  return u;
}

async function readCache(path: string): Promise<CachedPolicy | undefined> {
  try {
    const cached = JSON.parse(await readFile(path, 'utf8')) as CachedPolicy;
    return typeof cached.text === 'string' && typeof cached.fetchedAt === 'number'
      ? cached
      : undefined;
  } catch {
    return undefined;
  }
}

async function writeCache(path: string, entry: CachedPolicy): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify(entry), { encoding: 'utf8', mode: 0o600 });
  await rename(temp, path);
}

async function readBody(res: Response, url: string): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? Number.NaN);
  if (declared > MAX_POLICY_BYTES) {
    throw new ConfigError(`${displayUrl(url)}: the policy is larger than 1 MiB`);
  }
  const reader = res.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_POLICY_BYTES) {
      await reader.cancel();
      throw new ConfigError(`${displayUrl(url)}: the policy is larger than 1 MiB`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Fetches a policy by URL through the cache: a copy younger than `maxAgeMs` is used as is;
 * an older one is revalidated (ETag / Last-Modified) and used again when the server answers
 * 304 or cannot be reached (with a warning: the build goes on with the last known policy).
 * A new copy is validated before it replaces the cached one, so a broken upload on the
 * server never replaces a good policy.
 */
async function fetchPolicy(url: string, options: LoadPolicyOptions): Promise<PavedRoadPolicy> {
  checkUrl(url);
  const now = options.now ?? Date.now;
  const shown = displayUrl(url);
  const dir = join(options.cacheDir, 'paved-road');
  const cachePath = join(
    dir,
    `${createHash('sha256').update(url).digest('hex').slice(0, 32)}.json`,
  );
  const cached = await readCache(cachePath);
  const maxAge = options.maxAgeMs ?? DEFAULT_POLICY_MAX_AGE_MS;
  const fromCache = (entry: CachedPolicy) => parsePolicy(entry.text, shown);
  if (cached && !options.refresh && now() - cached.fetchedAt < maxAge) {
    options.logger.debug('paved-road policy from the cache', { url: shown });
    return fromCache(cached);
  }
  const headers: Record<string, string> = { accept: 'application/yaml, text/yaml, text/plain' };
  if (cached?.etag) headers['if-none-match'] = cached.etag;
  if (cached?.lastModified) headers['if-modified-since'] = cached.lastModified;
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const timeout = AbortSignal.timeout(FETCH_TIMEOUT_MS);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let res: Response;
  try {
    res = await (options.fetch ?? fetch)(url, { headers, signal, redirect: 'follow' });
    // Redirects must not downgrade to plain http to another host.
    if (res.url) checkUrl(res.url);
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    const cause = (err as { cause?: { message?: string } }).cause?.message;
    const why = `${(err as Error).message}${cause ? ` (${cause})` : ''}`;
    if (cached) {
      options.logger.warn(
        `paved road: cannot reach ${shown} (${why}); using the copy fetched ${new Date(cached.fetchedAt).toISOString()}`,
      );
      return fromCache(cached);
    }
    throw new ConfigError(`pavedRoad: cannot fetch ${shown}: ${why}`, undefined, {
      hint: 'check the URL and the network, or point pavedRoad at a local file',
    });
  }
  if (res.status === 304 && cached) {
    await res.body?.cancel();
    await writeCache(cachePath, { ...cached, fetchedAt: now() });
    return fromCache(cached);
  }
  if (!res.ok) {
    await res.body?.cancel();
    if (cached && res.status >= 500) {
      options.logger.warn(
        `paved road: ${shown} answered HTTP ${res.status}; using the copy fetched ${new Date(cached.fetchedAt).toISOString()}`,
      );
      return fromCache(cached);
    }
    throw new ConfigError(`pavedRoad: ${shown} answered HTTP ${res.status} ${res.statusText}`);
  }
  const body = await readBody(res, url);
  const policy = parsePolicy(body, shown);
  const etag = res.headers.get('etag');
  const lastModified = res.headers.get('last-modified');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeCache(cachePath, {
    url,
    fetchedAt: now(),
    ...(etag ? { etag } : {}),
    ...(lastModified ? { lastModified } : {}),
    text: body,
  });
  return policy;
}

/**
 * Loads the paved-road policy from an absolute path or an http(s) URL. Errors are
 * ConfigErrors that name the file (or URL), line and problem.
 */
export async function loadPolicy(
  source: string,
  options: LoadPolicyOptions,
): Promise<PavedRoadPolicy> {
  if (isPolicyUrl(source))
    return { ...(await fetchPolicy(source, options)), source: displayUrl(source) };
  let body: string;
  try {
    body = await readFile(source, 'utf8');
  } catch (cause) {
    throw new ConfigError(`pavedRoad: cannot read the policy ${source}`, undefined, {
      code: 'RAMPART_CONFIG_NOT_FOUND',
      cause,
    });
  }
  return parsePolicy(body, source);
}
