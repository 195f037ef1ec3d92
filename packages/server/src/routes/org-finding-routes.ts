import { SCANNER_KINDS, SEVERITIES, STAGES } from '@rampart/core';
import type { FastifyInstance } from 'fastify';
import { type Kysely, type RawBuilder, type SelectQueryBuilder, sql } from 'kysely';
import { z } from 'zod';
import { ApiError } from '../app.js';
import { canReadTeam, isOrgReader, requireUser } from '../auth/authorize.js';
import { notFound, parseInput } from '../auth/input.js';
import type { UserPrincipal } from '../auth/principal.js';
import type { HubDatabase } from '../db/database.js';
import { notIndexed } from '../db/dialect-sql.js';
import { SEVERITY_RANK_SQL } from '../db/finding-list-migration.js';
import { asciiLower } from '../lifecycle/finding-search.js';
import { type LifecycleDatabase, lifecycleDb } from '../lifecycle/tables.js';
import { describeFinding } from '../lifecycle/views.js';
import { docs } from '../openapi/route-docs.js';
import {
  commaCwes,
  commaIds,
  commaList,
  decodeCursor,
  encodeCursor,
  FINDING_STATUSES,
  pageLimit,
} from './list-query.js';

/** What the organisation's findings list needs. */
export interface OrgFindingRoutesOptions {
  readonly database: HubDatabase;
  /**
   * Up to how many findings a `cwe` or `q` filter matches the list is read from them, else
   * along the sort's index (default 5000; tests set it to take either way).
   */
  readonly drivenMax?: number;
}

const SORTS = ['firstSeen', 'lastSeen', 'severity'] as const;
type Sort = (typeof SORTS)[number];
type Order = 'asc' | 'desc';

const listQuery = z.strictObject({
  project: commaIds.optional(),
  team: commaIds.optional(),
  /** The effective severity (the override when there is one). */
  severity: commaList(SEVERITIES).optional(),
  scanner: commaList(SCANNER_KINDS).optional(),
  status: commaList(FINDING_STATUSES).optional(),
  /** The stage of first detection. */
  stage: commaList(STAGES).optional(),
  cwe: commaCwes.optional(),
  q: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .describe(
      'text in the title, the rule id, or the file path / package name / URL (ASCII letters in either case)',
    )
    .optional(),
  sort: z.enum(SORTS).optional(),
  order: z.enum(['asc', 'desc']).optional(),
  cursor: z.string().max(400).optional(),
  limit: pageLimit.optional(),
});
type ListQuery = z.infer<typeof listQuery>;

/** See {@link OrgFindingRoutesOptions.drivenMax}. */
const DRIVEN_MAX = 5000;

/** A position in the list: the sort, its order, the last row's sort key and id. */
interface Position {
  readonly sort: Sort;
  readonly order: Order;
  readonly key: readonly number[];
  readonly id: string;
}

function checkPosition(value: unknown): Position | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { s, o, k, i } = value as Record<string, unknown>;
  if (!SORTS.includes(s as Sort) || (o !== 'asc' && o !== 'desc')) return undefined;
  if (typeof i !== 'string' || i.length > 100 || !Array.isArray(k)) return undefined;
  if (k.length !== (s === 'severity' ? 2 : 1)) return undefined;
  if (!k.every((n) => typeof n === 'number' && Number.isSafeInteger(n))) return undefined;
  return { sort: s as Sort, order: o, key: k as number[], id: i };
}

/** LIKE's wildcards and the escape character, escaped (the pattern uses `escape '\'`). */
function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Registers `GET /api/v1/findings`: the findings of every project the caller may read (the
 * organisation for admin, security and auditors; their teams' projects for everyone else),
 * filtered, sorted and paged by keyset, so that a page costs about the same at the millionth
 * finding as at the first: migration 0011 gives each sort an index, and a page is read in
 * two steps, the ids and sort keys of its rows (from an index alone where it can be) and
 * then those rows.
 */
export function registerOrgFindingRoutes(
  app: FastifyInstance,
  options: OrgFindingRoutesOptions,
): void {
  const { dialect } = options.database;
  const db = lifecycleDb(options.database.db);
  const drivenMax = options.drivenMax ?? DRIVEN_MAX;
  const rank = sql<number>`${sql.raw(`(${SEVERITY_RANK_SQL})`)}`;
  const firstSeen = sql<number>`${sql.ref('findings.first_seen_at')}`;
  const lastSeen = sql<number>`${sql.ref('findings.last_seen_at')}`;

  /**
   * The projects whose findings the query may list: undefined for all of them (an
   * organisation reader without a project or team filter). A project or team filter the
   * caller may not read, or that does not exist, is a 404.
   */
  async function projectScope(
    principal: UserPrincipal,
    query: ListQuery,
  ): Promise<string[] | undefined> {
    if (query.team !== undefined) {
      const teams = query.team.filter((id) => canReadTeam(principal, id));
      const found =
        teams.length === 0
          ? []
          : await db.selectFrom('teams').select('id').where('id', 'in', teams).execute();
      if (found.length !== new Set(query.team).size) throw notFound('team');
    }
    let projects: { id: string; team_id: string }[] | undefined;
    if (query.project !== undefined) {
      const rows = await db
        .selectFrom('projects')
        .select(['id', 'team_id'])
        .where('id', 'in', query.project)
        .execute();
      if (
        rows.length !== new Set(query.project).size ||
        !rows.every((p) => canReadTeam(principal, p.team_id))
      )
        throw notFound('project');
      projects = rows;
    } else if (query.team !== undefined || !isOrgReader(principal)) {
      const teams = query.team ?? [...principal.teams.keys()];
      projects =
        teams.length === 0
          ? []
          : await db
              .selectFrom('projects')
              .select(['id', 'team_id'])
              .where('team_id', 'in', teams)
              .execute();
    }
    if (projects === undefined) return undefined;
    const teams = query.team === undefined ? undefined : new Set(query.team);
    return projects.filter((p) => teams === undefined || teams.has(p.team_id)).map((p) => p.id);
  }

  type FindingsQuery = SelectQueryBuilder<LifecycleDatabase, 'findings', object>;

  /**
   * Keeps the findings that `ids` (a query of finding ids, `column`) names. When it names at
   * most `drivenMax` (read up to one more), the page is read from those: an `in` list of
   * their ids. When it names more, they are common enough that walking the
   * sort's index and checking each finding (through the key of the ids' table)
   * fills a page sooner than sorting them all. Either way a page reads a few thousand rows
   * at most, for a rare value and a common one alike.
   */
  async function among<T extends keyof LifecycleDatabase>(
    q: FindingsQuery,
    ids: SelectQueryBuilder<LifecycleDatabase, T, { finding_id: string }>,
    column: string,
  ): Promise<FindingsQuery> {
    // Read once: the few matches' ids are the list itself.
    const few = (await ids.limit(drivenMax + 1).execute()).map((r) => r.finding_id);
    if (few.length <= drivenMax)
      return few.length === 0 ? q.where(sql<boolean>`1 = 0`) : q.where('findings.id', 'in', few);
    // A scalar subquery rather than `exists`: PostgreSQL turns an `exists` into a join it may
    // start from the ids' side (it cannot tell how many match a `like`), which reads every
    // match; a scalar subquery stays a check made for each finding along the sort's index.
    const match = ids
      .clearSelect()
      .select(sql<number>`1`.as('one'))
      .where(sql<boolean>`${sql.ref(column)} = ${sql.ref('findings.id')}`)
      .limit(1);
    return q.where(sql<boolean>`(${match}) is not null`);
  }

  /** The filters, on a query over `findings`. */
  async function filtered(query: ListQuery, projectIds: string[] | undefined) {
    let q = db.selectFrom('findings');
    if (projectIds !== undefined) q = q.where('findings.project_id', 'in', projectIds);
    if (query.severity)
      q = q.where(
        sql<string>`coalesce(findings.severity_override, findings.severity)`,
        'in',
        query.severity,
      );
    if (query.scanner) q = q.where('findings.scanner', 'in', query.scanner);
    if (query.status) q = q.where(notIndexed(dialect, 'findings.status'), 'in', query.status);
    if (query.stage) q = q.where('findings.first_seen_stage', 'in', query.stage);
    if (query.cwe) {
      let ofCwes = db
        .selectFrom('finding_cwes')
        .select('finding_cwes.finding_id')
        .where('finding_cwes.cwe', 'in', query.cwe);
      if (projectIds !== undefined)
        ofCwes = ofCwes.where('finding_cwes.project_id', 'in', projectIds);
      q = await among(q, ofCwes, 'finding_cwes.finding_id');
    }
    if (query.q !== undefined) {
      let matching = db
        .selectFrom('finding_search')
        .select('finding_search.finding_id')
        .where(
          sql<boolean>`finding_search.text like ${likeContains(asciiLower(query.q))} escape '\\'`,
        );
      if (projectIds !== undefined)
        matching = matching.where('finding_search.project_id', 'in', projectIds);
      q = await among(q, matching, 'finding_search.finding_id');
    }
    return q;
  }

  type Filtered = Awaited<ReturnType<typeof filtered>>;
  /** A row of a page's first step: the finding's id and its sort key. */
  type KeyRow = { id: string; k0: number; k1: number };
  type KeyQuery = SelectQueryBuilder<LifecycleDatabase, 'findings', KeyRow>;

  /**
   * The ids and sort keys of `n` findings of the filtered query from `position` on, in the
   * sort's order. A position is a row-value comparison on `(key, id)`, which both databases
   * read as a range of the sort's index. The severity sort's key starts with an
   * expression, which SQLite does not range over in a row value: its page is read in two
   * steps instead, the rest of the position's severity (`rank = r and (first_seen_at, id) <
   * …`), then the severities after it (`rank < r`), each a range of the index on the rank.
   */
  async function keysetPage(
    query: Filtered,
    sort: Sort,
    order: Order,
    position: Position | undefined,
    n: number,
  ): Promise<KeyRow[]> {
    const [k0, k1] =
      sort === 'severity' ? [rank, firstSeen] : [sort === 'firstSeen' ? firstSeen : lastSeen];
    const keyed: KeyQuery = query.select([
      'findings.id',
      k0.as('k0'),
      (k1 ?? sql<number>`0`).as('k1'),
    ]);
    const compare = sql.raw(order === 'desc' ? '<' : '>');
    const after = (key: RawBuilder<number>, value: number, id: string) =>
      sql<boolean>`(${key}, ${sql.ref('findings.id')}) ${compare} (${value}, ${id})`;
    const ordered = (q: KeyQuery, keys: RawBuilder<number>[], rows: number) => {
      let sorted = q;
      for (const key of keys) sorted = sorted.orderBy(key, order);
      return sorted.orderBy('findings.id', order).limit(rows).execute();
    };
    const [v0, v1] = position?.key ?? [];
    if (position === undefined || v0 === undefined)
      return ordered(keyed, k1 === undefined ? [k0] : [k0, k1], n);
    if (k1 === undefined || v1 === undefined)
      return ordered(keyed.where(after(k0, v0, position.id)), [k0], n);
    const same = await ordered(keyed.where(k0, '=', v0).where(after(k1, v1, position.id)), [k1], n);
    if (same.length >= n) return same;
    const rest = await ordered(
      keyed.where(sql<boolean>`${k0} ${compare} ${v0}`),
      [k0, k1],
      n - same.length,
    );
    return [...same, ...rest];
  }

  app.get(
    '/api/v1/findings',
    {
      config: docs({
        summary: "List the organisation's findings",
        description:
          "The findings of every project the caller may read: the organisation for admin, security and auditors, their teams' projects for everyone else. Filters (each optional; lists comma-separated): `project`, `team` (ids; one the caller may not read is a 404), `severity` (effective, override included), `scanner`, `status`, `stage` (of first detection), `cwe` (`CWE-89`), `q` (text in the title, the rule id, or the file path / package name / URL; ASCII letters match either case; `%` and `_` are plain characters). `sort`: `firstSeen` (default), `lastSeen` or `severity` (then first seen), `order` `desc` (default: newest or most severe first) or `asc`. Pages of `limit` (default 50, at most 500); pass `nextCursor` back as `cursor` with the same sort and order. Each finding has `projectName` and `teamId`.",
        tags: ['findings'],
        access: 'user',
        query: listQuery,
        responses: {
          200: '`{ findings, nextCursor }`',
          404: 'A `project` or `team` filter names one that does not exist or is not readable',
        },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      const query = parseInput(listQuery, request.query, 'query');
      const sort = query.sort ?? 'firstSeen';
      const order: Order = query.order ?? 'desc';
      const limit = query.limit ?? 50;
      const position =
        query.cursor === undefined ? undefined : decodeCursor(query.cursor, checkPosition);
      if (position !== undefined && (position.sort !== sort || position.order !== order))
        throw new ApiError(
          400,
          'VALIDATION',
          'query.cursor: the cursor belongs to another sort or order',
        );
      const projectIds = await projectScope(principal, query);
      if (projectIds?.length === 0) return { findings: [], nextCursor: null };

      const keys = await keysetPage(
        await filtered(query, projectIds),
        sort,
        order,
        position,
        limit + 1,
      );
      const page = keys.slice(0, limit);
      const rows =
        page.length === 0
          ? []
          : await db
              .selectFrom('findings')
              .selectAll()
              .where(
                'id',
                'in',
                page.map((k) => k.id),
              )
              .execute();
      const byId = new Map(rows.map((r) => [r.id, r]));
      const names = await projectNames(db, [...new Set(rows.map((r) => r.project_id))]);
      const last = page.at(-1);
      return {
        findings: page.flatMap((key) => {
          const row = byId.get(key.id);
          if (row === undefined) return [];
          const project = names.get(row.project_id);
          return [
            {
              ...describeFinding(row),
              projectName: project?.name ?? null,
              teamId: project?.team_id ?? null,
            },
          ];
        }),
        nextCursor:
          keys.length > limit && last !== undefined
            ? encodeCursor({
                s: sort,
                o: order,
                k: sort === 'severity' ? [Number(last.k0), Number(last.k1)] : [Number(last.k0)],
                i: last.id,
              })
            : null,
      };
    },
  );
}

async function projectNames(
  db: Kysely<LifecycleDatabase>,
  ids: readonly string[],
): Promise<Map<string, { name: string; team_id: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('projects')
    .select(['id', 'name', 'team_id'])
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}
