import { ConfigError, type Logger } from '@rampart/core';
import type { HubDatabase } from '../db/database.js';
import { deskEscalationJob } from '../desk/desk-escalation-job.js';
import { sbomRematchJob } from '../sbom/rematch-job.js';
import { trainingAssignmentsJob } from '../training/assignment-job.js';
import { createWebhookSender } from '../webhooks/sender.js';
import { expireRisksJob } from './expire-risks-job.js';
import { InProcessJobRunner, type InProcessRunnerOptions } from './in-process-runner.js';
import type { Clock, JobDefinition, Notifier } from './job-definition.js';
import { JobExecutor, type JobRunListener } from './job-executor.js';
import type { JobRunner } from './job-runner.js';
import { metricCellsJob } from './metric-cells-job.js';
import { PgBossJobRunner, type PgBossRunnerOptions } from './pg-boss-runner.js';
import { sessionCleanupJob } from './session-cleanup-job.js';
import { slaBreachesJob } from './sla-breaches-job.js';
import { webhookDeliveryJob } from './webhook-delivery-job.js';

/**
 * The hub's jobs and their schedules (in-process period on SQLite / cron on PostgreSQL):
 * - `expire-risks` (5 min / every minute): expired organisation rules and accepted risks revert;
 * - `sla-breaches` (5 min / every 5 minutes): record and notify new SLA breaches;
 * - `session-cleanup` (hourly / minute 17): delete ended sessions;
 * - `webhook-delivery` (15 s / every minute): send due webhook deliveries, prune old ones;
 * - `sbom-rematch` (15 min / every 15 minutes): re-match stored SBOMs when the OSV database
 *   (`osvCache`, default the CLI's cache) changed;
 * - `desk-escalation` (5 min / every 5 minutes): escalate desk questions waiting too long;
 * - `training-assignments` (15 min / every 15 minutes): training rules assign modules;
 * - `metric-cells` (1 min / every minute): build and rebuild the metrics' weekly cells.
 * Add a job by passing `jobs: [...defaultJobs(), myJob]` to {@link createJobRunner}.
 */
export function defaultJobs(options: { readonly osvCache?: string } = {}): JobDefinition[] {
  return [
    expireRisksJob,
    slaBreachesJob,
    sessionCleanupJob,
    webhookDeliveryJob,
    sbomRematchJob({ osvCache: options.osvCache }),
    deskEscalationJob,
    trainingAssignmentsJob,
    metricCellsJob,
  ];
}

/** Options of {@link createJobRunner}. */
export interface JobRunnerOptions {
  /** Where runs and failures are logged. */
  readonly logger: Logger;
  /** The clock jobs read (epoch ms). Default Date.now. */
  readonly now?: Clock;
  /** The jobs to run. Default {@link defaultJobs}. */
  readonly jobs?: readonly JobDefinition[];
  /** How jobs notify; default: the webhook sender with the options below. */
  readonly notifier?: Notifier;
  /** The hub's public base URL, for absolute links in webhook messages. */
  readonly publicUrl?: string | undefined;
  /** In-process scheduler options (SQLite). */
  readonly inProcess?: InProcessRunnerOptions;
  /** Told of every run's outcome (undefined: it failed), e.g. to count runs in `/metrics`. */
  readonly onRun?: JobRunListener;
  /** pg-boss options (PostgreSQL); the connection string defaults to the hub's. */
  readonly pgBoss?: Partial<PgBossRunnerOptions>;
}

/**
 * The job runner for the hub's database: an in-process scheduler on SQLite (one node), a
 * pg-boss one on PostgreSQL (any number of API instances; each scheduled run happens once).
 * Nothing runs until `start()`; `runNow(name)` runs a job at once either way.
 * @example
 * const jobs = createJobRunner(hub, { logger });
 * await jobs.start(); // after the server listens
 * // … on SIGTERM:
 * await jobs.stop(); // before closing the database
 */
export function createJobRunner(hub: HubDatabase, options: JobRunnerOptions): JobRunner {
  if (options.publicUrl !== undefined && !/^https?:\/\/[^/?#\s]+/i.test(options.publicUrl))
    throw new ConfigError(
      `the hub's public URL "${options.publicUrl}" is not an http(s) URL, e.g. https://rampart.example.com`,
    );
  const notifier =
    options.notifier ??
    createWebhookSender({ logger: options.logger, publicUrl: options.publicUrl });
  const executor = new JobExecutor(
    hub,
    options.jobs ?? defaultJobs(),
    options.now ?? Date.now,
    notifier,
    options.logger,
    options.onRun,
  );
  if (hub.dialect === 'sqlite') return new InProcessJobRunner(executor, options.inProcess);
  const connectionString = options.pgBoss?.connectionString ?? hub.url;
  if (connectionString === undefined)
    throw new ConfigError('the jobs need the PostgreSQL URL of the hub (pgBoss.connectionString)');
  return new PgBossJobRunner(executor, options.logger, { ...options.pgBoss, connectionString });
}
