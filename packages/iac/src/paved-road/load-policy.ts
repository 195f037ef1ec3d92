import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ConfigError, type Logger } from '@rampart/core';
import { type PavedRoadPolicy, parsePolicy } from './policy.js';

/** How long a fetched policy is used before it is asked for again (it is revalidated). */
export const DEFAULT_POLICY_MAX_AGE_MS = 60 * 60 * 1000;
/**
 * How old a cached copy may be and still stand in for a server that cannot be reached:
 * whoever can block the hub must not keep an old (perhaps looser) policy in force for ever.
 */
export const DEFAULT_POLICY_MAX_STALE_MS = 7 * 24 * 60 * 60 * 1000;
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
  /** The oldest cached copy used when the server fails (default 7 days). */
  readonly maxStaleMs?: number | undefined;
  /** Sent as `Authorization: Bearer …` (e.g. a hub token), never logged or cached. */
  readonly token?: string | undefined;
  readonly fetch?: typeof fetch | undefined;
  readonly now?: (() => number) | undefined;
}

/** A policy as loaded, with the SHA-256 of its text: the hub matches it to a catalog revision. */
export type LoadedPolicy = PavedRoadPolicy & {
  /** Hex SHA-256 of the policy file's bytes (its text as UTF-8). */
  readonly sha256: string;
};

/** Parses a policy's text and keeps the hash of exactly that text. */
function parseLoaded(text: string, file: string): LoadedPolicy {
  return {
    ...parsePolicy(text, file),
    sha256: createHash('sha256').update(text, 'utf8').digest('hex'),
  };
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

/** Keeps a copy for next time; a cache that cannot be written costs only the next fetch. */
async function writeCache(path: string, entry: CachedPolicy, logger: Logger): Promise<void> {
  const temp = `${path}.${process.pid}.${randomUUID()}.tmp`;
  try {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    await writeFile(temp, JSON.stringify(entry), { encoding: 'utf8', mode: 0o600 });
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true }).catch(() => {});
    logger.warn(`paved road: cannot cache the policy (${(err as Error).message})`);
  }
}

const MAX_REDIRECTS = 5;

/**
 * Fetches with redirects followed by hand, so that each target is checked (https, or http
 * to this machine) before anything is sent to it, and the token goes only to the origin it
 * was given for.
 */
async function fetchFollowing(
  url: string,
  headers: Record<string, string>,
  options: LoadPolicyOptions,
  signal: AbortSignal,
): Promise<Response> {
  const origin = new URL(url).origin;
  let current = url;
  for (let hop = 0; ; hop++) {
    const sameOrigin = new URL(current).origin === origin;
    const res = await (options.fetch ?? fetch)(current, {
      headers: {
        ...headers,
        ...(options.token && sameOrigin ? { authorization: `Bearer ${options.token}` } : {}),
      },
      signal,
      redirect: 'manual',
    });
    const location = res.headers.get('location');
    if (res.status < 300 || res.status >= 400 || res.status === 304 || !location) return res;
    await res.body?.cancel();
    if (hop >= MAX_REDIRECTS)
      throw new ConfigError(
        `pavedRoad: ${displayUrl(url)} redirects more than ${MAX_REDIRECTS} times`,
      );
    let next: string;
    try {
      next = new URL(location, current).href;
    } catch {
      throw new ConfigError(`pavedRoad: ${displayUrl(url)} redirects to an invalid URL`);
    }
    current = checkUrl(next).href;
  }
}

async function readBody(res: Response, url: string): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? Number.NaN);
  if (declared > MAX_POLICY_BYTES) {
    await res.body?.cancel();
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
async function fetchPolicy(url: string, options: LoadPolicyOptions): Promise<LoadedPolicy> {
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
  const fromCache = (entry: CachedPolicy) => parseLoaded(entry.text, shown);
  if (cached && !options.refresh && now() - cached.fetchedAt < maxAge) {
    options.logger.debug('paved-road policy from the cache', { url: shown });
    return fromCache(cached);
  }
  const headers: Record<string, string> = { accept: 'application/yaml, text/yaml, text/plain' };
  if (cached?.etag) headers['if-none-match'] = cached.etag;
  if (cached?.lastModified) headers['if-modified-since'] = cached.lastModified;
  const timeout = AbortSignal.timeout(FETCH_TIMEOUT_MS);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const maxStale = options.maxStaleMs ?? DEFAULT_POLICY_MAX_STALE_MS;
  /** The cached copy when the server fails, unless it is too old to trust. */
  const fallBack = (why: string): LoadedPolicy => {
    const age = cached ? now() - cached.fetchedAt : Number.POSITIVE_INFINITY;
    if (!cached || age > maxStale) {
      throw new ConfigError(
        `pavedRoad: ${why}${cached ? `; the cached copy (${new Date(cached.fetchedAt).toISOString()}) is too old to use` : ''}`,
        undefined,
        { hint: 'check the URL and the network, or point pavedRoad at a local file' },
      );
    }
    options.logger.warn(
      `paved road: ${why}; using the copy fetched ${new Date(cached.fetchedAt).toISOString()}`,
    );
    return fromCache(cached);
  };
  let res: Response;
  try {
    res = await fetchFollowing(url, headers, options, signal);
  } catch (err) {
    // A refused redirect is a configuration problem; the user's own abort stops everything.
    if (err instanceof ConfigError || options.signal?.aborted) throw err;
    const cause = (err as { cause?: { message?: string } }).cause?.message;
    return fallBack(
      `cannot reach ${shown} (${(err as Error).message}${cause ? `: ${cause}` : ''})`,
    );
  }
  if (res.status === 304 && cached) {
    await res.body?.cancel();
    await writeCache(cachePath, { ...cached, fetchedAt: now() }, options.logger);
    return fromCache(cached);
  }
  if (!res.ok) {
    await res.body?.cancel();
    if (res.status >= 500) return fallBack(`${shown} answered HTTP ${res.status}`);
    throw new ConfigError(`pavedRoad: ${shown} answered HTTP ${res.status} ${res.statusText}`);
  }
  const body = await readBody(res, url);
  const policy = parseLoaded(body, shown);
  const etag = res.headers.get('etag');
  const lastModified = res.headers.get('last-modified');
  await writeCache(
    cachePath,
    {
      url,
      fetchedAt: now(),
      ...(etag ? { etag } : {}),
      ...(lastModified ? { lastModified } : {}),
      text: body,
    },
    options.logger,
  );
  return policy;
}

/**
 * Loads the paved-road policy from an absolute path or an http(s) URL, with the SHA-256 of
 * the text it read. Errors are ConfigErrors that name the file (or URL), line and problem.
 */
export async function loadPolicy(
  source: string,
  options: LoadPolicyOptions,
): Promise<LoadedPolicy> {
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
  return parseLoaded(body, source);
}
