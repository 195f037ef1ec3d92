import { setTimeout as sleep } from 'node:timers/promises';
import { createMemoryLogger } from '@rampart/core';
import { sql } from 'kysely';
import PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubDatabase } from '../db/database.js';
import { freshDatabase, TEST_DIALECTS } from '../test-support/databases.js';
import { createJobRunner, defaultJobs } from './create-job-runner.js';
import type { JobDefinition } from './job-definition.js';
import type { JobRunner } from './job-runner.js';

/** Waits (in small real steps, at most 15 s) until `done()` holds. */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 300 && !done(); i++) await sleep(50);
  expect(done()).toBe(true);
}

describe.skipIf(!TEST_DIALECTS.includes('postgres'))('the pg-boss job runner', () => {
  let hub: HubDatabase;
  let url: string;
  let drop: () => Promise<void>;
  let client: PgBoss;
  const runners: JobRunner[] = [];
  const counts = { runs: 0, active: 0, maxActive: 0 };
  let gate: Promise<void> = Promise.resolve();
  const counted: JobDefinition = {
    name: 'counted',
    everyMs: 60_000,
    // A slot that never comes during a test run: the test sends the job itself.
    cron: '0 0 1 1 *',
    async run() {
      counts.runs++;
      counts.active++;
      counts.maxActive = Math.max(counts.maxActive, counts.active);
      await gate;
      counts.active--;
      return { runs: counts.runs };
    },
  };
  const instance = () => {
    const runner = createJobRunner(hub, {
      logger: createMemoryLogger(),
      jobs: [...defaultJobs(), counted],
      pgBoss: { pollingIntervalSeconds: 0.5 },
    });
    runners.push(runner);
    return runner;
  };

  beforeAll(async () => {
    ({ hub, url, drop } = await freshDatabase('postgres'));
  });
  afterAll(async () => {
    for (const runner of runners) await runner.stop();
    await client?.stop({ graceful: false });
    await drop();
  });

  it('creates a queue and a UTC cron schedule per job in its own schema', async () => {
    const a = instance();
    await a.start();
    const { rows } = await sql<{
      name: string;
      cron: string;
      timezone: string;
    }>`select name, cron, timezone from pgboss.schedule order by name`.execute(hub.db);
    expect(rows).toEqual(
      [...defaultJobs(), counted]
        .map((j) => ({ name: j.name, cron: j.cron, timezone: 'UTC' }))
        .sort((x, y) => x.name.localeCompare(y.name)),
    );
    const queues = await sql<{
      name: string;
      policy: string;
      retry_limit: number;
    }>`select name, policy, retry_limit from pgboss.queue where name = 'counted'`.execute(hub.db);
    expect(queues.rows).toEqual([{ name: 'counted', policy: 'stately', retry_limit: 0 }]);
  });

  it('runs a scheduled job once across two instances', async () => {
    const b = instance();
    await b.start(); // a second API instance on the same database
    client = new PgBoss({ connectionString: url, schedule: false, supervise: false });
    client.on('error', () => undefined);
    await client.start();
    // What the timekeeper does each cron slot: send the job once.
    expect(await client.send('counted', {})).not.toBeNull();
    await until(() => counts.runs === 1);
    await sleep(1500); // three polling periods of both instances
    expect(counts.runs).toBe(1);
    const statuses = runners.map((r) => r.status().find((s) => s.name === 'counted')?.runs);
    expect(statuses.sort()).toEqual([0, 1]);
  });

  it('keeps at most one run queued and one active (stately), and stop() waits for it', async () => {
    let open: () => void = () => undefined;
    gate = new Promise((resolve) => {
      open = resolve;
    });
    const before = counts.runs;
    await client.send('counted', {});
    await until(() => counts.active === 1);
    // While it runs: one more may queue, a third is refused.
    expect(await client.send('counted', {})).not.toBeNull();
    expect(await client.send('counted', {})).toBeNull();
    await sleep(1200);
    expect(counts.active).toBe(1);

    let stopped = false;
    const stopping = Promise.all(runners.map((r) => r.stop())).then(() => {
      stopped = true;
    });
    await sleep(300);
    expect(stopped).toBe(false);
    open();
    await stopping;
    expect(counts.active).toBe(0);
    expect(counts.maxActive).toBe(1);
    // The queued one waits for the next start (it could not become active beside the
    // first); nothing ran after stop.
    const after = counts.runs;
    expect(after - before).toBe(1);
    await sleep(1200);
    expect(counts.runs).toBe(after);
  });
});
