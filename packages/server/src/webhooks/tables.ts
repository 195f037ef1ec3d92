import type { ColumnType, Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { LifecycleDatabase } from '../lifecycle/tables.js';

// The tables of migration 0005-jobs-webhooks, as Kysely sees them. They extend the
// lifecycle's view of the database here, so the shared schema file stays untouched.

/** Epoch milliseconds. */
type Millis = number;

/** The events a webhook can subscribe to (`ping` is only sent by the test route). */
export const WEBHOOK_EVENTS = ['finding.new_critical', 'sla.breach', 'question.escalated'] as const;
/** An event a webhook subscribes to. */
export type WebhookEventName = (typeof WEBHOOK_EVENTS)[number];
/** Every event a delivery can carry. */
export type DeliveryEventName = WebhookEventName | 'ping';

/** An outgoing webhook. */
export interface WebhookTable {
  id: string;
  name: string;
  /** https (http only to loopback); may itself be a credential (Slack's are), so it is shown masked. */
  url: string;
  /** The HMAC key deliveries are signed with: kept in clear, because signing needs it. */
  secret: string;
  /** JSON array of {@link WebhookEventName}. */
  events: string;
  /** Only events about this team's projects; null: every team. */
  team_id: string | null;
  /** Only events about findings at least this severe; null: any (events without a severity, such as `question.escalated`, always pass). */
  min_severity: string | null;
  active: ColumnType<number, number | undefined, number>;
  created_by: string | null;
  created_at: Millis;
  updated_at: Millis;
}

/** The state of a delivery. */
export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

/** One event to send to one webhook: the outbox. */
export interface WebhookDeliveryTable {
  id: string;
  webhook_id: string;
  event: DeliveryEventName;
  /** The structured event (JSON): the `rampart` object of the body sent. */
  payload: string;
  status: DeliveryStatus;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Millis;
  /** A sender holds the delivery until then (so two instances never send it twice). */
  claimed_until: Millis | null;
  /** Which sender holds it. */
  claim_token: string | null;
  last_status_code: number | null;
  /** At most 500 characters: the error, or the start of the receiver's answer. */
  last_error: string | null;
  created_at: Millis;
  delivered_at: Millis | null;
}

/** An SLA breach, recorded once per finding and due date (a reopen starts a new one). */
export interface SlaBreachTable {
  finding_id: string;
  due_at: Millis;
  detected_at: Millis;
  /** When its notifications were queued. */
  notified_at: Millis | null;
}

/** The database as the jobs and webhooks see it. */
export type WebhookDatabase = LifecycleDatabase & {
  webhooks: WebhookTable;
  webhook_deliveries: WebhookDeliveryTable;
  sla_breaches: SlaBreachTable;
};

/** A query builder or transaction over {@link WebhookDatabase}. */
export type WebhookDb = Kysely<WebhookDatabase> | Transaction<WebhookDatabase>;

/** The hub's Kysely instance (or a transaction of it), typed with the webhook tables. */
export function webhookDb(db: Kysely<Database>): Kysely<WebhookDatabase>;
export function webhookDb(
  db: Kysely<Database> | Transaction<Database> | Transaction<LifecycleDatabase>,
): WebhookDb;
export function webhookDb(
  db: Kysely<Database> | Transaction<Database> | Transaction<LifecycleDatabase>,
): WebhookDb {
  return db as unknown as WebhookDb;
}
