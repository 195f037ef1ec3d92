import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HubDatabase } from '../db/database.js';
import { newWebhookSecret } from './signature.js';
import { webhookDb } from './tables.js';

// Test support only: a webhook receiver on 127.0.0.1 (random port) that records every
// request and answers the statuses it is told to, in order, then 200; and webhook rows.

/** A request the receiver got. */
export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A running loopback receiver. */
export interface LoopbackReceiver {
  /** `http://127.0.0.1:<port>/hook`. */
  readonly url: string;
  readonly requests: ReceivedRequest[];
  /** Answers the next requests with these statuses (then 200 again). */
  answer(...statuses: number[]): void;
  close(): Promise<void>;
}

/**
 * Starts a receiver. A status in the 300s answers a redirect to `/elsewhere`; `delayMs`
 * holds each answer back a little (so concurrent senders overlap).
 */
export async function startReceiver(options: { delayMs?: number } = {}): Promise<LoopbackReceiver> {
  const requests: ReceivedRequest[] = [];
  const queue: number[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const status = queue.shift() ?? 200;
      const send = () => {
        if (status >= 300 && status < 400) {
          response.writeHead(status, { location: '/elsewhere' }).end();
        } else {
          response
            .writeHead(status, { 'content-type': 'text/plain' })
            .end(status >= 400 ? `receiver says no (${status}) ${'x'.repeat(1000)}` : 'ok');
        }
      };
      if (options.delayMs) setTimeout(send, options.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    requests,
    answer: (...statuses) => queue.push(...statuses),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Inserts a webhook; returns its id and secret. */
export async function addWebhook(
  hub: HubDatabase,
  url: string,
  options: {
    events?: readonly string[];
    teamId?: string | null;
    minSeverity?: string | null;
    active?: boolean;
  } = {},
): Promise<{ id: string; secret: string }> {
  const id = randomUUID();
  const secret = newWebhookSecret();
  await webhookDb(hub.db)
    .insertInto('webhooks')
    .values({
      id,
      name: `hook ${id.slice(0, 8)}`,
      url,
      secret,
      events: JSON.stringify(options.events ?? ['finding.new_critical', 'sla.breach']),
      team_id: options.teamId ?? null,
      min_severity: options.minSeverity ?? null,
      active: options.active === false ? 0 : 1,
      created_by: null,
      created_at: 1,
      updated_at: 1,
    })
    .execute();
  return { id, secret };
}

/** The deliveries of a webhook (all when no id), oldest first. */
export async function deliveriesOf(hub: HubDatabase, webhookId?: string) {
  let query = webhookDb(hub.db)
    .selectFrom('webhook_deliveries')
    .selectAll()
    .orderBy('created_at')
    .orderBy('id');
  if (webhookId !== undefined) query = query.where('webhook_id', '=', webhookId);
  return query.execute();
}
