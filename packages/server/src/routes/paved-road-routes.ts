import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { ApiError } from '../api-error.js';
import { ensure, isSecurity, requireUser } from '../auth/authorize.js';
import { notFound, parseInput } from '../auth/input.js';
import type { HubDatabase } from '../db/database.js';
import { docs } from '../openapi/route-docs.js';
import {
  InvalidPolicyError,
  MAX_POLICY_BYTES,
  MAX_POLICY_OPS,
  PolicyOpSchema,
} from '../paved-road/catalog-policy.js';
import {
  catalogView,
  createTemplateVersion,
  currentRevision,
  getTemplate,
  listRevisions,
  listTemplates,
  POLICY_URL,
  patchPolicy,
  revisionDetail,
  savePolicy,
  setTemplateDeprecated,
  templateVersions,
} from '../paved-road/catalog-store.js';
import {
  MAX_TEMPLATE_FILE_BYTES,
  MAX_TEMPLATE_FILES,
  MAX_TEMPLATE_TOTAL_BYTES,
  TEMPLATE_CI,
  TEMPLATE_NAME,
  TEMPLATE_VERSION,
} from '../paved-road/catalog-templates.js';

/** What the paved-road catalog routes need. */
export interface PavedRoadRoutesOptions {
  readonly database: HubDatabase;
  /** The clock (epoch ms); tests inject one. */
  readonly now?: () => number;
}

const comment = z.string().max(1000).optional();
const baseRevision = z.number().int().min(1).nullable();
// Characters, generously: the 1 MiB limit is on UTF-8 bytes, checked with its own 413.
const putBody = z.strictObject({
  yaml: z.string().max(4 * MAX_POLICY_BYTES),
  comment,
  baseRevision,
});
const patchBody = z.strictObject({
  ops: z.array(PolicyOpSchema).min(1).max(MAX_POLICY_OPS),
  comment,
  baseRevision,
});
const revisionsQuery = z.strictObject({
  limit: z
    .string()
    .regex(/^\d{1,4}$/, 'a number from 1 to 500')
    .transform(Number)
    .pipe(z.number().int().min(1).max(500))
    .optional(),
});
// Path parameters are 1 to 100 characters, like every id of the API; checked further below.
const revisionParams = z.strictObject({ revision: z.string().min(1).max(100) });
const nameParams = z.strictObject({ name: z.string().min(1).max(100) });
const version = z.string().regex(TEMPLATE_VERSION, 'a semantic version x.y.z, e.g. 1.2.0');
const templateQuery = z.strictObject({ version: version.optional() });
const templateBody = z.strictObject({
  version,
  ci: z.enum(TEMPLATE_CI),
  description: z.string().max(2000),
  files: z
    .array(
      z.strictObject({
        path: z.string().min(1).max(512),
        content: z.string().max(MAX_TEMPLATE_FILE_BYTES),
      }),
    )
    .min(1)
    .max(MAX_TEMPLATE_FILES),
});
const deprecatedBody = z.strictObject({ deprecated: z.boolean(), version: version.optional() });

/** The body limit of the policy writes: 1 MiB of YAML, JSON-escaped. */
const POLICY_BODY_LIMIT = 8 * MAX_POLICY_BYTES;

/** A 400 INVALID_POLICY with its `details: { line, column }` (the error handler drops details). */
async function withPolicyDetails<T>(reply: FastifyReply, run: () => Promise<T>) {
  try {
    return await run();
  } catch (error) {
    if (error instanceof InvalidPolicyError) {
      return reply.status(400).send({
        error: { code: error.code, message: error.message, details: error.details },
      });
    }
    throw error;
  }
}

/** Whether an `If-None-Match` header names this ETag (or is `*`). */
function etagMatches(header: string, etag: string): boolean {
  return header
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .some((t) => t === '*' || t === etag);
}

const POLICY_SHAPE =
  '`{ revision, yaml, sha256, policy, updatedAt, author: { id, displayName } | null, comment, url }`';

/**
 * Registers the paved-road catalog (issue 13; docs/hub-paved-road.md):
 * - `GET|PUT|PATCH /api/v1/paved-road`: the organisation's policy (any signed-in user reads;
 *   security and admin write, with optimistic concurrency on `baseRevision`).
 * - `GET /api/v1/paved-road/revisions[/:revision]`: the history, with line diffs.
 * - `GET /api/v1/paved-road.yml`: the policy at a stable URL for `rampart.yml`'s `pavedRoad:`
 *   (ETag, Last-Modified, 304); any user, and the CI token of any project.
 * - `/api/v1/paved-road/templates…`: versioned pipeline templates for `rampart init --template`.
 */
export function registerPavedRoadRoutes(
  app: FastifyInstance,
  options: PavedRoadRoutesOptions,
): void {
  const now = options.now ?? Date.now;
  const { database } = options;

  app.get(
    '/api/v1/paved-road',
    {
      config: docs({
        summary: 'The paved-road catalog',
        description:
          "The organisation's paved-road policy in force (the newest revision): its YAML text, its SHA-256, the same parsed to plain JSON (`policy`: libraries per ecosystem with approved and banned entries, base images, pipeline templates, scanners; null while the catalog is empty), who changed it last and when, and the stable URL projects reference from `rampart.yml`. Every signed-in user may read it.",
        tags: ['paved-road'],
        access: 'user',
        responses: {
          200: `${POLICY_SHAPE}: \`revision\` null, \`yaml\` "" while the catalog is empty.`,
          403: 'A CI token.',
        },
      }),
    },
    async (request) => {
      requireUser(request.principal);
      return catalogView(database);
    },
  );

  app.put(
    '/api/v1/paved-road',
    {
      bodyLimit: POLICY_BODY_LIMIT,
      config: docs({
        summary: 'Replace the paved-road policy',
        description:
          "Stores a new revision of the policy. The YAML is validated with the CLI's own parser (what a scan would refuse is refused here, with the line and column). `baseRevision` is the revision the edit started from (null for the first): when someone saved in between, 409 STALE_REVISION. The same text as the current one stores nothing (`changed: false`). Security and admin only. Audit-logged.",
        tags: ['paved-road'],
        access: 'security',
        body: putBody,
        responses: {
          200: `${POLICY_SHAPE} plus \`changed\`.`,
          400: 'INVALID_POLICY (`details: { line, column }`) or VALIDATION.',
          403: 'FORBIDDEN: not security or admin.',
          409: 'STALE_REVISION: the catalog changed since `baseRevision`.',
          413: 'POLICY_TOO_LARGE: more than 1 MiB.',
        },
      }),
    },
    async (request, reply) => {
      const principal = requireUser(request.principal);
      ensure(isSecurity(principal), 'edit the paved-road catalog');
      const body = parseInput(putBody, request.body, 'body');
      return withPolicyDetails(reply, async () => {
        const { created } = await savePolicy(database, {
          yaml: body.yaml,
          comment: body.comment,
          baseRevision: body.baseRevision,
          actorId: principal.userId,
          now: now(),
        });
        return { ...(await catalogView(database)), changed: created };
      });
    },
  );

  app.patch(
    '/api/v1/paved-road',
    {
      bodyLimit: POLICY_BODY_LIMIT,
      config: docs({
        summary: 'Edit the paved-road policy',
        description: `Applies edits to the current policy's YAML document, keeping its comments, key order and formatting: \`set\` a value at a path (keys and list indexes; missing mappings are created), \`append\` to the list at a path (created when missing), \`delete\` a key or list item. At most ${MAX_POLICY_OPS} edits, applied in order; the result is validated like a PUT and stored as one revision. This is what the dashboard's forms use (ban a library, approve an image). Security and admin only. Audit-logged.`,
        tags: ['paved-road'],
        access: 'security',
        body: patchBody,
        responses: {
          200: `${POLICY_SHAPE} plus \`changed\`.`,
          400: 'INVALID_PATCH (a path that is not there, not a list), INVALID_POLICY (`details: { line, column }`) or VALIDATION.',
          403: 'FORBIDDEN: not security or admin.',
          409: 'STALE_REVISION: the catalog changed since `baseRevision`.',
          413: 'POLICY_TOO_LARGE: the result is more than 1 MiB.',
        },
      }),
    },
    async (request, reply) => {
      const principal = requireUser(request.principal);
      ensure(isSecurity(principal), 'edit the paved-road catalog');
      const body = parseInput(patchBody, request.body, 'body');
      return withPolicyDetails(reply, async () => {
        const { created } = await patchPolicy(database, {
          ops: body.ops,
          comment: body.comment,
          baseRevision: body.baseRevision,
          actorId: principal.userId,
          now: now(),
        });
        return { ...(await catalogView(database)), changed: created };
      });
    },
  );

  app.get(
    '/api/v1/paved-road/revisions',
    {
      config: docs({
        summary: "The paved-road policy's history",
        description:
          'The revisions, newest first (`?limit=`, default 100, at most 500): number, SHA-256, comment, author, when, and the lines added and removed against the previous revision. Every signed-in user may read it.',
        tags: ['paved-road'],
        access: 'user',
        query: revisionsQuery,
        responses: {
          200: '`{ revisions: [{ revision, sha256, comment, author, createdAt, added, removed }] }`',
          400: 'VALIDATION: a bad limit.',
          403: 'A CI token.',
        },
      }),
    },
    async (request) => {
      requireUser(request.principal);
      const { limit } = parseInput(revisionsQuery, request.query, 'query');
      return { revisions: await listRevisions(database, limit ?? 100) };
    },
  );

  app.get(
    '/api/v1/paved-road/revisions/:revision',
    {
      config: docs({
        summary: 'One revision of the paved-road policy',
        description:
          'The text of a revision, who stored it and why, and its line diff against the previous revision (`kind`: add, remove, same; the first revision is all additions). A diff beyond 2000 changed lines or a second of work is not computed: `diff` is null and `diffTooLarge` true. Every signed-in user may read it.',
        tags: ['paved-road'],
        access: 'user',
        params: revisionParams,
        responses: {
          200: '`{ revision, yaml, sha256, comment, author, createdAt, diff: [{ kind, text }] | null, diffTooLarge }`',
          403: 'A CI token.',
          404: 'No such revision.',
        },
      }),
    },
    async (request) => {
      requireUser(request.principal);
      const { revision } = parseInput(revisionParams, request.params, 'params');
      if (!/^[1-9]\d{0,9}$/.test(revision)) throw notFound('revision');
      return revisionDetail(database, Number(revision));
    },
  );

  app.get(
    POLICY_URL,
    {
      config: docs({
        summary: 'The paved-road policy file',
        description:
          "The policy in force as YAML, at a stable URL: what `pavedRoad: https://HUB/api/v1/paved-road.yml` in a project's `rampart.yml` fetches (with `RAMPART_PAVED_ROAD_TOKEN` as bearer token). The ETag is the quoted SHA-256 of the text; `If-None-Match` (or, without it, `If-Modified-Since`) answers 304 when unchanged; `cache-control: no-cache` makes caches revalidate. Any signed-in user or personal token, and the CI token of any project.",
        tags: ['paved-road'],
        access: 'ci-token',
        responses: {
          200: '`application/yaml`: the policy text.',
          304: 'Not modified since the ETag or date given.',
          404: 'NO_POLICY: the catalog is empty.',
        },
      }),
    },
    async (request, reply) => {
      if (request.principal === undefined) requireUser(undefined);
      const current = await currentRevision(database);
      if (current === undefined) {
        throw new ApiError(404, 'NO_POLICY', 'the paved-road catalog is empty: no policy yet');
      }
      const etag = `"${current.sha256}"`;
      const lastModified = new Date(current.createdAt).toUTCString();
      reply
        .header('etag', etag)
        .header('last-modified', lastModified)
        .header('cache-control', 'no-cache');
      const ifNoneMatch = request.headers['if-none-match'];
      const ifModifiedSince = request.headers['if-modified-since'];
      let notModified = false;
      if (typeof ifNoneMatch === 'string') {
        notModified = etagMatches(ifNoneMatch, etag);
      } else if (typeof ifModifiedSince === 'string') {
        const since = Date.parse(ifModifiedSince);
        // HTTP dates have whole seconds.
        notModified = !Number.isNaN(since) && Math.floor(current.createdAt / 1000) * 1000 <= since;
      }
      if (notModified) return reply.status(304).send();
      return reply.type('application/yaml; charset=utf-8').send(current.yaml);
    },
  );

  app.get(
    '/api/v1/paved-road/templates',
    {
      config: docs({
        summary: 'The pipeline templates',
        description:
          'Every template by name, each as its latest version (the highest non-deprecated one; when every version is deprecated, the highest, with `deprecated: true`): CI system, description, file paths and the checks it provides. Every signed-in user may read them.',
        tags: ['paved-road'],
        access: 'user',
        responses: {
          200: '`{ templates: [{ name, version, ci, description, paths, provides, createdAt, deprecated }] }`',
          403: 'A CI token.',
        },
      }),
    },
    async (request) => {
      requireUser(request.principal);
      return { templates: await listTemplates(database) };
    },
  );

  app.get(
    '/api/v1/paved-road/templates/:name',
    {
      config: docs({
        summary: 'One pipeline template, with its files',
        description:
          'A template version with its files (what `rampart init --template NAME --server URL` writes): the one given by `?version=`, else the highest non-deprecated version. File contents may hold the placeholders `{{server}}`, `{{policyUrl}}`, `{{project}}` and `{{defaultBranch}}`, which the CLI fills in. Every signed-in user may read it.',
        tags: ['paved-road'],
        access: 'user',
        params: nameParams,
        query: templateQuery,
        responses: {
          200: '`{ name, version, ci, description, files: [{ path, content }], provides, createdAt, deprecated, author }`',
          400: 'VALIDATION: a bad version.',
          403: 'A CI token.',
          404: 'No such template or version (or every version is deprecated and none was asked for).',
        },
      }),
    },
    async (request) => {
      requireUser(request.principal);
      const { name } = parseInput(nameParams, request.params, 'params');
      const query = parseInput(templateQuery, request.query, 'query');
      return getTemplate(database, name, query.version);
    },
  );

  app.get(
    '/api/v1/paved-road/templates/:name/versions',
    {
      config: docs({
        summary: "A pipeline template's versions",
        description:
          'Every version of a template, highest first, without the file contents. Every signed-in user may read them.',
        tags: ['paved-road'],
        access: 'user',
        params: nameParams,
        responses: {
          200: '`{ name, versions: [{ version, ci, description, paths, provides, createdAt, deprecated, author }] }`',
          403: 'A CI token.',
          404: 'No such template.',
        },
      }),
    },
    async (request) => {
      requireUser(request.principal);
      const { name } = parseInput(nameParams, request.params, 'params');
      return { name, versions: await templateVersions(database, name) };
    },
  );

  app.post(
    '/api/v1/paved-road/templates/:name/versions',
    {
      bodyLimit: 4 * MAX_TEMPLATE_TOTAL_BYTES,
      config: docs({
        summary: 'Publish a pipeline template version',
        description: `Publishes a new version of a template (a new name creates the template). The name is a slug, the version semver \`x.y.z\`; versions never change once published. Files: at most ${MAX_TEMPLATE_FILES}, each at most ${MAX_TEMPLATE_FILE_BYTES / 1024} KiB and ${MAX_TEMPLATE_TOTAL_BYTES / 1024 / 1024} MiB in all, paths relative to the repository root (\`/\`-separated, no leading \`/\`, no \`..\` or \`.\` or empty segment, no backslash or colon, nothing inside \`.git/\`) and unique. The checks the template provides are computed from its files. Security and admin only. Audit-logged.`,
        tags: ['paved-road'],
        access: 'security',
        params: nameParams,
        body: templateBody,
        responses: {
          201: 'The version, as `GET /api/v1/paved-road/templates/:name?version=` shows it.',
          400: 'INVALID_TEMPLATE (a bad path, a duplicate, too large) or VALIDATION.',
          403: 'FORBIDDEN: not security or admin.',
          409: 'VERSION_EXISTS: the template already has this version.',
        },
      }),
    },
    async (request, reply) => {
      const principal = requireUser(request.principal);
      ensure(isSecurity(principal), 'publish a pipeline template');
      const { name } = parseInput(nameParams, request.params, 'params');
      if (!TEMPLATE_NAME.test(name)) {
        throw new ApiError(
          400,
          'VALIDATION',
          'params.name: a slug: lower-case letters, digits and dashes, at most 63 characters',
        );
      }
      const body = parseInput(templateBody, request.body, 'body');
      const created = await createTemplateVersion(database, {
        name,
        version: body.version,
        ci: body.ci,
        description: body.description,
        files: body.files,
        actorId: principal.userId,
        now: now(),
      });
      return reply.status(201).send(created);
    },
  );

  app.put(
    '/api/v1/paved-road/templates/:name/deprecated',
    {
      config: docs({
        summary: 'Deprecate a pipeline template',
        description:
          'Marks every version of a template (or only `version`) deprecated, or not: a deprecated version is no longer the default of `rampart init --template` nor offered as a fix, but stays readable by its version. Security and admin only. Audit-logged.',
        tags: ['paved-road'],
        access: 'security',
        params: nameParams,
        body: deprecatedBody,
        responses: {
          200: '`{ name, versions: [...] }` as `GET …/versions`.',
          403: 'FORBIDDEN: not security or admin.',
          404: 'No such template or version.',
        },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      ensure(isSecurity(principal), 'deprecate a pipeline template');
      const { name } = parseInput(nameParams, request.params, 'params');
      const body = parseInput(deprecatedBody, request.body, 'body');
      await setTemplateDeprecated(database, {
        name,
        version: body.version,
        deprecated: body.deprecated,
        actorId: principal.userId,
        now: now(),
      });
      return { name, versions: await templateVersions(database, name) };
    },
  );
}
