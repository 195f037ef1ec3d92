import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { Dialect } from './database.js';

/**
 * The rank of a finding's effective severity: critical 4, high 3, medium 2, low 1, info 0.
 * The findings list sorts by it through the index migration 0011 creates on exactly this
 * expression (the databases match an expression index by its text), so it is written once,
 * here, with the table's bare column names; changing it needs a new migration.
 */
export const SEVERITY_RANK_SQL =
  "case coalesce(severity_override, severity) when 'critical' then 4 when 'high' then 3 when 'medium' then 2 when 'low' then 1 when 'info' then 0 else -1 end";

/**
 * Copies the CWE ids of the stored findings (their `data` JSON's `cwe` array) into
 * `finding_cwes`: what lifecycle/finding-cwes.ts `cwesOfData` reads, in SQL (distinct
 * `CWE-<n>` strings of an array; anything else is left out).
 */
function backfillCwes(dialect: Dialect) {
  return dialect === 'postgres'
    ? sql`insert into finding_cwes (finding_id, cwe, project_id)
        select distinct f.id, c.value, f.project_id
        from findings f
        cross join lateral json_array_elements_text(
          case when json_typeof(f.data::json -> 'cwe') = 'array'
            then f.data::json -> 'cwe' else '[]'::json end) as c(value)
        where c.value ~ '^CWE-[1-9][0-9]*$'`
    : sql`insert into finding_cwes (finding_id, cwe, project_id)
        select distinct f.id, j.value, f.project_id
        from findings f, json_each(
          case when json_valid(f.data) and json_type(f.data, '$.cwe') = 'array'
            then json_extract(f.data, '$.cwe') else '[]' end) j
        where j.type = 'text' and j.value glob 'CWE-[1-9]*'
          and substr(j.value, 5) not glob '*[^0-9]*'`;
}

/**
 * Copies the search text of the stored findings into `finding_search`: what
 * lifecycle/finding-search.ts `searchTextOf` makes, in SQL (title, rule id, and the first
 * of the location's `path`, `name` and `url` that is a string, one per line; ASCII letters
 * in lower case).
 */
function backfillSearch(dialect: Dialect) {
  const at = (leaf: string) =>
    dialect === 'postgres'
      ? sql`case when json_typeof(data::json #> ${sql.lit(`{location,${leaf}}`)}) = 'string'
          then data::json #>> ${sql.lit(`{location,${leaf}}`)} end`
      : sql`case when json_type(data, ${sql.lit(`$.location.${leaf}`)}) = 'text'
          then json_extract(data, ${sql.lit(`$.location.${leaf}`)}) end`;
  const location = sql`coalesce(${at('path')}, ${at('name')}, ${at('url')}, '')`;
  const valid = dialect === 'postgres' ? sql`true` : sql`json_valid(data)`;
  const text = sql`title || ${'\n'} || rule_id || ${'\n'} || case when ${valid} then ${location} else '' end`;
  // ASCII letters only, as `asciiLower`: SQLite's lower() changes no other character.
  const lowered =
    dialect === 'postgres'
      ? sql`translate(${text}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')`
      : sql`lower(${text})`;
  return sql`insert into finding_search (finding_id, project_id, text)
    select id, project_id, ${lowered} from findings`;
}

/**
 * 0011: what the dashboard's findings pages read.
 * - `finding_cwes (finding_id, cwe, project_id)`: each finding's CWE ids, filled from the
 *   stored findings and kept by ingest; the key answers "the CWEs of these findings" (top
 *   CWEs), `(cwe, project_id, finding_id)` "the findings of this CWE" (the list's filter).
 * - `finding_search (finding_id, project_id, text)`: the text the list's free-text search
 *   looks in, filled the same way: a narrow table to read (whole, or a team's projects'
 *   part through `(project_id)`) instead of every finding's JSON.
 * - Keyset orders of the findings list (each ending in `id`, the tie-break: a scan's new
 *   findings share their first-seen time): `(first_seen_at, id, …)` (the 0008 covering
 *   index, reordered so that it still covers the escape rate), `(last_seen_at, id)`, and
 *   the effective severity's rank (`SEVERITY_RANK_SQL`) with `(first_seen_at, id)`.
 * - `(project_id, first_seen_at, id, last_seen_at, severity, severity_override, status,
 *   scanner, first_seen_stage)` replaces `(project_id, status)` (0001): one project's
 *   findings in first-seen order, and for a team's projects every sort key and the common
 *   filters from the index alone (the list reads a page's ids and keys first).
 * - `(status, project_id, severity, severity_override)` replaces `(status, severity)` (0001)
 *   and covers the projects' risk summary (open findings by effective severity).
 * - `finding_intervals (finding_id, started_at, ended_at)`: whether a finding is open at a
 *   time, from the index alone (the top CWEs ask it of every finding of a window).
 */
export function findingListMigration(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('finding_cwes')
        .addColumn('finding_id', 'text', (c) =>
          c.notNull().references('findings.id').onDelete('cascade'),
        )
        .addColumn('cwe', 'text', (c) => c.notNull())
        .addColumn('project_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('finding_cwes_pk', ['finding_id', 'cwe'])
        .execute();
      await backfillCwes(dialect).execute(db);
      await db.schema
        .createIndex('finding_cwes_cwe')
        .on('finding_cwes')
        .columns(['cwe', 'project_id', 'finding_id'])
        .execute();
      await db.schema
        .createTable('finding_search')
        .addColumn('finding_id', 'text', (c) =>
          c.primaryKey().references('findings.id').onDelete('cascade'),
        )
        .addColumn('project_id', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .execute();
      await backfillSearch(dialect).execute(db);
      await db.schema
        .createIndex('finding_search_project')
        .on('finding_search')
        .column('project_id')
        .execute();

      await db.schema.dropIndex('findings_first_seen').execute();
      await db.schema
        .createIndex('findings_first_seen')
        .on('findings')
        .columns([
          'first_seen_at',
          'id',
          'first_seen_stage',
          'project_id',
          'severity',
          'severity_override',
          'scanner',
        ])
        .execute();
      await db.schema.dropIndex('findings_project_status').execute();
      await db.schema
        .createIndex('findings_project_list')
        .on('findings')
        .columns([
          'project_id',
          'first_seen_at',
          'id',
          'last_seen_at',
          'severity',
          'severity_override',
          'status',
          'scanner',
          'first_seen_stage',
        ])
        .execute();
      await db.schema
        .createIndex('findings_last_seen')
        .on('findings')
        .columns(['last_seen_at', 'id'])
        .execute();
      await sql`create index findings_severity_rank on findings (${sql.raw(
        `(${SEVERITY_RANK_SQL})`,
      )}, first_seen_at, id)`.execute(db);
      await db.schema
        .createIndex('finding_intervals_finding')
        .on('finding_intervals')
        .columns(['finding_id', 'started_at', 'ended_at'])
        .execute();
      await db.schema.dropIndex('findings_status_severity').execute();
      await db.schema
        .createIndex('findings_status_project_severity')
        .on('findings')
        .columns(['status', 'project_id', 'severity', 'severity_override'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex('findings_status_project_severity').execute();
      await db.schema
        .createIndex('findings_status_severity')
        .on('findings')
        .columns(['status', 'severity'])
        .execute();
      await db.schema.dropIndex('finding_intervals_finding').execute();
      await db.schema.dropIndex('findings_severity_rank').execute();
      await db.schema.dropIndex('findings_last_seen').execute();
      await db.schema.dropIndex('findings_project_list').execute();
      await db.schema
        .createIndex('findings_project_status')
        .on('findings')
        .columns(['project_id', 'status'])
        .execute();
      await db.schema.dropIndex('findings_first_seen').execute();
      await db.schema
        .createIndex('findings_first_seen')
        .on('findings')
        .columns([
          'first_seen_at',
          'first_seen_stage',
          'project_id',
          'severity',
          'severity_override',
          'scanner',
          'id',
        ])
        .execute();
      await db.schema.dropTable('finding_search').execute();
      await db.schema.dropTable('finding_cwes').execute();
    },
  };
}
