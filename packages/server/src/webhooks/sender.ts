import { randomUUID } from 'node:crypto';
import { type Logger, silentLogger } from '@rampart/core';
import type { Selectable, Transaction, Updateable } from 'kysely';
import { recordAudit } from '../auth/audit.js';
import type { HubDatabase } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { type RampartEvent, renderWebhookBody } from './payload.js';
import { signWebhook } from './signature.js';
import { type WebhookDb, type WebhookDeliveryTable, webhookDb } from './tables.js';
import { maskWebhookUrl, webhookUrlProblem } from './url-policy.js';

/** A delivery row. */
export type DeliveryRow = Selectable<WebhookDeliveryTable>;

/** How the sender behaves; every option has a sensible default. */
export interface WebhookSenderOptions {
  /** Where failures are logged (never a URL path, a secret or a body sent). */
  readonly logger?: Logger;
  /** The hub's public base URL (`https://rampart.example.com`), to make links absolute. */
  readonly publicUrl?: string | undefined;
  /** How long one request may take, answer included. Default 10 s. */
  readonly timeoutMs?: number;
  /** A number in [0, 1) for the retry jitter; tests fix it. Default Math.random. */
  readonly random?: () => number;
  /** Deliveries in flight at once per run. Default 4. */
  readonly concurrency?: number;
  /** Deliveries one run sends at most (the rest wait for the next run). Default 200. */
  readonly maxPerRun?: number;
}

/** What one run of the sender did. */
export interface DeliveryOutcome {
  readonly delivered: number;
  /** Failed attempts that will be tried again. */
  readonly retried: number;
  /** Deliveries given up (after the last attempt, or refused). */
  readonly failed: number;
  /** Webhooks disabled because their receiver answered 410 Gone. */
  readonly disabled: number;
}

/** Sends the outbox's deliveries. */
export interface WebhookSender {
  /** Sends the pending deliveries that are due at `now`, each by exactly one sender. */
  deliverDue(hub: HubDatabase, now: number): Promise<DeliveryOutcome>;
  /** Tries one pending delivery now (the test route); returns the row after the attempt. */
  deliverNow(hub: HubDatabase, deliveryId: string, now: number): Promise<DeliveryRow | undefined>;
}

/**
 * The pause before each retry, by the number of attempts made: 30 s, 2 min, 10 min, 1 h,
 * 6 h, each plus up to 20 % of jitter (so receivers that come back are not hit by every
 * hub at once). After {@link MAX_ATTEMPTS} attempts the delivery has failed.
 */
export const RETRY_DELAYS_MS: readonly number[] = [
  30_000,
  2 * 60_000,
  10 * 60_000,
  60 * 60_000,
  6 * 60 * 60_000,
];
/** Attempts of a delivery before it fails (a `ping` is tried once). */
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
/** How long a sender holds a claimed delivery: longer than any attempt can take. */
const LEASE_MS = 5 * 60_000;
/** Characters of an error (or of a receiver's answer) kept. */
const ERROR_CHARS = 500;

/** The delay before the next attempt after `attempts` attempts (1-based), with jitter. */
export function retryDelay(attempts: number, random: () => number = Math.random): number {
  const base =
    RETRY_DELAYS_MS[Math.min(attempts, RETRY_DELAYS_MS.length) - 1] ?? RETRY_DELAYS_MS[0] ?? 0;
  return Math.round(base * (1 + 0.2 * random()));
}

/** The attempts a delivery of the event gets. */
export function maxAttemptsOf(event: string): number {
  return event === 'ping' ? 1 : MAX_ATTEMPTS;
}

/**
 * Claims one due delivery (or the given one) for this sender: an atomic update that only
 * takes a pending row nobody holds, counting the attempt. On PostgreSQL the row is picked
 * with `FOR UPDATE SKIP LOCKED`, so concurrent senders take different rows; on either
 * database the update re-checks the claim, so two senders never take the same one.
 */
async function claim(
  hub: HubDatabase,
  now: number,
  token: string,
  deliveryId?: string,
): Promise<DeliveryRow | undefined> {
  const db = webhookDb(hub.db);
  let pick = db
    .selectFrom('webhook_deliveries')
    .select('id')
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', now)]))
    .where('webhook_id', 'in', db.selectFrom('webhooks').select('id').where('active', '=', 1));
  if (deliveryId !== undefined) pick = pick.where('id', '=', deliveryId);
  pick = pick.orderBy('next_attempt_at').orderBy('id').limit(1);
  if (hub.dialect === 'postgres') pick = pick.forUpdate().skipLocked();
  return db
    .updateTable('webhook_deliveries')
    .set((eb) => ({
      claimed_until: now + LEASE_MS,
      claim_token: token,
      attempts: eb('attempts', '+', 1),
    }))
    .where('id', '=', pick)
    .where('status', '=', 'pending')
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', now)]))
    .returningAll()
    .executeTakeFirst();
}

/** The start of a response body, at most `max` characters, without reading the rest. */
async function readStart(response: Response, max: number): Promise<string> {
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    while (text.length < max) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    // The answer broke off: what came is enough.
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return text.slice(0, max);
}

/** A network failure in words, without the URL (its path may be a credential). */
function networkError(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError')
    return `no answer within ${timeoutMs / 1000} s`;
  const code = e.cause?.code;
  return `${e.message ?? 'request failed'}${code ? ` (${code})` : ''}`;
}

type AttemptResult = { status: number | null; error: string | null };

/** One POST of a delivery: signed, with a timeout, redirects refused. */
async function post(
  url: string,
  secret: string,
  row: DeliveryRow,
  body: string,
  now: number,
  timeoutMs: number,
): Promise<AttemptResult> {
  const problem = webhookUrlProblem(url);
  if (problem !== undefined) return { status: null, error: `URL refused: ${problem}` };
  const timestamp = Math.floor(now / 1000);
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Rampart-Hub-Webhooks/1',
        'x-rampart-event': row.event,
        'x-rampart-delivery': row.id,
        'x-rampart-timestamp': String(timestamp),
        'x-rampart-signature': signWebhook(secret, timestamp, body),
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    const status = response.status;
    if (status >= 200 && status < 300) {
      await response.body?.cancel().catch(() => undefined);
      return { status, error: null };
    }
    if (status >= 300 && status < 400) {
      await response.body?.cancel().catch(() => undefined);
      return { status, error: `HTTP ${status}: redirects are not followed; use the final URL` };
    }
    const text = await readStart(response, ERROR_CHARS);
    return { status, error: `HTTP ${status}${text ? `: ${text}` : ''}`.slice(0, ERROR_CHARS) };
  } catch (error) {
    return { status: null, error: networkError(error, timeoutMs).slice(0, ERROR_CHARS) };
  }
}

/**
 * The webhook sender: claims due deliveries (see {@link claim}), POSTs each signed body
 * (`X-Rampart-Signature`, `-Timestamp`, `-Event`, `-Delivery`) with a timeout and no
 * redirects, and records the outcome: 2xx delivered; 410 Gone disables the webhook (an
 * audit-log entry says why); anything else is retried after {@link retryDelay} until
 * {@link MAX_ATTEMPTS}, then failed. Only the first 500 characters of an error answer are
 * kept.
 */
export function createWebhookSender(options: WebhookSenderOptions = {}): WebhookSender {
  const logger = options.logger ?? silentLogger;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const random = options.random ?? Math.random;
  const concurrency = Math.max(1, options.concurrency ?? 4);

  async function attempt(
    hub: HubDatabase,
    row: DeliveryRow,
    token: string,
    now: number,
  ): Promise<keyof DeliveryOutcome> {
    const db = webhookDb(hub.db);
    const hook = await db
      .selectFrom('webhooks')
      .select(['id', 'url', 'secret'])
      .where('id', '=', row.webhook_id)
      .executeTakeFirst();
    if (hook === undefined) return 'failed'; // deleted meanwhile: its deliveries went with it
    let body: string;
    try {
      body = renderWebhookBody(JSON.parse(row.payload) as RampartEvent, options.publicUrl);
    } catch {
      body = '';
    }
    const { status, error } =
      body === ''
        ? { status: null, error: 'the stored event cannot be read' }
        : await post(hook.url, hook.secret, row, body, now, timeoutMs);
    const finish = (q: WebhookDb, values: Updateable<WebhookDeliveryTable>) =>
      q
        .updateTable('webhook_deliveries')
        .set({ claimed_until: null, claim_token: null, last_status_code: status, ...values })
        .where('id', '=', row.id)
        .where('claim_token', '=', token)
        .execute();

    if (error === null) {
      await finish(db, { status: 'delivered', delivered_at: now, last_error: null });
      return 'delivered';
    }
    const log = {
      webhookId: hook.id,
      deliveryId: row.id,
      event: row.event,
      attempt: row.attempts,
      status,
      error,
      url: maskWebhookUrl(hook.url),
    };
    if (status === 410) {
      await db.transaction().execute(async (trx) => {
        await finish(trx, {
          status: 'failed',
          last_error: `${error.slice(0, ERROR_CHARS - 20)} (webhook disabled)`,
        });
        await trx
          .updateTable('webhooks')
          .set({ active: 0, updated_at: now })
          .where('id', '=', hook.id)
          .execute();
        await recordAudit(trx as unknown as Transaction<Database>, now, {
          actorId: null,
          action: 'webhook.disable',
          targetType: 'webhook',
          targetId: hook.id,
          data: { reason: 'the receiver answered 410 Gone', deliveryId: row.id },
        });
      });
      logger.warn('webhook disabled: its receiver answered 410 Gone', log);
      return 'disabled';
    }
    if (row.attempts >= maxAttemptsOf(row.event) || body === '') {
      await finish(db, { status: 'failed', last_error: error });
      logger.warn('webhook delivery failed for good', log);
      return 'failed';
    }
    const next = now + retryDelay(row.attempts, random);
    await finish(db, { last_error: error, next_attempt_at: next });
    logger.warn('webhook delivery failed; will retry', {
      ...log,
      retryAt: new Date(next).toISOString(),
    });
    return 'retried';
  }

  return {
    async deliverDue(hub, now) {
      const token = randomUUID();
      const outcome = { delivered: 0, retried: 0, failed: 0, disabled: 0 };
      let budget = options.maxPerRun ?? 200;
      const worker = async () => {
        while (budget > 0) {
          budget--;
          const row = await claim(hub, now, token);
          if (row === undefined) return;
          outcome[await attempt(hub, row, token, now)]++;
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
      return outcome;
    },
    async deliverNow(hub, deliveryId, now) {
      const token = randomUUID();
      const row = await claim(hub, now, token, deliveryId);
      if (row !== undefined) await attempt(hub, row, token, now);
      return webhookDb(hub.db)
        .selectFrom('webhook_deliveries')
        .selectAll()
        .where('id', '=', deliveryId)
        .executeTakeFirst();
    },
  };
}

/**
 * Deletes delivered and failed deliveries older than `keepMs` (default 30 days), so the
 * outbox stays small; returns how many.
 */
export async function pruneDeliveries(
  hub: HubDatabase,
  now: number,
  keepMs = 30 * 24 * 60 * 60_000,
): Promise<number> {
  const result = await webhookDb(hub.db)
    .deleteFrom('webhook_deliveries')
    .where('status', 'in', ['delivered', 'failed'])
    .where('created_at', '<', now - keepMs)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
