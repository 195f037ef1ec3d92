import { lstat, readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** The files a Vite build holds, by extension; a file of any other kind is never served. */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
};

/** Text worth compressing; images and fonts are compressed already. */
const COMPRESSIBLE = new Set([
  '.html',
  '.js',
  '.mjs',
  '.css',
  '.map',
  '.json',
  '.webmanifest',
  '.txt',
  '.svg',
]);
const MIN_COMPRESSED_BYTES = 1024;
const MAX_COMPRESSED_BYTES = 16 * 1024 * 1024;
/** The compressed copies kept in memory; past this, the cache starts again empty. */
const MAX_CACHE_BYTES = 64 * 1024 * 1024;

/**
 * One path segment of a served file: a letter, digit, `_` or `-`, then those and dots. So no
 * dotfile, no `..`, no separator (`/` or `\`), no NUL, no percent escape (URLs arrive
 * decoded): names a bundler gives its output, nothing else.
 */
const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}$/;
const MAX_SEGMENTS = 4;

/**
 * The absolute path of `relative` (a decoded, `/`-separated URL path below the root) inside
 * `root`, or undefined when it is not a plain relative file name (see {@link SEGMENT}), so
 * that a request can never name a file outside `root`.
 *
 * @example fileInside('/srv/dist', 'assets/index-B1x.js') // '/srv/dist/assets/index-B1x.js'
 * @example fileInside('/srv/dist', 'assets/../../etc/passwd') // undefined
 */
export function fileInside(root: string, relative: string): string | undefined {
  const segments = relative.split('/');
  if (segments.length > MAX_SEGMENTS || !segments.every((s) => SEGMENT.test(s))) return undefined;
  const base = resolve(root);
  const file = resolve(base, ...segments);
  // Cannot fail after the check above; kept so that a looser pattern can never open the root.
  return file.startsWith(base + sep) ? file : undefined;
}

type Encoding = 'br' | 'gzip';

const compressors: Readonly<Record<Encoding, (data: Buffer) => Promise<Buffer>>> = {
  br: (data) =>
    promisify(brotliCompress)(data, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 9,
        [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
      },
    }),
  gzip: (data) => promisify(gzip)(data, { level: 9 }),
};

/** The encoding to answer with: brotli, else gzip, when `Accept-Encoding` allows it. */
export function preferredEncoding(header: string | string[] | undefined): Encoding | undefined {
  const weights = new Map<string, number>();
  for (const part of [header ?? ''].flat().join(',').split(',')) {
    const [name, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    if (!name) continue;
    const q = params.find((p) => p.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    weights.set(name, Number.isFinite(weight) ? weight : 0);
  }
  return (['br', 'gzip'] as const).find((e) => (weights.get(e) ?? 0) > 0);
}

/** Whether `If-None-Match` names the current entity tag (weak comparison, or `*`). */
function notModified(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .some((t) => t === '*' || t === etag);
}

/** Serves the files of one folder. */
export interface StaticFiles {
  /**
   * Sends the regular file at `relative` (see {@link fileInside}) with `cacheControl`, an
   * ETag (304 on `If-None-Match`) and, for text, brotli or gzip as the client accepts.
   * Returns false, having sent and set nothing, when there is no such file to serve:
   * a name it refuses, an unknown kind of file, a folder, a symbolic link, a missing file.
   */
  send(
    request: FastifyRequest,
    reply: FastifyReply,
    relative: string,
    cacheControl: string,
  ): Promise<boolean>;
}

/**
 * The files of `root`, read on each request (a rebuild is served at once) except for the
 * compressed copies of text files, which are kept in memory by file, size and mtime.
 */
export function staticFiles(root: string): StaticFiles {
  const cache = new Map<string, Promise<Buffer>>();
  let cachedBytes = 0;
  const compressed = (file: string, tag: string, encoding: Encoding): Promise<Buffer> => {
    const key = `${encoding}\0${tag}\0${file}`;
    let entry = cache.get(key);
    if (entry === undefined) {
      entry = readFile(file)
        .then(compressors[encoding])
        .then((body) => {
          cachedBytes += body.length;
          if (cachedBytes > MAX_CACHE_BYTES) {
            cache.clear();
            cachedBytes = 0;
          }
          return body;
        });
      entry.catch(() => cache.delete(key));
      cache.set(key, entry);
    }
    return entry;
  };

  return {
    async send(request, reply, relative, cacheControl) {
      const file = fileInside(root, relative);
      const ext = file === undefined ? '' : extname(file).toLowerCase();
      const type = CONTENT_TYPES[ext];
      if (file === undefined || type === undefined) return false;
      const stats = await lstat(file).catch(() => undefined);
      if (stats === undefined || !stats.isFile()) return false;
      const tag = `${stats.size.toString(36)}-${Math.trunc(stats.mtimeMs).toString(36)}`;
      const compressible = COMPRESSIBLE.has(ext);
      const encoding =
        compressible && stats.size >= MIN_COMPRESSED_BYTES && stats.size <= MAX_COMPRESSED_BYTES
          ? preferredEncoding(request.headers['accept-encoding'])
          : undefined;
      const etag = `"${tag}${encoding === undefined ? '' : `-${encoding}`}"`;
      const headers = () => {
        reply.header('cache-control', cacheControl).header('etag', etag);
        if (compressible) reply.header('vary', 'accept-encoding');
      };
      if (notModified(request.headers['if-none-match'], etag)) {
        headers();
        reply.status(304).send();
        return true;
      }
      let body: Buffer;
      try {
        body =
          encoding === undefined ? await readFile(file) : await compressed(file, tag, encoding);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
        throw error;
      }
      headers();
      if (encoding !== undefined) reply.header('content-encoding', encoding);
      reply.type(type).send(body);
      return true;
    },
  };
}
