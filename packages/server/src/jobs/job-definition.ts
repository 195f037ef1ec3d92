import type { HubDatabase } from '../db/database.js';
import type { WebhookSender } from '../webhooks/sender.js';

/** The clock jobs read (epoch ms); tests inject one. */
export type Clock = () => number;

/** What a run did, as counts (`{ reverted: 3 }`): logged, and answered by `runNow`. */
export type JobOutcome = Readonly<Record<string, number>>;

/** How jobs send notifications: the webhook sender (tests may pass their own). */
export type Notifier = Pick<WebhookSender, 'deliverDue'>;

/**
 * A background job: a plain async function of the hub, the clock and the notifier, plus
 * its schedules. Jobs must be idempotent and safe to run on several instances at once
 * (the runners prevent overlapping runs in one process, and pg-boss across instances, but
 * a manual `runNow` may meet a scheduled run on another instance).
 * @example { name: 'sbom-rematch', everyMs: 15 * 60_000, cron: '*\/15 * * * *', run: (hub, clock) => rematchSboms(hub, clock()) }
 */
export interface JobDefinition {
  /** Unique; also the pg-boss queue name (letters, digits, `-`). */
  readonly name: string;
  /** The period of the in-process scheduler (SQLite). */
  readonly everyMs: number;
  /** The pg-boss cron schedule (PostgreSQL; minute resolution, UTC). */
  readonly cron: string;
  run(hub: HubDatabase, clock: Clock, notifier: Notifier): Promise<JobOutcome>;
}
