import { STAGES } from '@rampart/core';
import type { FastifyInstance } from 'fastify';
import type { Selectable } from 'kysely';
import { z } from 'zod';
import { canReadTeam, requireUser } from '../auth/authorize.js';
import { notFound, parseInput } from '../auth/input.js';
import type { HubDatabase } from '../db/database.js';
import { type LifecycleDatabase, lifecycleDb } from '../lifecycle/tables.js';
import { docs } from '../openapi/route-docs.js';
import { commaList, decodeCursor, encodeCursor, pageLimit, timeAndId } from './list-query.js';

/** What the scan history needs. */
export interface ProjectScanRoutesOptions {
  readonly database: HubDatabase;
}

/** A scan row as the history and the projects' summaries read it. */
export type ScanRow = Pick<
  Selectable<LifecycleDatabase['scans']>,
  | 'id'
  | 'project_id'
  | 'ran_at'
  | 'received_at'
  | 'stage'
  | 'kind'
  | 'branch'
  | 'commit_sha'
  | 'scope'
  | 'tools'
  | 'findings'
>;

/** The columns of {@link ScanRow}. */
export const SCAN_COLUMNS = [
  'id',
  'project_id',
  'ran_at',
  'received_at',
  'stage',
  'kind',
  'branch',
  'commit_sha',
  'scope',
  'tools',
  'findings',
] as const;

function toolsOf(text: string): { scanner: string; tool: string; version: string }[] {
  try {
    const tools = JSON.parse(text) as unknown;
    return Array.isArray(tools)
      ? tools
          .filter((t): t is Record<string, unknown> => typeof t === 'object' && t !== null)
          .map((t) => ({
            scanner: String(t.scanner ?? ''),
            tool: String(t.tool ?? ''),
            version: String(t.version ?? ''),
          }))
      : [];
  } catch {
    return [];
  }
}

/** A scan in the API: camelCase, times as ISO 8601. */
export function describeScan(row: ScanRow) {
  return {
    id: row.id,
    projectId: row.project_id,
    ranAt: new Date(row.ran_at).toISOString(),
    receivedAt: new Date(row.received_at).toISOString(),
    stage: row.stage,
    kind: row.kind,
    branch: row.branch,
    commit: row.commit_sha,
    /** `main`, `production` or `branch:<name>`: what a full scan may close. */
    scope: row.scope,
    /** The scanners that ran, and the tool of each. */
    tools: toolsOf(row.tools),
    /** Findings the report held. */
    findings: row.findings,
  };
}

const params = z.strictObject({ id: z.string().min(1).max(100) });
const historyQuery = z.strictObject({
  stage: commaList(STAGES).optional(),
  cursor: z.string().max(300).optional(),
  limit: pageLimit.optional(),
});

/**
 * Registers `GET /api/v1/projects/:id/scans`: a project's scan history, the latest run
 * first (by the time the scan ran, then id), optionally of some stages; keyset pages
 * (`limit` ≤ 500, `cursor` from `nextCursor`). The project's readers; 404 for anyone else.
 */
export function registerProjectScanRoutes(
  app: FastifyInstance,
  options: ProjectScanRoutesOptions,
): void {
  const db = lifecycleDb(options.database.db);

  app.get(
    '/api/v1/projects/:id/scans',
    {
      config: docs({
        summary: "List a project's scans",
        description:
          'The scan history, the latest run first (by when the scan ran, then id); `stage` (comma-separated) keeps some stages. Pages of `limit` (default 50, at most 500); pass `nextCursor` back as `cursor`.',
        tags: ['scans'],
        access: 'team-reader',
        params,
        query: historyQuery,
        responses: {
          200: '`{ scans, nextCursor }`',
          404: 'No such project, or not readable by the caller',
        },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      const { id } = parseInput(params, request.params, 'params');
      const query = parseInput(historyQuery, request.query, 'query');
      const project = await db
        .selectFrom('projects')
        .select('team_id')
        .where('id', '=', id)
        .executeTakeFirst();
      if (project === undefined || !canReadTeam(principal, project.team_id))
        throw notFound('project');
      const limit = query.limit ?? 50;
      let q = db.selectFrom('scans').select(SCAN_COLUMNS).where('project_id', '=', id);
      if (query.stage) q = q.where('stage', 'in', query.stage);
      if (query.cursor !== undefined) {
        const cursor = decodeCursor(query.cursor, timeAndId);
        q = q.where((eb) =>
          eb.or([
            eb('ran_at', '<', cursor.at),
            eb.and([eb('ran_at', '=', cursor.at), eb('id', '<', cursor.id)]),
          ]),
        );
      }
      const rows = await q
        .orderBy('ran_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit + 1)
        .execute();
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        scans: page.map(describeScan),
        nextCursor:
          rows.length > limit && last !== undefined ? encodeCursor([last.ran_at, last.id]) : null,
      };
    },
  );
}
