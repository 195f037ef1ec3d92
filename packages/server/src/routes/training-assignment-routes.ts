import type { Catalog } from '@rampart/training';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ApiError } from '../api-error.js';
import { canReadTeam, ensure, isSecurity, requireUser } from '../auth/authorize.js';
import { notFound, parseInput } from '../auth/input.js';
import type { HubDatabase } from '../db/database.js';
import { docs } from '../openapi/route-docs.js';
import { assignmentsOf, teamAssignments } from '../training/assignments.js';
import {
  EFFECT_WINDOW_MS,
  LOW_SAMPLE_DAYS,
  LOW_SAMPLE_FINDINGS,
  teamEffectiveness,
} from '../training/effectiveness.js';
import {
  createRule,
  deleteRule,
  listRules,
  RULE_SEVERITIES,
  updateRule,
} from '../training/rule-store.js';

/** What the training assignment routes need (registered by registerTrainingRoutes). */
export interface TrainingAssignmentRoutesOptions {
  readonly database: HubDatabase;
  readonly catalog: () => Promise<Catalog>;
  readonly now: () => number;
}

const id = z.string().min(1).max(100);
const ruleParams = z.strictObject({ ruleId: id });
const teamParams = z.strictObject({ teamId: id });
const ruleFields = {
  name: z.string().trim().min(1).max(200),
  cwe: z
    .string()
    .regex(/^cwe-[1-9][0-9]{0,4}$/i, 'a CWE id such as "CWE-89"')
    .transform((v) => v.toUpperCase()),
  minSeverity: z.enum(RULE_SEVERITIES),
  moduleId: id,
  teamId: id.nullable(),
  dueDays: z.number().int().min(1).max(365),
  active: z.boolean(),
};
const createBody = z.strictObject({
  ...ruleFields,
  teamId: ruleFields.teamId.default(null),
  active: ruleFields.active.default(true),
});
const patchBody = z
  .strictObject({
    name: ruleFields.name.optional(),
    cwe: ruleFields.cwe.optional(),
    minSeverity: ruleFields.minSeverity.optional(),
    moduleId: ruleFields.moduleId.optional(),
    teamId: ruleFields.teamId.optional(),
    dueDays: ruleFields.dueDays.optional(),
    active: ruleFields.active.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'change at least one field');

const RULE_SHAPE =
  '`{ id, name, cwe, minSeverity, moduleId, teamId, dueDays, active, createdBy, createdAt, updatedAt, checkedUntil }`';
const RULE_DOC =
  "A rule assigns its module to every enabled member of a team when an open finding of that team, first seen since the rule was created, has the rule's CWE and an effective severity at or above `minSeverity` (in `teamId`, or any team when null). The `training-assignments` job applies active rules every 15 minutes; members who passed the module or have it open are skipped. Attribution is by team: the hub does not know who wrote the code.";

/**
 * Registers the training rules, assignments and effectiveness routes:
 * - `GET|POST /api/v1/training/rules`, `PATCH|DELETE /api/v1/training/rules/:ruleId`:
 *   everyone signed in reads; security and admin write (audit-logged).
 * - `GET /api/v1/me/training/assignments`: the caller's assignments.
 * - `GET /api/v1/teams/:teamId/training/assignments`: per member counts (team readers).
 * - `GET /api/v1/teams/:teamId/training/effectiveness`: before/after rates (team readers).
 */
export function registerTrainingAssignmentRoutes(
  app: FastifyInstance,
  options: TrainingAssignmentRoutesOptions,
): void {
  const { database, catalog, now } = options;
  const knownModule = async (moduleId: string | undefined) => {
    if (moduleId !== undefined && (await catalog()).byId(moduleId) === undefined)
      throw new ApiError(
        400,
        'VALIDATION',
        `body.moduleId: no module "${moduleId}" in the catalog`,
      );
  };

  app.get(
    '/api/v1/training/rules',
    {
      config: docs({
        summary: 'Training assignment rules',
        description: `Every training rule, active first, then by name. ${RULE_DOC} Every signed-in user.`,
        tags: ['training'],
        access: 'user',
        responses: {
          200: `\`{ rules: [${RULE_SHAPE}] }\``,
          403: 'A CI token.',
        },
      }),
    },
    async (request) => {
      requireUser(request.principal);
      return { rules: await listRules(database) };
    },
  );

  app.post(
    '/api/v1/training/rules',
    {
      config: docs({
        summary: 'Create a training rule',
        description: `${RULE_DOC} \`moduleId\` must be in the catalog; \`teamId\` null (the default) means every team; \`dueDays\` 1 to 365; \`active\` defaults to true. Security and admin only. Audit-logged (\`training_rule.create\`).`,
        tags: ['training'],
        access: 'security',
        body: createBody,
        responses: {
          201: RULE_SHAPE,
          400: 'VALIDATION: a bad field, a module not in the catalog or no such team.',
          403: 'FORBIDDEN: not security or admin.',
        },
      }),
    },
    async (request, reply) => {
      const principal = requireUser(request.principal);
      ensure(isSecurity(principal), 'create a training rule');
      const body = parseInput(createBody, request.body, 'body');
      await knownModule(body.moduleId);
      const rule = await createRule(database, body, principal.userId, now());
      return reply.status(201).send(rule);
    },
  );

  app.patch(
    '/api/v1/training/rules/:ruleId',
    {
      config: docs({
        summary: 'Change a training rule',
        description:
          'Changes any of `name, cwe, minSeverity, moduleId, teamId, dueDays, active` (`active: false` deactivates the rule: it assigns nothing more, its assignments stay). Security and admin only. Audit-logged (`training_rule.update`).',
        tags: ['training'],
        access: 'security',
        params: ruleParams,
        body: patchBody,
        responses: {
          200: RULE_SHAPE,
          400: 'VALIDATION: a bad field, a module not in the catalog or no such team.',
          403: 'FORBIDDEN: not security or admin.',
          404: 'No such rule.',
        },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      ensure(isSecurity(principal), 'change a training rule');
      const { ruleId } = parseInput(ruleParams, request.params, 'params');
      const body = parseInput(patchBody, request.body, 'body');
      await knownModule(body.moduleId);
      return updateRule(database, ruleId, body, principal.userId, now());
    },
  );

  app.delete(
    '/api/v1/training/rules/:ruleId',
    {
      config: docs({
        summary: 'Delete a training rule',
        description:
          'Deletes the rule; the assignments it made stay (people keep their record), with `ruleId: null`. Security and admin only. Audit-logged (`training_rule.delete`).',
        tags: ['training'],
        access: 'security',
        params: ruleParams,
        responses: {
          204: 'Done.',
          403: 'FORBIDDEN: not security or admin.',
          404: 'No such rule.',
        },
      }),
    },
    async (request, reply) => {
      const principal = requireUser(request.principal);
      ensure(isSecurity(principal), 'delete a training rule');
      const { ruleId } = parseInput(ruleParams, request.params, 'params');
      await deleteRule(database, ruleId, principal.userId, now());
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/v1/me/training/assignments',
    {
      config: docs({
        summary: 'My training assignments',
        description:
          "The modules assigned to the caller: open ones first (the earliest due first; `overdue` when past `dueAt`), then completed ones (the newest first). An assignment is completed when the caller passes the module's quiz. Every signed-in user.",
        tags: ['training'],
        access: 'user',
        responses: {
          200: '`{ assignments: [{ id, moduleId, title, ruleId, ruleName, teamId, teamName, findingId, assignedAt, dueAt, completedAt, overdue }] }`',
          403: 'A CI token.',
        },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      return {
        assignments: await assignmentsOf(database, await catalog(), principal.userId, now()),
      };
    },
  );

  app.get(
    '/api/v1/teams/:teamId/training/assignments',
    {
      config: docs({
        summary: "A team's training assignments",
        description:
          "Per enabled member of the team, the assignments made through this team: open, overdue (open and past due) and completed counts, and the team's totals. The team's readers (its members, admin, security, auditor).",
        tags: ['training'],
        access: 'team-reader',
        params: teamParams,
        responses: {
          200: '`{ teamId, teamName, totals: { open, overdue, completed }, members: [{ userId, username, displayName, open, overdue, completed }] }`',
          403: 'A CI token.',
          404: 'No such team, or the caller may not read it.',
        },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      const { teamId } = parseInput(teamParams, request.params, 'params');
      if (!canReadTeam(principal, teamId)) throw notFound('team');
      const found = await teamAssignments(database, teamId, now());
      if (found === undefined) throw notFound('team');
      return found;
    },
  );

  app.get(
    '/api/v1/teams/:teamId/training/effectiveness',
    {
      config: docs({
        summary: "Did a team's training change its findings?",
        description: `For each module at least one of the team's enabled members passed: the share who passed, and the date the team completed it (when at least half of its enabled members had passed; null: not yet). For a completed module, per CWE it teaches: the team's new findings (first seen; false positives left out) in the window before and after that date, both as long as the time since (at most ${EFFECT_WINDOW_MS / 86_400_000} days; the before side observed from the team's first scan at the earliest), with counts, days observed and the rate per 30 days. \`lowSample\` when either side has fewer than ${LOW_SAMPLE_FINDINGS} findings or fewer than ${LOW_SAMPLE_DAYS} days. A before/after comparison, not proof that the training caused a change. The team's readers.`,
        tags: ['training'],
        access: 'team-reader',
        params: teamParams,
        responses: {
          200: '`{ teamId, teamName, members, generatedAt, modules: [{ module: { id, title, cwe }, members, passed, share, teamCompletedAt, cwes: [{ cwe, before: { from, to, findings, days, per30Days }, after, lowSample }] }] }`',
          403: 'A CI token.',
          404: 'No such team, or the caller may not read it.',
        },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      const { teamId } = parseInput(teamParams, request.params, 'params');
      if (!canReadTeam(principal, teamId)) throw notFound('team');
      const found = await teamEffectiveness(database, await catalog(), teamId, now());
      if (found === undefined) throw notFound('team');
      return found;
    },
  );
}
