import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Selectable, Transaction } from 'kysely';
import { z } from 'zod';
import { ApiError } from '../app.js';
import { recordAudit } from '../auth/audit.js';
import {
  canManageTeam,
  canReadTeam,
  ensure,
  isAdmin,
  isOrgReader,
  isSecurity,
  requireUser,
} from '../auth/authorize.js';
import { USERNAME_PATTERN } from '../auth/bootstrap.js';
import { isUniqueViolation, notFound, parseInput } from '../auth/input.js';
import { hashPassword } from '../auth/passwords.js';
import type { UserPrincipal } from '../auth/principal.js';
import type { HubDatabase } from '../db/database.js';
import type { Database, ProjectTable, SlaPolicyTable, TeamTable, UserTable } from '../db/schema.js';
import { syncProjectTeam } from '../lifecycle/intervals.js';
import { lifecycleDb } from '../lifecycle/tables.js';
import { docs } from '../openapi/route-docs.js';
import { newPasswordSchema } from './auth-routes.js';
import { projectSummaries } from './project-summary.js';

/** What the organisation routes need. */
export interface OrgRoutesOptions {
  readonly database: HubDatabase;
  /** The clock (epoch ms); tests inject one. */
  readonly now?: () => number;
}

const id = z.string().min(1).max(100);
const slug = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{0,62}$/,
    'use 1 to 63 of a-z, 0-9 and "-", starting with a letter or digit',
  );
const displayName = z.string().trim().min(1).max(200);
const globalRole = z.enum(['admin', 'security', 'auditor']).nullable();
const SEVERITY_ORDER: readonly string[] = ['critical', 'high', 'medium', 'low'];
const severity = z.enum(['critical', 'high', 'medium', 'low']);

const teamBody = z.strictObject({ slug, name: displayName });
const teamPatch = z.strictObject({ slug: slug.optional(), name: displayName.optional() });
const memberBody = z.strictObject({ role: z.enum(['champion', 'developer']) });
const userBody = z.strictObject({
  username: z
    .string()
    .trim()
    .toLowerCase()
    .regex(USERNAME_PATTERN, 'use 1 to 64 of a-z, 0-9, ".", "_" and "-"'),
  displayName: displayName.optional(),
  globalRole: globalRole.optional(),
  /** A first password to hand over; absent: a random one is returned once. */
  password: newPasswordSchema.optional(),
});
const userPatch = z.strictObject({
  displayName: displayName.optional(),
  globalRole: globalRole.optional(),
  disabled: z.boolean().optional(),
  /** Resets the password (to change at the next sign-in) and lifts a lockout. */
  password: newPasswordSchema.optional(),
  /** true: lifts a lockout now. */
  unlock: z.literal(true).optional(),
});
const projectBody = z.strictObject({
  name: displayName,
  teamId: id,
  repository: z.string().trim().min(1).max(500).nullable().optional(),
  defaultBranch: z.string().trim().min(1).max(255).optional(),
});
const projectPatch = z.strictObject({
  name: displayName.optional(),
  teamId: id.optional(),
  repository: z.string().trim().min(1).max(500).nullable().optional(),
  defaultBranch: z.string().trim().min(1).max(255).optional(),
});
const slaBody = z.strictObject({
  teamId: id.nullable(),
  severity,
  days: z.number().int().min(1).max(3650),
});
const slaPatch = z.strictObject({ days: z.number().int().min(1).max(3650) });
const teamFilter = z.strictObject({ teamId: id.optional() });
const projectListQuery = z.strictObject({
  teamId: id.optional(),
  /** `summary`: each project's open findings by severity and its last scan. */
  include: z.literal('summary').optional(),
});
const teamParams = z.object({ teamId: id });
const memberParams = z.object({ teamId: id, userId: id });
const userParams = z.object({ userId: id });
const projectParams = z.object({ projectId: id });
const policyParams = z.object({ policyId: id });

const iso = (ms: number) => new Date(ms).toISOString();

const describeTeam = (t: Selectable<TeamTable>) => ({
  id: t.id,
  slug: t.slug,
  name: t.name,
  createdAt: iso(t.created_at),
});

const describeProject = (p: Omit<Selectable<ProjectTable>, 'exposure'>) => ({
  id: p.id,
  name: p.name,
  repository: p.repository,
  defaultBranch: p.default_branch,
  teamId: p.team_id,
  createdAt: iso(p.created_at),
});

const describeSla = (s: Selectable<SlaPolicyTable>) => ({
  id: s.id,
  teamId: s.team_id,
  severity: s.severity,
  days: s.days,
  createdAt: iso(s.created_at),
});

function describeUserRow(u: Selectable<UserTable>, at: number) {
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    globalRole: u.global_role,
    disabled: u.disabled !== 0,
    locked: u.locked_until !== null && u.locked_until > at,
    mustChangePassword: u.must_change_password !== 0,
    createdAt: iso(u.created_at),
  };
}

/** 409 with a stable code when a unique constraint refuses the write. */
function conflictOnUnique(code: string, message: string) {
  return (error: unknown): never => {
    if (isUniqueViolation(error)) throw new ApiError(409, code, message);
    throw error;
  };
}

/**
 * Registers the organisation: teams and their members, users, projects and SLA policies.
 * Who may do what (authorize.ts): admin manages users, teams and memberships, and deletes
 * projects; admin, security and a team's champion create and change the team's projects;
 * security (and admin) manages SLA policies; auditors, admin and security read everything;
 * champions and developers read their own teams. Something the caller may not read is 404;
 * something they may read but not change is 403. Every change writes an audit-log entry in
 * the same transaction.
 */
export function registerOrgRoutes(app: FastifyInstance, options: OrgRoutesOptions): void {
  const now = options.now ?? Date.now;
  const { db } = options.database;

  /** Runs a change and its audit entry in one transaction. */
  function change<T>(
    principal: UserPrincipal,
    audit: {
      action: string;
      targetType: string;
      targetId: string | null;
      data?: Record<string, unknown>;
    },
    work: (trx: Transaction<Database>, at: number) => Promise<T>,
  ): Promise<T> {
    const at = now();
    return db.transaction().execute(async (trx) => {
      const result = await work(trx, at);
      await recordAudit(trx, at, { actorId: principal.userId, ...audit });
      return result;
    });
  }

  async function readableTeam(principal: UserPrincipal, teamId: string) {
    const team = await db
      .selectFrom('teams')
      .selectAll()
      .where('id', '=', teamId)
      .executeTakeFirst();
    if (team === undefined || !canReadTeam(principal, team.id)) throw notFound('team');
    return team;
  }

  async function readableProject(principal: UserPrincipal, projectId: string) {
    const project = await db
      .selectFrom('projects')
      .selectAll()
      .where('id', '=', projectId)
      .executeTakeFirst();
    if (project === undefined || !canReadTeam(principal, project.team_id))
      throw notFound('project');
    return project;
  }

  /** Team ids a non-reader sees; undefined for someone who reads everything. */
  const visibleTeams = (principal: UserPrincipal) =>
    isOrgReader(principal) ? undefined : [...principal.teams.keys()];

  /** Whether another enabled administrator than `userId` exists. */
  async function anotherAdmin(trx: Transaction<Database>, userId: string): Promise<boolean> {
    const row = await trx
      .selectFrom('users')
      .select('id')
      .where('global_role', '=', 'admin')
      .where('disabled', '=', 0)
      .where('id', '!=', userId)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  // ---- teams and memberships ----

  app.get(
    '/api/v1/teams',
    {
      config: docs({
        summary: 'List teams',
        description:
          'The teams the caller may read: every team for admin, security and auditors, else their own. Each team lists its `champions` (`id`, `username`, `displayName`).',
        tags: ['teams'],
        access: 'user',
        responses: { 200: '`{ teams }`' },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      const visible = visibleTeams(principal);
      if (visible?.length === 0) return { teams: [] };
      let query = db.selectFrom('teams').selectAll().orderBy('slug');
      if (visible !== undefined) query = query.where('id', 'in', visible);
      const teams = await query.execute();
      // Each team's champions, in one query: the dashboard's teams page names them.
      const champions =
        teams.length === 0
          ? []
          : await db
              .selectFrom('memberships')
              .innerJoin('users', 'users.id', 'memberships.user_id')
              .select(['memberships.team_id', 'users.id', 'users.username', 'users.display_name'])
              .where('memberships.role', '=', 'champion')
              .where(
                'memberships.team_id',
                'in',
                teams.map((t) => t.id),
              )
              .orderBy('users.username')
              .execute();
      return {
        teams: teams.map((team) => ({
          ...describeTeam(team),
          champions: champions
            .filter((c) => c.team_id === team.id)
            .map((c) => ({ id: c.id, username: c.username, displayName: c.display_name })),
        })),
      };
    },
  );

  app.get(
    '/api/v1/teams/:teamId',
    {
      config: docs({
        summary: 'A team and its members',
        tags: ['teams'],
        access: 'team-reader',
        params: teamParams,
        responses: {
          200: 'The team with `members`',
          404: 'No such team, or not readable by the caller',
        },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      const { teamId } = parseInput(teamParams, request.params, 'params');
      const team = await readableTeam(principal, teamId);
      const members = await db
        .selectFrom('memberships')
        .innerJoin('users', 'users.id', 'memberships.user_id')
        .select(['users.id', 'users.username', 'users.display_name', 'memberships.role'])
        .where('memberships.team_id', '=', team.id)
        .orderBy('users.username')
        .execute();
      return {
        ...describeTeam(team),
        members: members.map((m) => ({
          userId: m.id,
          username: m.username,
          displayName: m.display_name,
          role: m.role,
        })),
      };
    },
  );

  app.post(
    '/api/v1/teams',
    {
      config: docs({
        summary: 'Create a team',
        tags: ['teams'],
        access: 'admin',
        body: teamBody,
        responses: { 201: 'The team', 403: 'FORBIDDEN', 409: 'TEAM_EXISTS' },
      }),
    },
    async (request, reply) => {
      const principal = requireUser(request.principal);
      ensure(isAdmin(principal), 'create teams');
      const body = parseInput(teamBody, request.body, 'body');
      const team = { id: randomUUID(), slug: body.slug, name: body.name, created_at: now() };
      await change(
        principal,
        { action: 'team.create', targetType: 'team', targetId: team.id, data: { slug: team.slug } },
        (trx) => trx.insertInto('teams').values(team).execute(),
      ).catch(conflictOnUnique('TEAM_EXISTS', `a team with slug "${body.slug}" exists`));
      return reply.status(201).send(describeTeam(team));
    },
  );

  app.patch(
    '/api/v1/teams/:teamId',
    {
      config: docs({
        summary: 'Change a team',
        description: 'Renames a team or changes its slug.',
        tags: ['teams'],
        access: 'admin',
        params: teamParams,
        body: teamPatch,
        responses: { 200: 'The team', 403: 'FORBIDDEN', 404: 'No such team', 409: 'TEAM_EXISTS' },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      ensure(isAdmin(principal), 'change teams');
      const { teamId } = parseInput(teamParams, request.params, 'params');
      const body = parseInput(teamPatch, request.body, 'body');
      const updated = await change(
        principal,
        { action: 'team.update', targetType: 'team', targetId: teamId, data: body },
        async (trx) => {
          const team = await trx
            .selectFrom('teams')
            .selectAll()
            .where('id', '=', teamId)
            .executeTakeFirst();
          if (team === undefined) throw notFound('team');
          const next = { ...team, slug: body.slug ?? team.slug, name: body.name ?? team.name };
          await trx
            .updateTable('teams')
            .set({ slug: next.slug, name: next.name })
            .where('id', '=', teamId)
            .execute();
          return next;
        },
      ).catch(conflictOnUnique('TEAM_EXISTS', `a team with slug "${body.slug}" exists`));
      return describeTeam(updated);
    },
  );

  app.delete(
    '/api/v1/teams/:teamId',
    {
      config: docs({
        summary: 'Delete a team',
        description: 'Deletes a team without projects.',
        tags: ['teams'],
        access: 'admin',
        params: teamParams,
        responses: { 204: 'Deleted', 403: 'FORBIDDEN', 404: 'No such team', 409: 'TEAM_NOT_EMPTY' },
      }),
    },
    async (request, reply) => {
      const principal = requireUser(request.principal);
      ensure(isAdmin(principal), 'delete teams');
      const { teamId } = parseInput(teamParams, request.params, 'params');
      await change(
        principal,
        { action: 'team.delete', targetType: 'team', targetId: teamId },
        async (trx) => {
          const team = await trx
            .selectFrom('teams')
            .select('slug')
            .where('id', '=', teamId)
            .executeTakeFirst();
          if (team === undefined) throw notFound('team');
          const project = await trx
            .selectFrom('projects')
            .select('id')
            .where('team_id', '=', teamId)
            .limit(1)
            .executeTakeFirst();
          if (project !== undefined) {
            throw new ApiError(409, 'TEAM_NOT_EMPTY', "move or delete the team's projects first");
          }
          await trx.deleteFrom('teams').where('id', '=', teamId).execute();
        },
      );
      return reply.status(204).send();
    },
  );

  app.put(
    '/api/v1/teams/:teamId/members/:userId',
    {
      config: docs({
        summary: "Set a member's role",
        description: 'Adds a user to a team, or changes their role there (champion or developer).',
        tags: ['teams'],
        access: 'admin',
        params: memberParams,
        body: memberBody,
        responses: {
          200: '`{ teamId, userId, role }`',
          403: 'FORBIDDEN',
          404: 'No such team or user',
        },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      ensure(isAdmin(principal), 'change team members');
      const { teamId, userId } = parseInput(memberParams, request.params, 'params');
      const { role } = parseInput(memberBody, request.body, 'body');
      await change(
        principal,
        { action: 'membership.set', targetType: 'team', targetId: teamId, data: { userId, role } },
        async (trx, at) => {
          const team = await trx
            .selectFrom('teams')
            .select('id')
            .where('id', '=', teamId)
            .executeTakeFirst();
          if (team === undefined) throw notFound('team');
          const user = await trx
            .selectFrom('users')
            .select('id')
            .where('id', '=', userId)
            .executeTakeFirst();
          if (user === undefined) throw notFound('user');
          await trx
            .insertInto('memberships')
            .values({ team_id: teamId, user_id: userId, role, created_at: at })
            .onConflict((oc) => oc.columns(['team_id', 'user_id']).doUpdateSet({ role }))
            .execute();
        },
      );
      return { teamId, userId, role };
    },
  );

  app.delete(
    '/api/v1/teams/:teamId/members/:userId',
    {
      config: docs({
        summary: 'Remove a member',
        tags: ['teams'],
        access: 'admin',
        params: memberParams,
        responses: { 204: 'Removed', 403: 'FORBIDDEN', 404: 'No such membership' },
      }),
    },
    async (request, reply) => {
      const principal = requireUser(request.principal);
      ensure(isAdmin(principal), 'change team members');
      const { teamId, userId } = parseInput(memberParams, request.params, 'params');
      await change(
        principal,
        { action: 'membership.delete', targetType: 'team', targetId: teamId, data: { userId } },
        async (trx) => {
          const result = await trx
            .deleteFrom('memberships')
            .where('team_id', '=', teamId)
            .where('user_id', '=', userId)
            .executeTakeFirst();
          if (Number(result.numDeletedRows) === 0) throw notFound('membership');
        },
      );
      return reply.status(204).send();
    },
  );

  // ---- users ----

  app.get(
    '/api/v1/users',
    {
      config: docs({
        summary: 'List users',
        tags: ['users'],
        access: 'org-reader',
        responses: { 200: '`{ users }`', 403: 'FORBIDDEN' },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      ensure(isOrgReader(principal), 'list users');
      const at = now();
      const users = await db.selectFrom('users').selectAll().orderBy('username').execute();
      return { users: users.map((u) => describeUserRow(u, at)) };
    },
  );

  app.get(
    '/api/v1/users/:userId',
    {
      config: docs({
        summary: 'A user and their teams',
        description: 'Readable by admin, security and auditors, and by the user themself.',
        tags: ['users'],
        access: 'user',
        params: userParams,
        responses: {
          200: 'The user with `teams`',
          404: 'No such user, or not readable by the caller',
        },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      const { userId } = parseInput(userParams, request.params, 'params');
      if (!isOrgReader(principal) && principal.userId !== userId) throw notFound('user');
      const user = await db
        .selectFrom('users')
        .selectAll()
        .where('id', '=', userId)
        .executeTakeFirst();
      if (user === undefined) throw notFound('user');
      const teams = await db
        .selectFrom('memberships')
        .select(['team_id', 'role'])
        .where('user_id', '=', userId)
        .orderBy('team_id')
        .execute();
      return {
        ...describeUserRow(user, now()),
        teams: teams.map((m) => ({ teamId: m.team_id, role: m.role })),
      };
    },
  );

  app.post(
    '/api/v1/users',
    {
      config: docs({
        summary: 'Create a user',
        description:
          'Creates a user who must change the given (or generated) password at first sign-in. A generated password is in this answer only.',
        tags: ['users'],
        access: 'admin',
        body: userBody,
        responses: {
          201: 'The user, and `password` when generated',
          403: 'FORBIDDEN',
          409: 'USER_EXISTS',
        },
      }),
    },
    async (request, reply) => {
      const principal = requireUser(request.principal);
      ensure(isAdmin(principal), 'create users');
      const body = parseInput(userBody, request.body, 'body');
      const generated =
        body.password === undefined ? randomBytes(18).toString('base64url') : undefined;
      const passwordHash = await hashPassword(body.password ?? (generated as string));
      const user = {
        id: randomUUID(),
        username: body.username,
        display_name: body.displayName ?? body.username,
        password_hash: passwordHash,
        global_role: body.globalRole ?? null,
        disabled: 0,
        failed_logins: 0,
        locked_until: null,
        must_change_password: 1,
        created_at: now(),
      };
      await change(
        principal,
        {
          action: 'user.create',
          targetType: 'user',
          targetId: user.id,
          data: { username: user.username, globalRole: user.global_role },
        },
        (trx) => trx.insertInto('users').values(user).execute(),
      ).catch(conflictOnUnique('USER_EXISTS', `user "${body.username}" exists`));
      return reply.status(201).send({
        ...describeUserRow(user, user.created_at),
        ...(generated ? { password: generated } : {}),
      });
    },
  );

  app.patch(
    '/api/v1/users/:userId',
    {
      config: docs({
        summary: 'Change a user',
        description:
          "Changes the display name, organisation role or disabled flag, resets the password (to change at next sign-in) or lifts a lockout. Disabling or resetting ends the user's sessions.",
        tags: ['users'],
        access: 'admin',
        params: userParams,
        body: userPatch,
        responses: { 200: 'The user', 403: 'FORBIDDEN', 404: 'No such user', 409: 'LAST_ADMIN' },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      ensure(isAdmin(principal), 'change users');
      const { userId } = parseInput(userParams, request.params, 'params');
      const body = parseInput(userPatch, request.body, 'body');
      const passwordHash =
        body.password === undefined ? undefined : await hashPassword(body.password);
      const { password: _secret, ...shown } = body;
      const updated = await change(
        principal,
        {
          action: 'user.update',
          targetType: 'user',
          targetId: userId,
          data: { ...shown, ...(passwordHash ? { passwordReset: true } : {}) },
        },
        async (trx, at) => {
          const user = await trx
            .selectFrom('users')
            .selectAll()
            .where('id', '=', userId)
            .executeTakeFirst();
          if (user === undefined) throw notFound('user');
          const next = {
            ...user,
            display_name: body.displayName ?? user.display_name,
            global_role: body.globalRole === undefined ? user.global_role : body.globalRole,
            disabled: body.disabled === undefined ? user.disabled : body.disabled ? 1 : 0,
            ...(passwordHash ? { password_hash: passwordHash, must_change_password: 1 } : {}),
            ...(passwordHash || body.unlock ? { failed_logins: 0, locked_until: null } : {}),
          };
          const wasAdmin = user.global_role === 'admin' && user.disabled === 0;
          const isStillAdmin = next.global_role === 'admin' && next.disabled === 0;
          if (wasAdmin && !isStillAdmin && !(await anotherAdmin(trx, userId))) {
            throw new ApiError(
              409,
              'LAST_ADMIN',
              'the organisation needs at least one enabled admin',
            );
          }
          const { id: _id, ...values } = next;
          await trx.updateTable('users').set(values).where('id', '=', userId).execute();
          if (passwordHash || (next.disabled !== 0 && user.disabled === 0)) {
            await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
          }
          return { row: next, at };
        },
      );
      return describeUserRow(updated.row, updated.at);
    },
  );

  app.delete(
    '/api/v1/users/:userId',
    {
      config: docs({
        summary: 'Delete a user',
        tags: ['users'],
        access: 'admin',
        params: userParams,
        responses: { 204: 'Deleted', 403: 'FORBIDDEN', 404: 'No such user', 409: 'LAST_ADMIN' },
      }),
    },
    async (request, reply) => {
      const principal = requireUser(request.principal);
      ensure(isAdmin(principal), 'delete users');
      const { userId } = parseInput(userParams, request.params, 'params');
      await change(
        principal,
        { action: 'user.delete', targetType: 'user', targetId: userId },
        async (trx) => {
          const user = await trx
            .selectFrom('users')
            .select(['global_role', 'disabled', 'username'])
            .where('id', '=', userId)
            .executeTakeFirst();
          if (user === undefined) throw notFound('user');
          if (
            user.global_role === 'admin' &&
            user.disabled === 0 &&
            !(await anotherAdmin(trx, userId))
          ) {
            throw new ApiError(
              409,
              'LAST_ADMIN',
              'the organisation needs at least one enabled admin',
            );
          }
          await trx.deleteFrom('users').where('id', '=', userId).execute();
        },
      );
      return reply.status(204).send();
    },
  );

  // ---- projects ----

  app.get(
    '/api/v1/projects',
    {
      config: docs({
        summary: 'List projects',
        description:
          'The projects the caller may read, optionally of one team. `include=summary` adds to each `summary`: `open` (open findings by effective severity, and `total`), `riskAccepted` and `lastScan` (the scan that ran last, or null).',
        tags: ['projects'],
        access: 'user',
        query: projectListQuery,
        responses: { 200: '`{ projects }`' },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      const { teamId, include } = parseInput(projectListQuery, request.query, 'query');
      const visible = visibleTeams(principal);
      if (visible?.length === 0) return { projects: [] };
      let query = db.selectFrom('projects').selectAll().orderBy('name');
      if (visible !== undefined) query = query.where('team_id', 'in', visible);
      if (teamId !== undefined) query = query.where('team_id', '=', teamId);
      const projects = await query.execute();
      if (include !== 'summary') return { projects: projects.map(describeProject) };
      const summaries = await projectSummaries(
        lifecycleDb(db),
        projects.map((p) => p.id),
      );
      return {
        projects: projects.map((p) => ({ ...describeProject(p), summary: summaries.get(p.id) })),
      };
    },
  );

  app.get(
    '/api/v1/projects/:projectId',
    {
      config: docs({
        summary: 'A project',
        tags: ['projects'],
        access: 'team-reader',
        params: projectParams,
        responses: { 200: 'The project', 404: 'No such project, or not readable by the caller' },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      const { projectId } = parseInput(projectParams, request.params, 'params');
      return describeProject(await readableProject(principal, projectId));
    },
  );

  app.post(
    '/api/v1/projects',
    {
      config: docs({
        summary: 'Create a project',
        description: "Creates a project in a team. Admin, security and the team's champion.",
        tags: ['projects'],
        access: 'team-writer',
        body: projectBody,
        responses: {
          201: 'The project',
          403: 'FORBIDDEN',
          404: 'No such team, or not readable by the caller',
          409: 'PROJECT_EXISTS',
        },
      }),
    },
    async (request, reply) => {
      const principal = requireUser(request.principal);
      const body = parseInput(projectBody, request.body, 'body');
      const team = await readableTeam(principal, body.teamId);
      ensure(canManageTeam(principal, team.id), 'create projects in this team');
      const project = {
        id: randomUUID(),
        name: body.name,
        repository: body.repository ?? null,
        default_branch: body.defaultBranch ?? 'main',
        team_id: team.id,
        created_at: now(),
      };
      await change(
        principal,
        {
          action: 'project.create',
          targetType: 'project',
          targetId: project.id,
          data: { name: project.name, teamId: team.id },
        },
        (trx) => trx.insertInto('projects').values(project).execute(),
      ).catch(conflictOnUnique('PROJECT_EXISTS', `a project named "${body.name}" exists`));
      return reply.status(201).send(describeProject(project));
    },
  );

  app.patch(
    '/api/v1/projects/:projectId',
    {
      config: docs({
        summary: 'Change a project',
        description:
          "Renames a project, changes its repository or default branch, or moves it to another team (the caller must manage both). Admin, security and the team's champion.",
        tags: ['projects'],
        access: 'team-writer',
        params: projectParams,
        body: projectPatch,
        responses: {
          200: 'The project',
          403: 'FORBIDDEN',
          404: 'No such project or team, or not readable by the caller',
          409: 'PROJECT_EXISTS',
        },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      const { projectId } = parseInput(projectParams, request.params, 'params');
      const project = await readableProject(principal, projectId);
      ensure(canManageTeam(principal, project.team_id), 'change this project');
      const body = parseInput(projectPatch, request.body, 'body');
      if (body.teamId !== undefined && body.teamId !== project.team_id) {
        const target = await readableTeam(principal, body.teamId);
        ensure(canManageTeam(principal, target.id), 'move projects into this team');
      }
      const next = {
        ...project,
        name: body.name ?? project.name,
        team_id: body.teamId ?? project.team_id,
        repository: body.repository === undefined ? project.repository : body.repository,
        default_branch: body.defaultBranch ?? project.default_branch,
      };
      await change(
        principal,
        { action: 'project.update', targetType: 'project', targetId: project.id, data: body },
        async (trx) => {
          const { id: _id, created_at: _created, ...values } = next;
          await trx.updateTable('projects').set(values).where('id', '=', project.id).execute();
          // The metrics count a project's findings for its current team.
          if (next.team_id !== project.team_id) await syncProjectTeam(lifecycleDb(trx), project.id);
        },
      ).catch(conflictOnUnique('PROJECT_EXISTS', `a project named "${body.name}" exists`));
      return describeProject(next);
    },
  );

  app.delete(
    '/api/v1/projects/:projectId',
    {
      config: docs({
        summary: 'Delete a project',
        description: 'Deletes a project and its whole finding history.',
        tags: ['projects'],
        access: 'admin',
        params: projectParams,
        responses: { 204: 'Deleted', 403: 'FORBIDDEN', 404: 'No such project' },
      }),
    },
    async (request, reply) => {
      const principal = requireUser(request.principal);
      ensure(isAdmin(principal), 'delete projects (and their whole finding history)');
      const { projectId } = parseInput(projectParams, request.params, 'params');
      await change(
        principal,
        { action: 'project.delete', targetType: 'project', targetId: projectId },
        async (trx) => {
          const result = await trx
            .deleteFrom('projects')
            .where('id', '=', projectId)
            .executeTakeFirst();
          if (Number(result.numDeletedRows) === 0) throw notFound('project');
        },
      );
      return reply.status(204).send();
    },
  );

  // ---- SLA policies ----

  const slaVisible = (principal: UserPrincipal, teamId: string | null) =>
    teamId === null || canReadTeam(principal, teamId);

  app.get(
    '/api/v1/sla-policies',
    {
      config: docs({
        summary: 'List SLA policies',
        description:
          "The organisation's default policies and those of the teams the caller may read; with `teamId`, that team's and the defaults.",
        tags: ['sla-policies'],
        access: 'user',
        query: teamFilter,
        responses: { 200: '`{ policies }`' },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      const { teamId } = parseInput(teamFilter, request.query, 'query');
      let query = db.selectFrom('sla_policies').selectAll();
      if (teamId !== undefined) {
        query = query.where((eb) => eb.or([eb('team_id', '=', teamId), eb('team_id', 'is', null)]));
      }
      const order = (s: { team_id: string | null; severity: string }) =>
        `${s.team_id ?? ''}/${SEVERITY_ORDER.indexOf(s.severity)}`;
      const rows = (await query.execute())
        .filter((s) => slaVisible(principal, s.team_id))
        .sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
      return { policies: rows.map(describeSla) };
    },
  );

  app.get(
    '/api/v1/sla-policies/:policyId',
    {
      config: docs({
        summary: 'An SLA policy',
        tags: ['sla-policies'],
        access: 'user',
        params: policyParams,
        responses: {
          200: 'The policy',
          404: 'No such policy, or of a team the caller may not read',
        },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      const { policyId } = parseInput(policyParams, request.params, 'params');
      const policy = await db
        .selectFrom('sla_policies')
        .selectAll()
        .where('id', '=', policyId)
        .executeTakeFirst();
      if (policy === undefined || !slaVisible(principal, policy.team_id))
        throw notFound('SLA policy');
      return describeSla(policy);
    },
  );

  app.post(
    '/api/v1/sla-policies',
    {
      config: docs({
        summary: 'Create an SLA policy',
        description:
          'Days allowed to fix findings of a severity, for a team or (teamId null) the organisation.',
        tags: ['sla-policies'],
        access: 'security',
        body: slaBody,
        responses: {
          201: 'The policy',
          403: 'FORBIDDEN',
          404: 'No such team',
          409: 'SLA_POLICY_EXISTS',
        },
      }),
    },
    async (request, reply) => {
      const principal = requireUser(request.principal);
      ensure(isSecurity(principal), 'manage SLA policies');
      const body = parseInput(slaBody, request.body, 'body');
      if (body.teamId !== null) await readableTeam(principal, body.teamId);
      const policy = {
        id: randomUUID(),
        team_id: body.teamId,
        severity: body.severity,
        days: body.days,
        created_at: now(),
      };
      await change(
        principal,
        { action: 'sla_policy.create', targetType: 'sla_policy', targetId: policy.id, data: body },
        (trx) => trx.insertInto('sla_policies').values(policy).execute(),
      ).catch(
        conflictOnUnique(
          'SLA_POLICY_EXISTS',
          'a policy for this team and severity exists; change it instead',
        ),
      );
      return reply.status(201).send(describeSla(policy));
    },
  );

  app.patch(
    '/api/v1/sla-policies/:policyId',
    {
      config: docs({
        summary: 'Change an SLA policy',
        tags: ['sla-policies'],
        access: 'security',
        params: policyParams,
        body: slaPatch,
        responses: { 200: 'The policy', 403: 'FORBIDDEN', 404: 'No such policy' },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      ensure(isSecurity(principal), 'manage SLA policies');
      const { policyId } = parseInput(policyParams, request.params, 'params');
      const body = parseInput(slaPatch, request.body, 'body');
      const updated = await change(
        principal,
        { action: 'sla_policy.update', targetType: 'sla_policy', targetId: policyId, data: body },
        async (trx) => {
          const policy = await trx
            .selectFrom('sla_policies')
            .selectAll()
            .where('id', '=', policyId)
            .executeTakeFirst();
          if (policy === undefined) throw notFound('SLA policy');
          await trx
            .updateTable('sla_policies')
            .set({ days: body.days })
            .where('id', '=', policyId)
            .execute();
          return { ...policy, days: body.days };
        },
      );
      return describeSla(updated);
    },
  );

  app.delete(
    '/api/v1/sla-policies/:policyId',
    {
      config: docs({
        summary: 'Delete an SLA policy',
        tags: ['sla-policies'],
        access: 'security',
        params: policyParams,
        responses: { 204: 'Deleted', 403: 'FORBIDDEN', 404: 'No such policy' },
      }),
    },
    async (request, reply) => {
      const principal = requireUser(request.principal);
      ensure(isSecurity(principal), 'manage SLA policies');
      const { policyId } = parseInput(policyParams, request.params, 'params');
      await change(
        principal,
        { action: 'sla_policy.delete', targetType: 'sla_policy', targetId: policyId },
        async (trx) => {
          const result = await trx
            .deleteFrom('sla_policies')
            .where('id', '=', policyId)
            .executeTakeFirst();
          if (Number(result.numDeletedRows) === 0) throw notFound('SLA policy');
        },
      );
      return reply.status(204).send();
    },
  );
}
