import {
  evaluateThreats,
  renderThreatModelSvg,
  THREAT_RULES,
  ThreatDecisionSchema,
  type ThreatModel,
} from '@rampart/threat-model';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ApiError } from '../api-error.js';
import { canReadTeam, canTriage, canUpload, requireUser } from '../auth/authorize.js';
import { notFound, parseInput } from '../auth/input.js';
import type { Principal, UserPrincipal } from '../auth/principal.js';
import type { HubDatabase } from '../db/database.js';
import { acceptRawBody } from '../ingest/read-upload.js';
import { docs } from '../openapi/route-docs.js';
import type { ThreatModelOrigin } from '../threat-models/tables.js';
import {
  decideThreat,
  latestThreatModel,
  listThreatModelRevisions,
  MAX_THREAT_MODEL_SOURCE_BYTES,
  saveThreatModel,
  storedModel,
  type ThreatModelAuthor,
  type ThreatModelWrite,
  threatModelTooLarge,
  threatModelView,
} from '../threat-models/threat-model-store.js';

/** What the threat-model routes need. */
export interface ThreatModelRoutesOptions {
  readonly database: HubDatabase;
  /** The largest `threatmodel.yml` accepted, in bytes. Default 1 MiB. */
  readonly maxThreatModelBytes?: number;
  /** The clock (epoch ms); tests inject one. */
  readonly now?: () => number;
}

const params = z.strictObject({ id: z.string().min(1).max(100) });
const threatParams = z.strictObject({
  id: z.string().min(1).max(100),
  // `<rule id>@<element or flow id>`: ids are at most 64 characters, rule ids about 8.
  threatId: z.string().min(1).max(100),
});
const jsonBody = z.strictObject({ yaml: z.string() });
const listQuery = z.strictObject({
  limit: z
    .string()
    .regex(/^\d{1,4}$/, 'a number from 1 to 500')
    .transform(Number)
    .pipe(z.number().int().min(1).max(500))
    .optional(),
});

const YAML_TYPES = /^(?:application\/(?:x-)?yaml|text\/(?:x-)?yaml|text\/plain)$/;
const JSON_TYPE = /^application\/json$/;

/** The media type of a request, without parameters, lower case. */
function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** The YAML text of an upload body: raw YAML, or the dashboard's `{ "yaml": "…" }`. */
function uploadedText(contentType: string | undefined, body: Buffer, limit: number): string {
  const type = mediaType(contentType);
  let text: string;
  if (JSON_TYPE.test(type)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw new ApiError(400, 'VALIDATION', 'body: not valid JSON');
    }
    text = parseInput(jsonBody, parsed, 'body').yaml;
  } else if (YAML_TYPES.test(type)) {
    if (body.includes(0)) throw new ApiError(400, 'VALIDATION', 'body: binary, not YAML text');
    text = body.toString('utf8');
  } else {
    throw new ApiError(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      'send threatmodel.yml as application/yaml (or text/yaml, text/plain), or JSON { "yaml": "…" }',
    );
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (Buffer.byteLength(text, 'utf8') > limit) throw threatModelTooLarge(limit);
  if (text.trim() === '') throw new ApiError(400, 'VALIDATION', 'body: the threat model is empty');
  return text;
}

/** Where a write comes from: CI, the dashboard (a session) or a script (a personal token). */
function originOf(principal: Principal): ThreatModelOrigin {
  if (principal.kind === 'ci') return 'ci';
  return principal.via === 'session' ? 'ui' : 'api';
}

function authorOf(principal: Principal): ThreatModelAuthor {
  return principal.kind === 'ci'
    ? { kind: 'ci', tokenId: principal.tokenId }
    : { kind: 'user', userId: principal.userId };
}

/** Accepted decisions of `next` that `previous` did not have with the same reason. */
function newAcceptances(previous: ThreatModel | undefined, next: ThreatModel): string[] {
  return Object.entries(next.threats)
    .filter(([key, decision]) => {
      if (decision.status !== 'accepted') return false;
      const before =
        previous && Object.hasOwn(previous.threats, key) ? previous.threats[key] : undefined;
      return !(before?.status === 'accepted' && before.reason === decision.reason);
    })
    .map(([key]) => key);
}

/**
 * Registers a project's threat model (`threatmodel.yml`, one stored revision per change):
 * - `PUT /api/v1/projects/:id/threat-model`: the document as the body (application/yaml,
 *   text/yaml or text/plain), or JSON `{ yaml }` from the dashboard. A CI token of the
 *   project, or a user who may write the project (its team's members, security, admin).
 *   201 with the new revision evaluated; 200 `unchanged: true` when it is the latest
 *   revision byte for byte. 400 VALIDATION naming `threatmodel.yml:line:column`, 413
 *   THREAT_MODEL_TOO_LARGE. A user who may not accept risks (a developer) may not add or
 *   change an `accepted` decision this way either (403); CI uploads are trusted to carry
 *   decisions reviewed in the repository.
 * - `GET /api/v1/projects/:id/threat-model`: the latest revision, its model, the threats
 *   the hub's library gives with their decisions, and their summary (404 without one).
 * - `GET /api/v1/projects/:id/threat-model/revisions`: the history, newest first.
 * - `PUT /api/v1/projects/:id/threat-model/threats/:threatId`: a decision (`mitigated` +
 *   evidence, `accepted` + reason, `open` + note?) written into a new revision of the
 *   document, comments kept. Accepting needs the team's champion, security or admin, as
 *   accepting a finding's risk does.
 * Readers are the project's team, security, admin and auditors; a CI token only uploads.
 */
export function registerThreatModelRoutes(
  app: FastifyInstance,
  options: ThreatModelRoutesOptions,
): void {
  const limit = options.maxThreatModelBytes ?? MAX_THREAT_MODEL_SOURCE_BYTES;
  const now = options.now ?? Date.now;
  const db = options.database.db;

  /**
   * The project, if the principal may read it (users) or write it. A CI token may only
   * write its own project's model (403 otherwise, without looking the project up); a user
   * who may not read the project gets 404, one who may read but not write 403.
   */
  async function projectFor(
    principal: Principal | undefined,
    projectId: string,
    need: 'read' | 'write',
  ): Promise<{ readonly id: string; readonly teamId: string }> {
    if (!principal) throw new ApiError(401, 'UNAUTHENTICATED', 'sign in or send an API token');
    if (principal.kind === 'ci' && (need === 'read' || principal.projectId !== projectId))
      throw new ApiError(
        403,
        'FORBIDDEN',
        "a CI token may only upload its own project's threat model",
      );
    const row = await db
      .selectFrom('projects')
      .select(['id', 'team_id'])
      .where('id', '=', projectId)
      .executeTakeFirst();
    const project = row && { id: row.id, teamId: row.team_id };
    if (!project || !(principal.kind === 'ci' || canReadTeam(principal, project.teamId)))
      throw notFound('project');
    if (need === 'write' && !canUpload(principal, project))
      throw new ApiError(403, 'FORBIDDEN', "not allowed: change this project's threat model");
    return project;
  }

  const respond = (write: ThreatModelWrite) => ({
    ...threatModelView(write.row),
    unchanged: write.unchanged,
    ...(write.merge === undefined ? {} : { merge: write.merge }),
  });

  app.register(async (scoped) => {
    // The body is read as bytes (YAML or JSON), bounded; JSON escapes may double the size.
    const wireLimit = 2 * limit + 1024;
    acceptRawBody(
      scoped,
      wireLimit,
      () => threatModelTooLarge(limit),
      (error) =>
        error instanceof ApiError && error.code === 'REPORT_TOO_LARGE'
          ? threatModelTooLarge(limit)
          : new ApiError(400, 'VALIDATION', `body: ${error.message}`),
    );

    scoped.put(
      '/api/v1/projects/:id/threat-model',
      {
        bodyLimit: wireLimit,
        config: docs({
          summary: "Upload a project's threat model",
          description:
            "Stores a `threatmodel.yml` as the next revision of the project's threat model and answers it evaluated against the threat library. An upload identical to the latest revision stores nothing. **A CI token's upload keeps the decisions made in the hub since CI's previous upload**: the same file again stores nothing; a changed file is stored with the hub's decisions about threats it did not itself change written into it (`merge: { carried, conflicts, dropped }`: where both changed a decision, the repository's stands). A user without the right to accept risks may not add or change an `accepted` decision.",
          tags: ['threat-models'],
          access: 'team-writer',
          params,
          body: {
            raw: 'application/yaml, text/yaml, text/plain, application/json',
            description:
              'The threatmodel.yml itself, or JSON `{ "yaml": "…" }` (the dashboard). At most 1 MiB.',
          },
          responses: {
            201: 'Stored: the new revision, as `GET` answers it, with `unchanged: false` (and `merge` for a CI upload merged with decisions made in the hub).',
            200: 'The latest revision is this document already: `unchanged: true`.',
            400: 'VALIDATION: the document does not parse or check (`threatmodel.yml:line:column: …`).',
            403: 'Not allowed to change this project (or to accept risks).',
            404: 'No such project (or not visible).',
            413: 'THREAT_MODEL_TOO_LARGE.',
            415: 'UNSUPPORTED_MEDIA_TYPE.',
          },
        }),
        // Who may upload is settled before a byte of the body is read.
        preParsing: async (request) => {
          const { id } = parseInput(params, request.params, 'params');
          await projectFor(request.principal, id, 'write');
        },
      },
      async (request, reply) => {
        const { id } = parseInput(params, request.params, 'params');
        const principal = request.principal as Principal;
        const project = await projectFor(principal, id, 'write');
        const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const source = uploadedText(request.headers['content-type'], body, limit);
        const mayAccept =
          principal.kind === 'ci' || canTriage(principal, project.teamId, 'accept_risk');
        const write = await saveThreatModel(options.database, {
          projectId: id,
          source,
          origin: originOf(principal),
          author: authorOf(principal),
          now: now(),
          ...(mayAccept
            ? {}
            : {
                authorize: (previous: ThreatModel | undefined, next: ThreatModel) => {
                  const accepted = newAcceptances(previous, next);
                  if (accepted.length > 0)
                    throw new ApiError(
                      403,
                      'FORBIDDEN',
                      `not allowed: accepting a risk needs the team's champion or the security team (${accepted.join(', ')})`,
                    );
                },
              }),
        });
        return reply.status(write.unchanged ? 200 : 201).send(respond(write));
      },
    );
  });

  app.get(
    '/api/v1/projects/:id/threat-model',
    {
      config: docs({
        summary: "Read a project's threat model",
        description:
          'The latest revision: the document, the model, every threat the threat library gives (worst first) with its decision, a summary, and decisions that match no threat any more.',
        tags: ['threat-models'],
        access: 'team-reader',
        params,
        responses: {
          200: '`{ revision, name, createdAt, origin, createdBy, yaml, model, threats, summary, unmatchedDecisions }`.',
          403: 'A CI token (it may only upload).',
          404: 'No such project (or not visible), or the project has no threat model.',
          409: 'THREAT_MODEL_INVALID: the stored model no longer passes the checks.',
        },
      }),
    },
    async (request) => {
      const { id } = parseInput(params, request.params, 'params');
      await projectFor(request.principal, id, 'read');
      const row = await latestThreatModel(options.database, id);
      if (row === undefined) throw notFound('threat model');
      return threatModelView(row);
    },
  );

  // Diagrams of recent revisions: the layout takes a second, and a revision never changes.
  const diagrams = new Map<string, Promise<string>>();
  const DIAGRAM_CACHE = 64;

  app.get(
    '/api/v1/projects/:id/threat-model/diagram.svg',
    {
      config: docs({
        summary: "Draw a project's threat model",
        description:
          "The latest revision's data-flow diagram as SVG: elements by type, flows with their protocol and data (unencrypted ones dashed), trust boundaries as boxes, and a badge with the count of open threats on each element. Every text of the model is escaped; the SVG has no script and no external reference.",
        tags: ['threat-models'],
        access: 'team-reader',
        params,
        responses: {
          200: '`image/svg+xml`.',
          403: 'A CI token (it may only upload).',
          404: 'No such project (or not visible), or the project has no threat model.',
          409: 'THREAT_MODEL_INVALID: the stored model no longer passes the checks.',
        },
      }),
    },
    async (request, reply) => {
      const { id } = parseInput(params, request.params, 'params');
      await projectFor(request.principal, id, 'read');
      const row = await latestThreatModel(options.database, id);
      if (row === undefined) throw notFound('threat model');
      const key = `${id}\0${row.revision}`;
      let svg = diagrams.get(key);
      if (svg === undefined) {
        const model = storedModel(row);
        svg = renderThreatModelSvg(model, evaluateThreats(model, THREAT_RULES));
        diagrams.set(key, svg);
        svg.catch(() => diagrams.delete(key));
        // Oldest out first: a Map iterates in insertion order.
        while (diagrams.size > DIAGRAM_CACHE)
          diagrams.delete(diagrams.keys().next().value as string);
      }
      return (
        reply
          .type('image/svg+xml; charset=utf-8')
          // Opened on its own, the SVG may style itself and nothing else.
          .header(
            'content-security-policy',
            "default-src 'none'; style-src 'unsafe-inline'; sandbox",
          )
          .header('cache-control', 'private, no-cache')
          .send(await svg)
      );
    },
  );

  app.get(
    '/api/v1/projects/:id/threat-model/revisions',
    {
      config: docs({
        summary: "List a project's threat-model revisions",
        description:
          'Newest first: revision, name, when, origin (ci, ui, api), who, and the threats by decision and open ones by severity as evaluated when the revision was written.',
        tags: ['threat-models'],
        access: 'team-reader',
        params,
        query: listQuery,
        responses: {
          200: '`{ revisions: [...] }` (empty without a model).',
          403: 'A CI token (it may only upload).',
          404: 'No such project (or not visible).',
        },
      }),
    },
    async (request) => {
      const { id } = parseInput(params, request.params, 'params');
      const query = parseInput(listQuery, request.query, 'query');
      await projectFor(request.principal, id, 'read');
      return {
        revisions: await listThreatModelRevisions(options.database, id, query.limit ?? 100),
      };
    },
  );

  app.put(
    '/api/v1/projects/:id/threat-model/threats/:threatId',
    {
      config: docs({
        summary: 'Decide about a threat',
        description:
          "Marks a threat of the project's current model mitigated (with evidence), accepted (with a reason: the team's champion, security or admin only) or open (with an optional note). The decision is written into `threats:` of a new revision of the document; comments and layout are kept.",
        tags: ['threat-models'],
        access: 'team-writer',
        params: threatParams,
        body: ThreatDecisionSchema,
        responses: {
          200: 'The latest revision, as `GET` answers it; `unchanged: true` when the decision was already this.',
          400: 'VALIDATION.',
          403: 'Not allowed to change this project, or to accept a risk.',
          404: 'No such project (or not visible), no threat model, or no such threat in it.',
          409: 'THREAT_MODEL_INVALID: the stored model no longer passes the checks.',
          413: 'THREAT_MODEL_TOO_LARGE: the document would pass the limit.',
        },
      }),
    },
    async (request) => {
      const { id, threatId } = parseInput(threatParams, request.params, 'params');
      const user: UserPrincipal = requireUser(request.principal);
      const project = await projectFor(user, id, 'write');
      const decision = parseInput(ThreatDecisionSchema, request.body, 'body');
      if (decision.status === 'accepted' && !canTriage(user, project.teamId, 'accept_risk'))
        throw new ApiError(
          403,
          'FORBIDDEN',
          "not allowed: accepting a risk needs the team's champion or the security team",
        );
      const write = await decideThreat(options.database, {
        projectId: id,
        threatId,
        decision,
        origin: originOf(user),
        author: authorOf(user),
        now: now(),
        maxBytes: limit,
      });
      return respond(write);
    },
  );
}
