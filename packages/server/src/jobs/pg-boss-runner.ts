import type { Logger } from '@rampart/core';
import PgBoss from 'pg-boss';
import type { JobOutcome } from './job-definition.js';
import type { JobExecutor, JobStatus } from './job-executor.js';
import type { JobRunner } from './job-runner.js';

/** Options of the pg-boss runner. */
export interface PgBossRunnerOptions {
  /** The hub's PostgreSQL URL; pg-boss keeps its own small pool and its own schema. */
  readonly connectionString: string;
  /** pg-boss's schema. Default `pgboss`. */
  readonly schema?: string;
  /** How often an idle worker asks for a job, in seconds (≥ 0.5). Default 5. */
  readonly pollingIntervalSeconds?: number;
  /** How long `stop()` waits for runs in progress before giving up on them. Default 30 s. */
  readonly stopTimeoutMs?: number;
}

/**
 * The scheduler for PostgreSQL, where several API instances share one database: pg-boss
 * 10. Each job is a queue of policy `stately` (at most one run queued and one active across
 * all instances, so runs never overlap and never pile up) with a cron schedule; pg-boss's
 * timekeeper sends each scheduled job once per minute slot whatever the number of
 * instances, and one instance's worker takes it. A failed run is not retried by pg-boss:
 * the next period runs it again. `stop()` stops the workers, waits for runs in progress,
 * and closes pg-boss's pool.
 */
export class PgBossJobRunner implements JobRunner {
  private boss: PgBoss | undefined;

  constructor(
    private readonly executor: JobExecutor,
    private readonly logger: Logger,
    private readonly options: PgBossRunnerOptions,
  ) {}

  async start(): Promise<void> {
    if (this.boss !== undefined) return;
    const boss = new PgBoss({
      connectionString: this.options.connectionString,
      schema: this.options.schema ?? 'pgboss',
      application_name: 'rampart-jobs',
      max: 4,
    });
    // Without a listener, an 'error' event would throw and end the process.
    boss.on('error', (error: Error & { queue?: string }) => {
      this.logger.error('job queue error', { queue: error.queue, error: error.message });
    });
    await boss.start();
    this.boss = boss;
    try {
      for (const job of this.executor.jobs) {
        await boss.createQueue(job.name, {
          name: job.name,
          policy: 'stately',
          retryLimit: 0,
          expireInSeconds: 15 * 60,
        });
        await boss.schedule(job.name, job.cron, {}, { tz: 'UTC' });
        await boss.work(
          job.name,
          { pollingIntervalSeconds: this.options.pollingIntervalSeconds ?? 5 },
          async () => this.executor.run(job.name, 'schedule'),
        );
      }
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  async stop(): Promise<void> {
    const boss = this.boss;
    this.boss = undefined;
    if (boss !== undefined) {
      await boss.stop({
        graceful: true,
        wait: true,
        timeout: this.options.stopTimeoutMs ?? 30_000,
      });
    }
    await this.executor.idle();
  }

  runNow(name: string): Promise<JobOutcome> {
    return this.executor.run(name, 'manual');
  }

  status(): JobStatus[] {
    return this.executor.status();
  }
}
