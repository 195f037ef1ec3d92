import { Migrator } from 'kysely/migration';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lifecycleDb } from '../lifecycle/tables.js';
import { day, insertHistory } from '../metrics/metrics-fixture.js';
import { freshDatabase, TEST_DIALECTS } from '../test-support/databases.js';
import type { HubDatabase } from './database.js';
import { migrate, migrations } from './migrations.js';

describe.each(TEST_DIALECTS)('migration 0007-finding-intervals on %s', (dialect) => {
  let hub: HubDatabase;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ hub, drop } = await freshDatabase(dialect));
  });
  afterAll(() => drop());

  it('fills the intervals of the history stored before it', async () => {
    const ids = await insertHistory(hub, {
      teams: [{ key: 't', slug: 'team' }],
      projects: [{ key: 'p', team: 't' }],
      findings: [
        {
          key: 'a',
          project: 'p',
          severity: 'high',
          scanner: 'sast',
          events: [
            ['detected', day(0), 'main'],
            ['fixed', day(3), 'main'],
            ['reopened', day(5), undefined, 'triage'], // a person's reopen opens nothing
            ['reopened', day(8), 'main'],
          ],
        },
        {
          key: 'b',
          project: 'p',
          severity: 'low',
          scanner: 'sast',
          events: [
            ['detected', day(1), 'pr'],
            ['fixed', day(1), 'pr'],
            ['reopened', day(1), 'pr'], // a fix and a reopen at the same time: two intervals
          ],
        },
      ],
    });
    const migrator = new Migrator({
      db: hub.db,
      provider: { getMigrations: async () => migrations(hub.dialect) },
    });
    const down = await migrator.migrateTo('0006-sboms');
    expect(down.error).toBeUndefined();
    // Every migration from 0007-finding-intervals on is applied again (later ones included).
    const names = Object.keys(migrations(hub.dialect)).sort();
    expect((await migrate(hub)).applied).toEqual(
      names.slice(names.indexOf('0007-finding-intervals')),
    );

    const rows = await lifecycleDb(hub.db)
      .selectFrom('finding_intervals')
      .select(['finding_id', 'seq', 'started_at', 'ended_at'])
      .orderBy('finding_id')
      .orderBy('seq')
      .execute();
    const a = ids.findings.get('a');
    const b = ids.findings.get('b');
    expect(rows.filter((r) => r.finding_id === a)).toEqual([
      { finding_id: a, seq: 0, started_at: day(0), ended_at: day(3) },
      { finding_id: a, seq: 1, started_at: day(8), ended_at: null },
    ]);
    expect(rows.filter((r) => r.finding_id === b)).toEqual([
      { finding_id: b, seq: 0, started_at: day(1), ended_at: day(1) },
      { finding_id: b, seq: 1, started_at: day(1), ended_at: null },
    ]);
  });
});
