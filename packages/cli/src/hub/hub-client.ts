import { isRampartError, RampartError, UsageError } from '@rampart/core';
import { RAMPART_VERSION } from '../version.js';

// Talking to the hub (`rampart serve`) from `rampart upload` and `rampart scan --server`:
// the checked base URL, the token, and one request function whose failures name the hub
// and what it answered, never the token.

/** Where the hub is and how to authenticate to it. */
export interface HubConnection {
  /** The hub's base URL (checked by {@link hubServerUrl}). */
  readonly server: URL;
  /** The project id on the hub. */
  readonly project: string;
  /** A CI token of the project or a personal token; never printed. */
  readonly token: string;
}

function isLoopback(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname === '[::1]' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
  );
}

/**
 * The hub's base URL, checked: https, or plain http to this machine only (a token must
 * never travel in clear), and no credentials in it.
 * @throws UsageError naming the flag and what to write instead.
 */
export function hubServerUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(
      `--server ${value}: not a URL (expected e.g. https://rampart.example.com)`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new UsageError(`--server ${value}: expected an http:// or https:// URL`);
  if (url.username || url.password)
    throw new UsageError('--server: put the token in RAMPART_TOKEN, not in the URL');
  if (url.protocol === 'http:' && !isLoopback(url.hostname))
    throw new UsageError(
      `--server ${url.origin}: plain http would send the token unencrypted; use https://`,
      { hint: 'http:// is accepted only for a hub on this machine (localhost, 127.0.0.1, [::1])' },
    );
  return url;
}

/** The token: `--token`, else `RAMPART_TOKEN`; undefined when neither says one. */
export function hubToken(
  flag: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  const token = flag ?? env.RAMPART_TOKEN;
  return token === undefined || token.trim() === '' ? undefined : token.trim();
}

/** The message for a missing token. */
export const NO_TOKEN = 'no token: set RAMPART_TOKEN (a CI token of the project) or pass --token';

/** The hub's error, as `<status> <CODE>: <message>`. */
async function describeFailure(response: Response): Promise<string> {
  // At most 1 MiB of it: an error page is shown cut to a line anyway.
  const text = (await boundedText(response, 1024 * 1024).catch(() => undefined)) ?? '';
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    if (typeof body.error?.code === 'string')
      return `${response.status} ${body.error.code}: ${String(body.error.message ?? '')}`;
  } catch {
    // not the hub's JSON: say what came back
  }
  return `${response.status} ${response.statusText}${text ? `: ${text.slice(0, 200)}` : ''}`;
}

/** One request to the hub. */
export interface HubRequest {
  readonly method: 'GET' | 'POST' | 'PUT';
  /** The path under the base URL, without a leading slash, query included. */
  readonly path: string;
  readonly body?: Buffer;
  readonly contentType?: string;
  /** What the request does, for messages: `upload to …` / `reading the triage from …`. */
  readonly what: string;
  readonly signal: AbortSignal;
  readonly timeoutSeconds: number;
  /** What to suggest for an error status, instead of the defaults (token, project). */
  readonly hints?: Readonly<Partial<Record<number, string>>> | undefined;
  /** The largest answer read, in bytes; a longer one is refused (a hub must not exhaust memory). */
  readonly maxBytes?: number | undefined;
}

/** The answer's text, refused past `maxBytes` (read as it comes, not after). */
async function boundedText(response: Response, maxBytes: number): Promise<string | undefined> {
  const declared = Number(response.headers.get('content-length'));
  if (declared > maxBytes || !response.body) {
    await response.body?.cancel().catch(() => {});
    return declared > maxBytes ? undefined : '';
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Sends a request to the hub and returns its JSON answer.
 * @throws RampartError `RAMPART_HUB` when the hub cannot be reached, does not answer in
 * time, or answers with an error (the message names the hub and its status and code).
 */
export async function hubRequest(
  hub: HubConnection,
  request: HubRequest,
): Promise<{ status: number; body: unknown }> {
  const base = hub.server.href.endsWith('/') ? hub.server : new URL(`${hub.server.href}/`);
  const url = new URL(request.path, base);
  let response: Response;
  try {
    response = await fetch(url, {
      method: request.method,
      headers: {
        authorization: `Bearer ${hub.token}`,
        accept: 'application/json',
        'user-agent': `rampart/${RAMPART_VERSION}`,
        ...(request.contentType ? { 'content-type': request.contentType } : {}),
      },
      ...(request.body ? { body: request.body } : {}),
      signal: AbortSignal.any([request.signal, AbortSignal.timeout(request.timeoutSeconds * 1000)]),
    });
  } catch (err) {
    if ((err as Error).name === 'TimeoutError')
      throw new RampartError(
        'RAMPART_HUB',
        `${request.what} ${hub.server.origin} failed: no answer within ${request.timeoutSeconds} s`,
      );
    if (request.signal.aborted) throw err;
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new RampartError(
      'RAMPART_HUB',
      `cannot reach the hub at ${hub.server.origin}: ${cause?.code ?? cause?.message ?? (err as Error).message}`,
      { hint: 'check --server and that the hub is running' },
    );
  }
  if (!response.ok) {
    const hint =
      request.hints?.[response.status] ??
      (response.status === 401
        ? 'check the token (RAMPART_TOKEN)'
        : response.status === 404
          ? 'check --project: the token must belong to it'
          : undefined);
    throw new RampartError(
      'RAMPART_HUB',
      `${request.what} ${hub.server.origin} failed: ${await describeFailure(response)}`,
      hint === undefined ? {} : { hint },
    );
  }
  let body: unknown;
  try {
    if (request.maxBytes === undefined) body = await response.json();
    else {
      const text = await boundedText(response, request.maxBytes);
      if (text === undefined)
        throw new RampartError(
          'RAMPART_HUB',
          `${request.what} ${hub.server.origin}: the answer is larger than ${Math.round(request.maxBytes / 1024 / 1024)} MiB; nothing was used`,
          { hint: 'is --server a Rampart hub?' },
        );
      body = JSON.parse(text);
    }
  } catch (err) {
    if (isRampartError(err)) throw err;
    throw new RampartError(
      'RAMPART_HUB',
      `${request.what} ${hub.server.origin}: the answer (${response.status}) is not JSON`,
      { hint: 'is --server a Rampart hub?' },
    );
  }
  return { status: response.status, body };
}
