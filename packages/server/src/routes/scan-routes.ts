import { SCANNER_KINDS, STAGES } from '@rampart/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ApiError } from '../app.js';
import { canReadTeam, canUpload } from '../auth/authorize.js';
import { notFound, parseInput } from '../auth/input.js';
import type { Principal } from '../auth/principal.js';
import type { HubDatabase } from '../db/database.js';
import { ingestScan } from '../ingest/ingest-scan.js';
import { acceptRawBody, DEFAULT_MAX_REPORT_BYTES, tooLarge } from '../ingest/read-upload.js';
import { chunks } from '../lifecycle/project-lock.js';
import { lifecycleDb } from '../lifecycle/tables.js';
import { loadActiveRules } from '../lifecycle/triage-decisions.js';
import { describeRule } from '../lifecycle/views.js';
import { hubMetricsOf, recordScanIngest } from '../observability/hub-metrics.js';
import { docs } from '../openapi/route-docs.js';

/** What the scan routes need. */
export interface ScanRoutesOptions {
  readonly database: HubDatabase;
  /** The largest report accepted (bytes, on the wire and after gunzip). Default 64 MiB. */
  readonly maxReportBytes?: number;
  /** The clock (epoch ms); tests inject one. */
  readonly now?: () => number;
}

const params = z.strictObject({ id: z.string().min(1).max(100) });
const text = z.string().trim().min(1).max(500);
const stage = z.enum(STAGES);
const uploadQuery = z.strictObject({
  format: z
    .string()
    .regex(/^[a-z0-9-]{1,40}$/, 'a format id such as rampart, sarif or trivy')
    .optional(),
  stage: stage.optional(),
  kind: z.enum(['full', 'diff']).optional(),
  branch: text.optional(),
  commit: text.optional(),
  ranAt: z
    .union([
      z
        .string()
        .regex(/^\d{1,15}$/)
        .transform(Number),
      z.iso.datetime({ offset: true }).transform((s) => Date.parse(s)),
    ])
    .optional(),
  scanners: z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((k) => k.trim())
        .filter((k) => k !== ''),
    )
    .pipe(z.array(z.enum(SCANNER_KINDS)).min(1))
    .describe(`the scanner kinds that ran, comma-separated, of: ${SCANNER_KINDS.join(', ')}`)
    .optional(),
  fallbackStage: stage.optional(),
  fallbackBranch: text.optional(),
  fallbackCommit: text.optional(),
});

/** The media types a report may be sent as (any other is read the same way). */
const REPORT_MEDIA_TYPES =
  'application/json, application/sarif+json, application/gzip, application/octet-stream';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Who is uploading: a CI token, or a person (and their personal token, when they used one). */
function uploaderOf(principal: Principal | undefined) {
  if (principal === undefined) return undefined;
  if (principal.kind === 'ci') return { tokenId: principal.tokenId };
  return { userId: principal.userId, tokenId: principal.tokenId };
}

/**
 * Registers scan upload and the project's triage decisions:
 * - `POST /api/v1/projects/:id/scans`: the body is the report itself, any content type,
 *   gzip or not (by its magic bytes). A CI token of the project, or a user who may upload
 *   to it (its team's members, security, admin). Query: `format` (default detected),
 *   `stage`, `kind` (full|diff), `branch`, `commit`, `ranAt` (ISO or epoch ms), `scanners`
 *   (the kinds that ran, comma-separated) override the report; `fallbackStage`,
 *   `fallbackBranch`, `fallbackCommit` fill what it does not say. 201 `{ scanId, duplicate:
 *   false, late, counts }`; 200 with `duplicate: true` for content already ingested. 413
 *   REPORT_TOO_LARGE, 400 INVALID_REPORT (nothing stored), 415 for a multipart form. A
 *   stored scan records who uploaded it (the user and/or the token) and writes a
 *   `scan.upload` audit entry; a duplicate writes nothing.
 * - `GET /api/v1/projects/:id/triage`: the project's triage decisions in force (fingerprints
 *   marked false positive or accepted, until when, why) and the organisation rules in force,
 *   for `rampart scan --server`. Readable by the project's CI token and by its readers.
 */
export function registerScanRoutes(app: FastifyInstance, options: ScanRoutesOptions): void {
  const limit = options.maxReportBytes ?? DEFAULT_MAX_REPORT_BYTES;
  const now = options.now ?? Date.now;
  const db = lifecycleDb(options.database.db);
  const metrics = hubMetricsOf(app);

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

  async function mayUpload(request: FastifyRequest) {
    const { id } = parseInput(params, request.params, 'params');
    const project = await visibleProject(request.principal, id);
    if (!canUpload(request.principal, project))
      throw new ApiError(403, 'FORBIDDEN', 'not allowed: upload scans to this project');
  }

  app.register(async (scoped) => {
    // The report is the body, whatever its type: read as bytes, bounded, never parsed by Fastify.
    acceptRawBody(scoped, limit, tooLarge);

    scoped.post(
      '/api/v1/projects/:id/scans',
      {
        bodyLimit: limit + 1024,
        config: docs({
          summary: 'Upload a scan',
          description:
            "The body is the report itself (Rampart JSON, SARIF or another tool's report; gzip or not, told by its magic bytes), ingested in one transaction: new findings are opened, those seen again updated, and a full scan closes what its scope no longer has. The query overrides what the report says (`format`, `stage`, `kind`, `branch`, `commit`, `ranAt`, `scanners`) or fills what it does not (`fallback…`). Re-uploading the same content changes nothing (200, `duplicate: true`). Who may upload is checked before the body is read. A stored scan records who uploaded it (the user, and the CI or personal token the request came with; shown as `uploadedBy` in the scan history) and writes one `scan.upload` audit entry; a duplicate writes nothing.",
          tags: ['scans'],
          access: 'ci-token',
          params,
          query: uploadQuery,
          body: {
            raw: REPORT_MEDIA_TYPES,
            description: 'The report, as produced by the tool (optionally gzip-compressed).',
          },
          responses: {
            200: '`{ scanId, duplicate: true, late, counts }`: this content was already ingested',
            201: '`{ scanId, duplicate: false, late, counts: { new, seen, fixed, reopened } }`',
            400: 'INVALID_REPORT (nothing stored) or VALIDATION',
            403: 'FORBIDDEN: may read the project but not upload to it',
            404: 'No such project, or not visible to the caller',
            413: 'REPORT_TOO_LARGE',
            415: 'A multipart form: send the report as the body',
          },
        }),
        // Who may upload is settled before a byte of the body is read.
        preParsing: async (request) => {
          await mayUpload(request);
        },
      },
      async (request, reply) => {
        const { id } = parseInput(params, request.params, 'params');
        const query = parseInput(uploadQuery, request.query, 'query');
        const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const result = await ingestScan(options.database, {
          projectId: id,
          body,
          contentType: request.headers['content-type'],
          format: query.format,
          stage: query.stage,
          kind: query.kind,
          branch: query.branch,
          commit: query.commit,
          ranAt: query.ranAt,
          scanners: query.scanners,
          fallbackStage: query.fallbackStage,
          fallbackBranch: query.fallbackBranch,
          fallbackCommit: query.fallbackCommit,
          maxBytes: limit,
          now: now(),
          uploader: uploaderOf(request.principal),
        }).catch((error: unknown) => {
          const status = (error as { statusCode?: unknown } | null)?.statusCode;
          const client = typeof status === 'number' && status >= 400 && status < 500;
          recordScanIngest(metrics, client ? 'rejected' : 'failed');
          throw error;
        });
        recordScanIngest(
          metrics,
          result.duplicate ? 'duplicate' : 'ingested',
          result.counts.new + result.counts.seen,
        );
        return reply.status(result.duplicate ? 200 : 201).send(result);
      },
    );
  });

  app.get(
    '/api/v1/projects/:id/triage',
    {
      config: docs({
        summary: "A project's triage decisions",
        description:
          "The fingerprints of the project marked false positive or risk-accepted (until when, why) and the organisation rules in force, for `rampart scan --server`. Readable by the project's CI token and its readers.",
        tags: ['scans'],
        access: 'ci-token',
        params,
        responses: {
          200: '`{ projectId, decisions, rules }`',
          404: 'No such project, or not visible to the caller',
        },
      }),
    },
    async (request) => {
      const { id } = parseInput(params, request.params, 'params');
      await visibleProject(request.principal, id);
      const at = now();
      const rows = await db
        .selectFrom('findings')
        .select(['id', 'fingerprint', 'rule_id', 'status', 'accepted_until', 'triage_rule_id'])
        .where('project_id', '=', id)
        .where((eb) =>
          eb.or([
            eb('status', '=', 'false_positive'),
            eb.and([eb('status', '=', 'risk_accepted'), eb('accepted_until', '>', at)]),
          ]),
        )
        .orderBy('fingerprint')
        .execute();
      const reasons = new Map<string, string>();
      for (const part of chunks(
        rows.map((r) => r.id),
        1000,
      )) {
        const events = await db
          .selectFrom('finding_events')
          .select(['finding_id', 'data'])
          .where('finding_id', 'in', part)
          .where('type', 'in', ['false_positive', 'risk_accepted'])
          .orderBy('id')
          .execute();
        for (const e of events) {
          try {
            const reason = (JSON.parse(e.data) as { reason?: unknown }).reason;
            if (typeof reason === 'string') reasons.set(e.finding_id, reason);
          } catch {
            // an unreadable event has no reason to give
          }
        }
      }
      const rules = await loadActiveRules(db, at);
      return {
        projectId: id,
        decisions: rows.map((r) => ({
          fingerprint: r.fingerprint,
          findingId: r.id,
          ruleId: r.rule_id,
          status: r.status,
          until: iso(r.accepted_until),
          reason: reasons.get(r.id) ?? null,
          triageRuleId: r.triage_rule_id,
        })),
        rules: rules.map((rule) => describeRule(rule, at)),
      };
    },
  );
}
