import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import { FIRST_MONDAY, WEEK } from '../metrics/time-units.js';
import type { Dialect } from './database.js';

/** The ISO week (its Monday 00:00 UTC, epoch ms) of an epoch-ms SQL expression. */
const weekOf = (time: string) =>
  `((((${time}) - ${FIRST_MONDAY}) / ${WEEK}) * ${WEEK} + ${FIRST_MONDAY})`;

/** The kinds of cells: intervals by the week they were fixed in, and by the week they started. */
const KINDS = [
  { kind: 'fixed', column: 'ended_at' },
  { kind: 'started', column: 'started_at' },
] as const;

/**
 * 0030: weekly cells of the open intervals, a columnar copy of `finding_intervals` that the
 * metrics read instead of the rows of whole weeks (metrics/metric-cells.ts). Three tables:
 *
 * - `interval_cells`: per kind (`fixed`: by the ISO week of the fix; `started`: by the
 *   week the interval started), week, team, effective severity and scanner, the intervals
 *   as one text of `start:end` pairs (no end while open) and how many are open (`open_n`),
 *   leaving out the findings that are false positives now (a period with no end). Filled by
 *   the `metric-cells` job, never by ingest.
 * - `metric_cells_state`: one row, the `watermark`: every week before it has its cells
 *   built, unless it is listed in `metric_cells_dirty`. The job moves it forward over weeks
 *   that have ended (with a grace period).
 * - `metric_cells_dirty`: the weeks before the watermark whose cells may differ from the
 *   rows, because an interval of the week was written, changed or deleted, or a
 *   false-positive verdict of one of its findings changed. One row per kind, week and
 *   writing transaction (`tx`: PostgreSQL's transaction id; 0 on SQLite), so writers never
 *   wait for each other, and the job deletes exactly the rows its snapshot saw. Until the
 *   job rebuilds a week, the metrics read it from `finding_intervals`.
 *
 * And a partial index of the triage periods that ended (few: reversed verdicts), for the
 * reads that look for verdicts at a past time that differ from now.
 *
 * Triggers on `finding_intervals` and `triage_periods` list the dirty weeks in the same
 * transaction as the change, so no code path can leave a cell stale. On PostgreSQL they run
 * once per statement (transition tables) and read the watermark `for share`, so the job's
 * move of the watermark (`for update`) waits for the transactions in flight, and those that
 * start later see the new watermark; on SQLite, one writer at a time, they run per row.
 * Nothing is filled here: the job builds every week on its first runs.
 */
export function metricCellsMigration(dialect: Dialect): Migration {
  const millis = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('interval_cells')
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('fixed', 'started')`))
        .addColumn('week', millis, (c) => c.notNull())
        .addColumn('team_id', 'text', (c) => c.notNull())
        .addColumn('severity', 'text', (c) => c.notNull())
        .addColumn('scanner', 'text', (c) => c.notNull())
        .addColumn('n', 'integer', (c) => c.notNull())
        .addColumn('open_n', 'integer', (c) => c.notNull())
        .addColumn('pairs', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('interval_cells_pk', [
          'kind',
          'week',
          'team_id',
          'severity',
          'scanner',
        ])
        .execute();
      // The counts alone, for the reads that need no pairs (the trend, open age): an index
      // read rather than a scan of the cells' texts.
      await db.schema
        .createIndex('interval_cells_counts')
        .on('interval_cells')
        .columns(['kind', 'week', 'team_id', 'severity', 'scanner', 'n', 'open_n'])
        .execute();
      await db.schema
        .createTable('metric_cells_state')
        .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
        .addColumn('watermark', millis, (c) => c.notNull())
        .execute();
      await sql`insert into metric_cells_state (id, watermark) values (1, 0)`.execute(db);
      await db.schema
        .createTable('metric_cells_dirty')
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('week', millis, (c) => c.notNull())
        .addColumn('tx', millis, (c) => c.notNull())
        .addPrimaryKeyConstraint('metric_cells_dirty_pk', ['kind', 'week', 'tx'])
        .execute();
      // The verdicts that ended (a false positive reopened, a risk no longer accepted): few,
      // and what a metric asks for when it looks for verdicts at a past time that differ
      // from now.
      await db.schema
        .createIndex('triage_periods_ended')
        .on('triage_periods')
        .columns(['ended_at', 'verdict', 'started_at', 'finding_id'])
        .where(sql.ref('ended_at'), 'is not', null)
        .execute();
      if (dialect === 'postgres') await postgresTriggers(db);
      else await sqliteTriggers(db);
    },
    async down(db: Kysely<unknown>) {
      for (const table of ['finding_intervals', 'triage_periods'])
        for (const op of ['insert', 'update', 'delete'])
          await sql
            .raw(
              dialect === 'postgres'
                ? `drop trigger if exists ${table}_cells_${op} on ${table}`
                : `drop trigger if exists ${table}_cells_${op}`,
            )
            .execute(db);
      if (dialect === 'postgres')
        for (const fn of MARK_FUNCTIONS)
          await sql.raw(`drop function if exists ${fn}()`).execute(db);
      await db.schema.dropIndex('triage_periods_ended').ifExists().execute();
      for (const table of ['metric_cells_dirty', 'metric_cells_state', 'interval_cells'])
        await db.schema.dropTable(table).execute();
    },
  };
}

const MARK_FUNCTIONS = [
  'rampart_cells_intervals_new',
  'rampart_cells_intervals_old',
  'rampart_cells_intervals_both',
  'rampart_cells_triage_new',
  'rampart_cells_triage_old',
  'rampart_cells_triage_both',
] as const;

/** Each kind's week of the intervals `r` (rows of `rows`). */
const intervalWeeks = (rows: string) =>
  KINDS.map(
    ({ kind, column }) =>
      `select '${kind}' as kind, ${weekOf(`r.${column}`)} as week from ${rows} r
        where r.${column} is not null`,
  ).join(' union all ');

/** Each kind's weeks of every interval of the findings whose false-positive period changed. */
const findingWeeks = (findings: string) =>
  KINDS.map(
    ({ kind, column }) =>
      `select '${kind}' as kind, ${weekOf(`i.${column}`)} as week from finding_intervals i
        where i.${column} is not null and i.finding_id in (${findings})`,
  ).join(' union all ');

/**
 * PostgreSQL: a statement trigger per table and operation. `weeks` is a query of `kind`
 * and `week` over the transition tables; those before the watermark are marked dirty.
 */
async function postgresTriggers(db: Kysely<unknown>): Promise<void> {
  const mark = (weeks: string) => `
    insert into metric_cells_dirty (kind, week, tx)
      select distinct w.kind, w.week, txid_current() from (${weeks}) w
      where w.week < (select s.watermark from metric_cells_state s where s.id = 1 for share)
      on conflict do nothing;
    return null;`;
  const falsePositives = (rows: string) =>
    `select r.finding_id from ${rows} r where r.verdict = 'false_positive'`;
  const bodies: Record<(typeof MARK_FUNCTIONS)[number], string> = {
    rampart_cells_intervals_new: mark(intervalWeeks('new_rows')),
    rampart_cells_intervals_old: mark(intervalWeeks('old_rows')),
    rampart_cells_intervals_both: mark(
      `${intervalWeeks('new_rows')} union all ${intervalWeeks('old_rows')}`,
    ),
    rampart_cells_triage_new: mark(findingWeeks(falsePositives('new_rows'))),
    rampart_cells_triage_old: mark(findingWeeks(falsePositives('old_rows'))),
    rampart_cells_triage_both: mark(
      findingWeeks(`${falsePositives('new_rows')} union all ${falsePositives('old_rows')}`),
    ),
  };
  for (const [name, body] of Object.entries(bodies))
    await sql
      .raw(`create function ${name}() returns trigger language plpgsql as $$ begin ${body} end $$`)
      .execute(db);
  for (const [table, prefix] of [
    ['finding_intervals', 'rampart_cells_intervals'],
    ['triage_periods', 'rampart_cells_triage'],
  ] as const) {
    await sql
      .raw(`create trigger ${table}_cells_insert after insert on ${table}
        referencing new table as new_rows for each statement execute function ${prefix}_new()`)
      .execute(db);
    await sql
      .raw(`create trigger ${table}_cells_update after update on ${table}
        referencing old table as old_rows new table as new_rows
        for each statement execute function ${prefix}_both()`)
      .execute(db);
    await sql
      .raw(`create trigger ${table}_cells_delete after delete on ${table}
        referencing old table as old_rows for each statement execute function ${prefix}_old()`)
      .execute(db);
  }
}

/** SQLite: row triggers; one writer at a time, so neither locks nor transaction ids are needed. */
async function sqliteTriggers(db: Kysely<unknown>): Promise<void> {
  const mark = (weeks: string) => `
    insert or ignore into metric_cells_dirty (kind, week, tx)
      select w.kind, w.week, 0 from (${weeks}) w
      where w.week < (select watermark from metric_cells_state where id = 1);`;
  const row = (which: 'new' | 'old') =>
    KINDS.map(
      ({ kind, column }) =>
        `select '${kind}' as kind, ${weekOf(`${which}.${column}`)} as week
          where ${which}.${column} is not null`,
    ).join(' union all ');
  const statements = [
    `create trigger finding_intervals_cells_insert after insert on finding_intervals
      begin ${mark(row('new'))} end`,
    `create trigger finding_intervals_cells_update after update on finding_intervals
      begin ${mark(`${row('old')} union all ${row('new')}`)} end`,
    `create trigger finding_intervals_cells_delete after delete on finding_intervals
      begin ${mark(row('old'))} end`,
    `create trigger triage_periods_cells_insert after insert on triage_periods
      when new.verdict = 'false_positive' begin ${mark(findingWeeks('select new.finding_id'))} end`,
    `create trigger triage_periods_cells_update after update on triage_periods
      when new.verdict = 'false_positive' or old.verdict = 'false_positive' begin
      ${mark(findingWeeks('select old.finding_id union all select new.finding_id'))} end`,
    `create trigger triage_periods_cells_delete after delete on triage_periods
      when old.verdict = 'false_positive' begin ${mark(findingWeeks('select old.finding_id'))} end`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}
