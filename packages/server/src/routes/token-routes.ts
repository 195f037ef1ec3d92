import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Selectable } from 'kysely';
import { z } from 'zod';
import { ApiError } from '../app.js';
import { recordAudit } from '../auth/audit.js';
import { canManageTeam, canReadTeam, ensure, isOrgReader, requireUser } from '../auth/authorize.js';
import { newApiToken, sha256Hex } from '../auth/credentials.js';
import { notFound, parseInput } from '../auth/input.js';
import type { UserPrincipal } from '../auth/principal.js';
import type { HubDatabase } from '../db/database.js';
import type { TokenTable } from '../db/schema.js';
import { docs } from '../openapi/route-docs.js';

/** What the token routes need. */
export interface TokenRoutesOptions {
  readonly database: HubDatabase;
  /** The clock (epoch ms); tests inject one. */
  readonly now?: () => number;
}

const DAY_MS = 24 * 60 * 60_000;

const createBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  /** Days until the token stops working; null or absent: it works until revoked. */
  expiresInDays: z.number().int().min(1).max(3650).nullable().optional(),
});
const tokenParams = z.object({ tokenId: z.string().min(1).max(100) });
const projectParams = z.object({ projectId: z.string().min(1).max(100) });
const projectTokenParams = projectParams.extend({ tokenId: z.string().min(1).max(100) });

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function describeToken(row: Selectable<TokenTable>) {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    ...(row.kind === 'ci' ? { projectId: row.project_id } : {}),
    createdAt: iso(row.created_at),
    lastUsedAt: iso(row.last_used_at),
    expiresAt: iso(row.expires_at),
    revokedAt: iso(row.revoked_at),
  };
}

/**
 * Registers API tokens. A token is shown once, in the answer that creates it, and stored
 * only as its SHA-256; revoking one is immediate.
 * - `POST/GET /api/v1/me/tokens`, `DELETE /api/v1/me/tokens/:tokenId`: the caller's personal
 *   tokens (`rmp_pat_…`), which act as the user. Creating one needs a browser session (403
 *   SESSION_REQUIRED with a token), so a leaked token cannot mint others that outlive it.
 * - `POST/GET /api/v1/projects/:projectId/tokens`, `DELETE …/tokens/:tokenId`: a project's CI
 *   tokens (`rmp_ci_…`), which may only upload scans to that project. admin, security and
 *   the team's champion manage them; auditors list them; a project the caller may not read
 *   is 404.
 */
export function registerTokenRoutes(app: FastifyInstance, options: TokenRoutesOptions): void {
  const now = options.now ?? Date.now;
  const { db } = options.database;

  async function create(
    principal: UserPrincipal,
    kind: 'personal' | 'ci',
    owner: { userId: string | null; projectId: string | null },
    body: z.infer<typeof createBody>,
  ) {
    const at = now();
    const token = newApiToken(kind);
    const row: Selectable<TokenTable> = {
      id: randomUUID(),
      kind,
      user_id: owner.userId,
      project_id: owner.projectId,
      name: body.name,
      token_hash: sha256Hex(token),
      created_at: at,
      last_used_at: null,
      expires_at: body.expiresInDays ? at + body.expiresInDays * DAY_MS : null,
      revoked_at: null,
    };
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('tokens').values(row).execute();
      await recordAudit(trx, at, {
        actorId: principal.userId,
        action: 'token.create',
        targetType: 'token',
        targetId: row.id,
        data: { kind, name: row.name, projectId: owner.projectId, expiresAt: row.expires_at },
      });
    });
    return { ...describeToken(row), token };
  }

  async function revoke(principal: UserPrincipal, row: Selectable<TokenTable>): Promise<void> {
    if (row.revoked_at !== null) return;
    const at = now();
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('tokens')
        .set({ revoked_at: at })
        .where('id', '=', row.id)
        .where('revoked_at', 'is', null)
        .execute();
      await recordAudit(trx, at, {
        actorId: principal.userId,
        action: 'token.revoke',
        targetType: 'token',
        targetId: row.id,
        data: { kind: row.kind, name: row.name, projectId: row.project_id },
      });
    });
  }

  /** The project, when the principal may read it; else 404 (no existence leak). */
  async function readableProject(principal: UserPrincipal, projectId: string) {
    const project = await db
      .selectFrom('projects')
      .select(['id', 'team_id'])
      .where('id', '=', projectId)
      .executeTakeFirst();
    if (project === undefined || !canReadTeam(principal, project.team_id)) {
      throw notFound('project');
    }
    return project;
  }

  app.post(
    '/api/v1/me/tokens',
    {
      config: docs({
        summary: 'Create a personal token',
        description:
          'Creates a personal API token (`rmp_pat_…`) that acts as the caller. The token is in this answer only; the hub keeps its SHA-256. Needs a browser session, so a leaked token cannot mint others.',
        tags: ['tokens'],
        access: 'user',
        body: createBody,
        responses: {
          201: 'The token description and `token` (shown once)',
          403: 'SESSION_REQUIRED with a token; FORBIDDEN for a CI token',
        },
      }),
    },
    async (request, reply) => {
      const principal = requireUser(request.principal);
      if (principal.via !== 'session') {
        throw new ApiError(403, 'SESSION_REQUIRED', 'sign in to create a personal token');
      }
      const body = parseInput(createBody, request.body, 'body');
      const created = await create(
        principal,
        'personal',
        { userId: principal.userId, projectId: null },
        body,
      );
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/api/v1/me/tokens',
    {
      config: docs({
        summary: 'List my personal tokens',
        description: "The caller's personal tokens (never the tokens themselves), newest first.",
        tags: ['tokens'],
        access: 'user',
        responses: { 200: '`{ tokens }`' },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      const rows = await db
        .selectFrom('tokens')
        .selectAll()
        .where('kind', '=', 'personal')
        .where('user_id', '=', principal.userId)
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .execute();
      return { tokens: rows.map(describeToken) };
    },
  );

  app.delete(
    '/api/v1/me/tokens/:tokenId',
    {
      config: docs({
        summary: 'Revoke a personal token',
        description: "Revokes one of the caller's personal tokens, at once.",
        tags: ['tokens'],
        access: 'user',
        params: tokenParams,
        responses: { 204: 'Revoked (or already revoked)', 404: 'No such token of the caller' },
      }),
    },
    async (request, reply) => {
      const principal = requireUser(request.principal);
      const { tokenId } = parseInput(tokenParams, request.params, 'params');
      const row = await db
        .selectFrom('tokens')
        .selectAll()
        .where('id', '=', tokenId)
        .where('kind', '=', 'personal')
        .where('user_id', '=', principal.userId)
        .executeTakeFirst();
      if (row === undefined) throw notFound('token');
      await revoke(principal, row);
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/v1/projects/:projectId/tokens',
    {
      config: docs({
        summary: 'Create a CI token',
        description:
          "Creates a CI token (`rmp_ci_…`) of the project: it may only upload scans to this project and read its triage decisions. Shown once. Admin, security and the team's champion.",
        tags: ['tokens'],
        access: 'team-writer',
        params: projectParams,
        body: createBody,
        responses: {
          201: 'The token description and `token` (shown once)',
          403: 'FORBIDDEN',
          404: 'No such project, or not readable by the caller',
        },
      }),
    },
    async (request, reply) => {
      const principal = requireUser(request.principal);
      const { projectId } = parseInput(projectParams, request.params, 'params');
      const project = await readableProject(principal, projectId);
      ensure(canManageTeam(principal, project.team_id), "manage this project's CI tokens");
      const body = parseInput(createBody, request.body, 'body');
      const created = await create(principal, 'ci', { userId: null, projectId: project.id }, body);
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/api/v1/projects/:projectId/tokens',
    {
      config: docs({
        summary: "List a project's CI tokens",
        description:
          "The project's CI tokens (never the tokens themselves). Admin, security, auditors and the team's champion.",
        tags: ['tokens'],
        access: 'team-writer',
        params: projectParams,
        responses: {
          200: '`{ tokens }`',
          403: 'FORBIDDEN',
          404: 'No such project, or not readable by the caller',
        },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      const { projectId } = parseInput(projectParams, request.params, 'params');
      const project = await readableProject(principal, projectId);
      ensure(
        canManageTeam(principal, project.team_id) || isOrgReader(principal),
        "list this project's CI tokens",
      );
      const rows = await db
        .selectFrom('tokens')
        .selectAll()
        .where('kind', '=', 'ci')
        .where('project_id', '=', project.id)
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .execute();
      return { tokens: rows.map(describeToken) };
    },
  );

  app.delete(
    '/api/v1/projects/:projectId/tokens/:tokenId',
    {
      config: docs({
        summary: 'Revoke a CI token',
        description:
          "Revokes a CI token of the project, at once. Admin, security and the team's champion.",
        tags: ['tokens'],
        access: 'team-writer',
        params: projectTokenParams,
        responses: {
          204: 'Revoked (or already revoked)',
          403: 'FORBIDDEN',
          404: 'No such project or token',
        },
      }),
    },
    async (request, reply) => {
      const principal = requireUser(request.principal);
      const { projectId, tokenId } = parseInput(projectTokenParams, request.params, 'params');
      const project = await readableProject(principal, projectId);
      ensure(canManageTeam(principal, project.team_id), "manage this project's CI tokens");
      const row = await db
        .selectFrom('tokens')
        .selectAll()
        .where('id', '=', tokenId)
        .where('kind', '=', 'ci')
        .where('project_id', '=', project.id)
        .executeTakeFirst();
      if (row === undefined) throw notFound('token');
      await revoke(principal, row);
      return reply.status(204).send();
    },
  );
}
