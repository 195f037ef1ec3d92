import { RefusedRequestError, RequestTimeoutError, TransportError } from '../../http/errors.js';
import type { ActiveContext, DastRequest, Endpoint, Exchange } from '../../types.js';

/**
 * One check's conversation with one endpoint: sends payloads, keeps a lazily fetched
 * baseline, and stops quietly when the endpoint cannot be tested.
 */
export interface Probe {
  /**
   * Sends a request. A timeout or transport error skips this payload (`undefined`); a
   * refused request (scope, destructive method) or an aborted scan sets {@link stopped};
   * a spent budget throws.
   */
  send(request: DastRequest): Promise<Exchange | undefined>;
  /** The endpoint as discovered, requested at most once and only when a check needs it. */
  baseline(): Promise<Exchange | undefined>;
  /** Whether nothing more should be sent to this endpoint. */
  readonly stopped: boolean;
}

/**
 * A {@link Probe} over `ctx.client`. The baseline is lazy because most payloads prove
 * nothing, and a signature only needs comparing with the baseline once it shows up.
 */
export function createProbe(endpoint: Endpoint, ctx: ActiveContext): Probe {
  let refused = false;
  let baseline: Promise<Exchange | undefined> | undefined;
  const send = async (request: DastRequest): Promise<Exchange | undefined> => {
    if (refused || ctx.signal.aborted) return undefined;
    try {
      return await ctx.client.send(request);
    } catch (err) {
      if (err instanceof TransportError || err instanceof RequestTimeoutError) {
        ctx.logger.debug('active probe failed', { url: request.url, error: err.message });
        return undefined;
      }
      if (err instanceof RefusedRequestError) {
        refused = true;
        ctx.logger.debug('active probe refused', { url: request.url, error: err.message });
        return undefined;
      }
      throw err;
    }
  };
  return {
    send,
    baseline() {
      baseline ??= send(ctx.original(endpoint));
      return baseline;
    },
    get stopped() {
      return refused || ctx.signal.aborted;
    },
  };
}

/**
 * The words of a parameter name, lower-case: `returnTo` → `return`, `to`;
 * `redirect_uri` → `redirect`, `uri`.
 */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

/** Whether a parameter name is one of `names` or has one of `words` as a word. */
export function nameLooksLike(
  name: string,
  names: ReadonlySet<string>,
  words: ReadonlySet<string>,
): boolean {
  const lower = name.toLowerCase();
  if (names.has(lower)) return true;
  return nameWords(name).some((w) => words.has(w));
}

/** Whether a value is an absolute http(s) or protocol-relative URL. */
export function looksLikeUrl(value: string): boolean {
  return /^(?:https?:)?\/\/[^/\s]/i.test(value.trim());
}

/** The first match of `pattern` in `text`, or undefined. */
export function firstMatch(text: string, pattern: RegExp): string | undefined {
  return pattern.exec(text)?.[0];
}
