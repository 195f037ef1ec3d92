import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ApiError } from '../api-error.js';
import { canReadTeam, ensure, isOrgReader, isSecurity, requireUser } from '../auth/authorize.js';
import { ensureTeamExists, notFound, parseInput } from '../auth/input.js';
import type { UserPrincipal } from '../auth/principal.js';
import type { HubDatabase } from '../db/database.js';
import {
  createRuleFeedback,
  FEEDBACK_TRANSITIONS,
  findRuleFeedback,
  listRuleFeedback,
  RULE_FEEDBACK_KINDS,
  RULE_FEEDBACK_STATUSES,
  ruleFeedbackView,
  updateRuleFeedback,
} from '../feedback/feedback-store.js';
import { LOW_SAMPLE_FINDINGS, RULE_STATS_WINDOW_MS, ruleStats } from '../feedback/rule-stats.js';
import { docs } from '../openapi/route-docs.js';
import { commaList } from './list-query.js';

/** What the rule feedback routes need. */
export interface RuleFeedbackRoutesOptions {
  readonly database: HubDatabase;
  /** The clock (epoch ms); tests inject one. */
  readonly now?: () => number;
}

const id = z.string().min(1).max(100);
const scanner = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]{0,31}$/,
    'a lower-case scanner kind such as sast, secrets, sca, iac, dast',
  )
  .describe('the scanner kind: sast, secrets, sca, iac, dast, …');
const ruleId = z.string().min(1).max(200).describe('the rule id as findings carry it');
const number = (max: number) =>
  z
    .string()
    .regex(/^\d{1,7}$/, `a number from 0 to ${max}`)
    .transform(Number)
    .pipe(z.number().int().min(0).max(max));
const END_OF_DAY_MS = 24 * 60 * 60 * 1000 - 1;
/** An ISO 8601 date-time, or a date: its first (`from`) or last (`to`) millisecond, UTC. */
const instant = (end: boolean) =>
  z.union([
    z.iso.datetime({ offset: true }).transform((s) => Date.parse(s)),
    z.iso.date().transform((s) => Date.parse(`${s}T00:00:00Z`) + (end ? END_OF_DAY_MS : 0)),
  ]);

const feedbackParams = z.strictObject({ feedbackId: id });
// Path parameters are ids of 1 to 100 characters, as everywhere in the API; the scanner's
// form is checked after (a rule id over 100 characters is not reachable by path: filter
// `GET /api/v1/rule-feedback` by `ruleId` instead).
const ruleParams = z.strictObject({ scanner: id, ruleId: id });
const ruleOfParams = z.strictObject({ scanner, ruleId });
const createBody = z.strictObject({
  scanner,
  ruleId,
  teamId: id,
  kind: z.enum(RULE_FEEDBACK_KINDS),
  body: z.string().trim().min(1).max(5000).describe('markdown, at most 5000 characters'),
  findingId: id.optional().describe("a finding of the team's, of this rule"),
});
const patchBody = z
  .strictObject({
    body: z.string().trim().min(1).max(5000).optional(),
    status: z.enum(RULE_FEEDBACK_STATUSES).optional(),
    response: z.string().trim().min(1).max(5000).nullable().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'give at least one field to change');
const listQuery = z.strictObject({
  status: commaList(RULE_FEEDBACK_STATUSES).optional(),
  scanner: scanner.optional(),
  ruleId: ruleId.optional(),
  teamId: id.optional(),
  mine: z.enum(['true', 'false']).optional().describe('true: only the feedback the caller filed'),
  limit: number(200).pipe(z.number().min(1)).optional(),
  offset: number(1_000_000).optional(),
});
const windowQuery = {
  from: instant(false)
    .optional()
    .describe('window start, inclusive (a date: its start, UTC); default: `to` minus 90 days'),
  to: instant(true)
    .optional()
    .describe('window end, inclusive (a date: its end, UTC); default: now'),
};
const statsQuery = z.strictObject({
  ...windowQuery,
  teamId: id.optional(),
  scanner: scanner.optional(),
  minFindings: number(1_000_000).optional().describe('leave out rules with fewer findings'),
  limit: number(500).pipe(z.number().min(1)).optional(),
});
const ruleQuery = z.strictObject(windowQuery);

const FP_TEXT = `Per rule over a window (\`from\` and \`to\` both inclusive; default the 90 days up to now): \`detected\` findings first seen in the window; \`triaged\`: those whose CURRENT status is a triage verdict (false positive or accepted risk; a false positive later reopened no longer counts, and verdicts of triage rules count like a person's); \`falsePositives\`, \`acceptedRisks\`; \`fpRate\` = falsePositives ÷ detected; \`fpShareOfTriaged\` = falsePositives ÷ triaged (null when zero); \`sampleSize\` = detected, \`lowSample\` under ${LOW_SAMPLE_FINDINGS}; \`openFeedback\`: open or acknowledged feedback whenever filed; \`feedback\` and \`topTeams\`: feedback filed in the window.`;

/** Whether the principal may file feedback for the team: its champion, security and admin. */
function canFile(principal: UserPrincipal, teamId: string): boolean {
  return isSecurity(principal) || principal.teams.get(teamId) === 'champion';
}

/**
 * Registers the rule feedback routes: a team's champions (and security) file field
 * feedback on a scanner rule; security acknowledges and answers it; the per-rule
 * statistics show each rule's false-positive rate from the triage decisions on its
 * findings beside the feedback, so noisy rules get fixed. Feedback is read by its team's
 * readers, security, admin and auditors (others: 404). Audit-logged.
 */
export function registerRuleFeedbackRoutes(
  app: FastifyInstance,
  options: RuleFeedbackRoutesOptions,
): void {
  const now = options.now ?? Date.now;
  const { database } = options;

  const readable = async (principal: UserPrincipal, feedbackId: string) => {
    const row = await findRuleFeedback(database, feedbackId);
    if (row === undefined || !canReadTeam(principal, row.team_id)) throw notFound('feedback');
    return row;
  };
  const window = (q: { from?: number | undefined; to?: number | undefined }) => {
    const to = q.to ?? now();
    const from = q.from ?? to - RULE_STATS_WINDOW_MS;
    if (from > to) throw new ApiError(400, 'VALIDATION', 'query.from: must not be after `to`');
    return { from, to };
  };

  app.post(
    '/api/v1/rule-feedback',
    {
      config: docs({
        summary: 'File feedback on a rule',
        description:
          "Files field feedback on a scanner rule for a team (`noisy`, `false_positive`, `missed_vulnerability`, `unclear_message`, `other`) with a markdown body and, optionally, a finding of the team's of that rule. The team's champion, security and admin may file; developers ask their champion. Starts `open`. Audit-logged.",
        tags: ['rules'],
        access: 'team-writer',
        body: createBody,
        responses: {
          201: 'The feedback, as `GET /api/v1/rule-feedback/:feedbackId` gives it.',
          400: 'VALIDATION: a bad field (the message names it), or a finding of another team or rule.',
          403: 'FORBIDDEN: a reader of the team who is not its champion, security or admin.',
          404: 'No such team, or one the caller may not read.',
        },
      }),
    },
    async (request, reply) => {
      const principal = requireUser(request.principal);
      const body = parseInput(createBody, request.body, 'body');
      if (!canReadTeam(principal, body.teamId)) throw notFound('team');
      ensure(canFile(principal, body.teamId), 'file rule feedback for this team');
      await ensureTeamExists(database.db, body.teamId);
      const feedbackId = await createRuleFeedback(database, {
        ...body,
        actorId: principal.userId,
        now: now(),
      });
      return reply.status(201).send(await ruleFeedbackView(database, feedbackId));
    },
  );

  app.get(
    '/api/v1/rule-feedback',
    {
      config: docs({
        summary: 'Rule feedback',
        description:
          "Feedback the caller may read (security, admin and auditors: every team's; others: their teams'), newest first. Filters: `status` (comma-separated), `scanner`, `ruleId`, `teamId`, `mine=true`. Paginated with `limit` (default 50, at most 200) and `offset`.",
        tags: ['rules'],
        access: 'user',
        query: listQuery,
        responses: {
          200: '`{ feedback: [{ id, scanner, ruleId, teamId, teamName, author, kind, body, bodyHtml, findingId, status, response, responseHtml, respondedBy, respondedAt, createdAt, updatedAt }], total, limit, offset }`',
          400: 'VALIDATION: a bad filter.',
          403: 'A CI token.',
          404: '`teamId` names a team the caller may not read.',
        },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      const q = parseInput(listQuery, request.query, 'query');
      if (q.teamId !== undefined && !canReadTeam(principal, q.teamId)) throw notFound('team');
      const limit = q.limit ?? 50;
      const offset = q.offset ?? 0;
      const page = await listRuleFeedback(database, {
        readableTeams: isOrgReader(principal) ? undefined : [...principal.teams.keys()],
        status: q.status,
        scanner: q.scanner,
        ruleId: q.ruleId,
        teamId: q.teamId,
        authorId: q.mine === 'true' ? principal.userId : undefined,
        limit,
        offset,
      });
      return { ...page, limit, offset };
    },
  );

  app.get(
    '/api/v1/rule-feedback/:feedbackId',
    {
      config: docs({
        summary: 'A piece of rule feedback',
        description:
          "The feedback with its markdown (raw and rendered, raw HTML escaped) and security's response. Readable by its team's readers, security, admin and auditors.",
        tags: ['rules'],
        access: 'team-reader',
        params: feedbackParams,
        responses: {
          200: 'The feedback.',
          403: 'A CI token.',
          404: 'No such feedback, or feedback the caller may not read.',
        },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      const { feedbackId } = parseInput(feedbackParams, request.params, 'params');
      await readable(principal, feedbackId);
      return ruleFeedbackView(database, feedbackId);
    },
  );

  app.patch(
    '/api/v1/rule-feedback/:feedbackId',
    {
      config: docs({
        summary: 'Respond to or edit rule feedback',
        description: `Security and admin set \`status\` and \`response\` (markdown, the answer to the champion; required to close as fixed or wont_fix). Allowed moves: ${Object.entries(
          FEEDBACK_TRANSITIONS,
        )
          .map(([from, to]) => `${from} → ${to.join(' | ')}`)
          .join(
            '; ',
          )}. The author may edit \`body\` while the feedback is open (409 FEEDBACK_NOT_OPEN after). Audit-logged.`,
        tags: ['rules'],
        access: 'security',
        params: feedbackParams,
        body: patchBody,
        responses: {
          200: 'The feedback, as `GET /api/v1/rule-feedback/:feedbackId` gives it.',
          400: 'VALIDATION: a bad field, or a closing status without a response.',
          403: 'FORBIDDEN: a reader who may not make this change.',
          404: 'No such feedback, or feedback the caller may not read.',
          409: 'INVALID_TRANSITION (the message names from and to), or FEEDBACK_NOT_OPEN.',
        },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      const { feedbackId } = parseInput(feedbackParams, request.params, 'params');
      const row = await readable(principal, feedbackId);
      const body = parseInput(patchBody, request.body, 'body');
      const onlyBody = Object.keys(body).length === 1 && body.body !== undefined;
      const isAuthor = row.author_id === principal.userId;
      if (onlyBody) ensure(isAuthor, 'edit feedback someone else filed');
      else
        ensure(
          isSecurity(principal) && (body.body === undefined || isAuthor),
          'respond to rule feedback',
        );
      await updateRuleFeedback(database, feedbackId, body, principal.userId, now());
      return ruleFeedbackView(database, feedbackId);
    },
  );

  app.get(
    '/api/v1/rules/stats',
    {
      config: docs({
        summary: 'False-positive rates and feedback per rule',
        description: `${FP_TEXT} Sorted by \`fpRate\` (highest first; rules without findings last), then \`detected\`. Security, admin and auditors read the organisation's; with \`teamId\`, only that team's findings and feedback, which the team's readers (its champion and developers) may also read. Filters: \`scanner\`, \`minFindings\`; \`limit\` (default 100, at most 500).`,
        tags: ['rules'],
        access: 'org-reader',
        query: statsQuery,
        responses: {
          200: '`{ from, to, rules: [{ scanner, ruleId, detected, triaged, falsePositives, acceptedRisks, fpRate, fpShareOfTriaged, sampleSize, lowSample, openFeedback, feedback, topTeams: [{ teamId, teamName, count }] }], total }`',
          400: 'VALIDATION: a bad filter or window.',
          403: 'FORBIDDEN: not an organisation reader (without `teamId`), or a CI token.',
          404: '`teamId` names a team the caller may not read.',
        },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      const q = parseInput(statsQuery, request.query, 'query');
      if (q.teamId !== undefined && !canReadTeam(principal, q.teamId)) throw notFound('team');
      ensure(
        q.teamId !== undefined || isOrgReader(principal),
        "read the organisation's rule statistics",
      );
      const { from, to } = window(q);
      const rules = await ruleStats(database, {
        from,
        to,
        teamIds: q.teamId === undefined ? undefined : [q.teamId],
        scanner: q.scanner,
        minFindings: q.minFindings,
      });
      return {
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        rules: rules.slice(0, q.limit ?? 100),
        total: rules.length,
      };
    },
  );

  app.get(
    '/api/v1/rules/:scanner/:ruleId/feedback',
    {
      config: docs({
        summary: "A rule's feedback and statistics",
        description: `The feedback on one rule the caller may read (newest first) and the rule's statistics over the window: the organisation's for security, admin and auditors; the caller's teams' for others. ${FP_TEXT} URL-encode a rule id that holds slashes; rule ids over 100 characters are not reachable by path (filter \`GET /api/v1/rule-feedback\` by \`ruleId\`).`,
        tags: ['rules'],
        access: 'user',
        params: ruleParams,
        query: ruleQuery,
        responses: {
          200: '`{ scanner, ruleId, from, to, stats, feedback: [...] }`; `stats` is null when the rule has no finding or feedback the caller may see.',
          400: 'VALIDATION: a bad scanner, rule id or window.',
          403: 'A CI token.',
        },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      const params = parseInput(
        ruleOfParams,
        parseInput(ruleParams, request.params, 'params'),
        'params',
      );
      const q = parseInput(ruleQuery, request.query, 'query');
      const { from, to } = window(q);
      const teamIds = isOrgReader(principal) ? undefined : [...principal.teams.keys()];
      const [stats, page] = await Promise.all([
        ruleStats(database, { from, to, teamIds, rule: params }),
        listRuleFeedback(database, {
          readableTeams: teamIds,
          scanner: params.scanner,
          ruleId: params.ruleId,
          limit: 500,
          offset: 0,
        }),
      ]);
      return {
        ...params,
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        stats: stats[0] ?? null,
        feedback: page.feedback,
        total: page.total,
      };
    },
  );
}
