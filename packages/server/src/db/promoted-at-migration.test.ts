import { Migrator } from 'kysely/migration';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lifecycleDb } from '../lifecycle/tables.js';
import { day, type FixtureFinding, insertHistory } from '../metrics/metrics-fixture.js';
import { computePrevented } from '../metrics/prevented.js';
import { freshDatabase, TEST_DIALECTS } from '../test-support/databases.js';
import type { HubDatabase } from './database.js';
import { migrate, migrations } from './migrations.js';

describe.each(TEST_DIALECTS)('migration 0029-promoted-at on %s', (dialect) => {
  let hub: HubDatabase;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ hub, drop } = await freshDatabase(dialect));
  });
  afterAll(() => drop());

  it('fills promoted_at with the first event at main or production, and "prevented" reads it', async () => {
    const migrator = new Migrator({
      db: hub.db,
      provider: { getMigrations: async () => migrations(hub.dialect) },
    });
    expect((await migrator.migrateTo('0028-open-intervals')).error).toBeUndefined();

    const finding = (key: string, events: FixtureFinding['events']): FixtureFinding => ({
      key,
      project: 'p',
      severity: 'high',
      scanner: 'sast',
      events,
    });
    const ids = await insertHistory(hub, {
      teams: [{ key: 't', slug: 'team' }],
      projects: [{ key: 'p', team: 't' }],
      findings: [
        // pr only, fixed there: prevented, never promoted
        finding('kept', [
          ['detected', day(1), 'pr'],
          ['fixed', day(3), 'pr'],
        ]),
        // pr, then main on day 4 and production on day 6: promoted on day 4
        finding('merged', [
          ['detected', day(1), 'pr'],
          ['seen', day(6), 'production'],
          ['seen', day(4), 'main'],
          ['fixed', day(8), 'main'],
        ]),
        // found at production first
        finding('escaped', [['detected', day(2), 'production']]),
        // reopened by a pull-request scan, and a person's decision (no stage): never promoted
        finding('reopened', [
          ['detected', day(1), 'pr'],
          ['fixed', day(2), 'pr'],
          ['false_positive', day(3), undefined, 'triage'],
          ['reopened', day(3) + 1, undefined, 'triage'],
          ['reopened', day(5), 'pr'],
        ]),
      ],
    });

    const names = Object.keys(migrations(hub.dialect)).sort();
    expect((await migrate(hub)).applied).toEqual(names.slice(names.indexOf('0029-promoted-at')));
    const rows = await lifecycleDb(hub.db)
      .selectFrom('findings')
      .select(['id', 'promoted_at'])
      .execute();
    const promoted = new Map(
      rows.map((r) => [r.id, r.promoted_at === null ? null : Number(r.promoted_at)]),
    );
    const id = (key: string) => ids.findings.get(key) as string;
    expect(promoted.get(id('kept'))).toBeNull();
    expect(promoted.get(id('merged'))).toBe(day(4));
    expect(promoted.get(id('escaped'))).toBe(day(2));
    expect(promoted.get(id('reopened'))).toBeNull();

    // Up to day 4 "merged" was only in a pull request (and open: pending); from then on it is
    // not counted. "kept" is prevented; "reopened" is prevented until its reopen on day 5,
    // pending after it.
    const prevented = (to: number) => computePrevented(hub.db, { teamIds: null, from: day(0), to });
    expect(await prevented(day(4))).toMatchObject({ prevented: 2, pending: 1 });
    expect(await prevented(day(4) + 1)).toMatchObject({ prevented: 2, pending: 0 });
    expect(await prevented(day(9))).toMatchObject({ prevented: 1, pending: 1 });
  });
});
