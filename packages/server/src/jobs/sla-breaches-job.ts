import { sql } from 'kysely';
import type { HubDatabase } from '../db/database.js';
import { inTransaction } from '../lifecycle/project-lock.js';
import { lifecycleDb } from '../lifecycle/tables.js';
import { daysToMs, loadSlaPolicies, num, severityOf, slaDaysCase } from '../metrics/metrics-sql.js';
import { completedDays } from '../metrics/time-units.js';
import {
  enqueueWebhookEvents,
  eventFinding,
  type OutgoingEvent,
  ownerOf,
} from '../webhooks/outbox.js';
import { type EventOwner, findingLink } from '../webhooks/payload.js';
import { webhookDb } from '../webhooks/tables.js';
import type { JobDefinition } from './job-definition.js';

/** What {@link detectSlaBreaches} did. */
export interface SlaBreachOutcome {
  /** Breaches recorded now (each once per finding and due date). */
  readonly breaches: number;
  /** Webhook deliveries queued for them. */
  readonly deliveries: number;
}

interface BreachRow {
  id: string;
  project_id: string;
  title: string;
  rule_id: string;
  scanner: string;
  severity: string;
  data: string;
  first_seen_at: unknown;
  first_seen_stage: string;
  started_at: unknown;
  sla_days: unknown;
  due_at: unknown;
}

/**
 * Finds the open findings past their SLA due date at `now` — due = the start of the open
 * interval + the days allowed for the effective severity (team policy, else organisation,
 * else the default; `info` has none), exactly as the SLA metric computes it — records each
 * breach once in `sla_breaches` (finding, due date) and queues an `sla.breach` webhook
 * delivery for it in the same transaction. Running it again records and notifies nothing
 * new; a reopened finding has a new due date and so can breach again.
 */
export async function detectSlaBreaches(
  hub: HubDatabase,
  now: number,
  options: { readonly batch?: number } = {},
): Promise<SlaBreachOutcome> {
  const batch = options.batch ?? 500;
  const due = sql`started_at + ${daysToMs(sql`sla_days`)}`;
  const owners = new Map<string, EventOwner | undefined>();
  let breaches = 0;
  let deliveries = 0;
  const slaDays = slaDaysCase(await loadSlaPolicies(hub.db), sql`p.team_id`, severityOf);
  for (;;) {
    const { rows } = await sql<BreachRow>`with q as materialized (
          select f.id as id, f.project_id as project_id, f.title as title, f.rule_id as rule_id,
            f.scanner as scanner, ${severityOf} as severity, f.data as data,
            f.first_seen_at as first_seen_at, f.first_seen_stage as first_seen_stage,
            i.started_at as started_at, ${slaDays} as sla_days
          from finding_intervals i
            join findings f on f.id = i.finding_id
            join projects p on p.id = f.project_id
          where f.status = 'open' and i.ended_at is null
        )
        select q.*, ${due} as due_at from q
        where started_at is not null and sla_days is not null and ${due} < ${now}
          and not exists (select 1 from sla_breaches b where b.finding_id = q.id and b.due_at = ${due})
        order by ${due}, q.id
        limit ${batch}`.execute(hub.db);
    if (rows.length === 0) break;
    const recorded = await inTransaction(lifecycleDb(hub.db), async (trx) => {
      const db = webhookDb(trx);
      const events: OutgoingEvent[] = [];
      let recordedNow = 0;
      for (const row of rows) {
        const dueAt = num(row.due_at);
        const inserted = await db
          .insertInto('sla_breaches')
          .values({ finding_id: row.id, due_at: dueAt, detected_at: now, notified_at: now })
          .onConflict((oc) => oc.columns(['finding_id', 'due_at']).doNothing())
          .returning('finding_id')
          .executeTakeFirst();
        if (inserted === undefined) continue; // another instance recorded it first
        recordedNow++;
        if (!owners.has(row.project_id))
          owners.set(row.project_id, await ownerOf(db, row.project_id));
        const owner = owners.get(row.project_id);
        if (owner === undefined) continue;
        events.push({
          event: {
            event: 'sla.breach',
            occurredAt: new Date(now).toISOString(),
            ...owner,
            finding: eventFinding({
              ...row,
              severity_override: null,
              first_seen_at: num(row.first_seen_at),
            }),
            sla: {
              days: num(row.sla_days),
              openedAt: new Date(num(row.started_at)).toISOString(),
              dueAt: new Date(dueAt).toISOString(),
              daysOverdue: completedDays(now - dueAt),
            },
            link: findingLink(row.id),
          },
          teamId: owner.team.id,
          severity: row.severity,
        });
      }
      return { breaches: recordedNow, deliveries: await enqueueWebhookEvents(db, events, now) };
    });
    breaches += recorded.breaches;
    deliveries += recorded.deliveries;
    // A short batch is the last; a batch that recorded nothing was taken by another instance.
    if (rows.length < batch || recorded.breaches === 0) break;
  }
  return { breaches, deliveries };
}

/** `sla-breaches`: {@link detectSlaBreaches}. Outcome: `{ breaches, deliveries }`. */
export const slaBreachesJob: JobDefinition = {
  name: 'sla-breaches',
  everyMs: 5 * 60_000,
  cron: '*/5 * * * *',
  async run(hub, clock) {
    const { breaches, deliveries } = await detectSlaBreaches(hub, clock());
    return { breaches, deliveries };
  },
};
