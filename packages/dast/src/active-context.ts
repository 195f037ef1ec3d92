import { randomBytes } from 'node:crypto';
import type { Logger } from '@rampart/core';
import { buildRequest } from './endpoint.js';
import type { HttpClient } from './http/http-client.js';
import type { ActiveContext, CallbackListener } from './types.js';

/** What {@link createActiveContext} needs. */
export interface ActiveContextOptions {
  readonly client: HttpClient;
  readonly logger: Logger;
  readonly signal?: AbortSignal | undefined;
  readonly callback?: CallbackListener | undefined;
}

/**
 * The context active checks run in: request building and unique markers over one client.
 * @example const ctx = createActiveContext({ client, logger });
 */
export function createActiveContext(options: ActiveContextOptions): ActiveContext {
  const prefix = randomBytes(3).toString('hex');
  let counter = 0;
  return {
    client: options.client,
    logger: options.logger,
    signal: options.signal ?? new AbortController().signal,
    callback: options.callback,
    inject: (endpoint, param, value) => buildRequest(endpoint, param, value),
    original: (endpoint) => buildRequest(endpoint),
    // Letters first so a marker is a valid identifier; base 36 keeps it short.
    marker: () => `rmp${prefix}${(counter++).toString(36)}z`,
  };
}
