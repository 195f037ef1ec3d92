import { pruneDeliveries } from '../webhooks/sender.js';
import type { JobDefinition } from './job-definition.js';

/**
 * `webhook-delivery`: sends the webhook deliveries that are due (new ones and retries) and
 * deletes finished ones older than 30 days. Outcome: `{ delivered, retried, failed,
 * disabled, pruned }`.
 */
export const webhookDeliveryJob: JobDefinition = {
  name: 'webhook-delivery',
  everyMs: 15_000,
  cron: '* * * * *',
  async run(hub, clock, notifier) {
    const sent = await notifier.deliverDue(hub, clock());
    const pruned = await pruneDeliveries(hub, clock());
    return { ...sent, pruned };
  },
};
