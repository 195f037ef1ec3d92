import { SEVERITIES } from '@rampart/core';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { HubDatabase } from '../db/database.js';
import { lifecycleDb } from '../lifecycle/tables.js';

/** How a scan upload ended: stored, already stored, refused (4xx) or failed (5xx). */
export type IngestOutcome = 'ingested' | 'duplicate' | 'rejected' | 'failed';
/** How a background job run ended. */
export type JobOutcome = 'succeeded' | 'failed';
/** How one webhook delivery attempt ended: delivered, to be retried, or given up. */
export type WebhookOutcome = 'delivered' | 'retry' | 'failed';

/**
 * The hub's Prometheus metrics, in a registry of its own (not prom-client's global one), so
 * several hubs in one process (tests) never clash. Every label value is bounded: routes are
 * patterns, never raw URLs; outcomes and job names come from the code, never from a client.
 */
export interface HubMetrics {
  readonly registry: Registry;
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpDuration: Histogram<'method' | 'route'>;
  readonly ingestScans: Counter<'outcome'>;
  readonly ingestFindings: Counter;
  readonly jobRuns: Counter<'job' | 'outcome'>;
  readonly webhookDeliveries: Counter<'outcome'>;
  /** Registers the process metrics (CPU, memory, event loop, GC) on the first scrape. */
  ensureProcessMetrics(): void;
}

/** How long the open-findings gauge reuses its last count (one query per interval at most). */
export const OPEN_FINDINGS_CACHE_MS = 15_000;

declare module 'fastify' {
  interface FastifyInstance {
    /** The hub's metrics (decorated by buildHub). */
    hubMetrics?: HubMetrics;
  }
}

/**
 * Creates the hub's metrics. The open-findings gauge is computed when scraped, with one
 * grouped count over open findings, reused for {@link OPEN_FINDINGS_CACHE_MS}; when the
 * database does not answer, that scrape has no open-findings samples rather than failing.
 */
export function createHubMetrics(
  database: HubDatabase,
  options: { readonly now?: () => number } = {},
): HubMetrics {
  const now = options.now ?? Date.now;
  const registry = new Registry();
  const registers = [registry];
  const httpRequests = new Counter({
    name: 'rampart_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern ("unmatched" for 404s) and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers,
  });
  const httpDuration = new Histogram({
    name: 'rampart_http_request_duration_seconds',
    help: 'Time to answer HTTP requests, by method and route pattern',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  const ingestScans = new Counter({
    name: 'rampart_ingest_scans_total',
    help: 'Scan uploads, by outcome (ingested, duplicate, rejected, failed)',
    labelNames: ['outcome'] as const,
    registers,
  });
  const ingestFindings = new Counter({
    name: 'rampart_ingest_findings_total',
    help: 'Findings in ingested scans (new and seen again; duplicates not counted)',
    registers,
  });
  const jobRuns = new Counter({
    name: 'rampart_jobs_runs_total',
    help: 'Background job runs, by job and outcome',
    labelNames: ['job', 'outcome'] as const,
    registers,
  });
  const webhookDeliveries = new Counter({
    name: 'rampart_webhook_deliveries_total',
    help: 'Webhook delivery attempts, by outcome (delivered, retry, failed)',
    labelNames: ['outcome'] as const,
    registers,
  });

  const db = lifecycleDb(database.db);
  const effective = sql<string>`coalesce(severity_override, severity)`;
  let cached: { at: number; counts: Map<string, number> } | undefined;
  let pending: Promise<Map<string, number>> | undefined;
  const openCounts = async (): Promise<Map<string, number>> => {
    const rows = await db
      .selectFrom('findings')
      .select([effective.as('severity'), (eb) => eb.fn.countAll().as('n')])
      .where('status', '=', 'open')
      .groupBy(effective)
      .execute();
    return new Map(rows.map((r) => [r.severity, Number(r.n)]));
  };
  new Gauge({
    name: 'rampart_open_findings',
    help: 'Open findings by effective severity (override included), counted at scrape time',
    labelNames: ['severity'] as const,
    registers,
    async collect() {
      const at = now();
      if (cached === undefined || at - cached.at >= OPEN_FINDINGS_CACHE_MS) {
        pending ??= openCounts().finally(() => {
          pending = undefined;
        });
        try {
          cached = { at, counts: await pending };
        } catch {
          this.reset();
          return;
        }
      }
      for (const severity of SEVERITIES) this.set({ severity }, cached.counts.get(severity) ?? 0);
    },
  });

  let processMetrics = false;
  return {
    registry,
    httpRequests,
    httpDuration,
    ingestScans,
    ingestFindings,
    jobRuns,
    webhookDeliveries,
    // Lazily: the GC and event-loop monitors run for the life of the process, so hubs that
    // are never scraped (most tests) should not start them.
    ensureProcessMetrics() {
      if (processMetrics) return;
      processMetrics = true;
      collectDefaultMetrics({ register: registry, prefix: 'rampart_' });
    },
  };
}

/** The metrics of the hub an application (or any of its plugins) belongs to. */
export function hubMetricsOf(app: FastifyInstance): HubMetrics | undefined {
  return app.hubMetrics;
}

/**
 * Counts a scan upload by outcome, and for an ingested one the findings it reported.
 * @example recordScanIngest(metrics, result.duplicate ? 'duplicate' : 'ingested', result.counts.new + result.counts.seen)
 */
export function recordScanIngest(
  metrics: HubMetrics | undefined,
  outcome: IngestOutcome,
  findings = 0,
): void {
  if (metrics === undefined) return;
  metrics.ingestScans.inc({ outcome });
  if (outcome === 'ingested' && findings > 0) metrics.ingestFindings.inc(findings);
}

/** Counts a background job run (`job` is the job's name in the code, e.g. `expire-risks`). */
export function recordJobRun(
  metrics: HubMetrics | undefined,
  job: string,
  outcome: JobOutcome,
): void {
  metrics?.jobRuns.inc({ job, outcome });
}

/** Counts a webhook delivery attempt by outcome. */
export function recordWebhookDelivery(
  metrics: HubMetrics | undefined,
  outcome: WebhookOutcome,
): void {
  metrics?.webhookDeliveries.inc({ outcome });
}

/**
 * A job runner's `onRun` listener that counts runs in the app's `/metrics`, and the
 * webhook deliveries the `webhook-delivery` job reports (delivered, retried, failed).
 * @example createJobRunner(hub, { logger, onRun: jobMetricsListener(app) })
 */
export function jobMetricsListener(
  app: FastifyInstance,
): (job: string, outcome: Readonly<Record<string, number>> | undefined) => void {
  return (job, outcome) => {
    const metrics = hubMetricsOf(app);
    recordJobRun(metrics, job, outcome === undefined ? 'failed' : 'succeeded');
    if (job !== 'webhook-delivery' || outcome === undefined) return;
    for (const [key, label] of [
      ['delivered', 'delivered'],
      ['retried', 'retry'],
      ['failed', 'failed'],
    ] as const) {
      const n = outcome[key] ?? 0;
      if (n > 0) metrics?.webhookDeliveries.inc({ outcome: label }, n);
    }
  };
}
