import { STAGES } from '@rampart/core';
import type { FastifyInstance } from 'fastify';
import type { Kysely, Selectable } from 'kysely';
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

/** A scan row as the history and the projects' summaries read it, with who uploaded it. */
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
  | 'uploaded_by_user_id'
  | 'uploaded_by_token_id'
> & {
  /** From the left joins of {@link scansWithUploader}: null when there is no such row. */
  readonly uploader_display_name: string | null;
  readonly uploader_token_kind: 'personal' | 'ci' | null;
  readonly uploader_token_name: string | null;
};

/** The columns of {@link ScanRow}, read from {@link scansWithUploader}. */
export const SCAN_COLUMNS = [
  'scans.id',
  'scans.project_id',
  'scans.ran_at',
  'scans.received_at',
  'scans.stage',
  'scans.kind',
  'scans.branch',
  'scans.commit_sha',
  'scans.scope',
  'scans.tools',
  'scans.findings',
  'scans.uploaded_by_user_id',
  'scans.uploaded_by_token_id',
  'uploader.display_name as uploader_display_name',
  'uploader_token.kind as uploader_token_kind',
  'uploader_token.name as uploader_token_name',
] as const;

/** `scans` with who uploaded each (left joins on the user and the token): select {@link SCAN_COLUMNS}. */
export function scansWithUploader(db: Kysely<LifecycleDatabase>) {
  return db
    .selectFrom('scans')
    .leftJoin('users as uploader', 'uploader.id', 'scans.uploaded_by_user_id')
    .leftJoin('tokens as uploader_token', 'uploader_token.id', 'scans.uploaded_by_token_id');
}

/** Who uploaded a scan, as the API shows it. */
export type ScanUploader =
  | { readonly kind: 'user'; readonly id: string; readonly displayName: string }
  | { readonly kind: 'ci-token'; readonly id: string; readonly name: string };

/**
 * The person who uploaded the scan (with a session or a personal token), else the CI token
 * it came with; null for scans stored without a request or before migration 0027, and once
 * the user or the token is deleted.
 */
function uploadedBy(row: ScanRow): ScanUploader | null {
  if (row.uploaded_by_user_id !== null && row.uploader_display_name !== null)
    return { kind: 'user', id: row.uploaded_by_user_id, displayName: row.uploader_display_name };
  if (
    row.uploaded_by_token_id !== null &&
    row.uploader_token_kind === 'ci' &&
    row.uploader_token_name !== null
  )
    return { kind: 'ci-token', id: row.uploaded_by_token_id, name: row.uploader_token_name };
  return null;
}

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
    /** Who uploaded it: a user, a CI token, or null (unknown, or since deleted). */
    uploadedBy: uploadedBy(row),
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
 * (`limit` ≤ 500, `cursor` from `nextCursor`), each with who uploaded it (`uploadedBy`).
 * The project's readers; 404 for anyone else.
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
          "The scan history, the latest run first (by when the scan ran, then id); `stage` (comma-separated) keeps some stages. Pages of `limit` (default 50, at most 500); pass `nextCursor` back as `cursor`. Each scan says who uploaded it: `uploadedBy` is `{ kind: 'user', id, displayName }` (signed in or with a personal token), `{ kind: 'ci-token', id, name }`, or null (uploaded before this was recorded, ingested without a request, or the user or token since deleted).",
        tags: ['scans'],
        access: 'team-reader',
        params,
        query: historyQuery,
        responses: {
          200: '`{ scans, nextCursor }`; each scan `{ id, projectId, ranAt, receivedAt, stage, kind, branch, commit, scope, tools, findings, uploadedBy }`',
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
      let q = scansWithUploader(db).select(SCAN_COLUMNS).where('scans.project_id', '=', id);
      if (query.stage) q = q.where('scans.stage', 'in', query.stage);
      if (query.cursor !== undefined) {
        const cursor = decodeCursor(query.cursor, timeAndId);
        q = q.where((eb) =>
          eb.or([
            eb('scans.ran_at', '<', cursor.at),
            eb.and([eb('scans.ran_at', '=', cursor.at), eb('scans.id', '<', cursor.id)]),
          ]),
        );
      }
      const rows = await q
        .orderBy('scans.ran_at', 'desc')
        .orderBy('scans.id', 'desc')
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
