import { performance } from 'node:perf_hooks';
import type { Logger } from '@rampart/core';
import type { HubDatabase } from '../db/database.js';
import type { Clock, JobDefinition, JobOutcome, Notifier } from './job-definition.js';

/** What a runner knows of one job. */
export interface JobStatus {
  readonly name: string;
  /** Runs that finished. */
  readonly runs: number;
  /** Runs that threw. */
  readonly failures: number;
  /** A run is in progress (or waiting for the one in progress). */
  readonly busy: boolean;
  readonly lastOutcome: JobOutcome | null;
  /** The message of the last failure (errors of jobs never hold secrets). */
  readonly lastError: string | null;
}

interface State {
  /** The end of the last run started; a new run chains on it, so runs never overlap. */
  tail: Promise<void>;
  pending: number;
  runs: number;
  failures: number;
  lastOutcome: JobOutcome | null;
  lastError: string | null;
}

/**
 * Runs jobs one at a time per job (single flight): a run asked for while one is in
 * progress starts after it. Logs and counts every outcome and failure; never lets a
 * failure escape to the process (the scheduled path swallows it after logging), only to a
 * caller of {@link JobExecutor.run} who asked to see it.
 */
/** Told of every run: its outcome, or undefined when it failed (e.g. to count runs in /metrics). */
export type JobRunListener = (job: string, outcome: JobOutcome | undefined) => void;

export class JobExecutor {
  private readonly states = new Map<string, State>();
  private readonly byName = new Map<string, JobDefinition>();

  constructor(
    private readonly hub: HubDatabase,
    jobs: readonly JobDefinition[],
    private readonly clock: Clock,
    private readonly notifier: Notifier,
    private readonly logger: Logger,
    private readonly onRun: JobRunListener = () => {},
  ) {
    for (const job of jobs) {
      if (this.byName.has(job.name)) throw new Error(`two jobs are named ${job.name}`);
      if (!/^[a-z0-9][a-z0-9-]*$/.test(job.name))
        throw new Error(`job name ${job.name}: use a-z, 0-9 and "-"`);
      if (!(job.everyMs > 0)) throw new Error(`job ${job.name}: everyMs must be positive`);
      this.byName.set(job.name, job);
      this.states.set(job.name, {
        tail: Promise.resolve(),
        pending: 0,
        runs: 0,
        failures: 0,
        lastOutcome: null,
        lastError: null,
      });
    }
  }

  /** The jobs, in the order given. */
  get jobs(): readonly JobDefinition[] {
    return [...this.byName.values()];
  }

  /** The job of a name; throws for an unknown one. */
  job(name: string): JobDefinition {
    const job = this.byName.get(name);
    if (job === undefined)
      throw new Error(`no job named ${name} (known: ${[...this.byName.keys()].join(', ')})`);
    return job;
  }

  /** Whether a run of the job is in progress or waiting. */
  busy(name: string): boolean {
    return (this.states.get(name)?.pending ?? 0) > 0;
  }

  /** Runs the job after any run in progress; resolves with its outcome, rejects with its error. */
  run(name: string, trigger: 'schedule' | 'manual'): Promise<JobOutcome> {
    let job: JobDefinition;
    try {
      job = this.job(name);
    } catch (error) {
      return Promise.reject(error);
    }
    const state = this.states.get(name) as State;
    state.pending++;
    const result = state.tail
      .then(() => this.execute(job, state, trigger))
      .finally(() => {
        state.pending--;
      });
    state.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  /** Resolves when no run is in progress or waiting. */
  async idle(): Promise<void> {
    for (;;) {
      const states = [...this.states.values()];
      await Promise.all(states.map((s) => s.tail));
      if (states.every((s) => s.pending === 0)) return;
    }
  }

  /** What each job has done. */
  status(): JobStatus[] {
    return [...this.states].map(([name, s]) => ({
      name,
      runs: s.runs,
      failures: s.failures,
      busy: s.pending > 0,
      lastOutcome: s.lastOutcome,
      lastError: s.lastError,
    }));
  }

  private async execute(job: JobDefinition, state: State, trigger: string): Promise<JobOutcome> {
    const started = performance.now();
    try {
      const outcome = await job.run(this.hub, this.clock, this.notifier);
      state.runs++;
      state.lastOutcome = outcome;
      const fields = {
        job: job.name,
        trigger,
        ms: Math.round(performance.now() - started),
        outcome,
      };
      // Quiet when there was nothing to do: some jobs run every few seconds.
      if (Object.values(outcome).some((n) => n !== 0)) this.logger.info('job done', fields);
      else this.logger.debug('job done', fields);
      this.onRun(job.name, outcome);
      return outcome;
    } catch (error) {
      state.failures++;
      state.lastError = (error as Error)?.message ?? String(error);
      this.logger.error('job failed', {
        job: job.name,
        trigger,
        ms: Math.round(performance.now() - started),
        error: state.lastError,
      });
      this.onRun(job.name, undefined);
      throw error;
    }
  }
}
