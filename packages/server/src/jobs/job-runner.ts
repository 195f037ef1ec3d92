import type { JobOutcome } from './job-definition.js';
import type { JobStatus } from './job-executor.js';

/** Runs the hub's background jobs on their schedules. */
export interface JobRunner {
  /** Starts the schedules (and, on PostgreSQL, the pg-boss workers). */
  start(): Promise<void>;
  /** Stops scheduling and waits for runs in progress to end. */
  stop(): Promise<void>;
  /**
   * Runs a job in this process now, after any run of it in progress here; resolves with
   * its outcome, rejects with its error (which is logged and counted as well).
   */
  runNow(name: string): Promise<JobOutcome>;
  /** What each job has done in this process. */
  status(): JobStatus[];
}
