import { setTimeout as sleep } from 'node:timers/promises';
import { createMemoryLogger } from '@rampart/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubDatabase } from '../db/database.js';
import { freshDatabase } from '../test-support/databases.js';
import { createJobRunner } from './create-job-runner.js';
import type { JobDefinition, JobOutcome } from './job-definition.js';
import type { JobRunner } from './job-runner.js';

/** A job whose runs wait at a gate the test opens; it records how many overlap. */
function gatedJob(name = 'gated', everyMs = 2) {
  let open: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  let started: () => void = () => undefined;
  const firstStart = new Promise<void>((resolve) => {
    started = resolve;
  });
  const stats = { starts: 0, active: 0, maxActive: 0, ends: 0 };
  const job: JobDefinition = {
    name,
    everyMs,
    cron: '* * * * *',
    async run() {
      stats.starts++;
      stats.active++;
      stats.maxActive = Math.max(stats.maxActive, stats.active);
      started();
      await gate;
      stats.active--;
      stats.ends++;
      return { n: stats.ends };
    },
  };
  return { job, stats, open, firstStart };
}

/** Waits (in small real steps, at most 5 s) until `done()` holds. */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !done(); i++) await sleep(10);
  expect(done()).toBe(true);
}

describe('the in-process job runner', () => {
  let hub: HubDatabase;
  let drop: () => Promise<void>;
  const runners: JobRunner[] = [];
  const make = (jobs: JobDefinition[], logger = createMemoryLogger()) => {
    const runner = createJobRunner(hub, {
      logger,
      jobs,
      inProcess: { firstRunMs: () => 0 },
    });
    runners.push(runner);
    return runner;
  };

  beforeAll(async () => {
    ({ hub, drop } = await freshDatabase('sqlite'));
  });
  afterAll(async () => {
    for (const runner of runners) await runner.stop();
    await drop();
  });

  it('never overlaps two runs of a job: scheduled runs and runNow wait their turn', async () => {
    const { job, stats, open, firstStart } = gatedJob();
    const runner = make([job]);
    await runner.start();
    await firstStart;
    const manual = [runner.runNow('gated'), runner.runNow('gated')];
    await sleep(30); // many periods of 2 ms pass while the first run holds
    expect(stats).toMatchObject({ starts: 1, active: 1 });
    expect(runner.status()[0]).toMatchObject({ name: 'gated', busy: true, runs: 0 });
    open();
    const outcomes = await Promise.all(manual);
    // Each manual run started after the one before it ended.
    expect(outcomes.map((o) => o.n)).toEqual([2, 3]);
    await until(() => stats.ends >= 5); // the schedule goes on
    await runner.stop();
    expect(stats.maxActive).toBe(1);
  });

  it('stop() waits for the run in progress, and nothing runs after it', async () => {
    const { job, stats, open, firstStart } = gatedJob();
    const runner = make([job]);
    await runner.start();
    await firstStart;
    let stopped = false;
    const stopping = runner.stop().then(() => {
      stopped = true;
    });
    await sleep(20);
    expect(stopped).toBe(false);
    expect(stats.active).toBe(1);
    open();
    await stopping;
    expect(stats).toMatchObject({ active: 0, starts: 1, ends: 1 });
    await sleep(30);
    expect(stats.starts).toBe(1);
  });

  it('logs and counts failures, keeps the schedule, and never lets them escape', async () => {
    const logger = createMemoryLogger();
    let calls = 0;
    const failing: JobDefinition = {
      name: 'failing',
      everyMs: 2,
      cron: '* * * * *',
      async run(): Promise<JobOutcome> {
        calls++;
        throw new Error(`boom ${calls}`);
      },
    };
    const runner = make([failing], logger);
    await runner.start();
    await until(() => calls >= 3);
    await runner.stop();
    const [status] = runner.status();
    expect(status).toMatchObject({ name: 'failing', runs: 0, busy: false });
    expect(status?.failures).toBe(calls);
    expect(status?.lastError).toBe(`boom ${calls}`);
    const failures = logger.records.filter((r) => r.message === 'job failed');
    expect(failures).toHaveLength(calls);
    expect(failures[0]?.fields).toMatchObject({ job: 'failing', trigger: 'schedule' });
    // A manual run hands the error to its caller, and counts it too.
    const next = calls + 1;
    await expect(runner.runNow('failing')).rejects.toThrow(`boom ${next}`);
    expect(runner.status()[0]?.failures).toBe(next);
  });

  it('answers runNow with the outcome and logs runs that did something', async () => {
    const logger = createMemoryLogger();
    const counting: JobDefinition = {
      name: 'counting',
      everyMs: 60_000,
      cron: '* * * * *',
      run: async (_hub, clock) => ({ seen: clock() > 0 ? 2 : 0 }),
    };
    const runner = make([counting], logger);
    expect(await runner.runNow('counting')).toEqual({ seen: 2 });
    expect(runner.status()[0]).toMatchObject({ runs: 1, lastOutcome: { seen: 2 } });
    expect(logger.records).toEqual([
      {
        level: 'info',
        message: 'job done',
        fields: expect.objectContaining({
          job: 'counting',
          trigger: 'manual',
          outcome: { seen: 2 },
        }),
      },
    ]);
  });

  it('never keeps the process alive: its timers are unref’d', async () => {
    const { job } = gatedJob('idle', 60_000);
    const runner = make([job]);
    await runner.start();
    const timers = (runner as unknown as { timers: Map<string, NodeJS.Timeout> }).timers;
    expect(timers.size).toBe(1);
    expect([...timers.values()].every((t) => !t.hasRef())).toBe(true);
    await runner.stop();
    expect(timers.size).toBe(0);
  });

  it('refuses a public URL that is not an http(s) URL', () => {
    expect(() =>
      createJobRunner(hub, { logger: createMemoryLogger(), publicUrl: 'rampart.example.com' }),
    ).toThrow(/not an http\(s\) URL/);
  });

  it('refuses job lists it cannot run', () => {
    const { job } = gatedJob('twice');
    expect(() => make([job, job])).toThrow('two jobs are named twice');
    expect(() => make([{ ...job, name: 'Bad Name' }])).toThrow(/use a-z, 0-9/);
    expect(() => make([{ ...job, everyMs: 0 }])).toThrow(/everyMs must be positive/);
  });
});
