import { STAGES } from '@rampart/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ApiError } from '../app.js';
import { canReadTeam, canUpload } from '../auth/authorize.js';
import { notFound, parseInput } from '../auth/input.js';
import type { Principal } from '../auth/principal.js';
import type { HubDatabase } from '../db/database.js';
import { acceptRawBody, DEFAULT_MAX_REPORT_BYTES, decodeUpload } from '../ingest/read-upload.js';
import { docs } from '../openapi/route-docs.js';
import { invalidSbom } from './sbom-document.js';
import { listSboms, sbomDocument, storeSbom } from './sbom-store.js';

/** What the SBOM routes need. */
export interface SbomRoutesOptions {
  readonly database: HubDatabase;
  /** The largest SBOM accepted (bytes, on the wire and after gunzip). Default 64 MiB. */
  readonly maxSbomBytes?: number;
  /** The clock (epoch ms); tests inject one. */
  readonly now?: () => number;
}

const text = z.string().trim().min(1).max(500);
const params = z.strictObject({ id: z.string().min(1).max(100) });
const documentParams = z.strictObject({
  id: z.string().min(1).max(100),
  sbomId: z.string().min(1).max(100),
});
const uploadQuery = z.strictObject({
  stage: z.enum(STAGES),
  branch: text.optional(),
  commit: text.optional(),
});
const listQuery = z.strictObject({
  stage: z.enum(STAGES).optional(),
  limit: z
    .string()
    .regex(/^\d{1,4}$/, 'a number from 1 to 500')
    .transform(Number)
    .pipe(z.number().int().min(1).max(500))
    .optional(),
});

/** 413 with a stable code. */
function sbomTooLarge(limit: number): ApiError {
  return new ApiError(
    413,
    'SBOM_TOO_LARGE',
    `the SBOM is larger than the hub's limit of ${limit} bytes (after decompression)`,
  );
}

/** The upload helpers' errors, with the SBOM routes' codes. */
function asSbomError(error: unknown, limit: number): unknown {
  if (!(error instanceof ApiError)) return error;
  if (error.code === 'REPORT_TOO_LARGE') return sbomTooLarge(limit);
  if (error.code === 'INVALID_REPORT')
    return invalidSbom(
      /binary/.test(error.message)
        ? 'the upload is binary, not an SBOM (send CycloneDX JSON, raw or gzip)'
        : error.message.replace(/\breport\b/g, 'SBOM'),
    );
  return error;
}

/**
 * Registers the stored SBOMs of a project:
 * - `POST /api/v1/projects/:id/sboms`: the body is a CycloneDX 1.5/1.6 JSON SBOM (what
 *   `rampart sbom` writes), gzip or not (by its magic bytes), any content type. A CI token of
 *   the project, or a user who may upload to it. Query: `stage` (required), `branch`,
 *   `commit`. 201 `{ sbomId, duplicate: false, scope, componentCount }`; 200 with
 *   `duplicate: true` when the scope's latest SBOM has the same content. 400 INVALID_SBOM,
 *   413 SBOM_TOO_LARGE: nothing stored.
 * - `GET /api/v1/projects/:id/sboms`: the project's SBOMs, newest first, metadata only
 *   (query `stage`, `limit` ≤ 500, default 50), with the last re-match of each.
 * - `GET /api/v1/projects/:id/sboms/:sbomId`: the document as uploaded.
 * Reading needs read access to the project's team (not a CI token).
 */
export function registerSbomRoutes(app: FastifyInstance, options: SbomRoutesOptions): void {
  const limit = options.maxSbomBytes ?? DEFAULT_MAX_REPORT_BYTES;
  const now = options.now ?? Date.now;
  const db = options.database.db;

  /** The project, if the principal may see it (a CI token sees its own project). */
  async function visibleProject(principal: Principal | undefined, projectId: string) {
    if (!principal) throw new ApiError(401, 'UNAUTHENTICATED', 'sign in or send an API token');
    const row = await db
      .selectFrom('projects')
      .select(['id', 'team_id'])
      .where('id', '=', projectId)
      .executeTakeFirst();
    const project = row && { id: row.id, teamId: row.team_id };
    if (!project || !(canUpload(principal, project) || canReadTeam(principal, project.teamId)))
      throw notFound('project');
    return project;
  }

  async function mayRead(request: FastifyRequest, projectId: string) {
    const project = await visibleProject(request.principal, projectId);
    if (!canReadTeam(request.principal, project.teamId))
      throw new ApiError(403, 'FORBIDDEN', 'a CI token may only upload to its project');
  }

  app.register(async (scoped) => {
    // The SBOM is the body, whatever its type: read as bytes, bounded, never parsed by Fastify.
    acceptRawBody(scoped, limit, sbomTooLarge, (error) => asSbomError(error, limit) as Error);

    scoped.post(
      '/api/v1/projects/:id/sboms',
      {
        bodyLimit: limit + 1024,
        config: docs({
          summary: 'Upload an SBOM',
          description:
            'Stores a CycloneDX 1.5/1.6 JSON SBOM (gzip accepted) for the project and stage; the latest SBOM of `main` and `production` is re-matched whenever the OSV database changes.',
          tags: ['sboms'],
          access: 'ci-token',
          params,
          query: uploadQuery,
          body: {
            raw: 'application/vnd.cyclonedx+json, application/json, application/gzip',
            description: 'The SBOM itself (CycloneDX JSON, optionally gzip-compressed).',
          },
          responses: {
            201: 'Stored: `{ sbomId, duplicate: false, scope, componentCount }`.',
            200: 'The scope already has this SBOM as its latest: `duplicate: true`.',
            400: 'INVALID_SBOM or VALIDATION: nothing stored.',
            403: 'Not allowed to upload to this project.',
            404: 'No such project (or not visible).',
            413: 'SBOM_TOO_LARGE: nothing stored.',
          },
        }),
        // Who may upload is settled before a byte of the body is read.
        preParsing: async (request) => {
          const { id } = parseInput(params, request.params, 'params');
          const project = await visibleProject(request.principal, id);
          if (!canUpload(request.principal, project))
            throw new ApiError(403, 'FORBIDDEN', 'not allowed: upload SBOMs to this project');
        },
      },
      async (request, reply) => {
        const { id } = parseInput(params, request.params, 'params');
        const query = parseInput(uploadQuery, request.query, 'query');
        if (/^multipart\//i.test(request.headers['content-type'] ?? ''))
          throw new ApiError(
            415,
            'UNSUPPORTED_MEDIA_TYPE',
            'send the SBOM itself as the request body (raw or gzip), not a multipart form',
          );
        const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        let sbomText: string;
        try {
          sbomText = await decodeUpload(body, limit);
        } catch (error) {
          throw asSbomError(error, limit);
        }
        const principal = request.principal as Principal;
        const result = await storeSbom(options.database, {
          projectId: id,
          text: sbomText,
          stage: query.stage,
          branch: query.branch,
          commit: query.commit,
          uploader:
            principal.kind === 'ci' ? { tokenId: principal.tokenId } : { userId: principal.userId },
          now: now(),
        });
        return reply.status(result.duplicate ? 200 : 201).send(result);
      },
    );
  });

  app.get(
    '/api/v1/projects/:id/sboms',
    {
      config: docs({
        summary: "List a project's SBOMs",
        description:
          'Newest first, metadata only: stage, scope, commit, branch, content hash, component count, whether it is the latest of its scope, and its last re-match.',
        tags: ['sboms'],
        access: 'team-reader',
        params,
        query: listQuery,
        responses: { 200: '`{ sboms: [...] }`.', 404: 'No such project (or not visible).' },
      }),
    },
    async (request) => {
      const { id } = parseInput(params, request.params, 'params');
      const query = parseInput(listQuery, request.query, 'query');
      await mayRead(request, id);
      return {
        sboms: await listSboms(options.database, id, {
          stage: query.stage,
          limit: query.limit ?? 50,
        }),
      };
    },
  );

  app.get(
    '/api/v1/projects/:id/sboms/:sbomId',
    {
      config: docs({
        summary: 'Download an SBOM',
        description: 'The CycloneDX JSON document as it was uploaded.',
        tags: ['sboms'],
        access: 'team-reader',
        params: documentParams,
        responses: {
          200: 'The CycloneDX JSON document.',
          404: 'No such project or SBOM (or not visible).',
        },
      }),
    },
    async (request, reply) => {
      const { id, sbomId } = parseInput(documentParams, request.params, 'params');
      await mayRead(request, id);
      const document = await sbomDocument(options.database, id, sbomId);
      if (document === undefined) throw notFound('SBOM');
      return reply.type('application/vnd.cyclonedx+json; charset=utf-8').send(document);
    },
  );
}
