import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ensure, isSecurity, requireUser } from '../auth/authorize.js';
import { parseInput } from '../auth/input.js';
import type { HubDatabase } from '../db/database.js';
import { lifecycleDb } from '../lifecycle/tables.js';
import { createTriageRule, revokeTriageRule } from '../lifecycle/triage-rules.js';
import { describeRule, instantSchema } from '../lifecycle/views.js';
import { docs } from '../openapi/route-docs.js';

/** What the triage-rule routes need. */
export interface TriageRuleRoutesOptions {
  readonly database: HubDatabase;
  /** The clock (epoch ms); tests inject one. */
  readonly now?: () => number;
}

const reason = z.string().trim().min(1).max(2000);
const priority = z.number().int().min(-1000).max(1000).default(0);
const ruleBody = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('accept_advisory'),
    advisory: z.string().trim().min(1).max(200),
    reason,
    priority,
    expiresAt: instantSchema,
  }),
  z.strictObject({
    kind: z.literal('false_positive_path'),
    ruleId: z.string().trim().min(1).max(300),
    path: z.string().trim().min(1).max(500).optional(),
    reason,
    priority,
    expiresAt: instantSchema.optional(),
  }),
]);
const params = z.strictObject({ id: z.string().min(1).max(100) });
const listQuery = z.strictObject({ active: z.enum(['true', 'false']).optional() });

/**
 * Registers organisation-wide triage rules:
 * - `GET /api/v1/triage-rules[?active=true]`: every signed-in user reads them (they apply to
 *   every project).
 * - `POST /api/v1/triage-rules` (security, admin): `{ kind: 'accept_advisory', advisory,
 *   reason, expiresAt, priority? }` accepts an advisory (any of its ids) in every project
 *   until `expiresAt`; `{ kind: 'false_positive_path', ruleId, path?, reason, expiresAt?,
 *   priority? }` marks a rule's findings under a path (prefix or glob) false positives.
 *   Applied at once to the existing findings it matches (answered as `applied`) and at
 *   ingest to new ones; a person's own decision on a finding wins over rules; among rules
 *   the highest priority, then the newest, wins. 201 with the rule.
 * - `DELETE /api/v1/triage-rules/:id` (security, admin): revokes it; its findings revert
 *   (or pass to the next matching rule), each with an event.
 * Expiry reverts the same way, by the jobs' `expireAcceptedRisks`.
 */
export function registerTriageRuleRoutes(
  app: FastifyInstance,
  options: TriageRuleRoutesOptions,
): void {
  const now = options.now ?? Date.now;
  const db = lifecycleDb(options.database.db);

  app.get(
    '/api/v1/triage-rules',
    {
      config: docs({
        summary: 'List triage rules',
        description:
          'Every organisation triage rule, newest first; `active=true` for those in force.',
        tags: ['triage-rules'],
        access: 'user',
        query: listQuery,
        responses: { 200: '`{ rules }`' },
      }),
    },
    async (request) => {
      requireUser(request.principal);
      const query = parseInput(listQuery, request.query, 'query');
      const at = now();
      const rules = await db
        .selectFrom('triage_rules')
        .selectAll()
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .execute();
      const described = rules.map((rule) => describeRule(rule, at));
      return {
        rules: query.active === 'true' ? described.filter((r) => r.active) : described,
      };
    },
  );

  app.post(
    '/api/v1/triage-rules',
    {
      config: docs({
        summary: 'Create a triage rule',
        description:
          "`accept_advisory` accepts an advisory (any of its ids) in every project until `expiresAt`; `false_positive_path` marks a rule's findings under a path (prefix or glob) false positives. Applied at once to the existing findings it matches (`applied`) and at ingest to new ones; a person's own decision wins over rules; among rules the highest priority, then the newest, wins.",
        tags: ['triage-rules'],
        access: 'security',
        body: ruleBody,
        responses: { 201: 'The rule and `applied`', 403: 'FORBIDDEN' },
      }),
    },
    async (request, reply) => {
      const principal = requireUser(request.principal);
      ensure(isSecurity(principal), 'create organisation triage rules (security or admin only)');
      const body = parseInput(ruleBody, request.body, 'body');
      const at = now();
      const { rule, applied } = await createTriageRule(
        options.database,
        body,
        principal.userId,
        at,
      );
      return reply.status(201).send({ ...describeRule(rule, at), applied });
    },
  );

  app.delete(
    '/api/v1/triage-rules/:id',
    {
      config: docs({
        summary: 'Revoke a triage rule',
        description:
          'Revokes the rule: its findings revert (or pass to the next matching rule), each with an event.',
        tags: ['triage-rules'],
        access: 'security',
        params,
        responses: { 200: 'The rule and `reverted`', 403: 'FORBIDDEN', 404: 'No such rule' },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      ensure(isSecurity(principal), 'revoke organisation triage rules (security or admin only)');
      const { id } = parseInput(params, request.params, 'params');
      const at = now();
      const { rule, reverted } = await revokeTriageRule(options.database, id, principal.userId, at);
      return { ...describeRule(rule, at), reverted };
    },
  );
}
