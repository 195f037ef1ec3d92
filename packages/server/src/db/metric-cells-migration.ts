import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import { FIRST_MONDAY, WEEK } from '../metrics/time-units.js';
import type { Dialect } from './database.js';

/** The ISO week (its Monday 00:00 UTC, epoch ms) of an epoch-ms SQL expression. */
const weekOf = (time: string) =>
  `((((${time}) - ${FIRST_MONDAY}) / ${WEEK}) * ${WEEK} + ${FIRST_MONDAY})`;

/**
 * 0030: weekly cells of the fixed intervals, a columnar copy of `finding_intervals` that the
 * metrics read instead of the rows of whole weeks (metrics/metric-cells.ts). Three tables:
 *
 * - `fixed_interval_cells`: per ISO week of the fix, team, effective severity and scanner,
 *   the intervals fixed in that week as one text of `start:end` pairs, leaving out the
 *   findings that are false positives now (a period with no end). Filled by the
 *   `metric-cells` job, never by ingest.
 * - `metric_cells_state`: one row, the `watermark`: every week before it has its cells
 *   built, unless it is listed in `metric_cells_dirty`. The job moves it forward over weeks
 *   that have ended (with a grace period).
 * - `metric_cells_dirty`: the weeks before the watermark whose cells may differ from the
 *   rows, because a fixed interval of the week was written, changed or deleted, or a
 *   false-positive verdict of one of its findings changed. The job rebuilds them; until then
 *   the metrics read those weeks from `finding_intervals`.
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
        .createTable('fixed_interval_cells')
        .addColumn('week', millis, (c) => c.notNull())
        .addColumn('team_id', 'text', (c) => c.notNull())
        .addColumn('severity', 'text', (c) => c.notNull())
        .addColumn('scanner', 'text', (c) => c.notNull())
        .addColumn('n', 'integer', (c) => c.notNull())
        .addColumn('pairs', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('fixed_interval_cells_pk', [
          'week',
          'team_id',
          'severity',
          'scanner',
        ])
        .execute();
      await db.schema
        .createTable('metric_cells_state')
        .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
        .addColumn('watermark', millis, (c) => c.notNull())
        .execute();
      await sql`insert into metric_cells_state (id, watermark) values (1, 0)`.execute(db);
      await db.schema
        .createTable('metric_cells_dirty')
        .addColumn('week', millis, (c) => c.primaryKey())
        .addColumn('version', 'integer', (c) => c.notNull())
        .execute();
      if (dialect === 'postgres') await postgresTriggers(db);
      else await sqliteTriggers(db);
    },
    async down(db: Kysely<unknown>) {
      if (dialect === 'postgres') {
        for (const table of ['finding_intervals', 'triage_periods'])
          for (const op of ['insert', 'update', 'delete'])
            await sql.raw(`drop trigger if exists ${table}_cells_${op} on ${table}`).execute(db);
        for (const fn of MARK_FUNCTIONS)
          await sql.raw(`drop function if exists ${fn}()`).execute(db);
      } else
        for (const table of ['finding_intervals', 'triage_periods'])
          for (const op of ['insert', 'update', 'delete'])
            await sql.raw(`drop trigger if exists ${table}_cells_${op}`).execute(db);
      for (const table of ['metric_cells_dirty', 'metric_cells_state', 'fixed_interval_cells'])
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

/**
 * PostgreSQL: a statement trigger per table and operation. `weeks` is a query of `week`
 * values over the transition tables; those before the watermark are marked dirty.
 */
async function postgresTriggers(db: Kysely<unknown>): Promise<void> {
  const mark = (weeks: string) => `
    insert into metric_cells_dirty as d (week, version)
      select distinct w.week, 1 from (${weeks}) w
      where w.week < (select s.watermark from metric_cells_state s where s.id = 1 for share)
      on conflict (week) do update set version = d.version + 1;
    return null;`;
  const fixedWeeks = (rows: string) =>
    `select ${weekOf('r.ended_at')} as week from ${rows} r where r.ended_at is not null`;
  const findingWeeks = (rows: string) =>
    `select ${weekOf('i.ended_at')} as week from finding_intervals i
      where i.ended_at is not null
        and i.finding_id in (select r.finding_id from ${rows} r where r.verdict = 'false_positive')`;
  const bodies: Record<(typeof MARK_FUNCTIONS)[number], string> = {
    rampart_cells_intervals_new: mark(fixedWeeks('new_rows')),
    rampart_cells_intervals_old: mark(fixedWeeks('old_rows')),
    rampart_cells_intervals_both: mark(
      `${fixedWeeks('new_rows')} union all ${fixedWeeks('old_rows')}`,
    ),
    rampart_cells_triage_new: mark(findingWeeks('new_rows')),
    rampart_cells_triage_old: mark(findingWeeks('old_rows')),
    rampart_cells_triage_both: mark(
      `${findingWeeks('new_rows')} union all ${findingWeeks('old_rows')}`,
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

/** SQLite: row triggers; one writer at a time, so neither locks nor versions are needed. */
async function sqliteTriggers(db: Kysely<unknown>): Promise<void> {
  const mark = (week: string) => `
    insert or ignore into metric_cells_dirty (week, version)
      select ${week}, 1 where ${week} < (select watermark from metric_cells_state where id = 1);`;
  const markFinding = (row: 'new' | 'old') => `
    insert or ignore into metric_cells_dirty (week, version)
      select distinct ${weekOf('i.ended_at')}, 1 from finding_intervals i
      where i.finding_id = ${row}.finding_id and i.ended_at is not null
        and ${weekOf('i.ended_at')} < (select watermark from metric_cells_state where id = 1);`;
  const statements = [
    `create trigger finding_intervals_cells_insert after insert on finding_intervals
      when new.ended_at is not null begin ${mark(weekOf('new.ended_at'))} end`,
    `create trigger finding_intervals_cells_update after update on finding_intervals
      when new.ended_at is not null or old.ended_at is not null begin
      ${mark(`coalesce(${weekOf('old.ended_at')}, ${weekOf('new.ended_at')})`)}
      ${mark(`coalesce(${weekOf('new.ended_at')}, ${weekOf('old.ended_at')})`)} end`,
    `create trigger finding_intervals_cells_delete after delete on finding_intervals
      when old.ended_at is not null begin ${mark(weekOf('old.ended_at'))} end`,
    `create trigger triage_periods_cells_insert after insert on triage_periods
      when new.verdict = 'false_positive' begin ${markFinding('new')} end`,
    `create trigger triage_periods_cells_update after update on triage_periods
      when new.verdict = 'false_positive' or old.verdict = 'false_positive' begin
      ${markFinding('old')} ${markFinding('new')} end`,
    `create trigger triage_periods_cells_delete after delete on triage_periods
      when old.verdict = 'false_positive' begin ${markFinding('old')} end`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}
