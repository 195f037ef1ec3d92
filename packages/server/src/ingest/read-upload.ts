import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../api-error.js';

const gunzipAsync = promisify(gunzip);

/** The default limit of a report, after decompression: 64 MiB. */
export const DEFAULT_MAX_REPORT_BYTES = 64 * 1024 * 1024;

/** 413 with a stable code. */
export function tooLarge(limit: number): ApiError {
  return new ApiError(
    413,
    'REPORT_TOO_LARGE',
    `the report is larger than the hub's limit of ${limit} bytes (after decompression)`,
  );
}

/** 400 INVALID_REPORT: the upload is not a report the hub can read; nothing was stored. */
export function invalidReport(message: string): ApiError {
  return new ApiError(400, 'INVALID_REPORT', message);
}

/**
 * Reads a request body stream into memory, refusing (413) as soon as it passes `limit`
 * bytes, so an oversized upload never fills the server's memory. The stream is left alone
 * then (not destroyed): the server answers 413 and closes the connection after the answer.
 */
export function readLimited(stream: Readable, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    const stop = () => {
      stream.removeListener('data', onData);
      stream.removeListener('end', onEnd);
      stream.removeListener('error', onError);
    };
    function onData(chunk: Buffer | string) {
      const part = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += part.length;
      if (size > limit) {
        stop();
        reject(tooLarge(limit));
        return;
      }
      parts.push(part);
    }
    function onEnd() {
      stop();
      resolve(Buffer.concat(parts, size));
    }
    function onError(error: Error) {
      stop();
      reject(invalidReport(`the upload was interrupted: ${error.message}`));
    }
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
    stream.resume();
  });
}

/** Whether the bytes start with gzip's magic number. */
export function isGzip(bytes: Buffer): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * The report's text: gunzipped when the bytes are gzip (by their magic number, whatever the
 * headers say), at most `limit` bytes after decompression (413 beyond: a small gzip bomb is
 * refused as soon as it inflates past the limit), UTF-8 without a byte-order mark. Empty or
 * binary content is 400 INVALID_REPORT.
 */
export async function decodeUpload(body: Buffer, limit: number): Promise<string> {
  if (body.length > limit) throw tooLarge(limit);
  let bytes = body;
  if (isGzip(bytes)) {
    try {
      bytes = await gunzipAsync(bytes, { maxOutputLength: limit });
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(limit);
      throw invalidReport(`the upload is not valid gzip: ${(error as Error).message}`);
    }
  }
  if (bytes.length === 0 || bytes.toString('utf8').trim() === '')
    throw invalidReport('the report is empty');
  if (bytes.includes(0))
    throw invalidReport('the upload is binary, not a report (send JSON, SARIF, XML or JSON lines)');
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Makes the routes of `scoped` take their body as raw bytes, whatever its content type:
 * bounded by `limit` (refused by its declared length before reading, else while reading),
 * never parsed by Fastify. `refuse` makes the too-large error; `mapError` may translate
 * the reader's errors (default: as they are).
 */
export function acceptRawBody(
  scoped: FastifyInstance,
  limit: number,
  refuse: (limit: number) => Error,
  mapError: (error: Error) => Error = (error) => error,
): void {
  scoped.removeAllContentTypeParsers();
  scoped.addContentTypeParser('*', (request, payload, done) => {
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      done(refuse(limit), undefined);
      return;
    }
    readLimited(payload, limit).then(
      (body) => done(null, body),
      (error: Error) => done(mapError(error), undefined),
    );
  });
}
