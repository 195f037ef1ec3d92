import { randomUUID } from 'node:crypto';
import { SEVERITIES } from '@rampart/core';
import type { Insertable, Transaction } from 'kysely';
import type { FindingRow } from '../lifecycle/lifecycle-store.js';
import { chunks } from '../lifecycle/project-lock.js';
import type { LifecycleDatabase } from '../lifecycle/tables.js';
import {
  type EventFinding,
  type EventOwner,
  findingLink,
  locationOf,
  type RampartEvent,
} from './payload.js';
import {
  type WebhookDb,
  type WebhookDeliveryTable,
  type WebhookEventName,
  webhookDb,
} from './tables.js';

// The outbox: events become delivery rows in the transaction of the change that caused
// them (an ingest, the SLA job), so a rolled-back change sends nothing and a committed one
// is sent even if the process stops right after. The sender (sender.ts) drains it.

/** An event (about a finding, or a question), and what webhooks filter it by. */
export interface OutgoingEvent {
  readonly event: Extract<RampartEvent, { event: WebhookEventName }>;
  readonly teamId: string;
  /** The finding's severity; undefined for an event without one (a webhook's minimum does not apply). */
  readonly severity?: string;
}

/** A subscribed webhook, as the outbox needs it. */
interface Subscriber {
  readonly id: string;
  readonly team_id: string | null;
  readonly min_severity: string | null;
}

/**
 * A scan that ran longer ago than this before it was uploaded (an import of a project's
 * history) notifies no one of its new critical findings: they are old news.
 */
export const NEW_CRITICAL_MAX_AGE_MS = 24 * 60 * 60_000;

const rank = (severity: string) => {
  const i = (SEVERITIES as readonly string[]).indexOf(severity);
  return i === -1 ? SEVERITIES.length : i;
};

/** Whether `severity` is at least as severe as `min` (null: any). */
export function severityAtLeast(severity: string, min: string | null): boolean {
  return min === null || rank(severity) <= rank(min);
}

/** The active webhooks that subscribe to an event. */
async function subscribers(db: WebhookDb, event: WebhookEventName): Promise<Subscriber[]> {
  const hooks = await db
    .selectFrom('webhooks')
    .select(['id', 'events', 'team_id', 'min_severity'])
    .where('active', '=', 1)
    .execute();
  return hooks.filter((hook) => {
    try {
      return (JSON.parse(hook.events) as unknown[]).includes(event);
    } catch {
      return false;
    }
  });
}

function deliveryRow(
  webhookId: string,
  event: RampartEvent,
  now: number,
): Insertable<WebhookDeliveryTable> {
  return {
    id: randomUUID(),
    webhook_id: webhookId,
    event: event.event,
    payload: JSON.stringify(event),
    status: 'pending',
    attempts: 0,
    next_attempt_at: now,
    claimed_until: null,
    claim_token: null,
    last_status_code: null,
    last_error: null,
    created_at: now,
    delivered_at: null,
  };
}

async function insertDeliveries(
  db: WebhookDb,
  rows: readonly Insertable<WebhookDeliveryTable>[],
): Promise<void> {
  for (const part of chunks(rows, 500)) {
    await db.insertInto('webhook_deliveries').values(part).execute();
  }
}

/**
 * Queues a delivery of each event to every active webhook that subscribes to its kind, is
 * not filtered to another team, and whose minimum severity the event meets. Call it inside
 * the transaction of the change the events report. Returns the deliveries queued.
 */
export async function enqueueWebhookEvents(
  db: WebhookDb,
  events: readonly OutgoingEvent[],
  now: number,
): Promise<number> {
  const rows: Insertable<WebhookDeliveryTable>[] = [];
  const byKind = new Map<WebhookEventName, Subscriber[]>();
  for (const e of events) {
    let hooks = byKind.get(e.event.event);
    if (hooks === undefined) {
      hooks = await subscribers(db, e.event.event);
      byKind.set(e.event.event, hooks);
    }
    for (const hook of hooks) {
      if (hook.team_id !== null && hook.team_id !== e.teamId) continue;
      if (e.severity !== undefined && !severityAtLeast(e.severity, hook.min_severity)) continue;
      rows.push(deliveryRow(hook.id, e.event, now));
    }
  }
  await insertDeliveries(db, rows);
  return rows.length;
}

/** Queues a `ping` to one webhook (the test route); returns the delivery's id. */
export async function enqueuePing(
  db: WebhookDb,
  webhook: { readonly id: string; readonly name: string },
  now: number,
): Promise<string> {
  const row = deliveryRow(
    webhook.id,
    {
      event: 'ping',
      occurredAt: new Date(now).toISOString(),
      webhook: { id: webhook.id, name: webhook.name },
    },
    now,
  );
  await insertDeliveries(db, [row]);
  return row.id;
}

/** A finding row as events describe it. */
export function eventFinding(
  row: Pick<
    FindingRow,
    | 'id'
    | 'title'
    | 'rule_id'
    | 'scanner'
    | 'severity'
    | 'severity_override'
    | 'data'
    | 'first_seen_at'
    | 'first_seen_stage'
  >,
): EventFinding {
  return {
    id: row.id,
    title: row.title,
    ruleId: row.rule_id,
    scanner: row.scanner,
    severity: row.severity_override ?? row.severity,
    location: locationOf(row.data),
    firstSeenAt: new Date(row.first_seen_at).toISOString(),
    firstSeenStage: row.first_seen_stage,
  };
}

/** The project and team of a project id. */
export async function ownerOf(db: WebhookDb, projectId: string): Promise<EventOwner | undefined> {
  const row = await db
    .selectFrom('projects')
    .innerJoin('teams', 'teams.id', 'projects.team_id')
    .select([
      'projects.id as projectId',
      'projects.name as projectName',
      'teams.id as teamId',
      'teams.slug as teamSlug',
      'teams.name as teamName',
    ])
    .where('projects.id', '=', projectId)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  return {
    project: { id: row.projectId, name: row.projectName },
    team: { id: row.teamId, slug: row.teamSlug, name: row.teamName },
  };
}

/**
 * Queues `finding.new_critical` for the findings an ingest saw for the first time that are
 * critical and still open once the scan is applied (an organisation rule may have accepted
 * them at once), unless the scan ran more than {@link NEW_CRITICAL_MAX_AGE_MS} before it
 * arrived. Called inside the ingest's transaction; costs no query when there is nothing
 * critical. Returns the deliveries queued.
 */
export async function enqueueNewCriticals(
  trx: Transaction<LifecycleDatabase>,
  created: readonly FindingRow[],
  scan: { readonly scanId: string; readonly now: number },
): Promise<number> {
  const fresh = created.filter(
    (row) =>
      (row.severity_override ?? row.severity) === 'critical' &&
      row.status === 'open' &&
      row.first_seen_at >= scan.now - NEW_CRITICAL_MAX_AGE_MS,
  );
  const first = fresh[0];
  if (first === undefined) return 0;
  const db = webhookDb(trx);
  if ((await subscribers(db, 'finding.new_critical')).length === 0) return 0;
  const owner = await ownerOf(db, first.project_id);
  if (owner === undefined) return 0;
  const occurredAt = new Date(scan.now).toISOString();
  return enqueueWebhookEvents(
    db,
    fresh.map((row) => ({
      event: {
        event: 'finding.new_critical',
        occurredAt,
        ...owner,
        finding: eventFinding(row),
        scanId: scan.scanId,
        link: findingLink(row.id),
      },
      teamId: owner.team.id,
      severity: 'critical',
    })),
    scan.now,
  );
}
