import type { JobOutcome } from './job-definition.js';
import type { JobExecutor, JobStatus } from './job-executor.js';
import type { JobRunner } from './job-runner.js';

/** Options of the in-process scheduler. */
export interface InProcessRunnerOptions {
  /**
   * The wait before each job's first run after start, at most its period. Default: a
   * random part of 10 s, so jobs of a restarted hub do not all start at once.
   */
  readonly firstRunMs?: (everyMs: number) => number;
}

/**
 * The scheduler for a single-node hub (SQLite): one timer per job. The next run is
 * scheduled when the previous one ends, so a job never overlaps itself; a run that fails is
 * logged and counted, and the job runs again at its next period. Timers are unref'd (they
 * never keep the process alive); `stop()` cancels them and waits for runs in progress.
 */
export class InProcessJobRunner implements JobRunner {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private started = false;

  constructor(
    private readonly executor: JobExecutor,
    private readonly options: InProcessRunnerOptions = {},
  ) {}

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    for (const job of this.executor.jobs) {
      const first = this.options.firstRunMs?.(job.everyMs) ?? Math.random() * 10_000;
      this.schedule(job.name, Math.min(first, job.everyMs));
    }
  }

  async stop(): Promise<void> {
    this.started = false;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await this.executor.idle();
  }

  runNow(name: string): Promise<JobOutcome> {
    return this.executor.run(name, 'manual');
  }

  status(): JobStatus[] {
    return this.executor.status();
  }

  private schedule(name: string, delayMs: number): void {
    clearTimeout(this.timers.get(name));
    const timer = setTimeout(() => {
      this.timers.delete(name);
      void this.tick(name);
    }, delayMs);
    timer.unref();
    this.timers.set(name, timer);
  }

  private async tick(name: string): Promise<void> {
    if (!this.started) return;
    // A manual run in progress counts as this period's run.
    if (!this.executor.busy(name)) {
      try {
        await this.executor.run(name, 'schedule');
      } catch {
        // Logged and counted by the executor; the job runs again at its next period.
      }
    }
    if (this.started) this.schedule(name, this.executor.job(name).everyMs);
  }
}
