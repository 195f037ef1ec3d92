import { Migrator } from 'kysely/migration';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cwesOfData } from '../lifecycle/finding-cwes.js';
import { searchTextOf } from '../lifecycle/finding-search.js';
import { lifecycleDb } from '../lifecycle/tables.js';
import { day, insertHistory } from '../metrics/metrics-fixture.js';
import { freshDatabase, TEST_DIALECTS } from '../test-support/databases.js';
import type { HubDatabase } from './database.js';
import { migrate, migrations } from './migrations.js';

describe.each(TEST_DIALECTS)('migration 0011-finding-list on %s', (dialect) => {
  let hub: HubDatabase;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ hub, drop } = await freshDatabase(dialect));
  });
  afterAll(() => drop());

  it('fills finding_cwes and finding_search from the findings stored before it, as ingest would', async () => {
    const migrator = new Migrator({
      db: hub.db,
      provider: { getMigrations: async () => migrations(hub.dialect) },
    });
    const down = await migrator.migrateTo('0010-drop-findings-fixed-at');
    expect(down.error).toBeUndefined();

    const data: Record<string, Record<string, unknown>> = {
      twice: {
        cwe: ['CWE-89', 'CWE-79', 'CWE-89'],
        location: { kind: 'code', path: 'src/ÜnïCode Path.js', region: {} },
      },
      none: { cwe: [] },
      absent: { ruleId: 'x', location: { kind: 'package', name: 'left_pad', purl: 'pkg:npm/x' } },
      scalar: { cwe: 'CWE-22', location: { kind: 'url', url: 'https://x.example/a?b=1' } },
      mixed: {
        cwe: ['CWE-22', 'XSS', 7, 'CWE-0', 'CWE-12a', null, 'cwe-5'],
        location: { path: 7, name: 'Second "Quoted" \\ NAME', url: 'https://ignored' },
      },
    };
    const ids = await insertHistory(hub, {
      teams: [{ key: 't', slug: 'team' }],
      projects: [
        { key: 'p', team: 't' },
        { key: 'q', team: 't' },
      ],
      findings: Object.entries(data).map(([key, value], i) => ({
        key,
        project: i % 2 === 0 ? 'p' : 'q',
        severity: 'high',
        scanner: 'sast',
        data: value,
        events: [['detected', day(i), 'main']],
      })),
    });
    await hub.db
      .updateTable('findings')
      .set({ data: 'null' })
      .where('id', '=', ids.findings.get('none') as string)
      .execute();

    // Every migration from 0011-finding-list on is applied again (later ones included).
    const names = Object.keys(migrations(hub.dialect)).sort();
    expect((await migrate(hub)).applied).toEqual(names.slice(names.indexOf('0011-finding-list')));

    const db = lifecycleDb(hub.db);
    const rows = await db
      .selectFrom('finding_cwes')
      .innerJoin('findings', 'findings.id', 'finding_cwes.finding_id')
      .select([
        'finding_cwes.finding_id',
        'finding_cwes.cwe',
        'finding_cwes.project_id',
        'findings.project_id as finding_project',
      ])
      .orderBy('finding_cwes.finding_id')
      .orderBy('finding_cwes.cwe')
      .execute();
    for (const row of rows) expect(row.project_id).toBe(row.finding_project);
    const stored = (key: string) =>
      rows.filter((r) => r.finding_id === ids.findings.get(key)).map((r) => r.cwe);
    expect(stored('twice')).toEqual(['CWE-79', 'CWE-89']);
    expect(stored('mixed')).toEqual(['CWE-22']);
    expect(rows).toHaveLength(3);
    // The same as ingest's reading of every stored finding.
    const findings = await db.selectFrom('findings').selectAll().execute();
    for (const f of findings)
      expect(
        rows.filter((r) => r.finding_id === f.id).map((r) => r.cwe),
        f.data,
      ).toEqual(cwesOfData(f.data).sort());

    const search = new Map(
      (await db.selectFrom('finding_search').selectAll().execute()).map((r) => [r.finding_id, r]),
    );
    expect(search.size).toBe(findings.length);
    for (const f of findings) {
      expect(search.get(f.id)?.project_id).toBe(f.project_id);
      expect(search.get(f.id)?.text, f.data).toBe(searchTextOf(f));
    }
    expect(search.get(ids.findings.get('twice') as string)?.text).toBe(
      'finding twice\nrule-twice\nsrc/Ünïcode path.js',
    );
    expect(search.get(ids.findings.get('mixed') as string)?.text).toBe(
      'finding mixed\nrule-mixed\nsecond "quoted" \\ name',
    );
    expect(search.get(ids.findings.get('none') as string)?.text).toBe('finding none\nrule-none\n');
  });
});
