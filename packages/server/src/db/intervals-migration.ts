import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { LifecycleDatabase } from '../lifecycle/tables.js';
import { openIntervals } from '../metrics/lifecycle-model.js';
import { bulkInsert } from './bulk-insert.js';
import type { Dialect } from './database.js';

/**
 * 0007: `finding_intervals`, the open intervals the lifecycle model derives from each
 * finding's events (see lifecycle/intervals.ts), filled from the events already stored.
 */
export function intervalsMigration(dialect: Dialect): Migration {
  const millis = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('finding_intervals')
        .addColumn('finding_id', 'text', (c) =>
          c.notNull().references('findings.id').onDelete('cascade'),
        )
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('project_id', 'text', (c) => c.notNull())
        .addColumn('started_at', millis, (c) => c.notNull())
        .addColumn('ended_at', millis)
        .addPrimaryKeyConstraint('finding_intervals_pk', ['finding_id', 'seq'])
        .execute();
      await db.schema
        .createIndex('finding_intervals_started')
        .on('finding_intervals')
        .columns(['started_at', 'ended_at'])
        .execute();
      await db.schema
        .createIndex('finding_intervals_ended')
        .on('finding_intervals')
        .columns(['ended_at', 'started_at'])
        .execute();
      // Existing history, a page of findings at a time.
      const typed = db as unknown as Kysely<LifecycleDatabase>;
      let after = '';
      for (;;) {
        const ids = (
          await typed
            .selectFrom('findings')
            .select('id')
            .where('id', '>', after)
            .orderBy('id')
            .limit(5000)
            .execute()
        ).map((r) => r.id);
        if (ids.length === 0) break;
        after = ids[ids.length - 1] as string;
        const events = await typed
          .selectFrom('finding_events')
          .select(['id', 'finding_id', 'project_id', 'type', 'at', 'scan_id'])
          .where('finding_id', 'in', ids)
          .where('type', 'in', ['detected', 'reopened', 'fixed'])
          .execute();
        // The derivation as it was in this release (the table's columns of 0007).
        const byFinding = new Map<string, typeof events>();
        for (const e of events)
          byFinding.set(e.finding_id, [...(byFinding.get(e.finding_id) ?? []), e]);
        const rows = [];
        for (const [findingId, list] of byFinding) {
          const model = list.map((e) => ({ id: e.id, type: e.type, at: e.at, scanId: e.scan_id }));
          for (const [seq, i] of openIntervals(model).entries())
            rows.push({
              finding_id: findingId,
              seq,
              project_id: list[0]?.project_id,
              started_at: i.start,
              ended_at: i.end,
            });
        }
        await bulkInsert(
          typed,
          dialect,
          'finding_intervals',
          [
            { name: 'finding_id', type: 'text' },
            { name: 'seq', type: 'integer' },
            { name: 'project_id', type: 'text' },
            { name: 'started_at', type: 'bigint' },
            { name: 'ended_at', type: 'bigint' },
          ],
          rows,
        );
      }
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('finding_intervals').execute();
    },
  };
}
