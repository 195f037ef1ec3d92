import { createWriteStream, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { UsageError } from '@rampart/core';
import { ECOSYSTEMS, type Ecosystem } from '../types.js';
import { OsvRecordError, toImportRecord } from './record.js';
import { DEFAULT_OSV_SOURCE } from './source.js';
import { databasePath, type EcosystemImport, type ImportCounts, OsvStore } from './store.js';
import { zipEntries } from './zip.js';

export { DEFAULT_OSV_SOURCE };

/** How one ecosystem's update ended. */
export type EcosystemOutcome =
  | {
      readonly ecosystem: Ecosystem;
      readonly outcome: 'imported';
      readonly counts: ImportCounts;
      readonly ms: number;
    }
  | { readonly ecosystem: Ecosystem; readonly outcome: 'unchanged'; readonly ms: number }
  | { readonly ecosystem: Ecosystem; readonly outcome: 'missing'; readonly detail: string }
  | { readonly ecosystem: Ecosystem; readonly outcome: 'failed'; readonly error: string };

/** Progress of an update, for a progress bar. */
export interface UpdateProgress {
  readonly ecosystem: Ecosystem;
  readonly phase: 'download' | 'import';
  /** Bytes downloaded or records read so far. */
  readonly done: number;
  /** Total bytes when the server says; records are not known in advance. */
  readonly total?: number;
}

/** Options of {@link updateDatabase}. */
export interface UpdateOptions {
  readonly cacheDir: string;
  /** A base URL (`<from>/<Ecosystem>/all.zip`) or a folder laid out the same way. */
  readonly from?: string;
  readonly ecosystems?: readonly Ecosystem[];
  readonly fetch?: typeof fetch;
  readonly now?: () => Date;
  readonly onProgress?: (progress: UpdateProgress) => void;
  readonly signal?: AbortSignal;
}

const DOWNLOAD_TIMEOUT_MS = 10 * 60 * 1000;

function isUrl(value: string): boolean {
  return /^https?:\/\//i.test(value);
}

/**
 * Imports OSV's per-ecosystem `all.zip` archives into the local database, streaming, each
 * ecosystem in one transaction (a failure leaves that ecosystem as it was and the others
 * go on). Incremental: a record whose `modified` is unchanged is not rewritten, a record
 * no longer in the archive is removed, and over HTTP an archive that has not changed
 * (ETag / Last-Modified) is not downloaded again.
 */
export async function updateDatabase(options: UpdateOptions): Promise<EcosystemOutcome[]> {
  const given = options.from ?? DEFAULT_OSV_SOURCE;
  const remote = isUrl(given);
  // A folder is recorded as an absolute path: `db status` must say where, from anywhere.
  const from = remote ? given : resolve(given);
  if (!remote && !(existsSync(from) && statSync(from).isDirectory())) {
    throw new UsageError(`--from ${given}: neither an http(s) URL nor a folder`, {
      hint: 'give a folder laid out as <Ecosystem>/all.zip, or a base URL serving the same',
    });
  }
  const now = options.now ?? (() => new Date());
  const store = OsvStore.open(databasePath(options.cacheDir), { create: true }) as OsvStore;
  const results: EcosystemOutcome[] = [];
  try {
    for (const ecosystem of options.ecosystems ?? ECOSYSTEMS) {
      options.signal?.throwIfAborted();
      const started = performance.now();
      let archive: string;
      let validators: { etag?: string; lastModified?: string } = {};
      let location: string;
      let downloaded: string | undefined;
      try {
        if (remote) {
          location = `${from.replace(/\/+$/, '')}/${ecosystem}/all.zip`;
          const got = await download(location, ecosystem, store, options);
          if (got.kind === 'missing') {
            results.push({ ecosystem, outcome: 'missing', detail: got.detail });
            continue;
          }
          if (got.kind === 'unchanged') {
            store.touch(ecosystem, now().toISOString());
            results.push({ ecosystem, outcome: 'unchanged', ms: performance.now() - started });
            continue;
          }
          archive = got.path;
          downloaded = got.path;
          validators = got.validators;
        } else {
          location = join(from, ecosystem, 'all.zip');
          if (!existsSync(location)) {
            results.push({ ecosystem, outcome: 'missing', detail: `${location} does not exist` });
            continue;
          }
          archive = location;
        }
        const source = { location, importedAt: now().toISOString(), ...validators };
        const counts = await importArchive(store, ecosystem, archive, source, options);
        results.push({ ecosystem, outcome: 'imported', counts, ms: performance.now() - started });
      } catch (err) {
        if (options.signal?.aborted) throw err;
        results.push({ ecosystem, outcome: 'failed', error: (err as Error).message });
      } finally {
        if (downloaded !== undefined) rmSync(downloaded, { force: true });
      }
    }
  } finally {
    store.close();
  }
  return results;
}

/** Reads one archive into one transaction; rolls back on any error. */
async function importArchive(
  store: OsvStore,
  ecosystem: Ecosystem,
  archive: string,
  source: Parameters<EcosystemImport['commit']>[0],
  options: UpdateOptions,
): Promise<ImportCounts> {
  const job = store.beginImport(ecosystem);
  let read = 0;
  try {
    for await (const entry of zipEntries(archive)) {
      if (!entry.name.endsWith('.json')) continue;
      let raw: unknown;
      try {
        raw = JSON.parse(entry.data.toString('utf8'));
      } catch (err) {
        throw new Error(`${archive}: ${entry.name}: not valid JSON (${(err as Error).message})`);
      }
      try {
        job.put(toImportRecord(raw, ecosystem));
      } catch (err) {
        const what =
          err instanceof OsvRecordError
            ? `not an OSV record: ${err.message}`
            : (err as Error).message;
        throw new Error(`${archive}: ${entry.name}: ${what}`);
      }
      read++;
      if (read % 500 === 0) options.onProgress?.({ ecosystem, phase: 'import', done: read });
      options.signal?.throwIfAborted();
    }
    return job.commit(source);
  } catch (err) {
    job.rollback();
    throw err;
  }
}

type Downloaded =
  | {
      readonly kind: 'file';
      readonly path: string;
      readonly validators: { etag?: string; lastModified?: string };
    }
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'missing'; readonly detail: string };

/** Downloads one archive to the cache, conditionally on the stored validators. */
async function download(
  url: string,
  ecosystem: Ecosystem,
  store: OsvStore,
  options: UpdateOptions,
): Promise<Downloaded> {
  const fetchImpl = options.fetch ?? fetch;
  const known = store.validators(ecosystem);
  const headers: Record<string, string> = {};
  if (known.etag) headers['if-none-match'] = known.etag;
  if (known.lastModified) headers['if-modified-since'] = known.lastModified;
  const signal = options.signal
    ? AbortSignal.any([options.signal, AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS)])
    : AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS);
  let res: Response;
  try {
    res = await fetchImpl(url, { headers, signal, redirect: 'follow' });
  } catch (err) {
    const cause = (err as { cause?: { message?: string } }).cause?.message;
    throw new Error(`${url}: ${(err as Error).message}${cause ? ` (${cause})` : ''}`);
  }
  if (res.status === 304) return { kind: 'unchanged' };
  if (res.status === 404) return { kind: 'missing', detail: `${url}: 404 Not Found` };
  if (!res.ok || res.body === null) throw new Error(`${url}: HTTP ${res.status} ${res.statusText}`);
  const dir = join(options.cacheDir, 'osv');
  mkdirSync(dir, { recursive: true });
  // Unique per process: two updates at once never write the same file.
  const path = join(dir, `${ecosystem}.${process.pid}.zip.download`);
  const total = Number(res.headers.get('content-length') ?? Number.NaN);
  let done = 0;
  const body = Readable.fromWeb(res.body as WebReadableStream<Uint8Array>);
  body.on('data', (chunk: Buffer) => {
    done += chunk.length;
    options.onProgress?.({
      ecosystem,
      phase: 'download',
      done,
      ...(Number.isFinite(total) ? { total } : {}),
    });
  });
  try {
    await pipeline(body, createWriteStream(path));
  } catch (err) {
    rmSync(path, { force: true });
    throw new Error(`${url}: download failed (${(err as Error).message})`);
  }
  const etag = res.headers.get('etag');
  const lastModified = res.headers.get('last-modified');
  return {
    kind: 'file',
    path,
    validators: { ...(etag ? { etag } : {}), ...(lastModified ? { lastModified } : {}) },
  };
}
