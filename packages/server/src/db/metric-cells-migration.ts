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
      await countsIndex(db, false);
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

/**
 * The counts of the interval cells alone, for the reads that need no pairs (the trend, open
 * age, SLA breaches): an index read rather than a scan of the cells' texts. From 0032 with
 * `accepted_n`: the index is made again.
 */
async function countsIndex(db: Kysely<unknown>, accepted: boolean): Promise<void> {
  await db.schema.dropIndex('interval_cells_counts').ifExists().execute();
  await db.schema
    .createIndex('interval_cells_counts')
    .on('interval_cells')
    .columns([
      'kind',
      'week',
      'team_id',
      'severity',
      'scanner',
      'n',
      'open_n',
      ...(accepted ? ['accepted_n'] : []),
    ])
    .execute();
}

const MARK_FUNCTIONS = [
  'rampart_cells_intervals_new',
  'rampart_cells_intervals_old',
  'rampart_cells_intervals_both',
  'rampart_cells_triage_new',
  'rampart_cells_triage_old',
  'rampart_cells_triage_both',
] as const;

/** The week of first detection of the findings `f`, as the `detected` kind's (0032). */
const detectedWeek = `'detected' as kind, ${weekOf('f.first_seen_at')} as week`;

/**
 * Each kind's week of the intervals `r` (rows of `rows`); with `detected`, also the week
 * their finding was first detected in (its detection cell counts it open or not).
 */
const intervalWeeks = (rows: string, detected: boolean) =>
  [
    ...KINDS.map(
      ({ kind, column }) =>
        `select '${kind}' as kind, ${weekOf(`r.${column}`)} as week from ${rows} r
        where r.${column} is not null`,
    ),
    ...(detected
      ? [`select ${detectedWeek} from ${rows} r join findings f on f.id = r.finding_id`]
      : []),
  ].join(' union all ');

/**
 * Each kind's weeks of every interval of the findings whose false-positive period changed;
 * with `detected`, also the weeks they were first detected in.
 */
const findingWeeks = (findings: string, detected: boolean) =>
  [
    ...KINDS.map(
      ({ kind, column }) =>
        `select '${kind}' as kind, ${weekOf(`i.${column}`)} as week from finding_intervals i
        where i.${column} is not null and i.finding_id in (${findings})`,
    ),
    ...(detected ? [`select ${detectedWeek} from findings f where f.id in (${findings})`] : []),
  ].join(' union all ');

/** The PostgreSQL statement that marks the weeks of `weeks` (`kind`, `week`) dirty. */
const postgresMark = (weeks: string) => `
    insert into metric_cells_dirty (kind, week, tx)
      select distinct w.kind, w.week, txid_current() from (${weeks}) w
      where w.week < (select s.watermark from metric_cells_state s where s.id = 1 for share)
      on conflict do nothing;
    return null;`;

/** Creates (or replaces) a PostgreSQL trigger function of one statement. */
const postgresFunction = (name: string, body: string) =>
  sql.raw(
    `create or replace function ${name}() returns trigger language plpgsql as $$ begin ${body} end $$`,
  );

/**
 * The verdicts whose periods the cells depend on: 0030's cells leave out false positives;
 * from 0032 they also count the open intervals of accepted risks apart (`accepted_n`).
 */
const cellVerdicts = (detected: boolean) =>
  detected ? `('false_positive', 'risk_accepted')` : `('false_positive')`;

/**
 * The bodies of the interval and triage marking functions: 0030's, or with `detected`
 * 0032's (also the weeks of first detection, and changes of accepted risks).
 */
function intervalTriageBodies(detected: boolean): Record<(typeof MARK_FUNCTIONS)[number], string> {
  const falsePositives = (rows: string) =>
    `select r.finding_id from ${rows} r where r.verdict in ${cellVerdicts(detected)}`;
  return {
    rampart_cells_intervals_new: postgresMark(intervalWeeks('new_rows', detected)),
    rampart_cells_intervals_old: postgresMark(intervalWeeks('old_rows', detected)),
    rampart_cells_intervals_both: postgresMark(
      `${intervalWeeks('new_rows', detected)} union all ${intervalWeeks('old_rows', detected)}`,
    ),
    rampart_cells_triage_new: postgresMark(findingWeeks(falsePositives('new_rows'), detected)),
    rampart_cells_triage_old: postgresMark(findingWeeks(falsePositives('old_rows'), detected)),
    rampart_cells_triage_both: postgresMark(
      findingWeeks(
        `${falsePositives('new_rows')} union all ${falsePositives('old_rows')}`,
        detected,
      ),
    ),
  };
}

/** Statement triggers on insert, update and delete of `table` calling `${prefix}_new|both|old`. */
async function postgresStatementTriggers(
  db: Kysely<unknown>,
  table: string,
  prefix: string,
): Promise<void> {
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

/**
 * PostgreSQL: a statement trigger per table and operation. `weeks` is a query of `kind`
 * and `week` over the transition tables; those before the watermark are marked dirty.
 */
async function postgresTriggers(db: Kysely<unknown>): Promise<void> {
  for (const [name, body] of Object.entries(intervalTriageBodies(false)))
    await postgresFunction(name, body).execute(db);
  await postgresStatementTriggers(db, 'finding_intervals', 'rampart_cells_intervals');
  await postgresStatementTriggers(db, 'triage_periods', 'rampart_cells_triage');
}

/** SQLite's statement that marks the weeks of `weeks` dirty. */
const sqliteMark = (weeks: string) => `
    insert or ignore into metric_cells_dirty (kind, week, tx)
      select w.kind, w.week, 0 from (${weeks}) w
      where w.week < (select watermark from metric_cells_state where id = 1);`;

/** SQLite's interval and triage triggers: 0030's, or with `detected` 0032's. */
function sqliteIntervalTriageTriggers(detected: boolean): string[] {
  const row = (which: 'new' | 'old') =>
    [
      ...KINDS.map(
        ({ kind, column }) =>
          `select '${kind}' as kind, ${weekOf(`${which}.${column}`)} as week
          where ${which}.${column} is not null`,
      ),
      ...(detected
        ? [`select ${detectedWeek} from findings f where f.id = ${which}.finding_id`]
        : []),
    ].join(' union all ');
  const weeks = (findings: string) => sqliteMark(findingWeeks(findings, detected));
  const verdicts = cellVerdicts(detected);
  return [
    `create trigger finding_intervals_cells_insert after insert on finding_intervals
      begin ${sqliteMark(row('new'))} end`,
    `create trigger finding_intervals_cells_update after update on finding_intervals
      begin ${sqliteMark(`${row('old')} union all ${row('new')}`)} end`,
    `create trigger finding_intervals_cells_delete after delete on finding_intervals
      begin ${sqliteMark(row('old'))} end`,
    `create trigger triage_periods_cells_insert after insert on triage_periods
      when new.verdict in ${verdicts} begin ${weeks('select new.finding_id')} end`,
    `create trigger triage_periods_cells_update after update on triage_periods
      when new.verdict in ${verdicts} or old.verdict in ${verdicts} begin
      ${weeks('select old.finding_id union all select new.finding_id')} end`,
    `create trigger triage_periods_cells_delete after delete on triage_periods
      when old.verdict in ${verdicts} begin ${weeks('select old.finding_id')} end`,
  ];
}

/** SQLite: row triggers; one writer at a time, so neither locks nor transaction ids are needed. */
async function sqliteTriggers(db: Kysely<unknown>): Promise<void> {
  for (const statement of sqliteIntervalTriageTriggers(false)) await sql.raw(statement).execute(db);
}

/** The trigger names of {@link sqliteIntervalTriageTriggers}. */
const INTERVAL_TRIAGE_TRIGGERS = ['finding_intervals', 'triage_periods'].flatMap((table) =>
  ['insert', 'update', 'delete'].map((op) => `${table}_cells_${op}`),
);

/** The finding columns a detection cell is keyed by (with its project's team). */
const DETECTION_COLUMNS = [
  'first_seen_at',
  'first_seen_stage',
  'severity',
  'severity_override',
  'scanner',
  'project_id',
  'promoted_at',
] as const;

/** The functions 0032 adds on PostgreSQL. */
const DETECTION_FUNCTIONS = [
  'rampart_cells_findings_old',
  'rampart_cells_findings_row',
  'rampart_cells_projects_row',
  'rampart_cells_cwes_new',
  'rampart_cells_cwes_old',
  'rampart_cells_cwes_both',
] as const;

/** The triggers 0032 adds, as [name, table]. */
const DETECTION_TRIGGERS = [
  ['findings_cells_update', 'findings'],
  ['findings_cells_delete', 'findings'],
  ['projects_cells_update', 'projects'],
  ['finding_cwes_cells_insert', 'finding_cwes'],
  ['finding_cwes_cells_update', 'finding_cwes'],
  ['finding_cwes_cells_delete', 'finding_cwes'],
] as const;

/**
 * 0032: weekly cells of first detections, for the escape rate and the top CWEs
 * (metrics/detection-cells.ts), and the accepted risks in the interval cells, for SLA
 * breaches. `detection_cells` holds, per ISO week of first detection, team, effective
 * severity, scanner and first stage, how many findings (`n`), how many are open now (an
 * interval with no end: `open_n`), how many name a CWE (`cwe_n`), how many have been seen
 * at `main` or `production` (`promoted_n`) and how many have not and are open
 * (`pending_n`), with `cwe` = ''; and
 * per week, team, severity, scanner and CWE (`stage` = ''), how many name it and how many
 * of those are open now. False positives now are left out, as in 0030. `interval_cells`
 * gains `accepted_n`: of its open intervals, those of findings that are accepted risks now.
 *
 * Its dirty weeks are the `detected` kind of `metric_cells_dirty`: triggers mark the week of
 * first detection of a finding when one of its intervals is written (a new finding: its
 * first interval, in the same transaction; then each fix and reopening), when its row is
 * deleted or changes a column it is keyed by (a row trigger whose condition is false for
 * the updates ingest makes of every finding it sees again), when its project moves to
 * another team, when its CWEs change and when its false-positive verdict changes. No
 * trigger on inserted findings: every finding is inserted with its first interval, and a
 * statement trigger would copy every new row, report JSON and all, into a transition
 * table. The interval and triage functions of 0030 are replaced by ones that mark these
 * weeks too, and mark every kind's weeks when an accepted-risk period changes as well. The
 * watermark goes back to 0, so the job builds every week of both tables again on its first
 * runs (the metrics read the rows until it has).
 */
export function detectionCellsMigration(dialect: Dialect): Migration {
  const millis = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('detection_cells')
        .addColumn('week', millis, (c) => c.notNull())
        .addColumn('team_id', 'text', (c) => c.notNull())
        .addColumn('severity', 'text', (c) => c.notNull())
        .addColumn('scanner', 'text', (c) => c.notNull())
        .addColumn('stage', 'text', (c) => c.notNull())
        .addColumn('cwe', 'text', (c) => c.notNull())
        .addColumn('n', 'integer', (c) => c.notNull())
        .addColumn('open_n', 'integer', (c) => c.notNull())
        .addColumn('cwe_n', 'integer', (c) => c.notNull())
        .addColumn('promoted_n', 'integer', (c) => c.notNull())
        .addColumn('pending_n', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('detection_cells_pk', [
          'week',
          'cwe',
          'team_id',
          'severity',
          'scanner',
          'stage',
        ])
        .execute();
      // The open intervals of the findings that are accepted risks now, for SLA breaches.
      await db.schema
        .alterTable('interval_cells')
        .addColumn('accepted_n', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await countsIndex(db, true);
      if (dialect === 'postgres') await postgresDetectionTriggers(db);
      else await sqliteDetectionTriggers(db);
      await sql`update metric_cells_state set watermark = 0`.execute(db);
    },
    async down(db: Kysely<unknown>) {
      for (const [name, table] of DETECTION_TRIGGERS)
        await sql
          .raw(
            dialect === 'postgres'
              ? `drop trigger if exists ${name} on ${table}`
              : `drop trigger if exists ${name}`,
          )
          .execute(db);
      if (dialect === 'postgres') {
        for (const fn of DETECTION_FUNCTIONS)
          await sql.raw(`drop function if exists ${fn}()`).execute(db);
        for (const [name, body] of Object.entries(intervalTriageBodies(false)))
          await postgresFunction(name, body).execute(db);
      } else {
        for (const name of INTERVAL_TRIAGE_TRIGGERS)
          await sql.raw(`drop trigger if exists ${name}`).execute(db);
        await sqliteTriggers(db);
      }
      await sql`delete from metric_cells_dirty where kind = 'detected'`.execute(db);
      await db.schema.dropTable('detection_cells').execute();
      await countsIndex(db, false);
      await db.schema.alterTable('interval_cells').dropColumn('accepted_n').execute();
    },
  };
}

/** Whether a detection dimension of the finding row changed (`distinct`: the dialect's operator). */
const dimensionsChanged = (distinct: string) =>
  DETECTION_COLUMNS.map((c) => `old.${c} ${distinct} new.${c}`).join(' or ');

/** The weeks of first detection of the findings of `rows` (rows with `finding_id`). */
const cweRowWeeks = (rows: string) =>
  `select ${detectedWeek} from ${rows} r join findings f on f.id = r.finding_id`;

async function postgresDetectionTriggers(db: Kysely<unknown>): Promise<void> {
  for (const [name, body] of Object.entries(intervalTriageBodies(true)))
    await postgresFunction(name, body).execute(db);
  const rowWeeks = (rows: string) => `select ${detectedWeek} from ${rows} f`;
  const bodies: Record<(typeof DETECTION_FUNCTIONS)[number], string> = {
    rampart_cells_findings_old: postgresMark(rowWeeks('old_rows')),
    // Row triggers: only the few updates that change a dimension call them.
    rampart_cells_findings_row: postgresMark(
      `select 'detected' as kind, ${weekOf('old.first_seen_at')} as week
        union all select 'detected', ${weekOf('new.first_seen_at')}`,
    ),
    rampart_cells_projects_row: postgresMark(
      `select distinct ${detectedWeek} from findings f where f.project_id = new.id`,
    ),
    rampart_cells_cwes_new: postgresMark(cweRowWeeks('new_rows')),
    rampart_cells_cwes_old: postgresMark(cweRowWeeks('old_rows')),
    rampart_cells_cwes_both: postgresMark(
      `${cweRowWeeks('new_rows')} union all ${cweRowWeeks('old_rows')}`,
    ),
  };
  for (const [name, body] of Object.entries(bodies)) await postgresFunction(name, body).execute(db);
  await sql
    .raw(`create trigger findings_cells_update after update on findings for each row
      when (${dimensionsChanged('is distinct from')})
      execute function rampart_cells_findings_row()`)
    .execute(db);
  await sql
    .raw(`create trigger findings_cells_delete after delete on findings
      referencing old table as old_rows for each statement
      execute function rampart_cells_findings_old()`)
    .execute(db);
  await sql
    .raw(`create trigger projects_cells_update after update on projects for each row
      when (old.team_id is distinct from new.team_id)
      execute function rampart_cells_projects_row()`)
    .execute(db);
  await postgresStatementTriggers(db, 'finding_cwes', 'rampart_cells_cwes');
}

async function sqliteDetectionTriggers(db: Kysely<unknown>): Promise<void> {
  for (const name of INTERVAL_TRIAGE_TRIGGERS)
    await sql.raw(`drop trigger if exists ${name}`).execute(db);
  const week = (which: 'new' | 'old') =>
    `select 'detected' as kind, ${weekOf(`${which}.first_seen_at`)} as week`;
  const cwe = (which: 'new' | 'old') =>
    `select ${detectedWeek} from findings f where f.id = ${which}.finding_id`;
  const statements = [
    ...sqliteIntervalTriageTriggers(true),
    `create trigger findings_cells_update after update on findings
      when ${dimensionsChanged('is not')}
      begin ${sqliteMark(`${week('old')} union all ${week('new')}`)} end`,
    `create trigger findings_cells_delete after delete on findings
      begin ${sqliteMark(week('old'))} end`,
    `create trigger projects_cells_update after update on projects
      when old.team_id is not new.team_id begin ${sqliteMark(
        `select distinct ${detectedWeek} from findings f where f.project_id = new.id`,
      )} end`,
    `create trigger finding_cwes_cells_insert after insert on finding_cwes
      begin ${sqliteMark(cwe('new'))} end`,
    `create trigger finding_cwes_cells_update after update on finding_cwes
      begin ${sqliteMark(`${cwe('old')} union all ${cwe('new')}`)} end`,
    `create trigger finding_cwes_cells_delete after delete on finding_cwes
      begin ${sqliteMark(cwe('old'))} end`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}

/**
 * 0033: a `fixed` cell keeps its intervals' times to fix (`durations`: `end − start`, ms,
 * comma-separated) instead of their `start:end` pairs, which it leaves empty: MTTR and SLA
 * compliance need no more (the week of the fix is the cell's), and a year of the
 * organisation's fixes is less than half the text to send and parse. `started` cells keep
 * their pairs (the half-life and open age need both times). The watermark goes back to 0,
 * so the job builds every week again on its first runs; until it has, the metrics read the
 * rows (on the bench's million findings, two years of weeks in ~30 s on PostgreSQL).
 */
export function fixedDurationsMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('interval_cells')
        .addColumn('durations', 'text', (c) => c.notNull().defaultTo(''))
        .execute();
      await sql`update metric_cells_state set watermark = 0`.execute(db);
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('interval_cells').dropColumn('durations').execute();
      // The cells built since hold no pairs for `fixed`: built again before they are read.
      await sql`update metric_cells_state set watermark = 0`.execute(db);
    },
  };
}
